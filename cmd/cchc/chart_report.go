package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"cchc/dashboards/chart"
	"cchc/dashboards/report"
)

// The report's charts, drawn on their own: the same figure the report
// holds (dashboards/report builds the document and gives back the figure).

// chartFromReport draws a report figure: bump, slope, heatmap, regions,
// distribution (national) and waterfall (a province's drivers), scatter of
// two indices.
func chartFromReport(ctx context.Context, e *env, kind string, args []string) error {
	fs, dbFlag := newFlags(e, "chart "+kind, chartUsage)
	index := fs.String("index", "", "chỉ số / index: PAR, PAPI, PCI, SIPAS")
	vs := fs.String("vs", "", "chỉ số thứ hai (scatter) / the second index (scatter)")
	year := fs.Int("year", 0, "năm / year")
	province := fs.String("province", "", "tỉnh/thành (waterfall) / province (waterfall)")
	langFlag := fs.String("lang", "vi", "vi, en")
	units := fs.String("units", "", "63 hoặc/or 34")
	weights := fs.String("weights", "", "equal, population, staffing, dossiers")
	out := fs.String("o", "", "tệp ra / output file (.svg hoặc/or .pdf)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *index == "" || *year == 0 || *out == "" {
		return usagef("cần --index, --year và -o / --index, --year and -o are required")
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".svg" && ext != ".pdf" {
		return usagef("biểu đồ %s ghi ra .svg hoặc .pdf / the %s chart writes .svg or .pdf: %q", kind, kind, *out)
	}
	if kind == "scatter" && *vs == "" {
		return usagef("scatter cần --vs CHỈ_SỐ / scatter needs --vs INDEX")
	}
	if kind == "waterfall" && *province == "" {
		return usagef("waterfall cần --province / waterfall needs --province")
	}
	lang, err := report.ParseLang(*langFlag)
	if err != nil {
		return &usageError{err.Error()}
	}
	ix, err := resolveIndex(*index)
	if err != nil {
		return err
	}
	if err := checkWeights(*weights); err != nil {
		return err
	}
	set, err := unitSetFor(*year, *units)
	if err != nil {
		return err
	}
	db, q, d, err := loadReport(ctx, e, *dbFlag, *year, set, *weights)
	if err != nil {
		return err
	}
	defer db.Close()
	key := ix
	var doc *report.Doc
	switch kind {
	case "waterfall":
		u, err := resolveProvince(*province, set, *year)
		if err != nil {
			return err
		}
		p, err := provinceData(ctx, q, d, set, string(u.Code))
		if err != nil {
			return err
		}
		doc = report.Province(lang, d, p)
	case "scatter":
		other, err := resolveIndex(*vs)
		if err != nil {
			return err
		}
		a, b := ix, other
		if b < a {
			a, b = b, a
		}
		key = a + "|" + b
		doc = report.National(lang, d)
	default:
		doc = report.National(lang, d)
	}
	fig := doc.Find(kind, key)
	if fig == nil && kind == "waterfall" {
		fig = doc.Find("changes", key) // an index published as a total: each part's change, unweighted
	}
	if fig == nil {
		return fmt.Errorf("không vẽ được %s cho %s năm %d trên bản đồ %s đơn vị (thiếu số liệu, hoặc năm trước không so sánh được) / no %s chart for %s %d on the %s-unit map (no data, or no comparable year before)",
			kind, key, *year, set, kind, key, *year, set)
	}
	var buf bytes.Buffer
	if ext == ".svg" {
		// standing alone, the chart carries its caption and, from the sample, the notice
		caption := fig.Caption
		if d.Ledger.Illustrative {
			caption += " · dữ liệu minh họa / illustrative data"
		}
		c := *fig.Canvas
		c.Items = append(slices.Clone(c.Items), chart.Text{X: 0, Y: c.H + 14, S: caption, Size: 10, Color: chart.RGB{R: 0x66, G: 0x66, B: 0x66}})
		c.H += 22
		err = c.WriteSVG(&buf)
	} else {
		err = report.WriteFigurePDF(&buf, fig)
	}
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "đã ghi / wrote %s (%s)\n", *out, fig.Caption)
	return nil
}
