package font

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Kind of font file, from its first four bytes.
const (
	kindTrueType = iota
	kindCFF
	kindCollection
	kindUnknown
)

func fileKind(data []byte) int {
	if len(data) < 12 {
		return kindUnknown
	}
	switch string(data[:4]) {
	case "\x00\x01\x00\x00", "true":
		return kindTrueType
	case "OTTO":
		return kindCFF
	case "ttcf":
		return kindCollection
	}
	return kindUnknown
}

// tables returns the table records of an sfnt file: tag -> bytes.
func tables(data []byte) (map[string][]byte, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("file too short")
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return nil, fmt.Errorf("bad table directory")
	}
	t := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off := int(binary.BigEndian.Uint32(rec[8:]))
		ln := int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || ln < 0 || off+ln > len(data) || off+ln < off {
			return nil, fmt.Errorf("table %q out of bounds", tag)
		}
		t[tag] = data[off : off+ln]
	}
	return t, nil
}

// replaceTable returns a copy of the sfnt file data with the table tag
// replaced by t: the new table is appended, its record in the table
// directory points at it, and the head table's checkSumAdjustment is
// recomputed. The old table's bytes stay, unreferenced.
func replaceTable(data []byte, tag string, t []byte) []byte {
	out := make([]byte, len(data), len(data)+len(t)+8)
	copy(out, data)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	at := len(out)
	out = append(out, t...)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	n := int(binary.BigEndian.Uint16(out[4:]))
	head := -1
	for i := 0; i < n; i++ {
		rec := out[12+16*i:]
		switch string(rec[:4]) {
		case tag:
			binary.BigEndian.PutUint32(rec[4:], checksum(t))
			binary.BigEndian.PutUint32(rec[8:], uint32(at))
			binary.BigEndian.PutUint32(rec[12:], uint32(len(t)))
		case "head":
			head = int(binary.BigEndian.Uint32(rec[8:]))
		}
	}
	if head >= 0 && head+12 <= len(out) {
		binary.BigEndian.PutUint32(out[head+8:], 0)
		binary.BigEndian.PutUint32(out[head+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

func checksum(b []byte) uint32 {
	var s uint32
	n := len(b) &^ 3
	for i := 0; i < n; i += 4 {
		s += binary.BigEndian.Uint32(b[i:])
	}
	if n < len(b) {
		var w [4]byte
		copy(w[:], b[n:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}

// withoutOutlines presents data to the OpenType parser with its loca, glyf
// and post tables hidden, so that the glyph outlines and names, which
// shaping does not need, are not read.
func withoutOutlines(data []byte) *overlay {
	n := int(binary.BigEndian.Uint16(data[4:]))
	hdr := append([]byte(nil), data[:12+16*n]...)
	for i := 0; i < n; i++ {
		// The outlines and the glyph names are not needed, and
		// hiding their tables spares the parser reading them.
		switch rec := hdr[12+16*i:]; string(rec[:4]) {
		case "loca", "glyf", "post":
			rec[0] -= 'a' - 'A'
		}
	}
	return &overlay{data: data, hdr: hdr}
}

// overlay reads data with its first bytes replaced by hdr.
type overlay struct {
	data, hdr []byte
	pos       int64
}

func (o *overlay) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(o.data)) {
		return 0, io.EOF
	}
	n := copy(p, o.data[off:])
	if off < int64(len(o.hdr)) {
		copy(p, o.hdr[off:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (o *overlay) Read(p []byte) (int, error) {
	n, err := o.ReadAt(p, o.pos)
	o.pos += int64(n)
	return n, err
}

func (o *overlay) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		off += o.pos
	case io.SeekEnd:
		off += int64(len(o.data))
	}
	if off < 0 {
		return 0, fmt.Errorf("negative offset")
	}
	o.pos = off
	return off, nil
}

// cmapFormat4 returns a cmap table with one format 4 subtable, for
// platform 3 encoding 1 and platform 0 encoding 3, mapping each BMP code
// point r with m[r] != 0 to glyph m[r].
func cmapFormat4(m []uint16) []byte {
	var codes []rune
	for c := 0; c < len(m) && c < 0xFFFF; c++ {
		if m[c] != 0 {
			codes = append(codes, rune(c))
		}
	}
	return cmapOf(codes, m)
}

// numGlyphs reads the glyph count from the maxp table.
func numGlyphs(t map[string][]byte) int {
	m := t["maxp"]
	if len(m) < 6 {
		return 0
	}
	return int(binary.BigEndian.Uint16(m[4:]))
}
