package math

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// TestArenaNoAlias: what a layout returns shares nothing with its arena,
// which later layouts take again: every KaTeX expression laid out inline
// and as a display, kept, equals itself laid out again after all the
// others, and a layout without an arena.
func TestArenaNoAlias(t *testing.T) {
	var fs []*Formula
	for _, c := range loadKatex(t) {
		if f, err := Parse(c.tex, c.display, NewMacros()); err == nil {
			fs = append(fs, f)
		}
	}
	type out struct {
		in *Inline
		d  *Display
	}
	lay := func() []out {
		var r []out
		for _, f := range fs {
			in, err := f.LayoutInline(Options{Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			d, err := f.LayoutDisplay(Options{Size: 10, Width: 150})
			if err != nil {
				t.Fatal(err)
			}
			r = append(r, out{in, d})
		}
		return r
	}
	first := lay()
	again := lay()
	for i := range first {
		if !reflect.DeepEqual(first[i], again[i]) {
			t.Fatalf("%s: laid out again it differs", fs[i].Source)
		}
	}
	// Without an arena (boxes allocated one by one), the same items.
	for i, f := range fs {
		l, _ := newLay(Options{Size: 10})
		st := StyleText
		if f.Display {
			st = StyleDisplay
		}
		var b *box
		if f.arr != nil {
			b = l.array(f.arr, st)
		} else {
			b = l.hbox(l.mlist(f.list, st, false))
		}
		n := 0
		for _, p := range first[i].in.Pieces {
			n += len(p.Box.Items)
		}
		if m := len(l.flatten(b).Items); m != n {
			t.Errorf("%s: %d items without an arena, %d with", f.Source, m, n)
		}
	}
}

// TestArenaLong: a formula whose boxes fill many of an arena's arrays
// (the catalog's 10,000-term sum) sets, inline and as a display, and the
// arena keeps only a bounded number of arrays afterwards.
func TestArenaLong(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "a_{%d} + ", i)
	}
	b.WriteString("z")
	f, err := Parse(b.String(), false, nil)
	if err != nil {
		t.Fatal(err)
	}
	in, err := f.LayoutInline(Options{Size: 10})
	if err != nil || len(in.Pieces) != 3001 {
		t.Fatalf("%v, %d pieces", err, len(in.Pieces))
	}
	in.Recycle()
	if _, err := f.LayoutDisplay(Options{Size: 10, Width: 300}); err != nil {
		t.Fatal(err)
	}
	a := arenas.Get().(*arena)
	if len(a.boxes.s) > maxSlabs {
		t.Errorf("the arena keeps %d arrays", len(a.boxes.s))
	}
}

// TestInlineRecycled: an Inline recycled is taken again by a later
// layout, whose pieces are what they are laid out afresh.
func TestInlineRecycled(t *testing.T) {
	srcs := []string{`x^2 + y^2 = z^2`, `a`, `\frac{a}{b} + c = d + e - f`, `\sqrt{x} \le y`}
	var fs []*Formula
	for _, s := range srcs {
		f, err := Parse(s, false, NewMacros())
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	var fresh []*Inline
	for _, f := range fs {
		in, err := f.LayoutInline(Options{Size: 10}) // not recycled
		if err != nil {
			t.Fatal(err)
		}
		fresh = append(fresh, in)
	}
	for round := 0; round < 3; round++ {
		for i, f := range fs {
			in, err := f.LayoutInline(Options{Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(in.Pieces) != len(fresh[i].Pieces) {
				t.Fatalf("%s: %d pieces, %d afresh", f.Source, len(in.Pieces), len(fresh[i].Pieces))
			}
			for k := range in.Pieces {
				p, q := in.Pieces[k], fresh[i].Pieces[k]
				if p.Text != q.Text || p.Glue != q.Glue || p.Break != q.Break || !reflect.DeepEqual(*p.Box, *q.Box) {
					t.Errorf("%s: piece %d %+v, afresh %+v", f.Source, k, p, q)
				}
			}
			in.Recycle()
		}
	}
}

// TestPieceTextShared: the pieces' texts are the formula's text, split at
// the breaks, not copies of it.
func TestPieceTextShared(t *testing.T) {
	f, err := Parse(`x^2 + \frac{a}{b} = \sqrt{y} - c_{12}`, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	in, err := f.LayoutInline(Options{Size: 10})
	if err != nil || len(in.Pieces) != 4 {
		t.Fatalf("%v, %d pieces", err, len(in.Pieces))
	}
	text := f.Text()
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	for _, p := range in.Pieces {
		at := uintptr(unsafe.Pointer(unsafe.StringData(p.Text)))
		if p.Text == "" || at < lo || at+uintptr(len(p.Text)) > lo+uintptr(len(text)) {
			t.Errorf("piece %q is not in the formula's text %q", p.Text, text)
		}
	}
}
