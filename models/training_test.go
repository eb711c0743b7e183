package models

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cchc/data"
)

var update = flag.Bool("update", false, "rewrite golden files")

// trainingFixture: Hà Giang (02) and Tuyên Quang (08) form the new Tuyên
// Quang (08); Quảng Ninh (22) is unchanged. Hà Giang's class spans January
// and February; person P1 attends three classes.
func trainingFixture(t *testing.T) string {
	t.Helper()
	db := warehouseWith(t, nil)
	classes := [][]string{
		// class, province, year, level, start, end, topic, mapped, trainees, female, planned
		{"A1", "02", "2023", "province", "2023-01-30", "2023-02-02", "CCHC", "true", "30", "12", "40"},
		{"A2", "08", "2023", "commune", "2023-02-05", "2023-02-06", "CDS", "true", "50", "25", ""},
		{"A3", "08", "2023", "district", "2023-03-01", "2023-03-01", "Phòng cháy", "false", "3", "1", ""},
		{"A4", "22", "2023", "province", "2023-03-05", "2023-03-06", "CCHC", "true", "1", "", ""},
		{"A5", "22", "2023", "province", "2023-04-05", "2023-04-06", "QLNN", "true", "1", "", ""},
		{"A6", "22", "2022", "province", "2022-04-05", "2022-04-06", "QLNN", "true", "10", "5", "10"},
	}
	for _, c := range classes {
		if _, err := db.Exec(`insert into raw.training_classes values (?, '63', ?, ?, ?, 'Sở Nội vụ', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'in_person', 'Trực tiếp', ?, ?, 'CC', 'CC', ?, null, 'f.csv', '', 2, 1, ?, null)`,
			c[1], c[1], c[2], c[0], c[3], c[3], c[4], c[4], c[5], c[5], c[6], c[7] == "true", c[6], c[8], nullIfEmpty(c[9]), nullIfEmpty(c[10]), c[1]); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range [][2]string{{"A3", "P1"}, {"A3", "P2"}, {"A3", "P3"}, {"A4", "P1"}, {"A5", "P1"}} {
		if _, err := db.Exec(`insert into raw.training_roster values (?, ?, '', null, null, '', 'r.csv', '', 2, 1, null)`, r[0], r[1]); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range [][2]string{{"02", "1000"}, {"08", "1500"}, {"22", "200"}} {
		if _, err := db.Exec(`insert into raw.staffing values (?, '63', ?, '2023', ?, null, null, 's.csv', '', 2, 1, null)`, s[0], s[0], s[1]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Build(context.Background(), db, data.MustLoad()); err != nil {
		t.Fatal(err)
	}
	var dump strings.Builder
	rows, err := db.Query(`select province_code, unit_set, year, index_id, round(score, 4), n_constituents, estimated
		from marts.mart_training_scores order by all`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	w := csv.NewWriter(&dump)
	w.Write([]string{"province_code", "unit_set", "year", "index_id", "score", "n_constituents", "estimated"})
	for rows.Next() {
		var code, set, ix string
		var year, n int
		var score float64
		var est bool
		if err := rows.Scan(&code, &set, &year, &ix, &score, &n, &est); err != nil {
			t.Fatal(err)
		}
		w.Write([]string{code, set, fmt.Sprint(year), ix, fmt.Sprint(score), fmt.Sprint(n), fmt.Sprint(est)})
	}
	w.Flush()
	return dump.String()
}

func TestTrainingScoresGolden(t *testing.T) {
	got := trainingFixture(t)
	// hand-computed: new Tuyên Quang 2023 = 30 + 50 + 3 attendances over
	// 1000 + 1500 civil servants; Quảng Ninh's P1 is one person in two classes
	for _, want := range []string{
		"08,34,2023,training_attendances,83,2,false",
		"08,34,2023,training_per_100_cs,3.32,2,false",
		"08,34,2023,training_classes,3,2,false",
		"02,63,2023,training_plan_pct,75,1,false",
		"22,63,2023,training_attendances,2,1,false",
		"22,63,2023,training_persons_per_100_cs,0.5,1,false",
		"08,63,2023,training_female_pct,49.0566,1,false",
	} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("mart_training_scores lacks %s", want)
		}
	}
	// Quảng Ninh 2022 has no staffing: no rate per civil servant
	if strings.Contains(got, "22,63,2022,training_per_100_cs") {
		t.Error("a rate per civil servant without staffing")
	}
	path := filepath.Join("testdata", "golden", "mart_training_scores.csv")
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./models -update)", err)
	}
	if got != string(want) {
		t.Errorf("marts.mart_training_scores differs from %s (run with -update if intended):\n%s", path, got)
	}
}

// A class id loaded for two provinces fails chk_training_roster_class_unique
// (its roster would count twice): the class is held out of core and the
// marts and listed with its source cells; every other class builds.
func TestAClassLoadedTwiceIsHeldOut(t *testing.T) {
	db := warehouseWith(t, nil)
	for _, c := range [][3]string{{"A1", "02", "a.csv"}, {"A1", "22", "b.csv"}, {"A2", "22", "b.csv"}} {
		if _, err := db.Exec(`insert into raw.training_classes values (?, '63', ?, '2023', ?, 'Sở Nội vụ', 'province', 'province', '2023-03-01', '2023-03-01',
			null, null, 'CCHC', true, 'CCHC', 'in_person', 'Trực tiếp', '20', null, 'CC', 'CC', null, null, ?, 'Lớp', 3, 1, ?, null)`, c[1], c[1], c[0], c[2], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`insert into raw.training_roster values ('A1', 'P1', '', null, null, '', 'r.csv', '', 2, 1, null)`); err != nil {
		t.Fatal(err)
	}
	_, err := Build(context.Background(), db, data.MustLoad())
	if err == nil || !strings.Contains(err.Error(), "chk_training_roster_class_unique: lớp/class A1") {
		t.Fatalf("build: %v, want class A1 held out", err)
	}
	var got string
	if err := db.QueryRow(`select string_agg(concat_ws('|', check_name, slice_kind, class_id, rows, source_cells), ';') from marts.mart_check_failures`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "chk_training_roster_class_unique|classes|A1|1|a.csv / Lớp / 3; b.csv / Lớp / 3"; got != want {
		t.Errorf("mart_check_failures = %s\nwant %s", got, want)
	}
	if err := db.QueryRow(`select string_agg(class_id || '@' || province_code, ',' order by class_id) from marts.mart_training_classes where unit_set = '63'`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "A2@22" {
		t.Errorf("classes built = %s, want A2 only", got)
	}
	if err := db.QueryRow(`select count(*) from marts.mart_training_roster_gaps`).Scan(&got); err != nil || got != "0" {
		t.Errorf("roster gaps = %s (%v), want none: the held-out class is listed as a failure, not as unknown", got, err)
	}
}
