package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"time"

	"cchc"
	"cchc/dashboards/report"
	"cchc/queries"
)

const reportUsage = `cchc report --year NĂM [--province TỈNH | --all-provinces] [--lang vi|en] [--units 63|34] [--format html,pdf] [--weights ...] -o THƯ_MỤC

Viết báo cáo năm từ kho dữ liệu, không cần Internet: tóm tắt và nguồn dữ liệu, một chương cho
mỗi chỉ số (xếp hạng, mười đầu và cuối bảng, tăng giảm nhiều nhất, bình quân vùng, chỉ số thành
phần, phân bố), tương quan giữa các chỉ số, đào tạo, hồ sơ TTHC, ghi chú phương pháp và phụ lục.
--province viết hồ sơ một tỉnh; --all-provinces viết hồ sơ mọi đơn vị và một trang mục lục.
Mỗi báo cáo ra một tệp HTML tự chứa (mở được không cần mạng) và một tệp PDF khổ A4.
Writes the annual report from the warehouse, offline: a summary with the sources, a chapter per
index, the indices against each other, training, dossiers, methodology notes and an appendix.
--province writes one province's profile; --all-provinces every unit's and an index page. Each
report is a self-contained HTML file and an A4 PDF.

Ví dụ / example:
  cchc report --year 2023 -o bao_cao/
  cchc report --year 2023 --province "Quảng Ninh" --lang en -o bao_cao/
  cchc report --year 2023 --all-provinces --format pdf -o bao_cao/
`

func runReport(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "report", reportUsage)
	year := fs.Int("year", 0, "năm / year")
	province := fs.String("province", "", "hồ sơ một tỉnh/thành / one province's profile")
	all := fs.Bool("all-provinces", false, "hồ sơ mọi đơn vị / every unit's profile")
	langFlag := fs.String("lang", "vi", "ngôn ngữ / language: vi, en")
	units := fs.String("units", "", "bản đồ 63 hoặc 34 đơn vị / 63- or 34-unit map (mặc định theo năm / default by year)")
	formats := fs.String("format", "html,pdf", "html, pdf hoặc/or html,pdf")
	weights := fs.String("weights", "", "trọng số ước tính 34 đơn vị / weights of 34-unit estimates (như/as 'cchc rank')")
	outDir := fs.String("o", "", "thư mục ra / output directory")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *year == 0 {
		return usagef("thiếu --year / --year is required")
	}
	if *outDir == "" {
		return usagef("thiếu -o THƯ_MỤC / -o DIR is required")
	}
	if *province != "" && *all {
		return usagef("chọn --province hoặc --all-provinces, không cả hai / choose --province or --all-provinces, not both")
	}
	lang, err := report.ParseLang(*langFlag)
	if err != nil {
		return &usageError{err.Error()}
	}
	want := map[string]bool{}
	for _, f := range splitList(*formats) {
		if f != "html" && f != "pdf" {
			return usagef("định dạng không hỗ trợ / unsupported format %q (html, pdf)", f)
		}
		want[f] = true
	}
	if len(want) == 0 {
		return usagef("thiếu --format / --format is empty (html, pdf)")
	}
	if err := checkWeights(*weights); err != nil {
		return err
	}
	set, err := unitSetFor(*year, *units)
	if err != nil {
		return err
	}
	var unit cchc.Unit
	if *province != "" {
		if unit, err = resolveProvince(*province, set, *year); err != nil {
			return err
		}
	}
	db, q, d, err := loadReport(ctx, e, *dbFlag, *year, set, *weights)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return err
	}
	suffix := ""
	if set != string(cchc.MapFor(*year)) {
		suffix += "_" + set
	}
	if lang == report.EN {
		suffix += "_en"
	}
	now := time.Now()
	write := func(doc *report.Doc, base string) ([]string, error) {
		doc.Created = now
		var paths []string
		for _, f := range []string{"html", "pdf"} {
			if !want[f] {
				continue
			}
			var buf bytes.Buffer
			var err error
			if f == "html" {
				err = doc.WriteHTML(&buf)
			} else {
				err = doc.WritePDF(&buf)
			}
			if err != nil {
				return nil, fmt.Errorf("report %s: %w", base, err)
			}
			p := filepath.Join(*outDir, base+"."+f)
			if err := writeFileAtomic(p, buf.Bytes()); err != nil {
				return nil, err
			}
			paths = append(paths, p)
		}
		return paths, nil
	}
	switch {
	case *province != "":
		p, err := provinceData(ctx, q, d, set, string(unit.Code))
		if err != nil {
			return err
		}
		paths, err := write(report.Province(lang, d, p), fmt.Sprintf("ho_so_%d_%s%s", *year, slug(p.Name), suffix))
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "đã ghi / wrote %s\n", strings.Join(paths, ", "))
	case *all:
		list, err := q.ReportUnits(ctx, d.Scope)
		if err != nil {
			return err
		}
		var links []string
		for _, u := range list {
			p, err := report.LoadProvince(ctx, q, d, u.Code, u.NameVI, u.NameEN) // the list is read once, above
			if err != nil {
				return err
			}
			base := fmt.Sprintf("ho_so_%d_%s%s", *year, slug(u.NameVI), suffix)
			if _, err := write(report.Province(lang, d, p), base); err != nil {
				return err
			}
			target := base + ".html"
			if !want["html"] {
				target = base + ".pdf"
			}
			links = append(links, fmt.Sprintf(`<li><a href="%s">%s</a></li>`, html.EscapeString(target), html.EscapeString(lang.T(u.NameVI, u.NameEN))))
		}
		title := html.EscapeString(lang.T(fmt.Sprintf("Hồ sơ các tỉnh/thành năm %d", *year), fmt.Sprintf("Province profiles %d", *year)))
		index := fmt.Sprintf("<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>%s</title></head><body><h1>%s</h1>%s<ol>%s</ol></body></html>\n",
			lang, title, title, illustrativeNote(d, lang), strings.Join(links, "\n"))
		ip := filepath.Join(*outDir, fmt.Sprintf("ho_so_%d%s.html", *year, suffix))
		if err := writeFileAtomic(ip, []byte(index)); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "đã ghi / wrote %d hồ sơ/profiles; mục lục / index %s\n", len(list), ip)
	default:
		paths, err := write(report.National(lang, d), fmt.Sprintf("bao_cao_%d%s", *year, suffix))
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "đã ghi / wrote %s\n", strings.Join(paths, ", "))
	}
	return nil
}

// loadReport opens the marts and reads a report's rows for one year and
// map, with the weights of 34-unit estimates settled on what the warehouse
// holds.
func loadReport(ctx context.Context, e *env, dbFlag string, year int, set, weights string) (interface{ Close() error }, *queries.Queries, *report.Data, error) {
	db, q, err := openMarts(ctx, e, e.dbPath(dbFlag))
	if err != nil {
		return nil, nil, nil, err
	}
	w, err := resolveWeights(ctx, q, weights)
	if err == nil {
		var d *report.Data
		if d, err = report.Load(ctx, q, queries.ReportScope{Year: year, Units: set, Weights: w}); err == nil {
			return db, q, d, nil
		}
	}
	db.Close()
	return nil, nil, nil, err
}

func illustrativeNote(d *report.Data, l report.Lang) string {
	if !d.Ledger.Illustrative {
		return ""
	}
	return "<p>" + html.EscapeString(l.T("Dữ liệu minh họa, không phải số liệu thật.", "Illustrative data, not real figures.")) + "</p>"
}

func provinceData(ctx context.Context, q *queries.Queries, d *report.Data, set, code string) (*report.ProvinceData, error) {
	list, err := q.ListProvinces(ctx, set)
	if err != nil {
		return nil, err
	}
	for _, u := range list {
		if u.Code == code {
			return report.LoadProvince(ctx, q, d, u.Code, u.Name, u.NameEN)
		}
	}
	return nil, fmt.Errorf("không thấy đơn vị %s trên bản đồ %s / no unit %s on the %s-unit map", code, set, code, set)
}

// slug is a file-name form of a unit's name: "Quảng Ninh" -> "quang_ninh".
func slug(name string) string { return strings.ReplaceAll(cchc.Fold(name), " ", "_") }

// writeFileAtomic writes through a temporary file renamed into place, so a
// reader never sees half a report.
func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
