package ingest

import (
	"cchc"
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// inputKind is one kind of input file, in one place: how a file of the
// kind is recognised, what its header must have, how it parses, the raw
// table it loads and that table's natural key. Ingest, detection, --kind,
// the header errors and supersession all read the registry below; nothing
// else lists the kinds.
type inputKind struct {
	kind  string
	table string // the raw table it loads; its natural key is raw.sql's (key())
	// dossier is true for the kinds whose headers are read through the
	// dossier vocabulary (dossierVocabulary) rather than the index files'.
	dossier bool
	// sign are the header fields that recognise a file of the kind; need
	// the fields a file of the kind must have (nil: sign), said in
	// needVI / needEN when a file lacks them.
	sign, need     [][]Field
	needVI, needEN string
	// detect recognises the layouts that have no header signature (the
	// official workbooks, wide files), and names their index.
	detect func(p *Parser, t *Table) (index string, ok bool)
	// parse reads a table of the kind into a batch for its raw table;
	// nil for the kind read as a stream (streamed), dossier records.
	parse    func(p *Parser, k *inputKind, in *parseInput) (*batch, error)
	streamed bool
}

// key is the natural key of the kind's raw table: what one row states.
func (k *inputKind) key() []string { return NaturalKey[k.table] }

// parseInput is what a kind's parser is given.
type parseInput struct {
	ctx  context.Context
	db   *sql.DB
	t    *Table
	path string
	opt  Options
}

// vocabulary of the kind's headers.
func (k *inputKind) vocabulary(p *Parser) vocabulary {
	if k.dossier {
		return dossierVocabulary
	}
	return p.headers.Field
}

// needs is what a file of the kind must have in its header.
func (k *inputKind) needs() [][]Field {
	if k.need != nil {
		return k.need
	}
	return k.sign
}

// walk walks every sheet of a file of the kind under its header
// (walkSheets, with the kind's vocabulary and needs).
func (k *inputKind) walk(p *Parser, t *Table, b *batch, sheet func(sh *Sheet, h *sheetHeader) func(r *rowReader)) error {
	return walkSheets(t, b, k.vocabulary(p), k.needs(), k.needVI, k.needEN, sheet)
}

// each is walk with one row function for every sheet.
func (k *inputKind) each(p *Parser, t *Table, b *batch, row func(r *rowReader)) error {
	return k.walk(p, t, b, func(*Sheet, *sheetHeader) func(*rowReader) { return row })
}

// recognises reports whether some sheet of t has a header row with the
// kind's signature.
func (k *inputKind) recognises(p *Parser, t *Table) bool {
	for si := range t.Sheets {
		if h, _ := findHeader(&t.Sheets[si], k.vocabulary(p), k.sign); h != nil {
			return true
		}
	}
	return false
}

// inputKinds is the registry, in the order a file's kind is detected:
// the kinds with a header signature first (a training file is never taken
// for index scores), the official workbooks, then index scores.
var inputKinds = []*inputKind{
	{kind: KindTrainingRoster, table: "training_roster",
		sign: [][]Field{{FClassID}, {FTraineeID}}, needVI: "mã lớp và mã học viên", needEN: "class id and trainee id",
		parse: func(p *Parser, k *inputKind, in *parseInput) (*batch, error) { return p.parseTrainingRoster(k, in.t) }},
	{kind: KindTrainingClasses, table: "training_classes",
		sign: [][]Field{{FClassID}, {FTrainees}}, need: [][]Field{{FClassID}, provinceNeed, {FStartDate}, {FTrainees}},
		needVI: "mã lớp, tỉnh, ngày bắt đầu và số học viên", needEN: "class id, province, start date and trainees",
		parse: func(p *Parser, k *inputKind, in *parseInput) (*batch, error) { return p.parseTrainingClasses(k, in.t) }},
	{kind: KindStaffing, table: "staffing",
		sign: [][]Field{{FYear}, staffingCounts}, need: [][]Field{provinceNeed, {FYear}, staffingCounts},
		needVI: "tỉnh, năm và số công chức/viên chức", needEN: "province, year and staffing counts",
		parse: func(p *Parser, k *inputKind, in *parseInput) (*batch, error) { return p.parseStaffing(k, in.t) }},
	{kind: KindDossierRecords, table: "dossier_records", dossier: true, streamed: true,
		sign: [][]Field{{"dossier_id"}, {"received_date"}, {"due_date"}}, need: [][]Field{{"dossier_id"}, {FProvince}, {"received_date"}, {"due_date"}},
		needVI: "mã hồ sơ, tỉnh, ngày tiếp nhận và ngày hẹn trả", needEN: "dossier id, province, received date and due date"},
	{kind: KindDossierStats, table: "dossier_stats", dossier: true,
		sign: [][]Field{provinceNeed, {"year", "period"}, {"received_total", "received_online", "received_direct", "received_online_partial", "received_online_full"},
			{"resolved_total", "resolved_early", "resolved_on_time", "resolved_late", "pending_total", "pending_in_time", "pending_overdue"}},
		needVI: "tỉnh, kỳ, số tiếp nhận và số giải quyết", needEN: "province, period, received and resolved counts",
		parse: func(p *Parser, k *inputKind, in *parseInput) (*batch, error) {
			return p.parseDossierStats(k, in.t, in.opt.Decimal)
		}},
	{kind: KindSatisfaction, table: "satisfaction", dossier: true,
		sign:   [][]Field{provinceNeed, {"year", "period"}, {"forms"}, {"very_satisfied", "satisfied", "very_satisfied_pct", "satisfied_pct"}},
		needVI: "tỉnh, kỳ, số phiếu và mức hài lòng", needEN: "province, period, forms and satisfaction levels",
		parse: func(p *Parser, k *inputKind, in *parseInput) (*batch, error) {
			return p.parseSatisfaction(k, in.t, in.opt.Decimal)
		}},
	{kind: KindPopulation, table: "population",
		sign: [][]Field{{FPopulation}}, need: [][]Field{provinceNeed, {FYear}, {FPopulation}},
		needVI: "tỉnh, năm và dân số", needEN: "province, year and population",
		parse: func(p *Parser, k *inputKind, in *parseInput) (*batch, error) {
			return p.parsePopulation(k, in.t, in.opt.Decimal)
		}},
	{kind: KindPCIWorkbook, table: "index_scores",
		detect: func(p *Parser, t *Table) (string, bool) { return "PCI", p.IsPCIWorkbook(t) },
		parse: func(p *Parser, _ *inputKind, in *parseInput) (*batch, error) {
			parsed, err := p.ParsePCIWorkbook(in.t)
			if err != nil {
				return nil, err
			}
			return p.scoresChecked(in.ctx, in.db, parsed, in.path, in.opt)
		}},
	{kind: KindPAPIWorkbook, table: "index_scores",
		detect: func(p *Parser, t *Table) (string, bool) { return "PAPI", p.InferIndex(t) == "PAPI" },
		parse:  func(p *Parser, _ *inputKind, in *parseInput) (*batch, error) { return p.scores(in, "PAPI") }},
	{kind: KindIndexScores, table: "index_scores",
		detect: func(p *Parser, t *Table) (string, bool) { return p.InferIndex(t), true },
		parse:  func(p *Parser, _ *inputKind, in *parseInput) (*batch, error) { return p.scores(in, in.opt.Index) }},
}

// staffingCounts are the columns of a staffing table, any one of them.
var staffingCounts = []Field{FCivilServants, FPublicEmployees, FCommuneOfficials}

// scores parses a file of index scores of index and refuses its copied years.
func (p *Parser) scores(in *parseInput, index string) (*batch, error) {
	parsed, err := p.ParseScores(in.t, index, in.opt.Decimal)
	if err != nil {
		return nil, err
	}
	return p.scoresChecked(in.ctx, in.db, parsed, in.path, in.opt)
}

// Kinds lists every kind --kind accepts, in the registry's order.
var Kinds = func() []string {
	out := make([]string, len(inputKinds))
	for i, k := range inputKinds {
		out[i] = k.kind
	}
	return out
}()

// NaturalKey lists, for each raw table a load writes, the columns that key
// one of its rows: what a row states (raw.sql's "-- key:", cchc.RawKeys).
// A newer load that states a key again supersedes the row in force for it
// (the earlier row stays in raw with _superseded_by set to the newer load
// id) and nothing else; --replace also supersedes the keys of its slices
// that it does not state.
var NaturalKey = cchc.RawKeys()

// kindOf returns the registry entry of a kind.
func kindOf(kind string) (*inputKind, error) {
	for _, k := range inputKinds {
		if k.kind == kind {
			return k, nil
		}
	}
	return nil, fmt.Errorf("loại tệp %q chưa được hỗ trợ / unsupported kind %q (%s)", kind, kind, strings.Join(Kinds, ", "))
}

// mustKind is the registry entry of a kind this package names.
func mustKind(kind string) *inputKind {
	k, err := kindOf(kind)
	if err != nil {
		panic(err)
	}
	return k
}

// checkKind validates a --kind value ("" is detected).
func checkKind(kind string) error {
	if kind == "" {
		return nil
	}
	_, err := kindOf(kind)
	return err
}

// detectKind tells the kind of a file from its layout and headers: the
// first kind of the registry that recognises it, and for a wide file the
// index it holds.
func (p *Parser) detectKind(t *Table) (kind, index string) {
	for _, k := range inputKinds {
		if k.detect != nil {
			if ix, ok := k.detect(p, t); ok {
				return k.kind, ix
			}
			continue
		}
		if k.recognises(p, t) {
			return k.kind, ""
		}
	}
	return KindIndexScores, ""
}
