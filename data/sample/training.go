package sample

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"cchc/data"
)

// Training file names, in the order GenerateTraining returns them.
const (
	TrainingClassesFile           = "dao_tao_lop_2019-2025.csv"
	TrainingQuangNinhFile         = "lop_boi_duong_quang_ninh_2019-2025.xlsx"
	TrainingBacKanFile            = "lop_boi_duong_bac_kan_2019-2025.csv"
	TrainingRosterFile            = "danh_sach_hoc_vien_bac_kan_2023.csv"
	TrainingStaffingFile          = "bien_che_2019-2025.csv"
	TrainingQuangNinhSheet        = "Lớp bồi dưỡng"
	trainingRosterYear            = 2023
	seedTraining           uint64 = 0x7A1
)

// Provinces with files of their own (Vietnamese headers, dates as text):
// Quảng Ninh in a workbook, Bắc Kạn in a semicolon CSV with a roster.
const (
	codeQuangNinh = "22"
	codeBacKan    = "06"
)

// trainingClass is one generated class.
type trainingClass struct {
	id, province, organiser, level, topic, format, target string
	start, end                                            time.Time
	trainees, female, planned                             int
	hasPlan                                               bool
	cost                                                  int64
}

// GenerateTraining writes the illustrative training files into dir: classes
// of every province for 2019-2025 (one national CSV with English headers and
// ISO dates; Quảng Ninh as an XLSX with Vietnamese headers, typed Excel
// dates in even years and dd/mm/yyyy text in odd years; Bắc Kạn as a
// semicolon CSV with Vietnamese headers, "37.000"-style counts and dates
// written out in words), a trainee roster of Bắc Kạn's 2023 classes, and
// staffing (civil servants, public employees, commune officials).
//
// Quảng Ninh's scale follows its published 2021 figure: more than 500
// classes and 37.000 trainee-attendances.
func GenerateTraining(dir string) ([]File, error) {
	ref, err := data.Load()
	if err != nil {
		return nil, err
	}
	m := newModel(ref)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	g := newTrainingModel(m)
	jobs := []struct {
		name, kind string
		years      []int
		gen        func() ([]byte, error)
	}{
		{TrainingClassesFile, "training-classes", trainingYears(), g.nationalCSV},
		{TrainingQuangNinhFile, "training-classes", trainingYears(), g.quangNinhXLSX},
		{TrainingBacKanFile, "training-classes", trainingYears(), g.bacKanCSV},
		{TrainingRosterFile, "training-roster", []int{trainingRosterYear}, g.rosterCSV},
		{TrainingStaffingFile, "staffing", trainingYears(), g.staffingCSV},
	}
	var files []File
	for _, j := range jobs {
		b, err := j.gen()
		if err != nil {
			return nil, fmt.Errorf("sample %s: %w", j.name, err)
		}
		path := filepath.Join(dir, j.name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return nil, fmt.Errorf("sample: %w", err)
		}
		files = append(files, File{Path: path, Format: j.kind, Years: j.years})
	}
	return files, nil
}

// trainingYears are the index years and 2025, the year of the merger: its
// class files still name the former provinces (they resolve to the new
// units), district-level classes stop on 1 July, and staffing is reported
// by the 34 new units.
func trainingYears() []int { return append(years(), lastYear+1) }

// trainingModel holds the generated classes and staffing of every province.
type trainingModel struct {
	m        *model
	classes  map[string][]trainingClass // province code -> classes, all years
	staffing map[string][3]int          // "code|year" -> civil servants, public employees, commune officials
}

// monthWeights: few classes around Tết (January, February) and in the
// summer; most in spring and autumn.
var monthWeights = []float64{0.45, 0.5, 1.25, 1.3, 1.2, 0.9, 0.7, 0.95, 1.2, 1.35, 1.3, 0.8}

type topicChoice struct {
	text   string
	weight float64
}

// How topics are written in the files: canonical spellings, free text that
// the reference table maps, and topics it does not know.
var topicChoices = []topicChoice{
	{"Bồi dưỡng kiến thức, kỹ năng CCHC", 14},
	{"Cải cách hành chính", 8},
	{"Kiểm soát thủ tục hành chính", 5},
	{"Chuyển đổi số", 12},
	{"Kỹ năng số cho cán bộ, công chức", 5},
	{"Chính quyền điện tử và dịch vụ công trực tuyến", 5},
	{"Kỹ năng giao tiếp, ứng xử với người dân", 9},
	{"Quản lý nhà nước chương trình chuyên viên", 8},
	{"Bồi dưỡng ngạch chuyên viên chính", 4},
	{"Đạo đức công vụ", 7},
	{"Nghiệp vụ một cửa, một cửa liên thông", 6},
	{"Kỹ năng lãnh đạo, quản lý cấp phòng", 5},
	{"Phòng cháy, chữa cháy", 2},
	{"Văn thư, lưu trữ", 3},
	{"Tiếng dân tộc thiểu số", 2},
}

func newTrainingModel(m *model) *trainingModel {
	g := &trainingModel{m: m, classes: map[string][]trainingClass{}, staffing: map[string][3]int{}}
	r := rand.New(rand.NewPCG(seedTraining, seedStream))
	var topicTotal float64
	for _, t := range topicChoices {
		topicTotal += t.weight
	}
	for i, p := range m.provs {
		// size: civil servants of the province, a few thousand (Hà Nội and
		// TP.HCM far more); intensity: classes per 100 civil servants.
		size := 2600 + 2200*math.Exp(0.45*r.NormFloat64())
		switch p.Code {
		case "01", "79":
			size *= 3.5
		case codeQuangNinh:
			size = 6800
		}
		intensity := 5.6 * math.Exp(0.25*m.latent[i]+0.2*r.NormFloat64())
		if p.Code == codeQuangNinh {
			intensity = 8.2
		}
		for _, y := range trainingYears() {
			t := float64(y - firstYear)
			cs := int(size * (1 + 0.01*t))
			g.staffing[p.Code+"|"+strconv.Itoa(y)] = [3]int{cs, int(float64(cs) * (6.5 + 0.6*r.Float64())), int(float64(cs) * (0.7 + 0.2*r.Float64()))}
			// 2020 and 2021 moved classes online and cancelled some (COVID-19)
			covid := 1.0
			switch y {
			case 2020:
				covid = 0.8
			case 2021:
				covid = 0.9
			}
			n := int(float64(cs) / 100 * intensity * covid * (1 + 0.03*t) * (0.95 + 0.1*r.Float64()))
			for k := 0; k < n; k++ {
				g.classes[p.Code] = append(g.classes[p.Code], newClass(r, p, y, k+1, covid, topicTotal))
			}
		}
	}
	return g
}

func newClass(r *rand.Rand, p data.Province, year, seq int, covid, topicTotal float64) trainingClass {
	c := trainingClass{id: fmt.Sprintf("%s-%d-%04d", p.Code, year, seq), province: p.Name}
	// start month by weight, then a day
	var wsum float64
	for _, w := range monthWeights {
		wsum += w
	}
	x, month := r.Float64()*wsum, 1
	for i, w := range monthWeights {
		if x < w {
			month = i + 1
			break
		}
		x -= w
	}
	days := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	c.start = time.Date(year, time.Month(month), 1+r.IntN(days), 0, 0, 0, 0, time.UTC)
	length := []int{0, 1, 1, 2, 2, 3, 4, 6}[r.IntN(8)]
	c.end = c.start.AddDate(0, 0, length)
	merged := !c.start.Before(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))
	switch u := r.Float64(); {
	case u < 0.42:
		c.level = "Tỉnh"
		c.organiser = []string{"Sở Nội vụ", "Trường Chính trị tỉnh", "Văn phòng UBND tỉnh", "Sở Thông tin và Truyền thông", "Sở Tư pháp"}[r.IntN(5)]
	case u < 0.75 && !merged:
		c.level = "Huyện"
		c.organiser = "UBND cấp huyện"
	default:
		c.level = "Xã"
		c.organiser = "UBND cấp xã"
	}
	x = r.Float64() * topicTotal
	for _, t := range topicChoices {
		if x < t.weight {
			c.topic = t.text
			break
		}
		x -= t.weight
	}
	online := 0.15 + 0.3*(1-covid)*5
	switch u := r.Float64(); {
	case u < online:
		c.format = "Trực tuyến"
	case u < online+0.15:
		c.format = "Kết hợp"
	default:
		c.format = "Trực tiếp"
	}
	mean := map[string]float64{"Tỉnh": 85, "Huyện": 65, "Xã": 45}[c.level]
	c.trainees = max(8, int(mean*math.Exp(0.35*r.NormFloat64())))
	c.female = int(float64(c.trainees) * (0.38 + 0.2*r.Float64()))
	switch u := r.Float64(); {
	case c.level == "Xã" && u < 0.6:
		c.target = "Cấp xã"
	case u < 0.45:
		c.target = "CC"
	case u < 0.7:
		c.target = "VC"
	case u < 0.9:
		c.target = "CB"
	default:
		c.target = "Khác"
	}
	if r.Float64() < 0.7 {
		c.hasPlan = true
		c.planned = int(float64(c.trainees) * (0.9 + 0.25*r.Float64()))
	}
	c.cost = int64(c.trainees) * int64(length+1) * int64(150+50*r.IntN(5)) * 1000
	return c
}

// provincesIn returns the classes of every province but the excluded ones,
// in province-code order.
func (g *trainingModel) provincesIn(exclude ...string) []trainingClass {
	var out []trainingClass
	for _, p := range g.m.provs {
		skip := false
		for _, e := range exclude {
			skip = skip || p.Code == e
		}
		if !skip {
			out = append(out, g.classes[p.Code]...)
		}
	}
	return out
}

var englishLevel = map[string]string{"Tỉnh": "province", "Huyện": "district", "Xã": "commune"}
var englishFormat = map[string]string{"Trực tiếp": "in person", "Trực tuyến": "online", "Kết hợp": "blended"}
var englishTarget = map[string]string{"CB": "CB", "CC": "CC", "VC": "VC", "Cấp xã": "commune", "Khác": "other"}

// nationalCSV: canonical English headers, ISO dates, UTF-8 without a BOM.
func (g *trainingModel) nationalCSV() ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"class_id", "province", "organiser", "level", "start_date", "end_date", "topic", "format", "trainees", "trainees_female", "target_group", "planned_trainees", "cost"})
	for _, c := range g.provincesIn(codeQuangNinh, codeBacKan) {
		planned := ""
		if c.hasPlan {
			planned = strconv.Itoa(c.planned)
		}
		w.Write([]string{c.id, c.province, c.organiser, englishLevel[c.level], c.start.Format(time.DateOnly), c.end.Format(time.DateOnly),
			c.topic, englishFormat[c.format], strconv.Itoa(c.trainees), strconv.Itoa(c.female), englishTarget[c.target], planned, strconv.FormatInt(c.cost, 10)})
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

var viHeader = []string{"Mã lớp", "Tỉnh/thành phố", "Đơn vị tổ chức", "Cấp", "Ngày bắt đầu", "Ngày kết thúc", "Chủ đề", "Hình thức", "Số lượt học viên", "Trong đó nữ", "Đối tượng", "Kế hoạch (lượt)", "Kinh phí (đồng)"}

// quangNinhXLSX: a title row, Vietnamese headers, typed numbers; dates typed
// as Excel dates in even years and written as dd/mm/yyyy text in odd years.
func (g *trainingModel) quangNinhXLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "cchc sample", Created: "2025-01-01T00:00:00Z", Modified: "2025-01-01T00:00:00Z"}); err != nil {
		return nil, err
	}
	sh := TrainingQuangNinhSheet
	if err := f.SetSheetName(f.GetSheetName(0), sh); err != nil {
		return nil, err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return nil, err
	}
	if err := f.SetCellValue(sh, "A1", "TỔNG HỢP LỚP BỒI DƯỠNG CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC TỈNH QUẢNG NINH 2019-2025 (dữ liệu minh họa)"); err != nil {
		return nil, err
	}
	hdr := make([]any, len(viHeader))
	for i, h := range viHeader {
		hdr[i] = h
	}
	if err := f.SetSheetRow(sh, "A3", &hdr); err != nil {
		return nil, err
	}
	for i, c := range g.classes[codeQuangNinh] {
		row := i + 4
		var start, end any = c.start, c.end
		if c.start.Year()%2 == 1 {
			start, end = c.start.Format("02/01/2006"), c.end.Format("02/01/2006")
		}
		var planned any
		if c.hasPlan {
			planned = c.planned
		}
		vals := []any{c.id, "Quảng Ninh", c.organiser, c.level, start, end, c.topic, c.format, c.trainees, c.female, c.target, planned, c.cost}
		axis, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sh, axis, &vals); err != nil {
			return nil, err
		}
		if c.start.Year()%2 == 0 {
			from, _ := excelize.CoordinatesToCellName(5, row)
			to, _ := excelize.CoordinatesToCellName(6, row)
			if err := f.SetCellStyle(sh, from, to, dateStyle); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// bacKanCSV: semicolons, Vietnamese headers, counts grouped with dots
// ("1.250"), cost in dotted đồng, dates in words in some rows.
func (g *trainingModel) bacKanCSV() ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.Write(viHeader)
	for i, c := range g.classes[codeBacKan] {
		start, end := c.start.Format("02/01/2006"), c.end.Format("02/01/2006")
		if i%4 == 0 {
			start = fmt.Sprintf("ngày %d tháng %d năm %d", c.start.Day(), int(c.start.Month()), c.start.Year())
			end = fmt.Sprintf("ngày %d tháng %d năm %d", c.end.Day(), int(c.end.Month()), c.end.Year())
		}
		planned := ""
		if c.hasPlan {
			planned = dotted(int64(c.planned))
		}
		w.Write([]string{c.id, "Bắc Kạn", c.organiser, c.level, start, end, c.topic, c.format, dotted(int64(c.trainees)), dotted(int64(c.female)), c.target, planned, dotted(c.cost)})
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// dotted writes n with '.' between thousands: 45000000 is "45.000.000".
func dotted(n int64) string {
	s := strconv.FormatInt(n, 10)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// rosterCSV lists every attendance of Bắc Kạn's classes in 2023 under
// pseudonymous ids drawn from the province's staff: one person attends
// several classes in a year, never the same class twice.
func (g *trainingModel) rosterCSV() ([]byte, error) {
	r := rand.New(rand.NewPCG(seedTraining+1, seedStream))
	pool := g.staffing[codeBacKan+"|"+strconv.Itoa(trainingRosterYear)][0]
	positions := []string{"Chuyên viên", "Chuyên viên chính", "Phó trưởng phòng", "Trưởng phòng", "Công chức cấp xã", "Viên chức"}
	agencies := []string{"Sở Nội vụ", "Sở Tư pháp", "Văn phòng UBND tỉnh", "UBND huyện Ba Bể", "UBND huyện Chợ Đồn", "UBND thành phố Bắc Kạn", "UBND xã"}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"Mã lớp", "Mã học viên", "Cơ quan công tác", "Giới tính", "Chức vụ"})
	for _, c := range g.classes[codeBacKan] {
		if c.start.Year() != trainingRosterYear {
			continue
		}
		for _, person := range r.Perm(pool)[:c.trainees] {
			gender := "Nam"
			if person%100 < 47 {
				gender = "Nữ"
			}
			// a person's agency and position do not change between classes
			w.Write([]string{c.id, fmt.Sprintf("BK-%05d", person), agencies[person%len(agencies)], gender, positions[person%len(positions)]})
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// staffingCSV: province, year and the three staff counts; 2025 by the 34
// new units, each the sum of its former provinces.
func (g *trainingModel) staffingCSV() ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"Mã tỉnh", "Tỉnh", "Năm", "Số công chức", "Số viên chức", "CBCC cấp xã"})
	for _, y := range years() {
		for _, p := range g.m.provs {
			s := g.staffing[p.Code+"|"+strconv.Itoa(y)]
			w.Write([]string{p.Code, p.Name, strconv.Itoa(y), strconv.Itoa(s[0]), strconv.Itoa(s[1]), strconv.Itoa(s[2])})
		}
	}
	y := strconv.Itoa(lastYear + 1)
	successor := map[string]string{}
	for _, c := range g.m.ref.Crosswalk {
		successor[c.OldCode] = c.NewCode
	}
	for _, u := range g.m.ref.Units2025 {
		var sum [3]int
		for _, p := range g.m.provs {
			if successor[p.Code] == u.Code {
				s := g.staffing[p.Code+"|"+y]
				sum[0], sum[1], sum[2] = sum[0]+s[0], sum[1]+s[1], sum[2]+s[2]
			}
		}
		w.Write([]string{u.Code, u.Name, y, strconv.Itoa(sum[0]), strconv.Itoa(sum[1]), strconv.Itoa(sum[2])})
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
