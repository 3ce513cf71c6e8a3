package markdown

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
)

// TestCommentOverBlankLine: an HTML comment straight after a paragraph
// that runs over a blank line is dropped whole, as pandoc drops it (the
// thesis template's note on \listoffigures printed its text and a second
// list); one that closes before a blank line still does not interrupt the
// paragraph (Manubot's captions).
func TestCommentOverBlankLine(t *testing.T) {
	var l diag.List
	d := Convert([]byte("Text \\listoffigures\n<!--\nThe \\listoffigures will use short captions.\n\nSee chapter 4. -->\n\nAfter.\n"), Options{File: "x.md"}, &l)
	var text []string
	lists := 0
	for _, b := range d {
		switch b := b.(type) {
		case *doc.Paragraph:
			text = append(text, doc.PlainText(b.Content))
		case *doc.ListOf:
			lists++
		}
	}
	if got := strings.Join(text, "|"); got != "Text|After." || lists != 1 {
		t.Errorf("paragraphs %q, %d lists; want \"Text|After.\" and 1", got, lists)
	}
	d = Convert([]byte("A caption\n<!-- a note -->\ngoes on.\n"), Options{File: "x.md"}, &l)
	if len(d) != 1 {
		t.Errorf("a one-line comment split the paragraph into %d blocks", len(d))
	}
}
