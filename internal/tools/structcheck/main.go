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
	"strconv"

	"quire/internal/build"
	"quire/internal/diag"
	"quire/internal/lang"
	"quire/internal/pdf/structcheck"
	"quire/internal/tools/checkrun"
)

func main() {
	ms := flag.String("manuscript", "manuscript", "the manuscript the PDFs were built from")
	flag.Parse()
	const usage = "structcheck [-manuscript DIR] FILE.pdf..."
	if flag.NArg() == 0 {
		checkrun.Usage(usage)
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
	checkrun.Main(usage, flag.Args(), func(f string) []error {
		out, err := structcheck.PDFInfo(f)
		if err != nil {
			return []error{err}
		}
		// Not content: the running head, and folios "n of N".
		forbidden := []string{d.Meta.ShortTitle}
		if n, err := structcheck.Pages(f); err == nil {
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
		return errs
	}, "the structure holds the manuscript in reading order (pdfinfo), every figure a Figure with /Alt, the charts' their descriptions (qpdf)")
}
