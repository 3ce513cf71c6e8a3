// Package build runs Quire's pipeline: load the manuscript, convert its
// Markdown, resolve citations and cross-references, lay it out, write the
// PDF, and replace the output file atomically. It is the one place that
// knows every stage; each stage knows only its neighbours' data.
package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"quire/internal/chart"
	"quire/internal/cite"
	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/impose"
	"quire/internal/layout"
	"quire/internal/markdown"
	texmath "quire/internal/math"
	"quire/internal/output"
	"quire/internal/pdf"
	"quire/internal/project"
	"quire/internal/style"
)

// Options are the settings of one build.
type Options struct {
	Path    string        // manuscript folder or .md file
	Out     string        // output PDF; "" means build/<name>[-profile].pdf
	Profile string        // article (default), submission, handout
	Timeout time.Duration // 0 means none

	// Print and archival options (issue: one source, three outputs).
	Anonymize  bool    // drop authors, affiliations, acknowledgements and Author metadata
	Imposition string  // handout: "booklet" (default) or "2up"
	Bleed      float64 // bleed in points (0: none)
	Marks      bool    // crop marks, TrimBox and BleedBox
	PDFA       bool    // write PDF/A (PDFALevel)
	PDFALevel  string  // "1b", "2b", "2u" or "3b"; "" is "2b"
	Untagged   bool    // no structure tree (tagged PDF is the default)
	PDFUA      bool    // declare PDF/UA-1 in the XMP metadata

	// Draft builds a PDF despite recoverable problems: a missing, remote
	// or unsupported image becomes a placeholder frame, an unknown
	// citation or cross-reference is printed as written; each is a
	// warning instead of an error.
	Draft bool

	// Cache, when set, gives this build what an earlier one made from
	// the same content, and keeps what this one makes (quire watch).
	Cache *Cache
	// SyncAfterRename puts the new PDF in place before it is synced to
	// the disk (output.WriteFileThenSync), for quire watch: the viewer
	// has it without waiting for the disk.
	SyncAfterRename bool
	// AfterLayout, when set, is called once the document is laid out,
	// before its PDF is written: what loading and layout made, but the
	// pages, is garbage then, so that a collection there finds least
	// live for what it frees (quire build collects there).
	AfterLayout func()
}

// Result describes a finished build.
type Result struct {
	Out     string
	Pages   int
	Bytes   int
	Elapsed time.Duration
}

// ErrInput marks a build that failed because of its input (exit status 1),
// as opposed to an internal or I/O failure.
type ErrInput struct{ Diags *diag.List }

func (e *ErrInput) Error() string { return "the manuscript has errors" }

// TimeoutError reports a build stopped by Options.Timeout.
type TimeoutError struct{ Limit time.Duration }

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("build stopped after %v (--timeout); the previous PDF is untouched", e.Limit)
}

// HintText says what to do, for the command to print under the message.
func (e *TimeoutError) HintText() string {
	return "raise --timeout, or look for what makes the manuscript slow (a huge table, paragraph or chart)"
}

// CanceledError reports a build stopped by its caller (Ctrl-C, or a newer
// edit in quire watch).
type CanceledError struct{}

func (e *CanceledError) Error() string { return "build interrupted; the previous PDF is untouched" }

// grace is how long Run waits, once its context is done, for the pipeline
// to notice and stop: every stage checks the context often, so that a
// stopped build does not go on working beside the next one.
const grace = time.Second

// Run builds the PDF described by opt, writing diagnostics to diags. On any
// error the previous output file is left untouched.
func Run(opt Options, diags *diag.List) (Result, error) {
	return RunContext(context.Background(), opt, diags)
}

// RunContext is Run stopped when ctx is done (or opt.Timeout has passed):
// the pipeline stops at its next check, Run returns a *CanceledError (or
// *TimeoutError) and the output is not written.
func RunContext(ctx context.Context, opt Options, diags *diag.List) (Result, error) {
	start := time.Now()
	if opt.Out != "" {
		// Refuse a device, FIFO or folder as output before working.
		if _, err := output.Check(opt.Out); err != nil {
			return Result{}, err
		}
	}
	parent := ctx
	var cancel context.CancelFunc
	if opt.Timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, opt.Timeout)
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	defer cancel() // stops the pipeline if Run returns first
	type res struct {
		pdf    []byte
		pages  int
		name   string
		inputs []os.FileInfo
		err    error
	}
	ch := make(chan res, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				ch <- res{err: fmt.Errorf("internal error: %v (please report this as a bug in Quire)", r)}
			}
		}()
		pr, b, err := compileDoc(ctx, opt, diags)
		if err != nil {
			ch <- res{err: err}
			return
		}
		// The profile may come from the front matter.
		name := pr.name
		if pr.profile != "article" {
			name += "-" + pr.profile
		}
		ch <- res{b, len(pr.pages), name, pr.inputs, nil}
	}()
	stopped := func() error {
		if parent.Err() == nil && opt.Timeout > 0 {
			return &TimeoutError{opt.Timeout}
		}
		return &CanceledError{}
	}
	var r res
	select {
	case r = <-ch:
	case <-ctx.Done():
		select {
		case <-ch:
		case <-time.After(grace):
		}
		return Result{}, stopped()
	}
	if ctx.Err() != nil {
		return Result{}, stopped()
	}
	if r.err != nil {
		return Result{}, r.err
	}
	out := opt.Out
	if out == "" {
		out = filepath.Join("build", r.name+".pdf")
	}
	write := output.WriteFile
	if opt.SyncAfterRename {
		write = output.WriteFileThenSync
	}
	if err := write(out, r.pdf, r.inputs...); err != nil {
		return Result{}, err
	}
	return Result{Out: out, Pages: r.pages, Bytes: len(r.pdf), Elapsed: time.Since(start)}, nil
}

// Compile runs the pipeline in memory and returns the PDF bytes, the page
// count and the manuscript's base name. Input errors are reported to diags
// and returned as *ErrInput.
func Compile(opt Options, diags *diag.List) ([]byte, int, string, error) {
	pr, b, err := compileDoc(context.Background(), opt, diags)
	if err != nil {
		return nil, 0, "", err
	}
	return b, len(pr.pages), pr.name, nil
}

// compileDoc runs the pipeline and writes the PDF in memory.
func compileDoc(ctx context.Context, opt Options, diags *diag.List) (*prepared, []byte, error) {
	pr, err := prepareContext(ctx, opt, diags)
	if err != nil {
		return nil, nil, err
	}
	pr.popt.Ctx = ctx
	pr.popt.Release = true // the pages are not drawn again
	pr.popt.Streams = opt.Cache.streamCache()
	pr.popt.Fonts = opt.Cache.fontCache()
	pr.popt.Pages = opt.Cache.pageCache()
	if opt.AfterLayout != nil {
		opt.AfterLayout()
	}
	b, err := pdf.Bytes(pr.pages, pr.meta, pr.popt) // the file as made, not copied
	if err != nil {
		return nil, nil, err
	}
	return pr, b, nil
}

// prepared is a document laid out and ready to be written.
type prepared struct {
	pages   []*draw.Page
	meta    pdf.Meta
	popt    pdf.Options
	name    string // the manuscript's base name
	profile string
	inputs  []os.FileInfo // the files read, which the output must not overwrite
}

// prepare runs the pipeline up to the display list: load, apply the
// profile's front-matter defaults, anonymise, check the journal's limits,
// lay out, impose and add bleed and marks.
func prepare(opt Options, diags *diag.List) (*prepared, error) {
	return prepareContext(context.Background(), opt, diags)
}

// prepareContext is prepare stopped when ctx is done.
func prepareContext(ctx context.Context, opt Options, diags *diag.List) (*prepared, error) {
	if opt.Draft {
		diags.Draft = true
	}
	d, p, err := load(opt.Path, opt.PDFA, opt.Cache, diags)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	profile := opt.Profile
	if profile == "" {
		profile = d.Meta.Profile
	}
	if profile == "" {
		profile = "article"
	}
	applyProfile(profile, &opt, &d.Meta, diags)
	// The front matter's anonymous: true is for the submission; a
	// profile's own setting and --anonymize apply to any profile.
	if opt.Anonymize || d.Meta.Anonymous && profile == "submission" {
		anonymize(d, diags)
	}
	if profile == "submission" {
		checkLimits(d, diags)
	}
	st, err := style.For(profile, d.Meta.PaperSize, d.Meta.FontSize)
	if err != nil {
		diags.Errorf(d.Meta.Pos["profile"], "", "%v", err)
		return nil, &ErrInput{diags}
	}
	applyFonts(st, &d.Meta, p.Folder, diags)
	if diags.HasErrors() {
		return nil, &ErrInput{diags}
	}
	pages, err := layout.New(st, diags).WithContext(ctx).WithLines(opt.Cache.lineCache()).Run(d)
	if err != nil {
		return nil, err
	}
	opt.Cache.lineCache().Sweep()
	if profile == "handout" {
		mirror(pages, st)
	}
	pages, popt, err := forPrint(pages, profile, opt, diags)
	if err != nil {
		return nil, err
	}
	meta := pdfMeta(&d.Meta, diags)
	if opt.PDFUA && !opt.Untagged && meta.Title == "" {
		diags.Warnf(diag.Pos{File: p.File, Line: 1}, "give the manuscript a title: in its front matter", "--pdfua: the PDF has no title, which PDF/UA-1 requires (7.1, Matterhorn 06-003)")
	}
	if diags.HasErrors() {
		return nil, &ErrInput{diags}
	}
	return &prepared{pages: pages, meta: meta, popt: popt, name: p.Name, profile: profile, inputs: p.Folder.Inputs()}, nil
}

// mirror moves the even pages of a two-sided document sideways so that
// their wider margin lies at the fold too: layout sets every page with
// the inner margin on the left.
func mirror(pages []*draw.Page, st *style.Style) {
	d := st.Outer - st.Inner
	if d == 0 {
		return
	}
	for i := 1; i < len(pages); i += 2 {
		pages[i].Items = draw.Shift(pages[i].Items, d, 0)
	}
}

// forPrint imposes a handout's pages on sheets, adds bleed and crop marks,
// and returns the pages with the options to write them with.
func forPrint(pages []*draw.Page, profile string, opt Options, diags *diag.List) ([]*draw.Page, pdf.Options, error) {
	popt := pdf.DefaultOptions()
	imp := strings.ToLower(opt.Imposition)
	switch {
	case profile != "handout" && imp != "" && imp != "none":
		diags.Warnf(diag.Pos{}, "imposition is for the handout profile", "imposition %q ignored for the %s profile", opt.Imposition, profile)
	case profile == "handout":
		sheet := style.Papers["a4"]
		w, h := sheet[1], sheet[0] // landscape
		var err error
		switch imp {
		case "", "booklet":
			// The outline follows the pages, not the sheets.
			for _, b := range impose.Bookmarks(pages, impose.BookletOrder(len(pages)), h) {
				popt.Outline = append(popt.Outline, pdf.OutlineEntry{Title: b.Title, Level: b.Level, Page: b.Side, Y: b.Y})
			}
			pages, err = impose.Booklet(pages, w, h)
		case "2up":
			pages, err = impose.TwoUp(pages, w, h)
		case "none":
		default:
			diags.Errorf(diag.Pos{}, "use booklet, 2up or none", "unknown imposition %q", opt.Imposition)
			return nil, popt, &ErrInput{diags}
		}
		if err != nil {
			return nil, popt, err
		}
	}
	pages, trim := impose.ForPrint(pages, opt.Bleed, opt.Marks)
	if profile == "handout" && imp != "none" {
		impose.AddFoldMarks(pages, trim, opt.Bleed)
	}
	popt.TrimInset, popt.BleedInset = trim.TrimInset, trim.BleedInset
	for i := range popt.Outline {
		popt.Outline[i].Y += trim.TrimInset
	}
	popt.PDFA = opt.PDFA || opt.PDFALevel != ""
	popt.PDFALevel = opt.PDFALevel
	popt.Tagged = !opt.Untagged
	popt.PDFUA = opt.PDFUA && !opt.Untagged
	return pages, popt, nil
}

// Load reads and converts the manuscript at path into a resolved document:
// Markdown converted, citations and cross-references resolved, notes
// numbered. Every file is read through the project's Folder; the caller
// closes the project when it has no more files to read.
func Load(path string, diags *diag.List) (*doc.Document, *project.Project, error) {
	return load(path, false, nil, diags)
}

// load is Load; with pdfa, a PDF figure that cannot go into a PDF/A file
// is an error at its reference. cache, if not nil, serves what an earlier
// build made of the same content.
func load(path string, pdfa bool, cache *Cache, diags *diag.List) (*doc.Document, *project.Project, error) {
	p := project.Load(path, diags)
	if p == nil {
		return nil, nil, &ErrInput{diags}
	}
	warm(&p.Meta) // faces and citation style, on another core
	opts := markdown.Options{
		File:       p.File,
		LineOffset: p.BodyLine,
		Fences: map[string]func([]byte, diag.Pos) (doc.Block, error){
			"chart": func(text []byte, pos diag.Pos) (doc.Block, error) {
				b := chart.Parse(text, pos, p.Folder, diags)
				return b, nil
			},
		},
		LoadImage: func(rel string, pos diag.Pos) (*doc.Image, error) {
			im, err := p.LoadImage(rel)
			if err == nil && im.Warn != "" {
				diags.Warnf(pos, im.WarnHint, "%s", im.Warn)
			}
			if err == nil && pdfa && im.NotPDFA != "" {
				diags.Errorf(pos, "export the figure without transparency, in RGB, with its fonts embedded, or build without --pdfa", "PDF figure %s cannot go into a PDF/A file: %s", rel, im.NotPDFA)
			}
			return im, err
		},
		Macros: headerMacros(p, diags),
	}
	if len(p.Parts) > 1 {
		for _, pt := range p.Parts {
			opts.Parts = append(opts.Parts, markdown.Part{File: pt.File, Line: pt.Line, FileLine: pt.FileLine})
		}
	}
	// Front-matter Markdown (title, names, notes, abstract) is converted
	// as its own source, with positions in the file that holds it.
	fm := func(text string, pos diag.Pos) []doc.Block {
		o := opts
		o.Parts, o.File, o.LineOffset = nil, pos.File, max(pos.Line-1, 0)
		return markdown.Convert([]byte(text), o, diags)
	}
	p.ConvertMarkup(fm)
	d := &doc.Document{Meta: p.Meta}
	d.Blocks = markdown.Convert(p.Body, opts, diags)
	if p.Abstract != "" {
		d.Meta.Abstract = fm(p.Abstract, p.AbstractPos)
	}
	listed := len(d.Meta.Bibliography) > 0
	var bibs []string
	for _, b := range d.Meta.Bibliography {
		// Like images, bibliographies must lie inside the manuscript
		// folder: that is reported at the front matter's line. Other
		// problems (missing, not a file) are reported at the file.
		if _, err := p.Folder.Stat(b, project.Bibliography); errors.Is(err, project.ErrOutside) {
			diags.Errorf(d.Meta.Pos["bibliography"], "keep the bibliography inside the manuscript folder and give its path relative to it", "%v", err)
			continue
		}
		bibs = append(bibs, b)
	}
	d.Meta.Bibliography = bibs
	switch {
	case len(bibs) > 0:
		lib := cite.LoadWith(bibs, p.Folder, diags, cache.bibSources())
		cite.ProcessWith(d, lib, diags, cache.citeResults())
	case listed:
		// Every bibliography was refused, with an error; citations stay
		// as written, without a second message.
		doc.NumberNotes(d)
	default:
		warnUnresolvedCitations(d, p.File, diags)
		doc.NumberNotes(d)
	}
	doc.ResolveRefs(d, diags)
	if !withinLimits(d, p.File, diags) {
		p.Close()
		return nil, nil, &ErrInput{diags}
	}
	return d, p, nil
}

// warnUnresolvedCitations reports, once, citations in a manuscript that
// names no bibliography; they are printed as written.
func warnUnresolvedCitations(d *doc.Document, file string, diags *diag.List) {
	warned := false
	doc.MapInlines(d, func(in []doc.Inline, _ bool) []doc.Inline {
		for _, x := range in {
			if c, ok := x.(doc.Citation); ok && !warned {
				warned = true
				diags.Warnf(c.Pos, "add bibliography: refs.bib to the front matter to format citations", "citation of %q but the manuscript names no bibliography; printed as written", c.Items[0].Key)
			}
		}
		return in
	})
}

// pdfMeta maps front matter to PDF metadata. The date comes from the front
// matter or SOURCE_DATE_EPOCH, never from the clock, so builds are
// reproducible.
func pdfMeta(m *doc.Meta, diags *diag.List) pdf.Meta {
	var authors []string
	for _, a := range m.Authors {
		authors = append(authors, a.Name)
	}
	// Title and names are plain text here: markup is stripped.
	subject := doc.PlainText(firstParagraph(m.Abstract))
	if subject == "" {
		subject = m.Subtitle
	}
	return pdf.Meta{
		Title:    m.Title,
		Authors:  authors,
		Subject:  subject,
		Keywords: m.Keywords,
		Lang:     m.Lang,
		Creator:  "Quire",
		Producer: "Quire (fpdf)",
		Date:     docDate(m.Date, diags),
	}
}

func firstParagraph(bs []doc.Block) []doc.Inline {
	var out []doc.Inline
	for _, b := range bs {
		if p, ok := b.(*doc.Paragraph); ok {
			if len(out) > 0 {
				out = append(out, doc.Text{S: " "})
			}
			out = append(out, p.Content...)
		}
	}
	return out
}

func docDate(s string, diags *diag.List) time.Time {
	// A bad SOURCE_DATE_EPOCH is an error even when the front matter
	// gives the date: the build environment is wrong.
	epoch, set, err := project.SourceDateEpoch()
	if err != nil {
		diags.Errorf(diag.Pos{File: "$SOURCE_DATE_EPOCH"}, "give the date as whole seconds since 1970-01-01 UTC, e.g. SOURCE_DATE_EPOCH=1700000000, or unset it", "%v", err)
	}
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2006-01", "2006", time.RFC3339, "January 2, 2006", "2 January 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	if set && err == nil {
		return epoch
	}
	return pdf.DefaultDate
}

// Pages lays out the manuscript at path and returns the display lists,
// for tests and tools that inspect layout without PDF bytes.
func Pages(path, profile string, diags *diag.List) ([]*draw.Page, error) {
	d, p, err := Load(path, diags)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	if profile == "" {
		profile = "article"
	}
	st, err := style.For(profile, d.Meta.PaperSize, d.Meta.FontSize)
	if err != nil {
		return nil, err
	}
	applyFonts(st, &d.Meta, p.Folder, diags)
	return layout.New(st, diags).Run(d)
}

// headerMacros returns the TeX macros defined in the front matter's
// header-includes.
func headerMacros(p *project.Project, diags *diag.List) *texmath.Macros {
	ms := texmath.NewMacros()
	if h, ok := p.Meta.Extra["header-includes"].(string); ok && h != "" {
		if err := ms.Define(h); err != nil {
			diags.Recoverf(p.Meta.Pos["header-includes"], err.Hint, "header-includes: %s", err.Msg)
		}
	}
	return ms
}
