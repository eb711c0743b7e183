package ingest

import (
	"cchc"
	"slices"
	"strings"
	"testing"
)

// kindCase is one input kind read through the one way through a sheet: a
// file of two rows (the first naming its province, the second giving only
// its GSO code), a third row that states the first row's key again, and,
// where the kind needs more than its signature, the file without one
// column it needs.
type kindCase struct {
	kind      string
	header    string
	rows      [2]string
	repeat    string // states the key of rows[0] again
	codes     string // the stored province codes, in row order ("" for no province)
	withoutVI string // a needed column dropped from the header ...
	without   string // ... and what the error names as missing
}

var kindCases = []kindCase{
	{kind: KindTrainingRoster, header: "class_id,trainee_id,gender", rows: [2]string{"L1,HV1,nữ", "L1,HV2,nam"}, repeat: "L1,HV1,nam"},
	{kind: KindTrainingClasses, header: "class_id,province,province_code,start_date,trainees",
		rows: [2]string{"L1,Hà Nội,,05/03/2023,30", "L2,,22,06/03/2023,25"}, repeat: "L1,Hà Nội,,07/03/2023,10", codes: "01,22",
		withoutVI: "start_date", without: "start_date"},
	{kind: KindStaffing, header: "province,province_code,year,civil_servants",
		rows: [2]string{"Hà Nội,,2023,1000", ",22,2023,500"}, repeat: "Hà Nội,,2023,7", codes: "01,22",
		withoutVI: "province,province_code", without: "province | province_code"},
	{kind: KindDossierStats, header: "province,province_code,year,received_total,resolved_total",
		rows: [2]string{"Hà Nội,,2023,100,90", ",22,2023,50,40"}, repeat: "Hà Nội,,2023,1,1", codes: "01,22"},
	{kind: KindSatisfaction, header: "province,province_code,year,forms,satisfied",
		rows: [2]string{"Hà Nội,,2023,100,90", ",22,2023,50,40"}, repeat: "Hà Nội,,2023,10,1", codes: "01,22"},
	{kind: KindPopulation, header: "province,province_code,year,population",
		rows: [2]string{"Hà Nội,,2023,8500000", ",22,2023,1400000"}, repeat: "Hà Nội,,2023,7", codes: "01,22",
		withoutVI: "year", without: "year"},
	{kind: KindIndexScores, header: "province,province_code,year,index,component,score",
		rows: [2]string{"Hà Nội,,2023,PCI,,70.1", ",22,2023,PCI,,68.2"}, repeat: "Hà Nội,,2023,PCI,,66", codes: "01,22"},
	{kind: KindDossierRecords, header: "dossier_id,province,received_date,due_date",
		rows: [2]string{"HS1,Hà Nội,2023-03-01,2023-03-10", "HS2,22,2023-03-01,2023-03-10"}, codes: "01,22",
		withoutVI: "province", without: "province"},
}

func dropColumns(header, drop string) string {
	var keep []string
	for _, h := range strings.Split(header, ",") {
		if !slices.Contains(strings.Split(drop, ","), h) {
			keep = append(keep, h)
		}
	}
	return strings.Join(keep, ",")
}

// Every kind of the registry that reads a table of rows is detected by its
// signature, resolves a province by name or by code the same way, reports
// a repeated key with the one message, and says what its header lacks.
func TestEveryKindOneWayThroughASheet(t *testing.T) {
	tested := map[string]bool{KindPCIWorkbook: true, KindPAPIWorkbook: true} // the official layouts: official_test.go, layouts_test.go
	for _, c := range kindCases {
		tested[c.kind] = true
		k := mustKind(c.kind)
		t.Run(c.kind, func(t *testing.T) {
			db := newWarehouse(t)
			good := c.header + "\n" + c.rows[0] + "\n" + c.rows[1] + "\n"
			res, err := ingestFile(t, db, writeFile(t, "good.csv", good), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Kind != c.kind || res.Rows < 2 {
				t.Fatalf("detected %s with %d rows, want %s with 2 or more", res.Kind, res.Rows, c.kind)
			}
			if c.codes != "" {
				got := queryString(t, db, `select string_agg(distinct province_code, ',' order by province_code) from raw.`+k.table)
				if got != c.codes {
					t.Errorf("province codes %q, want %q (by name and by GSO code)", got, c.codes)
				}
			}
			if c.repeat != "" {
				rdb := newWarehouse(t)
				res, err := ingestFile(t, rdb, writeFile(t, "repeat.csv", good+c.repeat+"\n"), Options{AllowRejects: true})
				want := "với dòng 2 / duplicates the "
				if c.kind == KindIndexScores { // a score stated twice refuses the file: which is right cannot be told
					if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "dòng/row 4") {
						t.Errorf("a repeated score: %v, want an error at row 4 naming row 2", err)
					}
				} else {
					if err != nil {
						t.Fatal(err)
					}
					got := queryString(t, rdb, `select string_agg(row_number || ': ' || reason, '; ') from raw._rejects`)
					if res.Rejected != 1 || !strings.HasPrefix(got, "4: trùng ") || !strings.Contains(got, want) {
						t.Errorf("rejected %d: %s; want row 4 refused as repeating row 2", res.Rejected, got)
					}
				}
			}
			if c.without != "" {
				lacking := dropColumns(c.header, c.withoutVI) + "\n" + c.rows[0] + "\n"
				_, err := ingestFile(t, newWarehouse(t), writeFile(t, "lacking.csv", lacking), Options{Kind: c.kind})
				if err == nil || !strings.Contains(err.Error(), k.needEN) || !strings.Contains(err.Error(), "missing columns: "+c.without) {
					t.Errorf("header without %s: %v, want it to name %q and the missing %s", c.withoutVI, err, k.needEN, c.without)
				}
			}
		})
	}
	for _, kind := range Kinds {
		if !tested[kind] {
			t.Errorf("kind %s has no case here: every kind of the registry is read the one way", kind)
		}
	}
}

// The natural key of every kind's raw table (raw.sql's "-- key:") names
// columns the table has; every keyed table but the index scores (their own
// view, with rounding) and the dossier records (a later state) has its
// disagreements listed by raw._row_conflicts.
func TestNaturalKeysAreColumns(t *testing.T) {
	db := newWarehouse(t)
	if err := EnsureSchema(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	for _, k := range inputKinds {
		if len(k.key()) == 0 {
			t.Errorf("kind %s: raw.%s has no natural key", k.kind, k.table)
		}
		for _, col := range k.key() {
			if n := queryString(t, db, `select count(*) from information_schema.columns where table_schema = 'raw' and table_name = ? and column_name = ?`, k.table, col); n != "1" {
				t.Errorf("raw.%s has no column %s of its natural key", k.table, col)
			}
		}
	}
	if got := strings.Join(RawTables(), ","); got != "dossier_records,dossier_stats,index_scores,population,satisfaction,staffing,training_classes,training_roster" {
		t.Errorf("raw tables with a natural key: %s", got)
	}
	if got := strings.Join(cchc.RowConflictTables(), ","); got != "dossier_stats,population,satisfaction,staffing,training_classes,training_roster" {
		t.Errorf("tables of raw._row_conflicts: %s", got)
	}
}
