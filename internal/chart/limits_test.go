package chart

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
)

// TestNoRowDroppedSilently: a typo in a column of years is an error at
// the CSV row; in a draft it is a warning, and the row is left out of the
// bars and of the source line alike.
func TestNoRowDroppedSilently(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "d.csv"), []byte("year,n,source\n1936,3,Good\n1937,5,Good\n19x8,4,Bad\n1939,2,Good\n"), 0o644)
	spec := []byte("id: c\ntype: bar\ndata: d.csv\nx: year\ny: n\n")
	var dl diag.List
	if Parse(spec, pos, folder(t, dir), &dl) != nil {
		t.Fatal("a chart with a bad cell was made")
	}
	if got := diagText(&dl); !strings.Contains(got, `paper.md:23: error: chart "c": d.csv:4: column "year": "19x8" is not a year or number`) {
		t.Errorf("diagnostics:\n%s", got)
	}
	dl = diag.List{Draft: true}
	b := Parse(spec, pos, folder(t, dir), &dl)
	if b == nil || dl.HasErrors() {
		t.Fatalf("draft: no chart:\n%s", diagText(&dl))
	}
	fig := b.(*doc.Figure)
	if src := doc.PlainText(fig.Source); strings.Contains(src, "Bad") || !strings.Contains(src, "Good") {
		t.Errorf("source line %q", src)
	}
	if bars := fig.Graphic.(*bars); len(bars.cats) != 3 {
		t.Errorf("bars %v, want the three good years", bars.cats)
	}
	// A category column holding text is left alone.
	os.WriteFile(filepath.Join(dir, "k.csv"), []byte("kind,n\nPeace,1\nWar,2\n1945 armistice,3\n"), 0o644)
	dl = diag.List{}
	if Parse([]byte("id: c\ntype: bar\ndata: k.csv\nx: kind\ny: n\n"), pos, folder(t, dir), &dl) == nil {
		t.Errorf("categories refused:\n%s", diagText(&dl))
	}
}

func diagText(l *diag.List) string {
	var b strings.Builder
	l.Print(&b)
	return b.String()
}
