package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// TrainingParams selects a training summary.
type TrainingParams struct {
	Year     int
	UnitSet  string // "63" or "34"
	By       string // province, organiser, topic, level, month, target, format, or all
	Province string // a province code on UnitSet's map, or "" for all
}

// TrainingRow is one key of a training summary.
type TrainingRow struct {
	Key                  string
	KeyName              string // province or topic name; "" for other keys
	TopicMapped          bool   // every class of the key has a canonical topic
	Classes              int64
	Attendances          int64
	Female               sql.NullInt64
	FemalePct            sql.NullFloat64
	Planned              sql.NullInt64
	PlanPct              sql.NullFloat64
	Persons              sql.NullInt64 // distinct trainee ids in the rosters loaded
	RosterClasses        int64         // classes with a roster
	CivilServants        sql.NullInt64 // the denominator of PerHundredCS
	PerHundredCS         sql.NullFloat64
	PersonsPerHundredCS  sql.NullFloat64 // only when every class has a roster
	PrevClasses          sql.NullInt64
	PrevAttendances      sql.NullInt64
	AttendancesChangePct sql.NullFloat64
	Cost                 sql.NullFloat64 // đồng, over the classes that give one
	Illustrative         bool
}

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
		var mapped sql.NullBool
		if err := rows.Scan(&r.Key, &r.KeyName, &mapped, &r.Classes, &r.Attendances, &r.Female, &r.FemalePct,
			&r.Planned, &r.PlanPct, &r.Persons, &r.RosterClasses, &r.CivilServants, &r.PerHundredCS,
			&r.PersonsPerHundredCS, &r.PrevClasses, &r.PrevAttendances, &r.AttendancesChangePct, &r.Cost, &r.Illustrative); err != nil {
			return nil, fmt.Errorf("TrainingSummary: %w", err)
		}
		r.TopicMapped = mapped.Bool
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
