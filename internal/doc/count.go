package doc

import (
	"strings"
	"unicode"
)

// Counts are the word counts of a document, as journals ask for them.
type Counts struct {
	Body     int // headings, paragraphs, lists, quotations, tables, captions
	Notes    int // footnotes, citations set as notes included
	Abstract int
	Keywords int
}

// Words is the count journals usually limit: body and notes, without the
// title block, the abstract or the bibliography.
func (c Counts) Words() int { return c.Body + c.Notes }

// Count returns the word counts of d. A word is a run of characters
// without white space that holds at least one letter or digit, so a dash
// standing alone is not a word and a hyphenated compound is one. The
// bibliography, code blocks and raw blocks are not counted; figures and
// tables count their captions, source lines and cells. Each footnote is
// counted once, where it is first referenced.
func Count(d *Document) Counts {
	var c Counts
	seen := map[*Note]bool{}
	body := newCounter(seen)
	body.blocks(d.Blocks)
	c.Body, c.Notes = body.words, body.notes.words
	abs := newCounter(seen)
	abs.blocks(d.Meta.Abstract)
	c.Abstract = abs.words
	c.Keywords = len(d.Meta.Keywords)
	return c
}

// CountWords returns the number of words in s, as Count counts them.
func CountWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// counter adds up the words of blocks; the words of footnotes go to notes,
// a counter of its own, so that notes inside notes count as notes.
type counter struct {
	words int
	notes *counter
	seen  map[*Note]bool
}

func newCounter(seen map[*Note]bool) *counter {
	notes := &counter{seen: seen}
	notes.notes = notes
	return &counter{notes: notes, seen: seen}
}

func (c *counter) blocks(bs []Block) { EachInlines(bs, c.inlines) }

func (c *counter) inlines(in []Inline) {
	c.words += CountWords(PlainText(in))
	EachInline(in, func(x Inline) {
		if r, ok := x.(NoteRef); ok && r.Note != nil && !c.seen[r.Note] {
			c.seen[r.Note] = true
			c.notes.blocks(r.Note.Blocks)
		}
	})
}
