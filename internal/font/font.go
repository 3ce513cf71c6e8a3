// Package font provides the typefaces Quire sets text in: families of
// faces (regular, bold, italic, bold italic), their metrics (advance
// widths, ascent, descent), their coverage of Unicode, the fallback order
// for characters a face lacks, each family's character protrusion, and
// the TrueType bytes the PDF writer embeds.
//
// The shipped families are described by assets/fonts/*.yaml, one file a
// family, which is the one list the rest of Quire (and the README) uses;
// their files are in assets/fonts or in Go modules, so nothing needs to be
// installed. An author's own TrueType files join through Register.
//
// A face is named by a string everywhere in Quire (display lists, charts,
// the PDF writer). The default family of each kind has the short names
// below (Serif, SerifBold, ..., Mono); other families' faces are named
// after the family ("liberation-serif-bold").
//
// The PDF writer addresses glyphs by code point: the codes of its fonts
// are the code points drawn. A glyph that no code point maps to (a small
// capital, an old-style figure, a ligature without its presentation form)
// is given one in the Private Use Area, U+E000 on (in the bytes Data
// returns, and in the program Subset makes); Code reports the code point
// that draws a glyph.
package font

import (
	"fmt"
	"math"
	"strings"
	"sync"

	gtfont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// Face names of the default families. Fallback faces (DejaVu) cover what
// the default faces lack.
const (
	Serif           = "serif"
	SerifBold       = "serif-bold"
	SerifItalic     = "serif-italic"
	SerifBoldItalic = "serif-bolditalic"
	Sans            = "sans"
	SansBold        = "sans-bold"
	SansItalic      = "sans-italic"
	SansBoldItalic  = "sans-bolditalic"
	Mono            = "mono"
	MonoBold        = "mono-bold"

	FallbackSerif           = "fb-serif"
	FallbackSerifBold       = "fb-serif-bold"
	FallbackSerifItalic     = "fb-serif-italic"
	FallbackSerifBoldItalic = "fb-serif-bolditalic"
	FallbackSans            = "fb-sans"
	FallbackSansBold        = "fb-sans-bold"
	FallbackMono            = "fb-mono"
)

// Face is one loaded typeface. Its methods are safe for concurrent use.
type Face struct {
	Name   string
	Family *Family
	Bold   bool
	Italic bool
	// Ascent and Descent are in thousandths of an em (Descent positive).
	Ascent, Descent float64

	orig       []byte   // the file as loaded
	cmap       []uint16 // code point -> glyph, private-use codes included
	added      bool     // whether private-use codes were added to the file's cmap
	dataOnce   sync.Once
	data       []byte // for embedding: the file with private-use code points added
	ot         *gtfont.Font
	unitsPerEm float64
	// adv holds the advance width of each glyph in thousandths of an
	// em, units in design units; a code point's is its glyph's (cmap).
	adv   []float32
	units []uint16
	// code maps a glyph to the code point that draws it in data; 0 for
	// none.
	code []rune
	// private marks the code points given to glyphs in the Private Use
	// Area: they are no characters of the face.
	private []uint64
	// gsub holds the tags of the face's GSUB features.
	gsub map[string]bool

	descOnce sync.Once
	desc     Descriptor
}

// Private reports whether r is a private-use code the face gives a glyph
// without a character of its own (see Code).
func (f *Face) Private(r rune) bool {
	return r >= 0xE000 && r <= 0xF8FF && f.private != nil && f.private[(r-0xE000)/64]&(1<<((r-0xE000)%64)) != 0
}

// Plain returns the TrueType bytes of the face as they were loaded, for
// embedding text that uses no private-use code (see Data).
func (f *Face) Plain() []byte { return f.orig }

// Data returns the TrueType bytes of the face for embedding: the file
// with a cmap that gives every glyph a code point.
func (f *Face) Data() []byte {
	f.dataOnce.Do(func() {
		f.data = f.orig
		if f.added {
			f.data = replaceTable(f.orig, "cmap", cmapFormat4(f.cmap))
		}
	})
	return f.data
}

// OT returns the parsed font, for shaping.
func (f *Face) OT() *gtfont.Font { return f.ot }

// UnitsPerEm returns the face's design units per em.
func (f *Face) UnitsPerEm() float64 { return f.unitsPerEm }

// Code returns the code point that draws glyph g from the bytes of Data, or
// 0 if there is none.
func (f *Face) Code(g uint32) rune {
	if int(g) < len(f.code) {
		return f.code[g]
	}
	return 0
}

// HasFeature reports whether the face's GSUB table has the feature tag
// (such as "smcp" or "onum").
func (f *Face) HasFeature(tag string) bool { return f.gsub[tag] }

// Mono reports whether the face belongs to a monospace family.
func (f *Face) Mono() bool { return f.Family != nil && f.Family.Kind == "mono" }

// Has reports whether the face has a glyph for the character r. The
// private-use codes Quire gives glyphs without a character (see Code) are
// not characters of the face.
func (f *Face) Has(r rune) bool {
	if r < 0 || int(r) >= len(f.cmap) || f.cmap[r] == 0 {
		return false
	}
	return !f.Private(r)
}

// Advance returns the advance width of r in thousandths of an em; 0 for a
// rune the face does not cover.
func (f *Face) Advance(r rune) float64 {
	if r < 0 || int(r) >= len(f.cmap) {
		return 0
	}
	return float64(f.adv[f.cmap[r]])
}

// Units returns the advance width of r in design units.
func (f *Face) Units(r rune) float64 {
	if r < 0 || int(r) >= len(f.cmap) {
		return 0
	}
	return float64(f.units[f.cmap[r]])
}

// PDFWidth returns the width of code point r as the PDF writer's font
// dictionary gives it (its /W array): the advance in thousandths of an
// em, rounded to the nearest.
func (f *Face) PDFWidth(r rune) int {
	if r < 0 || int(r) >= len(f.cmap) || f.cmap[r] == 0 {
		return 0
	}
	return int(math.Round(1000.0 / f.unitsPerEm * float64(f.units[f.cmap[r]])))
}

// Width returns the advance width of s set at size points, in points,
// without kerning or ligatures (package shape applies those).
func (f *Face) Width(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		w += f.Advance(r)
	}
	return w * size / 1000
}

// Protrusion returns how far r hangs into the left and the right margin at
// the start or the end of a justified line, in thousandths of an em, from
// the family's protrusion table.
func (f *Face) Protrusion(r rune) (left, right float64) {
	if f.Family == nil || f.Family.Protrusion == nil {
		return 0, 0
	}
	p, ok := f.Family.Protrusion[r]
	if !ok {
		return 0, 0
	}
	a := f.Advance(r)
	return p[0] * a / 1000, p[1] * a / 1000
}

var (
	mu    sync.Mutex
	faces sync.Map // name -> *Face; read without locking
)

// sources holds faces that are not in a family file, by name: files of
// init (cjk.go) put them here, and each becomes a family of one regular
// face with that name.
var sources = map[string][]byte{}

// Get returns the face called name, loading it on first use.
func Get(name string) (*Face, error) {
	if f, ok := faces.Load(name); ok {
		return f.(*Face), nil
	}
	reg := registry()
	mu.Lock()
	defer mu.Unlock()
	if f, ok := faces.Load(name); ok {
		return f.(*Face), nil
	}
	src, ok := reg.faces[name]
	if !ok {
		return nil, fmt.Errorf("font: unknown face %q", name)
	}
	data, err := src.bytes()
	if err != nil {
		return nil, fmt.Errorf("font %s: %v", name, err)
	}
	f, err := load(name, data)
	if err != nil {
		return nil, err
	}
	f.Family, f.Bold, f.Italic = src.family, src.bold, src.italic
	faces.Store(name, f)
	return f, nil
}

// MustGet is Get for the names of shipped faces, which cannot fail to load.
func MustGet(name string) *Face {
	f, err := Get(name)
	if err != nil {
		panic(err)
	}
	return f
}

// Fallback returns the name of the first face to try for runes that name
// lacks, or "" if there is none.
func Fallback(name string) string {
	if fb := Fallbacks(name); len(fb) > 0 {
		return fb[0]
	}
	return ""
}

// load parses a TrueType file and computes what Face holds.
func load(name string, data []byte) (*Face, error) {
	switch fileKind(data) {
	case kindCFF:
		return nil, fmt.Errorf("font %s: an OpenType font with PostScript (CFF) outlines; only TrueType outlines can be embedded", name)
	case kindCollection:
		return nil, fmt.Errorf("font %s: a TrueType collection (.ttc); only single fonts can be embedded", name)
	case kindUnknown:
		return nil, fmt.Errorf("font %s: not a TrueType font", name)
	}
	tabs, err := tables(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %v", name, err)
	}
	for _, t := range []string{"glyf", "loca", "hmtx", "hhea", "head", "maxp", "cmap"} {
		if _, ok := tabs[t]; !ok {
			return nil, fmt.Errorf("font %s: no %s table", name, t)
		}
	}
	ft, err := gtfont.ParseTTF(withoutOutlines(data))
	if err != nil {
		return nil, fmt.Errorf("font %s: %v", name, err)
	}
	upem := float64(ft.Upem())
	f := &Face{Name: name, ot: ft.Font, unitsPerEm: upem}
	if ext, ok := ft.FontHExtents(); ok {
		f.Ascent = float64(ext.Ascender) * 1000 / upem
		f.Descent = -float64(ext.Descender) * 1000 / upem
	}
	n := numGlyphs(tabs)
	f.code = make([]rune, n)
	// Widths by glyph; glyph 0, which no code point draws, has none, so
	// that a code point without a glyph is 0 wide.
	f.adv, f.units = make([]float32, max(n, 1)), make([]uint16, max(n, 1))
	for g := 1; g < n; g++ {
		u := ft.HorizontalAdvance(gtfont.GID(g))
		f.adv[g] = float32(float64(u) * 1000 / upem)
		f.units[g] = uint16(u)
	}
	cm := make([]uint16, 0x10000)
	it := ft.Cmap.Iter()
	for it.Next() {
		r, g := it.Char()
		if r < 0 || r >= 0xFFFF || r >= 0xD800 && r < 0xE000 || g == 0 || int(g) >= n {
			continue
		}
		cm[r] = uint16(g)
	}
	// The code of each glyph: its lowest code point.
	for r, g := range cm {
		if g == 0 {
			continue
		}
		if f.code[g] == 0 {
			f.code[g] = rune(r)
		}
	}
	// Glyphs without a code point get one in the Private Use Area.
	added := false
	next := rune(0xE000)
	for g := 1; g < n; g++ {
		if f.code[g] != 0 {
			continue
		}
		for next <= 0xF8FF && cm[next] != 0 {
			next++
		}
		if next > 0xF8FF {
			break
		}
		f.code[g] = next
		cm[next] = uint16(g)
		if f.private == nil {
			f.private = make([]uint64, (0xF900-0xE000)/64)
		}
		f.private[(next-0xE000)/64] |= 1 << ((next - 0xE000) % 64)
		next++
		added = true
	}
	f.orig = data
	f.cmap, f.added = cm, added
	f.gsub = map[string]bool{}
	for _, ft := range ft.GSUB.Features {
		f.gsub[ft.Tag.String()] = true
	}
	return f, nil
}

// tag is a feature tag for shaping.
func Tag(s string) ot.Tag { return ot.MustNewTag(s) }

// styleSuffix names a face's style in face names.
func styleSuffix(bold, italic bool) string {
	switch {
	case bold && italic:
		return "-bolditalic"
	case bold:
		return "-bold"
	case italic:
		return "-italic"
	}
	return ""
}

// Variant returns the face of name's family with the given weight and
// slant, or the nearest the family has (bold italic falls back to bold,
// then italic, then regular). Names that are not faces are returned as
// they are.
func Variant(name string, bold, italic bool) string {
	reg := registry()
	src, ok := reg.faces[name]
	if !ok {
		return name
	}
	return src.family.nearest(bold, italic)
}

// Italic returns name's italic (or, for an italic face, upright) variant:
// emphasis inside italics is set upright.
func Italic(name string) string {
	reg := registry()
	src, ok := reg.faces[name]
	if !ok {
		return name
	}
	return src.family.nearest(src.bold, !src.italic)
}

// Bold returns the bold variant of name.
func Bold(name string) string {
	reg := registry()
	src, ok := reg.faces[name]
	if !ok {
		return name
	}
	return src.family.nearest(true, src.italic)
}

// IsMono reports whether name is a face of a monospace family.
func IsMono(name string) bool {
	src, ok := registry().faces[name]
	return ok && src.family.Kind == "mono"
}

// lower folds a family name for matching: case, spaces, hyphens and
// underscores do not count.
func lower(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_':
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// Glyph returns the glyph the face's cmap gives r, or 0; the private-use
// codes of Code are no characters and have none.
func (f *Face) Glyph(r rune) uint16 {
	if r < 0 || int(r) >= len(f.cmap) || f.Private(r) {
		return 0
	}
	return f.cmap[r]
}
