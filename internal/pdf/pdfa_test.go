package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"quire/internal/draw"
	"quire/internal/pdf/pdfacheck"
)

// alphaPNG returns a PNG whose pixels are half transparent.
func alphaPNG(t testing.TB) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	for y := range 8 {
		for x := range 8 {
			img.Set(x, y, color.NRGBA{200, 0, 0, uint8(32 * (x % 8))})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// deepPNG returns an opaque PNG of 16 bits per component.
func deepPNG(t testing.TB) []byte {
	img := image.NewRGBA64(image.Rect(0, 0, 8, 8))
	for y := range 8 {
		for x := range 8 {
			img.Set(x, y, color.RGBA64{uint16(x * 8000), 0, uint16(y * 8000), 0xffff})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if b.Bytes()[24] != 16 {
		t.Fatal("not a 16-bit PNG")
	}
	return b.Bytes()
}

func archivalPages(t testing.TB) []*draw.Page {
	pages := samplePages(t)
	pages[1].Items = append(pages[1].Items,
		&draw.Image{X: 250, Y: 100, W: 40, H: 40, Key: "alpha", Data: alphaPNG(t), Format: "png"},
		&draw.Image{X: 300, Y: 100, W: 40, H: 40, Key: "deep", Data: deepPNG(t), Format: "png"})
	return pages
}

func TestPDFA(t *testing.T) {
	opt := DefaultOptions()
	opt.PDFA = true
	out := write(t, archivalPages(t), testMeta, opt)
	if err := pdfacheck.Check(out); err != nil {
		t.Errorf("PDF/A-2b:\n%v", err)
	}
	// The same pages written without PDF/A fail the checks that PDF/A
	// adds: the checker sees what it should.
	plain := write(t, archivalPages(t), testMeta, DefaultOptions())
	err := pdfacheck.Check(plain)
	if err == nil {
		t.Fatal("a plain PDF passes the PDF/A checks")
	}
	for _, clause := range []string{"6.2.3", "6.6.4", "6.2.10", "Info=XMP"} { // 6.2.10: soft mask and page groups
		if !strings.Contains(err.Error(), "PDF/A-2b "+clause+":") {
			t.Errorf("plain PDF: no failure of clause %s in\n%v", clause, err)
		}
	}
	// Reproducible, with the identifier the hash of the content.
	if again := write(t, archivalPages(t), testMeta, opt); !bytes.Equal(out, again) {
		t.Error("two PDF/A writes differ")
	}
}

func TestFlattenImages(t *testing.T) {
	pages := archivalPages(t)
	flat, err := flattenImages(pages)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for pi, p := range flat {
		for ii, it := range p.Items {
			im, ok := it.(*draw.Image)
			if !ok {
				continue
			}
			if im.Format == "png" {
				src, err := png.Decode(bytes.NewReader(im.Data))
				if err != nil {
					t.Fatal(err)
				}
				if o, ok := src.(interface{ Opaque() bool }); !ok || !o.Opaque() {
					t.Errorf("page %d image %q still has transparency", pi+1, im.Key)
				}
				if im.Data[24] > 8 {
					t.Errorf("page %d image %q has %d bits per component", pi+1, im.Key, im.Data[24])
				}
			}
			if im.Key == "alpha#opaque" {
				n++
				if pages[pi].Items[ii].(*draw.Image).Key != "alpha" {
					t.Error("the input pages were modified")
				}
			}
		}
	}
	if n != 1 {
		t.Errorf("%d flattened alpha images, want 1", n)
	}
	// Opaque pages come back as they are.
	same, _ := flattenImages(samplePages(t)[:1])
	if len(same) != 1 {
		t.Fatal("lost a page")
	}
}

func TestBoxes(t *testing.T) {
	opt := DefaultOptions()
	opt.TrimInset, opt.BleedInset = 23.5, 15
	pages := samplePages(t)
	out := write(t, pages, testMeta, opt)
	if err := pdfacheck.Check(out); err == nil || strings.Contains(err.Error(), "6.1.7") {
		t.Errorf("boxes broke the file's syntax: %v", err)
	}
	for i := range 20 {
		if again := write(t, pages, testMeta, opt); !bytes.Equal(out, again) {
			t.Fatalf("write %d differs: page boxes must be written in a fixed order", i+2)
		}
	}
	// Exactly one TrimBox and one BleedBox per page, in that order, and
	// no other page boxes.
	s := string(out)
	if n := strings.Count(s, "/TrimBox ["); n != len(pages) {
		t.Errorf("%d TrimBoxes for %d pages", n, len(pages))
	}
	if n := strings.Count(s, "/TrimBox [23.50 23.50 396.50 571.50]\n/BleedBox [15.00 15.00 405.00 580.00]\n"); n != 1 {
		t.Errorf("page 1's boxes written %d times", n)
	}
	if n := strings.Count(s, "/TrimBox [23.50 23.50 396.50 476.50]\n/BleedBox [15.00 15.00 405.00 485.00]\n"); n != 1 {
		t.Errorf("page 2's boxes written %d times", n)
	}
	for _, k := range []string{"/CropBox", "/ArtBox"} {
		if strings.Contains(s, k) {
			t.Errorf("%s written", k)
		}
	}
	// Boxes and PDF/A together.
	opt.PDFA = true
	if err := pdfacheck.Check(write(t, pages, testMeta, opt)); err != nil {
		t.Errorf("PDF/A with boxes: %v", err)
	}
	// No boxes unless asked for.
	if plain := write(t, pages, testMeta, DefaultOptions()); bytes.Contains(plain, []byte("/TrimBox")) || bytes.Contains(plain, []byte("/BleedBox")) {
		t.Error("page boxes written without TrimInset")
	}
}
