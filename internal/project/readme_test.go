package project

import (
	"flag"
	"strings"
	"testing"

	"quire/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the README's front-matter table")

const (
	readmeBegin = "<!-- front-matter keys: made from internal/project/keys.go; go test ./internal/project -run README -update rewrites it -->\n"
	readmeEnd   = "<!-- end of front-matter keys -->\n"
)

// TestREADMEKeys checks that the README's front-matter table is the one
// made from Keys, the table the parser dispatches on.
func TestREADMEKeys(t *testing.T) {
	testenv.CheckSection(t, "README.md", readmeBegin, readmeEnd, KeysMarkdown(), *update,
		"README.md's front-matter table is not the one made from Keys; run go test ./internal/project -run README -update")
}

// TestKeysTable checks the table itself: every key parses, no spelling is
// listed twice, and no key of another tool shadows a key Quire reads.
func TestKeysTable(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Keys {
		if k.parse == nil || k.Value == "" || k.Means == "" {
			t.Errorf("key %s is incomplete", k.Name)
		}
		for _, n := range append([]string{k.Name}, k.Also...) {
			if seen[n] {
				t.Errorf("key %s listed twice", n)
			}
			seen[n] = true
			if tool, ok := toolOf[n]; ok {
				t.Errorf("key %s is read by Quire and listed for %s", n, tool)
			}
		}
	}
	if h := knownKeysHint(); !strings.Contains(h, "number-sections") || !strings.Contains(h, "csl") {
		t.Errorf("hint %q does not list every key", h)
	}
}
