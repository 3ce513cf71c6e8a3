package pdf

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"quire/internal/draw"
	"quire/internal/font"
)

// figurePDF returns a one-page PDF, written by Write, with a line of text
// and a filled square: a vector figure.
func figurePDF(t *testing.T, label string) []byte {
	t.Helper()
	green := draw.Color{G: 0.6}
	return write(t, []*draw.Page{{Width: 200, Height: 100, Items: []draw.Item{
		&draw.Text{X: 10, Y: 30, Face: font.Sans, Size: 12, S: label},
		draw.Rect(10, 50, 40, 40, &green, nil, 0),
	}}}, Meta{}, DefaultOptions())
}

// PDF figures are embedded as form XObjects, their text and paths kept
// as vectors; two figures, one used twice, give byte-identical files
// whatever order fpdf writes the imported objects in.
func TestPDFFigures(t *testing.T) {
	a, b := figurePDF(t, "Figure alpha"), figurePDF(t, "Figure beta")
	pages := []*draw.Page{
		{Width: 400, Height: 500, Items: []draw.Item{
			&draw.Text{X: 50, Y: 40, Face: font.Serif, Size: 11, S: "Body text."},
			&draw.Image{X: 50, Y: 60, W: 200, H: 100, Key: "fig-a", Data: a, Format: "pdf"},
			&draw.Image{X: 50, Y: 200, W: 100, H: 50, Key: "fig-b", Data: b, Format: "pdf"},
		}},
		{Width: 400, Height: 500, Items: []draw.Item{
			&draw.Image{X: 50, Y: 60, W: 300, H: 150, Key: "fig-a-again", Data: a, Format: "pdf"},
			&draw.Image{X: 50, Y: 300, W: 30, H: 20, Key: "png", Data: pngData(t, 8, 8, color.RGBA{200, 0, 0, 255}), Format: "png"},
		}},
	}
	for _, opt := range []Options{DefaultOptions(), {}, {Compress: true, PDFA: true}} {
		first := write(t, pages, testMeta, opt)
		if os.Getenv("QUIRE_PDF_SAMPLE") != "" {
			os.WriteFile(filepath.Join(os.Getenv("QUIRE_PDF_SAMPLE")+fmt.Sprintf("-forms-%v.pdf", opt.Compress)), first, 0o644)
		}
		for range 8 {
			if again := write(t, pages, testMeta, opt); !bytes.Equal(first, again) {
				t.Fatalf("%+v: output differs between runs", opt)
			}
		}
		if err := api.Validate(bytes.NewReader(first), strictConf()); err != nil {
			t.Fatalf("%+v: strict validation: %v", opt, err)
		}
		ctx, err := api.ReadContext(bytes.NewReader(first), strictConf())
		if err != nil {
			t.Fatal(err)
		}
		if err := ctx.EnsurePageCount(); err != nil {
			t.Fatal(err)
		}
		// Both pages name the figures in their resources; each is a
		// form, whose text is in its own content, in its own font.
		var texts []string
		for p := 1; p <= 2; p++ {
			d, _, inh, err := ctx.PageDict(p, false)
			if err != nil {
				t.Fatal(err)
			}
			content, err := ctx.PageContent(d, p)
			if err != nil {
				t.Fatal(err)
			}
			uses := regexp.MustCompile(`/QF\d+ Do`).FindAll(content, -1)
			if want := []int{2, 1}[p-1]; len(uses) != want {
				t.Errorf("%+v: page %d draws %d figures, want %d", opt, p, len(uses), want)
			}
			xo := inh.Resources.DictEntry("XObject")
			for _, name := range []string{"QF1", "QF2"} {
				sd, _, err := ctx.DereferenceStreamDict(xo[name])
				if err != nil || sd == nil {
					t.Fatalf("%+v: page %d: %s: %v", opt, p, name, err)
				}
				if sub := sd.Dict.NameEntry("Subtype"); sub == nil || *sub != "Form" {
					t.Errorf("%s is not a form: %v", name, sd.Dict)
				}
				if p == 1 {
					if err := sd.Decode(); err != nil {
						t.Fatal(err)
					}
					texts = append(texts, string(sd.Content))
					fonts := sd.Dict.DictEntry("Resources").DictEntry("Font")
					if len(fonts) != 1 {
						t.Errorf("%s: fonts %v", name, fonts)
					}
				}
			}
		}
		// The first figure drawn is QF1: the order is the order of use.
		utf16 := func(s string) string { return "\x00" + strings.Join(strings.Split(s, ""), "\x00") }
		if len(texts) != 2 || !strings.Contains(texts[0], utf16("alpha")) || !strings.Contains(texts[1], utf16("beta")) || !strings.Contains(texts[0], "\nf\n") {
			t.Errorf("figure contents: %q", texts)
		}
	}
}

// A figure that is not a PDF fpdf can take is an error, not a panic.
func TestPDFFigureBroken(t *testing.T) {
	pages := []*draw.Page{{Width: 100, Height: 100, Items: []draw.Item{
		&draw.Image{X: 0, Y: 0, W: 50, H: 50, Key: "bad", Data: []byte("%PDF-1.4 nothing"), Format: "pdf"},
	}}}
	var buf bytes.Buffer
	err := Write(&buf, pages, Meta{}, DefaultOptions())
	if err == nil || !strings.Contains(err.Error(), `figure "bad"`) {
		t.Errorf("err = %v", err)
	}
}
