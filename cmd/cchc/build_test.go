package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"cchc"
	"cchc/data/sample"
)

// snapshot fingerprints every staging view and core and marts table (the
// build's own bookkeeping aside): its row count and the sum of its rows'
// hashes, doubles rounded to 9 decimals (a parallel sum of doubles may differ
// in its last bits from one run to the next).
func snapshot(t *testing.T, dbPath string) map[string]string {
	t.Helper()
	ctx := context.Background()
	db, err := cchc.Open(ctx, dbPath, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`select table_schema || '.' || table_name,
		string_agg(case when data_type in ('DOUBLE', 'FLOAT') then 'round(' || column_name || ', 9)' else column_name end, ', ' order by ordinal_position)
		from information_schema.columns
		where table_schema in ('staging', 'core', 'marts') and table_name not like '\_build%' escape '\'
		group by 1 order by 1`)
	if err != nil {
		t.Fatal(err)
	}
	type rel struct{ name, cols string }
	var rels []rel
	for rows.Next() {
		var r rel
		if err := rows.Scan(&r.name, &r.cols); err != nil {
			t.Fatal(err)
		}
		rels = append(rels, r)
	}
	rows.Close()
	out := map[string]string{}
	for _, r := range rels {
		// names from the catalog; the query is the test's own
		var n int64
		var sum string
		if err := db.QueryRow("select count(*), coalesce(cast(sum(hash(_x)) as varchar), '') from (select "+r.cols+" from "+r.name+") as _x").Scan(&n, &sum); err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		out[r.name] = fmt.Sprintf("%d rows, hash %s", n, sum)
	}
	return out
}

// buildActions reads what the last build did with each model.
func buildActions(t *testing.T, dbPath string) map[string]string {
	t.Helper()
	db, err := cchc.Open(context.Background(), dbPath, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`select model, action || case when action = 'slices' then ' ' || slices else '' end from marts._build_models`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var m, a string
		if err := rows.Scan(&m, &a); err != nil {
			t.Fatal(err)
		}
		out[m] = a
	}
	return out
}

func writeRecords(t *testing.T, dir, name string, n int, provinces []string, year int) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := sample.WriteDossierRecords(f, n, provinces, year); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestIncrementalBuildEqualsFullBuild loads the sample a part at a time (the
// index files but one, the last index file, training files, dossier
// statistics and records, records of two more provinces, records that
// replace one province-year, then unloading those records and the last
// index file) and after each load checks that 'cchc build'
// (incremental) gives the same tables as 'cchc build --full', and that it
// rebuilt only what the load touched.
func TestIncrementalBuildEqualsFullBuild(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	idx, err := sample.Generate(filepath.Join(dir, "sample"))
	if err != nil {
		t.Fatal(err)
	}
	training, err := sample.GenerateTraining(filepath.Join(dir, "sample"))
	if err != nil {
		t.Fatal(err)
	}
	dossiers, err := sample.GenerateDossiers(filepath.Join(dir, "sample"))
	if err != nil {
		t.Fatal(err)
	}
	ingestIndex := func(f sample.File) []string {
		args := []string{"--db", db, "ingest", "--illustrative"}
		if f.Format == "wide" {
			args = append(args, "--index", f.Index)
		}
		return append(args, f.Path)
	}
	var trainingPaths []string
	for _, f := range training {
		trainingPaths = append(trainingPaths, f.Path)
	}
	// unload takes back the load of a file (by its base name)
	unload := func(name string) func() {
		return func() {
			var loads []struct {
				ID   int64  `json:"load_id"`
				File string `json:"file"`
			}
			if err := json.Unmarshal([]byte(mustCLI(t, "--db", db, "loads", "--format", "json")), &loads); err != nil {
				t.Fatal(err)
			}
			for _, l := range loads {
				if filepath.Base(l.File) == name {
					mustCLI(t, "--db", db, "unload", strconv.FormatInt(l.ID, 10))
					return
				}
			}
			t.Fatalf("no load of %s", name)
		}
	}
	steps := []struct {
		name  string
		loads [][]string
		want  map[string]string // model -> what the incremental build did with it
		run   func()            // instead of loads: another change to the warehouse
	}{
		{"index files but one", func() [][]string {
			var l [][]string
			for _, f := range idx[:len(idx)-1] {
				l = append(l, ingestIndex(f))
			}
			return l
		}(), map[string]string{"core.fct_index_score": "full", "core.fct_dossier_period": "full"}, nil},
		// the scores are sliced by index x year: the file's six index-years are rebuilt, down to the rankings
		{"one more index file", [][]string{ingestIndex(idx[len(idx)-1])},
			map[string]string{"core.fct_index_score": "slices 6", "marts.mart_unit_scores": "slices 6", "marts.mart_index_rankings": "slices 6",
				"core.fct_dossier_period": "kept", "core.fct_training_class": "kept", "core.dim_province": "kept"}, nil},
		{"training files", [][]string{append([]string{"--db", db, "ingest"}, trainingPaths...)},
			// the unit scores (and so the rankings on 34 units) weigh by staffing and hold the
			// training measures: rebuilt whole, and so is what reads them, though no index-year changed
			map[string]string{"core.fct_training_class": "full", "core.fct_index_score": "kept", "marts.mart_unit_scores": "full", "marts.mart_index_rankings": "full",
				"core.fct_dossier_period": "kept", "marts.mart_index_coverage": "kept"}, nil},
		{"dossier statistics, records and satisfaction", [][]string{append([]string{"--db", db, "ingest"}, dossiers...)},
			map[string]string{"core.fct_index_score": "kept", "core.fct_training_class": "kept"}, nil},
		{"records of two more provinces", [][]string{{"--db", db, "ingest", writeRecords(t, dir, "more.csv", 3000, []string{"01", "79"}, 2024)}},
			map[string]string{"core.fct_dossier_period": "slices 2", "marts.mart_dossier_source_overlaps": "slices 2", "core.fct_index_score": "kept"}, nil},
		{"records replacing one province-year", [][]string{{"--db", db, "ingest", writeRecords(t, dir, "again.csv", 800, []string{"22"}, 2023)}},
			map[string]string{"core.fct_dossier_period": "slices 1", "core.fct_index_score": "kept"}, nil},
		{"unload of the replacing records", nil, map[string]string{"core.fct_index_score": "kept"}, unload("again.csv")},
		{"unload of the last index file", nil, map[string]string{"core.fct_index_score": "slices 6", "marts.mart_index_rankings": "slices 6", "core.fct_dossier_period": "kept"}, unload(filepath.Base(idx[len(idx)-1].Path))},
		{"nothing new", nil, map[string]string{"core.fct_dossier_period": "kept", "core.fct_index_score": "kept", "marts.mart_index_rankings": "kept"}, nil},
	}
	for _, st := range steps {
		for _, args := range st.loads {
			mustCLI(t, args...)
		}
		if st.run != nil {
			st.run()
		}
		mustCLI(t, "--db", db, "build")
		got := buildActions(t, db)
		for m, want := range st.want {
			if got[m] != want {
				t.Errorf("%s: the incremental build did %q with %s, want %q", st.name, got[m], m, want)
			}
		}
		inc := snapshot(t, db)
		mustCLI(t, "--db", db, "build", "--full")
		full := snapshot(t, db)
		if len(inc) != len(full) {
			t.Fatalf("%s: %d relations after the incremental build, %d after the full one", st.name, len(inc), len(full))
		}
		var names []string
		for tb := range full {
			names = append(names, tb)
		}
		sort.Strings(names)
		for _, tb := range names {
			if inc[tb] != full[tb] {
				t.Errorf("%s: %s differs between the incremental and the full build (%s; %s)", st.name, tb, inc[tb], full[tb])
			}
		}
		if st.name == "records of two more provinces" && strings.HasPrefix(full["core.fct_dossier_period"], "0 rows") {
			t.Errorf("%s: no dossier periods", st.name)
		}
	}
}

func TestBuildVerboseAndJSON(t *testing.T) {
	db, _ := dossierWarehouse(t)
	out := mustCLI(t, "--db", db, "build", "--verbose", "--full")
	for _, want := range []string{"core.fct_dossier_period", " ms ", "dựng lại / rebuilt", "chk_dossier_unit_valid", "built ", "thời gian / time: "} {
		if !strings.Contains(out, want) {
			t.Errorf("build --verbose lacks %q:\n%s", want, out)
		}
	}
	out, errs, code := cli(t, "--db", db, "build", "--format", "json")
	if code != 0 || errs != "" {
		t.Fatalf("build --format json: exit %d, stderr %q", code, errs)
	}
	var rep struct {
		Full    bool `json:"full"`
		Rebuilt int  `json:"rebuilt"`
		Runs    []struct {
			Model        string  `json:"model"`
			Action       string  `json:"action"`
			Milliseconds float64 `json:"milliseconds"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if rep.Full || rep.Rebuilt != 0 || len(rep.Runs) == 0 {
		t.Errorf("a second build with nothing new: full %v, rebuilt %d, %d runs", rep.Full, rep.Rebuilt, len(rep.Runs))
	}
	// the times are recorded in the warehouse too
	sdb, err := cchc.Open(context.Background(), db, true)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var n int
	var ms float64
	if err := sdb.QueryRow(`select count(*), (select milliseconds from marts._build) from marts._build_models where milliseconds >= 0 and action = 'kept'`).Scan(&n, &ms); err != nil || n != len(rep.Runs) || ms <= 0 {
		t.Errorf("marts._build_models: %d kept rows with times (%v), want %d; build %v ms", n, err, len(rep.Runs), ms)
	}
}
