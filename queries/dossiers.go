package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// DossierParams selects dossier figures.
type DossierParams struct {
	Year     int
	UnitSet  string // "63" or "34"
	By       string // province, level, field, month or channel
	Province string // a province code, or "" for all
}

// DossierRow is one unit (and breakdown key) of a year's dossier figures.
// Counts are NULL where the inputs did not give them.
type DossierRow struct {
	UnitSet, ProvinceCode, Province, ProvinceEN string
	Year                                        int
	By, Key, Source, PeriodTypes                string
	Received, OnlinePartial, OnlineFull, Online sql.NullInt64
	Direct, Postal, CarriedOver, ToHandle       sql.NullInt64
	Resolved, Early, OnTime, Late               sql.NullInt64
	Pending, PendingInTime, PendingOverdue      sql.NullInt64
	Returned, StatusDisagrees                   sql.NullInt64
	OnTimeRateResolved, OnTimeRateHandled       sql.NullFloat64
	EarlyShare, OnlineShare                     sql.NullFloat64
	OnlinePartialShare, OnlineFullShare         sql.NullFloat64
	PostalShare, ChannelShare                   sql.NullFloat64
	Forms                                       sql.NullInt64
	SatisfactionRate                            sql.NullFloat64
	Illustrative                                bool
	MembersReporting                            int
	Resummed                                    bool
}

// DossierRates returns a year's dossier figures by unit and breakdown key.
func (q *Queries) DossierRates(ctx context.Context, p DossierParams) ([]DossierRow, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["DossierRates"], p.Year, p.UnitSet, p.By, p.Province)
	if err != nil {
		return nil, fmt.Errorf("DossierRates: %w", err)
	}
	defer rows.Close()
	var out []DossierRow
	for rows.Next() {
		var r DossierRow
		if err := rows.Scan(&r.UnitSet, &r.ProvinceCode, &r.Province, &r.ProvinceEN, &r.Year, &r.By, &r.Key, &r.Source, &r.PeriodTypes,
			&r.Received, &r.OnlinePartial, &r.OnlineFull, &r.Online, &r.Direct, &r.Postal,
			&r.CarriedOver, &r.ToHandle, &r.Resolved, &r.Early, &r.OnTime, &r.Late,
			&r.Pending, &r.PendingInTime, &r.PendingOverdue, &r.Returned, &r.StatusDisagrees,
			&r.OnTimeRateResolved, &r.OnTimeRateHandled, &r.EarlyShare, &r.OnlineShare, &r.OnlinePartialShare,
			&r.OnlineFullShare, &r.PostalShare, &r.ChannelShare,
			&r.Forms, &r.SatisfactionRate, &r.Illustrative, &r.MembersReporting, &r.Resummed); err != nil {
			return nil, fmt.Errorf("DossierRates: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DossierYears returns the years with dossier figures on a map.
func (q *Queries) DossierYears(ctx context.Context, unitSet string) ([]int, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["DossierYears"], unitSet)
	if err != nil {
		return nil, fmt.Errorf("DossierYears: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// DossierRankRow is one unit in the ranking of a dossier index.
type DossierRankRow struct {
	Rank, NRanked                      int
	ProvinceCode, Province, ProvinceEN string
	Score, Percentile                  float64
	Illustrative, Resummed             bool
	MembersReporting                   int
}

// DossierRanking ranks the units on one dossier index, best first.
func (q *Queries) DossierRanking(ctx context.Context, index string, year int, unitSet string, top int) ([]DossierRankRow, error) {
	if top <= 0 {
		top = 1 << 30
	}
	rows, err := q.db.QueryContext(ctx, q.sql["DossierRanking"], index, year, unitSet, top)
	if err != nil {
		return nil, fmt.Errorf("DossierRanking: %w", err)
	}
	defer rows.Close()
	var out []DossierRankRow
	for rows.Next() {
		var r DossierRankRow
		if err := rows.Scan(&r.Rank, &r.NRanked, &r.ProvinceCode, &r.Province, &r.ProvinceEN, &r.Score, &r.Percentile,
			&r.Illustrative, &r.Resummed, &r.MembersReporting); err != nil {
			return nil, fmt.Errorf("DossierRanking: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ProxyRow is one indicator of one unit in the Decision 766 proxy.
type ProxyRow struct {
	ProvinceCode, Province, Indicator, Group, NameVI, NameEN string
	Points, Threshold                                        float64
	Pct, Score, ProxyScore, ProxyMax                         sql.NullFloat64
	NotComputed                                              string
	Illustrative                                             bool
}

// ServiceIndexProxy returns the Decision 766 proxy by unit and indicator.
func (q *Queries) ServiceIndexProxy(ctx context.Context, year int, unitSet, province string) ([]ProxyRow, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ServiceIndexProxy"], year, unitSet, province)
	if err != nil {
		return nil, fmt.Errorf("ServiceIndexProxy: %w", err)
	}
	defer rows.Close()
	var out []ProxyRow
	for rows.Next() {
		var r ProxyRow
		if err := rows.Scan(&r.ProvinceCode, &r.Province, &r.Indicator, &r.Group, &r.NameVI, &r.NameEN, &r.Points, &r.Threshold,
			&r.Pct, &r.Score, &r.ProxyScore, &r.ProxyMax, &r.NotComputed, &r.Illustrative); err != nil {
			return nil, fmt.Errorf("ServiceIndexProxy: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DossierOverlap is a unit whose statistics were set aside for its records.
type DossierOverlap struct {
	ProvinceCode, Province        string
	RecordsReceived, RecordMonths int64
	StatsReceived                 int64
	StatPeriods                   string
}

// DossierSourceOverlaps lists the units of a year, on a map, that have
// both records and statistics loaded (the records are used).
func (q *Queries) DossierSourceOverlaps(ctx context.Context, year int, unitSet string) ([]DossierOverlap, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["DossierSourceOverlaps"], year, unitSet)
	if err != nil {
		return nil, fmt.Errorf("DossierSourceOverlaps: %w", err)
	}
	defer rows.Close()
	var out []DossierOverlap
	for rows.Next() {
		var o DossierOverlap
		if err := rows.Scan(&o.ProvinceCode, &o.Province, &o.RecordsReceived, &o.RecordMonths, &o.StatsReceived, &o.StatPeriods); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
