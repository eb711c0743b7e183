package sample

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func generateTraining(t *testing.T) (string, []File) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sample")
	files, err := GenerateTraining(dir)
	if err != nil {
		t.Fatalf("GenerateTraining: %v", err)
	}
	return dir, files
}

func readTrainingCSV(t *testing.T, dir, name string, comma rune) []map[string]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(readFile(t, dir, name)))
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

func undot(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
	if err != nil {
		t.Fatalf("count %q: %v", s, err)
	}
	return n
}

func TestGenerateTrainingIsDeterministic(t *testing.T) {
	dir1, files1 := generateTraining(t)
	dir2, files2 := generateTraining(t)
	want := []string{TrainingClassesFile, TrainingQuangNinhFile, TrainingBacKanFile, TrainingRosterFile, TrainingStaffingFile}
	if len(files1) != len(want) || len(files2) != len(want) {
		t.Fatalf("%d and %d files, want %d", len(files1), len(files2), len(want))
	}
	for i, name := range want {
		if filepath.Base(files1[i].Path) != name {
			t.Errorf("file %d = %s, want %s", i, files1[i].Path, name)
		}
		if !bytes.Equal(readFile(t, dir1, name), readFile(t, dir2, name)) {
			t.Errorf("%s: two runs wrote different bytes", name)
		}
	}
}

// Quảng Ninh 2021 at the published scale: more than 500 classes and more
// than 37.000 trainee-attendances; odd years' dates are text, even years'
// typed Excel dates.
func TestTrainingQuangNinhMatchesThePublishedScale(t *testing.T) {
	dir, _ := generateTraining(t)
	f, err := excelize.OpenFile(filepath.Join(dir, TrainingQuangNinhFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(TrainingQuangNinhSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if rows[2][0] != "Mã lớp" || rows[2][8] != "Số lượt học viên" {
		t.Fatalf("header row = %v", rows[2])
	}
	classes, attendances, typed := 0, 0, 0
	for i, r := range rows[3:] {
		year := r[0][3:7]
		if year == "2021" {
			classes++
			n, _ := strconv.Atoi(r[8])
			attendances += n
			if !strings.Contains(r[4], "/2021") {
				t.Errorf("row %d: 2021 start date %q is not dd/mm/yyyy text", i+4, r[4])
			}
		}
		if year == "2022" {
			axis, _ := excelize.CoordinatesToCellName(5, i+4)
			if ct, _ := f.GetCellType(TrainingQuangNinhSheet, axis); ct != excelize.CellTypeSharedString && ct != excelize.CellTypeInlineString {
				typed++
			}
		}
	}
	if classes <= 500 || attendances <= 37000 {
		t.Errorf("Quảng Ninh 2021: %d classes, %d attendances; want more than 500 and 37.000", classes, attendances)
	}
	if typed == 0 {
		t.Error("no typed Excel dates in 2022")
	}
}

func TestTrainingCoversEveryProvinceYearWithHundredsOfClasses(t *testing.T) {
	dir, _ := generateTraining(t)
	count := map[string]int{}
	for _, r := range readTrainingCSV(t, dir, TrainingClassesFile, ',') {
		count[r["province"]+" "+r["start_date"][:4]]++
		if r["end_date"] < r["start_date"] {
			t.Errorf("class %s ends before it starts", r["class_id"])
		}
		if r["level"] == "district" && r["start_date"] >= "2025-07-01" {
			t.Errorf("class %s is at the district level after the district level was abolished", r["class_id"])
		}
	}
	bk := readTrainingCSV(t, dir, TrainingBacKanFile, ';')
	for _, r := range bk {
		count["Bắc Kạn "+r["Mã lớp"][3:7]]++
	}
	provinces := map[string]bool{}
	for k, n := range count {
		provinces[k[:len(k)-5]] = true
		if n < 100 {
			t.Errorf("%s: %d classes, want hundreds", k, n)
		}
	}
	if len(provinces) != nProvinces-1 { // Quảng Ninh is in its own workbook
		t.Errorf("%d provinces in the CSV files, want %d", len(provinces), nProvinces-1)
	}
	words := 0
	for _, r := range bk {
		if strings.HasPrefix(r["Ngày bắt đầu"], "ngày ") {
			words++
		}
	}
	if words == 0 {
		t.Error("no Bắc Kạn date written in words")
	}
}

func TestTrainingRosterMatchesItsClasses(t *testing.T) {
	dir, _ := generateTraining(t)
	want := map[string]int{}
	for _, r := range readTrainingCSV(t, dir, TrainingBacKanFile, ';') {
		if r["Mã lớp"][3:7] == "2023" {
			want[r["Mã lớp"]] = undot(t, r["Số lượt học viên"])
		}
	}
	got := map[string]int{}
	seen := map[string]bool{}
	persons := map[string]bool{}
	for _, r := range readTrainingCSV(t, dir, TrainingRosterFile, ',') {
		key := r["Mã lớp"] + "|" + r["Mã học viên"]
		if seen[key] {
			t.Errorf("%s attends class %s twice", r["Mã học viên"], r["Mã lớp"])
		}
		seen[key] = true
		got[r["Mã lớp"]]++
		persons[r["Mã học viên"]] = true
	}
	if len(got) != len(want) {
		t.Errorf("roster covers %d classes, the class file has %d", len(got), len(want))
	}
	total := 0
	for id, n := range want {
		if got[id] != n {
			t.Errorf("class %s: %d roster lines, %d trainees in the class file", id, got[id], n)
		}
		total += n
	}
	if len(persons) >= total {
		t.Errorf("%d persons for %d attendances: people should attend several classes", len(persons), total)
	}
}
