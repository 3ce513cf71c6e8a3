package build

import (
	"fmt"
	"strings"

	"quire/internal/cite"
	"quire/internal/cite/bibtex"
	"quire/internal/data"
	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/markdown"
	"quire/internal/project"
)

// MaxNotes bounds the footnotes of a manuscript (its notes and the
// citations set as notes). A long book has a few thousand; every note is
// typeset and placed, so 100,000 would take most of a minute and a few GB.
const MaxNotes = 20000

// withinLimits reports, as an error, a document over the limits above.
func withinLimits(d *doc.Document, file string, diags *diag.List) bool {
	n := 0
	var over *doc.Note
	seen := map[*doc.Note]bool{}
	var visit func(bs []doc.Block)
	visit = func(bs []doc.Block) {
		doc.EachInlines(bs, func(in []doc.Inline) {
			doc.EachInline(in, func(x doc.Inline) {
				if r, ok := x.(doc.NoteRef); ok && r.Note != nil && !seen[r.Note] {
					seen[r.Note] = true
					n++
					if n == MaxNotes+1 {
						over = r.Note
					}
					visit(r.Note.Blocks)
				}
			})
		})
	}
	visit(d.Blocks)
	if n <= MaxNotes {
		return true
	}
	pos := diag.Pos{File: file}
	if over != nil && over.Pos.File != "" {
		pos = over.Pos
	}
	diags.Errorf(pos, "split the manuscript, or turn some notes into text", "the manuscript has %d footnotes; the limit is %d", n, MaxNotes)
	return false
}

// limit is one row of the README's table of limits.
type limit struct{ what, bound string }

// limits lists every bound a build enforces on its input, in the order of
// the README's table, which is made from it (LimitsMarkdown). Each value
// comes from the constant the code checks.
func limits() []limit {
	sz := func(n int64) string {
		if n >= 1<<20 {
			return fmt.Sprintf("%d MB", n>>20)
		}
		return fmt.Sprintf("%d KB", n>>10)
	}
	return []limit{
		{"the Markdown (all files of a manuscript together)", sz(project.Markdown.Max)},
		{"a bibliography (.bib, CSL-JSON)", sz(project.Bibliography.Max)},
		{"a CSV data file; its columns", fmt.Sprintf("%s; %d columns", sz(project.Data.Max), data.MaxColumns)},
		{"an image (PNG, JPEG)", fmt.Sprintf("%s; %d pixels a side, %d megapixels", sz(project.Image.Max), project.MaxImageSide, project.MaxImagePixels/1_000_000)},
		{"a citation style or locale (.csl)", sz(project.Style.Max)},
		{"a font (.ttf)", sz(project.Font.Max)},
		{"an SVG or PDF figure", sz(project.Figure.Max)},
		{"a metadata file (metadata.yaml, _quarto.yml)", sz(project.Metadata.Max)},
		{"all the files one build reads", sz(project.MaxTotal)},
		{"a BibTeX value after @string expansion; all expansion in one file", fmt.Sprintf("%s; %s", sz(bibtex.MaxValue), sz(bibtex.MaxExpansion))},
		{"footnotes (citations set as notes included)", fmt.Sprintf("%d", MaxNotes)},
		{"works listed in the bibliography", fmt.Sprintf("%d", cite.MaxEntries)},
		{"nesting of blocks and inlines; of fenced divs (deeper is flattened, with a warning)", fmt.Sprintf("%d levels; %d", markdown.MaxNesting, markdown.MaxDivs)},
		{"a chart", "see internal/chart/README.md"},
	}
}

// LimitsMarkdown is the README's table of limits.
func LimitsMarkdown() string {
	var b strings.Builder
	b.WriteString("| input | limit |\n|---|---|\n")
	for _, l := range limits() {
		fmt.Fprintf(&b, "| %s | %s |\n", l.what, l.bound)
	}
	return b.String()
}
