package sample

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"cchc/data"
)

// Dossier sample files, in the order GenerateDossiers returns them.
const (
	DossierStatsFile      = "ho_so_tthc_2022-2023.csv"    // statistics: 63 provinces x quarter x level
	DossierRecordsFile    = "ho_so_chi_tiet_2023.csv"     // records: a few provinces, every dossier of 2023
	SatisfactionCountFile = "hai_long_2022.csv"           // satisfaction tallies as counts
	SatisfactionPctFile   = "hai_long_2023_phan_tram.csv" // satisfaction tallies as percents of the forms
)

// RecordProvinces are the provinces whose 2023 dossiers the sample lists one
// by one (Phú Thọ, Vĩnh Phúc and Hòa Bình form the new Phú Thọ in 2025).
var RecordProvinces = []string{"22", "25", "26", "17", "01"}

// DemoRecords is the number of dossier records in the demo sample.
const DemoRecords = 60000

// Seeds of the dossier streams.
const (
	seedDossierStats   = 0xD055
	seedDossierRecords = 0xD056
	seedSatisfaction   = 0xD057
)

// GenerateDossiers writes the illustrative dossier statistics, dossier
// records and satisfaction tallies into dir and returns their paths. Like
// Generate it is deterministic.
func GenerateDossiers(dir string) ([]string, error) {
	ref, err := data.Load()
	if err != nil {
		return nil, err
	}
	m := newModel(ref)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	var out []string
	write := func(name string, gen func(w io.Writer) error) error {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("sample: %w", err)
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		if err := gen(bw); err != nil {
			f.Close()
			return fmt.Errorf("sample %s: %w", name, err)
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return err
		}
		out = append(out, path)
		return f.Close()
	}
	if err := write(DossierStatsFile, m.writeDossierStats); err != nil {
		return nil, err
	}
	if err := write(DossierRecordsFile, func(w io.Writer) error { return WriteDossierRecords(w, DemoRecords, RecordProvinces, 2023) }); err != nil {
		return nil, err
	}
	if err := write(SatisfactionCountFile, func(w io.Writer) error { return m.writeSatisfaction(w, 2022, false) }); err != nil {
		return nil, err
	}
	if err := write(SatisfactionPctFile, func(w io.Writer) error { return m.writeSatisfaction(w, 2023, true) }); err != nil {
		return nil, err
	}
	return out, nil
}

// groupVN writes n with dots grouping thousands: 37000 -> "37.000".
func groupVN(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

var dossierLevelsVN = []struct{ label, key string }{{"Cấp tỉnh", "province"}, {"Cấp huyện", "district"}, {"Cấp xã", "commune"}}

// writeDossierStats writes quarterly statistics of 2022-2023 for the 63
// provinces at three levels, consistent within and across quarters: what
// is pending at the end of a quarter is carried over into the next.
func (m *model) writeDossierStats(w io.Writer) error {
	r := newRand(seedDossierStats)
	fmt.Fprintln(w, "Mã tỉnh;Tỉnh;Kỳ báo cáo;Cấp;Kỳ trước chuyển sang;Trực tuyến một phần;Trực tuyến toàn trình;Trực tiếp;Qua bưu chính công ích;Giải quyết trước hạn;Giải quyết đúng hạn;Giải quyết trễ hạn;Đang giải quyết trong hạn;Đang giải quyết quá hạn;Trả lại/rút hồ sơ")
	for pi, p := range m.provs {
		q := m.latent[pi]
		for li, lv := range dossierLevelsVN {
			volume := math.Exp(9.2+0.5*r.NormFloat64()) * []float64{1, 0.6, 1.4}[li]
			online := clamp(0.35+0.08*q+0.08*r.NormFloat64()+[]float64{0.15, 0, -0.1}[li], 0.05, 0.9)
			fullShare := clamp(0.45+0.1*r.NormFloat64(), 0.1, 0.9)
			postal := clamp(0.03+0.01*r.NormFloat64(), 0, 0.08)
			late := clamp(0.025-0.01*q+0.01*r.NormFloat64(), 0.001, 0.12)
			early := clamp(0.55+0.08*q+0.1*r.NormFloat64(), 0.1, 0.9)
			carried := int(volume * 0.06)
			for y := 2022; y <= 2023; y++ {
				for qt := 1; qt <= 4; qt++ {
					recv := int(volume / 4 * (0.85 + 0.3*r.Float64()) * (1 + 0.06*float64(y-2022)))
					on := int(float64(recv) * clamp(online+0.03*float64(y-2022), 0, 0.95))
					full := int(float64(on) * fullShare)
					post := int(float64(recv) * postal)
					direct := recv - on - post
					handle := recv + carried
					returned := int(float64(handle) * 0.004 * r.Float64())
					pending := int(float64(handle) * (0.04 + 0.04*r.Float64()))
					resolved := handle - pending - returned
					nLate := int(float64(resolved) * late * (0.6 + 0.8*r.Float64()))
					nEarly := int(float64(resolved-nLate) * early)
					onTime := resolved - nLate - nEarly
					overdue := int(float64(pending) * late * 3 * r.Float64())
					fmt.Fprintf(w, "%s;%s;Quý %s/%d;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s\n", p.Code, p.Name, []string{"I", "II", "III", "IV"}[qt-1], y, lv.label,
						groupVN(carried), groupVN(on-full), groupVN(full), groupVN(direct), groupVN(post), groupVN(nEarly), groupVN(onTime), groupVN(nLate),
						groupVN(pending-overdue), groupVN(overdue), groupVN(returned))
					carried = pending
				}
			}
		}
	}
	return nil
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// channel and status spellings as one-stop software exports write them
var (
	channelSpellings = map[string][]string{
		"direct":         {"Trực tiếp", "truc_tiep", "direct"},
		"online_partial": {"Trực tuyến một phần", "online_partial"},
		"online_full":    {"Trực tuyến toàn trình", "online_full", "TRUC_TUYEN_TOAN_TRINH"},
		"postal":         {"Bưu chính công ích", "postal"},
	}
	statusSpelling = map[string]string{"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Trễ hạn",
		"pending": "Đang xử lý", "pending_overdue": "Đang xử lý quá hạn"}
	recordFields = []struct{ field, agency, code string }{
		{"Tư pháp", "Sở Tư pháp", "1.001"}, {"Đất đai", "Sở Tài nguyên và Môi trường", "1.004"},
		{"Xây dựng", "Sở Xây dựng", "1.009"}, {"Hộ tịch", "UBND cấp xã", "2.000"},
		{"Thành lập và hoạt động doanh nghiệp", "Sở Kế hoạch và Đầu tư", "2.001"}, {"Giao thông vận tải", "Sở Giao thông vận tải", "1.002"},
	}
	dossierDays = []int{3, 5, 7, 10, 15, 20}
)

// WriteDossierRecords writes n illustrative dossier records received in
// year, spread over the provinces (GSO codes), as CSV with the canonical
// header. The export is dated 5 January of the next year: dossiers still
// open then have no resolved date, and their status says whether they are
// overdue on that day. About one in a hundred statuses disagrees with the
// dates (as real exports do); the dates are right.
func WriteDossierRecords(w io.Writer, n int, provinces []string, year int) error {
	ref, err := data.Load()
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, p := range ref.Provinces {
		names[p.Code] = p.Name
	}
	r := newRand(seedDossierRecords)
	exportDay := time.Date(year+1, 1, 5, 0, 0, 0, 0, time.UTC)
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	type prov struct {
		code, name               string
		online, full, late, open float64
	}
	var ps []prov
	for _, c := range provinces {
		name, ok := names[c]
		if !ok {
			return fmt.Errorf("sample: no province %q", c)
		}
		ps = append(ps, prov{code: c, name: name, online: 0.25 + 0.4*r.Float64(), full: 0.3 + 0.4*r.Float64(),
			late: 0.01 + 0.05*r.Float64(), open: 0.01 + 0.02*r.Float64()})
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("dossier_id,province,agency,level,procedure_code,field,channel,received_date,due_date,resolved_date,status\n")
	const iso = "2006-01-02"
	for i := 0; i < n; i++ {
		p := ps[i%len(ps)]
		f := recordFields[r.IntN(len(recordFields))]
		level := "Cấp tỉnh"
		if f.agency == "UBND cấp xã" {
			level = "Cấp xã"
		} else if r.IntN(4) == 0 {
			level, f.agency = "Cấp huyện", "UBND cấp huyện"
		}
		var ch string
		switch x := r.Float64(); {
		case x < p.online*p.full:
			ch = "online_full"
		case x < p.online:
			ch = "online_partial"
		case x < p.online+0.03:
			ch = "postal"
		default:
			ch = "direct"
		}
		spell := channelSpellings[ch]
		recv := start.AddDate(0, 0, r.IntN(days))
		d := dossierDays[r.IntN(len(dossierDays))]
		due := recv.AddDate(0, 0, d)
		var resolved time.Time
		status := ""
		switch x := r.Float64(); {
		// still open at the export: some of the last weeks' dossiers
		case recv.After(exportDay.AddDate(0, 0, -45)) && x < 8*p.open || due.After(exportDay) && x < 0.5:
			if due.Before(exportDay) {
				status = "pending_overdue"
			} else {
				status = "pending"
			}
		case x < 0.5:
			resolved, status = recv.AddDate(0, 0, r.IntN(d)), "early"
		case x < 1-p.late:
			resolved, status = due, "on_time"
		default:
			resolved, status = due.AddDate(0, 0, 1+r.IntN(10)), "late"
		}
		if !resolved.IsZero() && resolved.After(exportDay) {
			resolved = time.Time{}
			status = "pending"
			if due.Before(exportDay) {
				status = "pending_overdue"
			}
		}
		if r.IntN(100) == 0 && status == "late" {
			status = "on_time" // reported on time although resolved after the due date
		}
		recvText, dueText := recv.Format(iso), due.Format(iso)
		if r.IntN(10) == 0 { // some offices write dd/mm/yyyy
			recvText, dueText = recv.Format("02/01/2006"), due.Format("02/01/2006")
		}
		resText := ""
		if !resolved.IsZero() {
			resText = resolved.Format(iso)
		}
		prov := p.name
		if i%7 == 0 {
			prov = p.code
		}
		fmt.Fprintf(bw, "%s-%08d,%s,%s,%s,%s%03d,%s,%s,%s,%s,%s,%s\n", p.code, i, prov, f.agency, level, f.code, r.IntN(1000), f.field,
			spell[r.IntN(len(spell))], recvText, dueText, resText, statusSpelling[status])
	}
	return bw.Flush()
}

// writeSatisfaction writes the forms collected by every province's one-stop
// offices in year and how satisfied they were, as counts or as percents.
func (m *model) writeSatisfaction(w io.Writer, year int, percent bool) error {
	r := newRand(seedSatisfaction + uint64(year))
	if percent {
		fmt.Fprintln(w, "Tỉnh,Năm,Số phiếu thu về,Rất hài lòng (%),Hài lòng (%),Bình thường (%),Không hài lòng (%)")
	} else {
		fmt.Fprintln(w, "Tỉnh,Năm,Số phiếu,Rất hài lòng,Hài lòng,Bình thường,Không hài lòng")
	}
	for pi, p := range m.provs {
		forms := 500 + r.IntN(3000)
		sat := clamp(0.93+0.02*m.latent[pi]+0.02*r.NormFloat64(), 0.8, 0.998)
		very := sat * clamp(0.7+0.1*r.NormFloat64(), 0.3, 0.95)
		neutral := (1 - sat) * 0.8
		if percent {
			v, s, n := round(100*very, 2), round(100*(sat-very), 2), round(100*neutral, 2)
			d := math.Max(0, round(100-v-s-n, 2))
			fmt.Fprintf(w, "%s,%d,\"%s\",\"%s\",\"%s\",\"%s\",\"%s\"\n", p.Name, year, groupVN(forms), fmtComma(v, 2), fmtComma(s, 2), fmtComma(n, 2), fmtComma(d, 2))
			continue
		}
		v, s := int(float64(forms)*very), int(float64(forms)*(sat-very))
		n := int(float64(forms) * neutral)
		fmt.Fprintf(w, "%s,%d,%d,%d,%d,%d,%d\n", p.Name, year, forms, v, s, n, forms-v-s-n)
	}
	return nil
}
