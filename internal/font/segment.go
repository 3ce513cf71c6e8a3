package font

import "strings"

// Seg is a run of text that one face can draw.
type Seg struct {
	Face string
	S    string
}

// Replacement is drawn for a rune that no face covers.
const Replacement = '?'

// Covered reports whether some face of Quire (primary or fallback) can draw
// r. Loaders use it to warn, with a source position, about runes that will be
// replaced.
func Covered(r rune) bool {
	if r < 0x20 && r != '\t' && r != '\n' {
		return false
	}
	return MustGet(Serif).Has(r) || MustGet(FallbackSerif).Has(r) || MustGet(FallbackSans).Has(r)
}

// Segment splits s into runs drawable by face or its fallback, replacing
// runes neither covers with Replacement. It never returns runes above
// U+FFFF, which the PDF writer cannot encode.
func Segment(face, s string) []Seg {
	pf := MustGet(face)
	fbName := Fallback(face)
	var fb *Face
	if fbName != "" {
		fb = MustGet(fbName)
	}
	var segs []Seg
	var cur strings.Builder
	curFace := face
	flush := func() {
		if cur.Len() > 0 {
			segs = append(segs, Seg{curFace, cur.String()})
			cur.Reset()
		}
	}
	for _, r := range s {
		f := face
		switch {
		case pf.Has(r):
		case fb != nil && fb.Has(r):
			f = fbName
		default:
			r = Replacement
		}
		if f != curFace {
			flush()
			curFace = f
		}
		cur.WriteRune(r)
	}
	flush()
	return segs
}

// Measure returns the width in points of s set in face at size, taking
// fallback and replacement into account exactly as Segment does.
func Measure(face string, size float64, s string) float64 {
	pf := MustGet(face)
	var fb *Face
	if n := Fallback(face); n != "" {
		fb = MustGet(n)
	}
	var w float64
	for _, r := range s {
		switch {
		case pf.Has(r):
			w += pf.Advance(r)
		case fb != nil && fb.Has(r):
			w += fb.Advance(r)
		default:
			w += pf.Advance(Replacement)
		}
	}
	return w * size / 1000
}
