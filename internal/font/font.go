// Package font provides the typefaces Quire sets text in: their metrics
// (advance widths, ascent, descent), their coverage of Unicode, and the
// TrueType bytes the PDF writer embeds. Faces come from Go modules, so
// nothing needs to be installed.
package font

import (
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/dejavu/dejavusansmono"
	"github.com/go-fonts/dejavu/dejavuserif"
	"github.com/go-fonts/dejavu/dejavuserifbold"
	"github.com/go-fonts/dejavu/dejavuserifbolditalic"
	"github.com/go-fonts/dejavu/dejavuserifitalic"
	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
)

// Face names. A Face is identified by one of these names everywhere in Quire
// (display lists, charts, the PDF writer).
const (
	Serif           = "serif"
	SerifBold       = "serif-bold"
	SerifItalic     = "serif-italic"
	SerifBoldItalic = "serif-bolditalic"
	Sans            = "sans"
	SansBold        = "sans-bold"
	SansItalic      = "sans-italic"
	Mono            = "mono"
	MonoBold        = "mono-bold"

	// Fallback faces (DejaVu) cover what Liberation lacks.
	FallbackSerif           = "fb-serif"
	FallbackSerifBold       = "fb-serif-bold"
	FallbackSerifItalic     = "fb-serif-italic"
	FallbackSerifBoldItalic = "fb-serif-bolditalic"
	FallbackSans            = "fb-sans"
	FallbackSansBold        = "fb-sans-bold"
	FallbackMono            = "fb-mono"
)

var sources = map[string][]byte{
	Serif:                   liberationserifregular.TTF,
	SerifBold:               liberationserifbold.TTF,
	SerifItalic:             liberationserifitalic.TTF,
	SerifBoldItalic:         liberationserifbolditalic.TTF,
	Sans:                    liberationsansregular.TTF,
	SansBold:                liberationsansbold.TTF,
	SansItalic:              liberationsansitalic.TTF,
	Mono:                    liberationmonoregular.TTF,
	MonoBold:                liberationmonobold.TTF,
	FallbackSerif:           dejavuserif.TTF,
	FallbackSerifBold:       dejavuserifbold.TTF,
	FallbackSerifItalic:     dejavuserifitalic.TTF,
	FallbackSerifBoldItalic: dejavuserifbolditalic.TTF,
	FallbackSans:            dejavusans.TTF,
	FallbackSansBold:        dejavusansbold.TTF,
	FallbackMono:            dejavusansmono.TTF,
}

var fallbackOf = map[string]string{
	Serif:           FallbackSerif,
	SerifBold:       FallbackSerifBold,
	SerifItalic:     FallbackSerifItalic,
	SerifBoldItalic: FallbackSerifBoldItalic,
	Sans:            FallbackSans,
	SansBold:        FallbackSansBold,
	SansItalic:      FallbackSans,
	Mono:            FallbackMono,
	MonoBold:        FallbackMono,
}

// Face is one loaded typeface. Its methods are safe for concurrent use.
type Face struct {
	Name string
	// Ascent and Descent are in thousandths of an em (Descent positive).
	Ascent, Descent float64
	data            []byte
	unitsPerEm      float64
	// adv holds advance widths in thousandths of an em for the BMP;
	// a negative value means the rune is not covered.
	adv []float32
}

// Data returns the TrueType bytes of the face for embedding.
func (f *Face) Data() []byte { return f.data }

// Has reports whether the face has a glyph for r.
func (f *Face) Has(r rune) bool {
	if r < 0 || int(r) >= len(f.adv) {
		return false
	}
	return f.adv[r] >= 0
}

// Advance returns the advance width of r in thousandths of an em; 0 for a
// rune the face does not cover.
func (f *Face) Advance(r rune) float64 {
	if r < 0 || int(r) >= len(f.adv) || f.adv[r] < 0 {
		return 0
	}
	return float64(f.adv[r])
}

// Width returns the advance width of s set at size points, in points.
func (f *Face) Width(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		w += f.Advance(r)
	}
	return w * size / 1000
}

var (
	mu    sync.Mutex
	faces sync.Map // name -> *Face; read without locking
)

// Get returns the face called name, loading it on first use. Names are the
// constants above.
func Get(name string) (*Face, error) {
	if f, ok := faces.Load(name); ok {
		return f.(*Face), nil
	}
	mu.Lock()
	defer mu.Unlock()
	if f, ok := faces.Load(name); ok {
		return f.(*Face), nil
	}
	data, ok := sources[name]
	if !ok {
		return nil, fmt.Errorf("font: unknown face %q", name)
	}
	f, err := load(name, data)
	if err != nil {
		return nil, err
	}
	faces.Store(name, f)
	return f, nil
}

// MustGet is Get for the built-in names, which cannot fail to load.
func MustGet(name string) *Face {
	f, err := Get(name)
	if err != nil {
		panic(err)
	}
	return f
}

// Fallback returns the name of the face to try for runes that name lacks, or
// "" if there is none.
func Fallback(name string) string { return fallbackOf[name] }

func load(name string, data []byte) (*Face, error) {
	sf, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %v", name, err)
	}
	var buf sfnt.Buffer
	upem := float64(sf.UnitsPerEm())
	ppem := fixed.I(int(upem))
	f := &Face{Name: name, data: data, unitsPerEm: upem, adv: make([]float32, 0x10000)}
	m, err := sf.Metrics(&buf, ppem, font.HintingNone)
	if err == nil {
		f.Ascent = float64(m.Ascent) / 64 * 1000 / upem
		f.Descent = float64(m.Descent) / 64 * 1000 / upem
	}
	// Widths by glyph, computed once per glyph.
	gw := map[sfnt.GlyphIndex]float32{}
	for r := 0; r < 0x10000; r++ {
		f.adv[r] = -1
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		gi, err := sf.GlyphIndex(&buf, rune(r))
		if err != nil || gi == 0 {
			continue
		}
		w, ok := gw[gi]
		if !ok {
			a, err := sf.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
			if err != nil {
				continue
			}
			w = float32(float64(a) / 64 * 1000 / upem)
			gw[gi] = w
		}
		f.adv[r] = w
	}
	return f, nil
}
