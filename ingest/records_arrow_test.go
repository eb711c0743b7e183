//go:build duckdb_arrow

package ingest

import (
	"context"
	"database/sql"
	"errors"
	"testing"
)

// TestRecordDatesAgreeWithTheSQLMacro keeps the Go date check of the Arrow
// path and raw.dossier_date, which staging types the dates with, in step:
// a date one accepts and the other refuses would lose a dossier.
func TestRecordDatesAgreeWithTheSQLMacro(t *testing.T) {
	db := newWarehouse(t)
	if err := EnsureSchema(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"2023-01-05", "2023-1-5", "2024-02-29", "2023-02-29", "2023-13-01", "2023-02-30", "05/01/2023",
		"5/1/2023", "31/12/2023", "31/11/2023", "05/01/23", "2023/01/05", "20230105", " 2023-01-05", "2023-01-05 ",
		"2023-01-05 10:00:00", "05-01-2023", "+2023-01-05", "1/13/2023", "2023-001-05", "2023-01-5x", "abcd-ef-gh", "", "2023- 1-05", "2023-1 -5", " 5/1/2023", "5/1 /2023", "2023-01-05x", "x2023-01-5", "0023-01-05"} {
		var want sql.NullString
		if err := db.QueryRow(`select cast(raw.dossier_date(?) as varchar)`, s).Scan(&want); err != nil {
			t.Fatal(err)
		}
		_, d, ok := parseRecordDate(s)
		if ok != want.Valid {
			t.Errorf("parseRecordDate(%q) ok = %v, raw.dossier_date = %q", s, ok, want.String)
			continue
		}
		if ok {
			_, w, _ := parseRecordDate(want.String)
			if d != w {
				t.Errorf("parseRecordDate(%q) = day %d, raw.dossier_date says %s (day %d)", s, d, want.String, w)
			}
		}
	}
}

// Past maxHashedRecords the repeated ids are left to DuckDB: same rejects.
func TestRepeatedIDsPastTheHashLimit(t *testing.T) {
	defer func(n int) { maxHashedRecords = n }(maxHashedRecords)
	maxHashedRecords = 2
	in := recordsCSV + "HS001,Quảng Ninh,Sở Tư pháp,province,1,Tư pháp,direct,2023-04-10,2023-04-15,,pending\n"
	_, err := ingestFile(t, newWarehouse(t), writeFile(t, "hs.csv", in), Options{})
	var re *RejectError
	if !errors.As(err, &re) || len(re.Rejects) != 2 || re.Rejects[0].Row != 2 || re.Rejects[1].Row != 7 {
		t.Fatalf("err = %v, want HS001 rejected on lines 2 and 7", err)
	}
}
