package structcheck

import (
	"strings"
	"testing"

	"quire/internal/doc"
)

func sample() *doc.Document {
	note := &doc.Note{Number: 1, Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "The note's text."}}}}}
	return &doc.Document{
		Meta: doc.Meta{Title: "A Title"},
		Blocks: []doc.Block{
			&doc.Heading{Level: 1, Content: []doc.Inline{doc.Text{S: "Introduction"}}},
			&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "First paragraph"}, doc.NoteRef{Note: note}, doc.Text{S: " goes on."}}},
			&doc.Table{Header: [][]doc.Inline{{doc.Text{S: "Year"}}}, Rows: [][][]doc.Inline{{{doc.Text{S: "1855"}}}}},
		},
	}
}

const good = `Document
  H1 "A Title" (block)
    "A Title "
  H1 "Introduction" (block)
    "1 Introduction "
  P (block)
    "First paragraph"
    Reference (inline)
      Link (inline)
        "1 "
        Object 12 0
    "goes on. "
  Note <note-1> (inline)
    P (block)
      Link (inline)
        "1"
      " The note’s text. "
  Table (block)
    THead
      TR
        TH:
           /Scope /Column
          "Year "
    TBody
      TR
        TD
          "1855 "
`

func TestGood(t *testing.T) {
	if errs := Check(sample(), []byte(good), []string{"Running head"}); len(errs) > 0 {
		t.Errorf("the good structure fails: %v", errs)
	}
}

func TestBad(t *testing.T) {
	for _, c := range []struct{ name, out, want string }{
		{"note before its paragraph", strings.Replace(strings.Replace(good, `    "First paragraph"`, `    "xx"`, 1), `      " The note’s text. "`, `      " The note’s text. "`+"\n"+`  P (block)`+"\n"+`    "First paragraph"`, 1), `is not in the structure after`},
		{"a cell as a paragraph", strings.Replace(good, "        TD\n", "        P\n", 1), `not in one of [TD]`},
		{"a running head", strings.Replace(good, "Document\n", "Document\n  P (block)\n    \"Running head\"\n", 1), `a running head or folio`},
		{"a folio", strings.Replace(good, "Document\n", "Document\n  P (block)\n    \"7\"\n", 1), `a bare number "7"`},
		{"nothing", "Document\n", `no text`},
	} {
		errs := Check(sample(), []byte(c.out), []string{"Running head"})
		var all []string
		for _, e := range errs {
			all = append(all, e.Error())
		}
		if !strings.Contains(strings.Join(all, "\n"), c.want) {
			t.Errorf("%s: want %q, got %q", c.name, c.want, all)
		}
	}
}

// TestCyrillicParagraph checks that a paragraph of 60 Cyrillic letters
// (120 bytes) is checked by its start alone: its start and end would
// overlap, and the end would not be found after the start.
func TestCyrillicParagraph(t *testing.T) {
	text := "Гриф секретности снят: потери Вооружённых Сил СССР в войнах"
	d := &doc.Document{Meta: doc.Meta{Title: "A Title"}, Blocks: []doc.Block{
		&doc.Paragraph{Content: []doc.Inline{doc.Text{S: text}}},
	}}
	out := "Document\n  H1 \"A Title\" (block)\n    \"A Title \"\n  P (block)\n    \"" + text + " \"\n"
	if errs := Check(d, []byte(out), nil); len(errs) > 0 {
		t.Errorf("a Cyrillic paragraph fails: %v", errs)
	}
}
