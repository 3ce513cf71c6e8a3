package pdfpage

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// makePDF returns a PDF file whose catalog is object 1, page tree object
// 2, and whose objects from 3 are objs (object 3 is the one page, with
// "/Parent 2 0 R" added). trailer is added to the trailer dictionary.
func makePDF(trailer string, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	all := append([]string{"<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [3 0 R] /Count 1>>"}, objs...)
	all[2] = strings.Replace(all[2], "<<", "<</Parent 2 0 R ", 1)
	var offs []int
	for i, o := range all {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(all)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(all)+1, trailer, x)
	return b.Bytes()
}

// stream returns a stream object with dictionary entries dict.
func stream(dict, content string) string {
	return fmt.Sprintf("<<%s /Length %d>>\nstream\n%s\nendstream", dict, len(content), content)
}

func read(t *testing.T, data []byte) *Form {
	t.Helper()
	f, err := Read(data, 1)
	if err != nil {
		t.Fatal(err)
	}
	checkForm(t, f)
	return f
}

// checkForm checks that every reference of f is a placeholder that points
// at one of its objects, and that every object but the form is referred
// to.
func checkForm(t *testing.T, f *Form) {
	t.Helper()
	used := map[int]bool{0: true}
	for i, o := range f.Objects {
		for _, r := range o.Refs {
			if r.To < 0 || r.To >= len(f.Objects) || r.At+RefWidth+4 > len(o.Data) {
				t.Fatalf("object %d: bad reference %+v", i, r)
			}
			if p := string(o.Data[r.At : r.At+RefWidth+4]); p != strings.Repeat(" ", RefWidth)+" 0 R" {
				t.Fatalf("object %d: placeholder %q", i, p)
			}
			used[r.To] = true
		}
	}
	if len(used) != len(f.Objects) {
		t.Errorf("%d objects, %d referred to", len(f.Objects), len(used))
	}
	if !bytes.HasPrefix(f.Objects[0].Data, []byte("<<")) || !bytes.Contains(f.Objects[0].Data, []byte("/Subtype /Form")) {
		t.Errorf("object 0 is not a form XObject: %.200s", f.Objects[0].Data)
	}
}

func body(f *Form, i int) string {
	return string(f.Objects[i].Body(func(to int) int { return to + 100 }))
}

// A plot made by pdflatex (PDF 1.5, object streams, Type 1 fonts) is read
// as a form with its fonts; the same file gives the same objects every
// time, whatever Go's map order.
func TestReadLaTeXFigure(t *testing.T) {
	for _, name := range []string{"plot.pdf", "cairo.pdf", "rot90.pdf"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		f := read(t, data)
		w, h := 223.5, 148.64
		if name == "rot90.pdf" {
			w, h = h, w
		}
		if abs(f.W-w) > 0.01 || abs(f.H-h) > 0.01 || f.Pages != 1 {
			t.Errorf("%s: %gx%g pt, %d pages; want %gx%g, 1", name, f.W, f.H, f.Pages, w, h)
		}
		fonts := 0
		for i := range f.Objects {
			if b := body(f, i); strings.Contains(b, "/Type /Font ") || strings.Contains(b, "/Type /Font>>") {
				fonts++
			}
		}
		if fonts != 2 {
			t.Errorf("%s: %d fonts, want CMR10 and CMMI10", name, fonts)
		}
		if len(f.PDFA) != 0 {
			t.Errorf("%s: PDF/A problems %q", name, f.PDFA)
		}
		// cairo gives its page a transparency group that nothing needs.
		if strings.Contains(body(f, 0), "/Group") {
			t.Errorf("%s: an unneeded transparency group is kept", name)
		}
		for range 5 {
			if g, _ := Read(data, 1); !reflect.DeepEqual(f, g) {
				t.Fatalf("%s: two reads differ", name)
			}
		}
	}
}

func abs(x float64) float64 { return max(x, -x) }

// The crop box, clipped to the media box, is the form's box; /Rotate
// turns it.
func TestBoxAndRotation(t *testing.T) {
	for _, c := range []struct {
		page   string
		w, h   float64
		matrix string
	}{
		{"<</Type /Page /MediaBox [0 0 200 100]>>", 200, 100, "/Matrix [1 0 0 1 0 0]"},
		{"<</Type /Page /MediaBox [10 20 210 120] /CropBox [0 30 100 300]>>", 90, 90, "/Matrix [1 0 0 1 -10 -30]"},
		{"<</Type /Page /MediaBox [0 0 200 100] /Rotate 90>>", 100, 200, "/Matrix [0 -1 1 0 0 200]"},
		{"<</Type /Page /MediaBox [0 0 200 100] /Rotate -90>>", 100, 200, "/Matrix [0 1 -1 0 100 0]"},
		{"<</Type /Page /MediaBox [0 0 200 100] /Rotate 180>>", 200, 100, "/Matrix [-1 0 0 -1 200 100]"},
	} {
		f := read(t, makePDF("", c.page))
		if b := body(f, 0); strings.Contains(c.page, "CropBox") && !strings.Contains(b, "/BBox [10 30 100 120]") {
			t.Errorf("%s: %s, want the crop box clipped to the media box", c.page, b)
		}
		if f.W != c.w || f.H != c.h || !strings.Contains(body(f, 0), c.matrix) {
			t.Errorf("%s: %gx%g, %s; want %gx%g, %s", c.page, f.W, f.H, body(f, 0), c.w, c.h, c.matrix)
		}
	}
	for _, page := range []string{"<</Type /Page /MediaBox [0 0 0 100]>>", "<</Type /Page /MediaBox [0 0 100 100] /CropBox [200 200 300 300]>>"} {
		if _, err := Read(makePDF("", page), 1); err == nil || !strings.Contains(err.Error(), "no size") {
			t.Errorf("%s: err %v, want no size", page, err)
		}
	}
}

// The page's content streams become the form's, and resources come along;
// a resource that refers to itself (a form drawing itself) is copied once.
func TestContentAndCycles(t *testing.T) {
	data := makePDF("",
		"<</Type /Page /MediaBox [0 0 100 100] /Contents [4 0 R 5 0 R] /Resources <</XObject <</X1 6 0 R>> /Font <</F1 7 0 R>>>>>>",
		stream("", "1 0 0 RG 0 0 m 100 100 l S"),
		stream("", "/X1 Do BT /F1 12 Tf (Hi) Tj ET"),
		stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources <</XObject <</Me 6 0 R>>>>", "0 0 1 1 re f"),
		"<</Type /Font /Subtype /Type3 /FontMatrix [0.001 0 0 0.001 0 0] /Parent 3 0 R /Missing 99 0 R>>",
	)
	f := read(t, data)
	if len(f.Objects) != 3 {
		t.Fatalf("%d objects, want the form, the inner form and the font", len(f.Objects))
	}
	// The form's content is both streams, joined.
	if !bytes.Contains(f.Objects[0].Data, []byte("/Filter /FlateDecode")) {
		t.Errorf("form: %s", body(f, 0))
	}
	// Resources in key order: the font, then the inner form.
	inner := body(f, 2)
	if !strings.Contains(inner, "/Me 102 0 R") || !strings.Contains(inner, "stream\n0 0 1 1 re f\nendstream") {
		t.Errorf("inner form: %s", inner)
	}
	font := body(f, 1)
	if strings.Contains(font, "/Parent") || !strings.Contains(font, "/Missing null") {
		t.Errorf("font: %s (no /Parent: the page tree is not copied; a reference to nothing is null)", font)
	}
	if !strings.HasPrefix(font, "<</FontMatrix [0.001 0 0 0.001 0 0] /Missing null /Subtype /Type3 /Type /Font>>") {
		t.Errorf("font: %s, want sorted keys", font)
	}
}

// What a PDF/A file as Quire writes it cannot hold is listed; a
// transparency group is kept only where something is transparent.
func TestPDFAProblems(t *testing.T) {
	page := func(content, res string) []byte {
		return makePDF("", "<</Type /Page /MediaBox [0 0 10 10] /Group <</S /Transparency /CS /DeviceRGB>> /Contents 4 0 R /Resources <<"+res+">>>>", stream("", content))
	}
	for _, c := range []struct {
		data  []byte
		want  string
		group bool
	}{
		{page("0 0 1 rg 0 0 5 5 re f (k K) Tj <6b> Tj % k\n", ""), "", false},
		{page("0 0 0 1 k 0 0 5 5 re f", ""), "it uses CMYK colour", false},
		{page("/DeviceCMYK cs 0 0 0 1 sc", ""), "it uses CMYK colour", false},
		{page("BI /W 1 /H 1 /CS /G /BPC 8 ID k EI 0 g", ""), "", false},
		{page("/GS1 gs", "/ExtGState <</GS1 <</ca 0.5>>>>"), "it uses transparency", true},
		{page("/GS1 gs", "/ExtGState <</GS1 <</BM /Multiply>>>>"), "it uses transparency", true},
		{page("/GS1 gs", "/ExtGState <</GS1 <</SMask /None /CA 1>>>>"), "", false},
		{page("BT /F1 9 Tf (a) Tj ET", "/Font <</F1 <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>>>"), "its font Helvetica is not embedded", false},
		{page("", "/ColorSpace <</C0 /DeviceCMYK>>"), "it uses CMYK colour", false},
	} {
		f := read(t, c.data)
		if got := strings.Join(f.PDFA, "; "); got != c.want {
			t.Errorf("%s: PDF/A problems %q, want %q", c.data, got, c.want)
		}
		if got := strings.Contains(body(f, 0), "/Group"); got != c.group {
			t.Errorf("%s: group kept %v, want %v", c.data, got, c.group)
		}
	}
}

// Files that are not figures Quire can draw say why.
func TestReadErrors(t *testing.T) {
	plain := "<</Type /Page /MediaBox [0 0 10 10]>>"
	for _, c := range []struct {
		data []byte
		page int
		want string
	}{
		{[]byte("GIF89a not a pdf"), 1, "could not be read"},
		{makePDF("", plain)[:30], 1, "could not be read"},
		{makePDF("", plain), 2, "has 1 pages, not 2"},
		{makePDF("/Encrypt 4 0 R /ID [<0123> <0123>]", plain, "<</Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -4>>"), 1, "encrypted"},
		{makePDF("", "<</Type /Page /MediaBox [0 0 10 10] /Resources <</XObject <</X 4 0 R>>>>>>", "<</Type /XObject /Subtype /Form /F (other.pdf) /Length 0>>\nstream\n\nendstream"), 1, "another file"},
	} {
		_, err := Read(c.data, c.page)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%.60q page %d: err %v, want %q", c.data, c.page, err, c.want)
		}
	}
}

func TestBody(t *testing.T) {
	o := Object{Data: []byte("[" + strings.Repeat(" ", RefWidth) + " 0 R " + strings.Repeat(" ", RefWidth) + " 0 R]"), Refs: []Ref{{1, 0}, {1 + RefWidth + 5, 1}}}
	if got := string(o.Body(func(to int) int { return 7 + to })); got != "[7 0 R 8 0 R]" {
		t.Errorf("Body = %q", got)
	}
}

// Read never panics, and what it returns is a well-formed form.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"plot.pdf", "cairo.pdf"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(makePDF("", "<</Type /Page /MediaBox [0 0 10 10] /Contents 4 0 R /Resources <</XObject <</X 5 0 R>>>>>>", stream("", "/X Do"), stream("/Subtype /Form /Resources <</XObject <</X 5 0 R>>>>", "/X Do")))
	f.Fuzz(func(t *testing.T, data []byte) {
		form, err := Read(data, 1)
		if err != nil {
			return
		}
		checkForm(t, form)
		if !(form.W > 0 && form.H > 0) {
			t.Fatalf("size %gx%g", form.W, form.H)
		}
	})
}
