package pdfacheck

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/pdf"
)

// pdfFile is an uncompressed PDF as fpdf and Quire write it (a classic
// cross-reference table, no object streams), cut into its objects so that
// a test can change one and write the file again with correct offsets, a
// correct /Size and the /ID Quire would give it. It lets each test below
// break exactly one clause.
type pdfFile struct {
	header  []byte
	objs    []*object // in file order
	trailer []byte    // "trailer\n<<...>>\n", without the /ID line
}

type object struct {
	num  int
	body []byte // "N 0 obj\n...endobj\n"
}

var idLine = regexp.MustCompile(`(?m)^/ID \[<[0-9a-fA-F]*> <[0-9a-fA-F]*>\]\n`)

func parsePDF(t *testing.T, b []byte) *pdfFile {
	t.Helper()
	i := bytes.LastIndex(b, []byte("startxref\n"))
	x, err := strconv.Atoi(strings.Fields(string(b[i+len("startxref\n"):]))[0])
	if err != nil {
		t.Fatal(err)
	}
	tr := bytes.Index(b[x:], []byte("trailer\n"))
	lines := strings.Split(string(b[x:x+tr]), "\n")
	type ent struct{ num, off int }
	var ents []ent
	for n, l := range lines[2:] {
		if len(l) == 19 && l[17] == 'n' {
			off, _ := strconv.Atoi(l[:10])
			ents = append(ents, ent{n, off})
		}
	}
	slices.SortFunc(ents, func(a, b ent) int { return a.off - b.off })
	f := &pdfFile{header: b[:ents[0].off], trailer: idLine.ReplaceAll(b[x+tr:i], nil)}
	for k, e := range ents {
		end := x
		if k+1 < len(ents) {
			end = ents[k+1].off
		}
		if !bytes.HasPrefix(b[e.off:], fmt.Appendf(nil, "%d 0 obj", e.num)) {
			t.Fatalf("object %d is not at %d", e.num, e.off)
		}
		f.objs = append(f.objs, &object{e.num, slices.Clone(b[e.off:end])})
	}
	return f
}

// bytes writes the file; id is "md5" for Quire's identifier, "" for none,
// or the literal contents of the /ID array.
func (f *pdfFile) bytes(id string) []byte {
	out := slices.Clone(f.header)
	size := 0
	offs := map[int]int{}
	for _, o := range f.objs {
		offs[o.num] = len(out)
		out = append(out, o.body...)
		size = max(size, o.num+1)
	}
	x := len(out)
	out = fmt.Appendf(out, "xref\n0 %d\n", size)
	for n := range size {
		if off, ok := offs[n]; ok {
			out = fmt.Appendf(out, "%010d 00000 n \n", off)
		} else {
			out = append(out, "0000000000 65535 f \n"...)
		}
	}
	tr := regexp.MustCompile(`/Size \d+`).ReplaceAll(f.trailer, fmt.Appendf(nil, "/Size %d", size))
	out = append(out, tr...)
	out = fmt.Appendf(out, "startxref\n%d\n%%%%EOF\n", x)
	if id == "" {
		return out
	}
	at := bytes.LastIndex(out, []byte("trailer\n<<\n")) + len("trailer\n<<\n")
	if id == "md5" {
		sum := md5.Sum(out)
		h := hex.EncodeToString(sum[:])
		id = "<" + h + "> <" + h + ">"
	}
	return slices.Concat(out[:at], []byte("/ID ["+id+"]\n"), out[at:])
}

// find returns the first object whose body matches re.
func (f *pdfFile) find(t *testing.T, re string) *object {
	t.Helper()
	r := regexp.MustCompile(re)
	for _, o := range f.objs {
		if r.Match(o.body) {
			return o
		}
	}
	t.Fatalf("no object matches %s", re)
	return nil
}

// replace replaces the first match of re in o's body by repl.
func (o *object) replace(t *testing.T, re, repl string) {
	t.Helper()
	r := regexp.MustCompile(re)
	loc := r.FindIndex(o.body)
	if loc == nil {
		t.Fatalf("object %d: no match for %s in\n%s", o.num, re, head(o.body))
	}
	o.body = slices.Concat(o.body[:loc[0]], r.Expand(nil, []byte(repl), o.body, r.FindSubmatchIndex(o.body)), o.body[loc[1]:])
}

// setStream replaces o's stream data, and its /Length.
func (o *object) setStream(t *testing.T, data []byte) {
	t.Helper()
	s := bytes.Index(o.body, []byte("stream\n"))
	e := bytes.LastIndex(o.body, []byte("\nendstream"))
	if s < 0 || e < s {
		t.Fatalf("object %d has no stream", o.num)
	}
	dict := regexp.MustCompile(`/Length \d+`).ReplaceAll(o.body[:s], fmt.Appendf(nil, "/Length %d", len(data)))
	o.body = slices.Concat(dict, []byte("stream\n"), data, o.body[e:])
}

func (o *object) stream() []byte {
	s := bytes.Index(o.body, []byte("stream\n")) + len("stream\n")
	return o.body[s:bytes.LastIndex(o.body, []byte("\nendstream"))]
}

// add appends an object with the given dictionary (and stream) and
// returns its number.
func (f *pdfFile) add(dict string, stream []byte) int {
	n := 0
	for _, o := range f.objs {
		n = max(n, o.num+1)
	}
	body := fmt.Appendf(nil, "%d 0 obj\n%s\n", n, dict)
	if stream != nil {
		body = fmt.Appendf(nil, "%d 0 obj\n<<%s /Length %d>>\nstream\n%s\nendstream\n", n, dict, len(stream), stream)
	}
	f.objs = append(f.objs, &object{n, append(body, "endobj\n"...)})
	return n
}

func head(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

func opaquePNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for y := range 8 {
		for x := range 8 {
			img.Set(x, y, color.RGBA{uint8(30 * x), 100, uint8(30 * y), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// archival writes, uncompressed, a PDF/A-2b file with what the clauses
// are about: text in three faces, an image, a link to a page and one to
// the web, and an outline.
func archival(t *testing.T) []byte {
	t.Helper()
	p1 := &draw.Page{Width: 300, Height: 400, Items: []draw.Item{
		&draw.Bookmark{Title: "One", Y: 20},
		&draw.Text{X: 30, Y: 40, Face: font.Serif, Size: 11, S: "Serif text"},
		&draw.Text{X: 30, Y: 60, Face: font.SansBold, Size: 11, S: "Sans bold"},
		&draw.Text{X: 30, Y: 80, Face: font.Mono, Size: 10, S: "mono"},
		&draw.Image{X: 30, Y: 100, W: 40, H: 40, Key: "img", Data: opaquePNG(t), Format: "png"},
		&draw.Link{X: 30, Y: 150, W: 60, H: 12, Dest: "two"},
		&draw.Link{X: 30, Y: 170, W: 60, H: 12, URL: "https://example.org/"},
	}}
	p2 := &draw.Page{Width: 300, Height: 400, Items: []draw.Item{
		&draw.Anchor{Name: "two", Y: 20},
		&draw.Bookmark{Title: "Two", Y: 20},
		&draw.Text{X: 30, Y: 40, Face: font.Serif, Size: 11, S: "Page two"},
	}}
	meta := pdf.Meta{Title: "Clauses", Authors: []string{"A. Tester"}, Subject: "PDF/A", Keywords: []string{"a", "b"},
		Lang: "en", Date: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	var b bytes.Buffer
	if err := pdf.Write(&b, []*draw.Page{p1, p2}, meta, pdf.Options{PDFA: true}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// clausesFailed returns the clauses Check reports for b, each once.
func clausesFailed(b []byte) ([]string, error) {
	err := Check(b)
	if err == nil {
		return nil, nil
	}
	var ids []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if rest, ok := strings.CutPrefix(line, "PDF/A-2b "); ok {
			id, _, _ := strings.Cut(rest, ":")
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids, err
}

func TestArchivalBaseline(t *testing.T) {
	b := archival(t)
	if err := Check(b); err != nil {
		t.Fatalf("the unbroken file fails:\n%v", err)
	}
	// The editor is faithful: cutting the file up and writing it again
	// gives the same bytes.
	if again := parsePDF(t, b).bytes("md5"); !bytes.Equal(again, b) {
		t.Fatalf("parse and write changed the file (%d bytes, now %d)", len(b), len(again))
	}
}

func deflate(b []byte) []byte {
	var out bytes.Buffer
	w := zlib.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// breaks lists, for each clause Check knows, edits of the archival file
// that break that clause and no other.
var breaks = []struct {
	clause, name string
	edit         func(t *testing.T, f *pdfFile)
	id           string   // the trailer /ID: "md5" (Quire's) unless set
	also         []string // clauses that must fail too, where no file can break one alone
}{
	{clause: "6.1.2", name: "header comment of plain ASCII", edit: func(t *testing.T, f *pdfFile) {
		f.header = []byte("%PDF-1.4\n%abcd\n")
	}},
	{clause: "6.1.2", name: "header comment with two high bytes", edit: func(t *testing.T, f *pdfFile) {
		f.header = []byte("%PDF-1.4\n%\xc2\xb5ab\n")
	}},
	{clause: "6.1.2", name: "no comment after the header", edit: func(t *testing.T, f *pdfFile) {
		f.header = []byte("%PDF-1.4\n")
	}},
	{clause: "6.1.3", name: "no /ID", id: "none"},
	{clause: "6.1.3", name: "/ID not the MD5 of the file", id: "<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>"},
	{clause: "6.1.3", name: "two different /ID strings", id: "mismatch"},
	{clause: "6.1.7", name: "an external stream filter /FFilter", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Metadata`).replace(t, `/Subtype /XML`, "/Subtype /XML /FFilter /FlateDecode")
	}},
	{clause: "6.1.7", name: "external stream parameters /FDecodeParms", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Metadata`).replace(t, `/Subtype /XML`, "/Subtype /XML /FDecodeParms <<>>")
	}},
	{clause: "6.1.7", name: "a page without its required /Parent", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Page\n`).replace(t, `/Parent 1 0 R\n`, "")
	}},
	{clause: "6.2.3", name: "output intent for PDF/X", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Catalog`).replace(t, `/S /GTS_PDFA1`, "/S /GTS_PDFX")
	}},
	{clause: "6.2.3", name: "no output intent", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Catalog`).replace(t, `/OutputIntents \[.*\]\n`, "")
	}},
	{clause: "6.2.3", name: "two output intents", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Catalog`).replace(t, `/OutputIntents \[(<<.*>>)\]`, "/OutputIntents [$1 $1]")
	}},
	{clause: "6.2.3", name: "an ICC profile declared with four components", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `^\d+ 0 obj\n<</N 3 `).replace(t, `/N 3`, "/N 4")
	}},
	{clause: "6.2.3", name: "a profile that is not ICC", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `^\d+ 0 obj\n<</N 3 `)
		o.setStream(t, bytes.Repeat([]byte("not a profile "), 20))
	}},
	{clause: "6.2.4.3", name: "CMYK fill colour in a page", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `^6 0 obj`)
		o.setStream(t, append([]byte("0 0 0 1 k\n"), o.stream()...))
	}},
	{clause: "6.2.4.3", name: "CMYK stroke colour in a page", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `^6 0 obj`)
		o.setStream(t, append(slices.Clone(o.stream()), "\n0.5 0 0 0 K"...))
	}},
	{clause: "6.2.8.1", name: "an image with /Interpolate true", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Subtype /Image`).replace(t, `/Subtype /Image\n`, "/Subtype /Image\n/Interpolate true\n")
	}},
	{clause: "6.2.8.1", name: "an image with /Alternates", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Subtype /Image`).replace(t, `/Subtype /Image\n`, "/Subtype /Image\n/Alternates []\n")
	}},
	{clause: "6.2.9.1", name: "an image with /OPI", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Subtype /Image`).replace(t, `/Subtype /Image\n`, "/Subtype /Image\n/OPI <</2.0 <</Type /OPI /Version 2.0 /F (hi-res.tif)>>>>\n")
	}},
	{clause: "6.2.10", name: "an image with a soft mask", edit: func(t *testing.T, f *pdfFile) {
		m := f.add("/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8", bytes.Repeat([]byte{0x80}, 64))
		f.find(t, `/Subtype /Image\n/Width 8`).replace(t, `/Subtype /Image\n`, fmt.Sprintf("/Subtype /Image\n/SMask %d 0 R\n", m))
	}},
	{clause: "6.2.10", name: "constant alpha below 1", edit: func(t *testing.T, f *pdfFile) {
		gs := f.add("<</Type /ExtGState /ca 0.5>>", nil)
		f.find(t, `/ProcSet \[`).replace(t, `/ColorSpace <<`, fmt.Sprintf("/ExtGState << /GS1 %d 0 R >>\n/ColorSpace <<", gs))
	}},
	{clause: "6.2.10", name: "a blend mode other than Normal", edit: func(t *testing.T, f *pdfFile) {
		gs := f.add("<</Type /ExtGState /BM /Multiply>>", nil)
		f.find(t, `/ProcSet \[`).replace(t, `/ColorSpace <<`, fmt.Sprintf("/ExtGState << /GS1 %d 0 R >>\n/ColorSpace <<", gs))
	}},
	{clause: "6.2.10", name: "a page transparency group", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `^5 0 obj`).replace(t, `/Type /Page\n`, "/Type /Page\n/Group <</S /Transparency /CS /DeviceRGB>>\n")
	}},
	{clause: "6.2.11.3.2", name: "a CID TrueType font without /CIDToGIDMap", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Subtype /CIDFontType2`).replace(t, `\n/CIDToGIDMap \d+ 0 R`, "")
	}},
	{clause: "6.2.11.4.1", name: "a font not embedded", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /FontDescriptor`).replace(t, `/FontFile2 \d+ 0 R`, "")
	}},
	{clause: "6.2.11.4.1", name: "a standard font, without a descriptor", edit: func(t *testing.T, f *pdfFile) {
		hv := f.add("<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>", nil)
		f.find(t, `/ProcSet \[`).replace(t, `/Font <<\n`, fmt.Sprintf("/Font <<\n/FH %d 0 R\n", hv))
		o := f.find(t, `^6 0 obj`)
		o.setStream(t, append(slices.Clone(o.stream()), "\nBT /FH 10 Tf 20 20 Td (Helvetica) Tj ET"...))
	}},
	{clause: "6.3.2", name: "a hidden link", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Subtype /Link`).replace(t, `/F 4 `, "/F 6 ")
	}},
	{clause: "6.3.2", name: "a link that is not printed", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Subtype /Link`).replace(t, `/F 4 `, "/F 0 ")
	}},
	{clause: "6.3.2", name: "a link without /F", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Subtype /Link`).replace(t, `/F 4 `, "")
	}},
	{clause: "6.3.2", name: "a text annotation", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Subtype /Link`).replace(t, `/Subtype /Link`, "/Subtype /Text")
	}},
	{clause: "6.5.1", name: "a JavaScript action", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /URI`).replace(t, `/A <</S /URI /URI \([^)]*\)>>`, "/A <</S /JavaScript /JS (app.alert\\(1\\))>>")
	}},
	{clause: "6.5.1", name: "a Launch action", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /URI`).replace(t, `/A <</S /URI /URI \([^)]*\)>>`, "/A <</S /Launch /F (calc.exe)>>")
	}},
	{clause: "6.5.1", name: "a named action", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/S /URI`).replace(t, `/A <</S /URI /URI \([^)]*\)>>`, "/A <</S /Named /N /NextPage>>")
	}},
	{clause: "6.5.1", name: "document JavaScript in the name tree", edit: func(t *testing.T, f *pdfFile) {
		js := f.add("<</S /JavaScript /JS (1)>>", nil)
		f.find(t, `/Type /Catalog`).replace(t, `/Pages 1 0 R\n`, fmt.Sprintf("/Pages 1 0 R\n/Names <</JavaScript <</Names [(a) %d 0 R]>>>>\n", js))
	}},
	{clause: "6.5.2", name: "additional actions on a page", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `^5 0 obj`).replace(t, `/Type /Page\n`, "/Type /Page\n/AA <</O <</S /URI /URI (https://example.org/)>>>>\n")
	}},
	{clause: "6.5.2", name: "additional actions on the catalog", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Catalog`).replace(t, `/Pages 1 0 R\n`, "/Pages 1 0 R\n/AA <</WC <</S /URI /URI (https://example.org/)>>>>\n")
	}},
	{clause: "6.6.2.1", name: "no metadata", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Type /Catalog`).replace(t, `/Metadata \d+ 0 R\n`, "")
	}},
	{clause: "6.6.2.1", name: "compressed metadata", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `/Type /Metadata`)
		o.setStream(t, deflate(o.stream()))
		o.replace(t, `/Subtype /XML`, "/Subtype /XML /Filter /FlateDecode")
	}},
	// pdfcpu's strict validation (6.1.7) parses the XMP too.
	{clause: "6.6.2.1", name: "metadata that is not well-formed XML", also: []string{"6.1.7"}, edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `/Type /Metadata`)
		o.setStream(t, bytes.Replace(o.stream(), []byte("</rdf:RDF>"), []byte("</rdf:RDFX>"), 1))
	}},
	{clause: "6.6.4", name: "XMP claiming part 3", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `/Type /Metadata`)
		o.setStream(t, replaceXMP(t, o.stream(), "<pdfaid:part>2</pdfaid:part>", "<pdfaid:part>3</pdfaid:part>"))
	}},
	{clause: "6.6.4", name: "XMP claiming conformance A", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `/Type /Metadata`)
		o.setStream(t, replaceXMP(t, o.stream(), "<pdfaid:conformance>B</pdfaid:conformance>", "<pdfaid:conformance>A</pdfaid:conformance>"))
	}},
	{clause: "Info=XMP", name: "a title the XMP does not give", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Producer`).replace(t, `/Title \([^)]*\)`, "/Title (Another title)")
	}},
	{clause: "Info=XMP", name: "an author the XMP does not give", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Producer`).replace(t, `/Author \([^)]*\)`, "/Author (B. Other)")
	}},
	{clause: "Info=XMP", name: "a modification date the XMP does not give", edit: func(t *testing.T, f *pdfFile) {
		f.find(t, `/Producer`).replace(t, `/ModDate \([^)]*\)`, "/ModDate (D:20250102030406Z00'00')")
	}},
	{clause: "Info=XMP", name: "an Info /Subject without dc:description", edit: func(t *testing.T, f *pdfFile) {
		o := f.find(t, `/Type /Metadata`)
		x := o.stream()
		i, j := bytes.Index(x, []byte("<dc:description>")), bytes.Index(x, []byte("</dc:description>"))
		if i < 0 || j < i {
			t.Fatal("no dc:description in the XMP")
		}
		o.setStream(t, slices.Concat(x[:i], x[j+len("</dc:description>"):]))
	}},
	{clause: "6.8", name: "an embedded file", edit: func(t *testing.T, f *pdfFile) {
		ef := f.add("/Type /EmbeddedFile", []byte("hello"))
		spec := f.add(fmt.Sprintf("<</Type /Filespec /F (a.txt) /EF <</F %d 0 R>>>>", ef), nil)
		f.find(t, `/Type /Catalog`).replace(t, `/Pages 1 0 R\n`, fmt.Sprintf("/Pages 1 0 R\n/Names <</EmbeddedFiles <</Names [(a.txt) %d 0 R]>>>>\n", spec))
	}},
	{clause: "6.9", name: "optional content", edit: func(t *testing.T, f *pdfFile) {
		ocg := f.add("<</Type /OCG /Name (Layer)>>", nil)
		f.find(t, `/Type /Catalog`).replace(t, `/Pages 1 0 R\n`, fmt.Sprintf("/Pages 1 0 R\n/OCProperties <</OCGs [%d 0 R] /D <</Order [%d 0 R]>>>>\n", ocg, ocg))
	}},
}

// replaceXMP replaces old by repl in an XMP packet, keeping its length
// (the packet's padding absorbs the difference).
func replaceXMP(t *testing.T, x []byte, old, repl string) []byte {
	t.Helper()
	if !bytes.Contains(x, []byte(old)) {
		t.Fatalf("XMP lacks %s", old)
	}
	return bytes.Replace(x, []byte(old), []byte(repl), 1)
}

// TestEachClauseRejects breaks each clause of Clauses in a file that
// passes them all, one way after another, and checks that Check reports
// that clause and no other.
func TestEachClauseRejects(t *testing.T) {
	base := archival(t)
	covered := map[string]bool{}
	for _, bc := range breaks {
		t.Run(bc.clause+" "+bc.name, func(t *testing.T) {
			f := parsePDF(t, base)
			if bc.edit != nil {
				bc.edit(t, f)
			}
			var b []byte
			switch bc.id {
			case "":
				b = f.bytes("md5")
			case "none":
				b = f.bytes("")
			case "mismatch":
				good := f.bytes("md5")
				m := idLine.Find(good)
				h := string(m[6:38])
				b = f.bytes("<" + h + "> <" + strings.Repeat("0", 32) + ">")
			default:
				b = f.bytes(bc.id)
			}
			got, err := clausesFailed(b)
			want := append([]string{bc.clause}, bc.also...)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("clauses failed: %v, want exactly %v\n%v", got, want, err)
			}
			if len(bc.also) == 0 {
				covered[bc.clause] = true
			}
		})
	}
	for _, c := range Clauses {
		if !covered[c.ID] {
			t.Errorf("no file breaking clause %s alone was rejected", c.ID)
		}
	}
}
