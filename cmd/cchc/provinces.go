package main

import (
	"context"
	"strings"

	"cchc/data"
	"cchc/queries"
)

const provincesUsage = `cchc provinces [--units 63|34] [--format table|csv|json]

Liệt kê các đơn vị hành chính cấp tỉnh: mã, tên, hiệu lực và (với 34 đơn vị từ 1/7/2025) các tỉnh cũ hợp thành.
Lists the provincial units: code, name, validity and (for the 34 units from 2025-07-01) their constituents.

Ví dụ / example:
  cchc provinces --units 34
  cchc provinces --units 63 --format json
`

type provinceJSON struct {
	queries.Province
	Constituents []provinceRef `json:"constituents,omitempty"`
}

type provinceRef struct {
	Code string `json:"province_code"`
	Name string `json:"province"`
}

func runProvinces(ctx context.Context, e *env, args []string) error {
	fs, dbFlag := newFlags(e, "provinces", provincesUsage)
	units := fs.String("units", "", "63 hoặc/or 34 (mặc định: cả hai / default: both)")
	format := fs.String("format", "table", "table, csv hoặc/or json")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if err := checkUnits(*units); err != nil {
		return err
	}
	// A read path: the warehouse is opened read-only and never built here.
	db, q, err := openMarts(ctx, e, e.dbPath(*dbFlag))
	if err != nil {
		return err
	}
	defer db.Close()
	ps, err := q.ListProvinces(ctx, *units)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		out := make([]provinceJSON, 0, len(ps))
		for _, p := range ps {
			pj := provinceJSON{Province: p}
			if p.ConstituentCodes != "" {
				codes := strings.Split(p.ConstituentCodes, ",")
				names := memberNames(codes)
				for i, c := range codes {
					pj.Constituents = append(pj.Constituents, provinceRef{Code: c, Name: names[i]})
				}
			}
			out = append(out, pj)
		}
		return writeJSON(e.stdout, out)
	}
	t := &table{header: []string{"Bản đồ/Map", "Mã/Code", "Tên/Name", "Hiệu lực/Valid from", "Đến/Until", "Kế thừa/Successor", "Gồm/Constituents"}}
	if *format == "csv" {
		t.header = []string{"units", "province_code", "province", "valid_from", "valid_to", "successor_code", "constituent_codes"}
	}
	for _, p := range ps {
		last := p.ConstituentNames
		if *format == "csv" {
			last = p.ConstituentCodes
		}
		t.add(p.UnitSet, p.Code, p.Name, p.ValidFrom, p.ValidTo, p.SuccessorCode, last)
	}
	if *format == "csv" {
		return t.writeCSV(e.stdout)
	}
	t.writeText(e.stdout)
	return nil
}

// memberNames returns the 63-unit names of codes (Hà Tây included).
func memberNames(codes []string) []string {
	ref := data.MustLoad()
	byCode := map[string]string{}
	for _, p := range ref.Provinces {
		byCode[p.Code] = p.NameCommon
	}
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = byCode[c]
	}
	return out
}
