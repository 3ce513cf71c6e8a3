package layout

import (
	"math"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/style"
)

func runDoc(t *testing.T, d *doc.Document) []*draw.Page {
	t.Helper()
	st, err := style.For("article", "a4", 0)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := New(st, &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// lineSpans groups the text items of face and size by baseline and
// returns each line's left and right edge.
func lineSpans(p *draw.Page, face string, size float64) map[float64][2]float64 {
	out := map[float64][2]float64{}
	for _, it := range draw.Expand(p.Items) {
		tx, ok := it.(*draw.Text)
		if !ok || tx.Face != face || math.Abs(tx.Size-size) > 0.01 {
			continue
		}
		r := tx.X + measure(tx)
		if sp, ok := out[tx.Y]; ok {
			out[tx.Y] = [2]float64{min(sp[0], tx.X), max(sp[1], r)}
		} else {
			out[tx.Y] = [2]float64{tx.X, r}
		}
	}
	return out
}

// Every line of a title or subtitle that takes several lines is centred,
// not only the last.
func TestTitleLinesCentred(t *testing.T) {
	st, _ := style.For("article", "a4", 0)
	d := &doc.Document{Meta: doc.Meta{
		Title:    "Soviet–Japanese relations between the world wars and the long undeclared border war, 1918–1939",
		Subtitle: "Intervention, subversion, coexistence and undeclared border war on the Amur and at Khalkhin Gol",
	}, Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Text."}}}}}
	pages := runDoc(t, d)
	mid := st.Inner + st.TextWidth()/2
	for _, c := range []struct {
		face string
		size float64
	}{{font.SerifBold, st.TitleSize}, {font.SerifItalic, st.BodySize * 1.2}} {
		spans := lineSpans(pages[0], c.face, c.size)
		if len(spans) < 2 {
			t.Fatalf("%s: %d lines, want several", c.face, len(spans))
		}
		for y, sp := range spans {
			if got := (sp[0] + sp[1]) / 2; math.Abs(got-mid) > 1 {
				t.Errorf("%s line at y=%.1f is centred on %.1f, want %.1f", c.face, y, got, mid)
			}
		}
	}
}

// A running head that does not fit is shortened at a word boundary, with
// an ellipsis; it never ends inside a word.
func TestFitTextWordBoundary(t *testing.T) {
	s := "Opportunities and obstacles for deep learning in biology and medicine: an update in progress"
	w := font.Measure(font.SerifItalic, 9, "Opportunities and obstacles for deep learning")
	got := fitText(font.SerifItalic, 9, s, w)
	if !strings.HasSuffix(got, "…") || !strings.HasPrefix(s, strings.TrimSuffix(got, "…")) {
		t.Fatalf("fitText = %q", got)
	}
	head := strings.TrimSuffix(got, "…")
	if next := s[len(head)]; next != ' ' {
		t.Errorf("cut inside a word: %q (next %q)", got, next)
	}
	if font.Measure(font.SerifItalic, 9, got) > w {
		t.Errorf("%q is wider than %.1f", got, w)
	}
	if got := fitText(font.SerifItalic, 9, "Short", w); got != "Short" {
		t.Errorf("a head that fits is changed: %q", got)
	}
	// A dangling comma or colon goes with the dropped words.
	if got := fitText(font.SerifItalic, 9, "Deep learning, biology and medicine", font.Measure(font.SerifItalic, 9, "Deep learning, bio")); got != "Deep learning…" {
		t.Errorf("fitText = %q, want %q", got, "Deep learning…")
	}
}

// Several authors: the names in a row with their affiliation numbers and
// note marks, the affiliations listed under them, the notes at the foot.
func TestAuthorsWithAffiliations(t *testing.T) {
	corr := &doc.Note{Mark: "*", ID: "title-note-1", Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Corresponding author."}}}}}
	m := doc.Meta{
		Title: "T",
		Authors: []doc.Author{
			{Name: "Ann Lee", Affiliations: []int{1, 2}, Notes: []*doc.Note{corr}},
			{Name: "Bob Roe", Affiliations: []int{2}},
		},
		Affiliations: []doc.Affiliation{{Name: "Open Journals"}, {Name: "GitHub"}},
		TitleNotes:   []*doc.Note{corr},
	}
	pages := runDoc(t, &doc.Document{Meta: m, Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Text."}}}}})
	var texts []string
	for _, it := range draw.Expand(pages[0].Items) {
		if tx, ok := it.(*draw.Text); ok {
			texts = append(texts, tx.S)
		}
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"Ann\u00a0Lee", "1,2", "*", "and", "Bob\u00a0Roe", "Open", "Journals", "GitHub", "Corresponding"} {
		if !strings.Contains(all, want) {
			t.Errorf("title block lacks %q: %s", want, all)
		}
	}
	if strings.Count(all, "Corresponding") != 1 {
		t.Errorf("the note is set %d times", strings.Count(all, "Corresponding"))
	}
}

// A group author closes the list after a comma: "Ann Lee, Bo Wu, with the
// Lorem Ipsum Consortium", not "and with".
func TestGroupAuthorLine(t *testing.T) {
	d := &doc.Document{Meta: doc.Meta{Title: "T", Authors: []doc.Author{{Name: "Ann Lee"}, {Name: "Bo Wu"}, {Name: "with the Lorem Ipsum Consortium", Group: true}}}}
	var line []string
	for _, tx := range texts(runDoc(t, d)[0]) {
		if tx.S != "T" {
			line = append(line, tx.S)
		}
	}
	got := strings.Join(strings.Fields(strings.ReplaceAll(strings.Join(line, ""), "\u00a0", " ")), "")
	if !strings.Contains(got, "AnnLee,BoWu,withtheLoremIpsumConsortium") {
		t.Errorf("author line %q", got)
	}
}
