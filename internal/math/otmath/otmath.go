// Package otmath reads the OpenType MATH table of a TrueType math font
// (constants, italic corrections, accent attachments, size variants and
// glyph assemblies) together with the glyph metrics math layout needs, and
// derives from the font a copy whose every glyph has a code point in the
// Basic Multilingual Plane.
//
// The PDF writer (fpdf) addresses glyphs only by BMP code point, while the
// glyphs math needs most — size variants of delimiters, pieces of
// extensible delimiters, the math italic alphabet (U+1D434…, above the
// BMP) — have none. Derive gives each glyph that the font's cmap cannot
// reach from the BMP a Private Use code point (U+E000…, in glyph order, so
// the mapping is deterministic), and writes a cmap of one format-4
// subtable holding the BMP mappings and those. Glyph outlines, metrics and
// every other table are kept byte for byte. Text extraction does not go
// through these code points: the writer marks each formula with its
// Unicode text (ActualText).
package otmath

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// GlyphID is a glyph index of the font.
type GlyphID uint16

// Constants are the MathConstants of the MATH table, in font units.
type Constants struct {
	ScriptPercentScaleDown       float64
	ScriptScriptPercentScaleDown float64
	DelimitedSubFormulaMinHeight float64
	DisplayOperatorMinHeight     float64

	MathLeading                              float64
	AxisHeight                               float64
	AccentBaseHeight                         float64
	FlattenedAccentBaseHeight                float64
	SubscriptShiftDown                       float64
	SubscriptTopMax                          float64
	SubscriptBaselineDropMin                 float64
	SuperscriptShiftUp                       float64
	SuperscriptShiftUpCramped                float64
	SuperscriptBottomMin                     float64
	SuperscriptBaselineDropMax               float64
	SubSuperscriptGapMin                     float64
	SuperscriptBottomMaxWithSubscript        float64
	SpaceAfterScript                         float64
	UpperLimitGapMin                         float64
	UpperLimitBaselineRiseMin                float64
	LowerLimitGapMin                         float64
	LowerLimitBaselineDropMin                float64
	StackTopShiftUp                          float64
	StackTopDisplayStyleShiftUp              float64
	StackBottomShiftDown                     float64
	StackBottomDisplayStyleShiftDown         float64
	StackGapMin                              float64
	StackDisplayStyleGapMin                  float64
	StretchStackTopShiftUp                   float64
	StretchStackBottomShiftDown              float64
	StretchStackGapAboveMin                  float64
	StretchStackGapBelowMin                  float64
	FractionNumeratorShiftUp                 float64
	FractionNumeratorDisplayStyleShiftUp     float64
	FractionDenominatorShiftDown             float64
	FractionDenominatorDisplayStyleShiftDown float64
	FractionNumeratorGapMin                  float64
	FractionNumDisplayStyleGapMin            float64
	FractionRuleThickness                    float64
	FractionDenominatorGapMin                float64
	FractionDenomDisplayStyleGapMin          float64
	SkewedFractionHorizontalGap              float64
	SkewedFractionVerticalGap                float64
	OverbarVerticalGap                       float64
	OverbarRuleThickness                     float64
	OverbarExtraAscender                     float64
	UnderbarVerticalGap                      float64
	UnderbarRuleThickness                    float64
	UnderbarExtraDescender                   float64
	RadicalVerticalGap                       float64
	RadicalDisplayStyleVerticalGap           float64
	RadicalRuleThickness                     float64
	RadicalExtraAscender                     float64
	RadicalKernBeforeDegree                  float64
	RadicalKernAfterDegree                   float64
	RadicalDegreeBottomRaisePercent          float64
}

// records lists the MathValueRecord constants in table order.
func (c *Constants) records() []*float64 {
	return []*float64{
		&c.MathLeading, &c.AxisHeight, &c.AccentBaseHeight, &c.FlattenedAccentBaseHeight,
		&c.SubscriptShiftDown, &c.SubscriptTopMax, &c.SubscriptBaselineDropMin,
		&c.SuperscriptShiftUp, &c.SuperscriptShiftUpCramped, &c.SuperscriptBottomMin,
		&c.SuperscriptBaselineDropMax, &c.SubSuperscriptGapMin, &c.SuperscriptBottomMaxWithSubscript,
		&c.SpaceAfterScript, &c.UpperLimitGapMin, &c.UpperLimitBaselineRiseMin,
		&c.LowerLimitGapMin, &c.LowerLimitBaselineDropMin, &c.StackTopShiftUp,
		&c.StackTopDisplayStyleShiftUp, &c.StackBottomShiftDown, &c.StackBottomDisplayStyleShiftDown,
		&c.StackGapMin, &c.StackDisplayStyleGapMin, &c.StretchStackTopShiftUp,
		&c.StretchStackBottomShiftDown, &c.StretchStackGapAboveMin, &c.StretchStackGapBelowMin,
		&c.FractionNumeratorShiftUp, &c.FractionNumeratorDisplayStyleShiftUp,
		&c.FractionDenominatorShiftDown, &c.FractionDenominatorDisplayStyleShiftDown,
		&c.FractionNumeratorGapMin, &c.FractionNumDisplayStyleGapMin, &c.FractionRuleThickness,
		&c.FractionDenominatorGapMin, &c.FractionDenomDisplayStyleGapMin,
		&c.SkewedFractionHorizontalGap, &c.SkewedFractionVerticalGap,
		&c.OverbarVerticalGap, &c.OverbarRuleThickness, &c.OverbarExtraAscender,
		&c.UnderbarVerticalGap, &c.UnderbarRuleThickness, &c.UnderbarExtraDescender,
		&c.RadicalVerticalGap, &c.RadicalDisplayStyleVerticalGap, &c.RadicalRuleThickness,
		&c.RadicalExtraAscender, &c.RadicalKernBeforeDegree, &c.RadicalKernAfterDegree,
	}
}

// Variant is a size variant of a glyph with its advance along the
// direction of growth.
type Variant struct {
	Glyph   GlyphID
	Advance float64
}

// Part is one piece of a glyph assembly.
type Part struct {
	Glyph          GlyphID
	StartConnector float64
	EndConnector   float64
	FullAdvance    float64
	Extender       bool
}

// Construction tells how a glyph grows: its size variants, smallest
// first, and the assembly of parts for larger sizes (nil if none).
type Construction struct {
	Variants []Variant
	Assembly []Part // bottom to top, or left to right
}

// Glyph holds the metrics of one glyph, in font units.
type Glyph struct {
	Advance                float64
	XMin, YMin, XMax, YMax float64
}

// Font is a parsed math font.
type Font struct {
	UnitsPerEm float64
	Constants  Constants
	// MinConnectorOverlap is the overlap of parts in an assembly.
	MinConnectorOverlap float64

	Italic     map[GlyphID]float64 // italic corrections
	TopAccent  map[GlyphID]float64 // top accent attachment x
	Extended   map[GlyphID]bool    // extended shapes (for accents)
	Vertical   map[GlyphID]*Construction
	Horizontal map[GlyphID]*Construction

	glyphs []Glyph
	extra  []glyphExtra     // Italic and TopAccent by glyph, for Extra
	ascii  [128]GlyphID     // cmap's ASCII part, for GlyphOf
	cmap   map[rune]GlyphID // the original mapping, all planes
	code   []rune           // glyph -> BMP code point in the derived font (0: none)
	pua    map[rune]GlyphID // PUA code points assigned by the derivation
}

// NumGlyphs returns the number of glyphs of the font.
func (f *Font) NumGlyphs() int { return len(f.glyphs) }

// Metrics returns the metrics of g (zero for an invalid glyph).
func (f *Font) Metrics(g GlyphID) Glyph {
	if int(g) < len(f.glyphs) {
		return f.glyphs[g]
	}
	return Glyph{}
}

// GlyphOf returns the glyph the font maps r to, in any plane; 0 and false
// if there is none.
func (f *Font) GlyphOf(r rune) (GlyphID, bool) {
	if r >= 0 && r < 128 {
		g := f.ascii[r]
		return g, g != 0
	}
	g, ok := f.cmap[r]
	return g, ok && g != 0
}

// glyphExtra is what Italic and TopAccent say of a glyph.
type glyphExtra struct {
	italic, accent       float64
	hasItalic, hasAccent bool
}

// Extra returns g's italic correction and top accent attachment, and
// whether the font gives them (Italic and TopAccent without a map
// lookup each).
func (f *Font) Extra(g GlyphID) (italic float64, hasItalic bool, accent float64, hasAccent bool) {
	if int(g) < len(f.extra) {
		e := &f.extra[g]
		return e.italic, e.hasItalic, e.accent, e.hasAccent
	}
	return 0, false, 0, false
}

// Code returns the BMP code point that draws g in the derived font.
func (f *Font) Code(g GlyphID) rune {
	if int(g) < len(f.code) {
		return f.code[g]
	}
	return 0
}

// table returns the bytes of the table tag, or nil.
func table(data []byte, tag string) []byte {
	if len(data) < 12 {
		return nil
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return nil
		}
		if string(data[rec:rec+4]) == tag {
			off := int(binary.BigEndian.Uint32(data[rec+8:]))
			ln := int(binary.BigEndian.Uint32(data[rec+12:]))
			if off < 0 || ln < 0 || off+ln > len(data) {
				return nil
			}
			return data[off : off+ln]
		}
	}
	return nil
}

// reader reads big-endian values, recording the first out-of-range read.
type reader struct {
	b   []byte
	err error
}

func (r *reader) u16(off int) int {
	if off < 0 || off+2 > len(r.b) {
		r.err = errors.New("otmath: table too short")
		return 0
	}
	return int(binary.BigEndian.Uint16(r.b[off:]))
}

func (r *reader) i16(off int) int { return int(int16(r.u16(off))) }

func (r *reader) u32(off int) int {
	if off < 0 || off+4 > len(r.b) {
		r.err = errors.New("otmath: table too short")
		return 0
	}
	return int(binary.BigEndian.Uint32(r.b[off:]))
}

// coverage returns the glyphs of the coverage table at off, in coverage
// index order.
func (r *reader) coverage(off int) []GlyphID {
	var out []GlyphID
	switch r.u16(off) {
	case 1:
		n := r.u16(off + 2)
		for i := 0; i < n && r.err == nil; i++ {
			out = append(out, GlyphID(r.u16(off+4+2*i)))
		}
	case 2:
		n := r.u16(off + 2)
		for i := 0; i < n && r.err == nil; i++ {
			rec := off + 4 + 6*i
			start, end := r.u16(rec), r.u16(rec+2)
			if end < start || end-start > 0xffff {
				r.err = errors.New("otmath: bad coverage range")
				break
			}
			for g := start; g <= end; g++ {
				out = append(out, GlyphID(g))
			}
		}
	default:
		r.err = errors.New("otmath: unknown coverage format")
	}
	return out
}

// Parse reads a TrueType math font.
func Parse(data []byte) (*Font, error) {
	if len(data) < 12 || binary.BigEndian.Uint32(data) != 0x00010000 {
		return nil, errors.New("otmath: not a TrueType font")
	}
	f := &Font{
		Italic: map[GlyphID]float64{}, TopAccent: map[GlyphID]float64{}, Extended: map[GlyphID]bool{},
		Vertical: map[GlyphID]*Construction{}, Horizontal: map[GlyphID]*Construction{},
	}
	if err := f.metrics(data); err != nil {
		return nil, err
	}
	if err := f.readCmap(table(data, "cmap")); err != nil {
		return nil, err
	}
	m := table(data, "MATH")
	if m == nil {
		return nil, errors.New("otmath: the font has no MATH table")
	}
	if err := f.readMath(m); err != nil {
		return nil, err
	}
	f.assignCodes()
	for r := rune(0); r < 128; r++ {
		f.ascii[r] = f.cmap[r]
	}
	f.extra = make([]glyphExtra, len(f.glyphs))
	for g, v := range f.Italic {
		if int(g) < len(f.extra) {
			f.extra[g].italic, f.extra[g].hasItalic = v, true
		}
	}
	for g, v := range f.TopAccent {
		if int(g) < len(f.extra) {
			f.extra[g].accent, f.extra[g].hasAccent = v, true
		}
	}
	return f, nil
}

func (f *Font) metrics(data []byte) error {
	head, maxp, hhea, hmtx, loca, glyf := table(data, "head"), table(data, "maxp"), table(data, "hhea"), table(data, "hmtx"), table(data, "loca"), table(data, "glyf")
	if head == nil || maxp == nil || hhea == nil || hmtx == nil || loca == nil || glyf == nil {
		return errors.New("otmath: missing head, maxp, hhea, hmtx, loca or glyf table")
	}
	h, mp, hh := &reader{b: head}, &reader{b: maxp}, &reader{b: hhea}
	f.UnitsPerEm = float64(h.u16(18))
	longLoca := h.i16(50) == 1
	n := mp.u16(4)
	nh := hh.u16(34)
	if h.err != nil || mp.err != nil || hh.err != nil || f.UnitsPerEm == 0 || nh == 0 {
		return errors.New("otmath: bad head, maxp or hhea table")
	}
	mt, lo, gl := &reader{b: hmtx}, &reader{b: loca}, &reader{b: glyf}
	f.glyphs = make([]Glyph, n)
	adv := 0
	for g := 0; g < n; g++ {
		if g < nh {
			adv = mt.u16(4 * g)
		}
		var start, end int
		if longLoca {
			start, end = lo.u32(4*g), lo.u32(4*g+4)
		} else {
			start, end = 2*lo.u16(2*g), 2*lo.u16(2*g+2)
		}
		gm := Glyph{Advance: float64(adv)}
		if end > start {
			gm.XMin, gm.YMin = float64(gl.i16(start+2)), float64(gl.i16(start+4))
			gm.XMax, gm.YMax = float64(gl.i16(start+6)), float64(gl.i16(start+8))
		}
		f.glyphs[g] = gm
	}
	for _, r := range []*reader{mt, lo, gl} {
		if r.err != nil {
			return fmt.Errorf("otmath: glyph metrics: %v", r.err)
		}
	}
	return nil
}

// readCmap reads the Unicode subtables of formats 4 and 12.
func (f *Font) readCmap(b []byte) error {
	if b == nil {
		return errors.New("otmath: no cmap table")
	}
	r := &reader{b: b}
	f.cmap = map[rune]GlyphID{}
	n := r.u16(2)
	for i := 0; i < n && r.err == nil; i++ {
		pid, eid, off := r.u16(4+8*i), r.u16(6+8*i), r.u32(8+8*i)
		if !(pid == 0 || pid == 3 && (eid == 1 || eid == 10)) {
			continue
		}
		switch r.u16(off) {
		case 4:
			segs := r.u16(off+6) / 2
			ends, starts, deltas, ranges := off+14, off+16+2*segs, off+16+4*segs, off+16+6*segs
			for s := 0; s < segs && r.err == nil; s++ {
				end, start := r.u16(ends+2*s), r.u16(starts+2*s)
				delta, ro := r.u16(deltas+2*s), r.u16(ranges+2*s)
				for c := start; c <= end && c != 0xffff; c++ {
					var g int
					if ro == 0 {
						g = (c + delta) & 0xffff
					} else {
						g = r.u16(ranges + 2*s + ro + 2*(c-start))
						if g != 0 {
							g = (g + delta) & 0xffff
						}
					}
					if g != 0 && g < len(f.glyphs) {
						if _, ok := f.cmap[rune(c)]; !ok {
							f.cmap[rune(c)] = GlyphID(g)
						}
					}
				}
			}
		case 12:
			groups := r.u32(off + 12)
			for k := 0; k < groups && r.err == nil; k++ {
				rec := off + 16 + 12*k
				start, end, g := r.u32(rec), r.u32(rec+4), r.u32(rec+8)
				if end < start || end-start > 0x10ffff {
					return errors.New("otmath: bad cmap group")
				}
				for c := start; c <= end; c++ {
					if gg := g + c - start; gg < len(f.glyphs) && gg > 0 {
						f.cmap[rune(c)] = GlyphID(gg)
					}
				}
			}
		}
	}
	if r.err != nil {
		return fmt.Errorf("otmath: cmap: %v", r.err)
	}
	return nil
}

func (f *Font) readMath(b []byte) error {
	r := &reader{b: b}
	cOff, giOff, vOff := r.u16(4), r.u16(6), r.u16(8)
	c := &f.Constants
	c.ScriptPercentScaleDown = float64(r.i16(cOff))
	c.ScriptScriptPercentScaleDown = float64(r.i16(cOff + 2))
	c.DelimitedSubFormulaMinHeight = float64(r.u16(cOff + 4))
	c.DisplayOperatorMinHeight = float64(r.u16(cOff + 6))
	recs := c.records()
	for i, p := range recs {
		*p = float64(r.i16(cOff + 8 + 4*i))
	}
	c.RadicalDegreeBottomRaisePercent = float64(r.i16(cOff + 8 + 4*len(recs)))

	if giOff != 0 {
		icOff, taOff, esOff := r.u16(giOff), r.u16(giOff+2), r.u16(giOff+4)
		valueTable := func(off int, into map[GlyphID]float64) {
			if off == 0 {
				return
			}
			off += giOff
			cov := r.coverage(off + r.u16(off))
			n := r.u16(off + 2)
			for i := 0; i < n && i < len(cov); i++ {
				into[cov[i]] = float64(r.i16(off + 4 + 4*i))
			}
		}
		valueTable(icOff, f.Italic)
		valueTable(taOff, f.TopAccent)
		if esOff != 0 {
			for _, g := range r.coverage(giOff + esOff) {
				f.Extended[g] = true
			}
		}
	}
	if vOff != 0 {
		f.MinConnectorOverlap = float64(r.u16(vOff))
		vcov, hcov := r.u16(vOff+2), r.u16(vOff+4)
		nv, nh := r.u16(vOff+6), r.u16(vOff+8)
		read := func(covOff, count, first int, into map[GlyphID]*Construction) {
			if covOff == 0 {
				return
			}
			cov := r.coverage(vOff + covOff)
			for i := 0; i < count && i < len(cov) && r.err == nil; i++ {
				co := vOff + r.u16(first+2*i)
				con := &Construction{}
				asm, nvar := r.u16(co), r.u16(co+2)
				for k := 0; k < nvar; k++ {
					con.Variants = append(con.Variants, Variant{GlyphID(r.u16(co + 4 + 4*k)), float64(r.u16(co + 6 + 4*k))})
				}
				if asm != 0 {
					ao := co + asm
					np := r.u16(ao + 4)
					for k := 0; k < np; k++ {
						p := ao + 6 + 10*k
						con.Assembly = append(con.Assembly, Part{
							Glyph: GlyphID(r.u16(p)), StartConnector: float64(r.u16(p + 2)),
							EndConnector: float64(r.u16(p + 4)), FullAdvance: float64(r.u16(p + 6)),
							Extender: r.u16(p+8)&1 != 0,
						})
					}
				}
				into[cov[i]] = con
			}
		}
		read(vcov, nv, vOff+10, f.Vertical)
		read(hcov, nh, vOff+10+2*nv, f.Horizontal)
	}
	if r.err != nil {
		return fmt.Errorf("otmath: MATH table: %v", r.err)
	}
	return nil
}

// puaStart and puaEnd bound the Private Use Area code points Derive uses.
const (
	puaStart = 0xE000
	puaEnd   = 0xF8FF
)

// assignCodes gives every glyph its BMP code point: the smallest BMP code
// point the cmap maps to it, else the next free PUA code point.
func (f *Font) assignCodes() {
	f.code = make([]rune, len(f.glyphs))
	rs := make([]rune, 0, len(f.cmap))
	for r := range f.cmap {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	for _, r := range rs {
		if g := f.cmap[r]; r < 0x10000 && f.code[g] == 0 {
			f.code[g] = r
		}
	}
	f.pua = map[rune]GlyphID{}
	next := rune(puaStart)
	for g := 1; g < len(f.glyphs); g++ {
		if f.code[g] != 0 {
			continue
		}
		for next <= puaEnd {
			if _, used := f.cmap[next]; !used {
				break
			}
			next++
		}
		if next > puaEnd {
			break
		}
		f.code[g] = next
		f.pua[next] = GlyphID(g)
		next++
	}
}
