package queries

import (
	"context"
	"fmt"
	"strings"
)

// DossierParams selects dossier figures.
type DossierParams struct {
	Year     int
	UnitSet  string // "63" or "34"
	By       string // province, level, field, month or channel
	Province string // a province code, or "" for all
}

// DossierRow is one unit (and breakdown key) of a year's dossier figures.
// Counts are null where the inputs did not give them; rates are shares
// (0..1). Its JSON is what `cchc dossiers --format
// json` prints.
type DossierRow struct {
	ProvinceCode       string   `json:"province_code"`
	Province           string   `json:"province"`
	ProvinceEN         string   `json:"province_en"`
	Year               int      `json:"year"`
	UnitSet            string   `json:"units"`
	By                 string   `json:"by"`
	Key                string   `json:"key,omitempty"`
	Received           *int64   `json:"received"`
	CarriedOver        *int64   `json:"carried_over"`
	ToHandle           *int64   `json:"to_handle"`
	Online             *int64   `json:"online"`
	OnlinePartial      *int64   `json:"online_partial"`
	OnlineFull         *int64   `json:"online_full"`
	Direct             *int64   `json:"direct"`
	Postal             *int64   `json:"postal"`
	Resolved           *int64   `json:"resolved"`
	Early              *int64   `json:"resolved_early"`
	OnTime             *int64   `json:"resolved_on_time"`
	Late               *int64   `json:"resolved_late"`
	Pending            *int64   `json:"pending"`
	PendingInTime      *int64   `json:"-"`
	PendingOverdue     *int64   `json:"pending_overdue"`
	Returned           *int64   `json:"returned"`
	OnTimeRateResolved *float64 `json:"on_time_rate_resolved"`
	OnTimeRateHandled  *float64 `json:"on_time_rate_handled"`
	EarlyShare         *float64 `json:"early_share"`
	OnlineShare        *float64 `json:"online_share"`
	OnlinePartialShare *float64 `json:"online_partial_share"`
	OnlineFullShare    *float64 `json:"online_full_share"`
	PostalShare        *float64 `json:"postal_share"`
	ChannelShare       *float64 `json:"channel_share,omitempty"`
	Forms              *int64   `json:"satisfaction_forms,omitempty"`
	SatisfactionRate   *float64 `json:"satisfaction_rate"`
	StatusDisagrees    *int64   `json:"status_disagrees"`
	Source             string   `json:"source"`
	PeriodTypes        string   `json:"period_types"`
	Resummed           bool     `json:"resummed"`
	MembersReporting   int      `json:"members_reporting"`
	Illustrative       bool     `json:"illustrative"`
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

// ProxyIndicator is one indicator of one unit in the Decision 766 proxy.
type ProxyIndicator struct {
	Indicator string   `json:"indicator"`
	Group     string   `json:"group"`
	Name      string   `json:"name"`
	NameEN    string   `json:"name_en"`
	Points    float64  `json:"points"`
	Threshold float64  `json:"threshold_pct"`
	Pct       *float64 `json:"pct"`
	Score     *float64 `json:"score"`
}

// ProxyUnit is one unit of the Decision 766 proxy with its indicators. Its
// JSON is what `cchc dossiers --service-index --format json` prints.
type ProxyUnit struct {
	ProvinceCode string           `json:"province_code"`
	Province     string           `json:"province"`
	Year         int              `json:"year"`
	Units        string           `json:"units"`
	Label        string           `json:"label"`
	ProxyScore   *float64         `json:"proxy_score"`
	ProxyMax     *float64         `json:"proxy_max"`
	ProxyPct     *float64         `json:"proxy_pct"`
	NotComputed  []string         `json:"not_computed"`
	Indicators   []ProxyIndicator `json:"indicators"`
	Illustrative bool             `json:"illustrative"`
}

// ProxyLabel says what the proxy is, on every output of it.
const ProxyLabel = "ước tính (proxy) từ dữ liệu đã nạp, không phải chỉ số công bố / a proxy from the loaded data, not the published index"

// ServiceIndexProxy returns the Decision 766 proxy of a year by unit, each
// with its indicators (computable or not) in indicator order.
func (q *Queries) ServiceIndexProxy(ctx context.Context, year int, unitSet, province string) ([]ProxyUnit, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ServiceIndexProxy"], year, unitSet, province)
	if err != nil {
		return nil, fmt.Errorf("ServiceIndexProxy: %w", err)
	}
	defer rows.Close()
	var out []ProxyUnit
	for rows.Next() {
		var u ProxyUnit
		var ind ProxyIndicator
		var notComputed string
		if err := rows.Scan(&u.ProvinceCode, &u.Province, &ind.Indicator, &ind.Group, &ind.Name, &ind.NameEN, &ind.Points, &ind.Threshold,
			&ind.Pct, &ind.Score, &u.ProxyScore, &u.ProxyMax, &u.ProxyPct, &notComputed, &u.Illustrative); err != nil {
			return nil, fmt.Errorf("ServiceIndexProxy: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].ProvinceCode != u.ProvinceCode {
			u.Year, u.Units, u.Label, u.NotComputed = year, unitSet, ProxyLabel, []string{}
			if notComputed != "" {
				u.NotComputed = strings.Split(notComputed, ",")
			}
			out = append(out, u)
		}
		last := &out[len(out)-1]
		last.Indicators = append(last.Indicators, ind)
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
