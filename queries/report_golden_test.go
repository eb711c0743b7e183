package queries

import "context"

// reportGoldenCases are the report's queries on the fixture with PAPI's
// confidence bounds and its 2018 break (testdata/report_fixture.sql).
func reportGoldenCases(ctx context.Context, q *Queries) map[string]func() (any, error) {
	y2023 := ReportScope{Year: 2023, Units: "63", Weights: "equal"}
	return map[string]func() (any, error){
		"ReportIndices": func() (any, error) {
			on63, err := q.ReportIndices(ctx, y2023)
			if err != nil {
				return nil, err
			}
			on34, err := q.ReportIndices(ctx, ReportScope{Year: 2023, Units: "34", Weights: "equal"})
			if err != nil {
				return nil, err
			}
			brk, err := q.ReportIndices(ctx, ReportScope{Year: 2018, Units: "63", Weights: "equal"})
			return map[string]any{"2023": on63, "2023_on_34_units": on34, "2018_after_the_break": brk}, err
		},
		"ReportRanking": func() (any, error) {
			papi, err := q.ReportRanking(ctx, y2023, "PAPI", "TOTAL")
			if err != nil {
				return nil, err
			}
			brk, err := q.ReportRanking(ctx, ReportScope{Year: 2018, Units: "63", Weights: "equal"}, "PAPI", "TOTAL")
			if err != nil {
				return nil, err
			}
			// PCI 2024 ranks five provinces, as 2023 did: rank changes are comparable
			pci, err := q.ReportRanking(ctx, ReportScope{Year: 2024, Units: "63", Weights: "equal"}, "PCI", "TOTAL")
			return map[string]any{"papi_2023_with_intervals": papi, "papi_2018_across_the_break": brk, "pci_2024": pci}, err
		},
		"ReportRegions":      func() (any, error) { return q.ReportRegions(ctx, y2023, "PAPI") },
		"ReportComponents":   func() (any, error) { return q.ReportComponents(ctx, y2023, "PAPI") },
		"ReportDistribution": func() (any, error) { return q.ReportDistribution(ctx, y2023, "PAPI") },
		"ReportPairPoints":   func() (any, error) { return q.ReportPairPoints(ctx, y2023, "PAPI", "PCI") },
		"ReportPeers":        func() (any, error) { return q.ReportPeers(ctx, y2023, "PAPI", "22") },
		"ReportSources":      func() (any, error) { return q.ReportSources(ctx) },
		"ReportUnits": func() (any, error) {
			// Hà Tây ended in 2008: a 63-unit profile of 2023 has 63 units, of 2005 64
			u2023, err := q.ReportUnits(ctx, y2023)
			if err != nil {
				return nil, err
			}
			u2005, err := q.ReportUnits(ctx, ReportScope{Year: 2005, Units: "63", Weights: "equal"})
			return map[string]any{"2023_count": len(u2023), "2005_count": len(u2005), "2023_first": u2023[:2]}, err
		},
		"ReportReady": func() (any, error) { return q.ReportReady(ctx) == nil, nil },
		"ReportMeasures": func() (any, error) {
			return q.ReportMeasures(ctx, ReportScope{Year: 2024, Units: "63", Weights: "equal"})
		},
	}
}
