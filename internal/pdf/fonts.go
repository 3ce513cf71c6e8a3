package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"golang.org/x/image/font/sfnt"

	"quire/internal/font"
)

// Fonts. Each face the pages draw is embedded as a subset: a Type0 font
// with the Identity-H encoding, whose codes are the code points drawn
// (text.go writes each glyph as its code, two bytes), and its descendant
// CIDFontType2 font, whose CIDs are the same codes, mapped to the glyphs
// of the subset by a CIDToGIDMap. The objects are Quire's own: fpdf is
// told of no font (it has no call to register a font program made
// elsewhere, and what it does with one it is given, for every Write, is
// what the objects below are: parsing the file, encoding its 65,536
// widths in JSON to name it, cutting its own subset and deflating it and a
// 128 KiB CIDToGIDMap, 16 + 19 ms of the article's rebuild in quire
// watch). fixFonts appends the objects of each face to the file and names
// them in the resource dictionary fpdf writes (see fix):
//
//	Type0          /BaseFont /ABCDEF+PostScriptName, /ToUnicode
//	CIDFontType2   /W (the widths of the codes drawn), /DW, /CIDToGIDMap
//	FontDescriptor metrics from the face's tables (font.Descriptor),
//	               /CIDSet for PDF/A-1
//	FontFile2      the subset (font.Face.Subset), deflated
//	CIDToGIDMap    code -> glyph of the subset, two bytes a code, deflated
//	ToUnicode      what each code stands for (toUnicode), deflated
//
// What does not depend on object numbers is made once for a face and a
// set of codes (fontBytes), on all cores, and kept for the next Write in
// a FontCache (quire watch): a rebuild that draws the same codes of a
// face writes the same bytes without subsetting or deflating again.

type faceUse struct {
	name  string
	face  *font.Face
	ps    string               // PostScript name
	runes [0x10000 / 64]uint64 // the code points drawn, as a bit set
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

// The resource name of the i-th font, in the order of face names.
func fontResource(i int) string { return "/F" + strconv.Itoa(i+1) }

// registerFonts names the fonts (r.fontName) and starts making the bytes
// of each font that the cache does not hold, on other cores: fixFonts
// waits for them.
func (r *renderer) registerFonts(cache *FontCache, cidSet, compress bool) error {
	names := make([]string, 0, len(r.plan.faces))
	for n := range r.plan.faces {
		names = append(names, n)
	}
	sort.Strings(names)
	r.fontName = make(map[string]string, len(names))
	r.fonts = make([]*fontJob, len(names))
	cache.begin()
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, n := range names {
		fu := r.plan.faces[n]
		r.fontName[n] = fontResource(i)
		j := &fontJob{fu: fu, key: fu.key(cidSet, compress)}
		r.fonts[i] = j
		if b, ok := cache.get(j.key); ok {
			j.b = b
			continue
		}
		j.wg.Add(1)
		go func() {
			defer j.wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			j.b, j.err = fu.fontBytes(cidSet, compress)
			if j.err == nil {
				cache.put(j.key, j.b)
			}
		}()
	}
	return nil
}

// A fontJob is one face's font being made.
type fontJob struct {
	fu  *faceUse
	key fontKey
	wg  sync.WaitGroup
	b   *fontBytes
	err error
}

// fontBytes is what a font's objects hold that does not depend on their
// numbers.
type fontBytes struct {
	name    string // the subset's name, ABCDEF+PostScriptName
	desc    font.Descriptor
	widths  []byte // the /W array
	program []byte // FontFile2, deflated
	length1 int    // its length inflated
	gidMap  []byte // CIDToGIDMap, deflated
	cmap    []byte // ToUnicode, deflated
	cidSet  []byte // CIDSet, deflated, or nil
	// deflated is set when the streams are deflated.
	deflated bool
}

// fontKey names a font's bytes: the face, and a SHA-256 of its codes,
// what they stand for and whether a CIDSet is written.
type fontKey struct {
	face *font.Face // held by the cache, so no other face has its address
	sum  [sha256.Size]byte
}

func (fu *faceUse) key(cidSet, compress bool) fontKey {
	h := sha256.New()
	io.WriteString(h, fu.ps)
	b := make([]byte, 0, 8*len(fu.runes)+1)
	for _, w := range fu.runes {
		b = binary.LittleEndian.AppendUint64(b, w)
	}
	var flags byte
	if cidSet {
		flags |= 1
	}
	if compress {
		flags |= 2
	}
	h.Write(append(b, flags))
	codes := make([]rune, 0, len(fu.text))
	for c := range fu.text {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool { return codes[i] < codes[j] })
	for _, c := range codes {
		fmt.Fprintf(h, "%d=%q;", c, fu.text[c])
	}
	var k fontKey
	k.face = fu.face
	h.Sum(k.sum[:0])
	return k
}

// fontBytes makes the font's bytes: its subset, widths, maps and CMap,
// the streams deflated if compress.
func (fu *faceUse) fontBytes(cidSet, compress bool) (*fontBytes, error) {
	sub, err := fu.face.Subset(fu.runes[:])
	if err != nil {
		return nil, fmt.Errorf("pdf: %v", err)
	}
	b := &fontBytes{name: fu.subsetTag() + "+" + fu.ps, desc: fu.face.Descriptor(), length1: len(sub.Data)}
	z := fontZlib.Get() // parallel.go
	defer func() {
		z.zw.Reset(io.Discard) // not to keep the last stream
		fontZlib.Put(z)
	}()
	zw := z.zw
	b.deflated = compress
	deflate := func(data []byte) []byte {
		if !compress {
			return data
		}
		var buf bytes.Buffer
		zw.Reset(&buf)
		zw.Write(data)
		zw.Close()
		return buf.Bytes()
	}
	b.program = deflate(sub.Data)
	last := rune(0)
	if n := len(sub.Codes); n > 0 {
		last = sub.Codes[n-1]
	}
	m := make([]byte, 2*(last+1))
	for i, c := range sub.Codes {
		binary.BigEndian.PutUint16(m[2*c:], sub.GIDs[i])
	}
	b.gidMap = deflate(m)
	b.widths = widthsArray(fu.face, sub.Codes)
	b.cmap = deflate(fu.toUnicode())
	if cidSet {
		b.cidSet = deflate(fu.cidSet())
	}
	return b, nil
}

// widthsArray returns the /W array of the codes: runs of consecutive codes
// as "first [w1 w2 ...]", or "first last w" when they are all as wide. The
// widths are those text.go places glyphs by (font.Face.PDFWidth).
func widthsArray(f *font.Face, codes []rune) []byte {
	b := []byte("[")
	for i := 0; i < len(codes); {
		j := i + 1
		for j < len(codes) && codes[j] == codes[j-1]+1 {
			j++
		}
		w := f.PDFWidth(codes[i])
		same := j-i > 1
		for _, c := range codes[i+1 : j] {
			if f.PDFWidth(c) != w {
				same = false
				break
			}
		}
		if len(b) > 1 {
			b = append(b, ' ')
		}
		if same {
			b = fmt.Appendf(b, "%d %d %d", codes[i], codes[j-1], w)
		} else {
			b = fmt.Appendf(b, "%d [", codes[i])
			for k, c := range codes[i:j] {
				if k > 0 {
					b = append(b, ' ')
				}
				b = strconv.AppendInt(b, int64(f.PDFWidth(c)), 10)
			}
			b = append(b, ']')
		}
		i = j
	}
	return append(b, ']')
}

// fixFonts returns the edit that names the fonts in the resource
// dictionary fpdf writes (object 2, which every page uses) and the
// fonts' objects, numbered from next (see the list at the top).
func (r *renderer) fixFonts(bodies [][]byte, ats []int, next int) (edits []edit, extra [][]byte, err error) {
	const res = "<<\n/ProcSet [/PDF /Text /ImageB /ImageC /ImageI]\n/Font <<\n"
	if len(bodies) <= 2 || !bytes.HasPrefix(bodies[2], []byte(res)) {
		return nil, nil, fmt.Errorf("pdf: unexpected resource dictionary")
	}
	var names []byte
	for i, j := range r.fonts {
		j.wg.Wait()
		if j.err != nil {
			return nil, nil, j.err
		}
		n := next + len(extra)
		names = fmt.Appendf(names, "%s %d 0 R\n", fontResource(i), n)
		extra = append(extra, j.b.objects(n)...)
	}
	return []edit{{ats[2] + len(res), 0, names}}, extra, nil
}

// objects returns the font's objects, numbered from n: Type0,
// CIDFontType2, FontDescriptor, FontFile2, CIDToGIDMap, ToUnicode and,
// if made, CIDSet.
func (b *fontBytes) objects(n int) [][]byte {
	d := b.desc
	flags := 4 // symbolic
	if d.Fixed {
		flags |= 1
	}
	if d.ItalicAngle != 0 {
		flags |= 64
	}
	if d.Bold {
		flags |= 262144
	}
	filter := ""
	if b.deflated {
		filter = "/Filter /FlateDecode "
	}
	stream := func(num int, dict string, data []byte) []byte {
		o := fmt.Appendf(nil, "%d 0 obj\n<<%s%s/Length %d>>\nstream\n", num, filter, dict, len(data))
		o = append(o, data...)
		return append(o, "\nendstream\nendobj\n"...)
	}
	objs := make([][]byte, 0, 7)
	objs = append(objs, fmt.Appendf(nil, "%d 0 obj\n<</Type /Font\n/Subtype /Type0\n/BaseFont /%s\n/Encoding /Identity-H\n/DescendantFonts [%d 0 R]\n/ToUnicode %d 0 R>>\nendobj\n",
		n, b.name, n+1, n+5))
	cid := fmt.Appendf(nil, "%d 0 obj\n<</Type /Font\n/Subtype /CIDFontType2\n/BaseFont /%s\n/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>\n/FontDescriptor %d 0 R\n/DW %d\n/W ",
		n+1, b.name, n+2, d.MissingWidth)
	cid = append(cid, b.widths...)
	cid = fmt.Appendf(cid, "\n/CIDToGIDMap %d 0 R>>\nendobj\n", n+4)
	objs = append(objs, cid)
	fd := fmt.Appendf(nil, "%d 0 obj\n<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R",
		n+2, b.name, flags, d.BBox[0], d.BBox[1], d.BBox[2], d.BBox[3], strconv.FormatFloat(d.ItalicAngle, 'f', -1, 64),
		d.Ascent, d.Descent, d.CapHeight, d.StemV, d.MissingWidth, n+3)
	if b.cidSet != nil {
		fd = fmt.Appendf(fd, " /CIDSet %d 0 R", n+6)
	}
	objs = append(objs, append(fd, ">>\nendobj\n"...))
	objs = append(objs, stream(n+3, fmt.Sprintf("/Length1 %d ", b.length1), b.program))
	objs = append(objs, stream(n+4, "", b.gidMap))
	objs = append(objs, stream(n+5, "", b.cmap))
	if b.cidSet != nil {
		objs = append(objs, stream(n+6, "", b.cidSet))
	}
	return objs
}

// FontCache keeps the fonts of one Write for the next (quire watch): a
// face whose codes drawn, and what they stand for, are those of a font
// made before gets that font's bytes without subsetting or deflating
// again. A Write keeps only the fonts it wrote (and, while it runs, those
// of the Write before). A FontCache serves one Write at a time.
type FontCache struct {
	twoWrites[fontKey, *fontBytes]
}

// NewFontCache returns an empty cache.
func NewFontCache() *FontCache { return &FontCache{} }

func (c *FontCache) begin() {
	if c != nil {
		c.twoWrites.begin()
	}
}

func (c *FontCache) get(k fontKey) (*fontBytes, bool) {
	if c == nil {
		return nil, false
	}
	return c.twoWrites.get(k)
}

func (c *FontCache) put(k fontKey, b *fontBytes) {
	if c != nil {
		c.twoWrites.put(k, b)
	}
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

// cidSet returns the CIDSet of the font's subset, undeflated: a bit for
// each CID its program has, CID 0 (.notdef) and the code of each
// character drawn (the fonts are Identity-H, CID = code).
func (fu *faceUse) cidSet() []byte {
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
	return set
}
