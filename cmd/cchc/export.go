package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cchc"
	"cchc/ingest"
	"cchc/internal/export"
	"cchc/queries"
)

const exportUsage = `cchc export --format parquet|csv|xlsx [--what marts|core|raw|ref|all] -o THƯ_MỤC [--json]

Xuất các bảng của kho ra THƯ_MỤC cho các công cụ khác:
  parquet  một "hồ dữ liệu" phân vùng kiểu Hive: THƯ_MỤC/<lớp>/<bảng>/year=2023/data_0.parquet
           (bảng có cột năm) hoặc THƯ_MỤC/<lớp>/<bảng>/data_0.parquet; Spark, Trino, DuckDB đọc
           thẳng; mã tỉnh giữ là văn bản ("01" vẫn là "01").
  csv      THƯ_MỤC/<lớp>/<bảng>.csv, tên cột làm tiêu đề.
  xlsx     THƯ_MỤC/<lớp>.xlsx, mỗi bảng một trang, tiêu đề tiếng Việt; trang _cot_columns nêu cột.
Ô văn bản bắt đầu bằng = + - @ được thêm dấu ' để Excel không coi là công thức.
THƯ_MỤC/_manifest.json ghi các bảng, cột và kiểu, số dòng, SHA-256 từng tệp, lần nạp và lần dựng
cuối của kho. Mọi thứ được ghi vào một thư mục tạm bên cạnh rồi đổi tên vào chỗ: lần xuất bị ngắt
giữa chừng để nguyên lần xuất trước. Một THƯ_MỤC đã có mà không phải lần xuất của cchc thì không bị ghi đè.
--what: marts (mặc định), core, raw (cả sổ nạp raw._loads), ref (dữ liệu tham chiếu), all (cả bốn),
hoặc danh sách, ví dụ raw,ref.

Writes the warehouse's tables under DIR for other tools:
  parquet  a Hive-partitioned lake: DIR/<layer>/<table>/year=2023/data_0.parquet (tables with a
           year column) or DIR/<layer>/<table>/data_0.parquet; Spark, Trino and DuckDB read it as
           it is; province codes stay text ("01" stays "01").
  csv      DIR/<layer>/<table>.csv with the column names as header.
  xlsx     DIR/<layer>.xlsx, one sheet per table with Vietnamese headers; sheet _cot_columns lists them.
Text cells starting with = + - @ get a leading ' so that Excel does not take them for formulas.
DIR/_manifest.json lists the tables, columns and types, row counts, the SHA-256 of every file, and
the warehouse's last load and build. Everything is written to a temporary folder beside DIR and
renamed into place: a killed export leaves the previous one whole. An existing DIR that is not a
cchc export is never replaced.
--what: marts (default), core, raw (with the ledger raw._loads), ref (reference data), all (the
four), or a list such as raw,ref.

Ví dụ / example:
  cchc export --format parquet --what all -o out/lake
  duckdb -c "select year, count(*) from read_parquet('out/lake/marts/mart_index_rankings/**/*.parquet', hive_partitioning = true) group by all"
  cchc export --format xlsx -o bao_cao_excel/
`

func runExport(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "export", exportUsage)
	format := fs.String("format", "parquet", "parquet, csv hoặc/or xlsx")
	what := fs.String("what", "marts", "marts, core, raw, ref, all hoặc danh sách / or a list (raw,ref)")
	outDir := fs.String("o", "", "thư mục ra (được thay cả) / output directory (replaced whole)")
	asJSON := fs.Bool("json", false, "in bản kê (_manifest.json) dạng JSON / print the manifest as JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("đối số thừa / unexpected argument %q", pos[0])
	}
	if !slices.Contains(export.Formats, *format) {
		return usagef("--format phải là parquet, csv hoặc xlsx / --format must be parquet, csv or xlsx (got %q)", *format)
	}
	layers, err := exportLayers(*what)
	if err != nil {
		return err
	}
	if *outDir == "" {
		return usagef("thiếu -o THƯ_MỤC / -o DIR is required")
	}
	path := e.dbPath(*dbFlag)
	db, err := cchc.Open(ctx, path, true)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := export.Options{Format: *format, Layers: layers, Dir: *outDir, Warehouse: path}
	if last, err := ingest.LastLoadID(ctx, db); err == nil {
		opt.LastLoadID = last
	}
	b, err := queries.New(db).BuildInfo(ctx)
	switch {
	case err == nil:
		opt.BuiltAt, opt.BuildLoadID = b.BuiltAt, b.LastLoadID
	case errors.Is(err, queries.ErrNotBuilt):
		if slices.Contains(layers, "marts") || slices.Contains(layers, "core") {
			return fmt.Errorf("%s: %w", path, err)
		}
	default:
		return fmt.Errorf("%s: %w", path, err)
	}
	if opt.BuiltAt != "" && opt.LastLoadID > opt.BuildLoadID {
		fmt.Fprintln(e.stderr, "cảnh báo / warning: đã nạp dữ liệu mới sau lần build cuối, hãy chạy 'cchc build' / data was loaded after the last build, run 'cchc build'")
	}
	m, err := export.Write(ctx, db, opt)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, m)
	}
	t := &table{header: []string{"Bảng/Table", "Dòng/Rows", "Tệp/Files", "Phân vùng/Partitions"}, align: []bool{false, true, true, false}}
	var rows int64
	files := map[string]bool{}
	for _, tab := range m.Tables {
		rows += tab.Rows
		for _, f := range tab.Files {
			files[f.Path] = true
		}
		t.add(tab.Name, groupThousands(tab.Rows), fmt.Sprint(len(tab.Files)), strings.Join(tab.PartitionBy, ","))
	}
	t.writeText(e.stdout)
	fmt.Fprintf(e.stdout, "đã xuất %d bảng, %s dòng, %d tệp (%s) vào %s; bản kê / manifest: %s\n",
		len(m.Tables), groupThousands(rows), len(files), *format, *outDir, export.ManifestFile)
	fmt.Fprintf(e.stdout, "exported %d tables, %s rows, %d files (%s) to %s\n", len(m.Tables), groupThousands(rows), len(files), *format, *outDir)
	return nil
}

// exportLayers reads --what: one layer, "all", or a comma list.
func exportLayers(v string) ([]string, error) {
	var out []string
	for _, w := range splitList(v) {
		if w == "all" {
			return export.Layers, nil
		}
		if !slices.Contains(export.Layers, w) {
			return nil, usagef("--what phải là marts, core, raw, ref hoặc all / --what must be marts, core, raw, ref or all (got %q)", w)
		}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return nil, usagef("--what trống / --what is empty")
	}
	return out, nil
}
