# Quire: `make pdf` builds the manuscript, `make test` runs the tests.
GO ?= go
QUIRE := build/quire
MANUSCRIPT ?= manuscript

.PHONY: pdf test bench sweep fuzz clean quire

# The article, the submission and the A5 handout imposed as a booklet on
# A4 sheets: build/<name>.pdf, <name>-submission.pdf, <name>-handout.pdf.
# e.g. make pdf SUBMISSION_FLAGS=--anonymize HANDOUT_FLAGS='--imposition 2up'
SUBMISSION_FLAGS ?=
HANDOUT_FLAGS ?=
pdf: quire
	$(QUIRE) build $(MANUSCRIPT)
	$(QUIRE) build $(MANUSCRIPT) --profile submission $(SUBMISSION_FLAGS)
	$(QUIRE) build $(MANUSCRIPT) --profile handout $(HANDOUT_FLAGS)

quire:
	@mkdir -p build
	$(GO) build -o $(QUIRE) ./cmd/quire

test:
	$(GO) vet ./...
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf build
