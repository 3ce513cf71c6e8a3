package build

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateLimits = flag.Bool("update-limits", false, "rewrite the README's table of limits")

const (
	limitsBegin = "<!-- limits: made from internal/build/limits.go; go test ./internal/build -run READMELimits -update-limits rewrites it -->\n"
	limitsEnd   = "<!-- end of limits -->\n"
)

// TestREADMELimits checks that the README's table of limits is the one
// made from the constants the code checks.
func TestREADMELimits(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i, j := strings.Index(s, limitsBegin), strings.Index(s, limitsEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers of the table of limits")
	}
	want := LimitsMarkdown()
	if got := s[i+len(limitsBegin) : j]; got != want {
		if *updateLimits {
			s = s[:i+len(limitsBegin)] + want + s[j:]
			if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's table of limits is not the one made from limits.go; run go test ./internal/build -run READMELimits -update-limits\ngot:\n%s\nwant:\n%s", got, want)
	}
}
