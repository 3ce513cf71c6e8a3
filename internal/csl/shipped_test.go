package csl

import (
	"testing"

	cslfiles "quire/assets/csl"
)

// Every shipped style parses, and every shipped locale.
func TestShippedFiles(t *testing.T) {
	for _, n := range cslfiles.Styles() {
		src, _ := cslfiles.Style(n)
		if _, err := ParseStyle(n+".csl", src); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	ents, _ := cslfiles.FS.ReadDir("locales")
	for _, e := range ents {
		if e.Name() == "LICENSE" {
			continue
		}
		src, _ := cslfiles.FS.ReadFile("locales/" + e.Name())
		if _, err := ParseLocale(e.Name(), src); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
	}
}
