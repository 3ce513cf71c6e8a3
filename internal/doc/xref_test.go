package doc

import (
	"strings"
	"testing"

	"quire/internal/diag"
)

func txt(s string) []Inline { return []Inline{Text{S: s}} }

// eqBlock is a labelled display equation, as the math package provides.
type eqBlock struct {
	At
	label string
	n     int
}

func (e *eqBlock) EquationLabel() string   { return e.label }
func (e *eqBlock) SetEquationNumber(n int) { e.n = n }

func sample() *Document {
	return &Document{Blocks: []Block{
		&Heading{Level: 2, ID: "intro", Content: txt("Intro")},
		&Figure{ID: "fig:a", Caption: txt("A")},
		&Figure{ID: "fig:b", Caption: txt("B")},
		&Figure{ID: "fig:c", Caption: txt("C")},
		&Heading{Level: 3, ID: "sec:sub", Content: txt("Sub")},
		&Table{Caption: append(txt("T "), Anchor{ID: "tbl:t"})},
		&Table{}, // no caption, no label: unnumbered
		&CodeBlock{ID: "lst:code", Caption: txt("Code")},
		&eqBlock{label: "eq:e"},
		&eqBlock{},
		&Heading{Level: 2, ID: "refs", Unnumbered: true, Content: txt("References")},
		&Div{Blocks: []Block{&Figure{ID: "fig-d"}}},
	}}
}

// refText resolves a paragraph holding in and returns its plain text.
func refText(t *testing.T, d *Document, in ...Inline) (string, *diag.List) {
	t.Helper()
	p := &Paragraph{Content: in}
	d.Blocks = append(d.Blocks, p)
	var l diag.List
	ResolveRefs(d, &l)
	return PlainText(p.Content), &l
}

func TestNumbering(t *testing.T) {
	d := sample()
	labels := NumberFloats(d)
	h := d.Blocks[0].(*Heading)
	if h.Level != 1 || h.Number != "1" {
		t.Errorf("top heading ## should be level 1 numbered 1, got level %d %q", h.Level, h.Number)
	}
	if sub := d.Blocks[4].(*Heading); sub.Number != "1.1" || sub.Level != 2 {
		t.Errorf("subsection: level %d number %q, want 2 and 1.1", sub.Level, sub.Number)
	}
	tb := d.Blocks[5].(*Table)
	if tb.ID != "tbl:t" || tb.Number != 1 || PlainText(tb.Caption) != "T" {
		t.Errorf("label in caption: id %q number %d caption %q", tb.ID, tb.Number, PlainText(tb.Caption))
	}
	if d.Blocks[6].(*Table).Number != 0 {
		t.Error("a table without caption or label is numbered")
	}
	if e := d.Blocks[8].(*eqBlock); e.n != 1 {
		t.Errorf("labelled equation number %d, want 1", e.n)
	}
	if e := d.Blocks[9].(*eqBlock); e.n != 0 {
		t.Errorf("unlabelled equation numbered %d", e.n)
	}
	if got := labels["fig-d"]; got.num != "4" || got.kind != KindFigure {
		t.Errorf("figure in a div: %+v", got)
	}
	if got := labels["lst:code"]; got.num != "1" {
		t.Errorf("listing: %+v", got)
	}
}

func TestNumberSectionsOff(t *testing.T) {
	d := sample()
	off := false
	d.Meta.NumberSections = &off
	s, l := refText(t, d, CrossRef{Target: "sec:sub"})
	if n := d.Blocks[0].(*Heading).Number; n != "" {
		t.Errorf("number-sections: false still numbers: %q", n)
	}
	if s != "“Sub”" || l.HasErrors() {
		t.Errorf("reference to a section without numbers: %q %v", s, l.Items())
	}
}

func TestRefTextQuire(t *testing.T) {
	for _, c := range []struct {
		in   []Inline
		want string
	}{
		{[]Inline{CrossRef{Target: "fig:b"}}, "Figure\u00a02"},
		{[]Inline{CrossRef{Target: "fig:a", Group: []CrossRef{{Target: "fig:b"}}}}, "Figures\u00a01 and 2"},
		{[]Inline{CrossRef{Target: "fig:a", Group: []CrossRef{{Target: "fig:b"}, {Target: "fig:c"}}}}, "Figures\u00a01–3"},
		{[]Inline{CrossRef{Target: "fig:a", Group: []CrossRef{{Target: "fig:c"}, {Target: "tbl:t"}}}}, "Figures\u00a01 and 3; Table\u00a01"},
		{[]Inline{CrossRef{Target: "sec:sub"}}, "Section\u00a01.1"},
		{[]Inline{CrossRef{Target: "sec:intro"}}, "Section\u00a01"}, // autoSectionLabels
		{[]Inline{CrossRef{Target: "sec-intro"}}, "Section\u00a01"},
		{[]Inline{CrossRef{Target: "eq:e"}}, "Equation\u00a01"},
		{[]Inline{CrossRef{Target: "eq:e", Paren: true, Bare: true}}, "(1)"},
		{[]Inline{CrossRef{Target: "lst:code"}}, "Listing\u00a01"},
		{[]Inline{CrossRef{Target: "refs"}}, "“References”"},
		{[]Inline{Text{S: "in Figure "}, CrossRef{Target: "fig:c"}}, "in Figure 3"},
		{[]Inline{Text{S: "Table "}, CrossRef{Target: "tbl:t"}}, "Table 1"},
		{[]Inline{Text{S: "Table "}, CrossRef{Target: "fig:a"}}, "Table Figure\u00a01"},
		{[]Inline{CrossRef{Target: "fig:a", Bare: true}}, "1"},
	} {
		got, l := refText(t, sample(), c.in...)
		if got != c.want || l.HasErrors() {
			t.Errorf("%+v: got %q, want %q (%v)", c.in, got, c.want, l.Items())
		}
	}
}

func TestRefTextPandocCrossref(t *testing.T) {
	for _, c := range []struct {
		in   []Inline
		meta map[string]string
		want string
	}{
		{[]Inline{CrossRef{Target: "fig:b"}}, nil, "fig.\u00a02"},
		{[]Inline{CrossRef{Target: "fig:a", Capital: true}}, nil, "Fig.\u00a01"},
		{[]Inline{CrossRef{Target: "fig:a", Group: []CrossRef{{Target: "fig:b"}, {Target: "fig:c"}}}}, nil, "figs.\u00a01, 2, 3"},
		{[]Inline{CrossRef{Target: "fig:b", Capital: true, Group: []CrossRef{{Target: "fig:a"}}}}, nil, "Figs.\u00a02, 1"},
		{[]Inline{CrossRef{Target: "fig:a", Group: []CrossRef{{Target: "tbl:t"}, {Target: "lst:code"}, {Target: "fig:b"}, {Target: "fig:c"}}}}, nil, "fig.\u00a01, tbl.\u00a01, lst.\u00a01, figs.\u00a02, 3"},
		{[]Inline{CrossRef{Target: "sec:intro", Group: []CrossRef{{Target: "sec:sub"}}}}, nil, "secs.\u00a01, 1.1"},
		{[]Inline{CrossRef{Target: "eq:e"}}, nil, "eq.\u00a01"},
		{[]Inline{CrossRef{Target: "fig:a"}}, map[string]string{"figPrefix": "Figure"}, "Figure\u00a01"},
	} {
		d := sample()
		d.Meta.CrossRef = map[string]string{"codeBlockCaptions": "true"}
		for k, v := range c.meta {
			d.Meta.CrossRef[k] = v
		}
		got, l := refText(t, d, c.in...)
		if got != c.want || l.HasErrors() {
			t.Errorf("%+v: got %q, want %q (%v)", c.in, got, c.want, l.Items())
		}
	}
}

func TestUnknownRef(t *testing.T) {
	pos := diag.Pos{File: "p.md", Line: 4, Col: 7}
	got, l := refText(t, sample(), CrossRef{Pos: pos, Target: "fig:zz"})
	if got != "??" {
		t.Errorf("unknown reference printed %q", got)
	}
	items := l.Items()
	if len(items) != 1 || items[0].Severity != diag.Error || items[0].Pos != pos ||
		!strings.Contains(items[0].Msg, "@fig:zz") || !strings.Contains(items[0].Hint, "@fig:a") {
		t.Fatalf("diagnostics: %v", items)
	}
	if strings.Contains(items[0].Hint, "@tbl:t") {
		t.Errorf("hint lists labels of another kind: %s", items[0].Hint)
	}
}

func TestCrossRefKey(t *testing.T) {
	for key, want := range map[string]string{
		"fig:a": "fig:a", "Fig:a": "fig:a", "fig-a": "fig-a", "Tbl-x": "tbl-x", "eq:1": "eq:1",
		"lst:l": "lst:l", "sec:s": "sec:s", "fig:": "", "figure": "", "FIG:a": "", "smith2020": "", "eqn:x": "",
	} {
		got, _, ok := CrossRefKey(key)
		if got != want || ok != (want != "") {
			t.Errorf("CrossRefKey(%q) = %q %v, want %q", key, got, ok, want)
		}
	}
	if !IsCrossRefKey("figPrefix") || !IsCrossRefKey("codeBlockCaptions") || IsCrossRefKey("title") {
		t.Error("IsCrossRefKey")
	}
}

// TestRefTextInLangDiv: a reference inside a division in another language
// is worded in that language, the nearest division's; outside, in the
// document's.
func TestRefTextInLangDiv(t *testing.T) {
	d := sample()
	de := &Paragraph{Content: []Inline{CrossRef{Target: "fig:b"}}}
	fr := &Paragraph{Content: []Inline{CrossRef{Target: "tbl:t"}}}
	note := &Note{Blocks: []Block{&Paragraph{Content: []Inline{CrossRef{Target: "fig:a"}}}}}
	d.Blocks = append(d.Blocks, &Div{Lang: "de", Blocks: []Block{
		de,
		&Quote{Blocks: []Block{&Div{Lang: "fr", Blocks: []Block{fr}}}},
		&Paragraph{Content: []Inline{NoteRef{Note: note}}},
	}})
	got, l := refText(t, d, CrossRef{Target: "fig:b"})
	if l.HasErrors() {
		t.Fatal(l.Items())
	}
	for _, c := range []struct{ got, want string }{
		{PlainText(de.Content), "Abbildung\u00a02"},
		{PlainText(fr.Content), "tableau\u00a01"},
		{PlainText(note.Blocks[0].(*Paragraph).Content), "Abbildung\u00a01"},
		{got, "Figure\u00a02"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestRefTextPlural: two references of a kind take the language's plural
// (an abbreviation the language does not inflect stays), and
// pandoc-crossref's [singular, plural] prefix gives both forms.
func TestRefTextPlural(t *testing.T) {
	two := CrossRef{Target: "fig:a", Group: []CrossRef{{Target: "fig:b"}}}
	secs := CrossRef{Target: "sec:intro", Group: []CrossRef{{Target: "sec:sub"}}}
	for _, c := range []struct {
		lang  string
		in    CrossRef
		terms map[string]string
		xref  map[string]string
		want  string
	}{
		{"de", two, nil, nil, "Abbildungen\u00a01 und 2"},
		{"de", secs, nil, nil, "Abschnitte\u00a01 und 1.1"},
		{"fr", two, nil, nil, "figures\u00a01 et 2"},
		{"es", two, nil, nil, "figuras\u00a01 y 2"},
		{"ru", two, nil, nil, "рис.\u00a01 и 2"},
		{"ru", CrossRef{Target: "lst:code", Group: []CrossRef{{Target: "fig:a"}}}, nil, nil, "листинг\u00a01; рис.\u00a01"},
		{"en", two, map[string]string{"figure-prefix": "Fig.", "figure-prefix-plural": "Figs."}, nil, "Figs.\u00a01 and 2"},
		{"en", two, map[string]string{"figPrefix": "Fig."}, map[string]string{"figPrefix": "Fig."}, "Fig.\u00a01, 2"},
		{"en", two, map[string]string{"figPrefix": "Fig.", "figure-prefix-plural": "Figs."}, map[string]string{"figPrefix": "Fig."}, "Figs.\u00a01, 2"},
		{"de", two, map[string]string{"figPrefix": "Abb.", "figure-prefix-plural": "Abbn."}, map[string]string{"figPrefix": "Abb."}, "Abbn.\u00a01, 2"},
	} {
		d := sample()
		d.Meta.Lang, d.Meta.Terms, d.Meta.CrossRef = c.lang, c.terms, c.xref
		got, l := refText(t, d, c.in)
		if got != c.want || l.HasErrors() {
			t.Errorf("%s %v %v: got %q, want %q (%v)", c.lang, c.terms, c.xref, got, c.want, l.Items())
		}
	}
}

// TestDuplicateLabel: a cross-reference label given twice is an error at
// the second (a warning in a draft), naming the first; references go to
// the first. Generated labels and plain identifiers are not checked.
func TestDuplicateLabel(t *testing.T) {
	at := func(line int) At { return At{Pos: Pos{File: "p.md", Line: line, Col: 1}} }
	d := &Document{Blocks: []Block{
		&Figure{At: at(1), ID: "fig:a", Caption: txt("A")},
		&Figure{At: at(3), ID: "fig:b", Caption: txt("B")},
		&Figure{At: at(5), ID: "fig:a", Caption: txt("C")},
		&Figure{At: at(7), Caption: txt("D")}, // fig:4, generated
		&Heading{At: at(9), Level: 1, ID: "intro", Content: txt("Intro")},
		&Heading{At: at(11), Level: 1, ID: "intro", Content: txt("Intro")},
		&eqBlock{At: at(13), label: "eq:x"},
		&Paragraph{At: at(15), Content: []Inline{Text{S: "x "}, &eqInline{label: "eq:x"}}},
	}}
	got, l := refText(t, d, CrossRef{Target: "fig:a"})
	if got != "Figure\u00a01" {
		t.Errorf("reference to a label given twice: %q, want the first (Figure 1)", got)
	}
	var errs []string
	for _, it := range l.Items() {
		if it.Severity == diag.Error {
			errs = append(errs, it.Pos.String()+": "+it.Msg)
		}
	}
	want := []string{
		"p.md:5:1: label fig:a is given twice (first at line 1)",
		"p.md:15:1: label eq:x is given twice (first at line 13)",
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
	// A draft build goes on, with warnings.
	draft := &diag.List{Draft: true}
	ResolveRefs(d, draft)
	if draft.HasErrors() {
		t.Errorf("a duplicate label stops a draft: %v", draft.Items())
	}
}

// eqInline is a labelled equation inside a paragraph.
type eqInline struct {
	Text
	label string
}

func (e *eqInline) EquationLabel() string { return e.label }
func (e *eqInline) SetEquationNumber(int) {}
