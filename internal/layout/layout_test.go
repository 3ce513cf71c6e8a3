package layout

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/shape"
	"quire/internal/style"
)

var words = strings.Fields(`the treaty of portsmouth ended a war that neither government
had wished to fight for long and it left both empires with grievances about
fisheries railways and the boundary on sakhalin which diplomats would argue over
for a generation while soldiers on the amur watched each other across the ice
international negotiation administrative responsibility extraordinary
consideration revolutionary interventionist correspondence`)

func sentence(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		w := words[r.Intn(len(words))]
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	b.WriteString(".")
	return b.String()
}

// genDoc makes a document of about pages pages with headings, paragraphs
// of varied length and footnotes.
func genDoc(pages int, seed int64) *doc.Document {
	r := rand.New(rand.NewSource(seed))
	d := &doc.Document{Meta: doc.Meta{Title: "Generated", Authors: []doc.Author{{Name: "A. Tester"}}}}
	note := 0
	for p := 0; p < pages; p++ {
		if p%3 == 0 {
			d.Blocks = append(d.Blocks, &doc.Heading{Level: 1 + p%2, Content: []doc.Inline{doc.Text{S: sentence(r, 4)}}})
		}
		for k := 0; k < 4; k++ {
			var in []doc.Inline
			for s := 0; s < 2+r.Intn(6); s++ {
				in = append(in, doc.Text{S: sentence(r, 8+r.Intn(14)) + " "})
				if r.Intn(6) == 0 {
					note++
					n := &doc.Note{Number: note, Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: sentence(r, 10+r.Intn(60))}}}}}
					in = append(in, doc.NoteRef{Note: n}, doc.Text{S: " "})
				}
			}
			d.Blocks = append(d.Blocks, &doc.Paragraph{Content: in})
		}
	}
	return d
}

func article(t testing.TB) *style.Style {
	st, err := style.For("article", "a4", 0)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// anchorsByPage maps anchor names to the page they are on.
func anchorsByPage(pages []*draw.Page) map[string]int {
	m := map[string]int{}
	for i, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if a, ok := it.(*draw.Anchor); ok {
				m[a.Name] = i + 1
			}
		}
	}
	return m
}

func TestFootnotesOnPageOfMark(t *testing.T) {
	d := genDoc(30, 1)
	pages, err := New(article(t), &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 20 {
		t.Fatalf("only %d pages", len(pages))
	}
	at := anchorsByPage(pages)
	checked := 0
	for name, p := range at {
		if !strings.HasPrefix(name, "fnref-") {
			continue
		}
		n := strings.TrimPrefix(name, "fnref-")
		if q, ok := at["fn-"+n]; !ok || q != p {
			t.Errorf("note %s: mark on page %d, note starts on page %d", n, p, q)
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d notes checked", checked)
	}
}

func TestLongFootnoteContinues(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	long := &doc.Note{Number: 1}
	for i := 0; i < 12; i++ {
		long.Blocks = append(long.Blocks, &doc.Paragraph{Content: []doc.Inline{doc.Text{S: sentence(r, 60)}}})
	}
	d := &doc.Document{}
	for i := 0; i < 30; i++ {
		in := []doc.Inline{doc.Text{S: sentence(r, 40)}}
		if i == 20 {
			in = append(in, doc.NoteRef{Note: long})
		}
		d.Blocks = append(d.Blocks, &doc.Paragraph{Content: in})
	}
	l := New(article(t), &diag.List{})
	pages, err := l.Run(d)
	if err != nil {
		t.Fatal(err)
	}
	at := anchorsByPage(pages)
	if at["fn-1"] != at["fnref-1"] {
		t.Fatalf("note starts on page %d, mark on %d", at["fn-1"], at["fnref-1"])
	}
	// The note is taller than a page's note budget: some of it continues.
	last := 0
	for i, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if tx, ok := it.(*draw.Text); ok && tx.Size == l.st.NoteSize && tx.Y > l.st.Top+l.st.TextHeight()*0.3 {
				last = i + 1
			}
		}
	}
	if last <= at["fn-1"] {
		t.Fatalf("long note did not continue past page %d", at["fn-1"])
	}
	// Nothing is drawn below the text block except the folio.
	for i, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if tx, ok := it.(*draw.Text); ok && tx.Size < l.st.SmallSize && tx.Y > l.st.Top+l.st.TextHeight()+1 {
				t.Errorf("page %d: note text below the text block at y=%.1f", i+1, tx.Y)
			}
		}
	}
}

// TestBreakRules checks that no page ends right after a box that forbids a
// break: a heading, the first line of a paragraph (orphan), or the line
// before a paragraph's last (widow).
func TestBreakRules(t *testing.T) {
	for seed := int64(1); seed <= 5; seed++ {
		d := genDoc(12, seed)
		l := New(article(t), &diag.List{})
		g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
		s := l.st
		g.blocks(d.Blocks, ctx{width: s.TextWidth(), size: s.BodySize, leading: s.Leading, face: s.BodyFace})
		pcs := l.paginate(g.out)
		for i, pc := range pcs[:len(pcs)-1] {
			last := pc.body[len(pc.body)-1].v
			if last.noBreak {
				t.Errorf("seed %d page %d ends after a box that forbids a break", seed, i+1)
			}
			if pc.body[0].v.space {
				t.Errorf("seed %d page %d starts with space", seed, i+1)
			}
			used, shrink := 0.0, 0.0
			for _, p := range pc.body {
				if p.y+p.v.h > used {
					used = p.y + p.v.h
				}
				shrink += p.v.shrink
			}
			for _, v := range pc.notes {
				used += v.h
			}
			if len(pc.notes) > 0 {
				used += s.NoteLeading * 1.2
			}
			// Spaces may give up their shrink on a full page.
			used -= shrink * shrinkRatio(pc, s.TextHeight(), s.NoteLeading*1.2)
			if used > s.TextHeight()+0.05 {
				t.Errorf("seed %d page %d overfull: %.1f > %.1f", seed, i+1, used, s.TextHeight())
			}
		}
	}
}

// TestWidowMovesLines builds a page where exactly all but one line of a
// paragraph fit; the break must move two lines, not leave a widow.
func TestWidowMovesLines(t *testing.T) {
	l := New(article(t), &diag.List{})
	s := l.st
	r := rand.New(rand.NewSource(9))
	g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
	c := ctx{width: s.TextWidth(), size: s.BodySize, leading: s.Leading, face: s.BodyFace}
	per := int(s.TextHeight() / s.Leading) // lines per page
	// A paragraph of per+1 lines: greedy filling would leave one line over.
	text := strings.Fields(sentence(r, 1200))
	for n := 300; ; n++ {
		g.out = nil
		g.paragraph([]doc.Inline{doc.Text{S: strings.Join(text[:n], " ")}}, c, paraOpts{justify: true, hyphenate: true}, textStyle{face: s.BodyFace, size: s.BodySize})
		if len(g.out) == per+1 {
			break
		}
		if len(g.out) > per+1 {
			t.Skip("could not hit the exact line count")
		}
	}
	pcs := l.paginate(g.out)
	if len(pcs) != 2 {
		t.Fatalf("%d pages", len(pcs))
	}
	if len(pcs[1].body) < 2 {
		t.Fatalf("widow: %d line(s) on the second page", len(pcs[1].body))
	}
	if len(pcs[0].body) < 2 {
		t.Fatalf("orphan on the first page")
	}
}

// TestHeadingKeptWithNext places a heading where only it and one line would
// fit; it must move to the next page with its paragraph.
func TestHeadingKeptWithNext(t *testing.T) {
	for seed := int64(1); seed <= 8; seed++ {
		d := genDoc(10, seed)
		pages, err := New(article(t), &diag.List{}).Run(d)
		if err != nil {
			t.Fatal(err)
		}
		st := article(t)
		for i, p := range pages {
			for _, it := range draw.Expand(p.Items) {
				b, ok := it.(*draw.Bookmark)
				if !ok || b.Level == 0 && b.Title == "Generated" {
					continue
				}
				// Count body lines below the heading on this page.
				below := 0
				for _, it2 := range draw.Expand(p.Items) {
					if tx, ok := it2.(*draw.Text); ok && tx.Size == st.BodySize && tx.Y > b.Y+st.HeadingSizes[0]*1.5 && tx.Y < st.Top+st.TextHeight() {
						below++
					}
				}
				if below == 0 {
					t.Errorf("seed %d: heading %q stranded at the foot of page %d", seed, b.Title, i+1)
				}
			}
		}
	}
}

func TestLinesStayInMeasure(t *testing.T) {
	d := genDoc(8, 4)
	d.Blocks = append(d.Blocks, &doc.Paragraph{Content: []doc.Inline{doc.Text{S: "A URL https://example.org/" + strings.Repeat("segment/", 40) + " and a word " + strings.Repeat("x", 500) + " end."}}})
	st := article(t)
	pages, err := New(st, &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	right := st.PageW - st.Outer
	for i, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if tx, ok := it.(*draw.Text); ok {
				end := tx.X + measure(tx) - hang(tx)
				if end > right+0.5 {
					t.Errorf("page %d: %q ends at %.1f, past the margin %.1f", i+1, tx.S, end, right)
				}
			}
		}
	}
}

// measure returns the width of t as drawn: its glyphs' advances, kerning
// included.
func measure(t *draw.Text) float64 {
	if t.Glyphs == nil {
		return shape.Width(t.Face, t.Size, t.S)
	}
	w := 0.0
	for _, g := range t.Glyphs {
		w += float64(g.Adv)
	}
	return w * t.Size / 1000
}

// hang returns how far the last character of t may hang into the right
// margin.
func hang(t *draw.Text) float64 {
	r, _ := utf8.DecodeLastRuneInString(t.S)
	_, right := font.MustGet(t.Face).Protrusion(r)
	return right * t.Size / 1000
}

func TestJustified(t *testing.T) {
	d := genDoc(3, 2)
	st := article(t)
	pages, _ := New(st, &diag.List{}).Run(d)
	// Full lines end flush at the right margin, their last character
	// hanging into it by its protrusion: count text runs ending within
	// 0.01 pt of that.
	right := st.PageW - st.Outer
	flush := 0
	for _, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if tx, ok := it.(*draw.Text); ok && tx.Size == st.BodySize {
				if e := tx.X + measure(tx) - hang(tx); e > right-0.01 && e < right+0.01 {
					flush++
				}
			}
		}
	}
	if flush < 50 {
		t.Fatalf("only %d lines end flush right", flush)
	}
}

func BenchmarkLayout100Pages(b *testing.B) {
	d := genDoc(150, 1)
	st := article(b)
	l := New(st, &diag.List{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pages, err := l.Run(d)
		if err != nil || len(pages) < 95 {
			b.Fatal(err, len(pages))
		}
	}
}

func ExampleLayout_Run() {
	st, _ := style.For("article", "a4", 0)
	d := &doc.Document{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Hello."}}}}}
	pages, _ := New(st, &diag.List{}).Run(d)
	fmt.Println(len(pages))
	// Output: 1
}

func countHyphenated(pages []*draw.Page, size float64) int {
	n := 0
	for _, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if tx, ok := it.(*draw.Text); ok && tx.Size == size && strings.HasSuffix(tx.S, "-") {
				n++
			}
		}
	}
	return n
}

func TestHyphenationFollowsLanguage(t *testing.T) {
	st := article(t)
	en := genDoc(6, 5)
	pages, _ := New(st, &diag.List{}).Run(en)
	nEN := countHyphenated(pages, st.BodySize)
	if nEN == 0 {
		t.Fatal("no hyphenated line in six pages of English")
	}
	// An unknown language: no hyphenation, with a warning.
	xx := genDoc(6, 5)
	xx.Meta.Lang = "xx-YY"
	var diags diag.List
	pages, _ = New(st, &diags).Run(xx)
	if n := countHyphenated(pages, st.BodySize); n != 0 {
		t.Fatalf("%d lines hyphenated with English patterns in a text in an unknown language", n)
	}
	if !strings.Contains(fmt.Sprint(diags.Items()), "no hyphenation patterns") {
		t.Fatal("no warning about missing patterns")
	}
	// German patterns on the same (English) words break differently.
	de := genDoc(6, 5)
	de.Meta.Lang = "de-DE"
	diags = diag.List{}
	pages, _ = New(st, &diags).Run(de)
	if len(diags.Items()) != 0 {
		t.Errorf("German: %v", diags.Items())
	}
	if n := countHyphenated(pages, st.BodySize); n == 0 || hyphenatedWords(pages, st.BodySize) == hyphenatedWords(mustRun(t, st, genDoc(6, 5)), st.BodySize) {
		t.Errorf("German text: %d hyphenated lines, the same breaks as English", n)
	}
}

func mustRun(t *testing.T, st *style.Style, d *doc.Document) []*draw.Page {
	t.Helper()
	pages, err := New(st, &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// hyphenatedWords lists the line-final pieces ending in a hyphen.
func hyphenatedWords(pages []*draw.Page, size float64) string {
	var b strings.Builder
	for _, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if tx, ok := it.(*draw.Text); ok && tx.Size == size && strings.HasSuffix(tx.S, "-") {
				b.WriteString(tx.S + " ")
			}
		}
	}
	return b.String()
}

func TestURLBreaksFollowChicago(t *testing.T) {
	u := []rune("https://history.state.gov/a_b?x=1&y=2#frag")
	var got []string
	for i := 1; i < len(u)-1; i++ {
		if urlBreak(u, i) {
			got = append(got, string(u[:i])+"|"+string(u[i:]))
		}
	}
	want := map[string]bool{
		"https:|//history.state.gov/a_b?x=1&y=2#frag": false, // not between colon and slashes
		"https://|history.state.gov/a_b?x=1&y=2#frag": true,  // after the double slash
		"https://history|.state.gov/a_b?x=1&y=2#frag": true,  // before a period
		"https://history.state.gov|/a_b?x=1&y=2#frag": true,  // before a single slash
		"https://history.state.gov/|a_b?x=1&y=2#frag": false, // not after a single slash
		"https://history.state.gov/a|_b?x=1&y=2#frag": true,  // before an underline
		"https://history.state.gov/a_b?x|=1&y=2#frag": true,  // before an equals sign
		"https://history.state.gov/a_b?x=|1&y=2#frag": true,  // and after it
	}
	set := map[string]bool{}
	for _, g := range got {
		set[g] = true
	}
	for k, v := range want {
		if set[k] != v {
			t.Errorf("break %q: got %v, want %v", k, set[k], v)
		}
	}
}

func TestRaggedFillsLines(t *testing.T) {
	st := article(t)
	l := New(st, &diag.List{})
	g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
	text := "United States Department of State. “The Ambassador in the Soviet Union (Davies) to the Secretary of State, Telegram No. 158 [on the Amur islands incident].” Foreign Relations of the United States: Diplomatic Papers, 1937, vol. 3, The Far East. 1937. Accessed November 27, 2026. https://history.state.gov/historicaldocuments/frus1937v03/d1059."
	ls := g.setInline([]doc.Inline{doc.Text{S: text}}, st.TextWidth(), paraOpts{leading: 14, hang: 22}, textStyle{face: st.BodyFace, size: st.BodySize})
	// Each line but the last is so full that the next line's first word
	// would not have fitted.
	for i := 0; i+1 < len(ls); i++ {
		next := draw.Expand(ls[i+1].items)[0].(*draw.Text).S
		ink := 0.0
		for _, it := range draw.Expand(ls[i].items) {
			if tx, ok := it.(*draw.Text); ok && tx.X+measure(tx) > ink {
				ink = tx.X + measure(tx)
			}
		}
		if w := ink + font.Measure(st.BodyFace, st.BodySize, " "+strings.Fields(next)[0]); w <= st.TextWidth()-1 {
			t.Errorf("line %d stops short: %.1f + %q fits in %.1f", i+1, ink, next, st.TextWidth())
		}
	}
}

func TestWarnsOnUnbreakableRunsAndWideTables(t *testing.T) {
	pos := doc.Pos{File: "p.md", Line: 7}
	long := strings.Repeat("x", 5000)
	row := func(n int, s string) [][]doc.Inline {
		var r [][]doc.Inline
		for i := 0; i < n; i++ {
			r = append(r, []doc.Inline{doc.Text{S: s}})
		}
		return r
	}
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Paragraph{At: doc.At{Pos: pos}, Content: []doc.Inline{doc.Text{S: "A word " + long + " ends."}}},
		&doc.Paragraph{At: doc.At{Pos: doc.Pos{File: "p.md", Line: 9}}, Content: []doc.Inline{doc.Text{S: "An ordinary paragraph with https://example.org/a/b/c/d/e/f/g/h/i/j/k a URL."}}},
		&doc.Table{At: doc.At{Pos: doc.Pos{File: "p.md", Line: 11}}, Header: row(40, "Heading"), Rows: [][][]doc.Inline{row(40, "Extraordinary")}},
	}}
	var diags diag.List
	if _, err := New(article(t), &diags).Run(d); err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(diags.Items())
	for _, want := range []string{"p.md:7: warning: a run of 5000 characters", "p.md:11: warning: the table's 40 columns are wider than the text block"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in %s", want, got)
		}
	}
	if strings.Contains(got, "p.md:9") {
		t.Errorf("a URL with break points drew a warning: %s", got)
	}
}
