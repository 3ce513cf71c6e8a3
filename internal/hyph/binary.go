package hyph

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"
	"unicode/utf8"

	"quire/assets"
)

// The compiled form of a Hyphenator, written by MarshalBinary (at
// `go generate` time, into assets/hyphen/trie) and read by Load, so that a
// build never compiles patterns: loading is a copy of the trie, well under a
// millisecond even for the largest pattern set.
//
// Layout, little-endian:
//
//	"QHY1" leftMin:u8 rightMin:u8
//	ncodes:u16  (rune:u32 code:u8)*ncodes           sorted by rune
//	nstates:u32 (base:i32 check:i32 val:i32 nval:u8)*nstates
//	nvalues:u32 values:u8*nvalues
//	nexc:u32    (len:u16 key:u8*len npts:u8 pts:u16*npts)*nexc  sorted by key
const binaryMagic = "QHY1"

// MarshalBinary returns h in the compact form Load reads. The output
// depends only on the patterns and exceptions, so it is the same on every
// run.
func (h *Hyphenator) MarshalBinary() ([]byte, error) {
	var b []byte
	b = append(b, binaryMagic...)
	b = append(b, uint8(h.leftMin), uint8(h.rightMin))
	runes := make([]rune, 0, len(h.codes))
	for r := range h.codes {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(runes)))
	for _, r := range runes {
		b = binary.LittleEndian.AppendUint32(b, uint32(r))
		b = append(b, h.codes[r])
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(h.trie)))
	for _, s := range h.trie {
		b = binary.LittleEndian.AppendUint32(b, uint32(s.base))
		b = binary.LittleEndian.AppendUint32(b, uint32(s.check))
		b = binary.LittleEndian.AppendUint32(b, uint32(s.val))
		if s.nval > 255 {
			return nil, errors.New("hyph: pattern too long to marshal")
		}
		b = append(b, uint8(s.nval))
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(h.values)))
	b = append(b, h.values...)
	keys := make([]string, 0, len(h.exceptions))
	for k := range h.exceptions {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(keys)))
	for _, k := range keys {
		pts := h.exceptions[k]
		if len(k) > 0xFFFF || len(pts) > 255 {
			return nil, errors.New("hyph: exception too long to marshal")
		}
		b = binary.LittleEndian.AppendUint16(b, uint16(len(k)))
		b = append(b, k...)
		b = append(b, uint8(len(pts)))
		for _, p := range pts {
			b = binary.LittleEndian.AppendUint16(b, uint16(p))
		}
	}
	return b, nil
}

// Load reads a Hyphenator written by MarshalBinary. It checks every index
// of the trie, so that corrupt data is an error rather than a panic later.
func Load(data []byte) (*Hyphenator, error) {
	r := reader{b: data}
	if string(r.take(4)) != binaryMagic {
		return nil, errors.New("hyph: not a compiled pattern set")
	}
	h := &Hyphenator{codes: map[rune]uint8{}, found: newPointCache()}
	h.leftMin, h.rightMin = int(r.u8()), int(r.u8())
	for n := int(r.u16()); n > 0 && r.err == nil; n-- {
		c := rune(r.u32())
		code := r.u8()
		if !utf8.ValidRune(c) || int(code) < codeA+26 {
			r.fail()
		}
		h.codes[c] = code
	}
	ns := int(r.u32())
	if r.err == nil && ns > len(r.b)/13+1 {
		r.fail()
	}
	if r.err != nil {
		return nil, r.err
	}
	h.trie = make([]state, ns)
	for i := range h.trie {
		h.trie[i] = state{base: int32(r.u32()), check: int32(r.u32()), val: int32(r.u32()), nval: int32(r.u8())}
	}
	nv := int(r.u32())
	h.values = slices.Clone(r.take(nv))
	ne := int(r.u32())
	if r.err == nil && ne > len(r.b) {
		r.fail()
	}
	for ; ne > 0 && r.err == nil; ne-- {
		key := string(r.take(int(r.u16())))
		pts := make([]int, r.u8())
		for i := range pts {
			pts[i] = int(r.u16())
		}
		if h.exceptions == nil {
			h.exceptions = map[string][]int{}
		}
		h.exceptions[key] = pts
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail()
	}
	if r.err != nil {
		return nil, r.err
	}
	if h.leftMin < 1 || h.rightMin < 1 || ns < 256 {
		return nil, errors.New("hyph: corrupt compiled pattern set")
	}
	// AppendPoints indexes trie[base+code] with code < 256 and reads
	// values[val:val+nval]: both must stay in range.
	for i, s := range h.trie {
		if s.check >= 0 && (s.base < 0 || int(s.base)+255 >= ns || int(s.check) >= ns) ||
			s.nval > 0 && (s.val < 0 || int(s.val)+int(s.nval) > nv) {
			return nil, fmt.Errorf("hyph: corrupt compiled pattern set (state %d)", i)
		}
	}
	return h, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errors.New("hyph: truncated or corrupt compiled pattern set")
	}
	r.b = nil
}

func (r *reader) take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		r.fail()
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u8() uint8 {
	if b := r.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if b := r.take(2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

var compiled sync.Map // name -> *Hyphenator or error

// Compiled returns the Hyphenator for the pattern set called name (the
// file assets/hyphen/trie/<name>.trie, written by `go generate
// ./internal/hyph`), loading it on first use and sharing it afterwards.
// Package lang knows which set serves which language.
func Compiled(name string) (*Hyphenator, error) {
	if v, ok := compiled.Load(name); ok {
		return result(v)
	}
	data, err := assets.FS.ReadFile("hyphen/trie/" + name + ".trie")
	var v any
	if err != nil {
		v = fmt.Errorf("hyph: no compiled patterns %q", name)
	} else if h, err := Load(data); err != nil {
		v = fmt.Errorf("hyph: compiled patterns %q: %v", name, err)
	} else {
		v = h
	}
	v, _ = compiled.LoadOrStore(name, v)
	return result(v)
}

func result(v any) (*Hyphenator, error) {
	if h, ok := v.(*Hyphenator); ok {
		return h, nil
	}
	return nil, v.(error)
}

// AddException records a hyphenated word such as "name-space" as an
// exception that overrides the patterns (for pattern compilers; a
// Hyphenator in use must not be changed). It reports an error if the word
// holds a character that is not a letter or a hyphen.
func (h *Hyphenator) AddException(hyphenated string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	h.addException(hyphenated)
	return nil
}
