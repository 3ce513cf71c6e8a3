package cite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
)

// Nature numbers works in the order of first citation, as superscripts
// set on the word before them (pandoc drops the space); its bibliography lists up to five authors and
// gives the first one and "et al." for six or more, with "&" before the
// last of a short list.
func TestNature(t *testing.T) {
	dir := t.TempDir()
	bib := `@article{five, author = {One, Ann and Two, Bob and Three, Cy and Four, Di and Five, Ed}, title = {Five authors}, journal = {Nature}, volume = {501}, pages = {10--15}, year = {2013}}
@article{six, author = {One, Ann and Two, Bob and Three, Cy and Four, Di and Five, Ed and Six, Flo}, title = {Six authors}, journal = {Science}, volume = {340}, pages = {1--9}, year = {2013}}
`
	if err := os.WriteFile(filepath.Join(dir, "chicago.bib"), []byte(bib), 0o644); err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	lib := Load([]string{"chicago.bib"}, testFolder(t, dir), &diags)
	d := &doc.Document{Meta: doc.Meta{CitationStyle: "nature"}, Blocks: []doc.Block{
		// written before the period, the number goes on the word
		para("X ", cite("six", ""), "."),
		// written after it, as for a note, it stays there
		&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "X."}, doc.Citation{Items: []doc.CiteItem{{Key: "five"}, {Key: "six"}}}}},
	}}
	Process(d, lib, &diags)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	var got []string
	for _, b := range d.Blocks[:2] {
		in := b.(*doc.Paragraph).Content
		sup := ""
		doc.EachInline(in, func(x doc.Inline) {
			if s, ok := x.(doc.Super); ok {
				sup += doc.PlainText(s.Content)
			}
		})
		got = append(got, doc.PlainText(in)+" sup:"+sup)
	}
	if want := "X1. sup:1|X.1,2 sup:1,2"; strings.Join(got, "|") != want {
		t.Errorf("citations %q, want %q", strings.Join(got, "|"), want)
	}
	b := bibliography(d)
	if len(b.Labels) != 2 || doc.PlainText(b.Labels[0]) != "1." {
		t.Fatalf("labels %d", len(b.Labels))
	}
	for i, want := range []string{
		"One, A. et al. Six authors. Science 340, 1–9 (2013).",
		"One, A., Two, B., Three, C., Four, D. & Five, E. Five authors. Nature 501, 10–15 (2013).",
	} {
		if got := doc.PlainText(b.Entries[i]); got != want {
			t.Errorf("entry %d:\n got %s\nwant %s", i+1, got, want)
		}
	}
}
