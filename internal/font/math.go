package font

import (
	"sort"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"quire/internal/math/otmath"
)

// Math is the face formulas are set in: DejaVu Math TeX Gyre, in the copy
// package otmath derives, where every glyph (size variants, delimiter
// pieces, the math alphabets above U+FFFF) has a BMP code point. It is
// loaded on first use.
const Math = "math"

// lazySources are faces whose bytes are made on first use (math.go).
var lazySources = map[string]func() ([]byte, error){}

func sortedKeys(m map[string]func() ([]byte, error)) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func init() {
	lazySources[Math] = func() ([]byte, error) {
		_, data, err := otmath.Default()
		return data, err
	}
}

var xHeights sync.Map // face name -> float64

// XHeight returns the height of the face's letter x in thousandths of an
// em (0 if it has none), for matching faces to one another.
func (f *Face) XHeight() float64 {
	if v, ok := xHeights.Load(f.Name); ok {
		return v.(float64)
	}
	h := 0.0
	if sf, err := sfnt.Parse(f.orig); err == nil {
		var buf sfnt.Buffer
		if gi, err := sf.GlyphIndex(&buf, 'x'); err == nil && gi != 0 {
			upem := float64(sf.UnitsPerEm())
			if b, _, err := sf.GlyphBounds(&buf, gi, fixed.I(int(upem)), font.HintingNone); err == nil {
				h = float64(-b.Min.Y) / 64 * 1000 / upem
			}
		}
	}
	xHeights.Store(f.Name, h)
	return h
}
