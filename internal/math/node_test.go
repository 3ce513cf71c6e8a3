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

// TestParseAllocs: reading a formula costs its share of a parser's
// slabs (its Formula, nodes, lists and text), not an allocation per
// node, list or piece of its text (45 for the first before they came
// from slabs).
func TestParseAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's pools drop what they hold")
	}
	ms := NewMacros()
	ms.Freeze()
	for _, c := range []struct {
		src string
		max float64
	}{
		{`x^2 + y^2 = z^2 + c_{12}`, 1},
		{`\sum_{i=1}^{n} a_i b_i \le \sqrt{\sum a_i^2}\,\sqrt{\sum b_i^2} + c_{2}`, 2},
		{`\frac{n(n+1)}{2} + c_{1}`, 1},
	} {
		var f *Formula
		n := testing.AllocsPerRun(200, func() {
			var err error
			if f, err = Parse(c.src, false, ms); err != nil {
				t.Fatal(err)
			}
		})
		if n > c.max || f.Text() == "" {
			t.Errorf("%s: %v allocations (want at most %v), text %q", c.src, n, c.max, f.Text())
		}
		t.Logf("%s: %v allocations", c.src, n)
	}
}

// TestParseSlabsNoAlias: formulas read one after another share a
// parser's slabs, and none is changed by those read after it: every
// KaTeX and sampler expression, laid out and its text made again after
// all were read, is what it was when just read.
func TestParseSlabsNoAlias(t *testing.T) {
	texs := []string{`x^2 + y^2 = z^2 + c_{12}`, `\begin{pmatrix} a & b \\ c & d \end{pmatrix}`}
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
	type read struct {
		f    *Formula
		text string
		in   *Inline
	}
	ms := NewMacros()
	ms.Freeze()
	var all []read
	for _, tex := range texs {
		f, err := Parse(tex, false, ms)
		if err != nil {
			continue
		}
		in, err := f.LayoutInline(Options{Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, read{f, listString(f.list), in})
	}
	if len(all) < 150 {
		t.Fatalf("%d formulas read", len(all))
	}
	for _, r := range all {
		in, err := r.f.LayoutInline(Options{Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if s := listString(r.f.list); s != r.text || !reflect.DeepEqual(in, r.in) {
			t.Errorf("%s: changed by the formulas read after it (text %q, was %q)", r.f.Source, s, r.text)
		}
	}
}
