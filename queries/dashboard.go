package queries

import (
	"context"
	_ "embed"
	"fmt"
)

// The dashboard's queries: whole datasets that dashboards/site splits into
// pages and data files. Row types carry the JSON names the pages read.

//go:embed dashboard.sql
var dashboardSQL string

// Measure is one measure the dashboard offers.
type Measure struct {
	Family      string  `json:"family"` // index, training or dossier
	Index       string  `json:"index"`
	Component   string  `json:"component"`
	Parent      string  `json:"parent"`
	Level       string  `json:"level"`
	NameVI      string  `json:"name_vi"`
	NameEN      string  `json:"name_en"`
	IndexNameVI string  `json:"index_name_vi"`
	IndexNameEN string  `json:"index_name_en"`
	Unit        string  `json:"unit"`
	Direction   string  `json:"direction"`
	ScaleMin    float64 `json:"scale_min"`
	ScaleMax    float64 `json:"scale_max"`
	FirstYear   int     `json:"first_year"`
	LastYear    int     `json:"last_year"`
	UnitSets    string  `json:"unit_sets"` // "34", "63" or "34,63"
}

// DashboardMeasures returns every measure with values.
func (q *Queries) DashboardMeasures(ctx context.Context) ([]Measure, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["DashboardMeasures"])
	if err != nil {
		return nil, fmt.Errorf("DashboardMeasures: %w", err)
	}
	defer rows.Close()
	var out []Measure
	for rows.Next() {
		var m Measure
		if err := rows.Scan(&m.Family, &m.Index, &m.Component, &m.Parent, &m.Level, &m.NameVI, &m.NameEN,
			&m.IndexNameVI, &m.IndexNameEN, &m.Unit, &m.Direction, &m.ScaleMin, &m.ScaleMax, &m.FirstYear, &m.LastYear, &m.UnitSets); err != nil {
			return nil, fmt.Errorf("DashboardMeasures: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ScoreRow is one unit's ranked score of one component in one year on one map.
type ScoreRow struct {
	Component        string   `json:"component"`
	Year             int      `json:"year"`
	Units            string   `json:"units"`
	ProvinceCode     string   `json:"province_code"`
	Province         string   `json:"province"`
	ProvinceEN       string   `json:"province_en"`
	Score            float64  `json:"score"`
	ValueType        string   `json:"value_type"`
	Estimated        bool     `json:"estimated"`
	Rank             int      `json:"rank"`
	NRanked          int      `json:"n_ranked"`
	OfficialRank     *int64   `json:"official_rank"`
	Percentile       float64  `json:"percentile"`
	RankChange       *int64   `json:"rank_change"`
	PercentileChange *float64 `json:"percentile_change"`
	ScoreChange      *float64 `json:"score_change"`
	GapToLeader      float64  `json:"gap_to_leader"`
	GapToMedian      float64  `json:"gap_to_median"`
	MedianScore      float64  `json:"median_score"`
	BestScore        float64  `json:"best_score"`
	GroupCode        string   `json:"group_code"`
	GroupVI          string   `json:"group_vi"`
	GroupEN          string   `json:"group_en"`
	Illustrative     bool     `json:"illustrative"`
}

// DashboardScores returns every ranked score of index on both maps, with
// weights the scheme of the 34-unit estimates.
func (q *Queries) DashboardScores(ctx context.Context, index, weights string) ([]ScoreRow, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["DashboardScores"], index, weights)
	if err != nil {
		return nil, fmt.Errorf("DashboardScores: %w", err)
	}
	defer rows.Close()
	var out []ScoreRow
	for rows.Next() {
		var r ScoreRow
		if err := rows.Scan(&r.Component, &r.Year, &r.Units, &r.ProvinceCode, &r.Province, &r.ProvinceEN,
			&r.Score, &r.ValueType, &r.Estimated, &r.Rank, &r.NRanked, &r.OfficialRank, &r.Percentile,
			&r.RankChange, &r.PercentileChange, &r.ScoreChange, &r.GapToLeader, &r.GapToMedian, &r.MedianScore, &r.BestScore,
			&r.GroupCode, &r.GroupVI, &r.GroupEN, &r.Illustrative); err != nil {
			return nil, fmt.Errorf("DashboardScores: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ChangeRow is a unit's change of one component since a start year.
type ChangeRow struct {
	Component        string  `json:"component"`
	Units            string  `json:"units"`
	ProvinceCode     string  `json:"province_code"`
	StartYear        int     `json:"start_year"`
	Year             int     `json:"year"`
	ScoreChange      float64 `json:"score_change"`
	RankChange       *int64  `json:"rank_change"`
	PercentileChange float64 `json:"percentile_change"`
	CrossesBreak     string  `json:"crosses_break"` // refuse, flag or ""
}

// DashboardChanges returns every unit's change of index since every earlier year.
func (q *Queries) DashboardChanges(ctx context.Context, index, weights string) ([]ChangeRow, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["DashboardChanges"], index, weights)
	if err != nil {
		return nil, fmt.Errorf("DashboardChanges: %w", err)
	}
	defer rows.Close()
	var out []ChangeRow
	for rows.Next() {
		var r ChangeRow
		if err := rows.Scan(&r.Component, &r.Units, &r.ProvinceCode, &r.StartYear, &r.Year,
			&r.ScoreChange, &r.RankChange, &r.PercentileChange, &r.CrossesBreak); err != nil {
			return nil, fmt.Errorf("DashboardChanges: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// BreakRow is one methodology break.
type BreakRow struct {
	Index     string `json:"index"`
	Year      int    `json:"year"`
	Component string `json:"component"`
	Action    string `json:"action"`
	NoteVI    string `json:"note_vi"`
	NoteEN    string `json:"note_en"`
}

// DashboardBreaks returns every methodology break.
func (q *Queries) DashboardBreaks(ctx context.Context) ([]BreakRow, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["DashboardBreaks"])
	if err != nil {
		return nil, fmt.Errorf("DashboardBreaks: %w", err)
	}
	defer rows.Close()
	var out []BreakRow
	for rows.Next() {
		var b BreakRow
		if err := rows.Scan(&b.Index, &b.Year, &b.Component, &b.Action, &b.NoteVI, &b.NoteEN); err != nil {
			return nil, fmt.Errorf("DashboardBreaks: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ValueRow is the overall value of one measure for one unit, year and map.
type ValueRow struct {
	Measure      string  `json:"measure"`
	Year         int     `json:"year"`
	Units        string  `json:"units"`
	ProvinceCode string  `json:"province_code"`
	Province     string  `json:"province"`
	Score        float64 `json:"score"`
	Rank         int     `json:"rank"`
	NRanked      int     `json:"n_ranked"`
	Percentile   float64 `json:"percentile"`
	Estimated    bool    `json:"estimated"`
	Illustrative bool    `json:"illustrative"`
}

// DashboardValues returns the overall value of every measure.
func (q *Queries) DashboardValues(ctx context.Context, weights string) ([]ValueRow, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["DashboardValues"], weights)
	if err != nil {
		return nil, fmt.Errorf("DashboardValues: %w", err)
	}
	defer rows.Close()
	var out []ValueRow
	for rows.Next() {
		var r ValueRow
		if err := rows.Scan(&r.Measure, &r.Year, &r.Units, &r.ProvinceCode, &r.Province, &r.Score, &r.Rank, &r.NRanked,
			&r.Percentile, &r.Estimated, &r.Illustrative); err != nil {
			return nil, fmt.Errorf("DashboardValues: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PairRow is the association of two measures in one year on one map.
type PairRow struct {
	X     string `json:"x"`
	Y     string `json:"y"`
	Year  int    `json:"year"`
	Units string `json:"units"`
	N     int    `json:"n"`
	// nil when a measure is constant over the units
	Pearson   *float64 `json:"pearson"`
	Spearman  *float64 `json:"spearman"`
	Slope     *float64 `json:"slope"`
	Intercept *float64 `json:"intercept"`
	XMin      float64  `json:"x_min"`
	XMax      float64  `json:"x_max"`
	LineYMin  *float64 `json:"line_y_min"` // the fitted line at XMin
	LineYMax  *float64 `json:"line_y_max"` // and at XMax
}

// DashboardPairs returns n, Pearson's r, Spearman's rho and the fitted line
// of every two measures in every year and map.
func (q *Queries) DashboardPairs(ctx context.Context, weights string) ([]PairRow, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["DashboardPairs"], weights)
	if err != nil {
		return nil, fmt.Errorf("DashboardPairs: %w", err)
	}
	defer rows.Close()
	var out []PairRow
	for rows.Next() {
		var r PairRow
		if err := rows.Scan(&r.X, &r.Y, &r.Year, &r.Units, &r.N, &r.Pearson, &r.Spearman, &r.Slope, &r.Intercept,
			&r.XMin, &r.XMax, &r.LineYMin, &r.LineYMax); err != nil {
			return nil, fmt.Errorf("DashboardPairs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DossierCountRow is one unit's dossier counts and rates in one year.
type DossierCountRow struct {
	Units            string   `json:"units"`
	Year             int      `json:"year"`
	ProvinceCode     string   `json:"province_code"`
	Province         string   `json:"province"`
	Received         *float64 `json:"received"`
	ReceivedOnline   *float64 `json:"received_online"`
	Resolved         *float64 `json:"resolved"`
	ResolvedEarly    *float64 `json:"resolved_early"`
	ResolvedOnTime   *float64 `json:"resolved_on_time"`
	ResolvedLate     *float64 `json:"resolved_late"`
	Pending          *float64 `json:"pending"`
	PendingOverdue   *float64 `json:"pending_overdue"`
	OnTimeRate       *float64 `json:"on_time_rate"`
	OnlineShare      *float64 `json:"online_share"`
	SatisfactionRate *float64 `json:"satisfaction_rate"`
	Illustrative     bool     `json:"illustrative"`
}

// DashboardDossiers returns dossier counts and rates of every unit, year and map.
func (q *Queries) DashboardDossiers(ctx context.Context) ([]DossierCountRow, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["DashboardDossiers"])
	if err != nil {
		return nil, fmt.Errorf("DashboardDossiers: %w", err)
	}
	defer rows.Close()
	var out []DossierCountRow
	for rows.Next() {
		var r DossierCountRow
		if err := rows.Scan(&r.Units, &r.Year, &r.ProvinceCode, &r.Province, &r.Received, &r.ReceivedOnline, &r.Resolved,
			&r.ResolvedEarly, &r.ResolvedOnTime, &r.ResolvedLate, &r.Pending, &r.PendingOverdue,
			&r.OnTimeRate, &r.OnlineShare, &r.SatisfactionRate, &r.Illustrative); err != nil {
			return nil, fmt.Errorf("DashboardDossiers: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Ledger is what the load ledger says about the warehouse's data.
type Ledger struct {
	LastLoadedAt string `json:"last_loaded_at"` // "" when nothing is loaded
	Loads        int    `json:"loads"`
	Illustrative bool   `json:"illustrative"` // some load is the generated sample
}

// DataAsOf returns when the last file was loaded (raw._loads).
func (q *Queries) DataAsOf(ctx context.Context) (Ledger, error) {
	var l Ledger
	if err := q.db.QueryRowContext(ctx, q.sql["DataAsOf"]).Scan(&l.LastLoadedAt, &l.Loads, &l.Illustrative); err != nil {
		return l, fmt.Errorf("DataAsOf: %w", err)
	}
	return l, nil
}

// Unit is a provincial unit of a map and its tile on the tile map.
type Unit struct {
	Units        string `json:"units"`
	ProvinceCode string `json:"province_code"`
	NameVI       string `json:"name_vi"`
	NameEN       string `json:"name_en"`
	Region       string `json:"region"`
	Constituents string `json:"constituents"` // former provinces of a 34-unit map unit
	TileRow      int    `json:"tile_row"`
	TileCol      int    `json:"tile_col"`
}

// DashboardUnits returns the units of both maps with their tiles.
func (q *Queries) DashboardUnits(ctx context.Context) ([]Unit, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["DashboardUnits"])
	if err != nil {
		return nil, fmt.Errorf("DashboardUnits: %w", err)
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		var u Unit
		if err := rows.Scan(&u.Units, &u.ProvinceCode, &u.NameVI, &u.NameEN, &u.Region, &u.Constituents, &u.TileRow, &u.TileCol); err != nil {
			return nil, fmt.Errorf("DashboardUnits: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
