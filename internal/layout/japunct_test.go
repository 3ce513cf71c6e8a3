package layout

import (
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

// TestJapanesePunctuationPairs: two full-width marks in a row whose blank
// halves meet (。「, ）。, 「（) are set half an em closer in Japanese, as
// JIS X 4051 and xeCJK set them; not in Chinese, whose face centres some
// marks; and a line may still break between 。 and 「, where the marks
// keep their full width.
func TestJapanesePunctuationPairs(t *testing.T) {
	const text = "異なる。「なぜ」と言う（注）。「（甲）」"
	runs := func(tag string) []*draw.Text {
		l := New(article(t), &diag.List{})
		l.setLang(&doc.Meta{Lang: tag})
		g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
		ls := g.setInline([]doc.Inline{doc.Text{S: text}}, 400, paraOpts{}, textStyle{face: "serif", size: 10})
		var out []*draw.Text
		for _, it := range draw.Expand(ls[0].items) {
			if tx, ok := it.(*draw.Text); ok && !tx.Invisible {
				out = append(out, tx)
			}
		}
		return out
	}
	// The distance from the start of the run holding a's last rune to
	// the start of the next run, less the width of a's run.
	gaps := func(rs []*draw.Text) map[string]float64 {
		m := map[string]float64{}
		for i := 1; i < len(rs); i++ {
			a, b := []rune(rs[i-1].S), []rune(rs[i].S)
			m[string(a[len(a)-1])+string(b[0])] = rs[i].X - (rs[i-1].X + measure(rs[i-1]))
		}
		return m
	}
	ja := gaps(runs("ja"))
	for _, pair := range []string{"。「", "）。", "「（", "）」"} {
		if g, ok := ja[pair]; !ok || g > -4.99 || g < -5.01 {
			t.Errorf("ja %s: gap %.2f (found %v), want -5 (half an em at 10 pt)", pair, g, ok)
		}
	}
	for pair, g := range gaps(runs("zh")) {
		if g < -0.01 {
			t.Errorf("zh %s: gap %.2f, want none closer", pair, g)
		}
	}
	// A break between 。 and 「: the first line ends with 。 at full
	// width, the next starts with 「 at the margin.
	lines := lineTexts(t, "ja", "日本軍とソ連軍は戦。「行った」と呼ぶ。", 100, false)
	if len(lines) < 2 || lines[0] != "日本軍とソ連軍は戦。" || lines[1][:len("「")] != "「" {
		t.Errorf("lines %q: want a break before 「", lines)
	}
}
