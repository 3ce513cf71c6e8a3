package otmath

import (
	"encoding/binary"
	"errors"
	"sort"
)

// Derive returns a copy of the font data (which f was parsed from) whose
// cmap holds one (3,1) format-4 subtable mapping every glyph's Code to the
// glyph; the other tables are copied unchanged.
func (f *Font) Derive(data []byte) ([]byte, error) {
	cmap, err := f.format4()
	if err != nil {
		return nil, err
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	type tab struct {
		tag  string
		data []byte
	}
	var tabs []tab
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		tag := string(data[rec : rec+4])
		if tag == "DSIG" {
			continue // a signature of other bytes
		}
		b := table(data, tag)
		if tag == "cmap" {
			b = cmap
		}
		if b == nil {
			return nil, errors.New("otmath: bad table directory")
		}
		tabs = append(tabs, tab{tag, b})
	}
	sort.Slice(tabs, func(i, j int) bool { return tabs[i].tag < tabs[j].tag })
	nt := len(tabs)
	es := 0
	for 1<<(es+1) <= nt {
		es++
	}
	out := make([]byte, 12+16*nt, len(data)+len(cmap)+16)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(nt))
	binary.BigEndian.PutUint16(out[6:], uint16(16<<es))
	binary.BigEndian.PutUint16(out[8:], uint16(es))
	binary.BigEndian.PutUint16(out[10:], uint16(nt*16-16<<es))
	headAt := -1
	for i, t := range tabs {
		off := len(out)
		body := t.data
		if t.tag == "head" {
			body = append([]byte(nil), body...)
			if len(body) >= 12 {
				binary.BigEndian.PutUint32(body[8:], 0)
			}
			headAt = off
		}
		out = append(out, body...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		rec := 12 + 16*i
		copy(out[rec:], t.tag)
		binary.BigEndian.PutUint32(out[rec+4:], checksum(body))
		binary.BigEndian.PutUint32(out[rec+8:], uint32(off))
		binary.BigEndian.PutUint32(out[rec+12:], uint32(len(body)))
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out, nil
}

// checksum is the OpenType table checksum: the sum of b's big-endian
// 32-bit words, the last padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	n := len(b) &^ 3
	for i := 0; i < n; i += 4 {
		sum += binary.BigEndian.Uint32(b[i : i+4])
	}
	if n < len(b) {
		var w [4]byte
		copy(w[:], b[n:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// format4 builds the cmap table of the derived font.
func (f *Font) format4() ([]byte, error) {
	type pair struct {
		c rune
		g GlyphID
	}
	var ps []pair
	for r, g := range f.cmap {
		if r < 0xffff {
			ps = append(ps, pair{r, g})
		}
	}
	for r, g := range f.pua {
		ps = append(ps, pair{r, g})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].c < ps[j].c })
	// Runs of consecutive code points; each run is one segment, by idDelta
	// when the glyphs are consecutive too, else through glyphIdArray.
	type seg struct {
		start, end rune
		delta      int
		ids        []GlyphID // nil: delta only
	}
	var segs []seg
	for i := 0; i < len(ps); {
		j := i + 1
		for j < len(ps) && ps[j].c == ps[j-1].c+1 {
			j++
		}
		run := ps[i:j]
		// Split the run where the glyph delta changes, if the pieces are
		// long enough to be worth a segment of their own.
		k := 0
		for k < len(run) {
			m := k + 1
			for m < len(run) && int(run[m].g)-int(run[m].c) == int(run[k].g)-int(run[k].c) {
				m++
			}
			if m-k >= 4 || k == 0 && m == len(run) {
				segs = append(segs, seg{start: run[k].c, end: run[m-1].c, delta: int(run[k].g) - int(run[k].c)})
				k = m
				continue
			}
			// A stretch of mixed deltas: gather until a long same-delta
			// piece starts.
			s := seg{start: run[k].c}
			for k < len(run) {
				m := k + 1
				for m < len(run) && int(run[m].g)-int(run[m].c) == int(run[k].g)-int(run[k].c) {
					m++
				}
				if m-k >= 4 && len(s.ids) > 0 {
					break
				}
				for ; k < m; k++ {
					s.ids = append(s.ids, run[k].g)
				}
			}
			s.end = s.start + rune(len(s.ids)) - 1
			segs = append(segs, s)
		}
		i = j
	}
	segs = append(segs, seg{start: 0xffff, end: 0xffff, delta: 1})
	n := len(segs)
	nids := 0
	for _, s := range segs {
		nids += len(s.ids)
	}
	sub := make([]byte, 16+8*n+2*nids)
	if len(sub) > 0xffff {
		return nil, errors.New("otmath: the format-4 cmap would be too long")
	}
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	be := binary.BigEndian
	be.PutUint16(sub[0:], 4)
	be.PutUint16(sub[2:], uint16(len(sub)))
	be.PutUint16(sub[6:], uint16(2*n))
	be.PutUint16(sub[8:], uint16(2<<es))
	be.PutUint16(sub[10:], uint16(es))
	be.PutUint16(sub[12:], uint16(2*n-2<<es))
	ends, starts, deltas, ranges := 14, 16+2*n, 16+4*n, 16+6*n
	idAt := 16 + 8*n
	for i, s := range segs {
		be.PutUint16(sub[ends+2*i:], uint16(s.end))
		be.PutUint16(sub[starts+2*i:], uint16(s.start))
		if s.ids == nil {
			be.PutUint16(sub[deltas+2*i:], uint16(s.delta))
			continue
		}
		be.PutUint16(sub[ranges+2*i:], uint16(idAt-(ranges+2*i)))
		for _, g := range s.ids {
			be.PutUint16(sub[idAt:], uint16(g))
			idAt += 2
		}
	}
	head := make([]byte, 12)
	be.PutUint16(head[2:], 1)
	be.PutUint16(head[4:], 3)
	be.PutUint16(head[6:], 1)
	be.PutUint32(head[8:], 12)
	return append(head, sub...), nil
}
