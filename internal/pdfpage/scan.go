package pdfpage

import (
	"fmt"
	"slices"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// MaxContent bounds the decoded size of a content stream.
const MaxContent = 64 << 20

// pageContent returns the page's content streams, decoded and joined.
func pageContent(ctx *model.Context, d types.Dict) ([]byte, error) {
	o, ok := d.Find("Contents")
	if !ok {
		return nil, nil
	}
	o, err := ctx.Dereference(o)
	if err != nil {
		return nil, err
	}
	var parts []types.Object
	switch v := o.(type) {
	case nil:
		return nil, nil
	case types.StreamDict:
		parts = []types.Object{v}
	case types.Array:
		parts = v
	default:
		return nil, fmt.Errorf("the page's /Contents is a %T", o)
	}
	var out []byte
	for _, p := range parts {
		sd, _, err := ctx.DereferenceStreamDict(p)
		if err != nil {
			return nil, err
		}
		if sd == nil {
			continue
		}
		b, err := decode(sd, MaxContent-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, b...)
		out = append(out, '\n')
	}
	return out, nil
}

// decode returns a stream's decoded content, of at most limit bytes.
func decode(sd *types.StreamDict, limit int) ([]byte, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("the content is larger than %d MB", MaxContent>>20)
	}
	c := *sd
	c.Content = nil
	if err := c.DecodeWithLimit(int64(limit)); err != nil {
		return nil, err
	}
	if len(c.Content) > limit {
		return nil, fmt.Errorf("the content is larger than %d MB", MaxContent>>20)
	}
	return c.Content, nil
}

// isTransparencyGroup reports whether o is a group attributes dictionary
// of a transparency group.
func isTransparencyGroup(ctx *model.Context, o types.Object) bool {
	d, err := ctx.DereferenceDict(o)
	if err != nil || d == nil {
		return false
	}
	n, _ := d["S"].(types.Name)
	return n == "Transparency"
}

// scan looks through what a page uses for what a PDF/A file as Quire
// writes it may not hold.
type scan struct {
	ctx         *model.Context
	seen        map[int]bool
	transparent bool
	cmyk        bool
	fonts       []string // fonts not embedded
	other       []string
}

func (s *scan) problems() []string {
	var out []string
	if s.transparent {
		out = append(out, "it uses transparency")
	}
	if s.cmyk {
		out = append(out, "it uses CMYK colour")
	}
	slices.Sort(s.fonts)
	for _, f := range slices.Compact(s.fonts) {
		out = append(out, fmt.Sprintf("its font %s is not embedded", f))
	}
	slices.Sort(s.other)
	return append(out, slices.Compact(s.other)...)
}

// walk visits o and what it refers to, once each, depth first.
func (s *scan) walk(o types.Object, depth int) {
	if depth > 100 {
		return
	}
	if ir, ok := o.(types.IndirectRef); ok {
		n := ir.ObjectNumber.Value()
		if s.seen[n] || len(s.seen) > MaxObjects {
			return
		}
		s.seen[n] = true
		var err error
		if o, err = s.ctx.Dereference(ir); err != nil {
			return
		}
	}
	switch v := o.(type) {
	case types.Name:
		if v == "DeviceCMYK" {
			s.cmyk = true
		}
	case types.Array:
		for _, e := range v {
			s.walk(e, depth+1)
		}
	case types.Dict:
		s.dict(v, depth)
	case types.StreamDict:
		s.dict(v.Dict, depth)
		if sub, _ := v.Dict["Subtype"].(types.Name); sub == "Form" {
			if b, err := decode(&v, MaxContent); err == nil {
				s.content(b)
			}
		}
	}
}

func (s *scan) dict(d types.Dict, depth int) {
	if o, ok := d["SMask"]; ok {
		if n, ok := o.(types.Name); !ok || n != "None" {
			s.transparent = true
		}
	}
	for _, k := range []string{"CA", "ca"} {
		if o, ok := d[k]; ok {
			if f, err := s.ctx.DereferenceNumber(o); err == nil && f < 1 {
				s.transparent = true
			}
		}
	}
	if bm, ok := d["BM"].(types.Name); ok && bm != "Normal" && bm != "Compatible" {
		s.transparent = true
	}
	if n, ok := d["SMaskInData"].(types.Integer); ok && n > 0 {
		s.transparent = true
	}
	typ, _ := d["Type"].(types.Name)
	sub, _ := d["Subtype"].(types.Name)
	if typ == "Font" {
		s.font(d, sub)
	}
	if sub == "Image" {
		if b, ok := d["Interpolate"].(types.Boolean); ok && bool(b) {
			s.other = append(s.other, "an image in it asks to be interpolated")
		}
		if _, ok := d["Alternates"]; ok {
			s.other = append(s.other, "an image in it has alternates")
		}
	}
	if _, ok := d["OPI"]; ok {
		s.other = append(s.other, "it has OPI proxies")
	}
	for k, v := range d {
		if !skipped[k] {
			s.walk(v, depth+1)
		}
	}
}

func (s *scan) font(d types.Dict, sub types.Name) {
	switch sub {
	case "Type3", "Type0":
		return // a Type0 font's descendant is checked as a font of its own
	}
	base, _ := d["BaseFont"].(types.Name)
	if base == "" {
		base = "(unnamed)"
	}
	fd, err := s.ctx.DereferenceDict(d["FontDescriptor"])
	if err == nil && fd != nil {
		for _, k := range []string{"FontFile", "FontFile2", "FontFile3"} {
			if sd, _, err := s.ctx.DereferenceStreamDict(fd[k]); err == nil && sd != nil {
				return
			}
		}
	}
	s.fonts = append(s.fonts, string(base))
}

// content looks through a content stream for CMYK colour: the k and K
// operators, and DeviceCMYK (or, in inline images, CMYK) named directly.
func (s *scan) content(b []byte) {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '%': // a comment
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case c == '(': // a literal string, with nesting and escapes
			n := 0
			for ; i < len(b); i++ {
				if b[i] == '\\' {
					i++
				} else if b[i] == '(' {
					n++
				} else if b[i] == ')' {
					if n--; n == 0 {
						i++
						break
					}
				}
			}
		case c == '<' && i+1 < len(b) && b[i+1] == '<':
			i += 2
		case c == '<': // a hex string
			for i < len(b) && b[i] != '>' {
				i++
			}
			i++
		case c != '/' && (isDelim(c) || isSpace(c)):
			i++
		default:
			j := i
			if c == '/' {
				j++
			}
			for j < len(b) && !isDelim(b[j]) && !isSpace(b[j]) {
				j++
			}
			tok := string(b[i:j])
			i = j
			switch tok {
			case "k", "K", "/DeviceCMYK", "/CMYK":
				s.cmyk = true
			case "ID": // inline image data, up to EI
				for i+3 <= len(b) && !(isSpace(b[i]) && b[i+1] == 'E' && b[i+2] == 'I' && (i+3 == len(b) || isSpace(b[i+3]) || isDelim(b[i+3]))) {
					i++
				}
				i += 3
			}
		}
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}
