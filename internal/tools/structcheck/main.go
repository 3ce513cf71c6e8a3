// Command structcheck reads a tagged PDF's structure with poppler's
// pdfinfo -struct-text and checks it against the manuscript it was built
// from (package structcheck): every heading, paragraph, table cell, note,
// caption and bibliography entry in reading order, each footnote after
// its paragraph, every figure a Figure, no running head, folio or line
// number; and with qpdf's JSON, which pdfinfo does not print, every
// Figure's /Alt (each chart's its generated description). .ci/run runs it
// on make pdf's outputs.
//
//	go run ./internal/tools/structcheck [-manuscript DIR] FILE.pdf...
//
// It prints one line per file, the problems under it, and exits with
// status 1 if any file fails.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"

	"quire/internal/build"
	"quire/internal/diag"
	"quire/internal/lang"
	"quire/internal/pdf/structcheck"
)

func main() {
	ms := flag.String("manuscript", "manuscript", "the manuscript the PDFs were built from")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: structcheck [-manuscript DIR] FILE.pdf...")
		os.Exit(2)
	}
	var diags diag.List
	d, p, err := build.Load(*ms, &diags)
	if err != nil {
		diags.Print(os.Stderr)
		fmt.Fprintf(os.Stderr, "structcheck: %v\n", err)
		os.Exit(2)
	}
	p.Close()
	lg, _ := lang.Of(d.Meta.Lang, d.Meta.Terms)
	failed := false
	for _, f := range flag.Args() {
		out, err := structcheck.PDFInfo(f)
		if err != nil {
			fmt.Printf("FAIL %v\n", err)
			failed = true
			continue
		}
		// Not content: the running head, and folios "n of N".
		forbidden := []string{d.Meta.ShortTitle}
		if n := pageCount(f); n > 0 {
			for i := 1; i <= n; i++ {
				forbidden = append(forbidden, lang.Fill(lg.Terms.PageOf, "n", strconv.Itoa(i), "total", strconv.Itoa(n)))
			}
		}
		errs := structcheck.Check(d, out, forbidden)
		// The figures' /Alt, which pdfinfo does not print, read by qpdf.
		if js, err := structcheck.QPDFJSON(f); err != nil {
			errs = append(errs, err)
		} else if alts, err := structcheck.FigureAlts(js); err != nil {
			errs = append(errs, err)
		} else {
			errs = append(errs, structcheck.CheckAlts(d, alts)...)
		}
		if len(errs) > 0 {
			failed = true
			fmt.Printf("FAIL %s\n", f)
			for _, e := range errs {
				fmt.Printf("  %v\n", e)
			}
			continue
		}
		fmt.Printf("ok %s: the structure holds the manuscript in reading order (pdfinfo), every figure a Figure with /Alt, the charts' their descriptions (qpdf)\n", f)
	}
	if failed {
		os.Exit(1)
	}
}

var pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

func pageCount(f string) int {
	out, err := exec.Command("pdfinfo", f).Output()
	if err != nil {
		return 0
	}
	m := pagesLine.FindSubmatch(out)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
