# Quire: `make pdf` builds the manuscript, `make test` runs the tests.
GO ?= go
QUIRE := build/quire
MANUSCRIPT ?= manuscript

.PHONY: pdf test bench sweep fuzz clean quire

pdf: quire
	$(QUIRE) build $(MANUSCRIPT)

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
