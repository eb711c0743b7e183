package ingest

import (
	"fmt"
	"math"
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

// refuseCopiedYears takes out of ps every index x year whose values equal
// an earlier year's of the same file, each with a reject naming both
// sheets and years; the earliest of equal years is kept.
func refuseCopiedYears(ps *ParsedScores, file string) *ParsedScores {
	type slice struct {
		index string
		year  int
	}
	type key struct{ set, code, component string }
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
			shared, equal := 0, 0
			provinces := map[string]bool{}
			for k, v := range values[later] {
				w, ok := values[earlier][k]
				if !ok {
					continue
				}
				shared++
				provinces[k.set+":"+k.code] = true
				if math.Abs(v-w) <= 1e-12*math.Max(1, math.Abs(v)) {
					equal++
				}
			}
			if len(provinces) < copyMinProvinces || float64(equal) < copyMinShare*float64(shared) {
				continue
			}
			refused[later] = true
			sl, se := strings.Join(sheets[later], ", "), strings.Join(sheets[earlier], ", ")
			ps.Rejects = append(ps.Rejects, &CellError{File: file, Sheet: sheets[later][0], Err: fmt.Errorf(
				"sheet %q (%s năm %d) lặp lại giá trị của sheet %q (năm %d): %d/%d giá trị của %d tỉnh bằng nhau, là bản sao chứ không phải số liệu, năm %d không được nạp / sheet %q (%s year %d) repeats the values of sheet %q (year %d): %d of %d values of %d provinces are equal, a copy and not data, so year %d is not loaded",
				sl, later.index, later.year, se, earlier.year, equal, shared, len(provinces), later.year,
				sl, later.index, later.year, se, earlier.year, equal, shared, len(provinces), later.year)})
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
