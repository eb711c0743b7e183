package models

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"strconv"

	"cchc/data"
)

// serviceIndexTable reads the indicators of the national service index
// (Decision 766/QĐ-TTg) that the proxy scores: data/reference/service_index_766.csv.
func serviceIndexTable() (refTable, error) {
	t := refTable{name: "service_index_766", cols: "indicator varchar, group_code varchar, group_points double, group_vi varchar, group_en varchar, name_vi varchar, name_en varchar, points double, threshold_pct double, metric varchar, note varchar"}
	b, err := fs.ReadFile(data.ReferenceFS(), "reference/service_index_766.csv")
	if err != nil {
		return t, err
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return t, fmt.Errorf("service_index_766.csv: %w", err)
	}
	for i, r := range recs[1:] {
		if len(r) != 11 {
			return t, fmt.Errorf("service_index_766.csv row %d: %d columns, want 11", i+2, len(r))
		}
		gp, err1 := strconv.ParseFloat(r[2], 64)
		pts, err2 := strconv.ParseFloat(r[7], 64)
		thr, err3 := strconv.ParseFloat(r[8], 64)
		if err1 != nil || err2 != nil || err3 != nil || thr <= 0 {
			return t, fmt.Errorf("service_index_766.csv row %d: bad points or threshold", i+2)
		}
		t.rows = append(t.rows, []any{r[0], r[1], gp, r[3], r[4], r[5], r[6], pts, thr, nullable(r[9]), r[10]})
	}
	return t, nil
}
