package layout

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

// pagesText returns the text of every page, items joined by spaces.
func pagesText(pages []*draw.Page) string {
	var b strings.Builder
	for _, p := range pages {
		for _, tx := range texts(p) {
			b.WriteString(tx.S + " ")
		}
	}
	return b.String()
}

// TestDivLanguageHyphenates: the paragraphs of a ::: {lang=de} division
// in an English document break exactly as they do in a German document,
// not as in an English one.
func TestDivLanguageHyphenates(t *testing.T) {
	st := article(t)
	body := genDoc(4, 7).Blocks
	inDiv := &doc.Document{Meta: doc.Meta{Lang: "en-US"}, Blocks: []doc.Block{&doc.Div{Lang: "de", Blocks: body}}}
	var diags diag.List
	pages, err := New(st, &diags).Run(inDiv)
	if err != nil {
		t.Fatal(err)
	}
	got := hyphenatedWords(pages, st.BodySize)
	de := genDoc(4, 7)
	de.Meta.Lang = "de"
	want := hyphenatedWords(mustRun(t, st, de), st.BodySize)
	en := hyphenatedWords(mustRun(t, st, genDoc(4, 7)), st.BodySize)
	if got == "" || want == en {
		t.Fatalf("the test text breaks the same in both languages (or not at all): %q", en)
	}
	if got != want {
		t.Errorf("a German division in an English text is hyphenated\n%q\nwant, as in a German text,\n%q", got, want)
	}
	if len(diags.Items()) != 0 {
		t.Errorf("warnings: %v", diags.Items())
	}
}

// TestDivLanguageWords: quotation marks, French spacing, generated words
// and the notes inside a division follow its language; a span inside it
// keeps its own; after the division the document's language is back.
func TestDivLanguageWords(t *testing.T) {
	para := func(in ...doc.Inline) *doc.Paragraph { return &doc.Paragraph{Content: in} }
	note := &doc.Note{Number: 1, Blocks: []doc.Block{para(doc.Text{S: "Er schrieb “Fußnote”."})}}
	d := &doc.Document{Meta: doc.Meta{Lang: "en-US"}, Blocks: []doc.Block{
		&doc.Div{Lang: "fr", Blocks: []doc.Block{para(doc.Text{S: "Il dit: “Oui!” Vraiment?"})}},
		&doc.Div{Lang: "de", Blocks: []doc.Block{
			para(doc.Text{S: "Sie sagte “Ja”"}, doc.NoteRef{Note: note}, doc.Text{S: " und "},
				doc.Span{Lang: "en", Content: []doc.Inline{doc.Text{S: "“yes”"}}}, doc.Text{S: "."}),
			&doc.Figure{Number: 1, ID: "fig:1", Missing: "karte.png", Caption: []doc.Inline{doc.Text{S: "Eine Karte."}}},
			&doc.Table{Number: 1, Caption: []doc.Inline{doc.Text{S: "Zahlen."}}, Header: [][]doc.Inline{{doc.Text{S: "“a”"}}}, Rows: [][][]doc.Inline{{{doc.Text{S: "b"}}}}},
		}},
		para(doc.Text{S: "Back to “English”: fine!"}),
		&doc.Figure{Number: 2, ID: "fig:2", Missing: "map.png", Caption: []doc.Inline{doc.Text{S: "A map."}}},
	}}
	text := pagesText(runDoc(t, d))
	for _, want := range []string{
		"dit\u202f: «\u202fOui\u202f!\u202f» Vraiment\u202f?", // French spacing and guillemets
		"„Ja“",             // German quotes
		"“yes”",            // an English span inside the German division
		"„Fußnote“",        // the note, referenced inside the division
		"Abbildung 1.",     // the caption label
		"Tabelle 1.",       // the table's
		"„a“",              // a table cell
		"“English”: fine!", // after the division: English again
		"Figure 2.",        // and English words
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the text:\n%s", want, text)
		}
	}
}

// TestKeywordsPunctuation: the keywords label and list take the
// language's punctuation: "Keywords: a; b", "キーワード：日本、ソ連".
func TestKeywordsPunctuation(t *testing.T) {
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Keywords:", "Japan; Soviet Union"}},
		{"ja", []string{"キーワード：", "日本、ソ連"}},
		{"zh", []string{"关键词：", "日本；苏联"}},
	} {
		kw := []string{"Japan", "Soviet Union"}
		switch c.lang {
		case "ja":
			kw = []string{"日本", "ソ連"}
		case "zh":
			kw = []string{"日本", "苏联"}
		}
		d := &doc.Document{Meta: doc.Meta{Title: "T", Lang: c.lang, Keywords: kw}, Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "x"}}}}}
		text := strings.ReplaceAll(pagesText(runDoc(t, d)), " ", "")
		for _, w := range c.want {
			if !strings.Contains(text, strings.ReplaceAll(w, " ", "")) {
				t.Errorf("%s: no %q in %q", c.lang, w, text)
			}
		}
		if c.lang != "en" && strings.Contains(text, ":") {
			t.Errorf("%s: an ASCII colon in %q", c.lang, text)
		}
	}
}
