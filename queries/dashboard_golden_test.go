package queries

import "context"

// dashboardGoldenCases are the golden cases of the dashboard's queries on
// the fixture warehouse (TestEveryQueryAgainstItsGolden runs them).
func dashboardGoldenCases(ctx context.Context, q *Queries) map[string]func() (any, error) {
	return map[string]func() (any, error){
		"DashboardMeasures": func() (any, error) { return q.DashboardMeasures(ctx) },
		"DashboardScores":   func() (any, error) { return q.DashboardScores(ctx, "PCI", "equal") },
		"DashboardChanges":  func() (any, error) { return q.DashboardChanges(ctx, "PCI", "equal") },
		"DashboardBreaks":   func() (any, error) { return q.DashboardBreaks(ctx) },
		"DashboardValues":   func() (any, error) { return q.DashboardValues(ctx, "equal") },
		"DashboardPairs":    func() (any, error) { return q.DashboardPairs(ctx, "equal") },
		"DashboardDossiers": func() (any, error) { return q.DashboardDossiers(ctx) },
		"DashboardUnits":    func() (any, error) { return q.DashboardUnits(ctx) },
		"DataAsOf": func() (any, error) {
			l, err := q.DataAsOf(ctx)
			// the ledger's time is the fixture's load time: only whether it is set
			return map[string]any{"last_loaded_at_set": l.LastLoadedAt != "", "loads": l.Loads, "illustrative": l.Illustrative}, err
		},
	}
}
