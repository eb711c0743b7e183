// Package queries holds the named, parameterised SQL that reads the marts,
// each with one typed Go method. It reads marts.* only and never writes.
package queries

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"cchc"
)

//go:embed rankings.sql
var rankingsSQL string

//go:embed training.sql
var trainingSQL string

//go:embed dossiers.sql
var dossiersSQL string

// allSQL is every embedded query file.
func allSQL() string {
	return rankingsSQL + "\n" + trainingSQL + "\n" + dossiersSQL + "\n" + dashboardSQL + "\n" + reportSQL
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

// SeriesParams selects the ranks of one index component over years: one
// year for `rank`, a range for `compare`.
type SeriesParams struct {
	Index     cchc.IndexID
	Component string // "TOTAL" for the overall score
	From, To  int
	// Units is the map of every year; "" is the map in force each year.
	Units   cchc.UnitSet
	Weights cchc.WeightScheme // weights of 34-unit estimates
	// Units63 and Units34 are the units wanted on each map; both nil for every unit.
	Units63, Units34 []cchc.ProvinceCode
	Top              int // rows per year, best first; 0 for all
}

// Member is one former province of a 34-unit estimate.
type Member struct {
	ProvinceCode string  `json:"province_code"`
	Province     string  `json:"province"`
	Weight       float64 `json:"weight"`
	Score        float64 `json:"score"`
}

// RankRow is one unit in one year's ranking. Its JSON is what
// `cchc rank --format json` and `cchc compare --format json` print.
type RankRow struct {
	Rank             int      `json:"rank"`
	NRanked          int      `json:"n_ranked"`
	RankOf           string   `json:"rank_of"`
	ProvinceCode     string   `json:"province_code"`
	Province         string   `json:"province"`
	ProvinceEN       string   `json:"province_en"`
	Score            float64  `json:"score"`
	Derived          bool     `json:"derived"` // not as reported: a sum of components, or an estimate
	ValueType        string   `json:"-"`
	OfficialRank     *int64   `json:"official_rank"`
	RankDisagrees    bool     `json:"rank_disagrees"`
	RankChange       *int64   `json:"rank_change"`
	Percentile       float64  `json:"percentile"`
	PercentileChange *float64 `json:"percentile_change"`
	GapToLeader      float64  `json:"gap_to_leader"`
	GapToMedian      float64  `json:"gap_to_median"`
	GroupCode        *string  `json:"-"`
	Group            *string  `json:"group"`
	GroupEN          *string  `json:"group_en"`
	GroupOfficial    bool     `json:"group_official"` // the source published the group
	Index            string   `json:"index"`
	Component        string   `json:"component"`
	ComponentVI      *string  `json:"-"`
	ComponentEN      *string  `json:"-"`
	Year             int      `json:"year"`
	Units            string   `json:"units"`
	CILower          *float64 `json:"ci_lower,omitempty"` // 95% confidence bounds, where published
	CIUpper          *float64 `json:"ci_upper,omitempty"`
	StdError         *float64 `json:"std_error,omitempty"`
	Estimated        bool     `json:"estimated"`
	WeightScheme     string   `json:"-"`
	Weights          string   `json:"weights,omitempty"` // the weight scheme of an estimate; "" as reported
	Constituents     []Member `json:"constituents,omitempty"`
	Resummed         bool     `json:"resummed"` // a 34-unit count re-summed exactly from its former provinces
	AfterBreak       []int    `json:"after_break"`
	Illustrative     bool     `json:"illustrative"`
}

// RankSeries returns the ranks of one index component, by year then rank.
func (q *Queries) RankSeries(ctx context.Context, p SeriesParams) ([]RankRow, error) {
	limit := p.Top
	if limit <= 0 {
		limit = 1 << 30
	}
	join := func(codes []cchc.ProvinceCode) string {
		s := make([]string, len(codes))
		for i, c := range codes {
			s[i] = string(c)
		}
		return strings.Join(s, ",")
	}
	chosen := p.Units63 != nil || p.Units34 != nil
	rows, err := q.db.QueryContext(ctx, q.sql["RankSeries"], string(p.Index), p.Component, p.From, p.To, string(p.Units),
		string(p.Weights), join(p.Units63), join(p.Units34), chosen, limit, cchc.FirstYearOn34())
	if err != nil {
		return nil, fmt.Errorf("RankSeries: %w", err)
	}
	defer rows.Close()
	var out []RankRow
	for rows.Next() {
		var r RankRow
		var constituents *string
		var afterBreak []any
		if err := rows.Scan(&r.Rank, &r.NRanked, &r.RankOf, &r.ProvinceCode, &r.Province, &r.ProvinceEN, &r.Score, &r.Derived, &r.ValueType,
			&r.OfficialRank, &r.RankDisagrees, &r.RankChange, &r.Percentile, &r.PercentileChange,
			&r.GapToLeader, &r.GapToMedian, &r.GroupCode, &r.Group, &r.GroupEN, &r.GroupOfficial,
			&r.Index, &r.Component, &r.ComponentVI, &r.ComponentEN, &r.Year, &r.Units,
			&r.CILower, &r.CIUpper, &r.StdError, &r.Estimated, &r.WeightScheme, &constituents, &r.Resummed,
			&afterBreak, &r.Illustrative); err != nil {
			return nil, fmt.Errorf("RankSeries: %w", err)
		}
		if r.WeightScheme != string(cchc.WeightsReported) {
			r.Weights = r.WeightScheme
			if constituents != nil {
				if err := json.Unmarshal([]byte(*constituents), &r.Constituents); err != nil {
					return nil, fmt.Errorf("RankSeries: constituents of %s %d: %w", r.ProvinceCode, r.Year, err)
				}
			}
		}
		r.AfterBreak = []int{}
		for _, y := range afterBreak {
			if v, ok := y.(int32); ok {
				r.AfterBreak = append(r.AfterBreak, int(v))
			}
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

// MartsBuilt reports whether the marts were built at least once.
func (q *Queries) MartsBuilt(ctx context.Context) (bool, error) {
	var built bool
	if err := q.db.QueryRowContext(ctx, q.sql["MartsBuilt"]).Scan(&built); err != nil {
		return false, fmt.Errorf("MartsBuilt: %w", err)
	}
	return built, nil
}

// Conflicts counts marts.mart_source_conflicts: every disagreement, and
// those settled by --prefer rather than by the later load.
type Conflicts struct {
	Total, Preferred int64
}

// SourceConflicts counts the disagreements between sources the marts list.
func (q *Queries) SourceConflicts(ctx context.Context) (Conflicts, error) {
	var c Conflicts
	if err := q.db.QueryRowContext(ctx, q.sql["SourceConflicts"]).Scan(&c.Total, &c.Preferred); err != nil {
		return c, fmt.Errorf("SourceConflicts: %w", err)
	}
	return c, nil
}

// HeldOutChecks names the failing checks that held an index and year out
// of the marts in the last build (none when it is built).
func (q *Queries) HeldOutChecks(ctx context.Context, index string, year int) ([]string, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["HeldOutChecks"], index, year)
	if err != nil {
		return nil, fmt.Errorf("HeldOutChecks: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("HeldOutChecks: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ErrNotBuilt is returned by BuildInfo when the warehouse has no marts yet.
var ErrNotBuilt = errors.New("chưa có bảng tổng hợp, hãy chạy 'cchc build' / no marts yet, run 'cchc build'")

// BuildInfo returns the last build: ErrNotBuilt when the marts were never
// built, and any other failure to read them as what it is.
func (q *Queries) BuildInfo(ctx context.Context) (Build, error) {
	var b Build
	built, err := q.MartsBuilt(ctx)
	if err != nil {
		return b, err
	}
	if !built {
		return b, ErrNotBuilt
	}
	err = q.db.QueryRowContext(ctx, q.sql["BuildInfo"]).Scan(&b.BuiltAt, &b.LastLoadID)
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotBuilt
	}
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
	LeftWhole        bool   `json:"left_whole"` // a 34-unit unit the 2025 merger left whole
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
			&p.SuccessorCode, &p.ConstituentCodes, &p.ConstituentNames, &p.LeftWhole); err != nil {
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
