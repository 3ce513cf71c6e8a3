// Command quire builds a print-ready PDF from a Markdown manuscript.
//
//	quire build [PATH] [-o OUT] [--profile article|submission|handout] [--timeout 60s]
//	            [--anonymize] [--imposition booklet|2up|none] [--bleed 3mm] [--marks]
//	            [--pdfa [1b|2b|2u|3b]] [--pdfua] [--untagged]
//	quire watch [PATH] [same flags]
//
// PATH is a manuscript folder (default "manuscript") or a single .md file.
// Exit status: 0 success, 1 failure (bad input, with diagnostics on stderr
// as file:line:col: error: message; an unwritable output; a resource limit
// or an internal error, each with a message), 2 bad usage, 130 stopped by
// Ctrl-C or SIGTERM (the previous PDF untouched, no temporary file left).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"quire/internal/build"
	"quire/internal/diag"
	"quire/internal/output"
	"quire/internal/pdf"
)

const usage = `usage: quire build [PATH] [-o OUT] [flags]
       quire watch [PATH] [-o OUT] [flags]   (rebuild on every change)

Builds a PDF from a manuscript folder (default: manuscript) or a .md file.
The default output is build/<name>.pdf (build/<name>-<profile>.pdf for
other profiles).

flags:
`

func main() {
	tuneGC(gcHeadroom)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		newFlags(stderr, &build.Options{}).PrintDefaults()
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] != "build" && args[0] != "watch" {
		fmt.Fprintf(stderr, "quire: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	var opt build.Options
	fs := newFlags(stderr, &opt)
	// Accept flags before and after PATH.
	var paths []string
	rest := pdfaArgs(args[1:])
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0 // quire build --help: the usage was asked for
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	switch len(paths) {
	case 0:
		opt.Path = "manuscript"
	case 1:
		opt.Path = paths[0]
	default:
		fmt.Fprintf(stderr, "quire: build takes one PATH, got %d\n", len(paths))
		return 2
	}
	if opt.PDFUA && opt.Untagged {
		fmt.Fprintf(stderr, "quire: --pdfua needs a tagged PDF\n\thint: drop --untagged\n")
		return 2
	}
	switch opt.Profile {
	case "", "article", "submission", "handout":
	default:
		fmt.Fprintf(stderr, "quire: unknown profile %q\n\thint: use --profile article, submission or handout\n", opt.Profile)
		return 2
	}
	stop, unlisten := interrupted()
	defer unlisten()
	if args[0] == "watch" {
		return watch(opt, stdout, stderr, stop)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	var diags diag.List
	opt.AfterLayout = collectAfterLayout
	res, err := build.RunContext(ctx, opt, &diags)
	printDiags(stderr, &diags)
	if err != nil {
		var in *build.ErrInput
		if errors.As(err, &in) {
			fmt.Fprintf(stderr, "quire: build failed; %s was not changed\n", escape(outName(opt)))
			return 1
		}
		return failed(stderr, err)
	}
	fmt.Fprintf(stdout, "%s: %d pages, %d bytes, %d ms\n", escape(res.Out), res.Pages, res.Bytes, res.Elapsed.Milliseconds())
	return 0
}

// failed reports a build's error other than bad input and returns the exit
// status: exitInterrupted for a build stopped by a signal, whether the
// pipeline saw it (a *build.CanceledError) or the PDF writer did
// (output.ErrAborted: the signal came while the file was written), both
// said as "build interrupted"; 1 otherwise.
func failed(stderr io.Writer, err error) int {
	var canceled *build.CanceledError
	interrupted := errors.As(err, &canceled) || errors.Is(err, output.ErrAborted)
	if interrupted {
		err = &build.CanceledError{}
	}
	fmt.Fprintf(stderr, "quire: %s\n", escape(err.Error()))
	var h interface{ HintText() string }
	if errors.As(err, &h) && h.HintText() != "" {
		fmt.Fprintf(stderr, "\thint: %s\n", escape(h.HintText()))
	}
	if interrupted {
		return exitInterrupted
	}
	return 1
}

// printDiags prints the build's diagnostics, escaped (diag.Escape).
func printDiags(w io.Writer, diags *diag.List) { diags.Print(w) }

// escape makes text that may come from the input safe for the terminal.
func escape(s string) string { return diag.Escape(s) }

func outName(opt build.Options) string {
	if opt.Out != "" {
		return opt.Out
	}
	return "the previous PDF"
}

func newFlags(stderr io.Writer, opt *build.Options) *flag.FlagSet {
	fs := flag.NewFlagSet("quire build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opt.Out, "o", "", "output PDF `file`")
	fs.StringVar(&opt.Profile, "profile", "", "output profile: article, submission or handout (default: front matter, else article)")
	fs.DurationVar(&opt.Timeout, "timeout", 0, "stop a build that runs longer than this `duration` (e.g. 60s)")
	fs.BoolVar(&opt.Anonymize, "anonymize", false, "drop authors, affiliations and acknowledgements (also front matter anonymous: true)")
	fs.Func("imposition", "handout `imposition`: booklet (the default: A5 pages as a saddle-stitch booklet on A4 sheets), 2up (consecutive pages, two to a side) or none", func(s string) error {
		switch s {
		case "booklet", "2up", "none":
			opt.Imposition = s
			return nil
		}
		return fmt.Errorf("unknown imposition %q: use booklet, 2up or none", s)
	})
	fs.Func("bleed", "`length` of bleed around each page for a print shop, e.g. 3mm (sets TrimBox and BleedBox)", func(s string) error {
		v, err := build.ParseLength(s)
		opt.Bleed = v
		return err
	})
	fs.BoolVar(&opt.Marks, "marks", false, "add crop marks and set TrimBox and BleedBox")
	fs.Var(&pdfaFlag{opt}, "pdfa", "write PDF/A for archiving: --pdfa is PDF/A-2b; --pdfa 1b, 2b, 2u or 3b chooses the part and level")
	fs.BoolVar(&opt.PDFUA, "pdfua", false, "declare PDF/UA-1 (accessible PDF) in the metadata; the build warns of what it cannot make accessible")
	fs.BoolVar(&opt.Untagged, "untagged", false, "write no structure tree (tagged PDF, for screen readers and reflow, is the default)")
	fs.BoolVar(&opt.Draft, "draft", false, "build despite missing images and unknown citations or cross-references (placeholders, with warnings)")
	return fs
}

// pdfaFlag is --pdfa: alone it asks for PDF/A-2b, with a value (--pdfa=1b,
// or --pdfa 1b, see pdfaArgs) for that level.
type pdfaFlag struct{ opt *build.Options }

func (f *pdfaFlag) String() string {
	if f == nil || f.opt == nil || !f.opt.PDFA {
		return ""
	}
	return f.opt.PDFALevel
}

func (f *pdfaFlag) Set(s string) error {
	switch strings.ToLower(s) {
	case "true":
		f.opt.PDFA, f.opt.PDFALevel = true, ""
		return nil
	case "false":
		f.opt.PDFA, f.opt.PDFALevel = false, ""
		return nil
	}
	for _, l := range pdf.PDFALevels {
		if strings.EqualFold(s, l) {
			f.opt.PDFA, f.opt.PDFALevel = true, l
			return nil
		}
	}
	return fmt.Errorf("unknown PDF/A level %q: use 1b, 2b, 2u or 3b", s)
}

func (f *pdfaFlag) IsBoolFlag() bool { return true }

// pdfaArgs joins "--pdfa LEVEL" into "--pdfa=LEVEL", so that the level
// may follow the flag as the other flags' values do.
func pdfaArgs(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		if (a == "--pdfa" || a == "-pdfa") && i+1 < len(args) && slices.ContainsFunc(pdf.PDFALevels, func(l string) bool { return strings.EqualFold(l, args[i+1]) }) {
			out = append(out, a+"="+args[i+1])
			i++
			continue
		}
		out = append(out, a)
	}
	return out
}
