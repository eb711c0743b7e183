# cchc — the two set-up commands are `make demo` and `make test`.
GO      ?= go
BIN     := bin/cchc
OUT     ?= out
# duckdb_arrow: dossier records are parsed in Go and streamed to DuckDB as
# Arrow batches (ingest/records_arrow.go); without it through duckdb-go's
# Appender (ingest/records_append.go), slower; the checks are the same
# (ingest/records_check.go).
TAGS    ?= duckdb_arrow

.PHONY: all build demo test vet fmt-check fuzz bench bench-serve clean

all: build

build:
	$(GO) build -tags '$(TAGS)' -o $(BIN) ./cmd/cchc

# The main job on the bundled (generated, illustrative) sample.
demo: build
	./$(BIN) demo -o $(OUT)

# Every test, plus the checks CI cares about.
# The whole suite with the build tags, and the ingest package without them
# (its records path differs).
test: fmt-check vet
	$(GO) test -tags '$(TAGS)' -count=1 ./...
	$(GO) test -count=1 ./ingest/

vet:
	$(GO) vet -tags '$(TAGS)' ./...
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi

# At scale, in one run: the dossier-record load against DuckDB's own read_csv on
# the same generated file (time and peak memory), a full build with the index
# workbooks, incremental builds, and the rank and dossiers queries (median of 5).
# ROWS= sets the size, a comma list several (ROWS=1000000,5000000,10000000);
# ROUNDS= the alternating load rounds.
ROWS    ?= 1000000
ROUNDS  ?= 2
bench: build
	$(GO) run ./bench -rows $(ROWS) -rounds $(ROUNDS) -cchc $(BIN)
	$(GO) run ./bench/serveload -cchc $(BIN) -clients $(CLIENTS) -duration $(DURATION)

# The load test of 'cchc serve' alone: CLIENTS concurrent clients for
# DURATION on loopback against the demo warehouse, every response checked.
CLIENTS  ?= 200
DURATION ?= 10s
bench-serve: build
	$(GO) run ./bench/serveload -cchc $(BIN) -clients $(CLIENTS) -duration $(DURATION)

# Short runs of every fuzzer (about 5 minutes in all). The corpus lives in
# testdata/fuzz beside each package (committed; every `go test` replays it);
# a failing input lands there too. The ingest fuzzers load what they accept
# into a real warehouse, a few milliseconds an input, so minimising a new
# input is cut to 100 runs (the default, 60 s, would spend the whole time
# minimising). FUZZTIME= sets each fuzzer's time.
FUZZTIME ?= 15s
FUZZ     = $(GO) test -run XXX -fuzzminimizetime 100x -fuzztime $(FUZZTIME)
fuzz:
	$(FUZZ) -fuzz '^FuzzParseNumber$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzResolveProvince$$' ./
	$(FUZZ) -fuzz '^FuzzHeaderMapper$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzParseDate$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzParsePeriod$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzParsePeriodCells$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzCSVReader$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzXLSXSheet$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzPCIWorkbook$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzPAPIWorkbook$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzIndexScoresCSV$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzTrainingClasses$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzDossierStats$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzSatisfaction$$' ./ingest/
	$(FUZZ) -tags '$(TAGS)' -fuzz '^FuzzDossierRecords$$' ./ingest/
	$(FUZZ) -fuzz '^FuzzDossierRecords$$' ./ingest/

clean:
	rm -rf bin $(OUT)
