package benchdoc

import (
	"strings"
	"testing"
)

// TestContract: the same arguments give the same bytes; a formula in each
// body paragraph, Varied's all distinct; the text baseline has the same
// paragraphs without a dollar sign; a formula that does not parse is an
// error.
func TestContract(t *testing.T) {
	if Document(3) != Document(3) || WithFormulas(3, Varied) != WithFormulas(3, Varied) {
		t.Fatal("two documents made with the same arguments differ")
	}
	doc := WithFormulas(3, Varied)
	if !strings.HasPrefix(doc, "---\ntitle: Generated\n") {
		t.Fatalf("no front matter:\n%.200s", doc)
	}
	seen := map[string]bool{}
	for _, s := range strings.Split(doc, " where ")[1:] {
		f := s[:strings.Index(s, " holds")]
		if seen[f] || !strings.HasPrefix(f, "$") || !strings.HasSuffix(f, "}$") {
			t.Fatalf("formula %s twice, or not a formula", f)
		}
		seen[f] = true
	}
	if len(seen) < 15 {
		t.Fatalf("%d formulas in the 3-page document", len(seen))
	}
	text, err := WithText(3, Varied)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(text, " holds") != len(seen) || strings.Contains(text, "$") || !strings.Contains(text, "where x² + y² = z² + c₀ holds") {
		t.Errorf("the baseline is not the document without its formulas:\n%.1000s", text)
	}
	if _, err := WithText(3, func(int) string { return `$\frac{a$` }); err == nil {
		t.Error("a formula that does not parse is not an error")
	}
}
