package math

import (
	"strings"
	"testing"

	"quire/internal/testenv"
)

// TestREADMECommands keeps the README's list of math commands the one
// CommandsMarkdown makes from the parser's table (-update rewrites it).
func TestREADMECommands(t *testing.T) {
	want := CommandsMarkdown()
	testenv.CheckSection(t, "README.md", "<!-- math-commands:begin -->\n", "<!-- math-commands:end -->", want, *update,
		"README.md's list of math commands is not the parser's table; run go test ./internal/math -run README -update")
	for _, name := range []string{`\frac`, `\mathbb`, `\sum`, `\left`, "pmatrix", "align*"} {
		if !strings.Contains(want, name) {
			t.Errorf("the command list lacks %s", name)
		}
	}
}
