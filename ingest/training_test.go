package ingest

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cchc/data"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
	}{
		{"day first with slashes", "05/03/2023", "2023-03-05"},
		{"single digits", "5/3/2023", "2023-03-05"},
		{"dashes and dots", "31-12-2021", "2021-12-31"},
		{"dots", "01.07.2025", "2025-07-01"},
		{"ISO", "2023-03-05", "2023-03-05"},
		{"ISO with a time", "2023-03-05 00:00:00", "2023-03-05"},
		{"Excel serial as text", "44990", "2023-03-05"},
		{"Excel serial with a time of day", "44990.5", "2023-03-05"},
		{"Vietnamese text", "ngày 5 tháng 3 năm 2023", "2023-03-05"},
		{"Vietnamese text without ngày", "05 tháng 03 năm 2023", "2023-03-05"},
		{"leap day", "29/02/2024", "2024-02-29"},
	} {
		got, err := ParseDate(c.in)
		if err != nil || got.Format(time.DateOnly) != c.want {
			t.Errorf("%s: ParseDate(%q) = %v, %v; want %s", c.name, c.in, got.Format(time.DateOnly), err, c.want)
		}
	}
	for _, bad := range []string{"", "31/02/2023", "13/13/2023", "2023", "hôm qua", "12/2023", "3/5/23", "100", "29/02/2023"} {
		if got, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", bad, got)
		}
	}
}

func TestTopicMatching(t *testing.T) {
	p := NewParser(data.MustLoad())
	for _, c := range []struct{ in, want string }{
		{"Bồi dưỡng kiến thức CCHC năm 2023", "CCHC"},
		{"Chuyển đổi số trong cơ quan nhà nước", "CDS"},
		{"CHUYEN DOI SO", "CDS"},
		{"Kỹ năng giao tiếp, ứng xử với người dân trong giải quyết TTHC", "GIAOTIEP"},
		{"Bồi dưỡng quản lý nhà nước chương trình chuyên viên", "QLNN"},
		{"Đạo đức công vụ", "DAODUC"},
		{"Nghiệp vụ một cửa liên thông", "MOTCUA"},
	} {
		if got, ok := p.TrainingTopic(c.in); !ok || got != c.want {
			t.Errorf("TrainingTopic(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	for _, in := range []string{"Phòng cháy chữa cháy", "Nghiệp vụ văn thư, lưu trữ", ""} {
		if got, ok := p.TrainingTopic(in); ok {
			t.Errorf("TrainingTopic(%q) = %q, want unmapped", in, got)
		}
	}
}

const classesVI = `Mã lớp;Tỉnh/thành phố;Đơn vị tổ chức;Cấp;Ngày bắt đầu;Ngày kết thúc;Chủ đề;Hình thức;Số lượt học viên;Trong đó nữ;Đối tượng;Kế hoạch;Kinh phí
QN-2021-001;Quảng Ninh;Sở Nội vụ;Tỉnh;05/03/2021;07/03/2021;Bồi dưỡng kiến thức CCHC;Trực tiếp;1.250;640;CC;1.300;45.000.000
QN-2021-002;Quảng Ninh;UBND huyện Tiên Yên;Huyện;2021-03-30;2021-04-02;Chuyển đổi số;Trực tuyến;80;41;CB;;
QN-2021-003;Quảng Ninh;UBND xã Đồng Rui;Xã;44300;44301;Phòng cháy chữa cháy;Kết hợp;35;20;Cấp xã;40;
HN-2021-001;Hà Nội;Sở Nội vụ;cấp tỉnh;ngày 12 tháng 10 năm 2021;;Kỹ năng giao tiếp với người dân;tập trung;200;;VC;;
`

func TestIngestTrainingClassesVietnameseHeaders(t *testing.T) {
	db := newWarehouse(t)
	res, err := ingestFile(t, db, writeFile(t, "lop_2021.csv", classesVI), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindTrainingClasses || res.Rows != 4 {
		t.Fatalf("kind %s rows %d, want training-classes 4", res.Kind, res.Rows)
	}
	got := queryString(t, db, `select string_agg(concat_ws('|', class_id, province_code, unit_set, year, level, start_date, coalesce(end_date, '-'), topic, topic_mapped, format, trainees, coalesce(trainees_female, '-'), target_group, coalesce(planned_trainees, '-'), coalesce(cost, '-')), chr(10) order by class_id) from raw.training_classes`)
	want := strings.Join([]string{
		"HN-2021-001|01|63|2021|province|2021-10-12|-|GIAOTIEP|true|in_person|200|-|VC|-|-",
		"QN-2021-001|22|63|2021|province|2021-03-05|2021-03-07|CCHC|true|in_person|1250|640|CC|1300|45000000",
		"QN-2021-002|22|63|2021|district|2021-03-30|2021-04-02|CDS|true|online|80|41|CB|-|-",
		"QN-2021-003|22|63|2021|commune|2021-04-14|2021-04-15|Phòng cháy chữa cháy|false|blended|35|20|commune|40|-",
	}, "\n")
	if got != want {
		t.Errorf("raw.training_classes:\n%s\nwant\n%s", got, want)
	}
	// the same file again changes nothing; a second file adds its class (a quarterly file)
	if res, err := ingestFile(t, db, writeFile(t, "lop_2021.csv", classesVI), Options{}); err != nil || !res.Skipped {
		t.Fatalf("reload: %+v, %v", res, err)
	}
	fix := "Mã lớp,Tỉnh,Ngày bắt đầu,Số học viên\nQN-2021-009,Quảng Ninh,01/06/2021,50\n"
	if _, err := ingestFile(t, db, writeFile(t, "lop_qn_2021_sua.csv", fix), Options{}); err != nil {
		t.Fatal(err)
	}
	inForce := `select string_agg(class_id || '=' || trainees, ',' order by class_id) from raw.training_classes where _superseded_by is null`
	if got := queryString(t, db, inForce); got != "HN-2021-001=200,QN-2021-001=1250,QN-2021-002=80,QN-2021-003=35,QN-2021-009=50" {
		t.Errorf("after a second Quảng Ninh file: classes %s", got)
	}
	// a corrected file restating a class replaces that class
	fix = "Mã lớp,Tỉnh,Ngày bắt đầu,Số học viên\nQN-2021-002,Quảng Ninh,30/03/2021,82\n"
	res, err = ingestFile(t, db, writeFile(t, "lop_qn_2021_sua2.csv", fix), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, inForce); got != "HN-2021-001=200,QN-2021-001=1250,QN-2021-002=82,QN-2021-003=35,QN-2021-009=50" || res.Superseded != 1 {
		t.Errorf("after correcting QN-2021-002: classes %s (superseded %d)", got, res.Superseded)
	}
}

func TestIngestTrainingClassesXLSXTypedAndTextDates(t *testing.T) {
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	rows := [][]any{
		{"Báo cáo kết quả bồi dưỡng năm 2023"},
		{"class_id", "province", "organiser", "level", "start_date", "end_date", "topic", "format", "trainees", "trainees_female", "target_group"},
		{"L1", "Đà Nẵng", "Sở Nội vụ", "province", time.Date(2023, 1, 30, 0, 0, 0, 0, time.UTC), time.Date(2023, 2, 2, 0, 0, 0, 0, time.UTC), "CCHC", "in person", 120, 70, "CC"},
		{"L2", "Đà Nẵng", "Sở Nội vụ", "commune", "28/02/2023", "01/03/2023", "đạo đức công vụ", "online", "1.020", "600", "commune"},
	}
	for i, r := range rows {
		axis, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, axis, &r); err != nil {
			t.Fatal(err)
		}
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle(sh, "E3", "F3", style)
	path := filepath.Join(t.TempDir(), "classes.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	db := newWarehouse(t)
	if _, err := ingestFile(t, db, path, Options{}); err != nil {
		t.Fatal(err)
	}
	got := queryString(t, db, `select string_agg(concat_ws('|', class_id, province_code, start_date, end_date, trainees, topic), ',' order by class_id) from raw.training_classes`)
	if want := "L1|48|2023-01-30|2023-02-02|120|CCHC,L2|48|2023-02-28|2023-03-01|1020|DAODUC"; got != want {
		t.Errorf("classes = %s, want %s", got, want)
	}
}

func TestBadTrainingClassesAreRefusedWithTheirPosition(t *testing.T) {
	const head = "class_id,province,level,start_date,end_date,trainees,trainees_female\n"
	const good = "A1,Hà Nội,province,01/03/2023,02/03/2023,40,20\n"
	for _, c := range []struct {
		name, row, column, value, reason string
	}{
		{"end before start", "B1,Hà Nội,province,10/03/2023,09/03/2023,40,20", "end_date", "09/03/2023", "before the start"},
		{"negative attendances", "B1,Hà Nội,province,10/03/2023,11/03/2023,-5,0", "trainees", "-5", "negative"},
		{"non-numeric attendances", "B1,Hà Nội,province,10/03/2023,11/03/2023,bốn mươi,0", "trainees", "bốn mươi", "not a number"},
		{"fractional attendances", "B1,Hà Nội,province,10/03/2023,11/03/2023,40.5,0", "trainees", "40.5", "whole number"},
		{"unknown province", "B1,Hà Nộii,province,10/03/2023,11/03/2023,40,20", "province", "Hà Nộii", "did you mean"},
		{"unknown level", "B1,Hà Nội,bộ,10/03/2023,11/03/2023,40,20", "level", "bộ", "invalid value"},
		{"district after the merger", "B1,Hà Nội,huyện,10/08/2025,11/08/2025,40,20", "level", "huyện", "abolished"},
		{"more women than trainees", "B1,Hà Nội,province,10/03/2023,11/03/2023,40,41", "trainees_female", "41", "more women"},
		{"no such date", "B1,Hà Nội,province,31/02/2023,11/03/2023,40,20", "start_date", "31/02/2023", "no such date"},
		{"duplicate class id", "A0,Hà Nội,province,10/03/2023,11/03/2023,40,20", "class_id", "A0", "duplicates"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := newWarehouse(t)
			if _, err := ingestFile(t, db, writeFile(t, "ok.csv", head+good), Options{}); err != nil {
				t.Fatal(err)
			}
			_, err := ingestFile(t, db, writeFile(t, "lop_loi.csv", head+"A0,Hải Phòng,province,01/01/2023,01/01/2023,10,5\n"+c.row+"\n"), Options{})
			var ce *CellError
			if !errors.Is(err, ErrRejected) || !errors.As(err, &ce) {
				t.Fatalf("error = %v, want a refused file", err)
			}
			if ce.Row != 3 || ce.Column != c.column || ce.Value != c.value || !strings.Contains(ce.Err.Error(), c.reason) {
				t.Errorf("error at row %d column %q value %q: %v; want row 3 column %q value %q, %q", ce.Row, ce.Column, ce.Value, ce.Err, c.column, c.value, c.reason)
			}
			if !strings.Contains(err.Error(), "lop_loi.csv") {
				t.Errorf("error %q does not name the file", err)
			}
			if got := queryString(t, db, `select string_agg(class_id, ',') from raw.training_classes`); got != "A1" {
				t.Errorf("classes after a refused file: %s, want only A1 (nothing half-loaded)", got)
			}
		})
	}
}

func TestIngestRosterAndStaffing(t *testing.T) {
	db := newWarehouse(t)
	roster := "Mã lớp,Mã học viên,Cơ quan công tác,Giới tính,Chức vụ\nL1,P001,Sở Nội vụ,Nữ,Chuyên viên\nL1,P002,Sở Tư pháp,Nam,\nL2,P001,Sở Nội vụ,nữ,Chuyên viên\n"
	res, err := ingestFile(t, db, writeFile(t, "roster.csv", roster), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindTrainingRoster || res.Rows != 3 {
		t.Fatalf("kind %s rows %d", res.Kind, res.Rows)
	}
	if got := queryString(t, db, `select string_agg(concat_ws('|', class_id, trainee_id, gender), ',' order by class_id, trainee_id) from raw.training_roster`); got != "L1|P001|F,L1|P002|M,L2|P001|F" {
		t.Errorf("roster = %s", got)
	}
	// a second roster for L1 adds to it; with --replace it replaces L1's roster only
	rosterInForce := `select string_agg(class_id || ':' || trainee_id, ',' order by class_id, trainee_id) from raw.training_roster where _superseded_by is null`
	if _, err := ingestFile(t, db, writeFile(t, "roster_l1.csv", "class_id,trainee_id\nL1,P009\n"), Options{}); err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, rosterInForce); got != "L1:P001,L1:P002,L1:P009,L2:P001" {
		t.Errorf("roster after a second L1 file = %s", got)
	}
	if _, err := ingestFile(t, db, writeFile(t, "roster_l1_full.csv", "class_id,trainee_id\nL1,P009\nL1,P010\n"), Options{Replace: true}); err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, db, rosterInForce); got != "L1:P009,L1:P010,L2:P001" {
		t.Errorf("roster after replacing L1 = %s", got)
	}
	_, err = ingestFile(t, db, writeFile(t, "roster_dup.csv", "class_id,trainee_id\nL3,P1\nL3,P1\n"), Options{})
	var ce *CellError
	if !errors.As(err, &ce) || ce.Row != 3 || ce.Column != "trainee_id" {
		t.Errorf("duplicate attendance: %v", err)
	}

	staffing := "Tỉnh,Năm,Số công chức,Số viên chức,CBCC cấp xã\nQuảng Ninh,2021,\"4.512\",\"28.300\",\"3.120\"\nHà Nội,2021,12000,,\n"
	res, err = ingestFile(t, db, writeFile(t, "bien_che.csv", staffing), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindStaffing {
		t.Fatalf("kind %s", res.Kind)
	}
	if got := queryString(t, db, `select string_agg(concat_ws('|', province_code, year, civil_servants, coalesce(public_employees, '-'), coalesce(commune_officials, '-')), ',' order by province_code) from raw.staffing`); got != "01|2021|12000|-|-,22|2021|4512|28300|3120" {
		t.Errorf("staffing = %s", got)
	}
}

// FuzzParseDate: any text either fails or gives a date from 1990 to 2099
// that reads back the same when written dd/mm/yyyy and ISO.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"05/03/2023", "2023-03-05", "44990", "44990.5", "ngày 5 tháng 3 năm 2023", "31/02/2023", "1e5", "-44990", "٠٥/٠٣/٢٠٢٣", "05/03/2023 08:00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Year() < 1990 || d.Year() > 2099 {
			t.Fatalf("ParseDate(%q) = %v, outside 1990-2099", s, d)
		}
		for _, again := range []string{d.Format("02/01/2006"), d.Format(time.DateOnly)} {
			if d2, err := ParseDate(again); err != nil || !d2.Equal(d) {
				t.Fatalf("ParseDate(%q) = %v, but %q reads back as %v, %v", s, d, again, d2, err)
			}
		}
	})
}

func TestTrainingCountsAreWholeNumbersWrittenAnyWay(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" for an error
	}{
		{"37.000", "37000"},
		{"37,000", "37000"},
		{"1.234.567", "1234567"},
		{"37 000", "37000"},
		{"40", "40"},
		{"40.0", "40"},
		{"40,00", "40"},
		{"0", "0"},
		{"40.5", ""},
		{"-5", ""},
		{"năm mươi", ""},
		{"1.23.4", ""},
	} {
		db := newWarehouse(t)
		_, err := ingestFile(t, db, writeFile(t, "c.csv", "class_id;province;start_date;trainees\nA;Hà Nội;01/02/2023;"+c.in+"\n"), Options{})
		if c.want == "" {
			if err == nil {
				t.Errorf("trainees %q loaded, want an error", c.in)
			}
			continue
		}
		if err != nil {
			t.Errorf("trainees %q: %v", c.in, err)
			continue
		}
		if got := queryString(t, db, `select trainees from raw.training_classes`); got != c.want {
			t.Errorf("trainees %q = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestRosterDisagreementIsNotedAtIngest(t *testing.T) {
	db := newWarehouse(t)
	if _, err := ingestFile(t, db, writeFile(t, "lop.csv", "class_id,province,start_date,trainees\nR1,Hà Nội,2023-03-01,3\nR2,Hà Nội,2023-03-02,1\n"), Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := ingestFile(t, db, writeFile(t, "ds.csv", "class_id,trainee_id\nR1,A\nR1,B\nR2,A\nR7,Z\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(res.Notes, "\n")
	for _, want := range []string{"1 classes whose roster lines differ", "R1: 3/2", "1 classes not in any class file loaded so far: R7"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

func TestTrainingFileWithoutAStartDateNamesTheMissingColumn(t *testing.T) {
	db := newWarehouse(t)
	_, err := ingestFile(t, db, writeFile(t, "lop.csv", "Mã lớp,Tỉnh,Số học viên\nA,Hà Nội,30\n"), Options{})
	if err == nil || !strings.Contains(err.Error(), "missing columns: start_date") || !strings.Contains(err.Error(), "lop.csv") {
		t.Errorf("error = %v, want one naming the missing start_date column", err)
	}
}
