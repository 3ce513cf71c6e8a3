package font

import (
	"encoding/binary"
	"sort"
)

// readLoca returns the n+1 glyph offsets of a loca table in the format of
// head's indexToLocFormat, or false if the table is short or its offsets
// go backwards.
func readLoca(b []byte, n int, format int16) ([]uint32, bool) {
	off := make([]uint32, n+1)
	switch format {
	case 0:
		if len(b) < 2*(n+1) {
			return nil, false
		}
		for i := range off {
			off[i] = 2 * uint32(binary.BigEndian.Uint16(b[2*i:]))
		}
	case 1:
		if len(b) < 4*(n+1) {
			return nil, false
		}
		for i := range off {
			off[i] = binary.BigEndian.Uint32(b[4*i:])
		}
	default:
		return nil, false
	}
	for i := 1; i < len(off); i++ {
		if off[i] < off[i-1] {
			return nil, false
		}
	}
	return off, true
}

// components returns the glyphs a composite glyph is made of; nothing for
// a simple glyph. A component record cut short ends the list.
func components(g []byte) []uint16 {
	refs := componentRefs(g)
	out := make([]uint16, len(refs))
	for i, p := range refs {
		out[i] = binary.BigEndian.Uint16(g[p:])
	}
	return out
}

// cmapOf returns a cmap table mapping each of codes (in increasing order)
// to its glyph in m.
func cmapOf(codes []rune, m []uint16) []byte {
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, r := range codes {
		c, g := int(r), int(m[r])
		if k := len(segs) - 1; k >= 0 && segs[k].end == c-1 && (segs[k].delta+c)&0xFFFF == g {
			segs[k].end = c
			continue
		}
		segs = append(segs, seg{c, c, (g - c) & 0xFFFF})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	sub := make([]byte, 16+8*n)
	binary.BigEndian.PutUint16(sub[0:], 4)
	binary.BigEndian.PutUint16(sub[2:], uint16(len(sub)))
	binary.BigEndian.PutUint16(sub[6:], uint16(2*n))
	binary.BigEndian.PutUint16(sub[8:], uint16(2<<es))
	binary.BigEndian.PutUint16(sub[10:], uint16(es))
	binary.BigEndian.PutUint16(sub[12:], uint16(2*n-2<<es))
	for i, s := range segs {
		binary.BigEndian.PutUint16(sub[14+2*i:], uint16(s.end))
		binary.BigEndian.PutUint16(sub[16+2*n+2*i:], uint16(s.start))
		binary.BigEndian.PutUint16(sub[16+4*n+2*i:], uint16(s.delta))
		// idRangeOffset stays 0.
	}
	head := make([]byte, 4+8*2)
	binary.BigEndian.PutUint16(head[2:], 2)
	for i, pe := range [][2]uint16{{0, 3}, {3, 1}} {
		binary.BigEndian.PutUint16(head[4+8*i:], pe[0])
		binary.BigEndian.PutUint16(head[6+8*i:], pe[1])
		binary.BigEndian.PutUint32(head[8+8*i:], uint32(len(head)))
	}
	return append(head, sub...)
}

// sfntFile assembles a TrueType file from its tables: the directory in tag
// order, each table on a four-byte boundary, and head's
// checkSumAdjustment set.
func sfntFile(t map[string][]byte) []byte {
	tags := make([]string, 0, len(t))
	size := 12 + 16*len(t)
	for tag, b := range t {
		tags = append(tags, tag)
		size += (len(b) + 3) &^ 3
	}
	sort.Strings(tags)
	n := len(tags)
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	out := make([]byte, 12+16*n, size)
	binary.BigEndian.PutUint32(out[0:], 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16<<es))
	binary.BigEndian.PutUint16(out[8:], uint16(es))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16<<es))
	head := -1
	for i, tag := range tags {
		b := t[tag]
		rec := out[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(b))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(b)))
		if tag == "head" {
			head = len(out)
		}
		out = append(out, b...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	if head >= 0 {
		binary.BigEndian.PutUint32(out[head+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}
