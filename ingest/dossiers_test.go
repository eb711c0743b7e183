package ingest

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		name                     string
		year, period, quarter, m string
		want                     string
		bad                      bool
	}{
		{name: "a year column alone is a year", year: "2023", want: "2023"},
		{name: "ISO quarter", period: "2023-Q1", want: "2023-Q1"},
		{name: "Vietnamese roman quarter", period: "Quý III/2022", want: "2022-Q3"},
		{name: "quarter before year", period: "Q4/2021", want: "2021-Q4"},
		{name: "Vietnamese month", period: "Tháng 3/2023", want: "2023-03"},
		{name: "month slash year", period: "03/2023", want: "2023-03"},
		{name: "ISO month", period: "2023-11", want: "2023-11"},
		{name: "year and quarter columns", year: "2024", quarter: "II", want: "2024-Q2"},
		{name: "year and month columns", year: "2024", m: "12", want: "2024-12"},
		{name: "a date range is refused", period: "2022-12-15/2023-03-14", bad: true},
		{name: "year columns that disagree are refused", year: "2022", period: "2023-Q1", bad: true},
		{name: "month 13 is refused", year: "2023", m: "13", bad: true},
		{name: "no year is refused", quarter: "1", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePeriod(tt.year, tt.period, tt.quarter, tt.m)
			if tt.bad {
				if err == nil {
					t.Errorf("ParsePeriod = %v, want an error", p)
				}
				return
			}
			if err != nil || p.String() != tt.want {
				t.Errorf("ParsePeriod(%q, %q, %q, %q) = %v, %v; want %s", tt.year, tt.period, tt.quarter, tt.m, p, err, tt.want)
			}
		})
	}
}

func TestChannelStatusAndLevelFolding(t *testing.T) {
	for in, want := range map[string]string{"Trực tiếp": "direct", "truc_tiep": "direct", "DIRECT": "direct",
		"Trực tuyến một phần": "online_partial", "truc-tuyen mot phan": "online_partial", "Trực tuyến toàn trình": "online_full",
		"online_full": "online_full", "Bưu chính công ích": "postal"} {
		if got, ok := DossierChannel(in); !ok || got != want {
			t.Errorf("DossierChannel(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for in, want := range map[string]string{"Trước hạn": "early", "Đúng hạn": "on_time", "Trễ hạn": "late",
		"Đang xử lý": "pending", "Đang xử lý quá hạn": "pending_overdue", "ĐANG XỬ LÝ QUÁ HẠN": "pending_overdue"} {
		if got, ok := DossierStatus(in); !ok || got != want {
			t.Errorf("DossierStatus(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for in, want := range map[string]string{"": "all", "Cấp tỉnh": "province", "cấp huyện": "district", "Cấp xã": "commune"} {
		if got, ok := DossierLevel(in); !ok || got != want {
			t.Errorf("DossierLevel(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := DossierChannel("fax"); ok {
		t.Error("fax was accepted as a channel")
	}
}

// The Trực Ninh and Kon Tum figures from the provincial press, written as
// a province would tabulate them (Vietnamese headers, dots grouping thousands).
const statsVI = `Tỉnh;Kỳ báo cáo;Cấp;Lĩnh vực;Kỳ trước chuyển sang;Tiếp nhận trực tuyến;Tiếp nhận trực tiếp;Qua bưu chính công ích;Giải quyết trước hạn;Giải quyết đúng hạn;Giải quyết trễ hạn;Đang giải quyết trong hạn;Đang giải quyết quá hạn;Trả lại/rút hồ sơ
Kon Tum;Quý I/2023;Cấp tỉnh;Tư pháp;1.200;6.596;16.000;637;15.000;4.000;150;4.800;283;20
Kon Tum;Quý I/2023;Cấp xã;;800;3.399;22.000;631;20.000;3.500;90;2.900;340;0
Nam Định;2020;Cấp huyện;Đất đai;0;300;1.200;21;900;600;13;8;0;
`

func TestIngestDossierStatsVietnameseHeaders(t *testing.T) {
	db := newWarehouse(t)
	res, err := ingestFile(t, db, writeFile(t, "ho_so.csv", statsVI), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindDossierStats || res.Rows != 3 {
		t.Fatalf("kind %s rows %d, want dossier-stats 3", res.Kind, res.Rows)
	}
	if got := strings.Join(res.Slices, ","); got != "dossier-stats 36 2020,dossier-stats 62 2023-Q1" {
		t.Errorf("slices = %s", got)
	}
	got := queryString(t, db, `select string_agg(concat_ws('|', province_code, year, period_type, period_no, level, field, carried_over, received_online, received_direct, received_postal, resolved_early, resolved_on_time, resolved_late, pending_in_time, pending_overdue, coalesce(returned, 'NULL'), _source_row), ';' order by _source_row) from raw.dossier_stats`)
	want := "62|2023|quarter|1|province|Tư pháp|1200|6596|16000|637|15000|4000|150|4800|283|20|2;" +
		"62|2023|quarter|1|commune||800|3399|22000|631|20000|3500|90|2900|340|0|3;" +
		"36|2020|year|0|district|Đất đai|0|300|1200|21|900|600|13|8|0|NULL|4"
	if got != want {
		t.Errorf("rows\n got %s\nwant %s", got, want)
	}
	// the same file again is a no-op
	if res, err := ingestFile(t, db, writeFile(t, "ho_so.csv", statsVI), Options{}); err != nil || !res.Skipped {
		t.Errorf("reload: %+v %v", res, err)
	}
}

func TestIngestDossierStatsRejectsNamePlaceAndNothingLoads(t *testing.T) {
	db := newWarehouse(t)
	bad := strings.Replace(statsVI, "Cấp xã;;800", "Cấp thôn;;800", 1)
	bad = strings.Replace(bad, ";13;8;", ";-13;8;", 1)
	_, err := ingestFile(t, db, writeFile(t, "ho_so.csv", bad), Options{})
	var re *RejectError
	if !errors.As(err, &re) || len(re.Rejects) != 2 {
		t.Fatalf("err = %v, want two rejected rows", err)
	}
	if r := re.Rejects[0]; r.Row != 3 || r.Column != "Cấp" || r.Value != "Cấp thôn" {
		t.Errorf("first reject = %+v, want row 3 column Cấp value Cấp thôn", r)
	}
	if r := re.Rejects[1]; r.Row != 4 || r.Column != "Giải quyết trễ hạn" || !strings.Contains(r.Error(), "âm / a count cannot be negative") {
		t.Errorf("second reject = %v", r)
	}
	if n := queryString(t, db, `select count(*) from raw.dossier_stats`); n != "0" {
		t.Errorf("%s rows loaded from a file with bad rows", n)
	}
	res, err := ingestFile(t, db, writeFile(t, "ho_so.csv", bad), Options{AllowRejects: true})
	if err != nil || res.Rows != 1 || res.Rejected != 2 {
		t.Fatalf("allow-rejects: %+v %v", res, err)
	}
}

// TestIngestDossierStatsSupersedesTheKeysItStates: a correction of one
// unit, period and level replaces that row only; --replace drops the rest
// of the unit's period and says how many.
func TestIngestDossierStatsSupersedesTheKeysItStates(t *testing.T) {
	db := newWarehouse(t)
	if _, err := ingestFile(t, db, writeFile(t, "a.csv", statsVI), Options{}); err != nil {
		t.Fatal(err)
	}
	fix := "Tỉnh;Kỳ báo cáo;Cấp;Lĩnh vực;Tiếp nhận trực tuyến;Giải quyết đúng hạn\nKon Tum;Quý I/2023;Cấp tỉnh;Tư pháp;7000;19000\n"
	if _, err := ingestFile(t, db, writeFile(t, "b.csv", fix), Options{Kind: KindDossierStats}); err != nil {
		t.Fatal(err)
	}
	inForce := `select string_agg(concat_ws('|', province_code, year, level, received_online), ';' order by province_code, level) from raw.dossier_stats where _superseded_by is null`
	if got := queryString(t, db, inForce); got != "36|2020|district|300;62|2023|commune|3399;62|2023|province|7000" {
		t.Errorf("after the correction: %s", got)
	}
	fix2 := strings.Replace(fix, "7000", "7100", 1)
	res, err := ingestFile(t, db, writeFile(t, "c.csv", fix2), Options{Kind: KindDossierStats, Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, inForce); got != "36|2020|district|300;62|2023|province|7100" {
		t.Errorf("after --replace: %s", got)
	}
	if res.Superseded != 1 || res.Dropped != 1 || !strings.Contains(strings.Join(res.Notes, "\n"), "--replace: dropped 1 rows") {
		t.Errorf("--replace: superseded %d dropped %d, notes %v", res.Superseded, res.Dropped, res.Notes)
	}
	if n := queryString(t, db, `select count(*) from raw.dossier_stats`); n != "5" {
		t.Errorf("raw keeps %s rows, want 5 (every row ever loaded)", n)
	}
}

func TestIngestSatisfactionPercentsAndCounts(t *testing.T) {
	db := newWarehouse(t)
	// Hòa Bình provincial centre, 2018: 1.760 forms, 86,76% / 12,89% / 0,34%.
	in := "Tỉnh,Năm,Số phiếu thu về,Rất hài lòng (%),Hài lòng (%),Bình thường (%),Không hài lòng (%)\n" +
		"Hòa Bình,2018,\"1.760\",\"86,76\",\"12,89\",\"0,34\",\"0,01\"\n"
	res, err := ingestFile(t, db, writeFile(t, "phieu.csv", in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindSatisfaction || res.Rows != 1 {
		t.Fatalf("%+v", res)
	}
	got := queryString(t, db, `select concat_ws('|', province_code, year, measure, forms, very_satisfied, satisfied, neutral, dissatisfied) from raw.satisfaction`)
	if got != "17|2018|percent|1760|86.76|12.89|0.34|0.01" {
		t.Errorf("row = %s", got)
	}
	counts := "Tỉnh,Năm,Số phiếu,Rất hài lòng,Hài lòng,Bình thường,Không hài lòng\nQuảng Ninh,2021,500,300,198,2,0\nQuảng Ninh,2022,500,300,198,20,0\n"
	_, err = ingestFile(t, db, writeFile(t, "phieu2.csv", counts), Options{})
	if err == nil || !strings.Contains(err.Error(), "518") {
		t.Errorf("levels adding up to more than the forms: err = %v", err)
	}
}

func TestIngestDossierStatsXLSXWithTypedNumbers(t *testing.T) {
	f := excelize.NewFile()
	sh := "Quý 1"
	f.SetSheetName("Sheet1", sh)
	f.SetCellValue(sh, "A1", "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT TTHC (minh họa)")
	head := []string{"Tỉnh", "Năm", "Quý", "Cấp", "Tiếp nhận trực tuyến", "Tiếp nhận trực tiếp", "Giải quyết trước hạn", "Giải quyết đúng hạn", "Giải quyết trễ hạn", "Đang giải quyết quá hạn"}
	f.SetSheetRow(sh, "A3", &head)
	f.SetSheetRow(sh, "A4", &[]any{"Nam Định", 2020, "I", "Cấp huyện", 300, 1221, 900, 600, 13, 0})
	f.SetSheetRow(sh, "A5", &[]any{"Nam Định", 2020, "II", "Cấp huyện", "1.050", 1200.0, 700, 650, 2, 1})
	p := filepath.Join(t.TempDir(), "ho_so.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	db := newWarehouse(t)
	res, err := ingestFile(t, db, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindDossierStats || res.Rows != 2 {
		t.Fatalf("%+v", res)
	}
	got := queryString(t, db, `select string_agg(concat_ws('|', province_code, period_type, period_no, level, received_online, received_direct, _source_sheet, _source_row), ';' order by _source_row) from raw.dossier_stats`)
	if got != "36|quarter|1|district|300|1221|Quý 1|4;36|quarter|2|district|1050|1200|Quý 1|5" {
		t.Errorf("rows = %s", got)
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2023", "2023-Q1", "Quý III/2022", "Tháng 3/2023", "03/2023", "2023-11", "Q4/2021", "2022-12-15/2023-03-14", "quý iv năm 2024"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod("", s, "", "")
		if err != nil {
			return
		}
		if p.Year < 1990 || p.Year > 2100 || (p.Type == "quarter" && (p.No < 1 || p.No > 4)) || (p.Type == "month" && (p.No < 1 || p.No > 12)) {
			t.Fatalf("ParsePeriod(%q) = %+v", s, p)
		}
		back, err := ParsePeriod("", p.String(), "", "")
		if err != nil || back != p {
			t.Fatalf("ParsePeriod(%q) = %v, which reads back as %v, %v", s, p, back, err)
		}
	})
}
