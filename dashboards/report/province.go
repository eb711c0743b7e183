package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"cchc/dashboards/chart"
	"cchc/queries"
)

// Province writes the profile of one unit.
func Province(l Lang, d *Data, p *ProvinceData) *Doc {
	y := d.Scope.Year
	name := l.T(p.Name, p.NameEN)
	w := newWriter(l, d, l.T(fmt.Sprintf("Hồ sơ %s năm %d", name, y), fmt.Sprintf("%s profile %d", name, y)),
		l.T(fmt.Sprintf("Các chỉ số cải cách hành chính, đào tạo và hồ sơ TTHC của %s", name),
			fmt.Sprintf("Administrative-reform indices, training and dossiers of %s", name)))
	s := w.doc.Chapter("tong-quan", l.T("Tổng quan", "Overview"))
	if w.doc.Illustrative {
		s.Note(l.T("Hồ sơ này viết từ dữ liệu minh họa do cchc sinh ra, không phải số liệu thật.",
			"This profile is written from the illustrative data cchc generates, not from real figures."))
	}
	t := &Table{Caption: l.T(fmt.Sprintf("%s năm %d trên các chỉ số", name, y), fmt.Sprintf("%s in %d on each index", name, y)),
		Head:  []string{l.T("Chỉ số", "Index"), l.T("Điểm", "Score"), l.T("Hạng", "Rank"), l.T("Phân vị", "Percentile"), l.T("Thay đổi điểm", "Score change"), l.T("Thay đổi hạng", "Rank change"), l.T("Nhóm", "Group")},
		Right: []bool{false, true, true, true, true, true, false}}
	type found struct {
		ix queries.ReportIndex
		r  queries.ReportRow
	}
	var held []found
	for _, ix := range d.Indices {
		for _, r := range d.Rankings[ix.Index] {
			if r.ProvinceCode == p.Code {
				held = append(held, found{ix, r})
				sc, rc := w.changeCells(r)
				v := w.num(r.Score)
				if r.Estimated {
					v += "*"
				}
				t.Rows = append(t.Rows, []string{ix.Index, v, fmt.Sprintf("%d/%d", r.Rank, r.NRanked), l.Num(r.Percentile, 1), sc, rc, l.T(r.GroupVI, r.GroupEN)})
			}
		}
	}
	for _, h := range held {
		s.P(w.standing(h.ix, h.r))
	}
	if len(held) == 0 {
		s.P(l.T(fmt.Sprintf("Kho không có điểm chỉ số nào của %s năm %d.", name, y), fmt.Sprintf("The warehouse holds no index score of %s for %d.", name, y)))
	} else {
		s.Add(t)
	}
	for _, h := range held {
		w.profileIndex(p, h.ix, h.r)
	}
	if len(p.Training) > 0 || len(p.Dossiers) > 0 {
		w.doc.Chapter("dao-tao-ho-so", l.T("Đào tạo và hồ sơ TTHC", "Training and dossiers"))
		w.training(p)
		w.dossiers(p)
	}
	return w.doc
}

// standing: "Năm 2023, Quảng Ninh đạt 45,12 điểm trên chỉ số PAPI, xếp thứ 5/63, tăng 2 bậc so với năm 2022; cao hơn trung vị 3,20 điểm."
func (w *writer) standing(ix queries.ReportIndex, r queries.ReportRow) string {
	l := w.l
	est := ""
	if r.Estimated {
		est = l.T(" (ước tính)", " (estimated)")
	}
	gap := ""
	switch {
	case r.GapToMedian > 0:
		gap = l.T("; cao hơn trung vị "+w.diff(ix.Unit, r.GapToMedian), "; "+w.diff(ix.Unit, r.GapToMedian)+" above the median")
	case r.GapToMedian < 0:
		gap = l.T("; thấp hơn trung vị "+w.diff(ix.Unit, -r.GapToMedian), "; "+w.diff(ix.Unit, -r.GapToMedian)+" below the median")
	}
	return l.T(fmt.Sprintf("Năm %d, %s đạt %s trên chỉ số %s%s, xếp thứ %d/%d%s%s.", w.d.Scope.Year, w.name(r), w.value(ix.Unit, r.Score), ix.Index, est, r.Rank, r.NRanked, w.change(r, ix), gap),
		fmt.Sprintf("In %d, %s scored %s on %s%s, ranked %d of %d%s%s.", w.d.Scope.Year, w.name(r), w.value(ix.Unit, r.Score), ix.Index, est, r.Rank, r.NRanked, w.change(r, ix), gap))
}

func (w *writer) profileIndex(p *ProvinceData, ix queries.ReportIndex, me queries.ReportRow) {
	l, d := w.l, w.d
	s := w.doc.Chapter("chi-so-"+ix.Index, w.indexName(ix))
	s.P(w.standing(ix, me))
	var mine []queries.ComponentScore
	for _, c := range d.Components[ix.Index] {
		if c.ProvinceCode == p.Code {
			mine = append(mine, c)
		}
	}
	if len(mine) > 0 {
		t := &Table{Caption: l.T("Các chỉ số thành phần so với trung vị cả nước và địa phương cao nhất", "Components against the national median and the best unit"),
			Head:  []string{l.T("Thành phần", "Component"), l.T("Điểm", "Score"), l.T("Hạng", "Rank"), l.T("Trung vị", "Median"), l.T("So trung vị", "vs median"), l.T("Cao nhất", "Best"), l.T("So cao nhất", "vs best")},
			Right: []bool{false, true, true, true, true, true, true}}
		for _, c := range mine {
			t.Rows = append(t.Rows, []string{l.T(c.NameVI, c.NameEN), w.num(c.Score), fmt.Sprintf("%d/%d", c.Rank, c.NRanked), w.num(c.Median),
				l.Signed(c.GapToMedian, 2), w.num(c.Best), l.Signed(c.GapToBest, 2)})
		}
		s.Add(t)
		w.drivers(ix, me, mine)
	}
	w.peers(ix, p)
	w.trend(ix, p)
}

// drivers says what moved the total: exactly, part by part, where the index
// is the sum of its parts; otherwise the parts' changes without weights.
func (w *writer) drivers(ix queries.ReportIndex, me queries.ReportRow, mine []queries.ComponentScore) {
	l := w.l
	if me.ScoreChange == nil || me.PrevScore == nil {
		return
	}
	var steps []chart.Step
	for _, c := range mine {
		if c.ScoreChange == nil {
			return
		}
		steps = append(steps, chart.Step{Label: l.T(c.NameVI, c.NameEN), Delta: *c.ScoreChange})
	}
	sorted := slices.Clone(steps)
	slices.SortStableFunc(sorted, func(a, b chart.Step) int { return cmp.Compare(math.Abs(b.Delta), math.Abs(a.Delta)) })
	var big []string
	for _, st := range sorted[:min(3, len(sorted))] {
		big = append(big, fmt.Sprintf("%s (%s)", st.Label, l.Signed(st.Delta, 2)))
	}
	sec := w.doc.Section("", l.T("Điều gì làm thay đổi tổng điểm", "What moved the total"))
	if ix.TotalRule == "sum_of_children" {
		sec.P(l.T(fmt.Sprintf("Tổng điểm %s thay đổi %s so với năm %d; vì tổng điểm là tổng các chỉ số nội dung, thay đổi này chia đúng cho từng chỉ số. Đóng góp lớn nhất: %s.", ix.Index, l.Signed(*me.ScoreChange, 2), w.d.Scope.Year-1, strings.Join(big, "; ")),
			fmt.Sprintf("The %s total changed %s on %d; the total is the sum of its dimensions, so the change splits exactly between them. Largest contributions: %s.", ix.Index, l.Signed(*me.ScoreChange, 2), w.d.Scope.Year-1, strings.Join(big, "; "))))
		sec.Add(&Figure{Kind: "waterfall", Index: ix.Index, Caption: l.T(fmt.Sprintf("Từ %s năm %d đến %s năm %d, theo chỉ số nội dung", w.num(*me.PrevScore), w.d.Scope.Year-1, w.num(me.Score), w.d.Scope.Year),
			fmt.Sprintf("From %s in %d to %s in %d, by dimension", w.num(*me.PrevScore), w.d.Scope.Year-1, w.num(me.Score), w.d.Scope.Year)),
			Canvas: chart.Waterfall(chart.WaterfallSpec{StartLabel: strconv.Itoa(w.d.Scope.Year - 1), EndLabel: strconv.Itoa(w.d.Scope.Year),
				Start: *me.PrevScore, End: me.Score, Steps: steps, Decimals: 2, Num: l.Num})})
		return
	}
	sec.P(l.T(fmt.Sprintf("Tổng điểm %s thay đổi %s so với năm %d. Trọng số của các chỉ số thành phần năm %d không có trong dữ liệu tham chiếu, nên báo cáo chỉ nêu thay đổi của từng chỉ số thành phần, không quy ra phần đóng góp vào tổng điểm. Thay đổi lớn nhất: %s.",
		ix.Index, l.Signed(*me.ScoreChange, 2), w.d.Scope.Year-1, w.d.Scope.Year, strings.Join(big, "; ")),
		fmt.Sprintf("The %s total changed %s on %d. The weights of its sub-indices in %d are not in the reference data, so the report gives each sub-index's change without turning it into a share of the total. Largest changes: %s.",
			ix.Index, l.Signed(*me.ScoreChange, 2), w.d.Scope.Year-1, w.d.Scope.Year, strings.Join(big, "; "))))
	bars := make([]chart.RankBar, len(steps))
	for i, st := range sorted {
		col := chart.Up
		if st.Delta < 0 {
			col = chart.Down
		}
		bars[i] = chart.RankBar{Label: st.Label, Value: l.Signed(st.Delta, 2), V: math.Abs(st.Delta), Color: col}
	}
	sec.Add(&Figure{Kind: "changes", Index: ix.Index, Caption: l.T("Độ lớn thay đổi của từng chỉ số thành phần (xanh: tăng, đỏ: giảm), không trọng số", "Size of each sub-index's change (green: up, red: down), unweighted"),
		Canvas: chart.RankedBars(chart.BarsSpec{Bars: bars, Num: l.Num, RowH: 16})})
}

func (w *writer) peers(ix queries.ReportIndex, p *ProvinceData) {
	l := w.l
	ps := p.Peers[ix.Index]
	if len(ps) == 0 {
		return
	}
	s := w.doc.Section("", l.T("Địa phương so sánh", "Peers"))
	t := &Table{Caption: l.T("Cùng vùng, và năm địa phương có điểm gần nhất", "Peers: the same region, and the five nearest scores"),
		Head:  []string{l.T("Nhóm so sánh", "Peers"), l.T("Tỉnh/thành", "Province"), l.T("Điểm", "Score"), l.T("Hạng", "Rank"), l.T("Chênh lệch", "Difference")},
		Right: []bool{false, false, true, true, true}}
	for _, x := range ps {
		kind := l.T("cùng vùng", "same region")
		if x.Kind == "nearest" {
			kind = l.T("điểm gần nhất", "nearest score")
		}
		t.Rows = append(t.Rows, []string{kind, x.Province, w.num(x.Score), fmt.Sprintf("%d/%d", x.Rank, x.NRanked), l.Signed(x.Diff, 2)})
	}
	s.Add(t)
}

func (w *writer) trend(ix queries.ReportIndex, p *ProvinceData) {
	l := w.l
	tr := p.Trend[ix.Index]
	if len(tr) < 2 {
		return
	}
	var years []int
	var vals []float64
	var labels []string
	for y := tr[0].Year; y <= tr[len(tr)-1].Year; y++ {
		years = append(years, y)
		vals = append(vals, math.NaN())
		labels = append(labels, "")
	}
	for _, r := range tr {
		i := r.Year - years[0]
		vals[i] = r.Score
		labels[i] = r.RankOf
	}
	breakYear := 0
	for _, b := range w.d.Breaks[ix.Index] {
		if b.Year > years[0] && b.Action == "refuse" {
			breakYear = b.Year
		}
	}
	s := w.doc.Section("", l.T("Mười năm gần đây", "The last ten years"))
	s.Add(&Figure{Kind: "trend", Index: ix.Index, Caption: l.T(fmt.Sprintf("%s của %s qua các năm, với thứ hạng", ix.Index, p.Name), fmt.Sprintf("%s of %s over the years, with ranks", ix.Index, p.NameEN)),
		Canvas: chart.LineChart(chart.LineSpec{Years: years, Values: vals, Labels: labels, Decimals: 2, Num: l.Num, BreakYear: breakYear, BreakLabel: l.T("đổi phương pháp", "method change")})})
}
