package cite

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
)

// TestBibliographyOrder checks the order of the reference list on works
// that only the later sort keys tell apart: one author's works by year
// (oldest first) in author-date, by title in notes-bibliography (CMOS 17
// 14.68 and 15.17, as the shipped CSL styles sort), authors of one surname
// by given name, and a work without an author by its title among the
// surnames.
func TestBibliographyOrder(t *testing.T) {
	src := `
@book{late, author = {Coox, Alvin D.}, title = {Alpha}, year = {1985}, publisher = {P}, address = {A}}
@book{early, author = {Coox, Alvin D.}, title = {Zulu}, year = {1977}, publisher = {P}, address = {A}}
@book{john, author = {Smith, John}, title = {Book}, year = {1950}, publisher = {P}, address = {A}}
@book{adam, author = {Smith, Adam}, title = {Book}, year = {1990}, publisher = {P}, address = {A}}
@book{anon, title = {Manual of Style}, year = {1960}, publisher = {P}, address = {A}}
`
	var diags diag.List
	lib := NewLibrary(ReadBibTeX("order.bib", []byte(src), &diags)...)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	for style, want := range map[string]string{
		ChicagoAuthorDate: "ref-early ref-late ref-anon ref-adam ref-john",
		"":                "ref-late ref-early ref-anon ref-adam ref-john",
	} {
		d := &doc.Document{Meta: doc.Meta{CitationStyle: style, NoCite: []string{"*"}}}
		Process(d, lib, &diags)
		bib := bibliography(d)
		if bib == nil {
			t.Fatalf("style %q: no bibliography", style)
		}
		if got := strings.Join(bib.IDs, " "); got != want {
			t.Errorf("style %q: order %s, want %s", style, got, want)
		}
	}
}
