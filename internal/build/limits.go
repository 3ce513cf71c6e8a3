package build

import (
	"quire/internal/diag"
	"quire/internal/doc"
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
