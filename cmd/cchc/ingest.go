package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"cchc"
	"cchc/data"
	"cchc/ingest"
)

const ingestUsage = `cchc ingest [tùy chọn] TỆP|THƯ MỤC... / [options] FILE|FOLDER...

Nạp điểm chỉ số từ CSV/TSV/TXT (UTF-8, UTF-16, phân cách , ; hoặc tab), XLSX hoặc XLS, và các
bảng tính chính thức như được công bố: PCI của VCCI (sheet tổng hợp và sheet chỉ số thành
phần), PAPI của CECODES-UNDP (sheet theo năm 2011-2016, sheet dữ liệu 2018+). Thư mục: nạp
mọi tệp dữ liệu trong đó, theo thứ tự tên.
Load index scores from CSV/TSV/TXT (UTF-8, UTF-16; comma, semicolon or tab), XLSX or XLS, and the
official workbooks as published: VCCI's PCI (summary and sub-index sheets), CECODES-UNDP's
PAPI (year sheets 2011-2016, 2018+ data sheets). A folder: every data file in it, by name.

Dạng dài / long:  province, year, index, component, score, rank (tên cột Việt hoặc Anh / Vietnamese or English headers)
Dạng rộng / wide: province, year + một cột mỗi thành phần / one column per component
                  (chỉ số nhận ra từ tên cột, hoặc --index / index recognised from the labels, or --index)

Đào tạo / training: lớp (mã lớp, tỉnh, ngày bắt đầu, số học viên, ...), danh sách học viên
(mã lớp, mã học viên), biên chế (tỉnh, năm, số công chức); loại tự nhận từ tiêu đề.
classes (class id, province, start date, trainees, ...), rosters (class id, trainee id),
staffing (province, year, civil servants); the kind is detected from the headers.

Hồ sơ TTHC / dossiers (nhận từ tiêu đề hoặc --kind / detected from the headers or --kind):
  dossier-stats:   tỉnh, kỳ (2023, Quý I/2023, Tháng 3/2023), cấp, lĩnh vực, tiếp nhận (trực tuyến, trực tiếp,
                   bưu chính, kỳ trước chuyển sang), giải quyết (trước, đúng, trễ hạn), đang giải quyết (trong, quá hạn)
  dossier-records: dossier_id,province,agency,level,procedure_code,field,channel,received_date,due_date,resolved_date,status
  satisfaction:    tỉnh, năm, số phiếu, rất hài lòng, hài lòng, bình thường, không hài lòng (số phiếu hoặc %)

Mỗi tệp được nạp trọn vẹn hoặc không nạp gì; nạp lại tệp giống hệt không thay đổi gì. Mỗi dòng
có một khóa (tỉnh x năm x chỉ số x thành phần; tỉnh x mã lớp; mã lớp x mã học viên; mã hồ sơ; ...):
tệp mới chỉ thay các khóa nó nêu lại, dòng cũ vẫn giữ trong kho ('cchc loads', 'cchc unload ID');
các tệp lớp theo quý cộng dồn. --replace bỏ cả các khóa cũ của phần dữ liệu mà tệp không nêu.
Each file loads whole or not at all; an identical file is skipped. Every row has a key
(province x year x index x component; province x class id; class x trainee; dossier id; ...):
a new file supersedes only the keys it states again, the earlier rows stay in the warehouse
('cchc loads', 'cchc unload ID'); quarterly class files add up. --replace also drops the earlier
keys of its slices that the file does not state.

Ví dụ / example:
  cchc ingest pci_2019.csv
  cchc ingest --dry-run PCI_2015.xlsx
  cchc ingest du_lieu_chinh_thuc/
  cchc ingest --index PAPI papi_rong.xlsx
  cchc ingest --allow-rejects par_2023.csv
  cchc ingest --replace papi_2015_sua.xlsx
  cchc ingest --prefer official papi_2015-2023_ban_chia_se.xlsx
  cchc ingest lop_boi_duong_2023.xlsx danh_sach_hoc_vien.csv bien_che.csv
  cchc ingest --kind dossier-records ho_so_chi_tiet_2023.csv
  cchc ingest --format json ho_so_chi_tiet_2023.csv

Tệp hồ sơ lớn hiện thanh tiến độ trên stderr khi là màn hình (dòng thường mỗi 5 giây khi không;
không gì thêm với --format json). / A large records file shows a progress bar on stderr when it
is a terminal (a plain line every 5 seconds when not; nothing extra with --format json).
`

func runIngest(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "ingest", ingestUsage)
	kind := fs.String("kind", "", "loại tệp / file kind: "+strings.Join(ingest.Kinds, ", ")+" (mặc định: tự nhận từ bố cục và tiêu đề / default: detected from the layout and headers)")
	index := fs.String("index", "", "chỉ số của tệp dạng rộng / index of a wide file: PAR, PAPI, PCI, SIPAS")
	allow := fs.Bool("allow-rejects", false, "nạp dòng đúng, ghi dòng lỗi ra raw._rejects và TỆP.rejects.csv / load good rows, write rejected ones to raw._rejects and FILE.rejects.csv")
	illustrative := fs.Bool("illustrative", false, "đánh dấu là dữ liệu minh họa / mark as illustrative data")
	dry := fs.Bool("dry-run", false, "chỉ kiểm tra, không ghi / check only, write nothing")
	decimal := fs.String("decimal", "", "dấu thập phân khi cột không tự cho biết / decimal mark where a column does not tell: . or ,")
	replace := fs.Bool("replace", false, "thay cả phần dữ liệu tệp phủ (chỉ số x năm, tỉnh x năm): bỏ các khóa đã nạp mà tệp không nêu lại, và nói bỏ bao nhiêu / replace the whole slices the file covers (index x year, province x year): drop the keys loaded before that it does not state, and say how many")
	prefer := fs.String("prefer", "", "khi tệp và lần nạp trước khác nhau ở cùng khóa: official (giữ bảng chính thức) hoặc TÊN TỆP (giữ tệp đó); mặc định giữ tệp nạp sau / when this file and an earlier load disagree on a key: official (keep the official workbooks) or a FILE name (keep that file); default: keep the later")
	format := fs.String("format", "table", "định dạng / output format: table, json")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *prefer != "" && *prefer != ingest.PreferOfficial && strings.ContainsAny(*prefer, ",;") {
		return usagef("--prefer nhận official hoặc một tên tệp / --prefer takes official or one file name (got %q)", *prefer)
	}
	if err := checkTableOrJSON(*format); err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("cần ít nhất một tệp / at least one file is required")
	}
	files, err = expandInputs(files)
	if err != nil {
		return err
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
	bar := e.progress("ingest", *format == "json")
	defer bar.finish()
	opt := ingest.Options{Kind: *kind, Index: *index, AllowRejects: *allow, Illustrative: *illustrative, DryRun: *dry, Decimal: dec, Progress: bar.load, Replace: *replace, Prefer: *prefer}
	path := e.dbPath(*dbFlag)
	if *dry {
		path = "" // a dry run checks in memory: it neither creates nor touches the warehouse
	}
	db, err := cchc.Open(ctx, path, false)
	if err != nil {
		return err
	}
	defer db.Close()
	// Each file loads whole or not at all; with several, a failed file does
	// not stop the others, and the command fails at the end naming them.
	var failed []string
	var results []ingestJSON
	for _, f := range files {
		res, err := p.Ingest(ctx, db, f, opt)
		bar.finish()
		if err != nil && len(files) == 1 {
			return err
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "cchc ingest: %s\n", oneLine(err.Error()))
			failed = append(failed, filepath.Base(f))
			results = append(results, ingestJSON{File: f, Error: oneLine(err.Error())})
			continue
		}
		if *format == "json" {
			results = append(results, newIngestJSON(res))
			continue
		}
		reportIngest(e, res, opt)
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d/%d tệp không nạp được (các tệp khác đã nạp) / %d of %d files were not loaded (the others were): %s",
			len(failed), len(files), len(failed), len(files), strings.Join(failed, ", "))
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
		fmt.Fprintf(e.stdout, "%s: [thử, không ghi / dry run, nothing written] loại/kind %s; %d dòng/rows hợp lệ, %d lỗi/rejected; %s\n", name, res.Kind, res.Rows, res.Rejected, sliceSummary(res.Slices))
	default:
		fmt.Fprintf(e.stdout, "%s: đã nạp / loaded %d dòng/rows (%s; loại/kind %s), lần nạp / load #%d\n", name, res.Rows, sliceSummary(res.Slices), res.Kind, res.LoadID)
	}
	if len(res.Sheets) > 1 || opt.DryRun && len(res.Sheets) > 0 {
		fmt.Fprintf(e.stdout, "  sheet đã đọc / sheets read: %s\n", strings.Join(res.Sheets, ", "))
	}
	if opt.DryRun {
		for _, m := range res.Mapped {
			fmt.Fprintf(e.stdout, "  cột nạp / column loaded: %s\n", m)
		}
	}
	if len(res.SkippedSh) > 0 {
		fmt.Fprintf(e.stdout, "  bỏ qua sheet / skipped sheets: %s\n", strings.Join(res.SkippedSh, ", "))
	}
	if len(res.Ignored) > 0 {
		fmt.Fprintf(e.stdout, "  cột không nạp / columns not loaded: %s\n", listSome(res.Ignored, 20))
	}
	for _, n := range res.Notes {
		fmt.Fprintf(e.stdout, "  ghi chú / note: %s\n", n)
	}
	if res.Rejected > 0 {
		fmt.Fprintf(e.stdout, "  %d dòng lỗi / rejected rows -> raw._rejects, %s\n", res.Rejected, res.RejectsFile)
	}
}

// ingestJSON is one file's result with --format json.
type ingestJSON struct {
	File        string   `json:"file"`
	Kind        string   `json:"kind,omitempty"`
	SHA256      string   `json:"sha256,omitempty"`
	LoadID      int64    `json:"load_id,omitempty"`
	Rows        int      `json:"rows"`
	Rejected    int      `json:"rejected"`
	Skipped     bool     `json:"skipped"`
	Slices      []string `json:"slices,omitempty"`
	Notes       []string `json:"notes,omitempty"`
	RejectsFile string   `json:"rejects_file,omitempty"`
	Superseded  int64    `json:"superseded"`
	Dropped     int64    `json:"dropped"`
	Conflicts   int64    `json:"conflicts"`
	Error       string   `json:"error,omitempty"`
}

func newIngestJSON(r *ingest.Result) ingestJSON {
	return ingestJSON{File: r.File, Kind: r.Kind, SHA256: r.SHA256, LoadID: r.LoadID, Rows: r.Rows, Rejected: r.Rejected,
		Skipped: r.Skipped, Slices: r.Slices, Notes: r.Notes, RejectsFile: r.RejectsFile,
		Superseded: r.Superseded, Dropped: r.Dropped, Conflicts: r.Conflicts}
}

// inputExts are the extensions a folder is searched for.
var inputExts = map[string]bool{".csv": true, ".tsv": true, ".txt": true, ".xlsx": true, ".xlsm": true, ".xls": true}

// expandInputs replaces each folder among args by the data files in it
// (not in subfolders), in name order; Excel's "~$" lock files, hidden
// files and the rejects files cchc writes are left out.
func expandInputs(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			out = append(out, a) // a missing file is reported by the ingest itself
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, en := range entries {
			name := en.Name()
			if en.IsDir() || strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") ||
				strings.HasSuffix(name, ".rejects.csv") || !inputExts[strings.ToLower(filepath.Ext(name))] {
				continue
			}
			out = append(out, filepath.Join(a, name))
			n++
		}
		if n == 0 {
			return nil, fmt.Errorf("thư mục %s không có tệp CSV/TSV/TXT/XLSX/XLS nào / folder %s has no CSV/TSV/TXT/XLSX/XLS file", a, a)
		}
	}
	return out, nil
}

// sliceSummary lists the slices a load replaced, eliding a long list.
func sliceSummary(s []string) string {
	if len(s) <= 6 {
		return strings.Join(s, ", ")
	}
	return fmt.Sprintf("%s, … %s; %d phần / slices", strings.Join(s[:3], ", "), s[len(s)-1], len(s))
}

// listSome joins the first n items of a list and says how many more there
// are: a header of 100,000 unknown columns is not echoed whole.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	more := len(items) - n
	return fmt.Sprintf("%s (và %d cột khác / and %d more)", strings.Join(items[:n], ", "), more, more)
}
