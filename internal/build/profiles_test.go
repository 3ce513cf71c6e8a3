package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"quire/internal/diag"
	"quire/internal/draw"
	"quire/internal/impose"
	"quire/internal/pdf/pdfacheck"
	"quire/internal/style"
)

// manuscript writes a manuscript with the given extra front matter and
// paras paragraphs of body text to a new folder and returns its path.
func manuscript(t testing.TB, front string, paras int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`---
title: "Profiles under Test"
authors:
  - name: Zebulon Quixote
    affiliation: Quixote Institute
    email: zq@example.org
abstract: |
  An abstract of exactly ten words, counted by the cover.
keywords: [one, two, three]
date: 2026-11-27
`)
	b.WriteString(front)
	b.WriteString("---\n\n# Introduction\n\n")
	for i := range paras {
		fmt.Fprintf(&b, "Paragraph %d has a dozen words of text and a note here.[^n%d]\n\n[^n%d]: Three note words.\n\n", i+1, i, i)
	}
	b.WriteString("| Year | Event |\n|---|---|\n| 1925 | Convention |\n\nTable: Events {#tbl:ev}\n\n")
	b.WriteString("# Acknowledgements\n\nWe thank the Quixote Foundation.\n\n# After\n\nThe end.\n")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "paper.md"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func prep(t testing.TB, opt Options) (*prepared, *diag.List) {
	t.Helper()
	var diags diag.List
	pr, err := prepare(opt, &diags)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, diagText(&diags))
	}
	return pr, &diags
}

// pageText returns the text items of pages, one string per page.
func pageText(pages []*draw.Page) []string {
	var out []string
	for _, p := range pages {
		var b strings.Builder
		for _, it := range draw.Expand(p.Items) {
			if t, ok := it.(*draw.Text); ok {
				b.WriteString(t.S)
				b.WriteByte(' ')
			}
		}
		out = append(out, b.String())
	}
	return out
}

func TestAnonymize(t *testing.T) {
	dir := manuscript(t, "", 3)
	for _, c := range []struct {
		name string
		opt  Options
	}{
		{"flag", Options{Path: dir, Profile: "submission", Anonymize: true}},
		{"front matter", Options{Path: manuscript(t, "anonymous: true\n", 3), Profile: "submission"}},
		{"profile default", Options{Path: manuscript(t, "profiles: {submission: {anonymous: true}}\n", 3), Profile: "submission"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			pr, _ := prep(t, c.opt)
			all := strings.Join(pageText(pr.pages), "\n")
			for _, s := range []string{"Quixote", "zq@example.org", "Acknowledgements"} {
				if strings.Contains(all, s) {
					t.Errorf("the anonymised text contains %q", s)
				}
			}
			if !strings.Contains(all, "Anonymised for review") || !strings.Contains(all, "The end.") {
				t.Errorf("cover note or the section after the acknowledgements missing")
			}
			var diags diag.List
			out, _, _, err := Compile(c.opt, &diags)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(out, []byte("Quixote")) || bytes.Contains(out, []byte("zq@")) {
				t.Error("the PDF's bytes contain the author's name")
			}
			info, err := api.PDFInfo(bytes.NewReader(out), "a.pdf", nil, false, strict())
			if err != nil {
				t.Fatal(err)
			}
			if info.Author != "" {
				t.Errorf("Author = %q", info.Author)
			}
		})
	}
	// anonymous: true is for the submission: the article keeps its authors.
	pr, _ := prep(t, Options{Path: manuscript(t, "anonymous: true\n", 3)})
	if len(pr.meta.Authors) != 1 || !strings.Contains(pageText(pr.pages)[0], "Quixote") {
		t.Error("anonymous: true anonymised the article")
	}
	// Without anonymising, the author is named on the cover and in the
	// metadata.
	pr, _ = prep(t, Options{Path: dir, Profile: "submission"})
	if !strings.Contains(pageText(pr.pages)[0], "Zebulon Quixote") {
		t.Error("the cover does not name the author")
	}
	if len(pr.meta.Authors) != 1 {
		t.Errorf("Authors = %v", pr.meta.Authors)
	}
}

func TestJournalLimits(t *testing.T) {
	dir := manuscript(t, "journal: {abstract-words: 5, keywords: 2, words: 20}\n", 3)
	_, diags := prep(t, Options{Path: dir, Profile: "submission"})
	text := diagText(diags)
	// Body: heading 1, 3×12 words, table cells 4 and caption 1,
	// acknowledgements 1+5, "After" 1, "The end." 2; notes 3×3.
	for _, want := range []string{
		"has 60 words (body 51, notes 9), over the journal's limit of 20 (journal: words)",
		"the abstract has 10 words, over the journal's limit of 5 (journal: abstract-words)",
		"there are 3 keywords, over the journal's limit of 2 (journal: keywords)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no warning %q in\n%s", want, text)
		}
	}
	if _, diags := prep(t, Options{Path: dir}); strings.Contains(diagText(diags), "journal") {
		t.Errorf("limits checked in an article build:\n%s", diagText(diags))
	}
	dir = manuscript(t, "journal: {abstract-words: 250, keywords: 6, words: 10000}\n", 3)
	if _, diags := prep(t, Options{Path: dir, Profile: "submission"}); strings.Contains(diagText(diags), "journal") {
		t.Errorf("warnings within the limits:\n%s", diagText(diags))
	}
}

func TestSubmission(t *testing.T) {
	dir := manuscript(t, "", 40)
	pr, _ := prep(t, Options{Path: dir, Profile: "submission"})
	st, _ := style.For("submission", "a4", 0)
	n := len(pr.pages)
	text := pageText(pr.pages)
	if !strings.Contains(text[0], "Word count:") || !strings.Contains(text[0], "Abstract: 10 words") || !strings.Contains(text[0], "Keywords: 3") {
		t.Errorf("cover: %s", text[0])
	}
	for i, p := range pr.pages {
		if p.Width != st.PageW || p.Height != st.PageH {
			t.Errorf("page %d is %v×%v", i+1, p.Width, p.Height)
		}
		if want := fmt.Sprintf("%d of %d", i+1, n); !strings.Contains(text[i], want) {
			t.Errorf("page %d has no folio %q", i+1, want)
		}
	}
	// Line numbers, continuous from 1, in the left margin.
	next := 1
	for _, p := range pr.pages[1:] {
		for _, it := range draw.Expand(p.Items) {
			if t, ok := it.(*draw.Text); ok && t.X < st.Inner && t.S == fmt.Sprint(next) {
				next++
			}
		}
	}
	if next < 40 {
		t.Errorf("line numbers run to %d only", next-1)
	}
	// Letter paper from the profile's defaults.
	dir = manuscript(t, "profiles: {submission: {papersize: letter}}\n", 3)
	pr, _ = prep(t, Options{Path: dir, Profile: "submission"})
	if p := pr.pages[0]; p.Width != 612 || p.Height != 792 {
		t.Errorf("letter page is %v×%v", p.Width, p.Height)
	}
}

func TestHandout(t *testing.T) {
	dir := manuscript(t, "", 90)
	flat, _ := prep(t, Options{Path: dir, Profile: "handout", Imposition: "none"})
	n := len(flat.pages)
	if n < 3 {
		t.Fatalf("only %d A5 pages", n)
	}
	a4 := style.Papers["a4"]
	for _, c := range []struct {
		imp   string
		sides int
	}{{"", (n + 3) / 4 * 2}, {"booklet", (n + 3) / 4 * 2}, {"2up", (n + 1) / 2}} {
		pr, _ := prep(t, Options{Path: dir, Profile: "handout", Imposition: c.imp})
		if len(pr.pages) != c.sides {
			t.Errorf("%q: %d sides for %d pages, want %d", c.imp, len(pr.pages), n, c.sides)
		}
		for _, p := range pr.pages {
			if p.Width != a4[1] || p.Height != a4[0] {
				t.Errorf("%q: sheet is %v×%v, want A4 landscape", c.imp, p.Width, p.Height)
			}
		}
		var diags diag.List
		out, _, _, err := Compile(Options{Path: dir, Profile: "handout", Imposition: c.imp}, &diags)
		if err != nil {
			t.Fatal(err)
		}
		if err := api.Validate(bytes.NewReader(out), strict()); err != nil {
			t.Errorf("%q: pdfcpu: %v", c.imp, err)
		}
	}
	// The booklet's outline is in reading order, each entry on its sheet.
	for _, marks := range []bool{false, true} {
		var diags diag.List
		out, _, _, err := Compile(Options{Path: dir, Profile: "handout", Marks: marks}, &diags)
		if err != nil {
			t.Fatal(err)
		}
		bms, err := api.Bookmarks(bytes.NewReader(out), strict())
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, b := range bms {
			titles = append(titles, b.Title)
			for _, k := range b.Kids {
				titles = append(titles, k.Title)
			}
		}
		if want := []string{"Profiles under Test", "1 Introduction", "2 Acknowledgements", "3 After"}; fmt.Sprint(titles) != fmt.Sprint(want) {
			t.Errorf("booklet outline %q, want %q", titles, want)
		}
		order := impose.BookletOrder(n)
		if len(bms) > 0 && bms[0].PageFrom != 1 {
			t.Errorf("title on sheet side %d, want 1", bms[0].PageFrom)
		}
		if len(bms) == 4 {
			last := 0 // the side page n sits on
			for i, s := range order {
				if s[0] == n || s[1] == n {
					last = i + 1
				}
			}
			if bms[3].PageFrom != last {
				t.Errorf("last section on side %d, want %d (page %d)", bms[3].PageFrom, last, n)
			}
		}
	}
	// The first side of the booklet carries page 1 on its right half.
	pr, _ := prep(t, Options{Path: dir, Profile: "handout"})
	for _, it := range draw.Expand(pr.pages[0].Items) {
		if tx, ok := it.(*draw.Text); ok && tx.X < a4[1]/2 {
			t.Errorf("text %q on the left half of the first side, where the last page, blank, goes", tx.S)
			break
		}
	}
	if got := impose.BookletOrder(n)[0][1]; got != 1 {
		t.Errorf("first side's right page is %d", got)
	}
}

func TestImpositionErrors(t *testing.T) {
	dir := manuscript(t, "", 2)
	var diags diag.List
	if _, err := prepare(Options{Path: dir, Profile: "handout", Imposition: "4up"}, &diags); err == nil {
		t.Error("no error for an unknown imposition")
	}
	diags = diag.List{}
	if _, err := prepare(Options{Path: dir, Imposition: "booklet"}, &diags); err != nil || !strings.Contains(diagText(&diags), "ignored") {
		t.Errorf("imposition of an article: err %v, diagnostics %q", err, diagText(&diags))
	}
	diags = diag.List{}
	dir = manuscript(t, "profiles: {handout: {imposition: 2up, colour: red}, poster: {}}\n", 2)
	pr, err := prepare(Options{Path: dir, Profile: "handout"}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	text := diagText(&diags)
	if !strings.Contains(text, `unknown setting profiles.handout.colour`) || !strings.Contains(text, `unknown profile "poster"`) {
		t.Errorf("diagnostics: %s", text)
	}
	if len(pr.pages) != 1 { // two A5 pages, 2-up
		t.Errorf("%d sides, want 1", len(pr.pages))
	}
}

func TestParseLength(t *testing.T) {
	for s, want := range map[string]float64{"3mm": 3 * 72 / 25.4, "0.125in": 9, "9pt": 9, "0.3cm": 0.3 * 72 / 2.54, "0": 0} {
		got, err := ParseLength(s)
		if err != nil || abs(got-want) > 1e-9 {
			t.Errorf("ParseLength(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"3", "mm", "-1mm", "2in", "3 furlongs"} {
		if _, err := ParseLength(s); err == nil {
			t.Errorf("ParseLength(%q): no error", s)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestPrintOptions(t *testing.T) {
	dir := manuscript(t, "", 12)
	const bleed = 3 * 72 / 25.4
	for _, c := range []struct {
		name string
		opt  Options
		w, h float64 // trimmed size
	}{
		{"article", Options{Path: dir, Bleed: bleed, Marks: true}, 595.28, 841.89},
		{"submission", Options{Path: dir, Profile: "submission", Bleed: bleed}, 595.28, 841.89},
		{"handout", Options{Path: dir, Profile: "handout", Marks: true}, 841.89, 595.28},
	} {
		t.Run(c.name, func(t *testing.T) {
			var diags diag.List
			out, _, _, err := Compile(c.opt, &diags)
			if err != nil {
				t.Fatal(err)
			}
			if err := api.Validate(bytes.NewReader(out), strict()); err != nil {
				t.Fatalf("pdfcpu: %v", err)
			}
			info, err := api.PDFInfo(bytes.NewReader(out), "a.pdf", nil, false, strict())
			if err != nil {
				t.Fatal(err)
			}
			slug := 0.0
			if c.opt.Marks {
				slug = impose.MarkArea
			}
			off := c.opt.Bleed + slug
			if len(info.PageBoundaries) != info.PageCount || info.PageCount == 0 {
				t.Fatalf("%d page boundaries for %d pages", len(info.PageBoundaries), info.PageCount)
			}
			for i, pb := range info.PageBoundaries {
				trim, bl, media := pb.TrimBox(), pb.BleedBox(), pb.MediaBox()
				near := func(a, b float64) bool { return abs(a-b) < 0.01 }
				if !near(media.Width(), c.w+2*off) || !near(media.Height(), c.h+2*off) {
					t.Errorf("page %d: MediaBox %v", i+1, media)
				}
				if !near(trim.Width(), c.w) || !near(trim.Height(), c.h) || !near(trim.LL.X, off) {
					t.Errorf("page %d: TrimBox %v, want %v×%v at %v", i+1, trim, c.w, c.h, off)
				}
				if !near(bl.LL.X, slug) || !near(bl.Width(), c.w+2*c.opt.Bleed) {
					t.Errorf("page %d: BleedBox %v", i+1, bl)
				}
			}
			again, _, _, _ := Compile(c.opt, &diags)
			if !bytes.Equal(out, again) {
				t.Error("two builds differ")
			}
		})
	}
}

func TestPDFA(t *testing.T) {
	for _, opt := range []Options{
		{Path: "testdata/article", PDFA: true},
		{Path: "testdata/article", PDFA: true, Profile: "handout", Bleed: 9, Marks: true},
		{Path: manuscript(t, "profiles: {submission: {pdfa: true, anonymous: true}}\n", 5), Profile: "submission"},
	} {
		var diags diag.List
		out, _, _, err := Compile(opt, &diags)
		if err != nil {
			t.Fatalf("%+v: %v\n%s", opt, err, diagText(&diags))
		}
		if err := pdfacheck.Check(out); err != nil {
			t.Errorf("%s %s: %v", opt.Path, opt.Profile, err)
		}
	}
}
