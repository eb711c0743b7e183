package ingest

import (
	"errors"
	"math"
	"testing"
)

func TestParseNumber(t *testing.T) {
	dot, comma, undecided := NumberRule{Decimal: '.'}, NumberRule{Decimal: ','}, NumberRule{}
	tests := []struct {
		name string
		in   string
		rule NumberRule
		want float64
		err  error
	}{
		{"a Vietnamese decimal comma", "53,5", comma, 53.5, nil},
		{"a Vietnamese thousands dot with a decimal comma", "1.234,56", comma, 1234.56, nil},
		{"an international thousands comma with a decimal dot", "1,234.56", dot, 1234.56, nil},
		{"a plain decimal dot", "72.38", dot, 72.38, nil},
		{"thirty-seven thousand written the Vietnamese way", "37.000", comma, 37000, nil},
		{"thirty-seven thousand written the international way", "37,000", dot, 37000, nil},
		{"millions with two thousands dots", "1.234.567", comma, 1234567, nil},
		{"a percent sign is dropped", "88,37%", comma, 88.37, nil},
		{"a no-break space groups thousands", "1\u00a0234,5", comma, 1234.5, nil},
		{"a Unicode minus", "\u22122,5", comma, -2.5, nil},
		{"a negative decimal", "-0.125", dot, -0.125, nil},
		{"an integer needs no rule", "63", undecided, 63, nil},
		{"a decimal the cell itself settles", "53,5", undecided, 53.5, nil},
		{"three decimals after a leading zero settle it", "0.125", undecided, 0.125, nil},
		{"four digits before the separator cannot be grouping", "1234.567", undecided, 1234.567, nil},
		{"one separator and three digits is ambiguous without a rule", "1.234", undecided, 0, ErrAmbiguousNumber},
		{"a comma and three digits is ambiguous without a rule", "37,000", undecided, 0, ErrAmbiguousNumber},
		{"a decimal comma in a dot column is a conflict", "53,5", dot, 0, ErrRuleConflict},
		{"text is not a number", "abc", dot, 0, ErrNotNumber},
		{"bad grouping is not a number", "12.34,5", comma, 0, ErrNotNumber},
		{"two decimal marks are not a number", "1,2,3.4.5", dot, 0, ErrNotNumber},
		{"a lone minus is not a number", "-", dot, 0, ErrNotNumber},
		{"a number with letters is not a number", "12kg", dot, 0, ErrNotNumber},
		{"scientific notation with a dot", "1.5e3", dot, 1500, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := ParseNumber(tt.in, tt.rule)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("ParseNumber(%q, %v) error = %v, want %v", tt.in, tt.rule, err, tt.err)
				}
				return
			}
			if err != nil || !ok {
				t.Fatalf("ParseNumber(%q, %v) = %v, %v, %v", tt.in, tt.rule, got, ok, err)
			}
			if math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("ParseNumber(%q, %v) = %v, want %v", tt.in, tt.rule, got, tt.want)
			}
		})
	}
}

func TestParseNumberEmptyIsMissing(t *testing.T) {
	for _, in := range []string{"", "  ", "\u00a0"} {
		if _, ok, err := ParseNumber(in, NumberRule{}); ok || err != nil {
			t.Errorf("ParseNumber(%q) ok=%v err=%v, want missing", in, ok, err)
		}
	}
}

func TestInferRule(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		want  byte
		bad   int
		err   error
	}{
		{"comma decimals", []string{"53,5", "1.234", "72,38"}, ',', -1, nil},
		{"dot decimals settle a later grouping-looking cell", []string{"1.234", "72.38"}, '.', -1, nil},
		{"both separators settle the column", []string{"1.234,56", "37.000"}, ',', -1, nil},
		{"integers leave it undecided", []string{"1", "63", ""}, 0, -1, nil},
		{"ambiguous cells only leave it undecided", []string{"1.234", "5.678"}, 0, -1, nil},
		{"mixed formats name the first contradicting cell", []string{"53,5", "", "72.38"}, ',', 2, ErrRuleConflict},
		{"text is reported with its index", []string{"1", "x"}, 0, 1, ErrNotNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule, bad, err := InferRule(tt.cells)
			if !errors.Is(err, tt.err) || bad != tt.bad || (err == nil && rule.Decimal != tt.want) {
				t.Errorf("InferRule(%q) = %q, %d, %v; want %q, %d, %v", tt.cells, rule.Decimal, bad, err, tt.want, tt.bad, tt.err)
			}
		})
	}
}

func TestParseInt(t *testing.T) {
	if v, ok, err := ParseInt("37.000", NumberRule{Decimal: ','}); err != nil || !ok || v != 37000 {
		t.Errorf("ParseInt(37.000, comma) = %v %v %v", v, ok, err)
	}
	if _, _, err := ParseInt("12,5", NumberRule{Decimal: ','}); !errors.Is(err, ErrNotNumber) {
		t.Errorf("ParseInt(12,5) error = %v, want not a number", err)
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"53,5", "1.234,56", "1,234.56", "72.38", "37.000", "-0,5", "1e5", "88,37%", "abc", ""} {
		f.Add(s, byte('.'))
		f.Add(s, byte(','))
		f.Add(s, byte(0))
	}
	f.Fuzz(func(t *testing.T, s string, dec byte) {
		if dec != '.' && dec != ',' {
			dec = 0
		}
		v, ok, err := ParseNumber(s, NumberRule{Decimal: dec})
		if err != nil {
			return
		}
		if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		// A number the parser accepts under one rule must not mean a
		// different number under the other unless the cell is ambiguous.
		if ok && dec == 0 {
			for _, d := range []byte{'.', ','} {
				w, ok2, err2 := ParseNumber(s, NumberRule{Decimal: d})
				if err2 == nil && ok2 && w != v {
					t.Fatalf("ParseNumber(%q) undecided = %v but with %q = %v", s, v, d, w)
				}
			}
		}
	})
}
