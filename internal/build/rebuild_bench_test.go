package build

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"quire/internal/diag"
)

// copyArticle copies the repository's manuscript folder into a
// temporary one and returns its path.
func copyArticle(tb testing.TB) string {
	tb.Helper()
	dst := filepath.Join(tb.TempDir(), "manuscript")
	src := "../../manuscript"
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return dst
}

// BenchmarkRebuildOneWord is what quire watch does after a one-word edit
// of the manuscript's paper.md: the whole build in the same process, the
// edit alternating between two words of the same length.
func BenchmarkRebuildOneWord(b *testing.B) { benchRebuild(b, nil) }

// BenchmarkRebuildOneWordCached is BenchmarkRebuildOneWord through a
// Cache, as quire watch builds.
func BenchmarkRebuildOneWordCached(b *testing.B) { benchRebuild(b, NewCache()) }

func benchRebuild(b *testing.B, cache *Cache) {
	dir := copyArticle(b)
	paper := filepath.Join(dir, "paper.md")
	orig, err := os.ReadFile(paper)
	if err != nil {
		b.Fatal(err)
	}
	edited := bytes.Replace(orig, []byte(" relations "), []byte(" relationz "), 1)
	if bytes.Equal(edited, orig) {
		b.Fatal("no word to edit")
	}
	build := func() {
		var diags diag.List
		if _, _, _, err := Compile(Options{Path: dir, Cache: cache}, &diags); err != nil {
			b.Fatalf("%v\n%s", err, diagText(&diags))
		}
	}
	build()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := orig
		if i%2 == 0 {
			text = edited
		}
		if err := os.WriteFile(paper, text, 0o644); err != nil {
			b.Fatal(err)
		}
		build()
	}
}
