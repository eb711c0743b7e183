package ingest

import (
	"context"
	"testing"

	"cchc"
	"cchc/data"
)

func TestSmoke(t *testing.T) {
	db, err := cchc.Open(context.Background(), t.TempDir()+"/w.duckdb", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := NewParser(data.MustLoad())
	res, err := p.Ingest(context.Background(), db, "testdata/pci_long_vi.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	rows, _ := db.Query("select province_code, year, component, score, rank, _source_row from raw.index_scores")
	for rows.Next() {
		var a, b, c, d string
		var r any
		var n int
		rows.Scan(&a, &b, &c, &d, &r, &n)
		t.Log(a, b, c, d, r, n)
	}
	res, err = p.Ingest(context.Background(), db, "testdata/pci_long_vi.csv", Options{})
	t.Logf("%+v %v", res, err)
}
