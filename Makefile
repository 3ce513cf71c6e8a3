# Quire: `make pdf` builds the manuscript, `make test` runs the tests.
GO ?= go
QUIRE := build/quire
MANUSCRIPT ?= manuscript

.PHONY: pdf test race bench bench-go sweep fuzz mutate clean quire

# The article, the submission and the A5 handout imposed as a booklet on
# A4 sheets: build/<name>.pdf, <name>-submission.pdf, <name>-handout.pdf.
# e.g. make pdf SUBMISSION_FLAGS=--anonymize HANDOUT_FLAGS='--imposition 2up'
SUBMISSION_FLAGS ?=
HANDOUT_FLAGS ?=
pdf: quire
	$(QUIRE) build $(MANUSCRIPT)
	$(QUIRE) build $(MANUSCRIPT) --profile submission $(SUBMISSION_FLAGS)
	$(QUIRE) build $(MANUSCRIPT) --profile handout $(HANDOUT_FLAGS)

# Built without cgo (only net, which pdfcpu links, would use it): a static
# binary starts without the dynamic loader (the empty file: 5% fewer
# instructions, less system time).
quire:
	@mkdir -p build
	CGO_ENABLED=0 $(GO) build -o $(QUIRE) ./cmd/quire

# Tests that read ../shared/testdata (or $QUIRE_SHARED_TESTDATA) skip when
# it is absent, and make test says so in one line; under
# QUIRE_REQUIRE_SHARED=1 (as .ci/run sets) they fail instead.
SHARED_DATA = $(or $(QUIRE_SHARED_TESTDATA),$(abspath $(CURDIR)/../shared/testdata))
test:
	$(GO) vet ./...
	@rc=0; $(GO) test -timeout 30m ./... || rc=$$?; \
	if [ ! -d "$(SHARED_DATA)" ]; then echo "make test: shared test data not found at $(SHARED_DATA) (set QUIRE_SHARED_TESTDATA): the tests that read it, in $$(grep -rlE 'testenv\.Shared(Data|Path)\(' --include='*_test.go' . | wc -l | tr -d ' ') files, did not run"; fi; \
	exit $$rc

# Runs the tests under the race detector (go test -race, which also checks
# unsafe pointer conversions), but for RACE_SKIP: four long tests that it
# slows 10-20 times and that run nothing concurrent of their own (the
# catalog of bad inputs, one build after another; the shaper against
# HarfBuzz; the pathological Markdown inputs; the damaged PNGs: 154, 102,
# 62 and 37 s under -race), which make test runs. .ci/run runs it; make
# race RACE_SKIP= runs every test (about 10 minutes).
RACE_SKIP ?= ^(TestCatalog|TestFastMatchesHarfBuzz|TestPathological|TestPNGSoundNeverWrong)$$
race:
	$(GO) test -race -timeout 20m $(if $(RACE_SKIP),-skip '$(RACE_SKIP)') ./...

# Builds every CommonMark/GFM example, pathological input and real
# manuscript of ../shared/testdata (internal/sweep); needs pdftotext, python3.
TESTDATA ?= $(SHARED_DATA)
sweep: quire
	$(GO) run ./internal/sweep -quire $(QUIRE) -data $(TESTDATA) -out build/sweep

# Runs each fuzz target for FUZZTIME (e.g. make fuzz FUZZTIME=5m); .ci/fuzz
# tells a failing input from Go 1.26's fuzztime deadline race.
FUZZTIME ?= 25s
FUZZ_TARGETS := FuzzPipeline:./internal/build FuzzConvert:./internal/markdown FuzzFrontMatter:./internal/project \
	FuzzBibTeX:./internal/cite/bibtex FuzzProcess:./internal/cite FuzzCSV:./internal/data \
	FuzzBibTeXMacros:./internal/cite/bibtex FuzzChartSpec:./internal/chart
fuzz:
	@GO=$(GO) bash .ci/fuzz $(FUZZTIME) $(FUZZ_TARGETS)

# Breaks the code on purpose, one mutation at a time, in a scratch copy of
# the module, and checks that the package's tests notice each break
# (internal/tools/mutate/mutations.go lists them). Not part of make test.
# e.g. make mutate MUTATE_FLAGS='-run hyph'
MUTATE_FLAGS ?=
mutate:
	$(GO) run ./internal/tools/mutate $(MUTATE_FLAGS)

# A table of whole-process timings (article, 100 and 1,000 pages, start-up,
# quire watch after a one-word edit) and, when mdxport is installed (npm
# install @mdxport/cli@0.3.2, or MDXPORT=path), the ratio to it; inputs from
# ../shared/bench (BENCH_DATA). Also issue 13's bound: the generated
# 1,000-page document with a distinct formula in every paragraph against
# the same with each formula as its text (internal/benchdoc), alternately,
# time per page and the ratio with the 1.15 (BENCH_FLAGS='-only math
# -math-runs 3' measures it alone). make bench-go runs the Go benchmarks.
# make bench QUIRE=path measures that binary as it is (an older build, to
# compare with): only the default build/quire is built from this tree first.
BENCH_DATA ?= $(abspath $(CURDIR)/../shared/bench)
BENCH_FLAGS ?=
bench: $(if $(filter build/quire,$(QUIRE)),quire)
	$(GO) run ./internal/tools/bench -quire $(QUIRE) -data $(BENCH_DATA) $(BENCH_FLAGS)

bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf build
