package otmath

import (
	"testing"

	"github.com/go-fonts/dejavu/dejavumathtexgyre"
	"golang.org/x/image/font/sfnt"
)

func TestParseDejaVuMath(t *testing.T) {
	f, err := Parse(dejavumathtexgyre.TTF)
	if err != nil {
		t.Fatal(err)
	}
	c := f.Constants
	t.Logf("upem %v glyphs %d consts %+v", f.UnitsPerEm, f.NumGlyphs(), c)
	t.Logf("italic %d accent %d vert %d horiz %d pua %d", len(f.Italic), len(f.TopAccent), len(f.Vertical), len(f.Horizontal), len(f.pua))
	if c.AxisHeight <= 0 || c.FractionRuleThickness <= 0 || c.ScriptPercentScaleDown < 50 {
		t.Fatalf("implausible constants %+v", c)
	}
	paren, _ := f.GlyphOf('(')
	con := f.Vertical[paren]
	if con == nil || len(con.Variants) < 3 || len(con.Assembly) < 3 {
		t.Fatalf("( has no vertical construction: %+v", con)
	}
	data, err := f.Derive(dejavumathtexgyre.TTF)
	if err != nil {
		t.Fatal(err)
	}
	sf, err := sfnt.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for _, v := range con.Variants {
		code := f.Code(v.Glyph)
		g, err := sfnt.Parse(data)
		_ = g
		gi, err := sf.GlyphIndex(&buf, code)
		if err != nil || GlyphID(gi) != v.Glyph {
			t.Errorf("variant %d: code %U maps to %d, %v", v.Glyph, code, gi, err)
		}
	}
	x, _ := f.GlyphOf(0x1D465)
	if gi, _ := sf.GlyphIndex(&buf, f.Code(x)); GlyphID(gi) != x || f.Code(x) < 0xE000 {
		t.Errorf("math italic x: code %U -> %d, want %d", f.Code(x), gi, x)
	}
	if gi, _ := sf.GlyphIndex(&buf, '∑'); GlyphID(gi) == 0 {
		t.Errorf("∑ lost")
	}
	f2, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	for g := 1; g < f.NumGlyphs(); g++ {
		if f.Code(GlyphID(g)) != 0 && f2.cmap[f.Code(GlyphID(g))] != GlyphID(g) {
			t.Fatalf("glyph %d: code %U maps to %d in the derived font", g, f.Code(GlyphID(g)), f2.cmap[f.Code(GlyphID(g))])
		}
	}
}

// TestExtraAndASCII: Extra and GlyphOf's ASCII table say what the maps
// say, for every glyph and every ASCII character.
func TestExtraAndASCII(t *testing.T) {
	f, _, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for g := GlyphID(0); int(g) < f.NumGlyphs()+2; g++ {
		it, ok, ta, acc := f.Extra(g)
		wit, wok := f.Italic[g]
		wta, wacc := f.TopAccent[g]
		if it != wit || ok != wok || ta != wta || acc != wacc {
			t.Fatalf("glyph %d: Extra %v %v %v %v, maps %v %v %v %v", g, it, ok, ta, acc, wit, wok, wta, wacc)
		}
		if ok || acc {
			n++
		}
	}
	if n < 100 {
		t.Errorf("%d glyphs with an italic correction or accent attachment", n)
	}
	for r := rune(-1); r < 130; r++ {
		g, ok := f.GlyphOf(r)
		w, wok := f.cmap[r]
		if g != w || ok != (wok && w != 0) {
			t.Errorf("%q: %d %v, cmap %d %v", r, g, ok, w, wok)
		}
	}
}

// TestChecksum: the table checksum is the sum of the big-endian words,
// the last padded with zeros, whatever the length.
func TestChecksum(t *testing.T) {
	b := []byte{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x01, 0x02, 0x03}
	want := []uint32{0, 0x12000000, 0x12340000, 0x12345600, 0x12345678}
	for n := 5; n <= len(b); n++ {
		var w uint32
		for i := 0; i < n; i++ {
			w += uint32(b[i]) << (24 - 8*(i%4))
		}
		want = append(want, w)
	}
	for n := range want {
		if got := checksum(b[:n]); got != want[n] {
			t.Errorf("checksum of %d bytes: %#x, want %#x", n, got, want[n])
		}
	}
}
