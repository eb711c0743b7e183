package data

import "testing"

// TestTileLayoutsPlaceEveryUnitOnceOnItsOwnTile checks both tile maps: every
// unit of the map exactly once, under its own name, no two units on one
// tile, and north to south (the northernmost and southernmost units where
// they belong).
func TestTileLayoutsPlaceEveryUnitOnceOnItsOwnTile(t *testing.T) {
	ref := MustLoad()
	units := map[string]map[string]string{"63": {}, "34": {}}
	for _, p := range ref.Provinces {
		if p.ValidTo == "2025-07-01" { // the 63 provinces (not Hà Tây)
			units["63"][p.Code] = p.Name
		}
	}
	for _, u := range ref.Units2025 {
		units["34"][u.Code] = u.Name
	}
	tests := []struct {
		set            string
		north, south   string // a unit on the first row, one on the last
		wantUnits      int
		notNorthOfNeed [2]string // [a, b]: a lies south of b
	}{
		{"63", "02", "96", 63, [2]string{"79", "01"}},
		{"34", "04", "96", 34, [2]string{"46", "38"}},
	}
	for _, tc := range tests {
		t.Run(tc.set, func(t *testing.T) {
			seen := map[string]int{}
			tiles := map[[2]int]string{}
			rowOf := map[string]int{}
			maxRow := 0
			for _, c := range ref.Tiles {
				if c.UnitSet != tc.set {
					continue
				}
				seen[c.Code]++
				name, ok := units[tc.set][c.Code]
				if !ok {
					t.Errorf("tile_layout_%s.csv: code %s is not a unit of the %s-unit map", tc.set, c.Code, tc.set)
				} else if name != c.NameVI {
					t.Errorf("tile_layout_%s.csv: code %s is %q, the reference says %q", tc.set, c.Code, c.NameVI, name)
				}
				if c.Row < 0 || c.Col < 0 {
					t.Errorf("tile_layout_%s.csv: %s at (%d, %d)", tc.set, c.Code, c.Row, c.Col)
				}
				pos := [2]int{c.Row, c.Col}
				if other, dup := tiles[pos]; dup {
					t.Errorf("tile_layout_%s.csv: %s and %s share tile (%d, %d)", tc.set, other, c.Code, c.Row, c.Col)
				}
				tiles[pos] = c.Code
				rowOf[c.Code] = c.Row
				maxRow = max(maxRow, c.Row)
			}
			for code, name := range units[tc.set] {
				if seen[code] != 1 {
					t.Errorf("tile_layout_%s.csv: %s %s appears %d times, want once", tc.set, code, name, seen[code])
				}
			}
			if len(seen) != tc.wantUnits {
				t.Errorf("tile_layout_%s.csv has %d units, want %d", tc.set, len(seen), tc.wantUnits)
			}
			if rowOf[tc.north] != 0 || rowOf[tc.south] != maxRow {
				t.Errorf("tile_layout_%s.csv: %s on row %d (want 0), %s on row %d (want %d)", tc.set, tc.north, rowOf[tc.north], tc.south, rowOf[tc.south], maxRow)
			}
			if a, b := tc.notNorthOfNeed[0], tc.notNorthOfNeed[1]; rowOf[a] <= rowOf[b] {
				t.Errorf("tile_layout_%s.csv: %s (row %d) should lie south of %s (row %d)", tc.set, a, rowOf[a], b, rowOf[b])
			}
		})
	}
}
