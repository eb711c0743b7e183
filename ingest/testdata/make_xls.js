// Writes pci_legacy.xls, a hand-made legacy (BIFF8) workbook laid out like
// the PCI workbooks of 2005-2011, with made-up scores that
// ingest/xls_test.go recomputes. Regenerate with:
//   cd /tmp && npm install xlsx@0.18.5 && NODE_PATH=/tmp/node_modules node <repo>/ingest/testdata/make_xls.js <repo>
const XLSX = require("xlsx");
const fs = require("fs");
const path = require("path");
const repo = process.argv[2];

const lines = fs.readFileSync(path.join(repo, "data/reference/provinces.csv"), "utf8").trim().split("\n");
const head = lines[0].split(",");
const col = (n) => head.indexOf(n);
const provinces = lines.slice(1).map((l) => l.split(","))
  .filter((r) => r[col("code")] !== "28") // Hà Tây ended in 2008
  .map((r) => ({ code: r[col("code")], name: r[col("name_vi_common")], pci: Number(r[col("pci_id")]) }))
  .sort((a, b) => (a.code < b.code ? -1 : 1));

// The 2010 sub-indices (no equal-competition sub-index in 2009-2012).
const subs = [
  ["entry", "Gia nhập\nthị trường"], ["land", "Tiếp cận\nđất đai"], ["transparency", "Tính minh bạch"],
  ["time", "Chi phí\nthời gian"], ["informal", "Chi phí không\nchính thức"], ["proactive", "Tính\nnăng động"],
  ["support", "Hỗ trợ\ndoanh nghiệp"], ["labor", "Đào tạo\nlao động"], ["legal", "Thiết chế\npháp lý"],
];
const sub = (k, c) => Math.round((4 + ((k * 7 + c * 13) % 50) / 10) * 10000) / 10000;
const total = (k) => 50 + ((k * 37) % 200) / 10;
const tier = (r) => (r <= 5 ? "Rất tốt" : r <= 15 ? "Tốt" : r <= 40 ? "Khá" : r <= 55 ? "Trung bình" : r <= 60 ? "Tương đối thấp" : "Thấp");

// Summary sheet: a title, blank rows, then sorted tables side by side.
const rows = [["CHỈ SỐ NĂNG LỰC CẠNH TRANH CẤP TỈNH (dữ liệu kiểm thử / test data)"], [], ["Nguồn: tự tạo / made up"], []];
const header = ["Thứ tự", "Tỉnh"];
subs.forEach((s, c) => { if (c > 0) header.push(""); header.push(s[1]); });
header.push("", "PCI 2010", "Xếp hạng", "Nhóm\nxếp hạng");
rows.push(header);
const byScore = (f) => provinces.map((p, k) => ({ p, v: f(k) })).sort((a, b) => b.v - a.v);
const sorted = subs.map((s, c) => byScore((k) => sub(k, c)));
const overall = byScore(total);
for (let i = 0; i < provinces.length; i++) {
  const row = [i + 1];
  sorted.forEach((t) => row.push(t[i].p.name, t[i].v));
  row.push(overall[i].p.name, overall[i].v, i + 1, tier(i + 1));
  rows.push(row);
  if (i === 29) rows.push([]); // a blank row inside the table
}
const wb = XLSX.utils.book_new();
const ws = XLSX.utils.aoa_to_sheet(rows);
ws["!merges"] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 12 } }];
XLSX.utils.book_append_sheet(wb, ws, "BXH");

// One sub-index sheet keyed by PCI id, with a variable-name row.
const srows = [["Chỉ số thành phần 1 - Gia nhập thị trường"], [],
  ["Mã PCI", "Tỉnh", "Chỉ số thành phần 1", "Số ngày đăng ký (trung vị)"], ["", "pci_id", "sub1_entry", "c1"]];
provinces.map((p, k) => ({ p, k })).sort((a, b) => a.p.pci - b.p.pci)
  .forEach(({ p, k }) => srows.push([p.pci, p.name, sub(k, 0), 10 + (k % 7)]));
srows.push([], ["", "Trung vị", 6.1, 12]);
XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(srows), "CSTP1");
XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([["Ghi chú"], ["Bảng này do nhóm cchc tự tạo để kiểm thử."]]), "Ghi chú");

XLSX.writeFile(wb, path.join(repo, "ingest/testdata/pci_legacy.xls"), { bookType: "biff8" });
