package font

import (
	"bytes"
	"encoding/binary"
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

// TestEmbed checks the file the PDF writer is given: it maps the code
// points drawn and those below 256, nothing else; their glyphs, and the
// components of composite ones, keep their outlines and numbers; other
// glyphs are empty; the widths of every glyph stay.
func TestEmbed(t *testing.T) {
	f := MustGet(Serif)
	oloca, oglyf, otabs := glyphsOf(t, f.orig)
	// A composite glyph drawn by a code point above 255, whose components
	// no code point below 256 draws.
	composite := rune(0)
	var parts []uint16
	for r := rune(0x100); r < 0x2000 && composite == 0; r++ {
		g := f.cmap[r]
		if g == 0 {
			continue
		}
		cs := components(oglyf[oloca[g]:oloca[g+1]])
		if len(cs) == 0 {
			continue
		}
		own := false
		for _, c := range cs {
			for q := rune(0); q < 256; q++ {
				own = own || f.cmap[q] == c
			}
		}
		if !own {
			composite, parts = r, cs
		}
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
	used := []rune{'Ж', 'ō', 0xFB03, composite, pua}
	data, err := f.Embed(bitset(used...))
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > len(f.orig)/3 {
		t.Errorf("embedded file is %d bytes of the face's %d", len(data), len(f.orig))
	}
	ft, err := gtfont.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the file does not parse: %v", err)
	}
	for _, r := range append(used, 'a', ' ', 0xE9) {
		g, ok := ft.NominalGlyph(r)
		if !ok || uint16(g) != f.cmap[r] {
			t.Errorf("%U maps to glyph %d (%v), in the face %d", r, g, ok, f.cmap[r])
		}
	}
	for _, r := range []rune{'Я', 'Ω', 0x2014} {
		if _, ok := ft.NominalGlyph(r); ok {
			t.Errorf("%U is mapped though not drawn", r)
		}
	}
	loca, glyf, tabs := glyphsOf(t, data)
	if len(loca) != len(oloca) {
		t.Fatalf("%d glyphs, the face has %d", len(loca)-1, len(oloca)-1)
	}
	outline := func(l []uint32, gl []byte, g uint16) []byte { return gl[l[g]:l[g+1]] }
	trim := func(b []byte) []byte { return bytes.TrimRight(b, "\x00") }
	for _, g := range append(parts, f.cmap['Ж'], f.cmap[composite], f.cmap[pua], f.cmap['a'], 0) {
		if o := outline(oloca, oglyf, g); len(o) == 0 || !bytes.Equal(trim(outline(loca, glyf, g)), trim(o)) {
			t.Errorf("glyph %d: outline not kept (%d bytes in the face)", g, len(outline(oloca, oglyf, g)))
		}
	}
	if g := f.cmap['Я']; len(outline(loca, glyf, g)) != 0 {
		t.Errorf("glyph %d of Я is not empty", g)
	}
	if !bytes.Equal(tabs["hmtx"], otabs["hmtx"]) {
		t.Error("the widths changed")
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
