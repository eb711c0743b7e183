package cchc

import (
	"fmt"
	"strings"
)

// WeightScheme says how a 34-unit estimate of a year before the merger
// weighs its former provinces' scores.
type WeightScheme string

// The weight schemes; WeightsReported marks a score as published, not estimated.
const (
	WeightsEqual      WeightScheme = "equal"
	WeightsPopulation WeightScheme = "population"
	WeightsStaffing   WeightScheme = "staffing"
	WeightsDossiers   WeightScheme = "dossiers"
	WeightsReported   WeightScheme = "reported"
)

// weightSources says, for each scheme but "equal", what it is called and
// what must be loaded for it.
var weightSources = map[WeightScheme]struct{ vi, needVI, needEN string }{
	WeightsPopulation: {"theo dân số", "bảng dân số (tỉnh, năm, dân số)", "a population table (province, year, population)"},
	WeightsStaffing:   {"theo biên chế", "bảng biên chế (tỉnh, năm, số công chức)", "a staffing table (province, year, civil servants)"},
	WeightsDossiers:   {"theo số hồ sơ tiếp nhận", "số liệu hồ sơ TTHC (thống kê hoặc hồ sơ chi tiết)", "dossier statistics or records (dossiers received)"},
}

// ParseWeights reads a --weights value; "" is the default, settled by
// DefaultWeights once the warehouse is open.
func ParseWeights(s string) (WeightScheme, error) {
	w := WeightScheme(s)
	if _, ok := weightSources[w]; ok || w == WeightsEqual || w == "" {
		return w, nil
	}
	return "", fmt.Errorf("--weights phải là equal, population, staffing hoặc dossiers / --weights must be equal, population, staffing or dossiers (got %q)", s)
}

// DefaultWeights is the scheme used when none is chosen: population once a
// population table weighs every estimate that equal weights make (a partial
// table would drop units from rankings), else equal.
func DefaultWeights(populationCoversEveryEstimate bool) WeightScheme {
	if populationCoversEveryEstimate {
		return WeightsPopulation
	}
	return WeightsEqual
}

// NameVI is the scheme in Vietnamese words ("theo dân số").
func (w WeightScheme) NameVI() string {
	if src, ok := weightSources[w]; ok {
		return src.vi
	}
	if w == WeightsEqual {
		return "trọng số bằng nhau"
	}
	return string(w)
}

// Missing is the error for a scheme with nothing loaded to weigh by, when
// no estimate exists; what names the series ("PCI 2022") or is empty. It
// is nil for equal weights, which need nothing.
func (w WeightScheme) Missing(what string) error {
	src, ok := weightSources[w]
	if !ok {
		return nil
	}
	if what != "" {
		what = " cho / for " + what
	}
	return fmt.Errorf("không có ước tính %s%s: hãy nạp %s / no %s-weighted estimate%s: load %s", src.vi, what, src.needVI, w, strings.TrimPrefix(what, " cho /"), src.needEN)
}
