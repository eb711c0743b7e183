package models

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"cchc/data"
)

// Reference is the embedded reference data the models join against.
type Reference = *data.Reference

type refTable struct {
	name string
	cols string // "name type, ..."
	rows [][]any
}

func nullable(s string) any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return s
}

// refTables returns the ref.* tables made from the embedded reference.
func refTables(ref Reference) ([]refTable, error) {
	var tables []refTable
	t := refTable{name: "provinces", cols: "code varchar, name_vi_official varchar, name_vi varchar, name_vi_common varchar, name_en varchar, name_ascii varchar, region varchar, pci_id varchar, valid_from date, valid_to date, successor_code varchar"}
	for _, p := range ref.Provinces {
		t.rows = append(t.rows, []any{p.Code, p.NameOfficial, p.Name, p.NameCommon, p.NameEN, p.NameASCII, p.Region, nullable(p.PCIID), p.ValidFrom, nullable(p.ValidTo), nullable(p.SuccessorCode)})
	}
	tables = append(tables, t)
	t = refTable{name: "units_2025", cols: "code varchar, name_vi_official varchar, name_vi varchar, name_en varchar, name_ascii varchar, type_vi varchar, valid_from date"}
	for _, u := range ref.Units2025 {
		t.rows = append(t.rows, []any{u.Code, u.NameOfficial, u.Name, u.NameEN, u.NameASCII, u.Type, u.ValidFrom})
	}
	tables = append(tables, t)
	t = refTable{name: "crosswalk_2025", cols: "old_code varchar, new_code varchar, effective_date date"}
	for _, c := range ref.Crosswalk {
		t.rows = append(t.rows, []any{c.OldCode, c.NewCode, c.EffectiveDate})
	}
	tables = append(tables, t)
	t = refTable{name: "regions", cols: "code varchar, name_vi varchar, name_en varchar"}
	for _, r := range ref.Regions {
		t.rows = append(t.rows, []any{r.Code, r.NameVI, r.NameEN})
	}
	tables = append(tables, t)
	t = refTable{name: "indices", cols: "index_id varchar, name_vi varchar, name_en varchar, owner_vi varchar, owner_en varchar, unit varchar, direction varchar, first_year integer, total_rule varchar, group_method varchar, kind varchar"}
	for _, ix := range ref.Indices {
		t.rows = append(t.rows, []any{ix.ID, ix.NameVI, ix.NameEN, ix.OwnerVI, ix.OwnerEN, ix.Unit, ix.Direction, ix.FirstYear, ix.TotalRule, ix.GroupMethod, ix.Kind})
	}
	tables = append(tables, t)
	t = refTable{name: "index_components", cols: "index_id varchar, code varchar, parent varchar, level varchar, valid_from integer, valid_to integer, scale_min double, scale_max double, name_vi varchar, name_en varchar"}
	for _, c := range ref.Components {
		t.rows = append(t.rows, []any{c.Index, c.Code, c.Parent, c.Level, c.ValidFrom, nullable(c.ValidTo), nullable(c.ScaleMin), nullable(c.ScaleMax), c.NameVI, c.NameEN})
	}
	tables = append(tables, t)
	t = refTable{name: "index_groups", cols: "index_id varchar, group_code varchar, label_vi varchar, label_en varchar, lower_bound double, upper_bound double, note varchar"}
	for _, g := range ref.Groups {
		t.rows = append(t.rows, []any{g.Index, g.Code, g.LabelVI, g.LabelEN, nullable(g.Lower), nullable(g.Upper), g.Note})
	}
	tables = append(tables, t)
	t = refTable{name: "methodology_breaks", cols: "index_id varchar, year integer, component varchar, action varchar, note_vi varchar, note_en varchar"}
	for _, b := range ref.Breaks {
		t.rows = append(t.rows, []any{b.Index, b.Year, b.Component, b.Action, b.NoteVI, b.NoteEN})
	}
	tables = append(tables, t)
	t = refTable{name: "training_topics", cols: "topic varchar, name_vi varchar, name_en varchar"}
	for _, tp := range ref.TrainingTopics {
		t.rows = append(t.rows, []any{tp.Code, tp.NameVI, tp.NameEN})
	}
	tables = append(tables, t)

	t = refTable{name: "tile_layout", cols: "unit_set varchar, code varchar, tile_row integer, tile_col integer"}
	for _, c := range ref.Tiles {
		t.rows = append(t.rows, []any{c.UnitSet, c.Code, c.Row, c.Col})
	}
	tables = append(tables, t)

	t, err := serviceIndexTable()
	if err != nil {
		return nil, err
	}
	tables = append(tables, t)
	return tables, nil
}

// fingerprint identifies the table's definition and rows.
func (t refTable) fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", t.name, t.cols)
	for _, r := range t.rows {
		fmt.Fprintf(h, "%q\n", r)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// write (re)creates the table.
func (t refTable) write(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("create or replace table ref.%s (%s)", t.name, t.cols)); err != nil {
		return fmt.Errorf("ref.%s: %w", t.name, err)
	}
	if len(t.rows) == 0 {
		return nil
	}
	n := len(t.rows[0])
	ph := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	stmt, err := conn.PrepareContext(ctx, fmt.Sprintf("insert into ref.%s values %s", t.name, ph))
	if err != nil {
		return fmt.Errorf("ref.%s: %w", t.name, err)
	}
	defer stmt.Close()
	for _, r := range t.rows {
		if _, err := stmt.ExecContext(ctx, r...); err != nil {
			return fmt.Errorf("ref.%s: %w", t.name, err)
		}
	}
	return nil
}
