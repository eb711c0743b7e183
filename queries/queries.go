// Package queries holds the named, parameterised SQL that reads the marts,
// each with one typed Go method. It reads marts.* only and never writes.
package queries

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"regexp"
	"strings"
)

//go:embed rankings.sql
var rankingsSQL string

//go:embed training.sql
var trainingSQL string

//go:embed dossiers.sql
var dossiersSQL string

// allSQL is every embedded query file.
func allSQL() string {
	return rankingsSQL + "\n" + trainingSQL + "\n" + dossiersSQL + "\n" + dashboardSQL
}

var namePattern = regexp.MustCompile(`(?m)^-- name: (\w+) :(one|many|exec)\s*$`)

// Parse splits SQL text into named queries.
func Parse(text string) (map[string]string, error) {
	out := map[string]string{}
	locs := namePattern.FindAllStringSubmatchIndex(text, -1)
	for i, loc := range locs {
		name := text[loc[2]:loc[3]]
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("query %s is defined twice", name)
		}
		out[name] = strings.TrimSpace(text[loc[1]:end])
	}
	return out, nil
}

// Names returns the query names in the embedded SQL, for tests.
func Names() []string {
	m, _ := Parse(allSQL())
	var out []string
	for n := range m {
		out = append(out, n)
	}
	return out
}

// Queries runs the named queries on a warehouse.
type Queries struct {
	db  *sql.DB
	sql map[string]string
}

// New returns Queries on db.
func New(db *sql.DB) *Queries {
	m, err := Parse(allSQL())
	if err != nil {
		panic(err) // embedded SQL; a test parses it
	}
	return &Queries{db: db, sql: m}
}

// RankParams selects one ranking.
type RankParams struct {
	Index     string
	Component string // "TOTAL" for the overall score
	Year      int
	UnitSet   string // "63" or "34"
	Weights   string // weight scheme of 34-unit estimates: "equal" or "population"
	Top       int    // 0 for all
	// PrevUnitSet is the map of the year before that changes are taken
	// against ("63" for 2024 on the default maps); "" means UnitSet.
	PrevUnitSet string
}

// RankRow is one province in a ranking.
type RankRow struct {
	Rank             int             `json:"rank"`
	NRanked          int             `json:"n_ranked"`
	ProvinceCode     string          `json:"province_code"`
	Province         string          `json:"province"`
	ProvinceEN       string          `json:"province_en"`
	Score            float64         `json:"score"`
	ValueType        string          `json:"value_type"`
	OfficialRank     sql.NullInt64   `json:"-"`
	RankDisagrees    bool            `json:"rank_disagrees"`
	Percentile       float64         `json:"percentile"`
	PrevRank         sql.NullInt64   `json:"-"`
	RankChange       sql.NullInt64   `json:"-"`
	PercentileChange sql.NullFloat64 `json:"-"`
	GapToLeader      float64         `json:"gap_to_leader"`
	GapToMedian      float64         `json:"gap_to_median"`
	GroupCode        sql.NullString  `json:"-"`
	GroupVI          sql.NullString  `json:"-"`
	GroupEN          sql.NullString  `json:"-"`
	GroupOfficial    bool            `json:"-"` // the source published the group
	Illustrative     bool            `json:"illustrative"`
	ComponentVI      sql.NullString  `json:"-"`
	ComponentEN      sql.NullString  `json:"-"`
	WeightScheme     string          `json:"-"`
	Estimated        bool            `json:"-"`
	Constituents     string          `json:"-"` // JSON list of {province_code, province, weight, score}
	CILower          sql.NullFloat64 `json:"-"` // 95% confidence bounds, where published
	CIUpper          sql.NullFloat64 `json:"-"`
	StdError         sql.NullFloat64 `json:"-"`
}

// RankProvinces returns one ranking, best first.
func (q *Queries) RankProvinces(ctx context.Context, p RankParams) ([]RankRow, error) {
	limit := p.Top
	if limit <= 0 {
		limit = 1 << 30
	}
	prevSet := p.PrevUnitSet
	if prevSet == "" {
		prevSet = p.UnitSet
	}
	rows, err := q.db.QueryContext(ctx, q.sql["RankProvinces"], p.Index, p.Component, p.Year, p.UnitSet, limit, p.Weights, prevSet)
	if err != nil {
		return nil, fmt.Errorf("RankProvinces: %w", err)
	}
	defer rows.Close()
	var out []RankRow
	for rows.Next() {
		var r RankRow
		if err := rows.Scan(&r.Rank, &r.NRanked, &r.ProvinceCode, &r.Province, &r.ProvinceEN, &r.Score, &r.ValueType,
			&r.OfficialRank, &r.RankDisagrees, &r.Percentile, &r.PrevRank, &r.RankChange, &r.PercentileChange,
			&r.GapToLeader, &r.GapToMedian, &r.GroupCode, &r.GroupVI, &r.GroupEN, &r.GroupOfficial, &r.Illustrative,
			&r.ComponentVI, &r.ComponentEN, &r.WeightScheme, &r.Estimated, &r.Constituents,
			&r.CILower, &r.CIUpper, &r.StdError); err != nil {
			return nil, fmt.Errorf("RankProvinces: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// YearSet is a year and the map its scores are on.
type YearSet struct {
	Year    int
	UnitSet string
}

// RankYears returns the years (and maps) for which a component has scores.
func (q *Queries) RankYears(ctx context.Context, index, component string) ([]YearSet, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["RankYears"], index, component)
	if err != nil {
		return nil, fmt.Errorf("RankYears: %w", err)
	}
	defer rows.Close()
	var out []YearSet
	for rows.Next() {
		var y YearSet
		if err := rows.Scan(&y.Year, &y.UnitSet); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// CompareParams selects provinces and years to compare.
type CompareParams struct {
	Index     string
	Component string
	From, To  int
	Provinces []string // province codes
	Weights   string   // weight scheme of 34-unit estimates
}

// CompareRow is one province in one year.
type CompareRow struct {
	Year         int
	UnitSet      string
	ProvinceCode string
	Province     string
	Score        float64
	ValueType    string
	Rank         int
	NRanked      int
	OfficialRank sql.NullInt64
	Percentile   float64
	GroupVI      sql.NullString
	GroupEN      sql.NullString
	Illustrative bool
	WeightScheme string
	Estimated    bool
	Constituents string
}

// CompareProvinces returns scores and ranks of the provinces, by year.
func (q *Queries) CompareProvinces(ctx context.Context, p CompareParams) ([]CompareRow, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["CompareProvinces"], p.Index, p.Component, p.From, p.To, strings.Join(p.Provinces, ","), p.Weights)
	if err != nil {
		return nil, fmt.Errorf("CompareProvinces: %w", err)
	}
	defer rows.Close()
	var out []CompareRow
	for rows.Next() {
		var r CompareRow
		if err := rows.Scan(&r.Year, &r.UnitSet, &r.ProvinceCode, &r.Province, &r.Score, &r.ValueType, &r.Rank, &r.NRanked,
			&r.OfficialRank, &r.Percentile, &r.GroupVI, &r.GroupEN, &r.Illustrative, &r.WeightScheme, &r.Estimated, &r.Constituents); err != nil {
			return nil, fmt.Errorf("CompareProvinces: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Break is a methodology break of an index.
type Break struct {
	Index, Component, Action, NoteVI, NoteEN string
	Year                                     int
}

// MethodologyBreaks returns the breaks of index in (from, to] that apply to component.
func (q *Queries) MethodologyBreaks(ctx context.Context, index, component string, from, to int) ([]Break, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["MethodologyBreaks"], index, from, to, component)
	if err != nil {
		return nil, fmt.Errorf("MethodologyBreaks: %w", err)
	}
	defer rows.Close()
	var out []Break
	for rows.Next() {
		var b Break
		if err := rows.Scan(&b.Index, &b.Year, &b.Component, &b.Action, &b.NoteVI, &b.NoteEN); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Build is when the marts were built and the last load they include.
type Build struct {
	BuiltAt    string
	LastLoadID int64
}

// BuildInfo returns the last build; sql.ErrNoRows-wrapping error if never built.
func (q *Queries) BuildInfo(ctx context.Context) (Build, error) {
	var b Build
	err := q.db.QueryRowContext(ctx, q.sql["BuildInfo"]).Scan(&b.BuiltAt, &b.LastLoadID)
	if err != nil {
		return b, fmt.Errorf("BuildInfo: %w", err)
	}
	return b, nil
}

// Province is one provincial unit of a map.
type Province struct {
	UnitSet          string `json:"units"`
	Code             string `json:"province_code"`
	Name             string `json:"province"`
	NameOfficial     string `json:"name_official"`
	NameEN           string `json:"name_en"`
	Region           string `json:"region,omitempty"`
	ValidFrom        string `json:"valid_from"`
	ValidTo          string `json:"valid_to,omitempty"`
	SuccessorCode    string `json:"successor_code,omitempty"`
	ConstituentCodes string `json:"-"`
	ConstituentNames string `json:"-"`
}

// ListProvinces returns the units of one map ("63" or "34"), or of both for "".
func (q *Queries) ListProvinces(ctx context.Context, unitSet string) ([]Province, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["ListProvinces"], unitSet)
	if err != nil {
		return nil, fmt.Errorf("ListProvinces: %w", err)
	}
	defer rows.Close()
	var out []Province
	for rows.Next() {
		var p Province
		if err := rows.Scan(&p.UnitSet, &p.Code, &p.Name, &p.NameOfficial, &p.NameEN, &p.Region, &p.ValidFrom, &p.ValidTo,
			&p.SuccessorCode, &p.ConstituentCodes, &p.ConstituentNames); err != nil {
			return nil, fmt.Errorf("ListProvinces: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PopulationWeighted reports whether population-weighted 34-unit estimates
// exist, that is, whether a population table is loaded.
func (q *Queries) PopulationWeighted(ctx context.Context) (bool, error) {
	var ok bool
	if err := q.db.QueryRowContext(ctx, q.sql["PopulationWeighted"]).Scan(&ok); err != nil {
		return false, fmt.Errorf("PopulationWeighted: %w", err)
	}
	return ok, nil
}
