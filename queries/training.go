package queries

import (
	"context"
	"fmt"
)

// TrainingParams selects a training summary.
type TrainingParams struct {
	Year     int
	UnitSet  string // "63" or "34"
	By       string // province, organiser, topic, level, month, target, format, or all
	Province string // a province code on UnitSet's map, or "" for all
}

// TrainingRow is one key of a training summary. Its JSON is what
// `cchc training --format json` prints: the --by key under its own name
// (province_code and province, organiser, topic, level, month, target or
// format), then the counts.
type TrainingRow struct {
	Key                  string   `json:"-"`
	KeyName              string   `json:"-"` // province or topic name; "" for other keys
	ProvinceCode         *string  `json:"province_code,omitempty"`
	Province             *string  `json:"province,omitempty"`
	Organiser            *string  `json:"organiser,omitempty"`
	Topic                *string  `json:"topic,omitempty"`
	TopicName            *string  `json:"topic_name,omitempty"`
	TopicMapped          *bool    `json:"topic_mapped,omitempty"` // every class of the key has a canonical topic
	Level                *string  `json:"level,omitempty"`
	Month                *int     `json:"month,omitempty"`
	Target               *string  `json:"target,omitempty"`
	Format               *string  `json:"format,omitempty"`
	Year                 int      `json:"year"`
	Units                string   `json:"units"`
	Classes              int64    `json:"classes"`
	Attendances          int64    `json:"attendances"`
	Female               *int64   `json:"female"`
	FemalePct            *float64 `json:"female_pct"`
	Persons              *int64   `json:"persons"` // distinct trainee ids in the rosters loaded
	RosterClasses        int64    `json:"roster_classes"`
	CivilServants        *int64   `json:"civil_servants"` // the denominator of PerHundredCS
	PerHundredCS         *float64 `json:"per_100_cs"`
	PersonsPerHundredCS  *float64 `json:"persons_per_100_cs"` // only when every class has a roster
	Planned              *int64   `json:"planned"`
	PlanPct              *float64 `json:"plan_pct"`
	PrevClasses          *int64   `json:"prev_classes"`
	PrevAttendances      *int64   `json:"prev_attendances"`
	AttendancesChangePct *float64 `json:"attendances_change_pct"`
	Cost                 *float64 `json:"cost"` // đồng, over the classes that give one
	Illustrative         bool     `json:"illustrative"`
}

// Mapped reports whether every class of the key has a canonical topic.
func (r TrainingRow) Mapped() bool { return r.TopicMapped != nil && *r.TopicMapped }

// TrainingSummary returns the training counts of a year by one key.
func (q *Queries) TrainingSummary(ctx context.Context, p TrainingParams) ([]TrainingRow, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["TrainingSummary"], p.Year, p.UnitSet, p.By, p.Province)
	if err != nil {
		return nil, fmt.Errorf("TrainingSummary: %w", err)
	}
	defer rows.Close()
	var out []TrainingRow
	for rows.Next() {
		var r TrainingRow
		var key, keyName *string
		if err := rows.Scan(&key, &keyName, &r.ProvinceCode, &r.Province, &r.Organiser, &r.Topic, &r.TopicName, &r.TopicMapped,
			&r.Level, &r.Month, &r.Target, &r.Format, &r.Year, &r.Units,
			&r.Classes, &r.Attendances, &r.Female, &r.FemalePct, &r.Planned, &r.PlanPct, &r.Persons, &r.RosterClasses,
			&r.CivilServants, &r.PerHundredCS, &r.PersonsPerHundredCS, &r.PrevClasses, &r.PrevAttendances,
			&r.AttendancesChangePct, &r.Cost, &r.Illustrative); err != nil {
			return nil, fmt.Errorf("TrainingSummary: %w", err)
		}
		if key != nil {
			r.Key = *key
		}
		if keyName != nil {
			r.KeyName = *keyName
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// TrainingYears returns the years with training classes on a map.
func (q *Queries) TrainingYears(ctx context.Context, unitSet string) ([]int, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["TrainingYears"], unitSet)
	if err != nil {
		return nil, fmt.Errorf("TrainingYears: %w", err)
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

// RosterGap is a class whose roster disagrees with the class file.
type RosterGap struct {
	ClassID           string
	ProvinceCode      string // "" when the class was never loaded
	Year              int
	Trainees          int64
	RosterAttendances int64
	Issue             string // count_differs or class_unknown
	SourceFile        string
}

// TrainingRosterGaps returns the roster disagreements of a year, and rosters
// of classes never loaded.
func (q *Queries) TrainingRosterGaps(ctx context.Context, year int) ([]RosterGap, error) {
	rows, err := q.db.QueryContext(ctx, q.sql["TrainingRosterGaps"], year)
	if err != nil {
		return nil, fmt.Errorf("TrainingRosterGaps: %w", err)
	}
	defer rows.Close()
	var out []RosterGap
	for rows.Next() {
		var g RosterGap
		if err := rows.Scan(&g.ClassID, &g.ProvinceCode, &g.Year, &g.Trainees, &g.RosterAttendances, &g.Issue, &g.SourceFile); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
