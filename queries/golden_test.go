package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"cchc"
	"cchc/data"
	"cchc/models"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

// fixtureWarehouse builds testdata/fixture.sql (raw rows as ingest writes
// them), and any more fixture files named, through the models into a fresh
// warehouse.
func fixtureWarehouse(t *testing.T, more ...string) *sql.DB {
	t.Helper()
	ctx := context.Background()
	db, err := cchc.Open(ctx, filepath.Join(t.TempDir(), "fixture.duckdb"), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := cchc.EnsureRawSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	for _, name := range append([]string{"fixture.sql"}, more...) {
		fixture, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, string(fixture)); err != nil {
			t.Fatalf("testdata/%s: %v", name, err)
		}
	}
	if _, err := models.Build(ctx, db, data.MustLoad()); err != nil {
		t.Fatalf("build the fixture: %v", err)
	}
	return db
}

// TestEveryQueryAgainstItsGolden runs each named query on the fixture
// warehouse and compares its typed rows, as JSON, with testdata/golden/<Name>.json.
func TestEveryQueryAgainstItsGolden(t *testing.T) {
	ctx := context.Background()
	q := New(fixtureWarehouse(t))
	run := map[string]func() (any, error){
		"RankSeries": func() (any, error) {
			one, err := q.RankSeries(ctx, SeriesParams{Index: "PCI", Component: "TOTAL", From: 2024, To: 2024, Weights: cchc.WeightsEqual, Top: 3})
			if err != nil {
				return nil, err
			}
			// the default maps across the merger: Hà Nội and Lai Châu (left whole)
			// keep a change into 2025, the new Bắc Ninh has none
			series, err := q.RankSeries(ctx, SeriesParams{Index: "PCI", Component: "TOTAL", From: 2024, To: 2025, Weights: cchc.WeightsEqual,
				Units63: []cchc.ProvinceCode{"01", "12", "27"}, Units34: []cchc.ProvinceCode{"01", "12", "24"}})
			if err != nil {
				return nil, err
			}
			on34, err := q.RankSeries(ctx, SeriesParams{Index: "PCI", Component: "TOTAL", From: 2023, To: 2025, Units: cchc.Units34, Weights: cchc.WeightsEqual,
				Units34: []cchc.ProvinceCode{"24"}})
			return map[string]any{"2024_top3": one, "2024_2025_default_maps": series, "bac_ninh_on_34_units": on34}, err
		},
		"RankYears":         func() (any, error) { return q.RankYears(ctx, "PCI", "TOTAL") },
		"MethodologyBreaks": func() (any, error) { return q.MethodologyBreaks(ctx, "PCI", "TOTAL", 2005, 2024) },
		"BuildInfo": func() (any, error) {
			b, err := q.BuildInfo(ctx)
			return map[string]any{"last_load_id": b.LastLoadID, "built_at_set": b.BuiltAt != ""}, err
		},
		"MartsBuilt":         func() (any, error) { return q.MartsBuilt(ctx) },
		"SourceConflicts":    func() (any, error) { return q.SourceConflicts(ctx) },
		"HeldOutChecks":      func() (any, error) { return q.HeldOutChecks(ctx, "PCI", 2019) },
		"ListProvinces":      func() (any, error) { return q.ListProvinces(ctx, "34") },
		"PopulationWeighted": func() (any, error) { return q.PopulationWeighted(ctx) },
		"TrainingSummary": func() (any, error) {
			byTopic, err := q.TrainingSummary(ctx, TrainingParams{Year: 2024, UnitSet: "63", By: "topic"})
			if err != nil {
				return nil, err
			}
			qn, err := q.TrainingSummary(ctx, TrainingParams{Year: 2024, UnitSet: "63", By: "month", Province: "22"})
			if err != nil {
				return nil, err
			}
			on34, err := q.TrainingSummary(ctx, TrainingParams{Year: 2024, UnitSet: "34", By: "province"})
			return map[string]any{"2024_by_topic": byTopic, "quang_ninh_2024_by_month": qn, "2024_on_34_units": on34}, err
		},
		"TrainingYears":      func() (any, error) { return q.TrainingYears(ctx, "63") },
		"TrainingRosterGaps": func() (any, error) { return q.TrainingRosterGaps(ctx, 2024) },
		"DossierRates": func() (any, error) {
			byLevel, err := q.DossierRates(ctx, DossierParams{Year: 2023, UnitSet: "63", By: "level", Province: "22"})
			if err != nil {
				return nil, err
			}
			all, err := q.DossierRates(ctx, DossierParams{Year: 2023, UnitSet: "63", By: "province"})
			return map[string]any{"quang_ninh_2023_by_level": byLevel, "2023_by_province": all}, err
		},
		"DossierYears":          func() (any, error) { return q.DossierYears(ctx, "63") },
		"ServiceIndexProxy":     func() (any, error) { return q.ServiceIndexProxy(ctx, 2023, "63", "22") },
		"DossierSourceOverlaps": func() (any, error) { return q.DossierSourceOverlaps(ctx, 2023, "63") },
	}
	for name, f := range dashboardGoldenCases(ctx, q) {
		run[name] = f
	}
	for name, f := range reportGoldenCases(ctx, New(fixtureWarehouse(t, "report_fixture.sql"))) {
		run[name] = f
	}
	names := Names()
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			f, ok := run[name]
			if !ok {
				t.Fatalf("query %s has no golden case", name)
			}
			v, err := f()
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./queries -update writes it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs from %s:\n%s", name, path, got)
			}
		})
	}
}

// TestLeftWholeIsOneRule checks that the mart's "left whole by the merger"
// (what RankSeries carries a change across the merger by) is the domain's
// cchc.LeftWhole, unit by unit.
func TestLeftWholeIsOneRule(t *testing.T) {
	q := New(fixtureWarehouse(t))
	units, err := q.ListProvinces(context.Background(), "34")
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 34 {
		t.Fatalf("%d units on the 34-unit map", len(units))
	}
	whole := 0
	for _, u := range units {
		if u.LeftWhole != cchc.LeftWhole(cchc.ProvinceCode(u.Code)) {
			t.Errorf("%s %s: the mart says left whole %v, cchc.LeftWhole %v", u.Code, u.Name, u.LeftWhole, !u.LeftWhole)
		}
		if u.LeftWhole {
			whole++
		}
	}
	if whole != 11 {
		t.Errorf("%d units left whole, want 11", whole)
	}
}
