package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cchc/data"
)

type trainingOut struct {
	ProvinceCode        string   `json:"province_code"`
	Province            string   `json:"province"`
	Month               int      `json:"month"`
	Topic               string   `json:"topic"`
	TopicMapped         *bool    `json:"topic_mapped"`
	Classes             int64    `json:"classes"`
	Attendances         int64    `json:"attendances"`
	Female              *int64   `json:"female"`
	FemalePct           *float64 `json:"female_pct"`
	Persons             *int64   `json:"persons"`
	PerHundredCS        *float64 `json:"per_100_cs"`
	PersonsPerHundredCS *float64 `json:"persons_per_100_cs"`
	PlanPct             *float64 `json:"plan_pct"`
	PrevAttendances     *int64   `json:"prev_attendances"`
	ChangePct           *float64 `json:"attendances_change_pct"`
	Units               string   `json:"units"`
}

func trainingJSONOf(t *testing.T, db string, args ...string) []trainingOut {
	t.Helper()
	out := mustCLI(t, append([]string{"--db", db, "training", "--format", "json"}, args...)...)
	var rows []trainingOut
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("training json: %v\n%s", err, out)
	}
	return rows
}

// trainingWarehouse ingests the files (name -> content) and builds.
func trainingWarehouse(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "t.duckdb")
	args := []string{"--db", db, "ingest"}
	for _, name := range sortedKeys(files) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	mustCLI(t, args...)
	mustCLI(t, "--db", db, "build")
	return db
}

func TestTrainingClassSpanningTwoMonthsCountsOnceInItsStartMonth(t *testing.T) {
	db := trainingWarehouse(t, map[string]string{"lop.csv": "Mã lớp;Tỉnh;Ngày bắt đầu;Ngày kết thúc;Số lượt học viên;Trong đó nữ\n" +
		"C1;Quảng Ninh;28/01/2023;03/02/2023;30;12\n" +
		"C2;Quảng Ninh;15/02/2023;16/02/2023;20;8\n" +
		"C3;Quảng Ninh;30/12/2022;02/01/2023;7;7\n"})
	rows := trainingJSONOf(t, db, "--year", "2023", "--by", "month")
	got := fmt.Sprint(rows)
	if len(rows) != 2 || rows[0].Month != 1 || rows[0].Classes != 1 || rows[0].Attendances != 30 ||
		rows[1].Month != 2 || rows[1].Classes != 1 || rows[1].Attendances != 20 {
		t.Fatalf("2023 by month = %s, want January 1 class 30 attendances, February 1 class 20", got)
	}
	prov := trainingJSONOf(t, db, "--year", "2023")
	if len(prov) != 1 || prov[0].Classes != 2 || prov[0].Attendances != 50 || *prov[0].Female != 20 || *prov[0].FemalePct != 40 {
		t.Errorf("2023 by province = %+v, want 2 classes, 50 attendances, 20 women (40%%)", prov)
	}
	// the class that started in December 2022 belongs to 2022
	if prev := trainingJSONOf(t, db, "--year", "2022"); len(prev) != 1 || prev[0].Classes != 1 || prev[0].Attendances != 7 {
		t.Errorf("2022 = %+v, want the one class started in December", prev)
	}
	if *prov[0].PrevAttendances != 7 || *prov[0].ChangePct != 614.3 {
		t.Errorf("change on 2022: prev %v, change %v; want 7 and +614.3%%", *prov[0].PrevAttendances, *prov[0].ChangePct)
	}
}

func TestOnePersonInThreeClassesIsThreeAttendancesAndOnePerson(t *testing.T) {
	db := trainingWarehouse(t, map[string]string{
		"lop.csv": "class_id,province,start_date,trainees,topic\n" +
			"K1,Hà Nội,2023-03-01,1,CCHC\nK2,Hà Nội,2023-04-01,1,Chuyển đổi số\nK3,Hà Nội,2023-05-01,1,Đạo đức công vụ\nK4,Hà Nội,2023-05-10,2,Sơ cứu ban đầu\n",
		"roster.csv":   "class_id,trainee_id,gender\nK1,P1,F\nK2,P1,F\nK3,P1,F\nK4,P2,M\nK4,P3,F\n",
		"staffing.csv": "province,year,civil_servants\nHà Nội,2023,200\n",
	})
	rows := trainingJSONOf(t, db, "--year", "2023")
	if len(rows) != 1 {
		t.Fatalf("rows = %+v", rows)
	}
	r := rows[0]
	if r.Classes != 4 || r.Attendances != 5 || r.Persons == nil || *r.Persons != 3 {
		t.Errorf("Hà Nội 2023: %d classes, %d attendances, persons %v; want 4, 5 and 3", r.Classes, r.Attendances, r.Persons)
	}
	if *r.PerHundredCS != 2.5 || *r.PersonsPerHundredCS != 1.5 {
		t.Errorf("per 100 civil servants: attendances %v persons %v, want 2.5 and 1.5", *r.PerHundredCS, *r.PersonsPerHundredCS)
	}
	// by topic: P1 is one person in each of three topics; the unmapped topic stays visible
	topics := trainingJSONOf(t, db, "--year", "2023", "--by", "topic")
	var seen []string
	for _, tr := range topics {
		seen = append(seen, fmt.Sprintf("%s:%d:%d:%v", tr.Topic, tr.Attendances, *tr.Persons, *tr.TopicMapped))
	}
	if got, want := strings.Join(seen, " "), "CCHC:1:1:true CDS:1:1:true DAODUC:1:1:true Sơ cứu ban đầu:2:2:false"; got != want {
		t.Errorf("by topic = %s, want %s", got, want)
	}
	rank := rankJSONOf(t, db, "--index", "training_persons_per_100_cs", "--year", "2023")
	if len(rank) != 1 || rank[0].Score != 1.5 || rank[0].Rank != 1 {
		t.Errorf("rank training_persons_per_100_cs = %+v", rank)
	}
}

func TestTrainingMergerResumsOn34UnitsEqualThe63UnitTotals(t *testing.T) {
	ref := data.MustLoad()
	var b strings.Builder
	b.WriteString("class_id,province_code,level,start_date,trainees,trainees_female\n")
	var staff strings.Builder
	staff.WriteString("province_code,year,civil_servants\n")
	n63 := 0
	for i, p := range ref.Provinces {
		if p.Code == "28" { // Hà Tây ended in 2008
			continue
		}
		n63++
		for k := 0; k < 1+i%3; k++ {
			fmt.Fprintf(&b, "%s-%d,%s,district,%02d/%02d/2024,%d,%d\n", p.Code, k, p.Code, 1+k, 1+i%12, 40+7*i+k, 20+i)
		}
		fmt.Fprintf(&staff, "%s,2024,%d\n", p.Code, 1000+10*i)
	}
	db := trainingWarehouse(t, map[string]string{"lop_2024.csv": b.String(), "bien_che_2024.csv": staff.String()})
	old := trainingJSONOf(t, db, "--year", "2024", "--units", "63")
	units := trainingJSONOf(t, db, "--year", "2024", "--units", "34")
	if len(old) != n63 || len(units) != 34 {
		t.Fatalf("%d rows on the 63-unit map, %d on the 34-unit map; want %d and 34", len(old), len(units), n63)
	}
	successor := map[string]string{}
	for _, c := range ref.Crosswalk {
		successor[c.OldCode] = c.NewCode
	}
	type sums struct{ classes, attendances, female int64 }
	want := map[string]*sums{}
	var total63, total34 sums
	for _, r := range old {
		s := want[successor[r.ProvinceCode]]
		if s == nil {
			s = &sums{}
			want[successor[r.ProvinceCode]] = s
		}
		s.classes += r.Classes
		s.attendances += r.Attendances
		s.female += *r.Female
		total63.classes += r.Classes
		total63.attendances += r.Attendances
	}
	for _, r := range units {
		w := want[r.ProvinceCode]
		if w == nil || r.Classes != w.classes || r.Attendances != w.attendances || *r.Female != w.female {
			t.Errorf("unit %s %s: %d classes %d attendances %d women; constituents sum to %+v", r.ProvinceCode, r.Province, r.Classes, r.Attendances, *r.Female, w)
		}
		total34.classes += r.Classes
		total34.attendances += r.Attendances
	}
	if total34 != total63 {
		t.Errorf("totals: 34 units %+v, 63 units %+v", total34, total63)
	}
	// ranked per 100 civil servants on the 34-unit map: exact re-sums, not estimates
	rank := rankJSONOf(t, db, "--index", "training_per_100_cs", "--year", "2024", "--units", "34")
	if len(rank) != 34 {
		t.Fatalf("%d ranked units, want 34", len(rank))
	}
	for _, r := range units {
		for _, k := range rank {
			if k.ProvinceCode == r.ProvinceCode && fmt.Sprintf("%.2f", k.Score) != fmt.Sprintf("%.2f", *r.PerHundredCS) {
				t.Errorf("unit %s: rank score %v, training per_100_cs %v", r.ProvinceCode, k.Score, *r.PerHundredCS)
			}
		}
	}
	out := mustCLI(t, "--db", db, "rank", "--index", "training_per_100_cs", "--year", "2024", "--units", "34", "--format", "json")
	if strings.Contains(out, `"estimated": true`) {
		t.Error("34-unit training rankings are marked estimated; counts re-sum exactly")
	}
}

func TestTrainingRosterDisagreementIsReported(t *testing.T) {
	db := trainingWarehouse(t, map[string]string{
		"lop.csv":    "class_id,province,start_date,trainees\nR1,Đà Nẵng,2023-03-01,3\nR2,Đà Nẵng,2023-03-05,2\n",
		"roster.csv": "class_id,trainee_id\nR1,A\nR1,B\nR2,A\nR2,C\nR9,Z\n",
	})
	out := mustCLI(t, "--db", db, "training", "--year", "2023")
	for _, want := range []string{"1 lớp có danh sách học viên lệch", "R1 (lop.csv): tệp lớp/class file 3, danh sách/roster 2", "1 roster classes not in any class file"} {
		if !strings.Contains(out, want) {
			t.Errorf("training output lacks %q:\n%s", want, out)
		}
	}
}

func TestBadTrainingFileIsAOneLineErrorAndLoadsNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.duckdb")
	bad := filepath.Join(dir, "lop_2023.csv")
	os.WriteFile(bad, []byte("Mã lớp,Tỉnh,Cấp,Ngày bắt đầu,Ngày kết thúc,Số học viên\nX1,Huế,tỉnh,01/03/2023,02/03/2023,10\nX2,Huế,tỉnh,05/03/2023,04/03/2023,10\n"), 0o644)
	_, errs, code := cli(t, "--db", db, "ingest", bad)
	if code == 0 || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("exit %d, stderr %q; want a non-zero exit and one line", code, errs)
	}
	for _, want := range []string{"lop_2023.csv", "dòng/row 3", `"Ngày kết thúc"`, `"04/03/2023"`, "before the start"} {
		if !strings.Contains(errs, want) {
			t.Errorf("error %q lacks %s", errs, want)
		}
	}
	if out := mustCLI(t, "--db", db, "sql", "select count(*) as n from raw.training_classes"); !strings.Contains(out, "0") {
		t.Errorf("classes after a refused file:\n%s", out)
	}
}

func TestChartTrainingByMonthWritesAPNG(t *testing.T) {
	db := trainingWarehouse(t, map[string]string{"lop.csv": "class_id,province,start_date,trainees\nM1,Quảng Ninh,2021-03-02,37000\nM2,Quảng Ninh,2021-10-02,500\n"})
	out := filepath.Join(t.TempDir(), "m.png")
	stdout := mustCLI(t, "--db", db, "chart", "training", "--year", "2021", "--by", "month", "-o", out)
	b, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(b), "\x89PNG") || !strings.Contains(stdout, "2 tháng") {
		t.Errorf("chart training: %v, stdout %q", err, stdout)
	}
	if _, errs, code := cli(t, "--db", db, "chart", "training", "--year", "2021", "--by", "topic", "-o", out); code != 2 || !strings.Contains(errs, "chart rank --index training_attendances") {
		t.Errorf("--by topic: exit %d, %q", code, errs)
	}
}

func TestRosterOfAClassIDLoadedTwiceFailsTheBuild(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.duckdb")
	files := map[string]string{
		"hn.csv":     "class_id,province,start_date,trainees\nL1,Hà Nội,2023-03-01,2\n",
		"hp.csv":     "class_id,province,start_date,trainees\nL1,Hải Phòng,2023-03-01,2\n",
		"roster.csv": "class_id,trainee_id\nL1,A\nL1,B\n",
	}
	args := []string{"--db", db, "ingest"}
	for _, name := range sortedKeys(files) {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(files[name]), 0o644)
		args = append(args, p)
	}
	mustCLI(t, args...)
	out, errs, code := cli(t, "--db", db, "build")
	if code == 0 || !strings.Contains(errs, "chk_training_roster_class_unique") || !strings.Contains(out, "01 2023, 31 2023") {
		t.Errorf("build: exit %d\n%s\n%s", code, out, errs)
	}
}

func TestStaffingWeightsFor34UnitEstimates(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	// Phú Thọ (new 25) = Hòa Bình 17 + Phú Thọ 25 + Vĩnh Phúc 26
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci.csv", "Tỉnh,Năm,Chỉ số,Điểm\nHòa Bình,2022,PCI,60\nPhú Thọ,2022,PCI,66\nVĩnh Phúc,2022,PCI,70\n"))
	mustCLI(t, "--db", db, "build")
	if _, errs, code := cli(t, "--db", db, "rank", "--index", "PCI", "--year", "2022", "--units", "34", "--weights", "staffing"); code == 0 || !strings.Contains(errs, "load a staffing table") {
		t.Errorf("staffing weights without staffing: exit %d, %q", code, errs)
	}
	// civil servants of 2021 only: the closest year serves 2022
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "bien_che.csv", "Tỉnh;Năm;Số công chức\nHòa Bình;2021;1.000\nPhú Thọ;2021;2.000\nVĩnh Phúc;2021;3.000\n"))
	mustCLI(t, "--db", db, "build")
	out := mustCLI(t, "--db", db, "rank", "--index", "PCI", "--year", "2022", "--units", "34", "--weights", "staffing", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("rank = %s (%v)", out, err)
	}
	want := (60*1000 + 66*2000 + 70*3000) / 6000.0
	if got := rows[0]["score"].(float64); got != want || rows[0]["weights"] != "staffing" || rows[0]["estimated"] != true {
		t.Errorf("staffing-weighted Phú Thọ = %v (%v), want %v", got, rows[0], want)
	}
}

// TestDossierWeightsFor34UnitEstimates: --weights dossiers weighs the
// constituents of a 34-unit estimate by the dossiers they received (the
// closest year), summed over the quarters reported.
func TestDossierWeightsFor34UnitEstimates(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	// Phú Thọ (new 25) = Hòa Bình 17 + Phú Thọ 25 + Vĩnh Phúc 26
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "pci.csv", "Tỉnh,Năm,Chỉ số,Điểm\nHòa Bình,2022,PCI,60\nPhú Thọ,2022,PCI,66\nVĩnh Phúc,2022,PCI,70\n"))
	mustCLI(t, "--db", db, "build")
	if _, errs, code := cli(t, "--db", db, "rank", "--index", "PCI", "--year", "2022", "--units", "34", "--weights", "dossiers"); code == 0 || !strings.Contains(errs, "load dossier statistics or records") {
		t.Errorf("dossier weights without dossiers: exit %d, %q", code, errs)
	}
	// 2023 only (the closest year serves 2022): Hòa Bình 1.000, Phú Thọ 3.000 (two quarters), Vĩnh Phúc 4.000
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "ho_so.csv", "Tỉnh;Kỳ báo cáo;Cấp;Tiếp nhận trực tuyến;Tiếp nhận trực tiếp;Giải quyết đúng hạn\n"+
		"Hòa Bình;Quý I/2023;Cấp tỉnh;400;600;1000\nPhú Thọ;Quý I/2023;Cấp tỉnh;1000;500;1500\nPhú Thọ;Quý II/2023;Cấp tỉnh;1000;500;1500\nVĩnh Phúc;Quý I/2023;Cấp tỉnh;2000;2000;4000\n"))
	mustCLI(t, "--db", db, "build")
	out := mustCLI(t, "--db", db, "rank", "--index", "PCI", "--year", "2022", "--units", "34", "--weights", "dossiers", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("rank = %s (%v)", out, err)
	}
	want := (60*1000 + 66*3000 + 70*4000) / 8000.0
	if got := rows[0]["score"].(float64); math.Abs(got-want) > 1e-9 || rows[0]["weights"] != "dossiers" || rows[0]["estimated"] != true {
		t.Errorf("dossier-weighted Phú Thọ = %v (%v), want %v", got, rows[0], want)
	}
}

func TestTrainingFrom2025IsOnThe34UnitMap(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.duckdb")
	p := writeTemp(t, "lop_2025.csv", "Mã lớp,Tỉnh,Cấp,Ngày bắt đầu,Số học viên\nN1,Hà Giang,tỉnh,05/03/2025,40\nN2,Tuyên Quang,xã,10/08/2025,30\nN3,Tuyên Quang,huyện,10/03/2025,20\n")
	out := mustCLI(t, "--db", db, "ingest", p)
	if !strings.Contains(out, "Tuyên Quang") || !strings.Contains(out, "mã cũ 02") {
		t.Errorf("ingest does not note that Hà Giang is now part of Tuyên Quang:\n%s", out)
	}
	mustCLI(t, "--db", db, "build")
	rows := trainingJSONOf(t, db, "--year", "2025")
	if len(rows) != 1 || rows[0].ProvinceCode != "08" || rows[0].Units != "34" || rows[0].Classes != 3 || rows[0].Attendances != 90 {
		t.Errorf("2025 = %+v, want Tuyên Quang (08) on the 34-unit map with 3 classes and 90 attendances", rows)
	}
	if _, errs, code := cli(t, "--db", db, "training", "--year", "2025", "--units", "63"); code != 2 || !strings.Contains(errs, "34") {
		t.Errorf("--units 63 in 2025: exit %d %q", code, errs)
	}
}

// After the merger, two former provinces of one unit (Bắc Kạn and Thái
// Nguyên are the new Thái Nguyên) may still send files of their own: the
// second does not replace the first, and a corrected file replaces only
// its own former province's classes.
func TestFilesOfTwoFormerProvincesOfOneUnitDoNotReplaceEachOther(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.duckdb")
	bk := writeTemp(t, "bac_kan_2025.csv", "Mã lớp,Tỉnh,Cấp,Ngày bắt đầu,Số học viên\nBK1,Bắc Kạn,tỉnh,05/09/2025,40\nBK2,Bắc Kạn,xã,06/09/2025,10\n")
	tn := writeTemp(t, "thai_nguyen_2025.csv", "Mã lớp,Tỉnh,Cấp,Ngày bắt đầu,Số học viên\nTN1,Thái Nguyên,tỉnh,05/09/2025,100\n")
	mustCLI(t, "--db", db, "ingest", bk, tn)
	mustCLI(t, "--db", db, "build")
	rows := trainingJSONOf(t, db, "--year", "2025")
	if len(rows) != 1 || rows[0].ProvinceCode != "19" || rows[0].Classes != 3 || rows[0].Attendances != 150 {
		t.Fatalf("2025 = %+v, want Thái Nguyên (19) with 3 classes and 150 attendances", rows)
	}
	fix := writeTemp(t, "bac_kan_2025_sua.csv", "Mã lớp,Tỉnh,Cấp,Ngày bắt đầu,Số học viên\nBK1,Bắc Kạn,tỉnh,05/09/2025,45\n")
	mustCLI(t, "--db", db, "ingest", fix)
	mustCLI(t, "--db", db, "build")
	rows = trainingJSONOf(t, db, "--year", "2025")
	if len(rows) != 1 || rows[0].Classes != 3 || rows[0].Attendances != 155 {
		t.Errorf("after a corrected Bắc Kạn class: %+v, want 3 classes (BK1 45 + BK2 10 + TN1 100)", rows)
	}
	// --replace drops Bắc Kạn's classes the file does not state, not Thái Nguyên's
	fix = writeTemp(t, "bac_kan_2025_sua2.csv", "Mã lớp,Tỉnh,Cấp,Ngày bắt đầu,Số học viên\nBK1,Bắc Kạn,tỉnh,05/09/2025,45\n\n")
	if out := mustCLI(t, "--db", db, "ingest", "--replace", fix); !strings.Contains(out, "dropped 1 rows") {
		t.Errorf("ingest --replace does not say it dropped BK2:\n%s", out)
	}
	mustCLI(t, "--db", db, "build")
	rows = trainingJSONOf(t, db, "--year", "2025")
	if len(rows) != 1 || rows[0].Classes != 2 || rows[0].Attendances != 145 {
		t.Errorf("after --replace with a Bắc Kạn file: %+v, want 2 classes (BK1 45 + TN1 100)", rows)
	}
}
