package queries

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
)

// The annual report's queries: the facts its chapters and sentences are
// written from. Every comparison the report may state (a rank change, a
// change inside confidence intervals, a missing unit) is decided here.

//go:embed report.sql
var reportSQL string

// ReportScope is one year of the report on one map.
type ReportScope struct {
	Year    int
	Units   string // "63" or "34"
	Weights string // weights of 34-unit estimates
}

// ErrReportNotReady is returned when the warehouse was built by an older cchc.
var ErrReportNotReady = errors.New("kho được dựng bằng phiên bản cchc cũ hơn, chưa có các bảng báo cáo cần: hãy chạy 'cchc build' / the warehouse was built by an older cchc and lacks what the report reads: run 'cchc build'")

// ReportReady reports ErrReportNotReady unless the warehouse holds what the report reads.
func (q *Queries) ReportReady(ctx context.Context) error {
	var ok bool
	if err := q.db.QueryRowContext(ctx, q.sql["ReportReady"]).Scan(&ok); err != nil {
		return fmt.Errorf("ReportReady: %w", err)
	}
	if !ok {
		return ErrReportNotReady
	}
	return nil
}

// ReportIndex is a published index with an overall score in the year.
type ReportIndex struct {
	Index                    string
	NameVI, NameEN           string
	Unit                     string
	ScaleMin, ScaleMax       float64
	Direction                string
	NRanked, NUnits          int
	NMissing                 int
	MissingVI, MissingEN     string
	Estimated, Illustrative  bool
	HasCI, HasOfficialRank   bool
	PrevNRanked              int
	BreakAction              string // refuse, flag or "" between the year before and the year
	BreakNoteVI, BreakNoteEN string
	TotalRule                string // sum_of_children or reported
	OwnerVI, OwnerEN         string
}

// ReportIndices returns the indices ranked in the scope's year and map.
func (q *Queries) ReportIndices(ctx context.Context, s ReportScope) ([]ReportIndex, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ReportIndices"], s.Year, s.Units, s.Weights)
	if err != nil {
		return nil, fmt.Errorf("ReportIndices: %w", err)
	}
	defer rows.Close()
	var out []ReportIndex
	for rows.Next() {
		var r ReportIndex
		if err := rows.Scan(&r.Index, &r.NameVI, &r.NameEN, &r.Unit, &r.ScaleMin, &r.ScaleMax, &r.Direction,
			&r.NRanked, &r.NUnits, &r.NMissing, &r.MissingVI, &r.MissingEN, &r.Estimated, &r.Illustrative,
			&r.HasCI, &r.HasOfficialRank, &r.PrevNRanked, &r.BreakAction, &r.BreakNoteVI, &r.BreakNoteEN,
			&r.TotalRule, &r.OwnerVI, &r.OwnerEN); err != nil {
			return nil, fmt.Errorf("ReportIndices: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReportRow is one unit's standing on an index component in the year.
type ReportRow struct {
	Rank, NRanked                  int
	ProvinceCode, Province         string
	ProvinceEN                     string
	RegionCode, RegionVI, RegionEN string
	Score                          float64
	ValueType                      string
	Estimated                      bool
	NConstituents                  int
	OfficialRank                   *int64
	Percentile                     float64
	GapToLeader, GapToMedian       float64
	GroupCode, GroupVI, GroupEN    string
	CILower, CIUpper               *float64
	PrevScore                      *float64
	PrevRank, PrevNRanked          *int64
	ScoreChange                    *float64 // nil across a break that refuses it
	RankChange                     *int64   // nil across a break or between rankings of different sizes
	PercentileChange               *float64
	CrossesBreak                   string
	ChangeWithinCI                 *bool // the change lies inside both years' 95% intervals
	OverlapsNext                   *bool // the interval overlaps the next-ranked unit's
	NextProvince                   string
	Illustrative                   bool
}

// ReportRanking returns every unit's standing on one component, best first.
func (q *Queries) ReportRanking(ctx context.Context, s ReportScope, index, component string) ([]ReportRow, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ReportRanking"], index, component, s.Year, s.Units, s.Weights)
	if err != nil {
		return nil, fmt.Errorf("ReportRanking: %w", err)
	}
	defer rows.Close()
	var out []ReportRow
	for rows.Next() {
		var r ReportRow
		if err := rows.Scan(&r.Rank, &r.NRanked, &r.ProvinceCode, &r.Province, &r.ProvinceEN,
			&r.RegionCode, &r.RegionVI, &r.RegionEN, &r.Score, &r.ValueType, &r.Estimated, &r.NConstituents,
			&r.OfficialRank, &r.Percentile, &r.GapToLeader, &r.GapToMedian, &r.GroupCode, &r.GroupVI, &r.GroupEN,
			&r.CILower, &r.CIUpper, &r.PrevScore, &r.PrevRank, &r.PrevNRanked, &r.ScoreChange, &r.RankChange,
			&r.PercentileChange, &r.CrossesBreak, &r.ChangeWithinCI, &r.OverlapsNext, &r.NextProvince, &r.Illustrative); err != nil {
			return nil, fmt.Errorf("ReportRanking: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RegionMean is a region's mean overall score in the year and the year before.
type RegionMean struct {
	Code, NameVI, NameEN string
	N                    int
	Mean                 float64
	PrevMean             *float64
}

// ReportRegions returns the regional means of an index's overall score.
func (q *Queries) ReportRegions(ctx context.Context, s ReportScope, index string) ([]RegionMean, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ReportRegions"], index, s.Year, s.Units, s.Weights)
	if err != nil {
		return nil, fmt.Errorf("ReportRegions: %w", err)
	}
	defer rows.Close()
	var out []RegionMean
	for rows.Next() {
		var r RegionMean
		if err := rows.Scan(&r.Code, &r.NameVI, &r.NameEN, &r.N, &r.Mean, &r.PrevMean); err != nil {
			return nil, fmt.Errorf("ReportRegions: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ComponentScore is one unit's score on one part of an index's total.
type ComponentScore struct {
	Component      string
	NameVI, NameEN string
	ScaleMax       float64
	ProvinceCode   string
	Province       string
	Score          float64
	Rank, NRanked  int
	Median, Best   float64
	GapToMedian    float64 // the unit's score minus the median
	GapToBest      float64 // minus the best score
	ScoreChange    *float64
}

// ReportComponents returns every unit's score on each part of an index's total.
func (q *Queries) ReportComponents(ctx context.Context, s ReportScope, index string) ([]ComponentScore, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ReportComponents"], index, s.Year, s.Units, s.Weights)
	if err != nil {
		return nil, fmt.Errorf("ReportComponents: %w", err)
	}
	defer rows.Close()
	var out []ComponentScore
	for rows.Next() {
		var r ComponentScore
		if err := rows.Scan(&r.Component, &r.NameVI, &r.NameEN, &r.ScaleMax, &r.ProvinceCode, &r.Province, &r.Score,
			&r.Rank, &r.NRanked, &r.Median, &r.Best, &r.GapToMedian, &r.GapToBest, &r.ScoreChange); err != nil {
			return nil, fmt.Errorf("ReportComponents: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Spread is the distribution of an index's overall scores in one year.
type Spread struct {
	Year                           int
	N                              int
	Min, Q1, Median, Q3, Max, Mean float64
}

// ReportDistribution returns the spread of the year and of the year before.
func (q *Queries) ReportDistribution(ctx context.Context, s ReportScope, index string) ([]Spread, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ReportDistribution"], index, s.Year, s.Units, s.Weights)
	if err != nil {
		return nil, fmt.Errorf("ReportDistribution: %w", err)
	}
	defer rows.Close()
	var out []Spread
	for rows.Next() {
		var r Spread
		if err := rows.Scan(&r.Year, &r.N, &r.Min, &r.Q1, &r.Median, &r.Q3, &r.Max, &r.Mean); err != nil {
			return nil, fmt.Errorf("ReportDistribution: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PairPoint is a unit's overall scores on two indices.
type PairPoint struct {
	ProvinceCode, Province string
	X, Y                   float64
}

// ReportPairPoints returns the units scored on both indices in the year.
func (q *Queries) ReportPairPoints(ctx context.Context, s ReportScope, x, y string) ([]PairPoint, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ReportPairPoints"], x, y, s.Year, s.Units, s.Weights)
	if err != nil {
		return nil, fmt.Errorf("ReportPairPoints: %w", err)
	}
	defer rows.Close()
	var out []PairPoint
	for rows.Next() {
		var r PairPoint
		if err := rows.Scan(&r.ProvinceCode, &r.Province, &r.X, &r.Y); err != nil {
			return nil, fmt.Errorf("ReportPairPoints: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Peer is a unit compared with the profiled one.
type Peer struct {
	Kind                   string // region or nearest
	ProvinceCode, Province string
	Score                  float64
	Rank, NRanked          int
	Diff                   float64 // its score minus the profiled unit's
}

// ReportPeers returns the region's units and the five nearest scores.
func (q *Queries) ReportPeers(ctx context.Context, s ReportScope, index, province string) ([]Peer, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ReportPeers"], index, s.Year, s.Units, s.Weights, province)
	if err != nil {
		return nil, fmt.Errorf("ReportPeers: %w", err)
	}
	defer rows.Close()
	var out []Peer
	for rows.Next() {
		var r Peer
		if err := rows.Scan(&r.Kind, &r.ProvinceCode, &r.Province, &r.Score, &r.Rank, &r.NRanked, &r.Diff); err != nil {
			return nil, fmt.Errorf("ReportPeers: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Source is one load in force.
type Source struct {
	LoadID       int64
	File, Kind   string
	Slices       string
	Rows         int64
	LoadedOn     string
	Illustrative bool
}

// ReportSources returns the loads the warehouse holds, oldest first.
func (q *Queries) ReportSources(ctx context.Context) ([]Source, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ReportSources"])
	if err != nil {
		return nil, fmt.Errorf("ReportSources: %w", err)
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		var r Source
		var illustrative sql.NullBool
		if err := rows.Scan(&r.LoadID, &r.File, &r.Kind, &r.Slices, &r.Rows, &r.LoadedOn, &illustrative); err != nil {
			return nil, fmt.Errorf("ReportSources: %w", err)
		}
		r.Illustrative = illustrative.Bool
		out = append(out, r)
	}
	return out, rows.Err()
}

// MeasureSummary is one training or dossier measure across the units.
type MeasureSummary struct {
	Family, Measure      string
	NameVI, NameEN, Unit string
	N                    int
	Median               float64
	BestProvince         string
	Best                 float64
	LastProvince         string
	Last                 float64
	Estimated            bool
}

// ReportMeasures returns the training and dossier measures of the year.
func (q *Queries) ReportMeasures(ctx context.Context, s ReportScope) ([]MeasureSummary, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ReportMeasures"], s.Year, s.Units, s.Weights)
	if err != nil {
		return nil, fmt.Errorf("ReportMeasures: %w", err)
	}
	defer rows.Close()
	var out []MeasureSummary
	for rows.Next() {
		var r MeasureSummary
		if err := rows.Scan(&r.Family, &r.Measure, &r.NameVI, &r.NameEN, &r.Unit, &r.N, &r.Median,
			&r.BestProvince, &r.Best, &r.LastProvince, &r.Last, &r.Estimated); err != nil {
			return nil, fmt.Errorf("ReportMeasures: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReportUnit is a unit the report can profile.
type ReportUnit struct{ Code, NameVI, NameEN string }

// ReportUnits returns the units of the scope's map that exist in its year.
func (q *Queries) ReportUnits(ctx context.Context, s ReportScope) ([]ReportUnit, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ReportUnits"], s.Year, s.Units)
	if err != nil {
		return nil, fmt.Errorf("ReportUnits: %w", err)
	}
	defer rows.Close()
	var out []ReportUnit
	for rows.Next() {
		var u ReportUnit
		if err := rows.Scan(&u.Code, &u.NameVI, &u.NameEN); err != nil {
			return nil, fmt.Errorf("ReportUnits: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
