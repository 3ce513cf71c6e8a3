package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"math"
	"regexp"
	"strconv"
	"testing"

	gtfont "github.com/go-text/typesetting/font"
	"github.com/pdfcpu/pdfcpu/pkg/api"

	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/shape"
)

// object returns the body of object n of an uncompressed file, and its
// stream's data if it has one (inflated if it is deflated).
func object(t *testing.T, pdf []byte, n int) (dict string, data []byte) {
	t.Helper()
	m := regexp.MustCompile(`(?s)\n` + strconv.Itoa(n) + ` 0 obj\n(.*?)\nendobj\n`).FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("no object %d", n)
	}
	body := m[1]
	i := bytes.Index(body, []byte(">>\nstream\n"))
	if i < 0 {
		return string(body), nil
	}
	dict = string(body[:i+2])
	data = bytes.TrimSuffix(body[i+len(">>\nstream\n"):], []byte("\nendstream"))
	if l := regexp.MustCompile(`/Length (\d+)`).FindStringSubmatch(dict); l == nil || l[1] != strconv.Itoa(len(data)) {
		t.Fatalf("object %d: %s, %d bytes of data", n, dict, len(data))
	}
	if bytes.Contains([]byte(dict), []byte("/FlateDecode")) {
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return dict, data
}

func ref(t *testing.T, dict, key string) int {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(key) + `\s*(\d+) 0 R`).FindStringSubmatch(dict)
	if m == nil {
		t.Fatalf("no %s in %s", key, dict)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// readWidths reads a /W array: code -> width.
func readWidths(t *testing.T, w string) map[rune]int {
	t.Helper()
	out := map[rune]int{}
	toks := regexp.MustCompile(`\[|\]|-?\d+`).FindAllString(w, -1)
	if len(toks) < 2 || toks[0] != "[" || toks[len(toks)-1] != "]" {
		t.Fatalf("bad /W %s", w)
	}
	toks = toks[1 : len(toks)-1]
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	for i := 0; i < len(toks); {
		first := num(toks[i])
		if toks[i+1] == "[" {
			j := i + 2
			for ; toks[j] != "]"; j++ {
				out[rune(first+j-i-2)] = num(toks[j])
			}
			i = j + 1
			continue
		}
		for c := first; c <= num(toks[i+1]); c++ {
			out[rune(c)] = num(toks[i+2])
		}
		i += 3
	}
	return out
}

// TestFontObjects checks the objects of each font a file embeds, for faces
// with ligatures and private-use codes (small capitals), composite glyphs,
// a monospace face and a CJK face: the widths of the codes drawn are those
// text.go places the glyphs by, the CIDToGIDMap sends each code to the
// glyph of the subset its cmap gives it, that glyph has the face's advance
// width, the ToUnicode CMap maps what the code stands for, the descriptor
// names the subset, and the file is as valid to pdfcpu as any.
func TestFontObjects(t *testing.T) {
	cases := []struct{ face, text string }{
		{font.Serif, "office find AVATAR Žluťoučký kůň ō ū Жж Ωω — “quoted” 0123"},
		{font.SerifItalic, "Ávila, Ørsted, ﬁne"},
		{font.Mono, "func main() { return 0 } ~ Ĳ"},
		{font.CJKJapanese, "日本語の文章、かな。"},
	}
	p := &draw.Page{Width: 400, Height: 400}
	drawn := map[string]map[rune]string{} // face -> code -> text
	for i, c := range cases {
		for k, sh := range []*shape.Shaped{shape.Shape(c.face, c.text, shape.SmallCaps), shape.Shape(c.face, c.text, 0)} {
			for _, r := range sh.Runs {
				if r.Face != c.face {
					continue
				}
				if drawn[c.face] == nil {
					drawn[c.face] = map[rune]string{}
				}
				for _, g := range r.Glyphs {
					if _, ok := drawn[c.face][g.Code]; !ok {
						drawn[c.face][g.Code] = g.Text
					}
				}
				p.Items = append(p.Items, &draw.Text{X: 10, Y: float64(20 + 40*i + 20*k), Face: r.Face, Size: 10, S: c.text, Glyphs: r.Glyphs})
			}
		}
	}
	if len(drawn[font.Serif]) == 0 || len(drawn[font.CJKJapanese]) == 0 {
		t.Fatal("nothing drawn in the faces tested")
	}
	out := write(t, []*draw.Page{p}, Meta{}, Options{})
	smallCaps := false
	seen := 0
	for _, m := range regexp.MustCompile(`/F\d+ (\d+) 0 R`).FindAllSubmatch(out, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		type0, _ := object(t, out, n)
		name := regexp.MustCompile(`/BaseFont /([A-Z]{6})\+(\S+)\n`).FindStringSubmatch(type0)
		if name == nil || !bytes.Contains([]byte(type0), []byte("/Encoding /Identity-H")) {
			t.Fatalf("font %d: %s", n, type0)
		}
		var face *font.Face
		var codes map[rune]string
		for _, c := range cases {
			if f := font.MustGet(c.face); postScriptName(f.Plain(), c.face) == name[2] {
				face, codes = f, drawn[c.face]
			}
		}
		if face == nil {
			t.Fatalf("font %d: %s is no face drawn", n, name[2])
		}
		seen++
		cid, _ := object(t, out, ref(t, type0, "/DescendantFonts ["))
		desc, _ := object(t, out, ref(t, cid, "/FontDescriptor"))
		if !bytes.Contains([]byte(desc), []byte("/FontName /"+name[1]+"+"+name[2]+" ")) {
			t.Errorf("%s: descriptor %s", name[2], desc)
		}
		_, program := object(t, out, ref(t, desc, "/FontFile2"))
		_, gidMap := object(t, out, ref(t, cid, "/CIDToGIDMap"))
		_, cmap := object(t, out, ref(t, type0, "/ToUnicode"))
		ft, err := gtfont.ParseTTF(bytes.NewReader(program))
		if err != nil {
			t.Fatalf("%s: the font program does not parse: %v", name[2], err)
		}
		w := readWidths(t, regexp.MustCompile(`/W (\[[^\n]*\])\n`).FindStringSubmatch(cid)[1])
		if len(w) != len(codes) {
			t.Errorf("%s: %d widths for %d codes drawn", name[2], len(w), len(codes))
		}
		upem := float64(ft.Upem())
		for c, text := range codes {
			if w[c] != face.PDFWidth(c) {
				t.Errorf("%s: %U is %d wide in /W, drawn as %d", name[2], c, w[c], face.PDFWidth(c))
			}
			if 2*int(c)+1 >= len(gidMap) {
				t.Errorf("%s: %U beyond the CIDToGIDMap", name[2], c)
				continue
			}
			gid := binary.BigEndian.Uint16(gidMap[2*c:])
			if g, ok := ft.NominalGlyph(c); !ok || uint16(g) != gid || gid == 0 {
				t.Errorf("%s: %U maps to glyph %d, the program's cmap to %d (%v)", name[2], c, gid, g, ok)
			}
			if adv := math.Round(float64(ft.HorizontalAdvance(gtfont.GID(gid))) * 1000 / upem); int(adv) != w[c] {
				t.Errorf("%s: glyph %d of %U is %v wide in the program, %d in /W", name[2], gid, c, adv, w[c])
			}
			if text != "" {
				want := []byte("<" + hex4(c) + "> <")
				for _, u := range text {
					want = append(want, hex4(u)...)
				}
				if !bytes.Contains(cmap, want) {
					t.Errorf("%s: no ToUnicode entry %s> for %q", name[2], want, text)
				}
				smallCaps = smallCaps || face.Private(c)
			}
		}
	}
	if seen != len(cases) {
		t.Errorf("%d fonts embedded, want %d", seen, len(cases))
	}
	if !smallCaps {
		t.Error("no private-use code drawn: small capitals are not tested")
	}
	for _, opt := range []Options{{}, DefaultOptions(), {Compress: true, PDFA: true, PDFALevel: "1b"}} {
		if err := api.Validate(bytes.NewReader(write(t, []*draw.Page{p}, Meta{}, opt)), strictConf()); err != nil {
			t.Errorf("%+v: strict validation: %v", opt, err)
		}
	}
}

func hex4(r rune) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[r>>12&15], digits[r>>8&15], digits[r>>4&15], digits[r&15]})
}

// TestFontCache writes documents that draw different characters through
// one FontCache: each is the file a Write without the cache makes, a font
// whose codes did not change since the Write before is found, not made,
// and the cache holds only the fonts of the last Write.
func TestFontCache(t *testing.T) {
	page := func(s string) []*draw.Page {
		return []*draw.Page{{Width: 200, Height: 200, Items: []draw.Item{
			&draw.Text{X: 10, Y: 20, Face: font.Serif, Size: 10, S: "Words " + s},
			&draw.Text{X: 10, Y: 40, Face: font.SerifItalic, Size: 10, S: "italic"},
		}}}
	}
	texts := []string{"abc", "abc", "abd", "abc", "xyz", "xyz", "ﬁ", "abc"}
	for _, opt := range []Options{DefaultOptions(), {Compress: true, PDFA: true, PDFALevel: "1b"}} {
		c := NewFontCache()
		for i, s := range texts {
			h0, m0 := c.Stats()
			opt.Fonts = nil
			want := write(t, page(s), Meta{}, opt)
			opt.Fonts = c
			got := write(t, page(s), Meta{}, opt)
			if !bytes.Equal(got, want) {
				t.Fatalf("write %d (%q, PDF/A %v): the file differs from one written without the cache", i, s, opt.PDFA)
			}
			h, m := c.Stats()
			// The italic face is found in every write but the
			// first; the serif one when it draws what it drew in
			// the write before.
			wantHits := 1
			if i == 0 {
				wantHits = 0
			} else if s == texts[i-1] {
				wantHits = 2
			}
			if h-h0 != wantHits || h-h0+m-m0 != 2 {
				t.Errorf("write %d (%q, PDF/A %v): %d fonts found, %d made; want %d found", i, s, opt.PDFA, h-h0, m-m0, wantHits)
			}
			if n := c.Len(); n != 2 {
				t.Errorf("write %d: the cache holds %d fonts, want the 2 of the last write", i, n)
			}
		}
	}
	// One cache, files of other kinds: each still the file written
	// without the cache.
	c := NewFontCache()
	for _, opt := range []Options{DefaultOptions(), {Compress: true, PDFA: true, PDFALevel: "1b"}, {}, {Compress: true, PDFA: true, PDFALevel: "2b"}} {
		want := write(t, page("abc"), Meta{}, opt)
		opt.Fonts = c
		if got := write(t, page("abc"), Meta{}, opt); !bytes.Equal(got, want) {
			t.Errorf("%+v after another kind of file: the file differs from one written without the cache", opt)
		}
	}
}

// toUnicodeMaps returns the ToUnicode CMaps of a file's fonts, inflated,
// one after the other.
func toUnicodeMaps(t *testing.T, pdf []byte) []byte {
	t.Helper()
	var out []byte
	for _, m := range regexp.MustCompile(`/ToUnicode (\d+) 0 R`).FindAllSubmatch(pdf, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		_, data := object(t, pdf, n)
		out = append(out, data...)
	}
	return out
}
