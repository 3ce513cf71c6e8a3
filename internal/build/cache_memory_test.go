package build

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"quire/internal/diag"
)

// TestCacheStaysBounded: a watcher runs for hours, each edit making new
// paragraphs; the cache keeps only what the last build used, so what it
// holds after many different edits is what it holds after one.
func TestCacheStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the manuscript a dozen times")
	}
	dir := copyArticle(t)
	paper := filepath.Join(dir, "paper.md")
	orig, err := os.ReadFile(paper)
	if err != nil {
		t.Fatal(err)
	}
	// Every edit changes another paragraph: a word of its own.
	words := regexp.MustCompile(` the `).FindAllIndex(orig, -1)
	if len(words) < 12 {
		t.Fatal("manuscript/paper.md has too few \" the \"")
	}
	cache := NewCache()
	var held []int
	for i := 0; i < 12; i++ {
		text := append([]byte(nil), orig[:words[i*len(words)/12][0]]...)
		text = append(text, fmt.Sprintf(" the%d ", i)...)
		text = append(text, orig[words[i*len(words)/12][1]:]...)
		if err := os.WriteFile(paper, text, 0o644); err != nil {
			t.Fatal(err)
		}
		var diags diag.List
		if _, _, _, err := Compile(Options{Path: dir, Cache: cache}, &diags); err != nil {
			t.Fatalf("%v\n%s", err, diagText(&diags))
		}
		_, _, n := cache.lines.Stats()
		held = append(held, n)
	}
	t.Logf("paragraphs held after each build: %v", held)
	for i, n := range held {
		if n > held[0]+2 {
			t.Fatalf("after build %d the line cache holds %d paragraphs, after the first %d: it keeps what the last build did not use", i+1, n, held[0])
		}
	}
	if n := cache.streams.Len(); n > 40 {
		t.Errorf("the stream cache holds %d streams for a 27-page article", n)
	}
}
