package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/shape"
)

func TestMain(m *testing.M) {
	api.DisableConfigDir()
	os.Exit(m.Run())
}

// fallbackRune returns a rune the serif face lacks but its fallback has.
func fallbackRune(t testing.TB) rune {
	for _, r := range "⇒↦∴★✓⟶" {
		if !font.MustGet(font.Serif).Has(r) && font.MustGet(font.FallbackSerif).Has(r) {
			return r
		}
	}
	t.Fatal("no rune needing the fallback face")
	return 0
}

func pngData(t testing.TB, w, h int, c color.Color) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if (x/4+y/4)%2 == 0 {
				img.Set(x, y, c)
			} else {
				img.Set(x, y, color.White)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegData(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var testMeta = Meta{
	Title:    "Tom & Jerry <Вступление>",
	Authors:  []string{"Ада Лавлейс", "Charles Babbage"},
	Subject:  "A test of the PDF writer",
	Keywords: []string{"quire", "pdf & xmp"},
	Lang:     "en-GB",
	Date:     time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC),
}

func samplePages(t testing.TB) []*draw.Page {
	red := draw.Color{R: 0.8, G: 0.1, B: 0.1}
	blue := draw.Color{R: 0.1, G: 0.2, B: 0.8}
	black := draw.Color{}
	arrow := string(fallbackRune(t))
	p1 := &draw.Page{Width: 420, Height: 595}
	p1.Items = []draw.Item{
		&draw.Bookmark{Title: "Глава 1 — Start", Level: 0, Y: 40},
		&draw.Text{X: 50, Y: 60, Face: font.SerifBold, Size: 18, S: "Привет, мир!", Look: &draw.Look{Color: black}},
		&draw.Text{X: 50, Y: 90, Face: font.Serif, Size: 11, S: "Fallback " + arrow + " arrow, emoji 😀 end.", Look: &draw.Look{Color: black}},
		&draw.Text{X: 50, Y: 110, Face: font.Mono, Size: 10, S: "mono(text) \\ back", Look: &draw.Look{Color: blue}},
		&draw.Text{X: 250, Y: 110, Face: font.Serif, Size: 8, S: "SCALED CAPS", Look: &draw.Look{Color: blue, Embolden: 0.2}},
		&draw.Text{X: 380, Y: 500, Face: font.Sans, Size: 12, S: "Rotated " + arrow + " text", Look: &draw.Look{Color: red, Angle: 90}},
		&draw.Bookmark{Title: "Section 1.1", Level: 1, Y: 120},
		draw.Rect(50, 130, 100, 40, &draw.Color{R: 0.9, G: 0.9, B: 0.6}, &red, 1.5),
		&draw.Path{Path: doc.Path{
			Ops: []doc.PathOp{
				{Kind: doc.MoveTo, Points: [3][2]float64{{170, 170}}},
				{Kind: doc.CurveTo, Points: [3][2]float64{{200, 120}, {240, 220}, {270, 150}}},
			},
			Stroke: &blue, LineWidth: 2, Dash: []float64{4, 2},
		}},
		draw.Line(50, 180, 300, 180, 0.5, black),
		&draw.Image{X: 50, Y: 200, W: 80, H: 60, Key: "checker-red", Data: pngData(t, 32, 24, color.RGBA{200, 0, 0, 255}), Format: "png"},
		&draw.Image{X: 150, Y: 200, W: 80, H: 60, Key: "checker-green", Data: pngData(t, 32, 24, color.RGBA{0, 160, 0, 255}), Format: "png"},
		&draw.Image{X: 250, Y: 200, W: 40, H: 30, Key: "checker-red", Data: pngData(t, 32, 24, color.RGBA{200, 0, 0, 255}), Format: "png"},
		&draw.Text{X: 50, Y: 300, Face: font.Serif, Size: 11, S: "Go to chapter 2", Look: &draw.Look{Color: blue}},
		&draw.Link{X: 50, Y: 290, W: 80, H: 13, Dest: "ch2"},
		&draw.Text{X: 50, Y: 320, Face: font.Serif, Size: 11, S: "Visit example.org", Look: &draw.Look{Color: blue}},
		&draw.Link{X: 50, Y: 310, W: 90, H: 13, URL: "https://example.org/a b?x=(1)"},
		&draw.Link{X: 50, Y: 330, W: 90, H: 13, Dest: "nowhere"},
	}
	p2 := &draw.Page{Width: 420, Height: 500}
	p2.Items = []draw.Item{
		&draw.Anchor{Name: "ch2", Y: 40},
		&draw.Bookmark{Title: "Глава 2", Level: 0, Y: 40},
		&draw.Text{X: 50, Y: 60, Face: font.SerifItalic, Size: 14, S: "Chapter two, italic", Look: &draw.Look{Color: black}},
		&draw.Image{X: 50, Y: 100, W: 64, H: 48, Key: "checker-blue", Data: pngData(t, 32, 24, color.RGBA{0, 0, 200, 255}), Format: "png"},
		&draw.Image{X: 150, Y: 100, W: 64, H: 48, Key: "photo", Data: jpegData(t, 40, 30), Format: "jpeg"},
	}
	return []*draw.Page{p1, p2}
}

func write(t testing.TB, pages []*draw.Page, meta Meta, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, pages, meta, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func strictConf() *model.Configuration {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	return conf
}

func TestWriteValid(t *testing.T) {
	for _, opt := range []Options{DefaultOptions(), {}} {
		out := write(t, samplePages(t), testMeta, opt)
		// For checking with external tools: QUIRE_PDF_SAMPLE=/tmp/s go test
		if base := os.Getenv("QUIRE_PDF_SAMPLE"); base != "" {
			name := base + ".pdf"
			if !opt.Compress {
				name = base + "-raw.pdf"
			}
			if err := os.WriteFile(name, out, 0o644); err != nil {
				t.Fatal(err)
			}
			book := base + "-book.pdf"
			if !opt.Compress {
				book = base + "-book-raw.pdf"
			}
			if err := os.WriteFile(book, write(t, bookPages(100), testMeta, opt), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := api.Validate(bytes.NewReader(out), strictConf()); err != nil {
			t.Fatalf("compress=%v: strict validation: %v", opt.Compress, err)
		}
		ctx, err := api.ReadContext(bytes.NewReader(out), strictConf())
		if err != nil {
			t.Fatal(err)
		}
		if err := api.ValidateContext(ctx); err != nil {
			t.Fatal(err)
		}
		if ctx.PageCount != 2 {
			t.Errorf("page count = %d, want 2", ctx.PageCount)
		}
	}
}

func TestInfo(t *testing.T) {
	out := write(t, samplePages(t), testMeta, DefaultOptions())
	info, err := api.PDFInfo(bytes.NewReader(out), "t.pdf", nil, false, strictConf())
	if err != nil {
		t.Fatal(err)
	}
	check := func(what, got, want string) {
		if got != want {
			t.Errorf("Info %s = %q, want %q", what, got, want)
		}
	}
	check("Title", info.Title, testMeta.Title)
	check("Author", info.Author, "Ада Лавлейс, Charles Babbage")
	check("Subject", info.Subject, testMeta.Subject)
	check("Creator", info.Creator, "Quire")
	check("Producer", info.Producer, "Quire")
	if got := strings.Join(info.Keywords, "|"); !strings.Contains(got, "quire") || !strings.Contains(got, "pdf & xmp") {
		t.Errorf("Info Keywords = %q", info.Keywords)
	}
	if info.PageCount != 2 {
		t.Errorf("PageCount = %d", info.PageCount)
	}
	if !bytes.Contains(out, []byte("/Keywords (\xfe\xff\x00q\x00u\x00i\x00r\x00e\x00;\x00 \x00p")) {
		t.Error("Keywords not joined with \"; \"")
	}
	if !bytes.Contains(out, []byte("/Lang (en-GB)")) {
		t.Error("no /Lang")
	}
	if !bytes.Contains(out, []byte("/CreationDate (D:20261127103000+00'00')")) {
		t.Error("CreationDate not from Meta.Date")
	}
	if !strings.HasPrefix(info.CreationDate, "D:20261127103000") || !strings.HasPrefix(info.ModificationDate, "D:20261127103000") {
		t.Errorf("Info dates = %q, %q", info.CreationDate, info.ModificationDate)
	}
	if bytes.Contains(out, []byte("/EmbeddedFiles")) {
		t.Error("empty /EmbeddedFiles left in the catalog")
	}
	if !bytes.Contains(out, []byte("/ID [<")) {
		t.Error("no /ID in the trailer")
	}
}

func TestXMP(t *testing.T) {
	out := write(t, samplePages(t), testMeta, DefaultOptions())
	if !bytes.Contains(out, []byte("<< /Type /Metadata /Subtype /XML /Length ")) {
		t.Fatal("no uncompressed metadata stream")
	}
	for _, want := range []string{
		`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Tom &amp; Jerry &lt;Вступление&gt;</rdf:li></rdf:Alt></dc:title>`,
		`<dc:creator><rdf:Seq><rdf:li>Ада Лавлейс</rdf:li><rdf:li>Charles Babbage</rdf:li></rdf:Seq></dc:creator>`,
		`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">A test of the PDF writer</rdf:li></rdf:Alt></dc:description>`,
		`<dc:subject><rdf:Bag><rdf:li>quire</rdf:li><rdf:li>pdf &amp; xmp</rdf:li></rdf:Bag></dc:subject>`,
		`<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>`,
		`<pdf:Keywords>quire; pdf &amp; xmp</pdf:Keywords>`,
		`<pdf:Producer>Quire</pdf:Producer>`,
		`<xmp:CreatorTool>Quire</xmp:CreatorTool>`,
		`<xmp:CreateDate>2026-11-27T10:30:00+00:00</xmp:CreateDate>`,
		`<xmp:ModifyDate>2026-11-27T10:30:00+00:00</xmp:ModifyDate>`,
		`<xmp:MetadataDate>2026-11-27T10:30:00+00:00</xmp:MetadataDate>`,
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("XMP lacks %s", want)
		}
	}
}

func TestFonts(t *testing.T) {
	out := write(t, samplePages(t), testMeta, DefaultOptions())
	for _, ps := range []string{"NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic",
		"NotoSans-Regular", "NotoSansMono-Regular", "DejaVuSerif", "DejaVuSans"} {
		if !bytes.Contains(out, []byte("+"+ps+"\n")) {
			t.Errorf("no subset font %s", ps)
		}
	}
	if bytes.Contains(out, []byte("/BaseFont /utf8")) || bytes.Contains(out, []byte("/FontName /utf8")) {
		t.Error("fpdf font name left unpatched")
	}
	// Faces the text does not use are not embedded.
	if bytes.Contains(out, []byte("NotoSans-Bold")) {
		t.Error("unused face embedded")
	}
}

func TestContent(t *testing.T) {
	out := write(t, samplePages(t), testMeta, Options{})
	utf16 := func(s string) []byte {
		return []byte(utf16BE(s)[2:])
	}
	// The strings of the TJ arrays, joined: what the text reads as,
	// kerning adjustments left out.
	shown := []byte(tjText(out))
	for _, want := range [][]byte{
		utf16("Привет, мир!"),
		utf16("arrow, emoji ? end."), // U+1F600 replaced; the space after the arrow is moved over, not drawn
		utf16(string(fallbackRune(t))),
		utf16("mono(text) \\ back"),
	} {
		if !bytes.Contains(shown, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, want := range [][]byte{
		[]byte("/URI (https://example.org/a%20b?x=\\(1\\))"),
		[]byte("[4.00 2.00] 0.00 d"),
		[]byte("[] 0.00 d"),
		[]byte(" c\n"),
		[]byte("/Dest [5 0 R /XYZ 0 460.00 null]"), // link to ch2: page 2 is 500 high
	} {
		if !bytes.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if n := bytes.Count(out, []byte("/Subtype /Link")); n != 2 {
		t.Errorf("%d link annotations, want 2 (the link to an unknown anchor is dropped)", n)
	}
	// Four distinct images, each embedded once.
	if n := bytes.Count(out, []byte("/Subtype /Image")); n != 4 {
		t.Errorf("%d image objects, want 4", n)
	}
	if !bytes.Contains(out, []byte("/Filter /DCTDecode")) {
		t.Error("JPEG not embedded as is")
	}
	// Rotated text is drawn with a turned text matrix.
	if !bytes.Contains(out, []byte("0.00000 1.00000 -1.00000 0.00000 380.00 95.00 Tm\n")) {
		t.Error("no rotation matrix")
	}
}

func TestStateChanges(t *testing.T) {
	// A line of words in one face and colour, then words alternating
	// with a filled rectangle of another colour.
	p := &draw.Page{Width: 300, Height: 300}
	blue := draw.Color{B: 1}
	for i := range 20 {
		p.Items = append(p.Items, &draw.Text{X: float64(10 * i), Y: 20, Face: font.Serif, Size: 10, S: "w", Look: &draw.Look{Color: blue}})
	}
	for i := range 5 {
		p.Items = append(p.Items,
			&draw.Text{X: float64(10 * i), Y: 40, Face: font.Serif, Size: 10, S: "v", Look: &draw.Look{Color: blue}},
			draw.Rect(float64(10*i), 50, 5, 5, &draw.Color{R: 1}, nil, 0))
	}
	out := write(t, []*draw.Page{p}, Meta{}, Options{})
	if n := bytes.Count(out, []byte(" Tf\n")); n != 1 {
		t.Errorf("%d font changes, want 1", n)
	}
	if n := bytes.Count(out, []byte("0.000 0.000 1.000 rg")); n != 5 {
		t.Errorf("%d changes to blue, want 5", n)
	}
	if bytes.Contains(out, []byte("q 0.000 0.000 1.000 rg BT")) {
		t.Error("text wrapped in q/Q to set its colour")
	}
}

func TestBookmarks(t *testing.T) {
	out := write(t, samplePages(t), testMeta, DefaultOptions())
	bms, err := api.Bookmarks(bytes.NewReader(out), strictConf())
	if err != nil {
		t.Fatal(err)
	}
	if len(bms) != 2 || bms[0].Title != "Глава 1 — Start" || bms[0].PageFrom != 1 ||
		len(bms[0].Kids) != 1 || bms[0].Kids[0].Title != "Section 1.1" ||
		bms[1].Title != "Глава 2" || bms[1].PageFrom != 2 {
		t.Errorf("bookmarks = %+v", bms)
	}
	// Page 1 is 595 high, the last page 500: the destination of the first
	// bookmark must still be 40pt from the top of page 1.
	if !bytes.Contains(out, []byte("/Dest [3 0 R /XYZ 0 555.00 null]")) {
		t.Error("bookmark destination not on the bookmark's page height")
	}
}

func TestBookmarkWithoutText(t *testing.T) {
	pages := []*draw.Page{{Width: 200, Height: 200, Items: []draw.Item{
		&draw.Bookmark{Title: "Только рисунок", Level: 2},
		draw.Rect(10, 10, 50, 50, &draw.Color{R: 1}, nil, 0),
	}}}
	out := write(t, pages, Meta{}, DefaultOptions())
	bms, err := api.Bookmarks(bytes.NewReader(out), strictConf())
	if err != nil {
		t.Fatal(err)
	}
	if len(bms) != 1 || bms[0].Title != "Только рисунок" {
		t.Errorf("bookmarks = %+v", bms)
	}
	if err := api.Validate(bytes.NewReader(out), strictConf()); err != nil {
		t.Fatal(err)
	}
}

func TestAwkwardStrings(t *testing.T) {
	pages := samplePages(t)
	pages[0].Items = append(pages[0].Items,
		// Rotated text ending in the fallback face: the font set inside
		// the rotation is undone by Q.
		&draw.Text{X: 300, Y: 500, Face: font.Serif, Size: 9, S: "Up " + string(fallbackRune(t)), Look: &draw.Look{Angle: 45}},
		&draw.Bookmark{Title: "Emoji 😀 and bad \xff UTF-8", Level: 0},
		&draw.Text{X: 300, Y: 520, Face: font.FallbackSerif, Size: 9, S: "after"},
		&draw.Text{X: 10, Y: 10, Face: font.Serif, Size: 9, S: "bad \xff\xfe UTF-8 and 😀😀"})
	meta := testMeta
	meta.Title = "Smile 😀 (really) \\ \xff"
	out := write(t, pages, meta, DefaultOptions())
	if err := api.Validate(bytes.NewReader(out), strictConf()); err != nil {
		t.Fatal(err)
	}
	info, err := api.PDFInfo(bytes.NewReader(out), "t.pdf", nil, false, strictConf())
	if err != nil {
		t.Fatal(err)
	}
	if want := "Smile 😀 (really) \\ \uFFFD"; info.Title != want {
		t.Errorf("Title = %q, want %q", info.Title, want)
	}
	bms, err := api.Bookmarks(bytes.NewReader(out), strictConf())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := bms[1].Title, "Emoji \uFFFD and bad \uFFFD UTF-8"; got != want {
		t.Errorf("bookmark = %q, want %q", got, want)
	}
}

func TestDeterministic(t *testing.T) {
	// Many images of one pixel width: fpdf orders them in map order
	// unless Write breaks the ties.
	pages := samplePages(t)
	for i := range 8 {
		pages[1].Items = append(pages[1].Items, &draw.Image{
			X: float64(20 + 40*i), Y: 300, W: 30, H: 20, Key: string(rune('a' + i)),
			Data: pngData(t, 32, 24, color.RGBA{uint8(30 * i), 100, 50, 255}), Format: "png",
		})
	}
	for _, opt := range []Options{DefaultOptions(), {}} {
		first := write(t, pages, testMeta, opt)
		for range 10 {
			if again := write(t, pages, testMeta, opt); !bytes.Equal(first, again) {
				t.Fatalf("compress=%v: output differs between runs", opt.Compress)
			}
		}
		if err := api.Validate(bytes.NewReader(first), strictConf()); err != nil {
			t.Fatal(err)
		}
	}
}

func TestImageKinds(t *testing.T) {
	// A PNG with an alpha channel (fpdf writes a soft mask) and a
	// paletted one (fpdf writes an indexed colour space).
	nrgba := image.NewNRGBA(image.Rect(0, 0, 16, 16))
	pal := image.NewPaletted(image.Rect(0, 0, 16, 16), color.Palette{color.White, color.RGBA{200, 0, 0, 255}})
	for y := range 16 {
		for x := range 16 {
			nrgba.Set(x, y, color.NRGBA{0, 0, 255, uint8(x * 16)})
			pal.SetColorIndex(x, y, uint8((x+y)%2))
		}
	}
	enc := func(img image.Image) []byte {
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	pages := []*draw.Page{{Width: 200, Height: 200, Items: []draw.Item{
		&draw.Image{X: 10, Y: 10, W: 50, H: 50, Key: "alpha", Data: enc(nrgba), Format: "png"},
		&draw.Image{X: 70, Y: 10, W: 50, H: 50, Key: "pal", Data: enc(pal), Format: "png"},
	}}}
	for _, opt := range []Options{DefaultOptions(), {}} {
		out := write(t, pages, Meta{}, opt)
		if err := api.Validate(bytes.NewReader(out), strictConf()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(out, []byte("/SMask ")) || !bytes.Contains(out, []byte("/Indexed")) {
			t.Error("soft mask or palette missing")
		}
		if !bytes.Equal(out, write(t, pages, Meta{}, opt)) {
			t.Error("output differs between runs")
		}
	}
}

func TestConcurrent(t *testing.T) {
	want := write(t, samplePages(t), testMeta, DefaultOptions())
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			var b bytes.Buffer
			if err := Write(&b, samplePages(t), testMeta, DefaultOptions()); err != nil {
				t.Error(err)
				return
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Error("concurrent output differs")
			}
		})
	}
	wg.Wait()
}

func TestZeroDate(t *testing.T) {
	out := write(t, samplePages(t), Meta{}, DefaultOptions())
	if !bytes.Contains(out, []byte("/CreationDate (D:20000101000000+00'00')")) ||
		!bytes.Contains(out, []byte("<xmp:CreateDate>2000-01-01T00:00:00+00:00</xmp:CreateDate>")) {
		t.Error("zero Date not written as 2000-01-01")
	}
}

func TestErrors(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, nil, Meta{}, DefaultOptions()); err == nil {
		t.Error("no error for no pages")
	}
	bad := []*draw.Page{{Width: 100, Height: 100, Items: []draw.Item{
		&draw.Text{Face: "nosuchface", Size: 10, S: "x"},
	}}}
	if err := Write(&b, bad, Meta{}, DefaultOptions()); err == nil {
		t.Error("no error for an unknown face")
	}
	badImg := []*draw.Page{{Width: 100, Height: 100, Items: []draw.Item{
		&draw.Image{W: 10, H: 10, Key: "x", Data: []byte("not a png"), Format: "png"},
	}}}
	if err := Write(&b, badImg, Meta{}, DefaultOptions()); err == nil {
		t.Error("no error for a broken image")
	}
}

// bookPages returns n pages of 40 justified lines each, set word by word.
func bookPages(n int) []*draw.Page {
	words := strings.Fields("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Съешь же ещё этих мягких французских булок.")
	var pages []*draw.Page
	k := 0
	for range n {
		p := &draw.Page{Width: 420, Height: 595}
		for line := range 40 {
			x := 50.0
			y := 60 + float64(line)*12
			for x < 360 {
				w := words[k%len(words)]
				k++
				face := font.Serif
				if k%17 == 0 {
					face = font.SerifItalic
				}
				p.Items = append(p.Items, &draw.Text{X: x, Y: y, Face: face, Size: 10, S: w})
				x += font.Measure(face, 10, w) + 3.1
			}
		}
		pages = append(pages, p)
	}
	return pages
}

func BenchmarkWrite100Pages(b *testing.B) {
	pages := bookPages(100)
	items := 0
	for _, p := range pages {
		items += len(p.Items)
	}
	for b.Loop() {
		if err := Write(io.Discard, pages, testMeta, DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(items), "items/op")
}

// TestRandom writes display lists of random items with awkward strings and
// checks that the output is valid.
func TestRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	faces := []string{font.Serif, font.SerifBold, font.SansItalic, font.Mono, font.FallbackSans}
	runes := []rune("aZ09 ()\\<>[]{}%#/\r\n\tЖж→⇒中😀\u00ad\ufeff\x00\x7f")
	str := func() string {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteRune(runes[rng.IntN(len(runes))])
		}
		if rng.IntN(10) == 0 {
			b.WriteString("\xff\xc3")
		}
		return b.String()
	}
	for iter := range 20 {
		var pages []*draw.Page
		for range 1 + rng.IntN(4) {
			p := &draw.Page{Width: 100 + rng.Float64()*500, Height: 100 + rng.Float64()*700}
			for range rng.IntN(30) {
				x, y := rng.Float64()*p.Width, rng.Float64()*p.Height
				c := draw.Color{R: rng.Float64(), G: rng.Float64(), B: rng.Float64()}
				switch rng.IntN(6) {
				case 0, 1:
					p.Items = append(p.Items, &draw.Text{X: x, Y: y, Face: faces[rng.IntN(len(faces))],
						Size: 1 + rng.Float64()*20, S: str(), Look: &draw.Look{Color: c, Angle: float64(rng.IntN(3)) * 30}})
				case 2:
					p.Items = append(p.Items, draw.Rect(x, y, 20, 10, &c, &c, rng.Float64()))
				case 3:
					p.Items = append(p.Items, &draw.Link{X: x, Y: y, W: 10, H: 10, URL: "http://x/" + str(), Dest: []string{"", "a", "b"}[rng.IntN(3)]})
				case 4:
					p.Items = append(p.Items, &draw.Bookmark{Title: str(), Level: rng.IntN(4) - 1, Y: y})
				case 5:
					p.Items = append(p.Items, &draw.Anchor{Name: []string{"a", "b"}[rng.IntN(2)], Y: y})
				}
			}
			pages = append(pages, p)
		}
		meta := Meta{Title: str(), Authors: []string{str(), str()}, Subject: str(), Keywords: []string{str()}, Lang: str()}
		for _, opt := range []Options{DefaultOptions(), {}} {
			out := write(t, pages, meta, opt)
			if err := api.Validate(bytes.NewReader(out), strictConf()); err != nil {
				t.Fatalf("iteration %d, compress=%v: %v", iter, opt.Compress, err)
			}
		}
	}
}

// tjText returns the strings of the TJ arrays of uncompressed content,
// unescaped and joined: the UTF-16 codes shown, without the numbers.
func tjText(pdf []byte) string {
	var b []byte
	for _, m := range regexp.MustCompile(`(?s)\[(-?[0-9]*\(.*?)\] TJ`).FindAllSubmatch(pdf, -1) {
		arr := m[1]
		for i := 0; i < len(arr); i++ {
			if arr[i] != '(' {
				continue
			}
			for i++; i < len(arr) && arr[i] != ')'; i++ {
				c := arr[i]
				if c == '\\' && i+1 < len(arr) {
					i++
					c = arr[i]
					if c == 'r' {
						c = '\r'
					}
				}
				b = append(b, c)
			}
		}
	}
	return string(b)
}

// TestKerningTJ checks that a kerned run is written as one TJ array whose
// adjustments put each glyph where the shaper placed it: "AVATAR" in
// Liberation Serif, A–V kerned by −264/2048 em.
func TestKerningTJ(t *testing.T) {
	face := font.Lookup("Liberation Serif").Face(false, false)
	sh := shape.Shape(face, "AVATAR", 0)
	p := &draw.Page{Width: 300, Height: 200, Items: []draw.Item{
		&draw.Text{X: 20, Y: 50, Face: face, Size: 20, S: "AVATAR", Glyphs: sh.Runs[0].Glyphs},
	}}
	out := write(t, []*draw.Page{p}, Meta{}, Options{})
	m := regexp.MustCompile(`BT\n/F[0-9a-f]+ 20 Tf\n20 150 Td\n\[(.*?)\] TJ\nET`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no TJ array for the run in\n%s", out)
	}
	// The adjustments, in thousandths of an em, against /W widths.
	var sum float64
	for _, f := range regexp.MustCompile(`\)(-?[0-9]+)\(`).FindAllSubmatch(m[1], -1) {
		v, _ := strconv.ParseFloat(string(f[1]), 64)
		sum += v
	}
	f := font.MustGet(face)
	at := 0.0
	for _, r := range "AVATAR" {
		at += float64(f.PDFWidth(r))
	}
	drawn := at - sum // TJ numbers move the next glyph left
	if math.Abs(drawn-sh.Width) > 1.5 {
		t.Errorf("TJ run is %.1f/1000 em wide, shaped %.1f", drawn, sh.Width)
	}
	if sum < 2*264*1000/2048-2 {
		t.Errorf("adjustments sum to %.0f/1000 em, less than A–V and V–A kerning", sum)
	}
	if tjText(out) != string(utf16BE("AVATAR")[2:]) {
		t.Errorf("TJ reads %q", tjText(out))
	}
}

// TestLigatureExtracts checks that a word drawn with a ligature glyph
// reads as its letters: "office" is drawn with U+FB03 (ffi) and the font's
// ToUnicode CMap maps that code to "ffi"; pdftotext, where installed,
// extracts "office".
func TestLigatureExtracts(t *testing.T) {
	sh := shape.Shape(font.Serif, "office", 0)
	g := sh.Runs[0].Glyphs
	if len(g) != 4 || g[1].Code != 0xFB03 {
		t.Fatalf("office shaped as %+v, want the ffi ligature", g)
	}
	p := &draw.Page{Width: 300, Height: 200, Items: []draw.Item{
		&draw.Text{X: 20, Y: 50, Face: font.Serif, Size: 20, S: "office", Glyphs: g},
		&draw.Text{X: 20, Y: 100, Face: font.Serif, Size: 20, S: "find"},
	}}
	out := write(t, []*draw.Page{p}, Meta{}, Options{})
	if !bytes.Contains([]byte(tjText(out)), []byte("\xfb\x03")) {
		t.Error("the ligature is not drawn")
	}
	for _, want := range []string{"<FB03> <006600660069>", "<FB01> <00660069>"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("no ToUnicode entry %s", want)
		}
	}
	if bytes.Contains(out, []byte("<0000> <FFFF> <0000>")) {
		t.Error("fpdf's identity ToUnicode CMap is still there")
	}
	exe, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext not installed: extraction by poppler not checked")
		return
	}
	path := filepath.Join(t.TempDir(), "lig.pdf")
	os.WriteFile(path, write(t, []*draw.Page{p}, Meta{}, DefaultOptions()), 0o644)
	txt, err := exec.Command(exe, path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Fields(string(txt)); len(got) != 2 || got[0] != "office" || got[1] != "find" {
		t.Errorf("pdftotext reads %q, want office find", txt)
	}
}
