// Package models builds the warehouse's SQL layers (staging views, core and
// marts tables) from the embedded *.sql files, in the dependency order read
// from their schema-qualified names, then runs the checks, each of which
// must return no rows. It reads raw.* and ref.* and writes staging.*,
// core.*, marts.* and ref.*; it never imports ingest.
package models

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

//go:embed staging/*.sql core/*.sql marts/*.sql checks/*.sql
var sqlFS embed.FS

// FS returns the embedded model and check files.
func FS() fs.FS { return sqlFS }

// Model is one SQL file: a relation in the schema named by its folder.
type Model struct {
	Schema string // staging, core, marts or checks
	Name   string // file stem
	SQL    string
	Deps   []string // schema-qualified relations it reads that other models build
	Grain  string   // from the "-- grain:" line
	// Inputs are the raw.* and ref.* tables it reads (raw._loads aside:
	// models read only a load's id and its illustrative flag, which never
	// change, and each load's rows are fingerprinted in the table it wrote).
	Inputs []string
	// Slice is the key the model's rows are independent by, from a
	// "-- slice: unit_set, province_code" line: the rows of one slice depend
	// only on that slice of its sliced inputs (and on all of the others), so
	// a build may rebuild only the slices whose inputs changed.
	Slice []string
}

// ID is the schema-qualified name, e.g. "marts.mart_index_rankings".
func (m Model) ID() string { return m.Schema + "." + m.Name }

var (
	refPattern     = regexp.MustCompile(`\b(staging|core|marts)\.([a-z0-9_]+)\b`)
	inputPattern   = regexp.MustCompile(`\b(raw|ref)\.([a-z0-9_]+)\b\s*(\()?`)
	slicePattern   = regexp.MustCompile(`(?m)^-- slice:(.*)$`)
	commentPattern = regexp.MustCompile(`--[^\n]*`)
)

// Load reads every model and check from fsys.
func Load(fsys fs.FS) ([]Model, error) {
	var out []Model
	for _, schema := range []string{"staging", "core", "marts", "checks"} {
		files, err := fs.Glob(fsys, schema+"/*.sql")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			m := Model{Schema: schema, Name: strings.TrimSuffix(path.Base(f), ".sql"), SQL: string(b)}
			first, _, _ := strings.Cut(m.SQL, "\n")
			if g, ok := strings.CutPrefix(first, "-- grain:"); ok {
				m.Grain = strings.TrimSpace(g)
			} else if c, ok := strings.CutPrefix(first, "-- check:"); ok {
				m.Grain = strings.TrimSpace(c)
			} else {
				return nil, fmt.Errorf("model %s: the first line must state the grain (-- grain: ...) or the check (-- check: ...)", f)
			}
			if sm := slicePattern.FindStringSubmatch(m.SQL); sm != nil {
				for _, k := range strings.Split(sm[1], ",") {
					if k = strings.TrimSpace(k); k != "" {
						m.Slice = append(m.Slice, k)
					}
				}
			}
			code := commentPattern.ReplaceAllString(m.SQL, "")
			seenIn := map[string]bool{}
			for _, mm := range inputPattern.FindAllStringSubmatch(code, -1) {
				id := mm[1] + "." + mm[2]
				if mm[3] != "" || id == "raw._loads" || seenIn[id] {
					continue // a macro such as raw.dossier_date(...), or the ledger
				}
				seenIn[id] = true
				m.Inputs = append(m.Inputs, id)
			}
			sort.Strings(m.Inputs)
			seen := map[string]bool{}
			for _, mm := range refPattern.FindAllStringSubmatch(code, -1) {
				id := mm[1] + "." + mm[2]
				if id != m.ID() && !seen[id] {
					seen[id] = true
					m.Deps = append(m.Deps, id)
				}
			}
			sort.Strings(m.Deps)
			out = append(out, m)
		}
	}
	return out, nil
}

// Order sorts models so that each comes after the models it reads; checks
// come last. Ties are broken by name so the order is stable.
func Order(ms []Model) ([]Model, error) {
	byID := map[string]Model{}
	for _, m := range ms {
		byID[m.ID()] = m
	}
	for _, m := range ms {
		for _, d := range m.Deps {
			if _, ok := byID[d]; !ok {
				return nil, fmt.Errorf("model %s reads %s, which no model builds", m.ID(), d)
			}
		}
	}
	var out []Model
	done := map[string]bool{}
	for len(out) < len(ms) {
		var ready []string
		for id, m := range byID {
			if done[id] {
				continue
			}
			ok := true
			for _, d := range m.Deps {
				if !done[d] {
					ok = false
					break
				}
			}
			if ok {
				ready = append(ready, id)
			}
		}
		if len(ready) == 0 {
			var left []string
			for id := range byID {
				if !done[id] {
					left = append(left, id)
				}
			}
			sort.Strings(left)
			return nil, fmt.Errorf("models depend on each other in a cycle: %s", strings.Join(left, ", "))
		}
		sort.Slice(ready, func(i, j int) bool {
			a, b := byID[ready[i]], byID[ready[j]]
			if (a.Schema == "checks") != (b.Schema == "checks") {
				return b.Schema == "checks"
			}
			return a.ID() < b.ID()
		})
		// take one at a time so that checks wait for every model
		id := ready[0]
		if byID[id].Schema == "checks" {
			for _, r := range ready {
				if byID[r].Schema != "checks" {
					id = r
					break
				}
			}
		}
		done[id] = true
		out = append(out, byID[id])
	}
	return out, nil
}

// CheckFailure is one check that returned rows.
type CheckFailure struct {
	Check   string
	Rows    int
	Columns []string
	Sample  [][]string
}

// CheckError is returned by Build when checks fail; the build is rolled back.
type CheckError struct {
	Failures []CheckFailure
	held     []HeldOut // the slices the failures name, when every failure names some
}

func (e *CheckError) Error() string {
	var parts []string
	for _, f := range e.Failures {
		s := fmt.Sprintf("%s: %d dòng/rows", f.Check, f.Rows)
		if len(f.Sample) > 0 {
			var kv []string
			for i, c := range f.Columns {
				kv = append(kv, c+"="+f.Sample[0][i])
			}
			s += " (" + strings.Join(kv, " ") + ")"
		}
		parts = append(parts, s)
	}
	return "kiểm tra thất bại / check failed: " + strings.Join(parts, "; ")
}

func runCheck(ctx context.Context, conn *sql.Conn, m Model) (*CheckFailure, error) {
	rows, err := conn.QueryContext(ctx, m.SQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	f := &CheckFailure{Check: m.Name, Columns: cols}
	for rows.Next() {
		f.Rows++
		if len(f.Sample) >= 5 {
			continue
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		s := make([]string, len(cols))
		for i, v := range vals {
			s[i] = fmt.Sprint(v)
		}
		f.Sample = append(f.Sample, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if f.Rows == 0 {
		return nil, nil
	}
	return f, nil
}
