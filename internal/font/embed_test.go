package font

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"

	gtfont "github.com/go-text/typesetting/font"
)

// glyphsOf returns the glyph offsets and the glyf table of a TrueType file.
func glyphsOf(t *testing.T, data []byte) ([]uint32, []byte, map[string][]byte) {
	t.Helper()
	tabs, err := tables(data)
	if err != nil {
		t.Fatal(err)
	}
	loca, ok := readLoca(tabs["loca"], numGlyphs(tabs), int16(binary.BigEndian.Uint16(tabs["head"][50:])))
	if !ok {
		t.Fatal("bad loca")
	}
	return loca, tabs["glyf"], tabs
}

func bitset(rs ...rune) []uint64 {
	b := make([]uint64, 0x10000/64)
	for _, r := range rs {
		b[r/64] |= 1 << (r % 64)
	}
	return b
}

// TestSubset checks the font program embedded for some code points: it
// maps them, and nothing else, to glyphs renumbered in order, whose
// outlines are the face's (a composite glyph's components renumbered
// too) and whose widths are the face's; it has only the glyphs these need
// and is a valid TrueType file.
func TestSubset(t *testing.T) {
	f := MustGet(Serif)
	oloca, oglyf, otabs := glyphsOf(t, f.orig)
	// A composite glyph whose components are drawn by no code point.
	composite := rune(0)
	for r := rune(0x100); r < 0x2000 && composite == 0; r++ {
		g := f.cmap[r]
		if g == 0 || len(components(oglyf[oloca[g]:oloca[g+1]])) == 0 {
			continue
		}
		composite = r
	}
	if composite == 0 {
		t.Fatal("the book face has no composite glyph to test with")
	}
	pua := rune(0)
	for r := rune(0xE000); r < 0xF900 && pua == 0; r++ {
		if g := f.cmap[r]; f.Private(r) && oloca[g+1] > oloca[g] {
			pua = r // a glyph with an outline and no character
		}
	}
	used := []rune{' ', 'a', 'Ж', 'ō', 0xFB03, composite, pua}
	sub, err := f.Subset(bitset(append(used, 0x0378)...)) // U+0378: no glyph
	if err != nil {
		t.Fatal(err)
	}
	data := sub.Data
	if len(data) > len(f.orig)/10 {
		t.Errorf("the subset is %d bytes of the face's %d", len(data), len(f.orig))
	}
	want := append([]rune(nil), used...)
	slices.Sort(want)
	if !slices.Equal(sub.Codes, want) {
		t.Errorf("codes %U, want %U", sub.Codes, want)
	}
	ft, err := gtfont.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the subset does not parse: %v", err)
	}
	loca, glyf, tabs := glyphsOf(t, data)
	ohmtx, hmtx := otabs["hmtx"], tabs["hmtx"]
	onh := int(binary.BigEndian.Uint16(otabs["hhea"][34:]))
	// same reports whether glyph g of the subset is glyph og of the face,
	// outline, components and width.
	var same func(g, og uint16) bool
	same = func(g, og uint16) bool {
		if int(g)+1 >= len(loca) || int(og)+1 >= len(oloca) {
			return false
		}
		a, b := glyf[loca[g]:loca[g+1]], oglyf[oloca[og]:oloca[og+1]]
		a, b = bytes.TrimRight(a, "\x00"), bytes.TrimRight(b, "\x00")
		if len(a) != len(b) {
			return false
		}
		refs := componentRefs(a)
		a, b = bytes.Clone(a), bytes.Clone(b)
		for _, p := range refs {
			if !same(binary.BigEndian.Uint16(a[p:]), binary.BigEndian.Uint16(b[p:])) {
				return false
			}
			copy(a[p:p+2], b[p:p+2])
		}
		ow := ohmtx[4*min(int(og), onh-1):]
		return bytes.Equal(a, b) && bytes.Equal(hmtx[4*int(g):4*int(g)+2], ow[:2])
	}
	for i, r := range sub.Codes {
		g, ok := ft.NominalGlyph(r)
		if !ok || uint16(g) != sub.GIDs[i] {
			t.Errorf("%U maps to glyph %d (%v), Codes say %d", r, g, ok, sub.GIDs[i])
		}
		if !same(sub.GIDs[i], f.cmap[r]) {
			t.Errorf("%U: glyph %d is not the face's glyph %d", r, sub.GIDs[i], f.cmap[r])
		}
		if i > 0 && f.cmap[r] > f.cmap[sub.Codes[i-1]] && sub.GIDs[i] <= sub.GIDs[i-1] {
			t.Errorf("%U: glyphs not numbered in order", r)
		}
	}
	if !same(0, 0) {
		t.Error("glyph 0 is not the face's .notdef")
	}
	for _, r := range []rune{'Я', 'Ω', 0x2014, 'b'} {
		if _, ok := ft.NominalGlyph(r); ok {
			t.Errorf("%U is mapped though not drawn", r)
		}
	}
	// The glyphs needed: .notdef, those drawn and their components.
	need := map[uint16]bool{0: true}
	var add func(g uint16)
	add = func(g uint16) {
		need[g] = true
		for _, c := range components(oglyf[oloca[g]:oloca[g+1]]) {
			add(c)
		}
	}
	for _, r := range used {
		add(f.cmap[r])
	}
	if n := len(loca) - 1; n != len(need) || n <= len(used)+1 {
		t.Errorf("%d glyphs in the subset, want %d (more than %d)", n, len(need), len(used)+1)
	}
	for _, tag := range []string{"GSUB", "GPOS"} {
		if tabs[tag] != nil {
			t.Errorf("%s table is embedded", tag)
		}
	}
	if checksum(data) != 0xB1B0AFBA {
		t.Errorf("file checksum %#x, want 0xB1B0AFBA", checksum(data))
	}
}

// TestComponentsBounded checks that a cut-short composite glyph yields the
// components it holds and no panic.
func TestComponentsBounded(t *testing.T) {
	g := []byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x21, 0x00, 0x07, 1, 2}
	if got := components(g); len(got) != 1 || got[0] != 7 {
		t.Errorf("components = %v, want [7]", got)
	}
	for i := range g {
		components(g[:i])
	}
}
