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

// writer writes one document in one language from a year's rows.
type writer struct {
	l   Lang
	d   *Data
	doc *Doc
}

func newWriter(l Lang, d *Data, title, subtitle string) *writer {
	illustrative := d.Ledger.Illustrative
	footer := title
	if illustrative {
		footer = "Dữ liệu minh họa, không phải số liệu thật / illustrative data, not real figures · " + title
	}
	return &writer{l: l, d: d, doc: &Doc{Lang: l, Title: title, Subtitle: subtitle, Footer: footer, Illustrative: illustrative}}
}

func (w *writer) num(v float64) string { return w.l.Num(v, 2) }

// value writes a score with its unit: "46,04 điểm", "91,43%".
func (w *writer) value(unit string, v float64) string {
	switch unit {
	case "percent":
		return w.l.Pct(v, 2)
	case "points":
		return w.l.T(w.num(v)+" điểm", w.num(v)+" points")
	case "count":
		return w.l.Int(int64(math.Round(v)))
	}
	return w.num(v)
}

// diff writes a difference of two scores: "3,20 điểm", "1,32 điểm phần trăm".
func (w *writer) diff(unit string, v float64) string {
	if unit == "percent" {
		return w.l.T(w.num(v)+" điểm phần trăm", w.num(v)+" percentage points")
	}
	return w.value(unit, v)
}

func (w *writer) name(r queries.ReportRow) string { return w.l.T(r.Province, r.ProvinceEN) }

func (w *writer) indexName(ix queries.ReportIndex) string { return w.l.T(ix.NameVI, ix.NameEN) }

func (w *writer) mapName() string {
	return w.l.T(w.d.Scope.Units+" "+w.unitsWord(), w.d.Scope.Units+" "+w.unitsWord())
}

// est marks an estimated score.
func (w *writer) est(r queries.ReportRow) string {
	if r.Estimated {
		return w.l.T(" (ước tính)", " (estimated)")
	}
	return ""
}

func (w *writer) unitsWord() string {
	if w.d.Scope.Units == "34" {
		return w.l.T("đơn vị", "units")
	}
	return w.l.T("tỉnh/thành", "provinces")
}

// change says how a unit's standing moved on the year before, in the words
// the rows allow: a rank change only where the query found it comparable, a
// percentile change where the rankings differ in size or a break is only
// flagged, nothing but the reason across a break that refuses comparison;
// a change inside the confidence intervals is called not distinguishable.
func (w *writer) change(r queries.ReportRow, ix queries.ReportIndex) string {
	prev := w.d.Scope.Year - 1
	if r.PrevScore == nil {
		return ""
	}
	if r.CrossesBreak == "refuse" {
		return w.l.T(fmt.Sprintf("; không so sánh với năm %d vì %s đổi phương pháp năm %d", prev, ix.Index, w.d.Scope.Year),
			fmt.Sprintf("; not compared with %d because %s changed its method in %d", prev, ix.Index, w.d.Scope.Year))
	}
	var s string
	switch {
	case r.RankChange != nil && *r.RankChange > 0:
		s = w.l.T(fmt.Sprintf(", tăng %d bậc so với năm %d", *r.RankChange, prev), fmt.Sprintf(", up %d places on %d", *r.RankChange, prev))
	case r.RankChange != nil && *r.RankChange < 0:
		s = w.l.T(fmt.Sprintf(", giảm %d bậc so với năm %d", -*r.RankChange, prev), fmt.Sprintf(", down %d places on %d", -*r.RankChange, prev))
	case r.RankChange != nil:
		s = w.l.T(fmt.Sprintf(", giữ nguyên thứ hạng so với năm %d", prev), fmt.Sprintf(", the same rank as in %d", prev))
	case r.PercentileChange != nil:
		why := w.l.T(fmt.Sprintf("số %s được xếp hạng khác nhau: %d và %d", w.unitsWord(), deref(r.PrevNRanked), r.NRanked),
			fmt.Sprintf("different numbers of %s ranked: %d and %d", w.unitsWord(), deref(r.PrevNRanked), r.NRanked))
		if r.CrossesBreak == "flag" {
			why = w.l.T(fmt.Sprintf("%s điều chỉnh phương pháp năm %d", ix.Index, w.d.Scope.Year),
				fmt.Sprintf("%s revised its method in %d", ix.Index, w.d.Scope.Year))
		}
		pc := *r.PercentileChange
		moveVI, moveEN := "tăng", "up"
		if pc < 0 {
			moveVI, moveEN = "giảm", "down"
		}
		if w.l.Num(pc, 1) == w.l.Num(0, 1) {
			s = w.l.T(fmt.Sprintf(", giữ nguyên vị trí phân vị so với năm %d (không so sánh thứ hạng vì %s)", prev, why),
				fmt.Sprintf(", the same percentile as in %d (ranks not compared: %s)", prev, why))
		} else {
			s = w.l.T(fmt.Sprintf(", vị trí phân vị %s %s điểm phần trăm so với năm %d (không so sánh thứ hạng vì %s)", moveVI, w.l.Num(math.Abs(pc), 1), prev, why),
				fmt.Sprintf(", its percentile %s %s points on %d (ranks not compared: %s)", moveEN, w.l.Num(math.Abs(pc), 1), prev, why))
		}
	}
	if r.ChangeWithinCI != nil && *r.ChangeWithinCI {
		s += w.l.T("; thay đổi điểm số nằm trong khoảng tin cậy 95% của hai năm nên không khác biệt có ý nghĩa thống kê",
			"; the change lies inside both years' 95% confidence intervals, so it is not statistically distinguishable")
	}
	return s
}

func deref[T any](p *T) T {
	var z T
	if p == nil {
		return z
	}
	return *p
}

// National writes the national report.
func National(l Lang, d *Data) *Doc {
	y := d.Scope.Year
	w := newWriter(l, d, l.T(fmt.Sprintf("Báo cáo cải cách hành chính năm %d", y), fmt.Sprintf("Administrative reform report %d", y)),
		l.T(fmt.Sprintf("Các chỉ số, đào tạo và hồ sơ thủ tục hành chính của %s", unitsPhrase(d.Scope.Units, l)),
			fmt.Sprintf("Indices, training and administrative-procedure dossiers of %s", unitsPhrase(d.Scope.Units, l))))
	w.summary()
	for _, ix := range d.Indices {
		w.indexChapter(ix)
	}
	if len(d.Indices) > 1 {
		w.crossIndex()
	}
	w.training(nil)
	w.dossiers(nil)
	w.methodology()
	w.appendix()
	return w.doc
}

// unitsPhrase names the units of a map.
func unitsPhrase(units string, l Lang) string {
	if units == "34" {
		return l.T("34 đơn vị hành chính cấp tỉnh", "the 34 provincial units")
	}
	return l.T("63 tỉnh, thành phố", "the 63 provinces")
}

func (w *writer) summary() {
	l, d := w.l, w.d
	s := w.doc.Chapter("tom-tat", l.T("Tóm tắt", "Summary"))
	if w.doc.Illustrative {
		s.Note(l.T("Báo cáo này viết từ dữ liệu minh họa do cchc sinh ra, không phải số liệu thật.",
			"This report is written from the illustrative data cchc generates, not from real figures."))
	}
	var names []string
	for _, ix := range d.Indices {
		names = append(names, ix.Index)
	}
	if len(names) > 0 {
		s.P(l.T(fmt.Sprintf("Năm %d, kho dữ liệu có điểm tổng của %s trên bản đồ %s.", d.Scope.Year, strings.Join(names, ", "), w.mapName()),
			fmt.Sprintf("For %d the warehouse holds the overall scores of %s on the %s-unit map.", d.Scope.Year, strings.Join(names, ", "), d.Scope.Units)))
	}
	if len(names) == 0 {
		s.P(l.T(fmt.Sprintf("Kho dữ liệu chưa có điểm chỉ số nào (PAR Index, PAPI, PCI, SIPAS) của năm %d trên bản đồ %s.", d.Scope.Year, w.mapName()),
			fmt.Sprintf("The warehouse holds no index score (PAR Index, PAPI, PCI, SIPAS) for %d on the %s-unit map.", d.Scope.Year, d.Scope.Units)))
	}
	for _, ix := range d.Indices {
		rows := d.Rankings[ix.Index]
		if len(rows) > 0 {
			s.P(w.leaderSentence(ix, rows))
		}
	}
	t := &Table{Caption: l.T("Số liệu có trong kho", "What the warehouse holds"),
		Head:  []string{l.T("Chỉ số", "Index"), l.T("Cơ quan", "Owner"), l.T("Xếp hạng", "Ranked"), l.T("Thiếu", "Missing"), l.T("Ghi chú", "Note")},
		Right: []bool{false, false, true, true, false}}
	for _, ix := range d.Indices {
		var note []string
		if ix.Estimated {
			note = append(note, l.T("ước tính trên 34 đơn vị", "estimated on 34 units"))
		}
		if ix.BreakAction != "" {
			note = append(note, l.T("đổi phương pháp năm này", "method changed this year"))
		}
		t.Rows = append(t.Rows, []string{ix.Index, l.T(ix.OwnerVI, ix.OwnerEN), fmt.Sprintf("%d/%d", ix.NRanked, ix.NUnits),
			strconv.Itoa(ix.NMissing), strings.Join(note, "; ")})
	}
	if len(d.Training) > 0 {
		t.Rows = append(t.Rows, []string{l.T("Đào tạo, bồi dưỡng", "Training"), "", "", "", l.T(fmt.Sprintf("%s lớp", l.Int(d.Training[0].Classes)), fmt.Sprintf("%s classes", l.Int(d.Training[0].Classes)))})
	}
	if len(d.Dossiers) > 0 {
		t.Rows = append(t.Rows, []string{l.T("Hồ sơ TTHC", "Dossiers"), "", fmt.Sprintf("%d", len(d.Dossiers)), "", l.T(w.unitsWord()+" có số liệu", w.unitsWord()+" with figures")})
	}
	s.Add(t)
	src := &Table{Caption: l.T("Nguồn dữ liệu (sổ nạp)", "Sources (the load ledger)"),
		Head:  []string{"#", l.T("Tệp", "File"), l.T("Loại", "Kind"), l.T("Phạm vi", "Slices"), l.T("Dòng", "Rows"), l.T("Ngày nạp", "Loaded")},
		Right: []bool{true, false, false, false, true, true}}
	for _, so := range d.Sources {
		src.Rows = append(src.Rows, []string{strconv.FormatInt(so.LoadID, 10), so.File, so.Kind, shorten(so.Slices, 60), l.Int(so.Rows), so.LoadedOn})
	}
	s.Add(src)
}

func shorten(s string, n int) string {
	s = strings.ReplaceAll(s, ";", ", ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// leaderSentence: "Năm 2023, Thừa Thiên Huế dẫn đầu PAPI với 46,04 điểm, tăng 4 bậc so với năm 2022."
func (w *writer) leaderSentence(ix queries.ReportIndex, rows []queries.ReportRow) string {
	l := w.l
	var leaders []string
	for _, r := range rows {
		if r.Rank == 1 {
			leaders = append(leaders, w.name(r))
		}
	}
	top := rows[0]
	est := w.est(top)
	if len(leaders) > 1 {
		return l.T(fmt.Sprintf("Năm %d, %s đồng dẫn đầu %s với %s%s.", w.d.Scope.Year, strings.Join(leaders, ", "), ix.Index, w.value(ix.Unit, top.Score), est),
			fmt.Sprintf("In %d, %s share the lead of %s with %s%s.", w.d.Scope.Year, strings.Join(leaders, ", "), ix.Index, w.value(ix.Unit, top.Score), est))
	}
	return l.T(fmt.Sprintf("Năm %d, %s dẫn đầu %s với %s%s%s.", w.d.Scope.Year, leaders[0], ix.Index, w.value(ix.Unit, top.Score), est, w.change(top, ix)),
		fmt.Sprintf("In %d, %s led %s with %s%s%s.", w.d.Scope.Year, leaders[0], ix.Index, w.value(ix.Unit, top.Score), est, w.change(top, ix)))
}

func (w *writer) groups(rows []queries.ReportRow) (map[string]chart.RGB, []chart.Legend) {
	col := map[string]chart.RGB{}
	var leg []chart.Legend
	for _, r := range rows {
		if r.GroupCode == "" {
			continue
		}
		if _, ok := col[r.GroupCode]; !ok {
			c := chart.GroupColors[min(len(col), len(chart.GroupColors)-1)]
			col[r.GroupCode] = c
			leg = append(leg, chart.Legend{Label: w.l.T(r.GroupVI, r.GroupEN), Color: c})
		}
	}
	return col, leg
}

func (w *writer) rankBars(ix queries.ReportIndex, rows []queries.ReportRow, highlight string) *chart.Canvas {
	col, leg := w.groups(rows)
	bars := make([]chart.RankBar, len(rows))
	for i, r := range rows {
		v := w.num(r.Score)
		if r.Estimated {
			v += "*"
		}
		bars[i] = chart.RankBar{Rank: strconv.Itoa(r.Rank), Label: w.name(r), Value: v, V: r.Score, Color: col[r.GroupCode], Highlight: r.ProvinceCode == highlight}
	}
	sub := ""
	if len(rows) > 0 && rows[0].Estimated {
		sub = w.l.T("* ước tính trên bản đồ 34 đơn vị", "* estimated on the 34-unit map")
	}
	return chart.RankedBars(chart.BarsSpec{Title: fmt.Sprintf("%s %d", ix.Index, w.d.Scope.Year), Subtitle: sub,
		Bars: bars, Min: math.Min(ix.ScaleMin, 0), Legend: leg, Num: w.l.Num})
}

func (w *writer) indexChapter(ix queries.ReportIndex) {
	l, d := w.l, w.d
	y := d.Scope.Year
	rows := d.Rankings[ix.Index]
	if len(rows) == 0 {
		return
	}
	s := w.doc.Chapter("chi-so-"+strings.ToLower(ix.Index), w.indexName(ix))
	s.P(w.leaderSentence(ix, rows))
	top := rows[0]
	if top.OverlapsNext != nil && len(rows) > 1 {
		if *top.OverlapsNext {
			s.P(l.T(fmt.Sprintf("Khoảng tin cậy 95%% của %s và %s (xếp thứ hai) giao nhau: hai địa phương không khác biệt có ý nghĩa thống kê.", w.name(top), w.name(rows[1])),
				fmt.Sprintf("The 95%% confidence intervals of %s and %s (second) overlap: the two are not statistically distinguishable.", w.name(top), w.name(rows[1]))))
		} else {
			s.P(l.T(fmt.Sprintf("Khoảng tin cậy 95%% của %s và %s (xếp thứ hai) không giao nhau: vị trí dẫn đầu có ý nghĩa thống kê.", w.name(top), w.name(rows[1])),
				fmt.Sprintf("The 95%% confidence intervals of %s and %s (second) do not overlap: the lead is statistically distinguishable.", w.name(top), w.name(rows[1]))))
		}
	}
	last := rows[len(rows)-1]
	s.P(l.T(fmt.Sprintf("Xếp cuối trong %d %s là %s với %s%s; khoảng cách giữa đầu và cuối bảng là %s.", last.NRanked, w.unitsWord(), w.name(last), w.value(ix.Unit, last.Score), w.est(last), w.diff(ix.Unit, math.Abs(last.GapToLeader))),
		fmt.Sprintf("Last of the %d %s is %s with %s%s; the gap between first and last is %s.", last.NRanked, w.unitsWord(), w.name(last), w.value(ix.Unit, last.Score), w.est(last), w.diff(ix.Unit, math.Abs(last.GapToLeader)))))
	if ix.Estimated {
		s.P(l.T(fmt.Sprintf("Điểm %s năm %d trên bản đồ 34 đơn vị là ước tính (bình quân có trọng số của các tỉnh cũ, trọng số %s), không phải số công bố.", ix.Index, y, d.Scope.Weights),
			fmt.Sprintf("The %s scores of %d on the 34-unit map are estimates (weighted means of the former provinces, %s weights), not published figures.", ix.Index, y, d.Scope.Weights)))
	}
	if ix.NMissing > 0 {
		s.P(l.T(fmt.Sprintf("Không có điểm %s năm %d của %d %s: %s.", ix.Index, y, ix.NMissing, w.unitsWord(), ix.MissingVI),
			fmt.Sprintf("No %s score for %d for %d %s: %s.", ix.Index, y, ix.NMissing, w.unitsWord(), ix.MissingEN)))
	}
	if ix.BreakAction != "" {
		s.Note(l.T(ix.BreakNoteVI, ix.BreakNoteEN))
	}
	if sp := d.Spread[ix.Index]; len(sp) > 0 {
		cur := sp[len(sp)-1]
		if cur.Year == y {
			txt := l.T(fmt.Sprintf("Điểm trung vị là %s, điểm trung bình %s.", w.num(cur.Median), w.num(cur.Mean)),
				fmt.Sprintf("The median score is %s, the mean %s.", w.num(cur.Median), w.num(cur.Mean)))
			if len(sp) == 2 && ix.BreakAction != "refuse" {
				txt += l.T(fmt.Sprintf(" Năm %d: trung vị %s.", sp[0].Year, w.num(sp[0].Median)), fmt.Sprintf(" In %d: median %s.", sp[0].Year, w.num(sp[0].Median)))
			}
			s.P(txt)
		}
	}
	w.movers(s, ix, rows)
	s.Add(&Figure{Kind: "rank", Index: ix.Index, Caption: l.T(fmt.Sprintf("Xếp hạng %s năm %d của mọi %s, tô màu theo nhóm", ix.Index, y, w.unitsWord()),
		fmt.Sprintf("%s %d: every %s ranked, coloured by group", ix.Index, y, strings.TrimSuffix(w.unitsWord(), "s"))), Canvas: w.rankBars(ix, rows, "")})

	s2 := w.doc.Section("", l.T("Mười địa phương đầu và cuối bảng", "Top and bottom ten"))
	s2.Add(w.topBottom(ix, rows))
	w.regions(ix)
	w.heatmap(ix, rows)
	w.distribution(ix)
}

// movers names the largest rises and falls the rows allow to be stated.
func (w *writer) movers(s *Section, ix queries.ReportIndex, rows []queries.ReportRow) {
	l := w.l
	type mv struct {
		r queries.ReportRow
		v float64
	}
	var ms []mv
	byRank := true
	for _, r := range rows {
		if r.RankChange != nil {
			ms = append(ms, mv{r, float64(*r.RankChange)})
		}
	}
	if len(ms) == 0 {
		byRank = false
		for _, r := range rows {
			if r.PercentileChange != nil && r.CrossesBreak != "refuse" {
				ms = append(ms, mv{r, *r.PercentileChange})
			}
		}
	}
	if len(ms) == 0 {
		if len(rows) > 0 && rows[0].CrossesBreak == "refuse" {
			s.P(l.T(fmt.Sprintf("Không nêu thay đổi so với năm %d: %s đổi phương pháp năm %d, điểm và thứ hạng hai năm không so sánh được.", w.d.Scope.Year-1, ix.Index, w.d.Scope.Year),
				fmt.Sprintf("No change on %d is stated: %s changed its method in %d, so the two years' scores and ranks are not comparable.", w.d.Scope.Year-1, ix.Index, w.d.Scope.Year)))
		}
		return
	}
	slices.SortStableFunc(ms, func(a, b mv) int { return cmp.Compare(b.v, a.v) })
	say := func(m mv) string {
		t := ""
		if byRank {
			t = l.SignedInt(int64(m.v)) + l.T(" bậc", "")
		} else {
			t = l.Signed(m.v, 1) + l.T(" điểm phân vị", " percentile points")
		}
		txt := fmt.Sprintf("%s (%s)", w.name(m.r), t)
		if m.r.ChangeWithinCI != nil && *m.r.ChangeWithinCI {
			txt += l.T(" — trong khoảng tin cậy, không khác biệt có ý nghĩa thống kê", " — inside the confidence intervals, not statistically distinguishable")
		}
		return txt
	}
	var ups, downs []string
	for i := 0; i < len(ms) && len(ups) < 3; i++ {
		if ms[i].v > 0 {
			ups = append(ups, say(ms[i]))
		}
	}
	for i := len(ms) - 1; i >= 0 && len(downs) < 3; i-- {
		if ms[i].v < 0 {
			downs = append(downs, say(ms[i]))
		}
	}
	what := l.T("thứ hạng", "rank")
	if !byRank {
		what = l.T("vị trí phân vị", "percentile")
	}
	if len(ups) > 0 {
		s.P(l.T(fmt.Sprintf("Tăng %s nhiều nhất so với năm %d: %s.", what, w.d.Scope.Year-1, strings.Join(ups, "; ")),
			fmt.Sprintf("Largest %s rises on %d: %s.", what, w.d.Scope.Year-1, strings.Join(ups, "; "))))
	}
	if len(downs) > 0 {
		s.P(l.T(fmt.Sprintf("Giảm %s nhiều nhất: %s.", what, strings.Join(downs, "; ")),
			fmt.Sprintf("Largest %s falls: %s.", what, strings.Join(downs, "; "))))
	}
}

func (w *writer) changeCells(r queries.ReportRow) (string, string) {
	sc, rc := "–", "–"
	if r.ScoreChange != nil {
		sc = w.l.Signed(*r.ScoreChange, 2)
	}
	if r.RankChange != nil {
		rc = w.l.SignedInt(*r.RankChange)
	} else if r.PercentileChange != nil && r.CrossesBreak != "refuse" {
		rc = w.l.Signed(*r.PercentileChange, 1) + " pct"
	}
	return sc, rc
}

func (w *writer) rankTable(caption string, rows []queries.ReportRow, official bool) *Table {
	l := w.l
	t := &Table{Caption: caption, Head: []string{l.T("Hạng", "Rank"), l.T("Tỉnh/thành", "Province"), l.T("Điểm", "Score"),
		l.T("Nhóm", "Group"), l.T("Thay đổi điểm", "Score change"), l.T("Thay đổi hạng", "Rank change")},
		Right: []bool{true, false, true, false, true, true}}
	if official {
		t.Head = append(t.Head, l.T("Hạng công bố", "Published rank"))
		t.Right = append(t.Right, true)
	}
	for _, r := range rows {
		sc, rc := w.changeCells(r)
		v := w.num(r.Score)
		if r.Estimated {
			v += "*"
		}
		row := []string{strconv.Itoa(r.Rank), w.name(r), v, l.T(r.GroupVI, r.GroupEN), sc, rc}
		if official {
			o := "–"
			if r.OfficialRank != nil {
				o = strconv.FormatInt(*r.OfficialRank, 10)
			}
			row = append(row, o)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func (w *writer) topBottom(ix queries.ReportIndex, rows []queries.ReportRow) *Table {
	n := min(10, len(rows))
	t := w.rankTable(w.l.T(fmt.Sprintf("%s %d: mười địa phương đầu bảng và mười cuối bảng", ix.Index, w.d.Scope.Year),
		fmt.Sprintf("%s %d: top ten and bottom ten", ix.Index, w.d.Scope.Year)), rows[:n], false)
	if len(rows) > 20 {
		t.Rows = append(t.Rows, []string{"…", "", "", "", "", ""})
		t.Rows = append(t.Rows, w.rankTable("", rows[len(rows)-10:], false).Rows...)
	} else if len(rows) > n {
		t.Rows = append(t.Rows, w.rankTable("", rows[n:], false).Rows...)
	}
	return t
}

func (w *writer) regions(ix queries.ReportIndex) {
	l := w.l
	rs := slices.Clone(w.d.Regions[ix.Index])
	if len(rs) == 0 {
		return
	}
	s := w.doc.Section("", l.T("Bình quân theo vùng kinh tế - xã hội", "Regional averages"))
	slices.SortStableFunc(rs, func(a, b queries.RegionMean) int { return cmp.Compare(b.Mean, a.Mean) })
	bars := make([]chart.RankBar, len(rs))
	items := make([]chart.SlopeItem, len(rs))
	for i, r := range rs {
		bars[i] = chart.RankBar{Rank: strconv.Itoa(i + 1), Label: l.T(r.NameVI, r.NameEN) + fmt.Sprintf(" (%d)", r.N), Value: w.num(r.Mean), V: r.Mean}
		items[i] = chart.SlopeItem{Name: l.T(r.NameVI, r.NameEN), Right: r.Mean, Left: deref(r.PrevMean), HasLeft: r.PrevMean != nil}
	}
	best, worst := rs[0], rs[len(rs)-1]
	s.P(l.T(fmt.Sprintf("Vùng có điểm %s bình quân cao nhất là %s (%s), thấp nhất là %s (%s).", ix.Index, best.NameVI, w.num(best.Mean), worst.NameVI, w.num(worst.Mean)),
		fmt.Sprintf("The region with the highest mean %s is %s (%s), the lowest %s (%s).", ix.Index, best.NameEN, w.num(best.Mean), worst.NameEN, w.num(worst.Mean))))
	s.Add(&Figure{Kind: "regions", Index: ix.Index, Caption: l.T("Điểm bình quân các tỉnh trong vùng (số tỉnh trong ngoặc)", "Mean score of the region's provinces (number of provinces in brackets)"),
		Canvas: chart.RankedBars(chart.BarsSpec{Bars: bars, Min: math.Min(ix.ScaleMin, 0), Num: l.Num, RowH: 20})})
	if ix.BreakAction != "refuse" && rs[0].PrevMean != nil {
		s.Add(&Figure{Kind: "slope", Index: ix.Index, Caption: l.T(fmt.Sprintf("Điểm bình quân vùng, năm %d và %d", w.d.Scope.Year-1, w.d.Scope.Year), fmt.Sprintf("Regional means, %d and %d", w.d.Scope.Year-1, w.d.Scope.Year)),
			Canvas: chart.Slope(chart.SlopeSpec{LeftLabel: strconv.Itoa(w.d.Scope.Year - 1), RightLabel: strconv.Itoa(w.d.Scope.Year), Items: items, Decimals: 2, Num: l.Num, Height: 260})})
	}
}

func (w *writer) heatmap(ix queries.ReportIndex, rows []queries.ReportRow) {
	l := w.l
	cs := w.d.Components[ix.Index]
	if len(cs) == 0 {
		return
	}
	var cols []string
	colIdx := map[string]int{}
	for _, c := range cs {
		if _, ok := colIdx[c.Component]; !ok {
			colIdx[c.Component] = len(cols)
			cols = append(cols, l.T(c.NameVI, c.NameEN))
		}
	}
	rowIdx := map[string]int{}
	names := make([]string, len(rows))
	vals := make([][]float64, len(rows))
	for i, r := range rows {
		rowIdx[r.ProvinceCode] = i
		names[i] = fmt.Sprintf("%d. %s", r.Rank, w.name(r))
		vals[i] = make([]float64, len(cols))
		for j := range vals[i] {
			vals[i][j] = math.NaN()
		}
	}
	for _, c := range cs {
		if i, ok := rowIdx[c.ProvinceCode]; ok {
			vals[i][colIdx[c.Component]] = c.Score
		}
	}
	s := w.doc.Section("", l.T("Các chỉ số thành phần", "Components"))
	s.P(l.T(fmt.Sprintf("Bảng màu dưới đây cho điểm của từng %s theo %d chỉ số thành phần của %s; mỗi cột tô từ thấp (đỏ) đến cao (xanh).", strings.TrimSuffix(w.unitsWord(), "/thành"), len(cols), ix.Index),
		fmt.Sprintf("The heatmap gives each unit's score on the %d components of %s; each column runs from low (red) to high (green).", len(cols), ix.Index)))
	s.Add(&Figure{Kind: "heatmap", Index: ix.Index, Caption: l.T(fmt.Sprintf("%s %d theo chỉ số thành phần", ix.Index, w.d.Scope.Year), fmt.Sprintf("%s %d by component", ix.Index, w.d.Scope.Year)),
		Canvas: chart.Heatmap(chart.HeatmapSpec{Rows: names, Cols: cols, Values: vals, Decimals: 2, Num: l.Num})})
}

func (w *writer) distribution(ix queries.ReportIndex) {
	l := w.l
	sp := w.d.Spread[ix.Index]
	if len(sp) == 0 {
		return
	}
	s := w.doc.Section("", l.T("Phân bố điểm so với năm trước", "Distribution against the year before"))
	var boxes []chart.Box
	for _, x := range sp {
		boxes = append(boxes, chart.Box{Label: fmt.Sprintf("%d (n=%d)", x.Year, x.N), Min: x.Min, Q1: x.Q1, Median: x.Median, Q3: x.Q3, Max: x.Max})
	}
	if ix.BreakAction == "refuse" && len(boxes) == 2 {
		s.Note(l.T("Hai năm đo theo hai phương pháp khác nhau; hình chỉ để tham khảo, không so sánh.", "The two years are measured by different methods; shown side by side, not compared."))
	}
	s.Add(&Figure{Kind: "distribution", Index: ix.Index, Caption: l.T("Tối thiểu, tứ phân vị, trung vị và tối đa", "Minimum, quartiles, median and maximum"),
		Canvas: chart.Boxes(chart.BoxSpec{Boxes: boxes, Decimals: 2, Num: l.Num})})
}

func strength(l Lang, r float64) string {
	a := math.Abs(r)
	switch {
	case a < 0.3:
		return l.T("yếu", "weak")
	case a < 0.5:
		return l.T("trung bình", "moderate")
	}
	return l.T("mạnh", "strong")
}

func (w *writer) crossIndex() {
	l, d := w.l, w.d
	s := w.doc.Chapter("lien-chi-so", l.T("Tương quan giữa các chỉ số", "Across the indices"))
	if len(d.Pairs) > 0 {
		t := &Table{Caption: l.T("Tương quan giữa hai chỉ số (điểm tổng)", "Correlation of two indices (overall scores)"),
			Head: []string{"X", "Y", "n", "Pearson r", "Spearman ρ"}, Right: []bool{false, false, true, true, true}}
		for _, p := range d.Pairs {
			t.Rows = append(t.Rows, []string{p.X, p.Y, strconv.Itoa(p.N), optNum(l, p.Pearson), optNum(l, p.Spearman)})
		}
		s.Add(t)
	}
	for i, p := range d.Pairs {
		if p.Pearson == nil || i >= 3 {
			continue
		}
		s.P(l.T(fmt.Sprintf("Năm %d, tương quan giữa %s và %s trên %d %s là %s: r = %s, hệ số Spearman ρ = %s.", d.Scope.Year, p.X, p.Y, p.N, w.unitsWord(), strength(l, *p.Pearson), l.Num(*p.Pearson, 2), optNum(l, p.Spearman)),
			fmt.Sprintf("In %d, the correlation of %s and %s over %d %s is %s: r = %s, Spearman's ρ = %s.", d.Scope.Year, p.X, p.Y, p.N, w.unitsWord(), strength(l, *p.Pearson), l.Num(*p.Pearson, 2), optNum(l, p.Spearman))))
		pts := d.Points[p.X+"|"+p.Y]
		xy := make([]chart.XY, len(pts))
		for k, pt := range pts {
			xy[k] = chart.XY{Label: pt.Province, X: pt.X, Y: pt.Y}
		}
		// name the three highest on y
		order := slices.Clone(xy)
		slices.SortStableFunc(order, func(a, b chart.XY) int { return cmp.Compare(b.Y, a.Y) })
		for k := range xy {
			for _, o := range order[:min(3, len(order))] {
				if xy[k].Label == o.Label {
					xy[k].Show = true
				}
			}
		}
		s.Add(&Figure{Kind: "scatter", Index: p.X + "|" + p.Y, Caption: l.T(fmt.Sprintf("%s và %s năm %d, với đường hồi quy", p.X, p.Y, d.Scope.Year), fmt.Sprintf("%s and %s in %d, with the fitted line", p.X, p.Y, d.Scope.Year)),
			Canvas: chart.Scatter(chart.ScatterSpec{XLabel: p.X, YLabel: p.Y, Points: xy, Slope: deref(p.Slope), Intercept: deref(p.Intercept), Line: p.Slope != nil,
				Note: fmt.Sprintf("r = %s; ρ = %s; n = %d", optNum(l, p.Pearson), optNum(l, p.Spearman), p.N), Decimals: 2, Num: l.Num})})
	}
	for _, ix := range d.Indices {
		w.bump(s, ix)
	}
}

func optNum(l Lang, v *float64) string {
	if v == nil {
		return "–"
	}
	return l.Num(*v, 2)
}

// bump draws the ranks of the year's top ten over the last five years.
func (w *writer) bump(s *Section, ix queries.ReportIndex) {
	l, d := w.l, w.d
	series := d.Bump[ix.Index]
	rows := d.Rankings[ix.Index]
	var years []int
	for _, r := range series {
		if !slices.Contains(years, r.Year) {
			years = append(years, r.Year)
		}
	}
	if len(years) < 2 {
		return
	}
	slices.Sort(years)
	maxRank := 0
	var lines []chart.RankLine
	for _, top := range rows[:min(10, len(rows))] {
		ln := chart.RankLine{Name: w.name(top), Ranks: make([]int, len(years))}
		for _, r := range series {
			if r.ProvinceCode == top.ProvinceCode {
				ln.Ranks[slices.Index(years, r.Year)] = r.Rank
				maxRank = max(maxRank, r.Rank)
			}
		}
		lines = append(lines, ln)
	}
	breakYear, breakLabel := 0, ""
	for _, b := range d.Breaks[ix.Index] {
		if b.Year > years[0] && b.Year <= years[len(years)-1] {
			breakYear, breakLabel = b.Year, l.T("đổi phương pháp", "method change")
		}
	}
	s.Add(&Figure{Kind: "bump", Index: ix.Index, Caption: l.T(fmt.Sprintf("Thứ hạng %s của mười địa phương đứng đầu năm %d, %d–%d", ix.Index, d.Scope.Year, years[0], years[len(years)-1]),
		fmt.Sprintf("%s ranks of %d's top ten, %d–%d", ix.Index, d.Scope.Year, years[0], years[len(years)-1])),
		Canvas: chart.Bump(chart.BumpSpec{Years: years, Lines: lines, MaxRank: maxRank, BreakYear: breakYear, BreakLabel: breakLabel})})
}

func (w *writer) measureTable(family string) *Table {
	l := w.l
	t := &Table{Head: []string{l.T("Chỉ tiêu", "Measure"), "n", l.T("Trung vị", "Median"), l.T("Cao nhất", "Highest"), l.T("Thấp nhất", "Lowest")},
		Right: []bool{false, true, true, false, false}}
	for _, m := range w.d.Measures {
		if m.Family != family {
			continue
		}
		name := l.T(m.NameVI, m.NameEN)
		if m.Measure == "service_766_proxy" {
			name += l.T(" (ước tính proxy)", " (proxy)")
		}
		t.Rows = append(t.Rows, []string{name, strconv.Itoa(m.N), w.value(m.Unit, m.Median),
			m.BestProvince + " " + w.value(m.Unit, m.Best), m.LastProvince + " " + w.value(m.Unit, m.Last)})
	}
	return t
}

// training writes the training chapter (national when p is nil).
func (w *writer) training(p *ProvinceData) {
	l, d := w.l, w.d
	rows := d.Training
	if p != nil {
		rows = p.Training
	}
	if len(rows) == 0 || rows[0].Classes == 0 {
		return
	}
	t := rows[0]
	var s *Section
	if p == nil {
		s = w.doc.Chapter("dao-tao", l.T("Đào tạo, bồi dưỡng", "Training"))
	} else {
		s = w.doc.Section("dao-tao", l.T("Đào tạo, bồi dưỡng", "Training"))
	}
	where := l.T("cả nước", "nationwide")
	if p != nil {
		where = l.T(p.Name, p.NameEN)
	}
	txt := l.T(fmt.Sprintf("Năm %d, %s tổ chức %s lớp bồi dưỡng với %s lượt học viên", d.Scope.Year, where, l.Int(t.Classes), l.Int(t.Attendances)),
		fmt.Sprintf("In %d, %s ran %s training classes with %s attendances", d.Scope.Year, where, l.Int(t.Classes), l.Int(t.Attendances)))
	if t.FemalePct != nil {
		txt += l.T(fmt.Sprintf(" (nữ %s)", l.Pct(*t.FemalePct, 1)), fmt.Sprintf(" (%s women)", l.Pct(*t.FemalePct, 1)))
	}
	if t.PerHundredCS != nil {
		txt += l.T(fmt.Sprintf(", bình quân %s lượt trên 100 công chức", l.Num(*t.PerHundredCS, 1)), fmt.Sprintf(", %s attendances per 100 civil servants", l.Num(*t.PerHundredCS, 1)))
	}
	if t.AttendancesChangePct != nil {
		txt += l.T(fmt.Sprintf("; số lượt học viên thay đổi %s so với năm %d", l.Signed(*t.AttendancesChangePct, 1)+"%", d.Scope.Year-1),
			fmt.Sprintf("; attendances changed %s on %d", l.Signed(*t.AttendancesChangePct, 1)+"%", d.Scope.Year-1))
	}
	s.P(txt + ".")
	if p != nil {
		return
	}
	if len(d.Months) > 0 {
		bars := make([]chart.RankBar, len(d.Months))
		for i, m := range d.Months {
			mo := deref(m.Month)
			bars[i] = chart.RankBar{Rank: strconv.Itoa(mo), Label: l.T(fmt.Sprintf("Tháng %d", mo), monthEN[(mo+11)%12]), Value: l.Int(m.Attendances), V: float64(m.Attendances)}
		}
		s.Add(&Figure{Kind: "months", Caption: l.T("Lượt học viên theo tháng khai giảng", "Attendances by month of start"),
			Canvas: chart.RankedBars(chart.BarsSpec{Bars: bars, Num: l.Num, RowH: 16})})
	}
	if len(d.Topics) > 0 {
		tt := &Table{Caption: l.T("Theo chủ đề", "By topic"), Head: []string{l.T("Chủ đề", "Topic"), l.T("Lớp", "Classes"), l.T("Lượt học viên", "Attendances"), l.T("Nữ", "Women")},
			Right: []bool{false, true, true, true}}
		for _, r := range d.Topics {
			name := deref(r.TopicName)
			if name == "" {
				name = deref(r.Topic)
			}
			f := "–"
			if r.FemalePct != nil {
				f = l.Pct(*r.FemalePct, 1)
			}
			tt.Rows = append(tt.Rows, []string{name, l.Int(r.Classes), l.Int(r.Attendances), f})
		}
		s.Add(tt)
	}
	if mt := w.measureTable("training"); len(mt.Rows) > 0 {
		mt.Caption = l.T("Các chỉ tiêu đào tạo theo "+w.unitsWord(), "Training measures across "+w.unitsWord())
		s.Add(mt)
	}
}

var monthEN = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func (w *writer) share(v *float64) string {
	if v == nil {
		return "–"
	}
	return w.l.Pct(*v*100, 1)
}

func optInt(l Lang, v *int64) string {
	if v == nil {
		return "–"
	}
	return l.Int(*v)
}

// dossiers writes the dossier chapter (national when p is nil).
func (w *writer) dossiers(p *ProvinceData) {
	l, d := w.l, w.d
	if p != nil {
		if len(p.Dossiers) == 0 {
			return
		}
		r := p.Dossiers[0]
		s := w.doc.Section("ho-so", l.T("Hồ sơ thủ tục hành chính", "Administrative-procedure dossiers"))
		s.P(l.T(fmt.Sprintf("Năm %d, %s tiếp nhận %s hồ sơ (trực tuyến %s, bưu chính %s); giải quyết đúng hạn %s số đã giải quyết, không trễ hạn %s số cần giải quyết; còn %s hồ sơ quá hạn chưa giải quyết; tỷ lệ hài lòng %s.",
			d.Scope.Year, p.Name, optInt(l, r.Received), w.share(r.OnlineShare), w.share(r.PostalShare), w.share(r.OnTimeRateResolved), w.share(r.OnTimeRateHandled), optInt(l, r.PendingOverdue), w.share(r.SatisfactionRate)),
			fmt.Sprintf("In %d, %s received %s dossiers (%s online, %s by post); %s of those resolved were on time, %s of those to handle were not late; %s overdue dossiers were pending; satisfaction %s.",
				d.Scope.Year, p.NameEN, optInt(l, r.Received), w.share(r.OnlineShare), w.share(r.PostalShare), w.share(r.OnTimeRateResolved), w.share(r.OnTimeRateHandled), optInt(l, r.PendingOverdue), w.share(r.SatisfactionRate))))
		return
	}
	if len(d.Dossiers) == 0 {
		return
	}
	s := w.doc.Chapter("ho-so", l.T("Hồ sơ thủ tục hành chính", "Administrative-procedure dossiers"))
	s.P(l.T(fmt.Sprintf("Năm %d có số liệu hồ sơ của %d %s. Tỷ lệ đúng hạn được tính theo hai định nghĩa: trên số hồ sơ đã giải quyết (trước hạn và đúng hạn / đã giải quyết) và trên số hồ sơ cần giải quyết (1 − trễ hạn / cần giải quyết).", d.Scope.Year, len(d.Dossiers), w.unitsWord()),
		fmt.Sprintf("For %d, %d %s have dossier figures. On time is measured two ways: over the dossiers resolved (early and on time / resolved) and over those to handle (1 − late / to handle).", d.Scope.Year, len(d.Dossiers), w.unitsWord())))
	for _, m := range d.Measures {
		if m.Family == "dossier" && (m.Measure == "dossier_on_time" || m.Measure == "dossier_on_time_handled" || m.Measure == "dossier_online") {
			s.P(l.T(fmt.Sprintf("%s: trung vị %s trên %d %s; cao nhất %s (%s), thấp nhất %s (%s).", m.NameVI, w.value(m.Unit, m.Median), m.N, w.unitsWord(), m.BestProvince, w.value(m.Unit, m.Best), m.LastProvince, w.value(m.Unit, m.Last)),
				fmt.Sprintf("%s: median %s over %d %s; highest %s (%s), lowest %s (%s).", m.NameEN, w.value(m.Unit, m.Median), m.N, w.unitsWord(), m.BestProvince, w.value(m.Unit, m.Best), m.LastProvince, w.value(m.Unit, m.Last))))
		}
		if m.Measure == "service_766_proxy" {
			vi, en, _ := strings.Cut(queries.ProxyLabel, " / ")
			s.Note(l.T("Chỉ số phục vụ theo Quyết định 766 trong báo cáo này là "+vi+".", "The Decision 766 service index in this report is "+en+"."))
		}
	}
	if mt := w.measureTable("dossier"); len(mt.Rows) > 0 {
		mt.Caption = l.T("Các chỉ tiêu hồ sơ theo "+w.unitsWord(), "Dossier measures across "+w.unitsWord())
		s.Add(mt)
	}
}

func (w *writer) methodology() {
	l, d := w.l, w.d
	s := w.doc.Chapter("phuong-phap", l.T("Ghi chú phương pháp", "Methodology notes"))
	var items []string
	for _, ix := range d.Indices {
		for _, b := range d.Breaks[ix.Index] {
			items = append(items, fmt.Sprintf("%s %d: %s", b.Index, b.Year, l.T(b.NoteVI, b.NoteEN)))
		}
	}
	items = append(items, l.T("Thứ hạng chỉ được so sánh giữa hai năm khi cùng số đơn vị được xếp hạng, cùng bản đồ và không có thay đổi phương pháp; khi không, báo cáo nêu thay đổi vị trí phân vị.",
		"Ranks are compared between two years only with the same number of units ranked, on the same map and with no change of method; otherwise the report gives the percentile change."),
		l.T("Khi có khoảng tin cậy 95% (PAPI), một khác biệt hay thay đổi nằm trong khoảng tin cậy được gọi là không khác biệt có ý nghĩa thống kê.",
			"Where 95% confidence intervals are published (PAPI), a difference or change inside them is called not statistically distinguishable."))
	if d.Scope.Units == "34" {
		items = append(items, l.T(fmt.Sprintf("Trên bản đồ 34 đơn vị, điểm các năm trước sáp nhập 2025 là ước tính: bình quân có trọng số (%s) của các tỉnh cũ hợp thành; số đếm được cộng lại chính xác.", d.Scope.Weights),
			fmt.Sprintf("On the 34-unit map, scores of the years before the 2025 merger are estimates: weighted means (%s) of the former provinces; counts are re-summed exactly.", d.Scope.Weights)))
	}
	for _, ix := range d.Indices {
		if ix.NMissing > 0 {
			items = append(items, l.T(fmt.Sprintf("%s: thiếu %d %s (%s).", ix.Index, ix.NMissing, w.unitsWord(), ix.MissingVI), fmt.Sprintf("%s: %d %s missing (%s).", ix.Index, ix.NMissing, w.unitsWord(), ix.MissingEN)))
		}
	}
	s.Add(&List{Items: items})
}

func (w *writer) appendix() {
	l, d := w.l, w.d
	if len(d.Indices) == 0 && len(d.Dossiers) == 0 {
		return
	}
	s := w.doc.Chapter("phu-luc", l.T("Phụ lục: bảng đầy đủ", "Appendix: full tables"))
	for _, ix := range d.Indices {
		s.Add(w.rankTable(fmt.Sprintf("%s %d", ix.Index, d.Scope.Year), d.Rankings[ix.Index], ix.HasOfficialRank))
	}
	if len(d.Dossiers) > 0 {
		t := &Table{Caption: l.T(fmt.Sprintf("Hồ sơ TTHC năm %d", d.Scope.Year), fmt.Sprintf("Dossiers %d", d.Scope.Year)),
			Head: []string{l.T("Tỉnh/thành", "Province"), l.T("Tiếp nhận", "Received"), l.T("Trực tuyến", "Online"), l.T("Bưu chính", "Postal"),
				l.T("Đúng hạn (đã GQ)", "On time (resolved)"), l.T("Không trễ (cần GQ)", "Not late (to handle)"), l.T("Quá hạn tồn", "Overdue pending"), l.T("Hài lòng", "Satisfied")},
			Right: []bool{false, true, true, true, true, true, true, true}}
		for _, r := range d.Dossiers {
			t.Rows = append(t.Rows, []string{l.T(r.Province, r.ProvinceEN), optInt(l, r.Received), w.share(r.OnlineShare), w.share(r.PostalShare),
				w.share(r.OnTimeRateResolved), w.share(r.OnTimeRateHandled), optInt(l, r.PendingOverdue), w.share(r.SatisfactionRate)})
		}
		s.Add(t)
	}
}
