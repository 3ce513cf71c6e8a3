package build

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/testenv"
)

// benchDocs returns the documents whose line quality is reported: the
// repository's article, the shared benchmark article and the 100-page book
// made from it as ../shared/bench/make-book.py paper.md 12 makes it.
func benchDocs(tb testing.TB) map[string]string {
	docs := map[string]string{"manuscript": "../../manuscript"}
	bench := filepath.Join(filepath.Dir(testenv.SharedData(tb)), "bench")
	src, err := os.ReadFile(filepath.Join(bench, "paper.md"))
	if err != nil {
		tb.Fatalf("benchmark article: %v", err)
	}
	dir := tb.TempDir()
	png, err := os.ReadFile(filepath.Join(bench, "fig-trade.png"))
	if err != nil {
		tb.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "fig-trade.png"), png, 0o644)
	os.WriteFile(filepath.Join(dir, "paper.md"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "book.md"), []byte(makeBook(string(src), 12)), 0o644)
	docs["bench-paper"] = filepath.Join(dir, "paper.md")
	docs["bench-book"] = filepath.Join(dir, "book.md")
	return docs
}

// makeBook repeats the body of an article n times with unique footnote
// labels, as make-book.py does.
func makeBook(text string, n int) string {
	m := regexp.MustCompile(`(?s)^(---\n.*?\n---\n)(.*)`).FindStringSubmatch(text)
	if m == nil {
		return text
	}
	front, body := m[1], m[2]
	label := regexp.MustCompile(`\[\^([A-Za-z0-9_-]+)\]`)
	parts := make([]string, n)
	for k := 1; k <= n; k++ {
		parts[k-1] = label.ReplaceAllString(body, fmt.Sprintf("[^${1}-%d]", k))
	}
	front = strings.Replace(front, `title: "`, fmt.Sprintf(`title: "Synthetic book (%d x): `, n), 1)
	return front + strings.Join(parts, "\n")
}

// TestQuality reports the line-breaking figures of the benchmark documents
// (go test -run TestQuality -v ./internal/build) and holds them to bounds
// a careful compositor would accept.
func TestQuality(t *testing.T) {
	docs := benchDocs(t)
	for _, name := range []string{"manuscript", "bench-paper", "bench-book"} {
		var diags diag.List
		q, pages, err := Quality(docs[name], &diags)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, diagText(&diags))
		}
		t.Logf("%-12s %3d pages %5d lines: loose (r>1) %d, tight (r<-0.8) %d, hyphenated %d, consecutive hyphens %d, overfull %d",
			name, pages, q.Lines, q.Loose, q.Tight, q.Hyphenated, q.Consecutive, q.Overfull)
		if q.Lines == 0 {
			t.Errorf("%s: no justified lines counted", name)
		}
		if q.Overfull > 0 {
			t.Errorf("%s: %d overfull lines", name, q.Overfull)
		}
		if q.Hyphenated*3 > q.Lines {
			t.Errorf("%s: %d of %d lines end hyphenated", name, q.Hyphenated, q.Lines)
		}
	}
}
