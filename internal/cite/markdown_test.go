package cite

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/markdown"
)

// TestFromMarkdown runs citations parsed by the markdown package through
// both styles.
func TestFromMarkdown(t *testing.T) {
	src := "Coox tells it [@coox1985, 45]. See also [see @hata1988, p. 50; @drea2007].\n\n" +
		"As @young1998 [12] argue, [-@coox1985] and [@cox1985]. A note.[^n]\n\n" +
		"[^n]: Compare [@coox1985, 46].\n"
	lib := loadTestLib(t, "chicago.bib")

	var diags diag.List
	d := &doc.Document{Blocks: markdown.Convert([]byte(src), markdown.Options{File: "ms.md"}, &diags)}
	Process(d, lib, &diags)
	var msgs []string
	for _, it := range diags.Items() {
		msgs = append(msgs, it.Pos.String()+": "+it.Msg)
	}
	if len(msgs) != 1 || msgs[0] != `ms.md:3:45: unknown citation key "cox1985" (did you mean "coox1985"?)` {
		t.Errorf("diagnostics %q", msgs)
	}
	var got []string
	for _, n := range notes(d) {
		got = append(got, doc.PlainText(noteContent(n)))
	}
	want := []string{
		"Alvin D. Coox, Nomonhan: Japan against Russia, 1939 (Stanford, CA: Stanford University Press, 1985), 45.",
		"See Ikuhiko Hata, “Continental Expansion, 1905–1941,” Journal of Japanese Studies 14, no. 2 (June 1988): 50, https://doi.org/10.2307/132456; " +
			"Edward J. Drea, “Imperial Japanese Army Strategy and the Pacific War,” in The End of the Pacific War: Reappraisals, ed. Tsuyoshi Hasegawa (Stanford, CA: Stanford University Press, 2007), 1–30.",
		"Louise Young and Andrew Gordon, Total Empire (Berkeley: University of California Press, 1998), 12.",
		"Nomonhan.",
		"cox1985?",
		"Compare Coox, Nomonhan, 46.",
	}
	if len(got) != len(want) {
		t.Fatalf("notes:\n%q\nwant\n%q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("note %d:\n got %s\nwant %s", i+1, got[i], want[i])
		}
	}

	diags = diag.List{}
	d = &doc.Document{Meta: doc.Meta{CitationStyle: ChicagoAuthorDate},
		Blocks: markdown.Convert([]byte(src), markdown.Options{File: "ms.md"}, &diags)}
	Process(d, lib, &diags)
	var paras []string
	for _, b := range d.Blocks {
		if p, ok := b.(*doc.Paragraph); ok {
			paras = append(paras, doc.PlainText(p.Content))
		}
	}
	wantParas := []string{
		"Coox tells it (Coox 1985, 45). See also (see Hata 1988, 50; Drea 2007).",
		"As Young and Gordon (1998, 12) argue, (1985) and (cox1985?). A note.",
	}
	for i, w := range wantParas {
		if i >= len(paras) || paras[i] != w {
			t.Errorf("author-date paragraphs %q, want %q", paras, wantParas)
			break
		}
	}
}

// TestCitationsEverywhere: a citation is processed wherever inline text
// stands (a line block, a definition term, a table cell, a division's
// title), not left out: each becomes a note, in reading order, and no
// Citation is left in the document.
func TestCitationsEverywhere(t *testing.T) {
	src := "| A line citing [@coox1985].\n| Another line.\n\n" +
		"Term [@hata1988]\n: Its definition.\n\n" +
		"| a | b |\n|---|---|\n| cell [@drea2007] | x |\n"
	lib := loadTestLib(t, "chicago.bib")
	var diags diag.List
	blocks := markdown.Convert([]byte(src), markdown.Options{File: "ms.md"}, &diags)
	blocks = append(blocks, &doc.Div{Title: []doc.Inline{doc.Text{S: "Titled "}, doc.Citation{Items: []doc.CiteItem{{Key: "young1998"}}}}})
	d := &doc.Document{Blocks: blocks}
	Process(d, lib, &diags)
	if len(diags.Items()) != 0 {
		t.Errorf("diagnostics: %v", diags.Items())
	}
	var got []string
	doc.EachInlines(d.Blocks, func(in []doc.Inline) {
		doc.EachInline(in, func(x doc.Inline) {
			switch x := x.(type) {
			case doc.Citation:
				t.Errorf("a citation is left unprocessed: %+v", x)
			case doc.NoteRef:
				got = append(got, strings.Fields(doc.PlainText(noteContent(x.Note)))[0])
			}
		})
	})
	if g, w := strings.Join(got, " "), "Alvin Ikuhiko Edward Louise"; g != w {
		t.Errorf("notes begin %q, want %q", g, w)
	}
}
