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
	if MustGet(Serif).Has(r) || MustGet(FallbackSerif).Has(r) || MustGet(FallbackSans).Has(r) {
		return true
	}
	name, _ := cjkFace(r)
	return name != ""
}

// lastResort are the faces tried, after a face and its fallback, for a
// rune neither covers: Covered counts them, so a rune that Covered accepts
// is never replaced.
var lastResort = []string{FallbackSerif, FallbackSans, Serif}

// pick returns the face that draws r in text set in face (pf, with fallback
// fb), or "" when no face covers r.
func pick(face string, pf *Face, fbName string, fb *Face, r rune) (string, *Face) {
	switch {
	case pf.Has(r):
		return face, pf
	case fb != nil && fb.Has(r):
		return fbName, fb
	}
	if r < 0x20 && r != '\t' && r != '\n' {
		return "", nil
	}
	for _, name := range lastResort {
		if f := MustGet(name); f.Has(r) {
			return name, f
		}
	}
	return cjkFace(r)
}

// Segment splits s into runs drawable by face, its fallback or a last-resort
// face, replacing runes none covers with Replacement. It never returns
// runes above U+FFFF, which the PDF writer cannot encode.
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
		f, _ := pick(face, pf, fbName, fb, r)
		if f == "" {
			f, r = face, Replacement
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
	fbName := Fallback(face)
	var fb *Face
	if fbName != "" {
		fb = MustGet(fbName)
	}
	var w float64
	for _, r := range s {
		if pf.Has(r) {
			w += pf.Advance(r)
			continue
		}
		if _, f := pick(face, pf, fbName, fb, r); f != nil {
			w += f.Advance(r)
		} else {
			w += pf.Advance(Replacement)
		}
	}
	return w * size / 1000
}
