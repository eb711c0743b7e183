package report

import (
	"context"
	"fmt"

	"cchc"
	"cchc/queries"
)

// Data is every row the national report and the province profiles of one
// year and map are written from.
type Data struct {
	Scope      queries.ReportScope
	Indices    []queries.ReportIndex
	Rankings   map[string][]queries.ReportRow      // the total of each index, best first
	Regions    map[string][]queries.RegionMean     // by index
	Components map[string][]queries.ComponentScore // by index
	Spread     map[string][]queries.Spread         // by index: the year before, then the year
	Bump       map[string][]queries.RankRow        // by index: ranks of the last five years
	Breaks     map[string][]queries.Break          // by index: breaks of the last ten years
	Pairs      []queries.PairRow                   // every two indices of the year and map
	Points     map[string][]queries.PairPoint      // by "X|Y"
	Measures   []queries.MeasureSummary
	Training   []queries.TrainingRow // the nation's totals (breakdown all)
	Months     []queries.TrainingRow
	Topics     []queries.TrainingRow
	Dossiers   []queries.DossierRow // by province
	Sources    []queries.Source
	Ledger     queries.Ledger
}

// Load reads the national report's rows for one year and map.
func Load(ctx context.Context, q *queries.Queries, s queries.ReportScope) (*Data, error) {
	d := &Data{Scope: s, Rankings: map[string][]queries.ReportRow{}, Regions: map[string][]queries.RegionMean{},
		Components: map[string][]queries.ComponentScore{}, Spread: map[string][]queries.Spread{},
		Bump: map[string][]queries.RankRow{}, Breaks: map[string][]queries.Break{}, Points: map[string][]queries.PairPoint{}}
	if err := q.ReportReady(ctx); err != nil {
		return nil, err
	}
	var err error
	if d.Indices, err = q.ReportIndices(ctx, s); err != nil {
		return nil, err
	}
	for _, ix := range d.Indices {
		id := ix.Index
		if d.Rankings[id], err = q.ReportRanking(ctx, s, id, "TOTAL"); err != nil {
			return nil, err
		}
		if d.Regions[id], err = q.ReportRegions(ctx, s, id); err != nil {
			return nil, err
		}
		if d.Components[id], err = q.ReportComponents(ctx, s, id); err != nil {
			return nil, err
		}
		if d.Spread[id], err = q.ReportDistribution(ctx, s, id); err != nil {
			return nil, err
		}
		if d.Bump[id], err = q.RankSeries(ctx, queries.SeriesParams{Index: cchc.IndexID(id), Component: "TOTAL",
			From: s.Year - 4, To: s.Year, Units: cchc.UnitSet(s.Units), Weights: cchc.WeightScheme(s.Weights)}); err != nil {
			return nil, err
		}
		if d.Breaks[id], err = q.MethodologyBreaks(ctx, id, "TOTAL", s.Year-10, s.Year); err != nil {
			return nil, err
		}
	}
	all, err := q.DashboardPairs(ctx, s.Weights)
	if err != nil {
		return nil, err
	}
	published := map[string]bool{}
	for _, ix := range d.Indices {
		published[ix.Index] = true
	}
	for _, p := range all {
		if p.Year == s.Year && p.Units == s.Units && published[p.X] && published[p.Y] && p.X < p.Y {
			d.Pairs = append(d.Pairs, p)
			if d.Points[p.X+"|"+p.Y], err = q.ReportPairPoints(ctx, s, p.X, p.Y); err != nil {
				return nil, err
			}
		}
	}
	if d.Measures, err = q.ReportMeasures(ctx, s); err != nil {
		return nil, err
	}
	tp := queries.TrainingParams{Year: s.Year, UnitSet: s.Units}
	for by, dst := range map[string]*[]queries.TrainingRow{"all": &d.Training, "month": &d.Months, "topic": &d.Topics} {
		tp.By = by
		if *dst, err = q.TrainingSummary(ctx, tp); err != nil {
			return nil, err
		}
	}
	if d.Dossiers, err = q.DossierRates(ctx, queries.DossierParams{Year: s.Year, UnitSet: s.Units, By: "province"}); err != nil {
		return nil, err
	}
	if d.Sources, err = q.ReportSources(ctx); err != nil {
		return nil, err
	}
	if d.Ledger, err = q.DataAsOf(ctx); err != nil {
		return nil, err
	}
	if len(d.Indices) == 0 && len(d.Training) == 0 && len(d.Dossiers) == 0 {
		return nil, fmt.Errorf("kho không có số liệu năm %d trên bản đồ %s đơn vị / the warehouse holds nothing for %d on the %s-unit map",
			s.Year, s.Units, s.Year, s.Units)
	}
	return d, nil
}

// ProvinceData is what a province profile adds to the national rows.
type ProvinceData struct {
	Code, Name, NameEN string
	Peers              map[string][]queries.Peer    // by index
	Trend              map[string][]queries.RankRow // by index: the last ten years
	Training           []queries.TrainingRow
	Dossiers           []queries.DossierRow
}

// LoadProvince reads one unit's own rows.
func LoadProvince(ctx context.Context, q *queries.Queries, d *Data, code, name, nameEN string) (*ProvinceData, error) {
	p := &ProvinceData{Code: code, Name: name, NameEN: nameEN, Peers: map[string][]queries.Peer{}, Trend: map[string][]queries.RankRow{}}
	s := d.Scope
	var err error
	units := []cchc.ProvinceCode{cchc.ProvinceCode(code)}
	for _, ix := range d.Indices {
		if p.Peers[ix.Index], err = q.ReportPeers(ctx, s, ix.Index, code); err != nil {
			return nil, err
		}
		sp := queries.SeriesParams{Index: cchc.IndexID(ix.Index), Component: "TOTAL", From: s.Year - 9, To: s.Year,
			Units: cchc.UnitSet(s.Units), Weights: cchc.WeightScheme(s.Weights)}
		if s.Units == "34" {
			sp.Units34, sp.Units63 = units, []cchc.ProvinceCode{}
		} else {
			sp.Units63, sp.Units34 = units, []cchc.ProvinceCode{}
		}
		if p.Trend[ix.Index], err = q.RankSeries(ctx, sp); err != nil {
			return nil, err
		}
	}
	if p.Training, err = q.TrainingSummary(ctx, queries.TrainingParams{Year: s.Year, UnitSet: s.Units, By: "all", Province: code}); err != nil {
		return nil, err
	}
	if p.Dossiers, err = q.DossierRates(ctx, queries.DossierParams{Year: s.Year, UnitSet: s.Units, By: "province", Province: code}); err != nil {
		return nil, err
	}
	return p, nil
}
