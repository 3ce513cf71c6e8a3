package pdfacheck

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's tables of checks")

// TestREADMETables checks that the README's tables of what the other
// PDF/A levels add and of the PDF/UA checks are the ones made from
// LevelClauses and UAClauses, the lists the checker follows.
func TestREADMETables(t *testing.T) {
	path := filepath.Join("..", "..", "..", "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	changed := false
	for _, tb := range []struct{ name, want string }{
		{"pdf/a levels", LevelsMarkdown()},
		{"pdf/ua checks", UAMarkdown()},
	} {
		begin := "<!-- " + tb.name + ": made from internal/pdf/pdfacheck; go test ./internal/pdf/pdfacheck -run README -update rewrites it -->\n"
		end := "<!-- end of " + tb.name + " -->\n"
		i, j := strings.Index(s, begin), strings.Index(s, end)
		if i < 0 || j < i {
			t.Errorf("README.md lacks the markers of the %s table", tb.name)
			continue
		}
		if s[i+len(begin):j] == tb.want {
			continue
		}
		if *update {
			s = s[:i+len(begin)] + tb.want + s[j:]
			changed = true
			continue
		}
		t.Errorf("README.md's %s table is not the one made from the checker's list; run go test ./internal/pdf/pdfacheck -run README -update", tb.name)
	}
	if changed {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
