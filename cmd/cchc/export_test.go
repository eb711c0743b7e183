package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cchc"
	"cchc/data"
	"cchc/ingest"
	"cchc/internal/export"
	"cchc/models"
)

// TestExportLakeReadsBackAsTheWarehouse exports the demo warehouse, every
// layer, and reads the lake back with DuckDB's read_parquet(...,
// hive_partitioning = true): every table has the warehouse's row count and
// the same sum in every numeric column, province codes are text with their
// leading zero, and the manifest's SHA-256 are those of the files.
func TestExportLakeReadsBackAsTheWarehouse(t *testing.T) {
	demo := filepath.Join(demoWarehouse(t), "out", "demo.duckdb")
	lake := filepath.Join(t.TempDir(), "lake")
	out := mustCLI(t, "--db", demo, "export", "--format", "parquet", "--what", "all", "-o", lake, "--json")
	var m export.Manifest
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("export --json: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(lake, export.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var disk export.Manifest
	if err := json.Unmarshal(b, &disk); err != nil {
		t.Fatal(err)
	}
	if len(disk.Tables) != len(m.Tables) || disk.LastLoad == nil || disk.LastBuild == nil || disk.LastBuild.LastLoadID != disk.LastLoad.LoadID {
		t.Fatalf("manifest: %d tables (stdout %d), last load %+v, last build %+v", len(disk.Tables), len(m.Tables), disk.LastLoad, disk.LastBuild)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("attach '" + demo + "' as w (read_only)"); err != nil {
		t.Fatal(err)
	}
	partitioned, codes := 0, 0
	for _, tab := range disk.Tables {
		for _, f := range tab.Files {
			data, err := os.ReadFile(filepath.Join(lake, filepath.FromSlash(f.Path)))
			if err != nil {
				t.Fatal(err)
			}
			if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != f.SHA256 {
				t.Errorf("%s: sha256 differs from the manifest", f.Path)
			}
		}
		if len(tab.PartitionBy) > 0 {
			partitioned++
		}
		lakeRel := fmt.Sprintf("read_parquet('%s/**/*.parquet', hive_partitioning = true)", filepath.Join(lake, tab.Path))
		exprs := []string{"count(*)::double"}
		for _, c := range tab.Columns {
			switch c.Type {
			case "INTEGER", "BIGINT", "DOUBLE", "SMALLINT", "TINYINT", "FLOAT":
				exprs = append(exprs, fmt.Sprintf("coalesce(sum(%q), 0)::double", c.Name))
			case "HUGEINT":
				t.Errorf("%s.%s: the manifest says HUGEINT, which Parquet cannot hold", tab.Name, c.Name)
			}
		}
		sums := func(rel string) []float64 {
			v := make([]float64, len(exprs))
			ptrs := make([]any, len(v))
			for i := range v {
				ptrs[i] = &v[i]
			}
			if err := db.QueryRow("select " + strings.Join(exprs, ", ") + " from " + rel).Scan(ptrs...); err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			return v
		}
		inLake, inWarehouse := sums(lakeRel), sums("w."+tab.Name)
		if inLake[0] != float64(tab.Rows) {
			t.Errorf("%s: %v rows in the lake, manifest %d", tab.Name, inLake[0], tab.Rows)
		}
		for i := range inLake {
			if math.Abs(inLake[i]-inWarehouse[i]) > 1e-9*math.Max(1, math.Abs(inWarehouse[i])) {
				t.Errorf("%s: lake %s = %v, warehouse %v", tab.Name, exprs[i], inLake[i], inWarehouse[i])
			}
		}
		// the files hold the types the manifest names (the partition
		// column is read from the folder names)
		rows, err := db.Query("select column_name, column_type from (describe select * from " + lakeRel + ")")
		if err != nil {
			t.Fatal(err)
		}
		lakeTypes := map[string]string{}
		for rows.Next() {
			var name, typ string
			if err := rows.Scan(&name, &typ); err != nil {
				t.Fatal(err)
			}
			lakeTypes[name] = typ
		}
		rows.Close()
		for _, c := range tab.Columns {
			if !slices.Contains(tab.PartitionBy, c.Name) && lakeTypes[c.Name] != c.Type {
				t.Errorf("%s.%s: manifest type %s, lake %s", tab.Name, c.Name, c.Type, lakeTypes[c.Name])
			}
		}
		for _, c := range tab.Columns {
			if c.Name != "province_code" || tab.Rows == 0 {
				continue
			}
			var typ string
			var zeros int64
			if err := db.QueryRow("select any_value(typeof(province_code)), count(*) filter (where province_code like '0_') from "+lakeRel).Scan(&typ, &zeros); err != nil {
				t.Fatal(err)
			}
			if typ != "VARCHAR" || zeros == 0 {
				t.Errorf("%s: province_code read back as %s with %d codes 0x", tab.Name, typ, zeros)
			}
			codes++
		}
	}
	if partitioned < 10 || codes < 10 {
		t.Errorf("only %d partitioned tables and %d with province codes: the check checked little", partitioned, codes)
	}
	// Hanoi's code in a mart, exactly
	var n int64
	if err := db.QueryRow(fmt.Sprintf("select count(*) from read_parquet('%s/marts/mart_index_rankings/**/*.parquet', hive_partitioning = true) where province_code = '01' and year = 2024", lake)).Scan(&n); err != nil || n == 0 {
		t.Errorf("Hà Nội (01) in 2024 in the lake: %d rows, %v", n, err)
	}
}

// TestExportCSVOfTheDemoNeutralisesText exports the demo's marts as CSV
// and XLSX: no text cell starts with = + - @ unless it is a number, and
// every table of the manifest has its file.
func TestExportCSVAndXLSXOfTheDemo(t *testing.T) {
	demo := filepath.Join(demoWarehouse(t), "out", "demo.duckdb")
	dir := filepath.Join(t.TempDir(), "csv")
	out := mustCLI(t, "--db", demo, "export", "--format", "csv", "-o", dir)
	if !strings.Contains(out, "exported ") || !strings.Contains(out, "marts.mart_index_rankings") {
		t.Errorf("export csv printed %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "marts", "mart_index_rankings.csv")); err != nil {
		t.Error(err)
	}
	x := filepath.Join(t.TempDir(), "xlsx")
	mustCLI(t, "--db", demo, "export", "--format", "xlsx", "--what", "core,marts", "-o", x)
	for _, f := range []string{"core.xlsx", "marts.xlsx", export.ManifestFile} {
		if _, err := os.Stat(filepath.Join(x, f)); err != nil {
			t.Error(err)
		}
	}
}

// TestModelsRunOverTheExportedRawLayer is the lake's other promise: the
// models are plain SQL over raw.*, so the raw layer read back from the
// Parquet files into an empty DuckDB builds the same marts.
func TestModelsRunOverTheExportedRawLayer(t *testing.T) {
	ctx := context.Background()
	demo := filepath.Join(demoWarehouse(t), "out", "demo.duckdb")
	lake := filepath.Join(t.TempDir(), "lake")
	mustCLI(t, "--db", demo, "export", "--what", "raw", "-o", lake)
	b, err := os.ReadFile(filepath.Join(lake, export.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m export.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	db, err := cchc.Open(ctx, filepath.Join(t.TempDir(), "from_lake.duckdb"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := ingest.EnsureSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	for _, tab := range m.Tables {
		q := fmt.Sprintf("insert into %s by name select * from read_parquet('%s/**/*.parquet', hive_partitioning = true)", tab.Name, filepath.Join(lake, tab.Path))
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	ref, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.BuildWith(ctx, db, ref, models.Options{Full: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("attach '" + demo + "' as w (read_only)"); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`select table_name from information_schema.tables where table_catalog = 'w' and table_schema = 'marts' and table_name like 'mart\_%' escape '\' order by 1`)
	if err != nil {
		t.Fatal(err)
	}
	var marts []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		marts = append(marts, n)
	}
	rows.Close()
	if len(marts) < 10 {
		t.Fatalf("only %d marts in the demo", len(marts))
	}
	// doubles compared to 6 decimals: the models' parallel sums are not
	// bit-for-bit the same from one build to the next (472.9812 and
	// 472.98119999999994), here as in the warehouse itself
	for _, name := range marts {
		cols, err := db.Query(`select column_name, data_type from information_schema.columns
			where table_catalog = 'w' and table_schema = 'marts' and table_name = ? order by ordinal_position`, name)
		if err != nil {
			t.Fatal(err)
		}
		var sel []string
		for cols.Next() {
			var c, typ string
			cols.Scan(&c, &typ)
			if typ == "DOUBLE" {
				sel = append(sel, fmt.Sprintf("round(%q, 6)", c))
			} else {
				sel = append(sel, fmt.Sprintf("%q", c))
			}
		}
		cols.Close()
		list := strings.Join(sel, ", ")
		var a, b, n int64
		q := fmt.Sprintf(`select (select count(*) from (select %[2]s from w.marts.%[1]s except all select %[2]s from marts.%[1]s)),
			(select count(*) from (select %[2]s from marts.%[1]s except all select %[2]s from w.marts.%[1]s)), (select count(*) from marts.%[1]s)`, name, list)
		if err := db.QueryRow(q).Scan(&a, &b, &n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if a != 0 || b != 0 {
			t.Errorf("marts.%s built from the lake differs: %d rows only in the warehouse, %d only in the rebuild (of %d)", name, a, b, n)
		}
	}
}
