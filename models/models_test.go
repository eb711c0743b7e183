package models

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"cchc"
	"cchc/data"
)

func TestEveryModelStatesItsGrainAndOrderRespectsDependencies(t *testing.T) {
	ms, err := Load(FS())
	if err != nil {
		t.Fatal(err)
	}
	ordered, err := Order(ms)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, m := range ordered {
		pos[m.ID()] = i
		if m.Grain == "" {
			t.Errorf("%s states no grain", m.ID())
		}
	}
	for _, m := range ordered {
		for _, d := range m.Deps {
			if pos[d] >= pos[m.ID()] {
				t.Errorf("%s runs before its dependency %s", m.ID(), d)
			}
		}
		if m.Schema == "checks" && pos[m.ID()] < len(ordered)-countChecks(ordered) {
			t.Errorf("check %s runs before a model", m.Name)
		}
	}
	if pos["marts.mart_index_rankings"] < pos["core.fct_index_score"] {
		t.Error("rankings built before the fact table")
	}
}

func countChecks(ms []Model) int {
	n := 0
	for _, m := range ms {
		if m.Schema == "checks" {
			n++
		}
	}
	return n
}

func TestOrderRejectsCyclesAndMissingModels(t *testing.T) {
	cyc := fstest.MapFS{
		"core/a.sql": {Data: []byte("-- grain: x\nselect * from core.b")},
		"core/b.sql": {Data: []byte("-- grain: x\nselect * from core.a")},
	}
	ms, err := Load(cyc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Order(ms); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("Order of a cycle: %v", err)
	}
	missing := fstest.MapFS{"marts/m.sql": {Data: []byte("-- grain: x\nselect * from core.nothing")}}
	ms, _ = Load(missing)
	if _, err := Order(ms); err == nil || !strings.Contains(err.Error(), "core.nothing") {
		t.Errorf("Order with a missing model: %v", err)
	}
	nograin := fstest.MapFS{"core/a.sql": {Data: []byte("select 1")}}
	if _, err := Load(nograin); err == nil {
		t.Error("a model without a grain line loaded")
	}
}

// warehouseWith creates the raw tables (raw.sql, as ingest does) and inserts score rows.
func warehouseWith(t *testing.T, rows [][]string) *sql.DB {
	t.Helper()
	db, err := cchc.Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := cchc.EnsureRawSchema(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`insert into raw._loads (load_id, file, file_name, sha256, kind, rows, rejected, status, error, slices, illustrative, loaded_at) values (1, 'f.csv', 'f.csv', 'x', 'index-scores', 0, 0, 'loaded', null, '', false, now())`); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if _, err := db.Exec(`insert into raw.index_scores values (?, '63', ?, ?, ?, ?, ?, ?, ?, ?, 'f.csv', '', 2, 1, null, null, null, null, null)`,
			r[0], r[0], r[1], r[2], r[3], r[3], r[4], r[4], nullIfEmpty(r[5])); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func TestBuildDerivesPAPITotalsAndRanks(t *testing.T) {
	// two provinces, PAPI 2019 given as sub-dimensions only for D1 and as dimensions for D2..D8
	var rows [][]string
	for _, p := range []struct {
		code string
		sub  [4]string
		dim  string
	}{{"01", [4]string{"1.0", "1.5", "1.25", "1.25"}, "5"}, {"22", [4]string{"2", "2", "2", "2"}, "6"}} {
		for i, v := range p.sub {
			rows = append(rows, []string{p.code, "2019", "PAPI", "D1." + string(rune('1'+i)), v, ""})
		}
		for _, d := range []string{"D2", "D3", "D4", "D5", "D6", "D7", "D8"} {
			rows = append(rows, []string{p.code, "2019", "PAPI", d, p.dim, ""})
		}
	}
	db := warehouseWith(t, rows)
	if _, err := Build(context.Background(), db, data.MustLoad()); err != nil {
		t.Fatal(err)
	}
	var got string
	err := db.QueryRow(`select string_agg(concat_ws('|', province_code, component_code, score, value_type, rank), ';' order by province_code, component_code)
		from marts.mart_index_rankings where component_code in ('TOTAL', 'D1') and unit_set = '63'`).Scan(&got)
	if err != nil {
		t.Fatal(err)
	}
	want := "01|D1|5.0|derived_sum_of_children|2;01|TOTAL|40.0|derived_sum_of_children|2;22|D1|8.0|derived_sum_of_children|1;22|TOTAL|50.0|derived_sum_of_children|1"
	if got != want {
		t.Errorf("derived rows\n got %s\nwant %s", got, want)
	}
}

// TestFailingCheckIsNamedAndRollsTheBuildBack: with Strict, a failing
// check changes nothing.
func TestFailingCheckIsNamedAndRollsTheBuildBack(t *testing.T) {
	db := warehouseWith(t, [][]string{{"01", "2019", "PCI", "TOTAL", "68.8", "1"}, {"48", "2019", "PCI", "TOTAL", "70.1", ""}})
	if _, err := Build(context.Background(), db, data.MustLoad()); err != nil {
		t.Fatal(err)
	}
	// now a PCI score above its 0-100 scale, and an official rank that contradicts the scores
	if _, err := db.Exec(`insert into raw.index_scores values ('22', '63', 'Quảng Ninh', '2019', 'PCI', 'TOTAL', '', '170.5', '170.5', '2', 'g.csv', '', 3, 1, null, null, null, null, null)`); err != nil {
		t.Fatal(err)
	}
	_, err := BuildWith(context.Background(), db, data.MustLoad(), Options{Strict: true})
	var ce *CheckError
	if !errors.As(err, &ce) {
		t.Fatalf("Build error = %v, want a CheckError", err)
	}
	names := map[string]bool{}
	for _, f := range ce.Failures {
		names[f.Check] = true
	}
	if !names["chk_score_within_scale"] || !names["chk_official_rank_consistent"] {
		t.Errorf("failing checks = %v, want chk_score_within_scale and chk_official_rank_consistent", names)
	}
	if !strings.Contains(err.Error(), "chk_score_within_scale") {
		t.Errorf("error %q does not name the check", err)
	}
	var n int
	if err := db.QueryRow(`select count(*) from marts.mart_index_rankings where unit_set = '63'`).Scan(&n); err != nil || n != 2 {
		t.Errorf("marts after a failed build have %d rows (%v), want the 2 of the last good build", n, err)
	}
}

// TestAFailingCheckHoldsOutItsSliceOnly: without Strict, the index x year a
// failing check names is held out of core and the marts and listed in
// marts.mart_check_failures with its source cells; another year and
// another index still build.
func TestAFailingCheckHoldsOutItsSliceOnly(t *testing.T) {
	db := warehouseWith(t, [][]string{{"01", "2019", "PCI", "TOTAL", "68.8", "1"}, {"48", "2019", "PCI", "TOTAL", "70.1", ""},
		{"01", "2018", "PCI", "TOTAL", "65.0", ""}, {"01", "2019", "PAR", "TOTAL", "85.2", ""}})
	if _, err := db.Exec(`insert into raw.index_scores values ('22', '63', 'Quảng Ninh', '2019', 'PCI', 'TOTAL', '', '170.5', '170.5', '2', 'g.csv', 'Sheet1', 3, 1, null, null, null, null, null)`); err != nil {
		t.Fatal(err)
	}
	_, err := Build(context.Background(), db, data.MustLoad())
	var ie *IsolatedError
	if !errors.As(err, &ie) {
		t.Fatalf("Build error = %v, want an IsolatedError", err)
	}
	if !strings.Contains(err.Error(), "chk_score_within_scale: PCI 2019") {
		t.Errorf("error %q does not name the check and slice", err)
	}
	var got string
	if err := db.QueryRow(`select string_agg(concat_ws('|', check_name, index_id, year, rows, source_cells), ';' order by check_name) from marts.mart_check_failures`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "chk_official_rank_consistent|PCI|2019|1|g.csv / Sheet1 / 3;chk_score_within_scale|PCI|2019|1|g.csv / Sheet1 / 3"; got != want {
		t.Errorf("mart_check_failures = %s\nwant %s", got, want)
	}
	if err := db.QueryRow(`select string_agg(index_id || ' ' || year, ',' order by index_id, year) from (select distinct index_id, year from marts.mart_index_rankings where unit_set = '63')`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "PAR 2019,PCI 2018" {
		t.Errorf("ranked slices = %s, want PAR 2019 and PCI 2018 (PCI 2019 held out)", got)
	}
	// the bad row corrected: the next build holds nothing out
	if _, err := db.Exec(`update raw.index_scores set score = '61.5', rank = '3' where province_code = '22'`); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), db, data.MustLoad()); err != nil {
		t.Fatalf("build after the correction: %v", err)
	}
	if err := db.QueryRow(`select count(*) || '/' || (select count(*) from marts.mart_index_rankings where unit_set = '63' and index_id = 'PCI' and year = 2019) from marts.mart_check_failures`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "0/3" {
		t.Errorf("after the correction: failures/PCI 2019 rows = %s, want 0/3", got)
	}
}
