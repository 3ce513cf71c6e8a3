// Command pdfcheck runs Quire's own checker (internal/pdf/pdfacheck) on
// PDF files: the PDF/A clauses of a level and the PDF/UA-1 structure
// checks, for .ci/run and for looking at a file by hand.
//
//	go run ./internal/tools/pdfcheck [-pdfa 1b|2b|2u|3b] [-ua] FILE.pdf...
//
// It prints one line per file, the failures under it, and exits with
// status 1 if any file fails.
package main

import (
	"errors"
	"flag"
	"os"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"quire/internal/pdf/pdfacheck"
	"quire/internal/tools/checkrun"
)

func main() {
	level := flag.String("pdfa", "", "check the clauses of this PDF/A level")
	ua := flag.Bool("ua", false, "check the PDF/UA-1 structure clauses")
	flag.Parse()
	const usage = "pdfcheck [-pdfa 1b|2b|2u|3b] [-ua] FILE.pdf..."
	if *level == "" && !*ua {
		checkrun.Usage(usage)
	}
	api.DisableConfigDir()
	checkrun.Main(usage, flag.Args(), func(f string) []error {
		b, err := os.ReadFile(f)
		if err != nil {
			return []error{err}
		}
		var errs []error
		if *level != "" {
			errs = append(errs, pdfacheck.CheckLevel(b, *level))
		}
		if *ua {
			errs = append(errs, pdfacheck.CheckUA(b))
		}
		if err := errors.Join(errs...); err != nil {
			return []error{err}
		}
		return nil
	}, "")
}
