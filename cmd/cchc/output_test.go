package main

import (
	"math"
	"testing"
)

// TestNegativeZeroPrintsAsZero is case 6 of issue 15: a score of -0 printed
// -0.00.
func TestNegativeZeroPrintsAsZero(t *testing.T) {
	negZero := math.Copysign(0, -1)
	for _, tt := range []struct {
		got, want string
	}{
		{fmtFloat(negZero, 2), "0.00"},
		{fmtFloat(negZero, 1), "0.0"},
		{fmtPlus(negZero, 2), "+0.00"},
		{fmtFloat(-1.5, 2), "-1.50"},
		{fmtPlus(-0.25, 2), "-0.25"},
		{fmtPlus(0.25, 2), "+0.25"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
