package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"cchc"
	"cchc/data"
	"cchc/ingest"
)

const ingestUsage = `cchc ingest [tùy chọn] TỆP... / [options] FILE...

Nạp điểm chỉ số từ CSV/TSV/TXT (UTF-8, UTF-16, phân cách , ; hoặc tab) hoặc XLSX.
Load index scores from CSV/TSV/TXT (UTF-8, UTF-16; comma, semicolon or tab) or XLSX.

Dạng dài / long:  province, year, index, component, score, rank (tên cột Việt hoặc Anh / Vietnamese or English headers)
Dạng rộng / wide: province, year + một cột mỗi thành phần / one column per component, với/with --index

Hồ sơ TTHC / dossiers (nhận từ tiêu đề hoặc --kind / detected from the headers or --kind):
  dossier-stats:   tỉnh, kỳ (2023, Quý I/2023, Tháng 3/2023), cấp, lĩnh vực, tiếp nhận (trực tuyến, trực tiếp,
                   bưu chính, kỳ trước chuyển sang), giải quyết (trước, đúng, trễ hạn), đang giải quyết (trong, quá hạn)
  dossier-records: dossier_id,province,agency,level,procedure_code,field,channel,received_date,due_date,resolved_date,status
  satisfaction:    tỉnh, năm, số phiếu, rất hài lòng, hài lòng, bình thường, không hài lòng (số phiếu hoặc %)

Mỗi tệp được nạp trọn vẹn hoặc không nạp gì; nạp lại tệp giống hệt không thay đổi gì;
tệp mới cho cùng chỉ số và năm thay thế phần đó.
Each file loads whole or not at all; an identical file is skipped; a new file for the
same index and year replaces that slice.

Ví dụ / example:
  cchc ingest pci_2019.csv
  cchc ingest --index PAPI papi_rong.xlsx
  cchc ingest --allow-rejects par_2023.csv
  cchc ingest --kind dossier-records ho_so_chi_tiet_2023.csv
`

func runIngest(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "ingest", ingestUsage)
	kind := fs.String("kind", "", "loại tệp / file kind: index-scores, population, dossier-stats, dossier-records, satisfaction (mặc định: tự nhận từ tiêu đề / default: detected from the headers)")
	index := fs.String("index", "", "chỉ số của tệp dạng rộng / index of a wide file: PAR, PAPI, PCI, SIPAS")
	allow := fs.Bool("allow-rejects", false, "nạp dòng đúng, ghi dòng lỗi ra raw._rejects và TỆP.rejects.csv / load good rows, write rejected ones to raw._rejects and FILE.rejects.csv")
	illustrative := fs.Bool("illustrative", false, "đánh dấu là dữ liệu minh họa / mark as illustrative data")
	dry := fs.Bool("dry-run", false, "chỉ kiểm tra, không ghi / check only, write nothing")
	decimal := fs.String("decimal", "", "dấu thập phân khi cột không tự cho biết / decimal mark where a column does not tell: . or ,")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("cần ít nhất một tệp / at least one file is required")
	}
	var dec byte
	switch *decimal {
	case "":
	case ".", ",":
		dec = (*decimal)[0]
	default:
		return usagef("--decimal phải là . hoặc , / --decimal must be . or ,")
	}
	ref, err := data.Load()
	if err != nil {
		return err
	}
	p := ingest.NewParser(ref)
	opt := ingest.Options{Kind: *kind, Index: *index, AllowRejects: *allow, Illustrative: *illustrative, DryRun: *dry, Decimal: dec}
	path := e.dbPath(*dbFlag)
	db, err := cchc.Open(ctx, path, false)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, f := range files {
		res, err := p.Ingest(ctx, db, f, opt)
		if err != nil {
			return err
		}
		reportIngest(e, res, opt)
	}
	return nil
}

func reportIngest(e *env, res *ingest.Result, opt ingest.Options) {
	name := filepath.Base(res.File)
	switch {
	case res.Skipped:
		fmt.Fprintf(e.stdout, "%s: đã nạp trước đó, bỏ qua / already loaded, skipped (sha256 %s)\n", name, res.SHA256[:12])
		return
	case opt.DryRun:
		fmt.Fprintf(e.stdout, "%s: [thử / dry run] %d dòng/rows hợp lệ, %d lỗi/rejected; %s\n", name, res.Rows, res.Rejected, strings.Join(res.Slices, ", "))
	default:
		fmt.Fprintf(e.stdout, "%s: đã nạp / loaded %d dòng/rows (%s), lần nạp / load #%d\n", name, res.Rows, sliceSummary(res.Slices), res.LoadID)
	}
	if len(res.SkippedSh) > 0 {
		fmt.Fprintf(e.stdout, "  bỏ qua sheet / skipped sheets: %s\n", strings.Join(res.SkippedSh, ", "))
	}
	if len(res.Ignored) > 0 {
		fmt.Fprintf(e.stdout, "  cột không nạp / columns not loaded: %s\n", strings.Join(res.Ignored, ", "))
	}
	for _, n := range res.Notes {
		fmt.Fprintf(e.stdout, "  ghi chú / note: %s\n", n)
	}
	if res.Rejected > 0 {
		fmt.Fprintf(e.stdout, "  %d dòng lỗi / rejected rows -> raw._rejects, %s\n", res.Rejected, res.RejectsFile)
	}
}

// sliceSummary lists the slices a load replaced, eliding a long list.
func sliceSummary(s []string) string {
	if len(s) <= 6 {
		return strings.Join(s, ", ")
	}
	return fmt.Sprintf("%s, … %s; %d phần / slices", strings.Join(s[:3], ", "), s[len(s)-1], len(s))
}
