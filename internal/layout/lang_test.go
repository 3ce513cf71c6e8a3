package layout

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/lang"
)

func langBuilder(tag string) *builder {
	lg, _ := lang.Lookup(tag)
	return &builder{p: &para{}, docLang: lg, lang: lg}
}

func TestQuotesByLanguage(t *testing.T) {
	st := &textStyle{face: "serif", size: 10}
	for _, tc := range []struct{ tag, in, want string }{
		{"en-US", "“Yes,” she said, ‘no’ isn’t it", "“Yes,” she said, ‘no’ isn’t it"},
		{"de", "Er sagte: “Das ist ‘gut’.” Geht’s?", "Er sagte: „Das ist ‚gut‘.“ Geht’s?"},
		{"ru", "Он сказал: “Это ‘хорошо’”.", "Он сказал: «Это „хорошо“»."},
		{"fr", "Il dit : “Oui !” Vraiment? Voir http://x.org à 10:30; fin", "Il dit\u202f: «\u202fOui\u202f!\u202f» Vraiment\u202f? Voir http://x.org à 10:30\u202f; fin"},
		{"fr", "« déjà »", "«\u202fdéjà\u202f»"},
		{"ja", "彼は“はい”と言った。", "彼は「はい」と言った。"},
		{"de", "Er schrieb „Anführungszeichen“ und ‚halbe‘, dann “englische”.", "Er schrieb „Anführungszeichen“ und ‚halbe‘, dann „englische“."},
		{"cs", "Řekl „ano“.", "Řekl „ano“."},
	} {
		b := langBuilder(tc.tag)
		if got := b.quotes(tc.in, st); got != tc.want {
			t.Errorf("%s: quotes(%q) = %q, want %q", tc.tag, tc.in, got, tc.want)
		}
	}
	// Code keeps its quotes.
	b := langBuilder("de")
	if got := b.quotes("“x”", &textStyle{face: "mono", size: 10}); got != "“x”" {
		t.Errorf("code: %q", got)
	}
}

// lineTexts returns the text of each line of a paragraph set at width.
func lineTexts(t *testing.T, tag, text string, width float64, justify bool) []string {
	t.Helper()
	l := New(article(t), &diag.List{})
	l.setLang(&doc.Meta{Lang: tag})
	g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
	ls := g.setInline([]doc.Inline{doc.Text{S: text}}, width, paraOpts{justify: justify}, textStyle{face: "serif", size: 10})
	var out []string
	for _, ln := range ls {
		var b strings.Builder
		for _, it := range draw.Expand(ln.items) {
			if tx, ok := it.(*draw.Text); ok {
				b.WriteString(tx.S)
			}
		}
		out = append(out, b.String())
	}
	return out
}

const kinsokuText = "一九三九年の夏、満洲国とモンゴル人民共和国の国境をめぐって、日本軍とソ連軍はハルハ河畔で大規模な戦闘を行った。" +
	"日本ではこれを「ノモンハン事件」と呼び、ソ連およびモンゴルでは「ハルハ河の戦い」と呼ぶ。防衛庁防衛研修所戦史室の『戦史叢書』は、" +
	"関東軍の作戦をくわしく記録している。ちょっとした違いでも、ゃゅょのような小書きの仮名は行頭に来てはならない。"

func TestKinsoku(t *testing.T) {
	// A break that would fall before 。: ten ideographs fill a line of
	// ten ems exactly, and the eleventh character is 。.
	text := "日本軍とソ連軍は戦闘。を行った。日本ではこれを呼ぶ。"
	lines := lineTexts(t, "ja", text, 100, true)
	if len(lines) < 2 || strings.HasPrefix(lines[1], "。") {
		t.Fatalf("a line starts with 。: %q", lines)
	}
	if !strings.HasSuffix(lines[0], "。") && []rune(lines[0])[len([]rune(lines[0]))-1] == '闘' {
		t.Errorf("the first line should end in 。 (hung) or leave 闘 for the next: %q", lines)
	}
	// Every width: no line starts with closing punctuation or a small
	// kana, none ends with an opening bracket, none has a hyphen.
	for w := 60.0; w <= 300; w += 7 {
		for _, justify := range []bool{true, false} {
			lines := lineTexts(t, "ja", kinsokuText, w, justify)
			if got := strings.Join(lines, ""); got != kinsokuText {
				t.Fatalf("width %v: lines %q lose text", w, lines)
			}
			for i, ln := range lines {
				rs := []rune(ln)
				if i > 0 && strings.ContainsRune(noLineStart, rs[0]) {
					t.Errorf("width %v: line %d starts with %q: %q", w, i+1, rs[0], ln)
				}
				if i < len(lines)-1 && strings.ContainsRune(noLineEnd, rs[len(rs)-1]) {
					t.Errorf("width %v: line %d ends with %q: %q", w, i+1, rs[len(rs)-1], ln)
				}
				if strings.Contains(ln, "-") {
					t.Errorf("width %v: a hyphen in CJK text: %q", w, ln)
				}
			}
		}
	}
}

// TestCJKSpacing: a Latin word inside Japanese text gets a quarter em on
// each side; a justified Japanese line is filled to the measure.
func TestCJKSpacing(t *testing.T) {
	l := New(article(t), &diag.List{})
	l.setLang(&doc.Meta{Lang: "ja"})
	g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
	ls := g.setInline([]doc.Inline{doc.Text{S: "日本語とEnglishの混在"}}, 400, paraOpts{}, textStyle{face: "serif", size: 10})
	var xs []*draw.Text
	for _, it := range draw.Expand(ls[0].items) {
		if tx, ok := it.(*draw.Text); ok {
			xs = append(xs, tx)
		}
	}
	if len(xs) < 3 {
		t.Fatalf("items %v", xs)
	}
	for i := 1; i < len(xs); i++ {
		gap := xs[i].X - (xs[i-1].X + measure(xs[i-1]))
		latin := !strings.ContainsAny(xs[i].S+xs[i-1].S, "日本語との混在") || strings.Contains(xs[i].S+xs[i-1].S, "English")
		if latin && (gap < 2.4 || gap > 2.6) {
			t.Errorf("gap %.2f before %q, want a quarter em (2.5)", gap, xs[i].S)
		}
	}
}
