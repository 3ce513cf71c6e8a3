package draw

// Words is a run of words set on one baseline in one face, size, look
// and structure node: the text of a line between the items that are not
// words (links, anchors, rules, formulas). It draws exactly what a Text
// per word would (see Text): word k is the Text that At(k) gives.
//
// A long book's lines hold millions of words. As Texts they cost 120
// bytes each (the Text and its slot in the page's items); a word of a
// Words costs 24 (TestWordSize), and the line's face, size, node and
// look are kept once.
type Words struct {
	Y    float64
	Face string // a font face name (package font)
	Size float64
	Tag  *Node // what the words are in the document's structure (tag.go)
	// Look is how the words are painted when that is not plain black
	// (a colour, emboldening); nil when it is. Words never start or end
	// an ActualText span, are never rotated nor invisible: such runs
	// are Texts.
	Look *Look
	W    []Word
}

// Word is one glyph run of a Words.
type Word struct {
	X float64
	// R is the word's text shaped in the Words' face (package shape):
	// the shaper's cached run, which is never changed, so a word holds
	// one pointer, not a string and a slice.
	R *GlyphRun
	// Space says a word space follows the word (Text.Space).
	Space bool
}

// GlyphRun is a text and its glyphs (Text.S and Text.Glyphs).
type GlyphRun struct {
	S      string
	Glyphs []Glyph
}

func (*Words) item() {}

// At returns word k as the Text that draws it.
func (w *Words) At(k int) Text {
	wd := &w.W[k]
	return Text{X: wd.X, Y: w.Y, Face: w.Face, Size: w.Size, S: wd.R.S, Glyphs: wd.R.Glyphs, Tag: w.Tag, Look: w.Look, Space: wd.Space}
}

// Next makes t, a Text of w's words (At), word k: it sets only what
// words differ in.
func (w *Words) Next(k int, t *Text) {
	wd := &w.W[k]
	t.X, t.S, t.Glyphs, t.Space = wd.X, wd.R.S, wd.R.Glyphs, wd.Space
}

// Node returns the words' structure node.
func (w *Words) Node() *Node { return w.Tag }

// SetNode sets the words' structure node.
func (w *Words) SetNode(n *Node) { w.Tag = n }

// Expand returns items with every Words replaced by the Texts of its
// words, in order; items itself when it holds no Words. It is for
// readers that look at words one by one (tests, tools).
func Expand(items []Item) []Item {
	n, has := 0, false
	for _, it := range items {
		if w, ok := it.(*Words); ok {
			n += len(w.W)
			has = true
		} else {
			n++
		}
	}
	if !has {
		return items
	}
	out := make([]Item, 0, n)
	for _, it := range items {
		w, ok := it.(*Words)
		if !ok {
			out = append(out, it)
			continue
		}
		for k := range w.W {
			t := w.At(k)
			out = append(out, &t)
		}
	}
	return out
}
