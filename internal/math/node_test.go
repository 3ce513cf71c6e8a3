package math

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
	"unsafe"
)

// TestNodeMore: a node is small (what few nodes need lies in nodeMore,
// scripts in scripts), and the zero nodeMore and scripts that nodes
// without them share are never written:
// every construct of the KaTeX expressions and of the sampler, parsed and
// laid out inline and as a display, leaves it zero.
func TestNodeMore(t *testing.T) {
	if s := unsafe.Sizeof(node{}); s > 64 {
		t.Errorf("a node is %d bytes, want at most 64", s)
	}
	var texs []string
	for _, c := range loadKatex(t) {
		texs = append(texs, c.tex)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "sampler.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`(?s)\$\$(.+?)\$\$|\$([^$]+)\$`).FindAllStringSubmatch(string(b), -1) {
		texs = append(texs, m[1]+m[2])
	}
	set := 0
	for _, tex := range texs {
		for _, display := range []bool{false, true} {
			f, err := Parse(tex, display, NewMacros())
			if err != nil {
				continue
			}
			if _, err := f.LayoutInline(Options{Size: 10}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.LayoutDisplay(Options{Size: 10, Width: 200}); err != nil {
				t.Fatal(err)
			}
			_ = f.Text()
			set++
		}
	}
	if set < 250 {
		t.Fatalf("%d formulas set", set)
	}
	if !reflect.ValueOf(noMore).IsZero() {
		t.Errorf("the shared zero nodeMore was written: %+v", noMore)
	}
	if !reflect.ValueOf(noScripts).IsZero() {
		t.Errorf("the shared zero scripts were written: %+v", noScripts)
	}
}
