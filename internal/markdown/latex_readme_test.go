package markdown

import (
	"sort"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/testenv"
)

// obeyedLatex returns the commands of latexArity that the converter obeys
// (converts without a "left out" warning), sorted.
func obeyedLatex() []string {
	var out []string
	for name, n := range latexArity {
		src := "Text \\" + name + strings.Repeat("{a}", n) + " end.\n"
		var l diag.List
		Convert([]byte(src), Options{File: "x.md"}, &l)
		left := false
		for _, d := range l.Items() {
			if strings.Contains(d.Msg, "left out") {
				left = true
			}
		}
		if !left {
			out = append(out, "`\\"+name+"`")
		}
	}
	sort.Strings(out)
	return out
}

// TestLatexReadme checks the README's list of obeyed LaTeX commands
// against what the converter does.
func TestLatexReadme(t *testing.T) {
	const open, close = "<!-- latex-commands: generated list checked by internal/markdown TestLatexReadme -->", "<!-- /latex-commands -->"
	section := testenv.Section(t, "README.md", open, close)
	got := strings.Join(strings.Fields(section), " ")
	want := strings.Join(obeyedLatex(), ", ") + "."
	if got != want {
		t.Errorf("README.md lists the obeyed LaTeX commands as\n\t%s\nthe converter obeys\n\t%s", got, want)
	}
}
