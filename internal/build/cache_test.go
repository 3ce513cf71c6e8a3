package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
)

// TestCacheRebuildIsCleanBuild edits a copy of the manuscript the ways an
// author does while quire watch runs (a word, a paragraph that moves every
// page break after it, the bibliography, a chart's data, and back) and
// checks that each build through one Cache writes the bytes of a clean
// build of the same sources, and that the cache is used.
func TestCacheRebuildIsCleanBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the manuscript twenty-two times")
	}
	dir := copyArticle(t)
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write := func(rel, s string) {
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	replace := func(rel, old, new string) {
		s := read(rel)
		if !strings.Contains(s, old) {
			t.Fatalf("%s has no %q", rel, old)
		}
		write(rel, strings.Replace(s, old, new, 1))
	}
	paper, bib, csv := read("paper.md"), read("references.bib"), read("data/clashes.csv")
	cache := NewCache()
	build := func(c *Cache) ([]byte, int) {
		t.Helper()
		var diags diag.List
		b, pages, _, err := Compile(Options{Path: dir, Cache: c}, &diags)
		if err != nil {
			t.Fatalf("%v\n%s", err, diagText(&diags))
		}
		return b, pages
	}
	pages0 := 0
	var prev []byte
	for i, step := range []struct {
		name string
		edit func()
	}{
		{"first build", func() {}},
		{"the same sources", func() {}},
		{"one word", func() { replace("paper.md", " relations ", " relationz ") }},
		{"the word back", func() { write("paper.md", paper) }},
		{"a paragraph early on (every page break after it moves)", func() {
			replace("paper.md", "\n# Revolution and intervention, 1918–1925\n",
				"\n"+strings.Repeat("A paragraph added near the start, long enough to take a few lines of its own and push what follows down the page. ", 6)+"\n\n# Revolution and intervention, 1918–1925\n")
		}},
		{"a footnote added (notes renumbered)", func() {
			replace("paper.md", " relations ", " relations^[A note added by the test.] ")
		}},
		{"the bibliography", func() { write("paper.md", paper); replace("references.bib", "A History}", "A Short History}") }},
		{"a chart's data", func() {
			write("references.bib", bib)
			replace("data/clashes.csv", "Battle of Dukhovskaya", "Battle of Dukhovskoye")
		}},
		{"a chart's spec", func() {
			write("data/clashes.csv", csv)
			replace("paper.md", "range: [1855, 1941]", "range: [1850, 1945]")
		}},
		{"the front matter (title: running heads, cover, metadata)", func() {
			write("paper.md", paper)
			replace("paper.md", "short-title: \"Soviet–Japanese relations, 1918–1939\"", "short-title: \"Soviet and Japanese relations, 1918–39\"")
		}},
		{"all back", func() { write("paper.md", paper) }},
	} {
		step.edit()
		got, pages := build(cache)
		want, _ := build(nil)
		if !bytes.Equal(got, want) {
			t.Fatalf("step %d (%s): the build through the cache differs from a clean build (%d and %d bytes)", i, step.name, len(got), len(want))
		}
		if i >= 2 && bytes.Equal(got, prev) {
			t.Fatalf("step %d (%s): the PDF did not change: the edit tests nothing", i, step.name)
		}
		prev = got
		if i == 0 {
			pages0 = pages
		}
		if i == 4 && pages == pages0 {
			t.Logf("step %d (%s): still %d pages", i, step.name, pages)
		}
	}
	hits, misses, held := cache.lines.Stats()
	t.Logf("line cache: %d hits, %d misses, %d held", hits, misses, held)
	if hits < 4*misses/3 {
		t.Errorf("line cache: %d hits against %d misses: unchanged paragraphs are set again", hits, misses)
	}
	if h := cache.lines.GraphicHits(); h < 8 {
		t.Errorf("charts: %d drawn from the cache in 11 builds of two charts", h)
	}
	// The bibliography changes once and back: every other build reads
	// it from the cache.
	if h := cache.bibs.Hits(); h < 6 {
		t.Errorf("bibliography files: %d read from the cache in 11 builds", h)
	}
	if h := cache.cites.Hits(); h < 4 {
		t.Errorf("citation results: %d hits in 11 builds", h)
	}
	// A page drawn as before comes whole from the page cache; one drawn
	// anew may still find its deflated stream.
	ph, pm := cache.pages.Stats()
	sh, sm := cache.streams.Stats()
	t.Logf("page cache: %d hits, %d misses; stream cache: %d hits, %d misses", ph, pm, sh, sm)
	if ph < 4*pages0 {
		t.Errorf("page cache: %d hits against %d misses in 11 builds of %d pages: unchanged pages are drawn again", ph, pm, pages0)
	}
	// Five faces; the first build makes them, the second and the one
	// that puts the word back find them all, and steps that draw no new
	// character find most.
	fh, fm := cache.fonts.Stats()
	t.Logf("font cache: %d hits, %d misses", fh, fm)
	if fh < 2*fm {
		t.Errorf("font cache: %d hits against %d misses: unchanged fonts are made again", fh, fm)
	}
}
