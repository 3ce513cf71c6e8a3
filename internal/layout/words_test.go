package layout

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

// TestLineIsOneWords: a line of plain text is one draw.Words holding all
// its words (a Text a word costs three times the memory), and a word in
// another look (emphasis, a link) splits it, in order.
func TestLineIsOneWords(t *testing.T) {
	st := article(t)
	l := New(st, &diag.List{})
	g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
	o := paraOpts{justify: true, leading: 14}
	ts := textStyle{face: st.BodyFace, size: st.BodySize}
	plain := []doc.Inline{doc.Text{S: "Plain words set on one short line"}}
	ls := g.setInline(plain, st.TextWidth(), o, ts)
	if len(ls) != 1 || len(ls[0].items) != 1 {
		t.Fatalf("plain line: %d lines, items %v; want one line of one Words", len(ls), ls[0].items)
	}
	w, ok := ls[0].items[0].(*draw.Words)
	if !ok || len(w.W) != 7 {
		t.Fatalf("plain line: %T, want a Words of 7 words", ls[0].items[0])
	}
	var got []string
	for k := range w.W {
		tx := w.At(k)
		got = append(got, tx.S)
		if k < len(w.W)-1 && !tx.Space { // the last is followed by the paragraph's end
			t.Errorf("word %d %q: Space %v", k, tx.S, tx.Space)
		}
		if k > 0 && !(w.W[k].X > w.W[k-1].X) {
			t.Errorf("word %d %q at %.2f, not right of the one before", k, tx.S, w.W[k].X)
		}
	}
	if s := strings.Join(got, " "); s != "Plain words set on one short line" {
		t.Errorf("words %q", s)
	}
	mixed := []doc.Inline{doc.Text{S: "one two "}, doc.Emph{Content: []doc.Inline{doc.Text{S: "three"}}}, doc.Text{S: " four five"}}
	ls = g.setInline(mixed, st.TextWidth(), o, ts)
	var runs []int
	for _, it := range ls[0].items {
		if w, ok := it.(*draw.Words); ok {
			runs = append(runs, len(w.W))
		}
	}
	if len(runs) != 3 || runs[0] != 2 || runs[1] != 1 || runs[2] != 2 {
		t.Errorf("one two *three* four five: Words of %v words, want [2 1 2]", runs)
	}
}
