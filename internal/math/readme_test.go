package math

import (
	"os"
	"strings"
	"testing"
)

// TestREADMECommands keeps the README's list of math commands the one
// CommandsMarkdown makes from the parser's table (-update rewrites it).
func TestREADMECommands(t *testing.T) {
	const path = "../../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	const begin, end = "<!-- math-commands:begin -->\n", "<!-- math-commands:end -->"
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatal("README.md has no math-commands markers")
	}
	want := CommandsMarkdown()
	if got := s[i+len(begin) : j]; got != want {
		if *update {
			if err := os.WriteFile(path, []byte(s[:i+len(begin)]+want+s[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Error("README.md's list of math commands is not the parser's table; run go test ./internal/math -run README -update")
	}
	for _, name := range []string{`\frac`, `\mathbb`, `\sum`, `\left`, "pmatrix", "align*"} {
		if !strings.Contains(want, name) {
			t.Errorf("the command list lacks %s", name)
		}
	}
}
