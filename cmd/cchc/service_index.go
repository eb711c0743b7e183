package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"cchc/queries"
)

// runServiceIndex prints the Decision 766 proxy: each computable indicator
// scored min(1, pct / threshold) x points, and the indicators it could not compute.
func runServiceIndex(ctx context.Context, e *env, q *queries.Queries, year int, unitSet, province, format string) error {
	rows, err := q.ServiceIndexProxy(ctx, year, unitSet, province)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return fmt.Errorf("không có số liệu hồ sơ năm %d trên bản đồ %s đơn vị / no dossier figures for %d on the %s-unit map", year, unitSet, year, unitSet)
	}
	units := rows
	if format == "json" {
		return writeJSON(e.stdout, units)
	}
	// the indicators, in file order of the first unit, as columns
	var computed []queries.ProxyIndicator
	names := map[string]string{}
	for _, ind := range units[0].Indicators {
		names[ind.Indicator] = ind.Name + " / " + ind.NameEN
		if ind.Pct != nil || anyComputed(units, ind.Indicator) {
			computed = append(computed, ind)
		}
	}
	t := &table{header: []string{"Mã/Code", "Tỉnh/Province"}, align: []bool{false, false}}
	if format == "csv" {
		t.header = []string{"province_code", "province"}
	}
	for _, c := range computed {
		if format == "csv" {
			t.header = append(t.header, c.Indicator+"_pct", c.Indicator+"_score")
		} else {
			t.header = append(t.header, fmt.Sprintf("%s %% (ngưỡng/threshold %g)", c.Indicator, c.Threshold), fmt.Sprintf("%s điểm/pts (/%g)", c.Indicator, c.Points))
		}
		t.align = append(t.align, true, true)
	}
	if format == "csv" {
		t.header = append(t.header, "proxy_score", "proxy_max", "proxy_pct", "not_computed")
	} else {
		t.header = append(t.header, "Điểm/Score", "Tối đa/Max", "%")
	}
	t.align = append(t.align, true, true, true, false)
	num := func(v *float64, dec int) string {
		if v == nil {
			if format == "csv" {
				return ""
			}
			return "–"
		}
		if format == "csv" {
			return strconv.FormatFloat(*v, 'f', -1, 64)
		}
		return fmtFloat(*v, dec)
	}
	for _, u := range units {
		cells := []string{u.ProvinceCode, u.Province}
		for _, c := range computed {
			for _, ind := range u.Indicators {
				if ind.Indicator == c.Indicator {
					cells = append(cells, num(ind.Pct, 1), num(ind.Score, 2))
				}
			}
		}
		cells = append(cells, num(u.ProxyScore, 2), num(u.ProxyMax, 0), num(u.ProxyPct, 1))
		if format == "csv" {
			cells = append(cells, strings.Join(u.NotComputed, ";"))
		}
		t.add(cells...)
	}
	if format == "csv" {
		return t.writeCSV(e.stdout)
	}
	fmt.Fprintf(e.stdout, "Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg) %d — %s\n", year, queries.ProxyLabel)
	fmt.Fprintf(e.stdout, "Điểm mỗi chỉ tiêu = min(1, tỷ lệ / ngưỡng) x số điểm / each indicator scores min(1, pct / threshold) x points — bản đồ %s đơn vị / %s-unit map\n\n", unitSet, unitSet)
	t.writeText(e.stdout)
	missing := map[string]bool{}
	for _, u := range units {
		for _, m := range u.NotComputed {
			missing[m] = true
		}
	}
	if len(missing) > 0 {
		fmt.Fprintln(e.stdout, "\nChưa tính được (thiếu dữ liệu) / not computed (no input data):")
		for _, m := range sortedKeys(missing) {
			fmt.Fprintf(e.stdout, "  %s  %s\n", m, names[m])
		}
	}
	fmt.Fprintln(e.stdout, "Số điểm nhóm theo QĐ 766; chỉ tiêu đại diện và ngưỡng là giả định của ước tính này (data/reference/service_index_766.csv).")
	fmt.Fprintln(e.stdout, "Group points from Decision 766; the proxy indicators and their thresholds are this proxy's assumptions (data/reference/service_index_766.csv).")
	for _, u := range units {
		if u.Illustrative {
			fmt.Fprintln(e.stdout, "Nguồn / source: dữ liệu minh họa / illustrative data")
			break
		}
	}
	return nil
}

func anyComputed(units []queries.ProxyUnit, indicator string) bool {
	for _, u := range units {
		for _, ind := range u.Indicators {
			if ind.Indicator == indicator && ind.Pct != nil {
				return true
			}
		}
	}
	return false
}
