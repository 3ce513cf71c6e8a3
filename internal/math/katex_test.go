package math

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"quire/internal/testenv"
)

// katexCase is one expression of KaTeX's screenshot tests.
type katexCase struct {
	name    string
	tex     string
	display bool
	macros  map[string]string
}

func loadKatex(t *testing.T) []katexCase {
	t.Helper()
	dir := testenv.SharedData(t)
	b, err := os.ReadFile(filepath.Join(dir, "math", "katex-ss_data.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]yaml.Node
	if err := yaml.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	var out []katexCase
	for name, n := range raw {
		c := katexCase{name: name}
		switch n.Kind {
		case yaml.ScalarNode:
			c.tex = n.Value
		case yaml.MappingNode:
			var m struct {
				Tex     string            `yaml:"tex"`
				Display int               `yaml:"display"`
				Macros  map[string]string `yaml:"macros"`
			}
			if err := n.Decode(&m); err != nil {
				t.Fatal(err)
			}
			c.tex, c.display, c.macros = m.Tex, m.Display == 1, m.Macros
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func TestKatexParse(t *testing.T) {
	cases := loadKatex(t)
	set := 0
	for _, c := range cases {
		ms := NewMacros()
		for k, v := range c.macros {
			ms.Define(`\newcommand{` + k + `}{` + v + `}`)
		}
		f, err := Parse(c.tex, c.display, ms)
		if err != nil {
			e := err.(*Error)
			t.Logf("REFUSED %s: %s (%s) at %q", c.name, e.Msg, e.Hint, snippet(c.tex, e.Off))
			// A refusal names what it refuses: the command or the
			// environment, and points at it.
			if !strings.Contains(e.Msg, `\`) && !strings.Contains(e.Msg, "environment") || !strings.HasPrefix(c.tex[e.Off:], `\`) && !strings.Contains(e.Msg, "environment") {
				t.Errorf("%s: refusal %q at %q names no command", c.name, e.Msg, snippet(c.tex, e.Off))
			}
			continue
		}
		if _, err := f.LayoutInline(Options{Size: 10}); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		set++
	}
	t.Logf("%d of %d set", set, len(cases))
	// Issue 13: at least 110 of the 126 set (the refusals are listed,
	// with their reasons, in internal/sweep/known-failures.txt).
	if len(cases) != 126 || set < 110 {
		t.Errorf("%d of %d KaTeX expressions set, want at least 110 of 126", set, len(cases))
	}
}

func snippet(s string, off int) string {
	end := min(len(s), off+20)
	return s[off:end]
}
