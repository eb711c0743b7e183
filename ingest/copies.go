package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
)

// A year slice whose values repeat another year's is a copy error in the
// file (a sheet duplicated and relabelled), not data: beyond chance when at
// least copyMinProvinces provinces share values with the other year and
// copyMinShare of the shared values are equal.
const (
	copyMinProvinces = 20
	copyMinShare     = 0.95
)

type copySlice struct {
	index string
	year  int
}

type copyKey struct{ set, code, component string }

// loadedYears reads the scores in force of the indices ps holds, for the
// years it does not hold (the same year from another file restates it; it
// is not a copy), by index x year, with the file each came from.
func loadedYears(ctx context.Context, db *sql.DB, ps *ParsedScores) (map[copySlice]map[copyKey]float64, map[copySlice]string, error) {
	values, files := map[copySlice]map[copyKey]float64{}, map[copySlice]string{}
	if db == nil || len(ps.Records) == 0 {
		return values, files, nil
	}
	var exists bool
	if err := db.QueryRowContext(ctx, `select count(*) > 0 from information_schema.columns where table_schema = 'raw' and table_name = 'index_scores' and column_name = '_superseded_by'`).Scan(&exists); err != nil || !exists {
		return values, files, err
	}
	years := map[string][]int{}
	for _, r := range ps.Records {
		if !slices.Contains(years[r.Index], r.Year) {
			years[r.Index] = append(years[r.Index], r.Year)
		}
	}
	for ix, ys := range years {
		rows, err := db.QueryContext(ctx, `select cast(year as integer), unit_set, province_code, component, try_cast(score as double), _source_file
			from raw.index_scores
			where _superseded_by is null and index_id = $1 and try_cast(score as double) is not null`, ix)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var y int
			var k copyKey
			var v float64
			var f string
			if err := rows.Scan(&y, &k.set, &k.code, &k.component, &v, &f); err != nil {
				rows.Close()
				return nil, nil, err
			}
			if slices.Contains(ys, y) {
				continue // the same year again: a restatement, not a copy
			}
			s := copySlice{ix, y}
			if values[s] == nil {
				values[s] = map[copyKey]float64{}
			}
			values[s][k] = v
			files[s] = filepath.Base(f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return values, files, nil
}

// copied reports whether later repeats earlier beyond chance: how many
// values they share, how many are equal, over how many provinces.
func copied(later, earlier map[copyKey]float64) (bool, int, int, int) {
	shared, equal := 0, 0
	provinces := map[string]bool{}
	for k, v := range later {
		w, ok := earlier[k]
		if !ok {
			continue
		}
		shared++
		provinces[k.set+":"+k.code] = true
		if math.Abs(v-w) <= 1e-12*math.Max(1, math.Abs(v)) {
			equal++
		}
	}
	return len(provinces) >= copyMinProvinces && float64(equal) >= copyMinShare*float64(shared), equal, shared, len(provinces)
}

// refuseCopiedYears takes out of ps every index x year whose values equal
// an earlier year's of the same file, or a year already loaded from another
// file (loaded, from loadedYears), each with a reject naming both sheets or
// files and years; the earliest of equal years in the file is kept.
func refuseCopiedYears(ps *ParsedScores, file string, loaded map[copySlice]map[copyKey]float64, loadedFrom map[copySlice]string) *ParsedScores {
	type slice = copySlice
	type key = copyKey
	values := map[slice]map[key]float64{}
	sheets := map[slice][]string{}
	for _, r := range ps.Records {
		s := slice{r.Index, r.Year}
		if values[s] == nil {
			values[s] = map[key]float64{}
		}
		values[s][key{r.UnitSet, r.ProvinceCode, r.Component}] = r.Score
		sheets[s] = appendUnique(sheets[s], r.Sheet)
	}
	order := make([]slice, 0, len(values))
	for s := range values {
		order = append(order, s)
	}
	slices.SortFunc(order, func(a, b slice) int {
		if c := strings.Compare(a.index, b.index); c != 0 {
			return c
		}
		return a.year - b.year
	})
	refused := map[slice]bool{}
	for j, later := range order {
		for _, earlier := range order[:j] {
			if earlier.index != later.index || refused[earlier] {
				continue
			}
			is, equal, shared, provinces := copied(values[later], values[earlier])
			if !is {
				continue
			}
			refused[later] = true
			sl, se := strings.Join(sheets[later], ", "), strings.Join(sheets[earlier], ", ")
			ps.Rejects = append(ps.Rejects, &CellError{File: file, Sheet: sheets[later][0], Err: fmt.Errorf(
				"sheet %q (%s năm %d) lặp lại giá trị của sheet %q (năm %d): %d/%d giá trị của %d tỉnh bằng nhau, là bản sao chứ không phải số liệu, năm %d không được nạp / sheet %q (%s year %d) repeats the values of sheet %q (year %d): %d of %d values of %d provinces are equal, a copy and not data, so year %d is not loaded",
				sl, later.index, later.year, se, earlier.year, equal, shared, provinces, later.year,
				sl, later.index, later.year, se, earlier.year, equal, shared, provinces, later.year)})
			break
		}
		if refused[later] {
			continue
		}
		// a year already in the warehouse, from another file
		var years []slice
		for s := range loaded {
			if s.index == later.index {
				years = append(years, s)
			}
		}
		slices.SortFunc(years, func(a, b slice) int { return a.year - b.year })
		for _, earlier := range years {
			is, equal, shared, provinces := copied(values[later], loaded[earlier])
			if !is {
				continue
			}
			refused[later] = true
			sl := strings.Join(sheets[later], ", ")
			ps.Rejects = append(ps.Rejects, &CellError{File: file, Sheet: sheets[later][0], Err: fmt.Errorf(
				"sheet %q (%s năm %d) lặp lại giá trị năm %d đã nạp từ %s: %d/%d giá trị của %d tỉnh bằng nhau, là bản sao chứ không phải số liệu, năm %d không được nạp / sheet %q (%s year %d) repeats the values of year %d loaded from %s: %d of %d values of %d provinces are equal, a copy and not data, so year %d is not loaded",
				sl, later.index, later.year, earlier.year, loadedFrom[earlier], equal, shared, provinces, later.year,
				sl, later.index, later.year, earlier.year, loadedFrom[earlier], equal, shared, provinces, later.year)})
			break
		}
	}
	if len(refused) == 0 {
		return ps
	}
	kept := ps.Records[:0]
	for _, r := range ps.Records {
		if !refused[slice{r.Index, r.Year}] {
			kept = append(kept, r)
		}
	}
	ps.Records = kept
	return ps
}
