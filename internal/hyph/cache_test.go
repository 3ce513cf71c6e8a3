package hyph

import (
	"slices"
	"strings"
	"testing"
)

// TestCachedPoints checks that the points a Hyphenator caches are those it
// computes, for words met again in another case or with a possessive, and
// that a copy with other minimums does not take the original's.
func TestCachedPoints(t *testing.T) {
	h, err := Compiled("en-US")
	if err != nil {
		t.Fatal(err)
	}
	if h.found == nil {
		t.Fatal("a loaded Hyphenator has no cache")
	}
	bare := *h
	bare.found = nil
	words := strings.Fields("hyphenation typesetting Typesetting HYPHENATION manuscript's algorithm " +
		"bibliography relationship Vladivostok concessions international demonstration account")
	for round := 0; round < 2; round++ {
		for _, w := range words {
			if got, want := h.Points(w), bare.Points(w); !slices.Equal(got, want) {
				t.Errorf("round %d: Points(%q) = %v, uncached %v", round, w, got, want)
			}
		}
	}
	if _, ok := h.found.get(append([]byte{codeDot}, append(symsOf("typesetting"), codeDot)...)); !ok {
		t.Error("typesetting is not cached")
	}
	wide := h.WithMinimums(1, 1)
	wideBare := *wide
	wideBare.found = nil
	for _, w := range words {
		if got, want := wide.Points(w), wideBare.Points(w); !slices.Equal(got, want) {
			t.Errorf("minimums 1, 1: Points(%q) = %v, uncached %v", w, got, want)
		}
	}
	if slices.Equal(wide.Points("account"), h.Points("account")) {
		t.Error("minimums 1, 1 give the points of the default minimums: the caches are shared")
	}
}

func symsOf(w string) []byte {
	var b []byte
	for i := 0; i < len(w); i++ {
		b = append(b, codeA+w[i]-'a')
	}
	return b
}
