package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"cchc/data"
	"cchc/data/sample"
)

// dossierOut is the part of 'cchc dossiers --format json' the tests read.
type dossierOut struct {
	ProvinceCode       string   `json:"province_code"`
	Key                string   `json:"key"`
	Received           *int64   `json:"received"`
	CarriedOver        *int64   `json:"carried_over"`
	Online             *int64   `json:"online"`
	Postal             *int64   `json:"postal"`
	Resolved           *int64   `json:"resolved"`
	ResolvedEarly      *int64   `json:"resolved_early"`
	ResolvedOnTime     *int64   `json:"resolved_on_time"`
	ResolvedLate       *int64   `json:"resolved_late"`
	Pending            *int64   `json:"pending"`
	PendingOverdue     *int64   `json:"pending_overdue"`
	OnTimeRateResolved *float64 `json:"on_time_rate_resolved"`
	OnTimeRateHandled  *float64 `json:"on_time_rate_handled"`
	EarlyShare         *float64 `json:"early_share"`
	OnlineShare        *float64 `json:"online_share"`
	PostalShare        *float64 `json:"postal_share"`
	SatisfactionRate   *float64 `json:"satisfaction_rate"`
	StatusDisagrees    *int64   `json:"status_disagrees"`
	Source             string   `json:"source"`
}

func dossiersJSON(t *testing.T, db string, args ...string) []dossierOut {
	t.Helper()
	var out []dossierOut
	if err := json.Unmarshal([]byte(mustCLI(t, append([]string{"--db", db, "dossiers", "--format", "json"}, args...)...)), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// dossierWarehouse loads the dossier sample into a warehouse and builds it.
func dossierWarehouse(t *testing.T) (db, dir string) {
	t.Helper()
	dir = t.TempDir()
	files, err := sample.GenerateDossiers(dir)
	if err != nil {
		t.Fatal(err)
	}
	db = filepath.Join(dir, "w.duckdb")
	mustCLI(t, append([]string{"--db", db, "ingest"}, files...)...)
	mustCLI(t, "--db", db, "build")
	return db, dir
}

// expected is one province's 2023 figures, recomputed by hand.
type expected struct {
	code                                                   string
	received, carried, online, postal, early, onTime, late int64
	pending, overdue                                       int64
	forms                                                  float64
	satisfied                                              float64
}

// handFigures recomputes the 2023 figures of every province from the
// generated files with SQL written here, independent of the models: the
// quarterly statistics for most provinces, the dossier records (the
// generator's dossier ids start with the GSO code) for the others, and the
// satisfaction tallies in percent.
func handFigures(t *testing.T, dir string) map[string]expected {
	t.Helper()
	h, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	out := map[string]expected{}
	num := func(c string) string { return `cast(replace("` + c + `", '.', '') as bigint)` }
	stats := `with s as (
		select "Mã tỉnh" as code, "Kỳ báo cáo" as period,
			` + num("Kỳ trước chuyển sang") + ` as carried, ` + num("Trực tuyến một phần") + ` as op, ` + num("Trực tuyến toàn trình") + ` as ofu,
			` + num("Trực tiếp") + ` as direct, ` + num("Qua bưu chính công ích") + ` as postal, ` + num("Giải quyết trước hạn") + ` as early,
			` + num("Giải quyết đúng hạn") + ` as on_time, ` + num("Giải quyết trễ hạn") + ` as late,
			` + num("Đang giải quyết trong hạn") + ` as in_time, ` + num("Đang giải quyết quá hạn") + ` as overdue
		from read_csv(?, delim = ';', header = true, all_varchar = true)
		where period like '%/2023')
	select code, sum(op + ofu + direct + postal), sum(case when period like 'Quý I/%' then carried end), sum(op + ofu), sum(postal),
		sum(early), sum(on_time), sum(late),
		sum(case when period like 'Quý IV/%' then in_time + overdue end), sum(case when period like 'Quý IV/%' then overdue end)
	from s group by code`
	records := `with r as (
		select split_part(dossier_id, '-', 1) as code, channel,
			cast(coalesce(try_strptime(received_date, '%Y-%m-%d'), try_strptime(received_date, '%d/%m/%Y')) as date) as rd,
			cast(coalesce(try_strptime(due_date, '%Y-%m-%d'), try_strptime(due_date, '%d/%m/%Y')) as date) as dd,
			cast(try_strptime(resolved_date, '%Y-%m-%d') as date) as sd
		from read_csv(?, header = true, all_varchar = true))
	select code,
		count(*) filter (year(rd) = 2023),
		count(*) filter (rd < date '2023-01-01' and (sd is null or sd >= date '2023-01-01')),
		count(*) filter (year(rd) = 2023 and channel in ('Trực tuyến một phần', 'online_partial', 'Trực tuyến toàn trình', 'online_full', 'TRUC_TUYEN_TOAN_TRINH')),
		count(*) filter (year(rd) = 2023 and channel in ('Bưu chính công ích', 'postal')),
		count(*) filter (year(sd) = 2023 and sd < dd),
		count(*) filter (year(sd) = 2023 and sd = dd),
		count(*) filter (year(sd) = 2023 and sd > dd),
		count(*) filter (rd <= date '2023-12-31' and (sd is null or sd > date '2023-12-31')),
		count(*) filter (rd <= date '2023-12-31' and (sd is null or sd > date '2023-12-31') and dd < date '2023-12-31')
	from r group by code`
	isRecord := map[string]bool{}
	for _, c := range sample.RecordProvinces {
		isRecord[c] = true
	}
	for _, q := range []struct {
		sql, file string
		records   bool
	}{{stats, sample.DossierStatsFile, false}, {records, sample.DossierRecordsFile, true}} {
		rows, err := h.Query(q.sql, filepath.Join(dir, q.file))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var e expected
			if err := rows.Scan(&e.code, &e.received, &e.carried, &e.online, &e.postal, &e.early, &e.onTime, &e.late, &e.pending, &e.overdue); err != nil {
				t.Fatal(err)
			}
			if isRecord[e.code] == q.records { // records win over statistics
				out[e.code] = e
			}
		}
		rows.Close()
	}
	codes := map[string]string{}
	for _, p := range data.MustLoad().Provinces {
		codes[p.Name] = p.Code
	}
	rows, err := h.Query(`select "Tỉnh", cast(replace("Số phiếu thu về", '.', '') as double),
		cast(replace("Rất hài lòng (%)", ',', '.') as double) + cast(replace("Hài lòng (%)", ',', '.') as double)
		from read_csv(?, header = true, all_varchar = true)`, filepath.Join(dir, sample.SatisfactionPctFile))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var forms, pct float64
		if err := rows.Scan(&name, &forms, &pct); err != nil {
			t.Fatal(err)
		}
		e := out[codes[name]]
		e.forms, e.satisfied = forms, pct/100
		out[codes[name]] = e
	}
	return out
}

func TestDossierRatesEqualHandWrittenSQLOnTheSample(t *testing.T) {
	db, dir := dossierWarehouse(t)
	want := handFigures(t, dir)
	got := dossiersJSON(t, db, "--year", "2023")
	if len(got) != 63 || len(want) != 63 {
		t.Fatalf("%d rows, %d expected; want 63", len(got), len(want))
	}
	eqI := func(code, name string, g *int64, w int64) {
		t.Helper()
		if g == nil || *g != w {
			t.Errorf("%s %s = %v, want %d", code, name, deref(g), w)
		}
	}
	eqF := func(code, name string, g *float64, w float64) {
		t.Helper()
		if g == nil || math.Abs(*g-w) > 1e-6 {
			t.Errorf("%s %s = %v, want %.6f", code, name, derefF(g), w)
		}
	}
	for _, g := range got {
		w, ok := want[g.ProvinceCode]
		if !ok {
			t.Errorf("unexpected province %s", g.ProvinceCode)
			continue
		}
		c := g.ProvinceCode
		if wantSrc := map[bool]string{true: "records", false: "stats"}[w.received > 0 && strings.Contains(strings.Join(sample.RecordProvinces, ","), c)]; g.Source != wantSrc {
			t.Errorf("%s source = %s, want %s", c, g.Source, wantSrc)
		}
		eqI(c, "received", g.Received, w.received)
		eqI(c, "carried_over", g.CarriedOver, w.carried)
		eqI(c, "online", g.Online, w.online)
		eqI(c, "postal", g.Postal, w.postal)
		eqI(c, "resolved_early", g.ResolvedEarly, w.early)
		eqI(c, "resolved_on_time", g.ResolvedOnTime, w.onTime)
		eqI(c, "resolved_late", g.ResolvedLate, w.late)
		eqI(c, "pending", g.Pending, w.pending)
		eqI(c, "pending_overdue", g.PendingOverdue, w.overdue)
		resolved := float64(w.early + w.onTime + w.late)
		eqF(c, "on_time_rate_resolved", g.OnTimeRateResolved, float64(w.early+w.onTime)/resolved)
		eqF(c, "on_time_rate_handled", g.OnTimeRateHandled, 1-float64(w.late)/float64(w.received+w.carried))
		eqF(c, "early_share", g.EarlyShare, float64(w.early)/resolved)
		eqF(c, "online_share", g.OnlineShare, float64(w.online)/float64(w.received))
		eqF(c, "postal_share", g.PostalShare, float64(w.postal)/float64(w.received))
		eqF(c, "satisfaction_rate", g.SatisfactionRate, w.satisfied)
	}
	// rank --index dossier_on_time orders the same rates, best first
	var ranked []struct {
		Rank         int     `json:"rank"`
		ProvinceCode string  `json:"province_code"`
		Score        float64 `json:"score"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "--db", db, "rank", "--index", "dossier_on_time", "--year", "2023", "--format", "json")), &ranked); err != nil {
		t.Fatal(err)
	}
	if len(ranked) != 63 || ranked[0].Rank != 1 {
		t.Fatalf("ranking: %d rows", len(ranked))
	}
	for i, r := range ranked {
		w := want[r.ProvinceCode]
		if math.Abs(r.Score-100*float64(w.early+w.onTime)/float64(w.early+w.onTime+w.late)) > 1e-4 {
			t.Errorf("rank %d %s score %v", r.Rank, r.ProvinceCode, r.Score)
		}
		if i > 0 && r.Score > ranked[i-1].Score {
			t.Errorf("ranking not in order at %d", i)
		}
	}
	// rank --index satisfaction: best first, the hand-computed rates
	if err := json.Unmarshal([]byte(mustCLI(t, "--db", db, "rank", "--index", "satisfaction", "--year", "2023", "--format", "json")), &ranked); err != nil {
		t.Fatal(err)
	}
	for i, r := range ranked {
		if math.Abs(r.Score-100*want[r.ProvinceCode].satisfied) > 1e-4 || i > 0 && r.Score > ranked[i-1].Score {
			t.Errorf("satisfaction rank %d %s score %v, want %v in order", r.Rank, r.ProvinceCode, r.Score, 100*want[r.ProvinceCode].satisfied)
		}
	}
	// the Decision 766 proxy: min(1, pct / threshold) x points for on time (20 points at 100%),
	// online (22 points at 50%) and satisfaction (18 points at 100%); transparency and digitisation not computed
	proxy := proxyJSONOf(t, db, "--year", "2023")
	if len(proxy) != 63 {
		t.Fatalf("proxy: %d units", len(proxy))
	}
	for _, p := range proxy {
		w := want[p.ProvinceCode]
		onTime := 100 * float64(w.early+w.onTime) / float64(w.early+w.onTime+w.late)
		online := 100 * float64(w.online) / float64(w.received)
		score := math.Min(1, onTime/100)*20 + math.Min(1, online/50)*22 + math.Min(1, w.satisfied)*18
		if p.ProxyScore == nil || math.Abs(*p.ProxyScore-score) > 1e-4 || p.ProxyMax == nil || *p.ProxyMax != 60 {
			t.Errorf("%s proxy = %v / %v, want %.4f / 60", p.ProvinceCode, derefF(p.ProxyScore), derefF(p.ProxyMax), score)
		}
		if strings.Join(p.NotComputed, ",") != "D,T" || !strings.Contains(p.Label, "proxy") {
			t.Errorf("%s not computed %v, label %q", p.ProvinceCode, p.NotComputed, p.Label)
		}
	}
}

// proxyOut is the part of 'cchc dossiers --service-index --format json' the tests read.
type proxyOut struct {
	ProvinceCode string   `json:"province_code"`
	ProxyScore   *float64 `json:"proxy_score"`
	ProxyMax     *float64 `json:"proxy_max"`
	NotComputed  []string `json:"not_computed"`
	Label        string   `json:"label"`
}

func proxyJSONOf(t *testing.T, db string, args ...string) []proxyOut {
	t.Helper()
	var out []proxyOut
	if err := json.Unmarshal([]byte(mustCLI(t, append([]string{"--db", db, "dossiers", "--service-index", "--format", "json"}, args...)...)), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDossierCountsOn34UnitsAreSumsOf63(t *testing.T) {
	db, _ := dossierWarehouse(t)
	old := map[string]dossierOut{}
	for _, r := range dossiersJSON(t, db, "--year", "2023", "--units", "63") {
		old[r.ProvinceCode] = r
	}
	members := map[string][]string{}
	for _, c := range data.MustLoad().Crosswalk {
		members[c.NewCode] = append(members[c.NewCode], c.OldCode)
	}
	units := dossiersJSON(t, db, "--year", "2023", "--units", "34")
	if len(units) != 34 {
		t.Fatalf("%d units, want 34", len(units))
	}
	var total34, total63 int64
	for _, u := range units {
		var rec, res, pend, over, online int64
		for _, m := range members[u.ProvinceCode] {
			o := old[m]
			rec, res, pend, over, online = rec+*o.Received, res+*o.Resolved, pend+*o.Pending, over+*o.PendingOverdue, online+*o.Online
		}
		if *u.Received != rec || *u.Resolved != res || *u.Pending != pend || *u.PendingOverdue != over || *u.Online != online {
			t.Errorf("unit %s: received %d resolved %d pending %d overdue %d online %d; constituents sum to %d %d %d %d %d",
				u.ProvinceCode, *u.Received, *u.Resolved, *u.Pending, *u.PendingOverdue, *u.Online, rec, res, pend, over, online)
		}
		total34 += *u.Received
	}
	for _, o := range old {
		total63 += *o.Received
	}
	if total34 != total63 {
		t.Errorf("34-unit total %d, 63-unit total %d", total34, total63)
	}
}

// Edge cases, one dossier each: resolved the day before, on and after the
// due date; pending at a month end past its due date (overdue), and on its
// due date (still in time).
const edgeRecords = `dossier_id,province,agency,level,procedure_code,field,channel,received_date,due_date,resolved_date,status
E1,Quảng Ninh,A,province,1,F,direct,2023-01-10,2023-01-20,2023-01-19,Trước hạn
E2,Quảng Ninh,A,province,1,F,direct,2023-01-10,2023-01-20,2023-01-20,Đúng hạn
E3,Quảng Ninh,A,province,1,F,direct,2023-01-10,2023-01-20,2023-01-21,Đúng hạn
E4,Quảng Ninh,A,province,1,F,direct,2023-01-10,2023-01-25,2023-02-03,Trễ hạn
E5,Quảng Ninh,A,province,1,F,direct,2023-01-20,2023-01-31,2023-02-02,Trễ hạn
E6,Quảng Ninh,A,province,1,F,online_full,2023-01-25,2023-02-10,,Đang xử lý
`

func TestDossierLateAndPendingEdgeCases(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "edge.csv", edgeRecords))
	mustCLI(t, "--db", db, "build")
	months := dossiersJSON(t, db, "--year", "2023", "--by", "month")
	if len(months) != 2 {
		t.Fatalf("%d months, want 2", len(months))
	}
	jan, feb := months[0], months[1]
	check := func(name string, g *int64, w int64) {
		t.Helper()
		if g == nil || *g != w {
			t.Errorf("%s = %v, want %d", name, deref(g), w)
		}
	}
	check("Jan received", jan.Received, 6)
	check("Jan early (resolved the day before due)", jan.ResolvedEarly, 1)
	check("Jan on time (resolved on the due date)", jan.ResolvedOnTime, 1)
	check("Jan late (resolved a day after due, though its status says on time)", jan.ResolvedLate, 1)
	check("Jan pending at month end", jan.Pending, 3)
	check("Jan overdue (E4 due 25 Jan; E5 due on 31 Jan is still in time)", jan.PendingOverdue, 1)
	check("Feb carried over", feb.CarriedOver, 3)
	check("Feb late", feb.ResolvedLate, 2)
	check("Feb pending", feb.Pending, 1)
	check("Feb overdue (E6 due 10 Feb, open at 28 Feb)", feb.PendingOverdue, 1)
	year := dossiersJSON(t, db, "--year", "2023")[0]
	check("year resolved", year.Resolved, 5)
	check("year late", year.ResolvedLate, 3)
	check("year backlog", year.Pending, 1)
	check("status disagreements", year.StatusDisagrees, 1)
	if r := year.OnTimeRateResolved; r == nil || math.Abs(*r-0.4) > 1e-9 {
		t.Errorf("on time / resolved = %v, want 0.4", derefF(r))
	}
	if r := year.OnTimeRateHandled; r == nil || math.Abs(*r-(1-3.0/6)) > 1e-6 {
		t.Errorf("1 - late / to handle = %v, want %v", derefF(r), 1-3.0/6)
	}
	var channels []string
	for _, c := range dossiersJSON(t, db, "--year", "2023", "--by", "channel") {
		channels = append(channels, fmt.Sprintf("%s=%d", c.Key, deref(c.Received)))
	}
	if got := strings.Join(channels, ","); got != "direct=5,online_full=1,online_partial=0,online_unspecified=0,postal=0" {
		t.Errorf("by channel: %s", got)
	}
	// no satisfaction tallies here: the proxy says so and scores out of 42
	p := proxyJSONOf(t, db, "--year", "2023")[0]
	if strings.Join(p.NotComputed, ",") != "D,S1,T" || *p.ProxyMax != 42 || math.Abs(*p.ProxyScore-(0.4*20+math.Min(1, 100.0/6/50)*22)) > 1e-6 {
		t.Errorf("proxy without satisfaction: %v / %v, not computed %v", derefF(p.ProxyScore), derefF(p.ProxyMax), p.NotComputed)
	}
	out := mustCLI(t, "--db", db, "dossiers", "--year", "2023")
	for _, s := range []string{"holidays are not modelled", "1 dossiers whose recorded status disagrees"} {
		if !strings.Contains(out, s) {
			t.Errorf("table output lacks %q:\n%s", s, out)
		}
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func derefF(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// Satisfaction tallies alone, as a provincial centre reports them (Hòa Bình,
// 2018: 1.760 forms, 86,76% very satisfied, 12,89% satisfied, 0,34% neutral).
func TestSatisfactionWithoutDossierFigures(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	mustCLI(t, "--db", db, "ingest", writeTemp(t, "phieu.csv",
		"Tỉnh;Năm;Số phiếu;Rất hài lòng (%);Hài lòng (%);Bình thường (%)\nHòa Bình;2018;1.760;86,76;12,89;0,34\n"))
	mustCLI(t, "--db", db, "build")
	rows := dossiersJSON(t, db, "--year", "2018")
	if len(rows) != 1 || rows[0].ProvinceCode != "17" || rows[0].Received != nil {
		t.Fatalf("rows = %+v", rows)
	}
	if r := rows[0].SatisfactionRate; r == nil || math.Abs(*r-0.9965) > 1e-9 {
		t.Errorf("satisfaction rate = %v, want 0.9965", derefF(r))
	}
	out := mustCLI(t, "--db", db, "rank", "--index", "satisfaction", "--year", "2018")
	if !strings.Contains(out, "Hòa Bình") || !strings.Contains(out, "99.65") {
		t.Errorf("rank --index satisfaction:\n%s", out)
	}
}

// TestDossierRecordsSetStatisticsAsideSaid: a unit-year with both records
// and statistics uses the records; cchc dossiers says what it set aside.
func TestDossierRecordsSetStatisticsAsideSaid(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	mustCLI(t, "--db", db, "ingest",
		writeTemp(t, "st.csv", "Tỉnh;Kỳ báo cáo;Cấp;Tiếp nhận trực tuyến;Tiếp nhận trực tiếp;Giải quyết đúng hạn\nHà Nội;Quý I/2023;Cấp tỉnh;10;20;30\nĐà Nẵng;Quý I/2023;Cấp tỉnh;5;5;10\n"),
		writeTemp(t, "rec.csv", "dossier_id,province,agency,level,procedure_code,field,channel,received_date,due_date,resolved_date,status\nD1,Hà Nội,Sở X,Cấp tỉnh,1.001,Đất đai,Trực tiếp,2023-02-01,2023-02-10,2023-02-05,Trước hạn\n"))
	mustCLI(t, "--db", db, "build")
	out := mustCLI(t, "--db", db, "dossiers", "--year", "2023")
	if !strings.Contains(out, "Hà Nội 2023: dùng 1 hồ sơ chi tiết (1 tháng), bỏ qua số liệu thống kê (30 hồ sơ tiếp nhận, kỳ quarter)") || strings.Contains(out, "Đà Nẵng 2023: dùng") {
		t.Errorf("dossiers does not say (only) that Hà Nội's statistics were set aside:\n%s", out)
	}
	_, errs, code := cli(t, "--db", db, "dossiers", "--year", "2023", "--format", "json")
	if code != 0 || !strings.Contains(errs, "set aside the statistics (30 received, by quarter)") {
		t.Errorf("json: exit %d, stderr %q", code, errs)
	}
}
