package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"

	"cchc/dashboards/chart"
)

const chartTrainingUsage = `cchc chart training --year NĂM [--by month] [--province TỈNH] [--units 63|34] -o TỆP.png|TỆP.svg

Số lớp (đường) và lượt học viên (cột) theo tháng khai giảng trong một năm.
Classes (line) and trainee-attendances (bars) by start month in one year.
Bảng xếp hạng một chỉ số đào tạo / the ranked bar of a training measure:
  cchc chart rank --index training_per_100_cs --year 2023 -o dao_tao.png

Ví dụ / example:
  cchc chart training --year 2023 --by month -o lop_2023.png
  cchc chart training --year 2021 --province "Quảng Ninh" -o quang_ninh_2021.svg
`

func runChartTraining(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "chart training", chartTrainingUsage)
	year := fs.Int("year", 0, "năm / year (mặc định: mới nhất / default: latest)")
	by := fs.String("by", "month", "chỉ month / month only (xếp hạng tỉnh: chart rank --index training_... / provinces: chart rank)")
	province := fs.String("province", "", "chỉ một tỉnh/thành / one province only")
	units := fs.String("units", "", "63 hoặc/or 34")
	out := fs.String("o", "", "tệp ra / output file (.png hoặc/or .svg)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *by != "month" {
		return usagef("chart training chỉ vẽ theo tháng; xếp hạng tỉnh dùng 'cchc chart rank --index training_attendances' / chart training draws months only; for provinces use 'cchc chart rank --index training_attendances' (got --by %q)", *by)
	}
	if *out == "" {
		return usagef("thiếu -o TỆP.png|TỆP.svg / -o FILE.png|FILE.svg is required")
	}
	format, err := chart.FormatFromPath(*out)
	if err != nil {
		return &usageError{err.Error()}
	}
	tq, err := loadTraining(ctx, e, *dbFlag, *year, "month", *province, *units)
	if err != nil {
		return err
	}
	defer tq.db.Close()
	spec := monthlySpec(tq)
	var buf bytes.Buffer
	if err := chart.RenderMonthly(&buf, format, spec); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "đã ghi / wrote %s (%d tháng có lớp / months with classes)\n", *out, len(tq.rows))
	return nil
}

func monthlySpec(tq *trainingQuery) chart.MonthlySpec {
	scope := "cả nước / all provinces"
	if tq.province != "" {
		scope = tq.provinceName
	}
	spec := chart.MonthlySpec{
		Title:     fmt.Sprintf("Đào tạo, bồi dưỡng %d — %s", tq.year, scope),
		Subtitle:  fmt.Sprintf("Lớp và lượt học viên theo tháng khai giảng (bản đồ %s đơn vị) / classes and trainee-attendances by start month (%s-unit map)", tq.units, tq.units),
		BarLabel:  "Lượt học viên / attendances",
		LineLabel: "Số lớp / classes",
	}
	for _, r := range tq.rows {
		m, err := strconv.Atoi(r.Key)
		if err != nil {
			continue
		}
		spec.Months = append(spec.Months, chart.Month{Month: m, Classes: float64(r.Classes), Attendances: float64(r.Attendances)})
	}
	if len(tq.total) == 1 {
		t := tq.total[0]
		spec.Notes = append(spec.Notes, fmt.Sprintf("Cả năm / whole year: %s lớp / classes, %s lượt học viên / attendances",
			groupThousands(t.Classes), groupThousands(t.Attendances)),
			"Lớp kéo dài hai tháng tính vào tháng khai giảng / a class spanning two months counts in its start month")
	}
	if tq.illustrative {
		spec.Notes = append(spec.Notes, "Nguồn: dữ liệu minh họa / Source: illustrative data")
	} else {
		spec.Notes = append(spec.Notes, "Nguồn / source: hồ sơ lớp đào tạo, bồi dưỡng đã nạp / loaded training-class records")
	}
	return spec
}
