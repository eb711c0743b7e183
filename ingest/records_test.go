package ingest

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const recordsCSV = `dossier_id,province,agency,level,procedure_code,field,channel,received_date,due_date,resolved_date,status
HS001,Quảng Ninh,Sở Tư pháp,Cấp tỉnh,1.001230,Tư pháp,Trực tiếp,2023-03-01,2023-03-10,2023-03-08,Trước hạn
HS002,Quảng Ninh,Sở Tư pháp,Cấp tỉnh,1.001230,Tư pháp,Trực tuyến một phần,2023-03-01,2023-03-10,2023-03-10,Đúng hạn
HS003,Quảng Ninh,UBND xã Hạ Long,cap_xa,2.000001,Hộ tịch,truc_tuyen_toan_trinh,02/03/2023,15/03/2023,20/03/2023,Trễ hạn
HS004,22,Sở Xây dựng,province,1.009999,Xây dựng,postal,2023-03-05,2023-03-20,,Đang xử lý
HS005,Quảng Ninh,Sở Xây dựng,province,1.009999,Xây dựng,Bưu chính công ích,2023-03-05,2023-03-20,2023-03-25,Đúng hạn
`

func TestIngestDossierRecordsThroughDuckDBReader(t *testing.T) {
	db := newWarehouse(t)
	res, err := ingestFile(t, db, writeFile(t, "hs.csv", recordsCSV), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindDossierRecords || res.Rows != 5 || res.Rejected != 0 {
		t.Fatalf("result %+v", res)
	}
	if got := strings.Join(res.Slices, ","); got != "dossier-records 22 2023" {
		t.Errorf("slices = %s", got)
	}
	// procedure codes stay text; line numbers are the file's
	got := queryString(t, db, `select string_agg(concat_ws('|', dossier_id, procedure_code, _source_row), ';' order by _source_row) from raw.dossier_records`)
	if got != "HS001|1.001230|2;HS002|1.001230|3;HS003|2.000001|4;HS004|1.009999|5;HS005|1.009999|6" {
		t.Errorf("rows = %s", got)
	}
	got = queryString(t, db, `select string_agg(concat_ws('=', input, value), ';' order by input) from raw.dossier_values where column_name = 'channel'`)
	if got != "Bưu chính công ích=postal;Trực tiếp=direct;Trực tuyến một phần=online_partial;postal=postal;truc_tuyen_toan_trinh=online_full" {
		t.Errorf("channels = %s", got)
	}
	// HS005 says on time but was resolved after its due date: the dates win, and it is counted
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "1 dossiers whose status disagrees") {
		t.Errorf("notes = %q", res.Notes)
	}
	// the same file again changes nothing (it is hashed while it loads, and rolled back)
	again, err := ingestFile(t, db, writeFile(t, "hs.csv", recordsCSV), Options{})
	if err != nil || !again.Skipped {
		t.Fatalf("reload: %+v, %v", again, err)
	}
	if got := queryString(t, db, `select count(*) || '|' || (select string_agg(status, ',') from raw._loads) from raw.dossier_records`); got != "5|loaded" {
		t.Errorf("after reloading the same file: %s", got)
	}
}

func TestIngestDossierRecordsVietnameseHeadersXLSX(t *testing.T) {
	f := excelize.NewFile()
	sh := "Hồ sơ"
	f.SetSheetName("Sheet1", sh)
	f.SetCellValue(sh, "A1", "DANH SÁCH HỒ SƠ (minh họa)")
	head := []string{"Mã hồ sơ", "Tỉnh", "Cơ quan", "Cấp", "Mã thủ tục", "Lĩnh vực", "Kênh tiếp nhận", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả kết quả", "Trạng thái"}
	f.SetSheetRow(sh, "A3", &head)
	f.SetSheetRow(sh, "A4", &[]any{"X1", "Hà Nội", "Sở TNMT", "Cấp tỉnh", "1.1", "Đất đai", "Trực tiếp", "2024-01-02", "2024-01-12", "2024-01-11", "Trước hạn"})
	f.SetSheetRow(sh, "A5", &[]any{"X2", "Hà Nội", "Sở TNMT", "Cấp tỉnh", "1.1", "Đất đai", "Fax", "2024-01-02", "2024-01-12", "", "Đang xử lý"})
	p := filepath.Join(t.TempDir(), "hs.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	db := newWarehouse(t)
	_, err := ingestFile(t, db, p, Options{})
	var re *RejectError
	if !errors.As(err, &re) || len(re.Rejects) != 1 {
		t.Fatalf("err = %v, want one reject", err)
	}
	if r := re.Rejects[0]; r.Sheet != sh || r.Row != 5 || r.Column != "channel" || r.Value != "Fax" {
		t.Errorf("reject = %+v, want sheet %q row 5 channel Fax", r, sh)
	}
	res, err := ingestFile(t, db, p, Options{AllowRejects: true})
	if err != nil || res.Rows != 1 {
		t.Fatalf("allow-rejects: %+v, %v", res, err)
	}
}

func TestIngestDossierRecordsRejectsByLineAndLoadsNothing(t *testing.T) {
	db := newWarehouse(t)
	in := recordsCSV +
		"HS006,Quảng Ninh,\"Sở Tư pháp\nphòng 2\",province,1,Tư pháp,direct,2023-04-01,2023-04-05,2023-04-02,early\n" + // spans lines 7-8
		"HS007,Quảng Nin,Sở Tư pháp,province,1,Tư pháp,direct,2023-04-01,2023-04-05,,pending\n" + // line 9
		"HS008,Quảng Ninh,Sở Tư pháp,province,1,Tư pháp,direct,2023-04-31,2023-05-05,,pending\n" + // line 10
		"HS009,Quảng Ninh,Sở Tư pháp,province,1,Tư pháp,direct,2023-04-10,2023-04-05,,pending\n" + // line 11
		"HS001,Quảng Ninh,Sở Tư pháp,province,1,Tư pháp,direct,2023-04-10,2023-04-15,,pending\n" + // line 12
		"HS010,,Sở Tư pháp,province,1,Tư pháp,direct,2023-04-10,2023-04-15,,pending\n" // line 13
	path := writeFile(t, "hs.csv", in)
	_, err := ingestFile(t, db, path, Options{})
	var re *RejectError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, r := range re.Rejects {
		got = append(got, r.Column+"@"+strconv.Itoa(r.Row)+"="+r.Value)
	}
	want := "dossier_id@2=HS001,province@9=Quảng Nin,received_date@10=2023-04-31,due_date@11=2023-04-05,dossier_id@12=HS001,province@13="
	if strings.Join(got, ",") != want {
		t.Errorf("rejects = %s\nwant      %s", strings.Join(got, ","), want)
	}
	if !strings.Contains(re.Rejects[1].Error(), "Quảng Ninh") {
		t.Errorf("unknown province error does not suggest Quảng Ninh: %v", re.Rejects[1])
	}
	if n := queryString(t, db, `select count(*) from raw.dossier_records`); n != "0" {
		t.Errorf("%s rows left after a failed load", n)
	}
	if s := queryString(t, db, `select status from raw._loads`); s != "failed" {
		t.Errorf("ledger status = %s", s)
	}
}

// TestIngestDossierRecordsSupersedeByDossierID: a second file restating
// the same dossiers supersedes them by id and adds its new one; --replace
// drops the province-years' dossiers it does not state.
func TestIngestDossierRecordsSupersedeByDossierID(t *testing.T) {
	db := newWarehouse(t)
	if _, err := ingestFile(t, db, writeFile(t, "a.csv", recordsCSV), Options{}); err != nil {
		t.Fatal(err)
	}
	again := strings.Replace(recordsCSV, "HS005,", "HS105,", 1)
	if _, err := ingestFile(t, db, writeFile(t, "b.csv", again), Options{Kind: KindDossierRecords}); err != nil {
		t.Fatal(err)
	}
	inForce := `select count(*) || '|' || count(distinct _load_id) || '|' || max(dossier_id) from raw.dossier_records where _superseded_by is null`
	if got := queryString(t, db, inForce); got != "6|2|HS105" {
		t.Errorf("after the second file: %s (want HS001-HS005 of the first superseded by id but HS005, and HS105 added)", got)
	}
	if got := queryString(t, db, `select count(*) from raw.dossier_records where _load_id = 1 and _superseded_by = 2`); got != "4" {
		t.Errorf("%s records of the first file superseded by the second, want 4", got)
	}
	again2 := strings.Replace(again, "Sở Tư pháp", "Sở Tư Pháp", 1)
	res, err := ingestFile(t, db, writeFile(t, "c.csv", again2), Options{Kind: KindDossierRecords, Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, inForce); got != "5|1|HS105" || res.Dropped != 1 {
		t.Errorf("after --replace: %s, dropped %d (want HS005 of the first file dropped)", got, res.Dropped)
	}
}

// A larger file with no quote is read in parts at once (with the
// duckdb_arrow tag): the lines of bad rows must still be exact, across CRLF
// endings and a blank line.
func TestIngestDossierRecordsLinesInALargeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("dossier_id,province,agency,level,procedure_code,field,channel,received_date,due_date,resolved_date,status\r\n")
	line := 1
	var want []string
	for i := 0; i < 6000; i++ {
		line++
		recv := "2023-05-02"
		switch i {
		case 1000, 2999, 5998:
			recv = "2023-05-32"
			want = append(want, strconv.Itoa(line))
		}
		fmt.Fprintf(&b, "L%05d,Quảng Ninh,A,province,1,F,direct,%s,2023-05-10,2023-05-09,early\r\n", i, recv)
		if i == 2000 {
			b.WriteString("\r\n")
			line++
		}
	}
	db := newWarehouse(t)
	_, err := ingestFile(t, db, writeFile(t, "big.csv", b.String()), Options{})
	var re *RejectError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, r := range re.Rejects {
		got = append(got, strconv.Itoa(r.Row))
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("reject lines %v, want %v", got, want)
	}
	res, err := ingestFile(t, db, writeFile(t, "big.csv", b.String()), Options{AllowRejects: true})
	if err != nil || res.Rows != 5997 {
		t.Fatalf("allow-rejects: %+v %v", res, err)
	}
	if got := queryString(t, db, `select _source_row from raw.dossier_records where dossier_id = 'L05999'`); got != strconv.Itoa(line) {
		t.Errorf("last record's line = %s, want %d", got, line)
	}
}

func TestIngestDossierRecordsUTF16AndDryRun(t *testing.T) {
	// Excel's "Unicode text": UTF-16 with a BOM, tab separated, Vietnamese headers
	in := strings.NewReplacer(",", "\t").Replace(strings.Replace(recordsCSV,
		"dossier_id,province,agency,level,procedure_code,field,channel,received_date,due_date,resolved_date,status",
		"Mã hồ sơ,Tỉnh,Cơ quan,Cấp,Mã thủ tục,Lĩnh vực,Kênh tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả,Trạng thái", 1))
	in = strings.Replace(in, "2023-03-05\t2023-03-20\t2023-03-25", "2023-03-05\t2023-03-20\t2023-02-25", 1) // HS005 resolved before received
	path := writeFile(t, "hs.txt", utf16File(in))
	db := newWarehouse(t)
	_, err := ingestFile(t, db, path, Options{Kind: KindDossierRecords})
	var re *RejectError
	if !errors.As(err, &re) || len(re.Rejects) != 1 || re.Rejects[0].Row != 6 || re.Rejects[0].Column != "resolved_date" {
		t.Fatalf("err = %v, want line 6 resolved_date rejected", err)
	}
	res, err := ingestFile(t, db, path, Options{Kind: KindDossierRecords, AllowRejects: true, DryRun: true})
	if err != nil || res.Rows != 4 || res.Rejected != 1 {
		t.Fatalf("dry run: %+v, %v", res, err)
	}
	if n := queryString(t, db, `select count(*) from raw.dossier_records`); n != "0" {
		t.Errorf("a dry run wrote %s rows", n)
	}
	res, err = ingestFile(t, db, path, Options{Kind: KindDossierRecords, AllowRejects: true})
	if err != nil || res.Rows != 4 {
		t.Fatalf("allow-rejects: %+v, %v", res, err)
	}
	if got := queryString(t, db, `select string_agg(value, ',' order by value) from raw.dossier_values where column_name = 'field'`); got != "Hộ tịch,Tư pháp,Xây dựng" {
		t.Errorf("fields = %q", got)
	}
}

// TestDossierRecordsDistrictLevelEndsWithTheMerger: a district-level
// dossier received from 2025-07-01 is refused at its cell (the district
// level was abolished), one received the day before is not; both record
// paths (with and without the duckdb_arrow tag) run this test.
func TestDossierRecordsDistrictLevelEndsWithTheMerger(t *testing.T) {
	head := "dossier_id,province,agency,level,procedure_code,field,channel,received_date,due_date,resolved_date,status\n"
	ok := head + "HS1,Quảng Ninh,UBND huyện,Cấp huyện,1,Tư pháp,direct,2025-06-30,2025-07-05,2025-07-01,early\n"
	if _, err := ingestFile(t, newWarehouse(t), writeFile(t, "before.csv", ok), Options{}); err != nil {
		t.Fatalf("district dossier of 2025-06-30: %v", err)
	}
	bad := ok + "HS2,Quảng Ninh,UBND huyện,Cấp huyện,1,Tư pháp,direct,2025-07-01,2025-07-05,2025-07-02,early\n" +
		"HS3,Quảng Nin,UBND huyện,Cấp huyện,1,Tư pháp,direct,2025-08-01,2025-08-05,,pending\n"
	db := newWarehouse(t)
	_, err := ingestFile(t, db, writeFile(t, "after.csv", bad), Options{})
	var re *RejectError
	if !errors.As(err, &re) || len(re.Rejects) != 2 {
		t.Fatalf("err = %v", err)
	}
	if r := re.Rejects[0]; r.Row != 3 || r.Column != "level" || r.Value != "Cấp huyện" || !strings.Contains(r.Error(), "no district level from 2025-07-01") {
		t.Errorf("first reject = %v", r)
	}
	if r := re.Rejects[1]; r.Row != 4 || r.Column != "province" {
		t.Errorf("a row with a bad province is reported for its province first: %v", r)
	}
	if n := queryString(t, db, `select count(*) from raw.dossier_records`); n != "0" {
		t.Errorf("%s rows loaded", n)
	}
}

// TestDossierRecordsAreStoredTyped: both record paths (with and without the
// duckdb_arrow tag run this test) store the same typed rows, and with
// --allow-rejects keep the source text of the rejected rows only.
func TestDossierRecordsAreStoredTyped(t *testing.T) {
	in := recordsCSV +
		"HS006,Quang Ninh,Sở Tư pháp,province,1,Tư pháp,Fax,2023-04-01,2023-04-05,,pending\n" + // line 7: channel
		"HS007,Quảng Ninh, ,,,,,5/4/2023,6/4/2023,,\n" + // line 8: good, empty cells
		"HS008,Quảng Ninh,Sở Tư pháp,province,1,Tư pháp,direct,2023-04-31,2023-05-05,,pending\n" + // line 9: date
		"HS002,Quảng Ninh,Sở Tư pháp,province,1,Tư pháp,direct,2023-04-10,2023-04-15,,pending\n" // line 10: repeats line 3
	db := newWarehouse(t)
	res, err := ingestFile(t, db, writeFile(t, "hs.csv", in), Options{AllowRejects: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 5 || res.Rejected != 4 {
		t.Fatalf("rows %d rejected %d, want 5 and 4", res.Rows, res.Rejected)
	}
	types := queryString(t, db, `select string_agg(column_name || ' ' || data_type, ', ' order by ordinal_position)
		from information_schema.columns where table_schema = 'raw' and table_name = 'dossier_records'`)
	if want := "dossier_id VARCHAR, province_code VARCHAR, unit_set VARCHAR, agency VARCHAR, level VARCHAR, procedure_code VARCHAR, field VARCHAR, channel VARCHAR, received_date DATE, due_date DATE, resolved_date DATE, status VARCHAR, _source_file VARCHAR, _source_row BIGINT, _load_id BIGINT, _superseded_by BIGINT"; types != want {
		t.Errorf("raw.dossier_records columns\n got %s\nwant %s", types, want)
	}
	got := queryString(t, db, `select string_agg(concat_ws('|', dossier_id, province_code, unit_set, coalesce(agency, '∅'), coalesce(level, '∅'),
		coalesce(procedure_code, '∅'), coalesce(field, '∅'), coalesce(channel, '∅'), received_date, due_date, coalesce(cast(resolved_date as varchar), '∅'),
		coalesce(status, '∅'), _source_row), ';' order by _source_row) from raw.dossier_records`)
	want := "HS001|22|63|Sở Tư pháp|province|1.001230|Tư pháp|direct|2023-03-01|2023-03-10|2023-03-08|early|2;" +
		"HS003|22|63|UBND xã Hạ Long|commune|2.000001|Hộ tịch|online_full|2023-03-02|2023-03-15|2023-03-20|late|4;" +
		"HS004|22|63|Sở Xây dựng|province|1.009999|Xây dựng|postal|2023-03-05|2023-03-20|∅|pending|5;" +
		"HS005|22|63|Sở Xây dựng|province|1.009999|Xây dựng|postal|2023-03-05|2023-03-20|2023-03-25|on_time|6;" +
		"HS007|22|63|∅|∅|∅|∅|∅|2023-04-05|2023-04-06|∅|∅|8"
	if got != want {
		t.Errorf("typed records\n got %s\nwant %s", got, want)
	}
	got = queryString(t, db, `select string_agg(concat_ws('|', _source_row, column_name, reason, dossier_id, province, channel, received_date, _source_file like '%hs.csv'), ';' order by _source_row)
		from raw.dossier_records_rejected`)
	want = "3|dossier_id|duplicate|HS002|Quảng Ninh|Trực tuyến một phần|2023-03-01|true;" +
		"7|channel|value|HS006|Quang Ninh|Fax|2023-04-01|true;" +
		"9|received_date|date|HS008|Quảng Ninh|direct|2023-04-31|true;" +
		"10|dossier_id|duplicate|HS002|Quảng Ninh|direct|2023-04-10|true"
	if got != want {
		t.Errorf("rejected rows\n got %s\nwant %s", got, want)
	}
}

// TestADamagedWorkbookLeavesAFailedLedgerRow is case 6 of issue 15: a
// workbook that does not open is a failed load in the ledger, with its
// name, SHA-256 and the reason, as a CSV with bad rows is, whether it is
// read as a table or, with --kind dossier-records, as records.
func TestADamagedWorkbookLeavesAFailedLedgerRow(t *testing.T) {
	for _, kind := range []string{"", KindDossierRecords} {
		db := newWarehouse(t)
		path := writeFile(t, "ho_so_hong.xlsx", "PK\x03\x04 not a zip")
		_, err := ingestFile(t, db, path, Options{Kind: kind})
		if err == nil || !strings.Contains(err.Error(), "open workbook") {
			t.Fatalf("kind %q: error = %v", kind, err)
		}
		got := queryString(t, db, `select concat_ws('|', status, file_name, length(sha256), rows, error like '%open workbook%') from raw._loads`)
		if got != "failed|ho_so_hong.xlsx|64|0|true" {
			t.Errorf("kind %q: ledger = %q, want one failed row with the file's name, sha256 and reason", kind, got)
		}
	}
}

// TestARecordsWorkbookWithAnUncomputedFormulaIsRefused: in a dossier-record
// workbook a formula with no computed value refuses the file at its cell,
// even with --allow-rejects (the records path rejects CSV lines, not
// workbook rows); no record of it loads.
func TestARecordsWorkbookWithAnUncomputedFormulaIsRefused(t *testing.T) {
	x := excelize.NewFile()
	rows := [][]any{{"dossier_id", "province", "received_date", "due_date"}, {"H1", "Hà Nội", "2023-03-01", "2023-03-05"}, {"H2", "Hà Nội", "2023-03-02", nil}}
	for i, row := range rows {
		for j, v := range row {
			if v != nil {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				x.SetCellValue("Sheet1", cell, v)
			}
		}
	}
	x.SetCellFormula("Sheet1", "D3", "C3+4")
	path := filepath.Join(t.TempDir(), "ho_so.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	db := newWarehouse(t)
	_, err := ingestFile(t, db, path, Options{Kind: KindDossierRecords, AllowRejects: true})
	if !errors.Is(err, ErrNoCachedValue) || !strings.Contains(err.Error(), `"ô/cell D3"`) {
		t.Fatalf("error = %v", err)
	}
	if got := queryString(t, db, `select concat_ws('|', status, (select count(*) from raw.dossier_records)) from raw._loads`); got != "failed|0" {
		t.Errorf("ledger and records = %q", got)
	}
}
