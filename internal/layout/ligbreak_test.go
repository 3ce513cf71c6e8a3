package layout

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/shape"
)

// TestLigatureHyphenBreak sets a narrow justified paragraph of words with
// f-ligatures at their hyphenation points (of-fice, dif-fi-cult, suf-fi-
// cient) and checks that a word broken there is drawn without the ligature
// that spans the break: each part is shaped anew, its glyphs spell exactly
// its own text, and a word not broken keeps its ligature.
func TestLigatureHyphenBreak(t *testing.T) {
	if sh := shape.Shape(font.Serif, "office", 0); len(sh.Runs[0].Glyphs) != 4 {
		t.Fatal("the book face no longer ligates ffi; the test needs a face that does")
	}
	var b strings.Builder
	for i := 0; i < 60; i++ {
		b.WriteString("officials found difficulties sufficiently effective offices ")
		b.WriteString(words[i%len(words)] + " ")
	}
	d := &doc.Document{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: b.String()}}}}}
	st := article(t)
	st.Outer += st.TextWidth() / 2 // about 34 characters a line: many breaks
	pages, err := New(st, &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	broken, whole := 0, 0
	for _, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			tx, ok := it.(*draw.Text)
			if !ok || tx.Face != font.Serif || tx.Size != st.BodySize || tx.Glyphs == nil {
				continue
			}
			var spelled strings.Builder
			lig := false
			for _, g := range tx.Glyphs {
				if g.Text != "" {
					spelled.WriteString(g.Text)
				} else {
					spelled.WriteRune(g.Code)
				}
				lig = lig || len([]rune(g.Text)) > 1
			}
			if spelled.String() != tx.S {
				t.Errorf("run %q drawn with glyphs spelling %q", tx.S, spelled.String())
			}
			low := strings.ToLower(tx.S)
			if strings.HasSuffix(tx.S, "-") && (strings.HasSuffix(low, "f-") || strings.HasPrefix(low, "fi") || strings.HasPrefix(low, "ff")) {
				broken++
			}
			if strings.Contains(low, "ffi") || strings.HasPrefix(low, "fi") {
				whole++
				if !lig {
					t.Errorf("run %q drawn without its ligature", tx.S)
				}
			}
		}
	}
	if broken == 0 || whole == 0 {
		t.Errorf("%d words broken at an f, %d runs with a ligature: the test needs another paragraph", broken, whole)
	}
}
