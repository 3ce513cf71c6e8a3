package font

import (
	"flag"
	"os"
	"strings"
	"testing"
)

// familiesMarkdown is the README's table of shipped families, made from
// assets/fonts/*.yaml.
func familiesMarkdown() string {
	var b strings.Builder
	for _, fam := range Families() {
		if _, extra := sources[fam.ID]; extra || strings.HasPrefix(fam.ID, "file-") {
			continue
		}
		var styles []string
		for _, st := range styles4 {
			if fam.Has(st[0], st[1]) {
				styles = append(styles, styleKey(st[0], st[1]))
			}
		}
		kind := fam.Kind
		switch {
		case fam.Default:
			kind += " (default)"
		case fam.Fallback:
			kind += " (fallback)"
		}
		b.WriteString("| " + fam.Name + " | " + kind + " | " + strings.Join(styles, ", ") + " |\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

var update = flag.Bool("update", false, "rewrite the README's table")

var styles4 = [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}}

// TestREADMEFamilies checks that the README lists the shipped families as
// assets/fonts describes them (go test ./internal/font -run README -update
// rewrites it).
func TestREADMEFamilies(t *testing.T) {
	const path = "../../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	const head = "| family | kind | faces |\n|---|---|---|\n"
	i := strings.Index(s, head)
	if i < 0 {
		t.Fatal("README has no table of font families")
	}
	start := i + len(head)
	end := strings.Index(s[start:], "\n\n")
	if end < 0 {
		end = len(s) - start
	}
	want := familiesMarkdown()
	if got := s[start : start+end]; got != want {
		if *update {
			os.WriteFile(path, []byte(s[:start]+want+s[start+end:]), 0o644)
			return
		}
		t.Errorf("README's font table is not the one made from assets/fonts; run go test ./internal/font -run README -update\ngot:\n%s\nwant:\n%s", got, want)
	}
}
