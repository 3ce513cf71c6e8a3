package font

import (
	"flag"
	"strings"
	"testing"

	"quire/internal/testenv"
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
	const head = "| family | kind | faces |\n|---|---|---|\n"
	testenv.CheckSection(t, "README.md", head, "\n\n", familiesMarkdown(), *update,
		"README's font table is not the one made from assets/fonts; run go test ./internal/font -run README -update")
}
