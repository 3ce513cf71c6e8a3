package pdfacheck

import (
	"bytes"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// shownFont is a font the content shows text in, with the codes shown.
type shownFont struct {
	obj   int
	dict  types.Dict
	two   bool // two-byte codes (a Type0 font with Identity-H)
	codes map[int]bool
}

// checkShownCodes checks the fonts against the codes the content shows in
// them: PDF/A-1's CIDSet must hold each (ISO 19005-1 6.3.5), PDF/A-2u's
// ToUnicode must map each to Unicode (ISO 19005-2 6.2.11.7.2).
func (c *checker) checkShownCodes() {
	fonts := map[int]*shownFont{}
	var order []int
	seenForm := map[int]bool{}
	var walk func(content []byte, res types.Dict, where string)
	walk = func(content []byte, res types.Dict, where string) {
		fd, xd := c.resourcesOf(res)
		err := fontStrings(content, func(name string, s []byte) {
			ref, ok := fd[name].(types.IndirectRef)
			if !ok {
				return
			}
			n := ref.ObjectNumber.Value()
			f := fonts[n]
			if f == nil {
				d := c.dict(ref)
				f = &shownFont{obj: n, dict: d, codes: map[int]bool{}}
				f.two = name2(d, "Subtype") == "Type0"
				fonts[n] = f
				order = append(order, n)
			}
			if f.two {
				for i := 0; i+1 < len(s); i += 2 {
					f.codes[int(s[i])<<8|int(s[i+1])] = true
				}
			} else {
				for _, b := range s {
					f.codes[int(b)] = true
				}
			}
		})
		if err != nil {
			c.fail("6.1.7", "%s: %v", where, err)
		}
		// Forms drawn here.
		for name, o := range xd {
			ref, ok := o.(types.IndirectRef)
			if !ok || seenForm[ref.ObjectNumber.Value()] {
				continue
			}
			sd, ok := c.deref(ref).(types.StreamDict)
			if !ok || name2(sd.Dict, "Subtype") != "Form" || !bytes.Contains(content, []byte("/"+name)) {
				continue
			}
			seenForm[ref.ObjectNumber.Value()] = true
			if err := sd.Decode(); err != nil {
				continue
			}
			fres := c.dict(sd.Dict["Resources"])
			if fres == nil {
				fres = res
			}
			walk(sd.Content, fres, "form "+name)
		}
	}
	for p := 1; p <= c.ctx.PageCount; p++ {
		pd := c.pageDict(p)
		r, err := c.ctx.PageContent(pd, p)
		if err != nil {
			continue // reported by checkContent
		}
		walk(r, c.dict(pd["Resources"]), "page "+strconv.Itoa(p))
	}
	for _, n := range order {
		f := fonts[n]
		if c.part == 1 && f.two {
			c.checkCIDSet(f)
		}
		if c.conf == 'U' {
			c.checkToUnicode(f)
		}
	}
}

func name2(d types.Dict, k string) string {
	if d == nil {
		return ""
	}
	return name(d, k)
}

// checkCIDSet checks that a subset CID font's descriptor has a CIDSet
// with CID 0 and every CID shown (fpdf's fonts are Identity-H: CID = code).
func (c *checker) checkCIDSet(f *shownFont) {
	arr, _ := c.deref(f.dict["DescendantFonts"]).(types.Array)
	if len(arr) != 1 {
		return
	}
	cid := c.dict(arr[0])
	base := name2(cid, "BaseFont")
	if i := strings.IndexByte(base, '+'); i != 6 {
		return // not a subset
	}
	fd := c.dict(cid["FontDescriptor"])
	sd, ok := c.deref(fd["CIDSet"]).(types.StreamDict)
	if !ok {
		c.fail("6.3.5", "subset font %s has no /CIDSet", base)
		return
	}
	if err := sd.Decode(); err != nil {
		c.fail("6.3.5", "the CIDSet of %s: %v", base, err)
		return
	}
	has := func(id int) bool { return id/8 < len(sd.Content) && sd.Content[id/8]&(0x80>>(id%8)) != 0 }
	if !has(0) {
		c.fail("6.3.5", "the CIDSet of %s leaves out CID 0", base)
	}
	for code := range f.codes {
		if !has(code) {
			c.fail("6.3.5", "the CIDSet of %s leaves out CID %d, which the content shows", base, code)
			return
		}
	}
}

var (
	bfchar  = regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`)
	bfrange = regexp.MustCompile(`(?s)beginbfrange(.*?)endbfrange`)
	hexTok  = regexp.MustCompile(`<([0-9A-Fa-f]*)>|\[|\]`)
)

// checkToUnicode checks that font f maps every code shown to Unicode.
func (c *checker) checkToUnicode(f *shownFont) {
	base := name2(f.dict, "BaseFont")
	sd, ok := c.deref(f.dict["ToUnicode"]).(types.StreamDict)
	if !ok {
		c.fail("6.2.11.7.2", "font %s has no /ToUnicode", base)
		return
	}
	if err := sd.Decode(); err != nil {
		c.fail("6.2.11.7.2", "the ToUnicode of %s: %v", base, err)
		return
	}
	m := map[int][]byte{} // code -> UTF-16BE
	num := func(h string) int {
		v := 0
		for _, r := range h {
			v = v<<4 | int(hexVal(byte(r)))
		}
		return v
	}
	for _, blk := range bfchar.FindAllSubmatch(sd.Content, -1) {
		toks := hexTok.FindAllSubmatch(blk[1], -1)
		for i := 0; i+1 < len(toks); i += 2 {
			dst, _ := hex.DecodeString(string(toks[i+1][1]))
			m[num(string(toks[i][1]))] = dst
		}
	}
	for _, blk := range bfrange.FindAllSubmatch(sd.Content, -1) {
		toks := hexTok.FindAllSubmatch(blk[1], -1)
		for i := 0; i+2 < len(toks); {
			lo, hi := num(string(toks[i][1])), num(string(toks[i+1][1]))
			if hi-lo > 0xFFFF || hi < lo {
				return
			}
			if string(toks[i+2][0]) == "[" {
				j := i + 3
				for k := lo; j < len(toks) && string(toks[j][0]) != "]"; j, k = j+1, k+1 {
					dst, _ := hex.DecodeString(string(toks[j][1]))
					m[k] = dst
				}
				i = j + 1
				continue
			}
			dst, _ := hex.DecodeString(string(toks[i+2][1]))
			for k := lo; k <= hi; k++ {
				d := bytes.Clone(dst)
				if len(d) >= 2 {
					v := (int(d[len(d)-2])<<8 | int(d[len(d)-1])) + (k - lo)
					d[len(d)-2], d[len(d)-1] = byte(v>>8), byte(v)
				}
				m[k] = d
			}
			i += 3
		}
	}
	for code := range f.codes {
		d, ok := m[code]
		switch {
		case !ok || len(d) == 0:
			c.fail("6.2.11.7.2", "font %s shows code %04X, which its ToUnicode does not map", base, code)
			return
		case len(d) == 2 && (bytes.Equal(d, []byte{0, 0}) || bytes.Equal(d, []byte{0xFE, 0xFF}) || bytes.Equal(d, []byte{0xFF, 0xFE})):
			c.fail("6.2.11.7.2", "font %s maps code %04X to U+%02X%02X", base, code, d[0], d[1])
			return
		}
	}
}

func hexVal(b byte) byte {
	switch {
	case b >= '0' && b <= '9':
		return b - '0'
	case b >= 'a' && b <= 'f':
		return b - 'a' + 10
	case b >= 'A' && b <= 'F':
		return b - 'A' + 10
	}
	return 0
}
