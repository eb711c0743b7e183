package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"cchc/internal/testutil"
)

// publishedDossierStats turns the scattered official dossier figures of
// ../shared (one value a row) into a dossier-statistics file as a province
// would tabulate it: Kon Tum's first quarter of 2023 by level, and Huế's
// statistics page by online service level (as the field). The Kon Tum
// period (15 Dec 2022 - 14 Mar 2023) is filed as 2023-Q1, and the undated
// Huế snapshot as 2023: the test's own assumptions.
func publishedDossierStats(t *testing.T) string {
	t.Helper()
	rows := testutil.ReadCSVMaps(t, filepath.Join(testutil.RequireShared(t), "data", "published", "admin_procedure_dossiers_partial.csv"))
	type key struct{ province, scope string }
	vals := map[key]map[string]string{}
	var order []key
	for _, r := range rows {
		if r["unit"] != "dossiers" || (r["gso_code"] != "62" && r["gso_code"] != "46") {
			continue
		}
		k := key{r["gso_code"], r["scope"]}
		if vals[k] == nil {
			vals[k] = map[string]string{}
			order = append(order, k)
		}
		vals[k][r["indicator"]] = r["value"]
	}
	var b strings.Builder
	b.WriteString("Mã tỉnh;Kỳ báo cáo;Cấp;Lĩnh vực;Tổng tiếp nhận;Tiếp nhận trực tuyến;Kỳ trước chuyển sang;Đã giải quyết;Giải quyết trước hạn;Giải quyết đúng hạn;Giải quyết trễ hạn;Đang giải quyết;Đang giải quyết trong hạn\n")
	for _, k := range order {
		v := vals[k]
		if k.province == "62" {
			level := map[string]string{"all levels": "", "provincial departments": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}[k.scope]
			fmt.Fprintf(&b, "62;Quý I/2023;%s;;%s;%s;%s;%s;;;;;%s\n", level, v["received_total"], v["received_online"],
				v["carried_over_from_previous_period"], v["resolved"], v["pending_within_deadline"])
			continue
		}
		field := strings.TrimPrefix(k.scope, "online service level ")
		fmt.Fprintf(&b, "46;2023;;%s;%s;;;%s;%s;%s;%s;%s;\n", field, v["total"], v["processed"], v["early"], v["on_time"], v["late"], v["not_processed"])
	}
	return writeTemp(t, "ho_so_cong_bo.csv", b.String())
}

func TestDossierSharesMatchThePublishedFigures(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	mustCLI(t, "--db", db, "ingest", publishedDossierStats(t))
	mustCLI(t, "--db", db, "build")
	rows := testutil.ReadCSVMaps(t, filepath.Join(testutil.RequireShared(t), "data", "published", "admin_procedure_dossiers_partial.csv"))
	published := map[string]float64{}
	for _, r := range rows {
		var v float64
		fmt.Sscan(r["value"], &v)
		published[r["gso_code"]+"|"+r["scope"]+"|"+r["indicator"]] = v
	}
	near := func(name string, got *float64, want float64) {
		t.Helper()
		if got == nil || math.Abs(100**got-want) > 0.05 {
			t.Errorf("%s = %v%%, published %.2f%%", name, derefF(got), want)
		}
	}
	// Kon Tum: the online share of dossiers received (its total counts what was carried over)
	kt := dossiersJSON(t, db, "--year", "2023", "--province", "Kon Tum")
	near("Kon Tum online share", kt[0].OnlineShare, published["62|all levels|online_share"])
	levels := map[string]string{"province": "provincial departments", "district": "district", "commune": "commune"}
	for _, r := range dossiersJSON(t, db, "--year", "2023", "--province", "Kon Tum", "--by", "level") {
		want := published["62|"+levels[r.Key]+"|online_share"]
		if r.Key == "district" {
			// the source prints 37.76% beside 2,521 online of 6,776 received (37.20%): its own
			// counts are kept, and the share is theirs
			want = 100 * published["62|district|received_online"] / published["62|district|received_total"]
		}
		near("Kon Tum "+r.Key+" online share", r.OnlineShare, want)
	}
	// Huế: early share of what was processed, by online service level
	for _, r := range dossiersJSON(t, db, "--year", "2023", "--province", "Huế", "--by", "field") {
		near("Huế "+r.Key+" early share", r.EarlyShare, published["46|online service level "+r.Key+"|early_pct"])
	}
	if n := len(dossiersJSON(t, db, "--year", "2023", "--province", "Huế", "--by", "field")); n != 3 {
		t.Errorf("Huế: %d online service levels, want 3", n)
	}
}
