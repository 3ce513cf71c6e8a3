package font

import (
	"strings"
	"sync"
)

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
	if MustGet(Serif).Has(r) {
		return true
	}
	for _, n := range Fallbacks(Serif) {
		if covers(n, r) {
			return true
		}
	}
	if IsCJK(r) {
		for _, name := range cjkOrder {
			if covers(name, r) {
				return true
			}
		}
	}
	return false
}

// lastResort are the faces tried, after a face and its fallbacks, for a
// rune none covers: Covered counts them, so a rune that Covered accepts
// is never replaced.
var lastResort = []string{FallbackSerif, FallbackSans, Serif}

// chain is a face and its fallbacks, each loaded when first needed.
type chain struct {
	names []string
	faces []*Face
	mu    sync.Mutex
}

// face returns the i-th face of the chain, loading it.
func (c *chain) face(i int) *Face {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.faces[i] == nil {
		c.faces[i] = MustGet(c.names[i])
	}
	return c.faces[i]
}

var chains = map[string]*chain{}

func chainOf(face string) *chain {
	mu.Lock()
	c := chains[face]
	mu.Unlock()
	if c != nil {
		return c
	}
	c = &chain{names: append([]string{face}, Fallbacks(face)...)}
	c.faces = make([]*Face, len(c.names))
	c.faces[0] = MustGet(face)
	mu.Lock()
	if o := chains[face]; o != nil {
		c = o
	} else {
		chains[face] = c
	}
	mu.Unlock()
	return c
}

// pick returns the face of c that draws r, or "" when no face covers r.
func (c *chain) pick(r rune) (string, *Face) {
	if r < 0x20 && r != '\t' && r != '\n' {
		if c.faces[0].Has(r) {
			return c.names[0], c.faces[0]
		}
		return "", nil
	}
	for i, name := range c.names {
		if covers(name, r) {
			return name, c.face(i)
		}
	}
	if IsCJK(r) {
		// As cjkFace, loading only the face that draws r.
		for _, name := range cjkOrder {
			if covers(name, r) {
				return name, MustGet(name)
			}
		}
	}
	return "", nil
}

// Segment splits s into runs drawable by face, its fallbacks or a
// last-resort face, replacing runes none covers with Replacement. It never
// returns runes above U+FFFF, which the PDF writer cannot encode.
func Segment(face, s string) []Seg {
	c := chainOf(face)
	pf := c.faces[0]
	all := true
	for _, r := range s {
		if !pf.Has(r) {
			all = false
			break
		}
	}
	if all {
		return []Seg{{face, s}}
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
		f, _ := c.pick(r)
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
// fallback and replacement into account exactly as Segment does, without
// kerning or ligatures (package shape measures those).
func Measure(face string, size float64, s string) float64 {
	c := chainOf(face)
	pf := c.faces[0]
	var w float64
	for _, r := range s {
		if pf.Has(r) {
			w += pf.Advance(r)
			continue
		}
		if _, f := c.pick(r); f != nil {
			w += f.Advance(r)
		} else {
			w += pf.Advance(Replacement)
		}
	}
	return w * size / 1000
}
