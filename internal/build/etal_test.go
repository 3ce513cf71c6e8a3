package build

import (
	"strings"
	"testing"

	"quire/internal/diag"
)

// "et al." never gets a second period: not from the end of the sentence
// a narrative citation closes (notes: "argued by Roe et al.¹", the
// sentence's period is the abbreviation's), not from a style's period
// after the names in the bibliography, not in the running head of a paper
// of many authors.
func TestEtAlNoDoubledPeriod(t *testing.T) {
	bib := "@book{roe2019, author = {Roe, Richard and Poe, Edgar and others}, title = {Many authors}, publisher = {Press}, year = {2019}}\n" +
		"@article{kim2017, author = {Kim, Lee and others}, title = {Results of Smith et al.}, journal = {Proc. Natl. Acad. Sci.}, year = {2017}}\n"
	for _, style := range []string{"chicago-notes", "chicago-author-date"} {
		dir := writeFiles(t, map[string]string{
			"refs.bib": bib,
			"paper.md": "---\ntitle: Et al\nauthor: [Ann One, Bob Two, Cy Three, Di Four]\nbibliography: refs.bib\ncitation-style: " + style + "\n---\n\n" +
				"This was argued by @roe2019. It was shown again [@kim2017].\n\n" + strings.Repeat("Filler text for a second page. ", 300) + "\n",
		})
		var diags diag.List
		b, _, _, err := Compile(Options{Path: dir}, &diags)
		if err != nil {
			t.Fatalf("%s: %v\n%s", style, err, diagText(&diags))
		}
		text := pdfText(t, b)
		if strings.Contains(text, "al..") || strings.Contains(text, "Sci..") {
			t.Errorf("%s: a doubled period:\n%s", style, text)
		}
		// The Chicago styles set titles of books in headline case.
		want := []string{"argued by Roe et al.1 It", "Roe, Richard, Edgar Poe, et al. Many Authors", "Ann One et al."}
		if style == "chicago-author-date" {
			want = []string{"argued by Roe et al. (2019). It", "Roe, Richard, Edgar Poe, et al. 2019. Many Authors", "“Results of Smith et al.” Proc. Natl. Acad. Sci.", "Ann One et al."}
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: PDF text lacks %q:\n%s", style, w, text)
			}
		}
	}
}
