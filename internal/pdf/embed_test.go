package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"quire/internal/font"
	"quire/internal/shape"
)

// fontProgram writes text in a font made of data with fpdf and returns the
// font program fpdf embeds (its FontFile2, inflated) and the font's
// widths array.
func fontProgram(t *testing.T, data []byte, text string) (program []byte, widths string) {
	t.Helper()
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: 200, Ht: 200}})
	f.SetCompression(false)
	f.AddUTF8FontFromBytes("x", "", data)
	f.AddPage()
	f.SetFont("x", "", 10)
	f.Text(10, 10, text)
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	m := regexp.MustCompile(`<</Length (\d+)\n/Filter /FlateDecode\n/Length1 \d+\n>>\nstream\n`).FindSubmatchIndex(out)
	if m == nil {
		t.Fatal("no font program in the PDF")
	}
	n, _ := strconv.Atoi(string(out[m[2]:m[3]]))
	zr, err := zlib.NewReader(bytes.NewReader(out[m[1] : m[1]+n]))
	if err != nil {
		t.Fatal(err)
	}
	program, err = io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	w := regexp.MustCompile(`/W \[[^\]]*(\[[^\]]*\][^\]]*)*\]`).Find(out)
	if w == nil {
		t.Fatal("no widths in the PDF")
	}
	return program, string(w)
}

// TestEmbedSameProgram checks that fpdf, given the face cut down by
// font.Face.Embed, embeds the very font program and widths it embeds when
// given the whole file, for faces with ligatures and private-use codes,
// composite glyphs, a monospace face and a CJK face.
func TestEmbedSameProgram(t *testing.T) {
	cases := []struct{ face, text string }{
		{font.Serif, "office find AVATAR Žluťoučký kůň ō ū Жж Ωω — “quoted” 0123"},
		{font.SerifItalic, "Ávila, Ørsted, ﬁne"},
		{font.Mono, "func main() { return 0 } ~ Ĳ"},
		{font.CJKJapanese, "日本語の文章、かな。"},
	}
	for _, c := range cases {
		fc := font.MustGet(c.face)
		var runes [0x10000 / 64]uint64
		var text []rune
		sh := shape.Shape(c.face, c.text, shape.SmallCaps)
		sh2 := shape.Shape(c.face, c.text, 0)
		for _, s := range []*shape.Shaped{sh, sh2} {
			for _, r := range s.Runs {
				if r.Face != c.face {
					continue
				}
				for _, g := range r.Glyphs {
					if runes[g.Code/64]&(1<<(g.Code%64)) == 0 {
						text = append(text, g.Code)
					}
					runes[g.Code/64] |= 1 << (g.Code % 64)
				}
			}
		}
		whole := fc.Plain()
		for _, r := range text {
			if fc.Private(r) {
				whole = fc.Data()
			}
		}
		if c.face == font.Serif && len(whole) == len(fc.Plain()) {
			t.Errorf("%s: no private-use code drawn: small capitals are not tested", c.face)
		}
		cut, err := fc.Embed(runes[:])
		if err != nil {
			t.Fatal(err)
		}
		if len(cut) >= len(whole)/2 {
			t.Errorf("%s: fpdf is given %d bytes of %d", c.face, len(cut), len(whole))
		}
		pw, ww := fontProgram(t, whole, string(text))
		pc, wc := fontProgram(t, cut, string(text))
		if !bytes.Equal(pw, pc) {
			t.Errorf("%s: the font program differs (%d bytes, %d from the whole face)", c.face, len(pc), len(pw))
		}
		if ww != wc {
			t.Errorf("%s: widths %s\nfrom the whole face %s", c.face, wc, ww)
		}
	}
}
