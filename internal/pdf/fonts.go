package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"

	"quire/internal/font"
)

// Fonts. Each face the pages draw is embedded as a subset, a Type0 font
// with Identity-H encoding whose codes are the code points drawn
// (fpdf's UTF-8 fonts). The fonts are registered through fpdf
// (registerFonts) and their objects corrected afterwards (fixFonts): the
// subset's name, the ToUnicode CMap and, for PDF/A-1, the CIDSet.

type faceUse struct {
	name   string
	face   *font.Face
	family string               // the fpdf family name
	ps     string               // PostScript name
	runes  [0x10000 / 64]uint64 // the code points drawn, as a bit set
	// text holds what a code point drawn stands for when that is not
	// itself (a ligature, a small capital): the first meaning seen.
	text map[rune]string
	// private is set when some code drawn is a private-use code of the
	// face: its file must be embedded with the cmap that maps them.
	private bool
	// space is the advance of the face's word space, -1 if it has none,
	// once spaceOK (tagged.go).
	space   float32
	spaceOK bool
}

var psNames sync.Map // face name -> PostScript name

func newFaceUse(name string) (*faceUse, error) {
	f, err := font.Get(name)
	if err != nil {
		return nil, err
	}
	ps, ok := psNames.Load(name)
	if !ok {
		ps = postScriptName(f.Plain(), name)
		psNames.Store(name, ps)
	}
	fu := &faceUse{name: name, face: f, ps: ps.(string), text: map[rune]string{}}
	// fpdf names the font "utf8" + family; fix renames it.
	fu.family = strings.ToLower(name)
	return fu, nil
}

// postScriptName returns the font's PostScript name, or a name derived from
// the face name if the font has none usable.
func postScriptName(data []byte, face string) string {
	clean := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if r > ' ' && r < 0x7f && !strings.ContainsRune("()<>[]{}/%#", r) {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	if sf, err := sfnt.Parse(data); err == nil {
		var buf sfnt.Buffer
		if n, err := sf.Name(&buf, sfnt.NameIDPostScript); err == nil {
			if s := clean(n); s != "" {
				return s
			}
		}
	}
	return "Quire-" + clean(face)
}

// subsetTag returns six capital letters derived from the face and the runes
// its subset holds, so equal subsets get equal tags.
func (fu *faceUse) subsetTag() string {
	h := sha256.New()
	io.WriteString(h, fu.ps)
	var b [8]byte
	for _, w := range fu.runes {
		binary.LittleEndian.PutUint64(b[:], w)
		h.Write(b[:])
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// registerFonts gives fpdf the faces the pages draw, cut down to the code
// points drawn, and learns the resource names fpdf gave them.
func (r *renderer) registerFonts() error {
	f := r.f
	// Fonts, in sorted order of face names.
	names := make([]string, 0, len(r.plan.faces))
	for n := range r.plan.faces {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fu := r.plan.faces[n]
		// fpdf parses all of the file it is given: it gets the face
		// cut down to the code points drawn (font.Face.Embed).
		data, err := fu.face.Embed(fu.runes[:])
		if err != nil {
			return fmt.Errorf("pdf: %v", err)
		}
		f.AddUTF8FontFromBytes(fu.family, "", data)
	}
	// Text is written as TJ arrays (drawText), which fpdf has no call
	// for; fpdf learns which characters to keep in each subset from a
	// template that is never placed: templates share the document's
	// fonts, so what a template's text uses is embedded.
	// The resource names fpdf gave the fonts, from a template that
	// only selects them (text.go writes the Tf operators).
	sel := f.CreateTemplate(func(t *fpdf.Tpl) {
		for _, n := range names {
			t.SetFont(r.plan.faces[n].family, "", 10)
		}
	})
	ids, err := fontNames(sel.Bytes(), len(names))
	if err != nil {
		return err
	}
	r.fontName = make(map[string]string, len(names))
	for i, n := range names {
		r.fontName[n] = ids[i]
	}
	f.CreateTemplate(func(t *fpdf.Tpl) {
		for _, n := range names {
			fu := r.plan.faces[n]
			var b strings.Builder
			for i, w := range fu.runes {
				for w != 0 {
					k := bits.TrailingZeros64(w)
					w &^= 1 << k
					b.WriteRune(rune(i*64 + k))
				}
			}
			t.SetFont(fu.family, "", 10)
			t.Text(0, 0, b.String())
		}
	})
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: fonts: %w", err)
	}
	return nil
}

// fontNames returns the resource name fpdf gave each family, in the order
// of families, from a template's content: fpdf writes "BT /F<id> 10.00 Tf
// ET" for each SetFont.
func fontNames(content []byte, n int) ([]string, error) {
	var names []string
	for _, line := range bytes.Split(content, []byte("\n")) {
		const pre, post = "BT /F", " 10.00 Tf ET"
		if bytes.HasPrefix(line, []byte(pre)) && bytes.HasSuffix(line, []byte(post)) {
			names = append(names, string(line[len("BT "):len(line)-len(post)]))
		}
	}
	if len(names) != n {
		return nil, fmt.Errorf("pdf: %d font names for %d fonts", len(names), n)
	}
	return names, nil
}

// fixFonts returns the edits to the font objects fpdf wrote (see fix): the
// subset's name, the ToUnicode CMap and, if cidSet, a CIDSet in each
// descriptor, whose objects it returns, numbered from next. imported
// marks the objects of imported pages, which are left alone.
func (r *renderer) fixFonts(bodies [][]byte, ats []int, imported map[int]bool, next int, cidSet bool) (edits []edit, extra [][]byte, err error) {
	renames := map[string]string{}
	byName := map[string]*faceUse{}
	for _, fu := range r.plan.faces {
		renames["utf8"+fu.family] = fu.subsetTag() + "+" + fu.ps
		byName["utf8"+fu.family] = fu
	}
	cmaps := map[int]*faceUse{} // ToUnicode object -> its font
	faceOf := map[string]*faceUse{}
	for _, fu := range r.plan.faces {
		faceOf["utf8"+fu.family] = fu
	}
	fontPrefixes := [][]byte{
		[]byte("<</Type /Font\n/Subtype /Type0\n/BaseFont /"),
		[]byte("<</Type /Font\n/Subtype /CIDFontType2\n/BaseFont /"),
		[]byte("<</Type /FontDescriptor /FontName /"),
	}
	for num, body := range bodies {
		if body == nil || imported[num] {
			continue
		}
		at := ats[num]
		for _, pre := range fontPrefixes {
			if !bytes.HasPrefix(body, pre) {
				continue
			}
			rest := body[len(pre):]
			end := bytes.IndexAny(rest, " \n/>")
			if end < 0 {
				continue
			}
			if nu, ok := renames[string(rest[:end])]; ok {
				edits = append(edits, edit{at + len(pre), end, []byte(nu)})
			}
			const tu = "\n/ToUnicode "
			if i := bytes.Index(rest, []byte(tu)); i >= 0 && bytes.Equal(pre, fontPrefixes[0]) {
				f := strings.Fields(string(rest[i+len(tu):]))
				if n, err := strconv.Atoi(f[0]); err == nil && byName[string(rest[:end])] != nil {
					cmaps[n] = byName[string(rest[:end])]
				}
			}
			if cidSet && bytes.Equal(pre, fontPrefixes[2]) {
				if fu := faceOf[string(rest[:end])]; fu != nil {
					n := next + len(extra)
					extra = append(extra, fu.cidSet(n))
					const head = "<</Type /FontDescriptor "
					edits = append(edits, edit{at + len(head), 0, fmt.Appendf(nil, "/CIDSet %d 0 R ", n)})
				}
			}
		}
	}
	for num, fu := range cmaps {
		if num <= 0 || num >= len(bodies) || !bytes.HasPrefix(bodies[num], []byte("<</Length ")) {
			return nil, nil, fmt.Errorf("pdf: unexpected ToUnicode object %d", num)
		}
		cm := fu.toUnicode()
		b := fmt.Appendf(nil, "<</Length %d>>\nstream\n", len(cm))
		b = append(b, cm...)
		b = append(b, "\nendstream\nendobj\n"...)
		edits = append(edits, edit{ats[num], len(bodies[num]), b})
	}
	return edits, extra, nil
}

// toUnicode returns the ToUnicode CMap of a font: each code point drawn
// maps to itself, or to the text it stands for (fu.text).
func (fu *faceUse) toUnicode() []byte {
	var ranges [][2]rune // runs of codes mapped to themselves, within one high byte
	var chars []rune
	for i, w := range fu.runes {
		for w != 0 {
			k := bits.TrailingZeros64(w)
			w &^= 1 << k
			c := rune(i*64 + k)
			if _, ok := fu.text[c]; ok {
				chars = append(chars, c)
				continue
			}
			if n := len(ranges); n > 0 && ranges[n-1][1] == c-1 && c&0xFF != 0 {
				ranges[n-1][1] = c
			} else {
				ranges = append(ranges, [2]rune{c, c})
			}
		}
	}
	b := []byte("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(ranges) > 0 {
		n := min(len(ranges), 100)
		b = fmt.Appendf(b, "%d beginbfrange\n", n)
		for _, r := range ranges[:n] {
			b = fmt.Appendf(b, "<%04X> <%04X> <%04X>\n", r[0], r[1], r[0])
		}
		b = append(b, "endbfrange\n"...)
		ranges = ranges[n:]
	}
	for len(chars) > 0 {
		n := min(len(chars), 100)
		b = fmt.Appendf(b, "%d beginbfchar\n", n)
		for _, c := range chars[:n] {
			b = fmt.Appendf(b, "<%04X> <", c)
			for _, u := range utf16.Encode([]rune(fu.text[c])) {
				b = fmt.Appendf(b, "%04X", u)
			}
			b = append(b, ">\n"...)
		}
		b = append(b, "endbfchar\n"...)
		chars = chars[n:]
	}
	return append(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"...)
}

// cidSet returns object n, the CIDSet of the font's subset: a bit for
// each CID its program has, CID 0 (.notdef) and the code of each
// character drawn (fpdf's fonts are Identity-H, CID = code).
func (fu *faceUse) cidSet(n int) []byte {
	last := 0
	for i, w := range fu.runes {
		if w != 0 {
			last = i*64 + 63 - bits.LeadingZeros64(w)
		}
	}
	set := make([]byte, last/8+1)
	set[0] |= 0x80 // CID 0
	for i, w := range fu.runes {
		for w != 0 {
			k := bits.TrailingZeros64(w)
			w &^= 1 << k
			c := i*64 + k
			set[c/8] |= 0x80 >> (c % 8)
		}
	}
	var buf bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	zw.Write(set)
	zw.Close()
	b := fmt.Appendf(nil, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", n, buf.Len())
	b = append(b, buf.Bytes()...)
	return append(b, "\nendstream\nendobj\n"...)
}
