package font

import (
	"encoding/binary"
	"fmt"
	"math"
)

// A Subset is the font program embedded for text that draws some of a
// face's code points: a TrueType file holding the glyphs of these code
// points (and the glyphs they are made of), renumbered from 1 in the order
// of their numbers in the face, glyph 0 (.notdef) first.
type Subset struct {
	// Data is the TrueType file: the glyf, loca, hmtx and cmap of the
	// glyphs kept, the face's head, hhea, maxp, OS/2, name, cvt, fpgm,
	// prep and gasp with the counts and formats these call for, and the
	// header of post (version 3.0, no glyph names). The cmap maps the
	// code points to their glyphs in the subset.
	Data []byte
	// Codes are the code points drawn that the face has a glyph for, in
	// increasing order, and GIDs their glyphs in Data.
	Codes []rune
	GIDs  []uint16
}

// Subset returns the font program for text that draws the code points in
// used (a bit set over the BMP: bit r%64 of word r/64 for code point r),
// private-use codes of Code included. Code points the face has no glyph
// for are left out of Codes.
func (f *Face) Subset(used []uint64) (*Subset, error) {
	tabs, err := tables(f.orig)
	if err != nil {
		return nil, fmt.Errorf("font %s: %v", f.Name, err)
	}
	n := numGlyphs(tabs)
	head, hhea, maxp := tabs["head"], tabs["hhea"], tabs["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || n == 0 {
		return nil, fmt.Errorf("font %s: bad head, hhea or maxp table", f.Name)
	}
	loca, ok := readLoca(tabs["loca"], n, int16(binary.BigEndian.Uint16(head[50:])))
	if !ok {
		return nil, fmt.Errorf("font %s: bad loca table", f.Name)
	}
	glyf := tabs["glyf"]
	if loca[n] > uint32(len(glyf)) {
		return nil, fmt.Errorf("font %s: loca points past the glyf table", f.Name)
	}
	hmtx := tabs["hmtx"]
	nh := int(binary.BigEndian.Uint16(hhea[34:]))
	if nh == 0 || nh > n || len(hmtx) < 4*nh+2*(n-nh) {
		return nil, fmt.Errorf("font %s: bad hmtx table", f.Name)
	}

	// The code points drawn and the glyphs they need.
	s := &Subset{}
	need := make([]bool, n)
	need[0] = true
	for w, bits := range used {
		if bits == 0 {
			continue
		}
		for k := 0; k < 64; k++ {
			if bits&(1<<k) == 0 {
				continue
			}
			r := rune(w*64 + k)
			if r <= 0 || int(r) >= len(f.cmap) {
				continue
			}
			if g := f.cmap[r]; g != 0 && int(g) < n {
				s.Codes = append(s.Codes, r)
				need[g] = true
			}
		}
	}
	// Components of composite glyphs, which may be composite themselves.
	stack := make([]int, 0, len(s.Codes)+1)
	for g, ok := range need {
		if ok {
			stack = append(stack, g)
		}
	}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range components(glyf[loca[g]:loca[g+1]]) {
			if int(c) < n && !need[c] {
				need[c] = true
				stack = append(stack, int(c))
			}
		}
	}
	// New numbers, in the order of the old ones.
	newID := make([]uint16, n)
	k := 0
	for g, ok := range need {
		if ok {
			newID[g] = uint16(k)
			k++
		}
	}
	s.GIDs = make([]uint16, len(s.Codes))
	for i, r := range s.Codes {
		s.GIDs[i] = newID[f.cmap[r]]
	}

	// glyf, a long loca and hmtx with a long metric for every glyph.
	size := 0
	for g, ok := range need {
		if ok {
			size += int(loca[g+1]-loca[g]+3) &^ 3
		}
	}
	newGlyf := make([]byte, 0, size)
	newLoca := make([]byte, 4*(k+1))
	newHmtx := make([]byte, 4*k)
	j := 0
	for g, ok := range need {
		if !ok {
			continue
		}
		binary.BigEndian.PutUint32(newLoca[4*j:], uint32(len(newGlyf)))
		at := len(newGlyf)
		newGlyf = append(newGlyf, glyf[loca[g]:loca[g+1]]...)
		for _, p := range componentRefs(newGlyf[at:]) {
			c := binary.BigEndian.Uint16(newGlyf[at+p:])
			if int(c) < n {
				binary.BigEndian.PutUint16(newGlyf[at+p:], newID[c])
			}
		}
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
		if g < nh {
			copy(newHmtx[4*j:], hmtx[4*g:4*g+4])
		} else {
			copy(newHmtx[4*j:], hmtx[4*(nh-1):4*(nh-1)+2])
			copy(newHmtx[4*j+2:], hmtx[4*nh+2*(g-nh):4*nh+2*(g-nh)+2])
		}
		j++
	}
	binary.BigEndian.PutUint32(newLoca[4*k:], uint32(len(newGlyf)))

	newHead := append([]byte(nil), head...)
	binary.BigEndian.PutUint16(newHead[50:], 1) // long offsets
	binary.BigEndian.PutUint32(newHead[8:], 0)  // checkSumAdjustment, by sfntFile
	newHhea := append([]byte(nil), hhea...)
	binary.BigEndian.PutUint16(newHhea[34:], uint16(k))
	newMaxp := append([]byte(nil), maxp...)
	binary.BigEndian.PutUint16(newMaxp[4:], uint16(k))
	m := make([]uint16, 0x10000)
	for i, r := range s.Codes {
		m[r] = s.GIDs[i]
	}
	out := map[string][]byte{
		"head": newHead,
		"hhea": newHhea,
		"maxp": newMaxp,
		"loca": newLoca,
		"glyf": newGlyf,
		"hmtx": newHmtx,
		"cmap": cmapOf(s.Codes, m),
	}
	for _, t := range []string{"OS/2", "name", "cvt ", "fpgm", "prep", "gasp"} {
		if b, ok := tabs[t]; ok {
			out[t] = b
		}
	}
	if p := tabs["post"]; len(p) >= 32 {
		// The header alone, as version 3.0: no glyph names.
		post := append([]byte(nil), p[:32]...)
		binary.BigEndian.PutUint32(post, 0x00030000)
		out["post"] = post
	}
	s.Data = sfntFile(out)
	return s, nil
}

// componentRefs returns the offsets in a composite glyph of the glyph
// numbers of its components; nothing for a simple glyph. A component
// record cut short ends the list.
func componentRefs(g []byte) []int {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil
	}
	const (
		argWords = 0x0001
		scale    = 0x0008
		more     = 0x0020
		xyScale  = 0x0040
		twoByTwo = 0x0080
	)
	var out []int
	p := 10
	for p+4 <= len(g) {
		flags := binary.BigEndian.Uint16(g[p:])
		out = append(out, p+2)
		p += 4
		if flags&argWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&scale != 0:
			p += 2
		case flags&xyScale != 0:
			p += 4
		case flags&twoByTwo != 0:
			p += 8
		}
		if flags&more == 0 {
			break
		}
	}
	return out
}

// Descriptor is what a PDF font descriptor says of a face, in thousandths
// of an em, read from its head, hhea, OS/2 and post tables.
type Descriptor struct {
	Ascent, Descent, CapHeight int // Descent negative
	BBox                       [4]int
	ItalicAngle                float64
	StemV                      int  // guessed from the weight class
	Bold                       bool // weight class 600 or more
	Fixed                      bool // post's isFixedPitch
	MissingWidth               int  // the advance of glyph 0
}

// Descriptor returns the face's font descriptor values.
func (f *Face) Descriptor() Descriptor {
	f.descOnce.Do(func() { f.desc = readDescriptor(f.orig) })
	return f.desc
}

func readDescriptor(data []byte) Descriptor {
	var d Descriptor
	tabs, err := tables(data)
	if err != nil {
		return d
	}
	head := tabs["head"]
	if len(head) < 54 {
		return d
	}
	be := binary.BigEndian
	upem := float64(be.Uint16(head[18:]))
	if upem == 0 {
		upem = 1000
	}
	sc := func(v int16) int { return int(math.Round(float64(v) * 1000 / upem)) }
	for i := range d.BBox {
		d.BBox[i] = sc(int16(be.Uint16(head[36+2*i:])))
	}
	if h := tabs["hhea"]; len(h) >= 8 {
		d.Ascent, d.Descent = sc(int16(be.Uint16(h[4:]))), sc(int16(be.Uint16(h[6:])))
	}
	weight := 500
	if os2 := tabs["OS/2"]; len(os2) >= 72 {
		weight = int(be.Uint16(os2[4:]))
		if d.Ascent == 0 {
			d.Ascent = sc(int16(be.Uint16(os2[68:])))
		}
		if d.Descent == 0 {
			d.Descent = sc(int16(be.Uint16(os2[70:])))
		}
		d.CapHeight = d.Ascent
		if be.Uint16(os2) > 1 && len(os2) >= 90 {
			d.CapHeight = sc(int16(be.Uint16(os2[88:])))
		}
	} else {
		if d.Ascent == 0 {
			d.Ascent = d.BBox[3]
		}
		if d.Descent == 0 {
			d.Descent = d.BBox[1]
		}
		d.CapHeight = d.Ascent
	}
	d.StemV = 50 + int(math.Pow(float64(weight)/65, 2))
	d.Bold = weight >= 600
	if p := tabs["post"]; len(p) >= 16 {
		d.ItalicAngle = float64(int32(be.Uint32(p[4:]))) / 65536
		d.Fixed = be.Uint32(p[12:]) != 0
	}
	if h, m := tabs["hmtx"], tabs["hhea"]; len(h) >= 2 && len(m) >= 36 && be.Uint16(m[34:]) > 0 {
		d.MissingWidth = int(math.Round(float64(be.Uint16(h)) * 1000 / upem))
	}
	return d
}
