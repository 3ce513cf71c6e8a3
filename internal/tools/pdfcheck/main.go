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
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"quire/internal/pdf/pdfacheck"
)

func main() {
	level := flag.String("pdfa", "", "check the clauses of this PDF/A level")
	ua := flag.Bool("ua", false, "check the PDF/UA-1 structure clauses")
	flag.Parse()
	if flag.NArg() == 0 || *level == "" && !*ua {
		fmt.Fprintln(os.Stderr, "usage: pdfcheck [-pdfa 1b|2b|2u|3b] [-ua] FILE.pdf...")
		os.Exit(2)
	}
	api.DisableConfigDir()
	failed := false
	for _, f := range flag.Args() {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Printf("FAIL %v\n", err)
			failed = true
			continue
		}
		var errs []string
		if *level != "" {
			if err := pdfacheck.CheckLevel(b, *level); err != nil {
				errs = append(errs, strings.Split(err.Error(), "\n")...)
			}
		}
		if *ua {
			if err := pdfacheck.CheckUA(b); err != nil {
				errs = append(errs, strings.Split(err.Error(), "\n")...)
			}
		}
		if len(errs) > 0 {
			failed = true
			fmt.Printf("FAIL %s\n", f)
			for _, e := range errs {
				fmt.Printf("  %s\n", e)
			}
			continue
		}
		fmt.Printf("ok %s\n", f)
	}
	if failed {
		os.Exit(1)
	}
}
