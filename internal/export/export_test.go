package export

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cchc"
)

// fixture makes a warehouse with a partitioned table (a NULL year among
// them), a table without a year, a text-year table and an empty one.
func fixture(t *testing.T) (*sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := cchc.Open(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`create schema marts`, `create schema raw`,
		`create table marts.scores(province_code varchar, year integer, score double, note varchar)`,
		`insert into marts.scores values ('01', 2019, 60.5, '=HYPERLINK("http://x")'), ('02', 2019, 61, '+1 hai'),
			('01', 2020, 62.25, '-x'), ('79', 2020, -3.5, '@sum'), ('08', null, 1, 'Hà Nội'), ('01', 2021, 70, '-3.5')`,
		`create table marts.provinces(province_code varchar, name_vi varchar)`,
		`insert into marts.provinces values ('01', 'Hà Nội'), ('79', 'TP Hồ Chí Minh')`,
		`create table marts.empty(year integer, x integer)`,
		`create table raw.index_scores(province_code varchar, year varchar, score varchar)`,
		`insert into raw.index_scores values ('01', '2019', '60,5'), ('01', 'năm 2019', '1')`,
		`create view marts.v as select 1`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	db, err = cchc.Open(context.Background(), path, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func readManifest(t *testing.T, dir string) Manifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func checkSHA(t *testing.T, dir string, m Manifest) {
	t.Helper()
	for _, tab := range m.Tables {
		for _, f := range tab.Files {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(b)
			if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(b)) != f.Bytes {
				t.Errorf("%s: manifest sha256 %s (%d bytes), file %x (%d bytes)", f.Path, f.SHA256, f.Bytes, sum, len(b))
			}
		}
	}
}

func TestParquetLakeReadsBackPartitionedWithTextCodes(t *testing.T) {
	db, path := fixture(t)
	dir := filepath.Join(t.TempDir(), "lake")
	m, err := Write(context.Background(), db, Options{Format: "parquet", Layers: []string{"marts", "raw"}, Dir: dir, Warehouse: path, LastLoadID: 7, BuiltAt: "2026-01-02T03:04:05Z", BuildLoadID: 7})
	if err != nil {
		t.Fatal(err)
	}
	disk := readManifest(t, dir)
	checkSHA(t, dir, disk)
	if disk.LastLoad == nil || disk.LastLoad.LoadID != 7 || disk.LastBuild == nil || disk.LastBuild.BuiltAt != "2026-01-02T03:04:05Z" {
		t.Errorf("manifest last load %+v, last build %+v", disk.LastLoad, disk.LastBuild)
	}
	var names []string
	for _, tab := range m.Tables {
		names = append(names, tab.Name)
	}
	// raw before marts; views left out
	if got := strings.Join(names, " "); got != "raw.index_scores marts.empty marts.provinces marts.scores" {
		t.Errorf("tables = %s", got)
	}
	// every partition folder name is ASCII
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		for _, r := range p {
			if r > 127 {
				t.Errorf("non-ASCII path %s", p)
				break
			}
		}
		return nil
	})
	// a NULL year is Hive's default partition, read back as NULL
	for _, want := range []string{"marts/scores/year=2019", "marts/scores/year=2020", "marts/scores/year=__HIVE_DEFAULT_PARTITION__", "marts/provinces/data_0.parquet", "marts/empty/data_0.parquet", "raw/index_scores/data_0.parquet"} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Errorf("lake lacks %s: %v", want, err)
		}
	}
	mem, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	glob := func(table string) string {
		return "read_parquet('" + filepath.Join(dir, table) + "/**/*.parquet', hive_partitioning = true)"
	}
	var n int64
	var sum float64
	var years int64
	if err := mem.QueryRow("select count(*), sum(score), count(year) from "+glob("marts/scores")).Scan(&n, &sum, &years); err != nil {
		t.Fatal(err)
	}
	if n != 6 || sum != 60.5+61+62.25-3.5+1+70 || years != 5 {
		t.Errorf("read back %d rows, sum %v, %d years; want 6, %v, 5", n, sum, years, 60.5+61+62.25-3.5+1+70)
	}
	var typ, first string
	if err := mem.QueryRow("select any_value(typeof(province_code)), min(province_code) from "+glob("marts/scores")).Scan(&typ, &first); err != nil {
		t.Fatal(err)
	}
	if typ != "VARCHAR" || first != "01" {
		t.Errorf("province_code read back as %s, first %q; want VARCHAR \"01\"", typ, first)
	}
	// the text note is as it was: Parquet is data, not a spreadsheet
	var note string
	if err := mem.QueryRow("select note from " + glob("marts/scores") + " where year = 2019 and province_code = '01'").Scan(&note); err != nil {
		t.Fatal(err)
	}
	if note != `=HYPERLINK("http://x")` {
		t.Errorf("note = %q", note)
	}
	if err := mem.QueryRow("select count(*) from " + glob("raw/index_scores") + " where year = 'năm 2019'").Scan(&n); err != nil || n != 1 {
		t.Errorf("raw text year read back: %d, %v", n, err)
	}
	for _, tab := range disk.Tables {
		if tab.Name == "marts.scores" && (len(tab.PartitionBy) != 1 || tab.Rows != 6 || len(tab.Columns) != 4 || tab.Columns[0].Type != "VARCHAR") {
			t.Errorf("manifest of marts.scores = %+v", tab)
		}
		if tab.Name == "raw.index_scores" && len(tab.PartitionBy) != 0 {
			t.Errorf("a text year is not a partition: %+v", tab)
		}
	}
}

func TestCSVExportNeutralisesFormulaText(t *testing.T) {
	db, _ := fixture(t)
	dir := filepath.Join(t.TempDir(), "csv")
	if _, err := Write(context.Background(), db, Options{Format: "csv", Layers: []string{"marts"}, Dir: dir}); err != nil {
		t.Fatal(err)
	}
	checkSHA(t, dir, readManifest(t, dir))
	f, err := os.Open(filepath.Join(dir, "marts", "scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]string{}
	for _, r := range recs[1:] {
		notes[r[0]+" "+r[1]] = r[3]
		if strings.HasPrefix(r[2], "'") {
			t.Errorf("a number was neutralised: %q", r[2])
		}
	}
	want := map[string]string{"01 2019": `'=HYPERLINK("http://x")`, "02 2019": "'+1 hai", "01 2020": "'-x", "79 2020": "'@sum", "08 ": "Hà Nội", "01 2021": "-3.5"}
	for k, v := range want {
		if notes[k] != v {
			t.Errorf("CSV note of %s = %q, want %q", k, notes[k], v)
		}
	}
	if strings.Join(recs[0], ",") != "province_code,year,score,note" {
		t.Errorf("header = %v", recs[0])
	}
}

func TestXLSXExportHasVietnameseHeadersAndSafeCells(t *testing.T) {
	db, _ := fixture(t)
	dir := filepath.Join(t.TempDir(), "xlsx")
	m, err := Write(context.Background(), db, Options{Format: "xlsx", Layers: []string{"marts"}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	checkSHA(t, dir, readManifest(t, dir))
	x, err := excelize.OpenFile(filepath.Join(dir, "marts.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := strings.Join(x.GetSheetList(), ","); got != "empty,provinces,scores,_cot_columns" {
		t.Errorf("sheets = %s", got)
	}
	rows, err := x.GetRows("scores")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], "|") != "Mã tỉnh|Năm|Điểm|Ghi chú" {
		t.Errorf("header = %v", rows[0])
	}
	if len(rows) != 7 || m.Tables[2].Rows != 6 {
		t.Errorf("%d rows on the sheet, manifest %d", len(rows), m.Tables[2].Rows)
	}
	for _, r := range rows[1:] {
		if len(r) > 3 && r[3] != "" && strings.ContainsRune("=+@", rune(r[3][0])) {
			t.Errorf("formula-like cell kept: %q", r[3])
		}
	}
	// a formula was never written
	for i := 2; i <= 7; i++ {
		if f, _ := x.GetCellFormula("scores", "D"+string(rune('0'+i))); f != "" {
			t.Errorf("D%d has formula %q", i, f)
		}
	}
}

func TestExportReplacesOnlyAnEarlierExport(t *testing.T) {
	db, _ := fixture(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "thesis.docx"), []byte("mine"), 0o644)
	if _, err := Write(context.Background(), db, Options{Format: "csv", Layers: []string{"marts"}, Dir: dir}); err == nil || !strings.Contains(err.Error(), "not a cchc export") {
		t.Fatalf("export over a user's folder: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "thesis.docx")); string(b) != "mine" {
		t.Fatal("the user's file was touched")
	}
	lake := filepath.Join(parent, "lake")
	for _, format := range []string{"csv", "parquet"} {
		if _, err := Write(context.Background(), db, Options{Format: format, Layers: []string{"marts"}, Dir: lake}); err != nil {
			t.Fatal(err)
		}
		if m := readManifest(t, lake); m.Format != format {
			t.Errorf("manifest format %s after exporting %s", m.Format, format)
		}
	}
	// the csv files of the first export went with it
	if _, err := os.Stat(filepath.Join(lake, "marts", "scores.csv")); err == nil {
		t.Error("the earlier export's files are left in the new one")
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the export: %v (want out, lake only)", names)
	}
}
