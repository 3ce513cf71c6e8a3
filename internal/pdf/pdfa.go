package pdf

import (
	"bytes"
	_ "embed"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // decoders for flattenImages
	"image/png"
	"regexp"
	"slices"
	"time"

	qdraw "quire/internal/draw"
)

// PDF/A-2b ("archival", ISO 19005-2, level B) asks for what fpdf does not
// write by itself. Quire adds it after rendering (finish) and, for images
// with transparency, before (flattenImages):
//
//   - an output intent (GTS_PDFA1) with the sRGB ICC profile, since all
//     colour is DeviceRGB or DeviceGray;
//   - XMP metadata with pdfaid:part 2 and pdfaid:conformance B, saying in
//     the same words what the Info dictionary says (one dc:creator entry,
//     equal to the Info /Author);
//   - a trailer /ID, the MD5 of the file without it, so that identical
//     builds stay byte-identical;
//   - no transparency: images with an alpha channel are composited on
//     white before they are embedded, so no /SMask is written, and PNGs
//     of 16 bits per component are reduced to 8, since fpdf would give
//     every page a transparency group for them.
//
// Everything else PDF/A-2b requires, fpdf and fix already do: fonts
// embedded as TrueType subsets, link annotations with the print flag set,
// uncompressed metadata, no encryption, actions other than GoTo and URI,
// or embedded files. The README lists each clause and the test that
// checks it (pdfa_test.go).

//go:embed icc/sRGB2014.icc
var sRGB []byte

// flattenImages returns pages whose raster images have no transparency:
// each image with an alpha channel (or a transparent palette entry) is
// composited on white and re-encoded as an opaque PNG. Pages without such
// images are returned as they are; the input is never modified.
func flattenImages(pages []*qdraw.Page) ([]*qdraw.Page, error) {
	done := map[string]*qdraw.Image{}
	out := pages
	copied := false
	for pi, p := range pages {
		var items []qdraw.Item
		for ii, it := range p.Items {
			im, ok := it.(*qdraw.Image)
			if !ok {
				continue
			}
			key := im.Key + "\x00" + string(im.Data[:min(len(im.Data), 64)])
			flat, seen := done[key]
			if !seen {
				var err error
				if flat, err = flatten(im); err != nil {
					return nil, fmt.Errorf("pdf: page %d: image %q: %v", pi+1, im.Key, err)
				}
				if im.Key != "" {
					done[key] = flat
				}
			}
			if flat == im {
				continue
			}
			if !copied {
				out = slices.Clone(pages)
				copied = true
			}
			if items == nil {
				items = slices.Clone(p.Items)
				q := *p
				q.Items = items
				out[pi] = &q
			}
			items[ii] = flat
		}
	}
	return out, nil
}

// flatten returns im itself if it is an opaque PNG of at most 8 bits per
// component (or a JPEG), else an opaque 8-bit copy.
func flatten(im *qdraw.Image) (*qdraw.Image, error) {
	if im.Format != "png" {
		return im, nil // JPEG has no alpha channel
	}
	src, err := png.Decode(bytes.NewReader(im.Data))
	if err != nil {
		return nil, err
	}
	// fpdf raises the PDF version to 1.5 for a PNG of 16 bits per
	// component, and then gives every page a transparency group: such
	// images are re-encoded with 8 bits too.
	deep := len(im.Data) > 24 && im.Data[24] > 8
	if o, ok := src.(interface{ Opaque() bool }); ok && o.Opaque() && !deep {
		return im, nil
	}
	b := src.Bounds()
	dst := image.NewRGBA(b)
	draw.Draw(dst, b, image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, b, src, b.Min, draw.Over)
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return nil, err
	}
	c := *im
	c.Data = buf.Bytes()
	if c.Key != "" {
		c.Key += "#opaque"
	}
	return &c, nil
}

// pdfaXMP returns the XMP packet of an archival file: the packet xmp
// writes, with the PDF/A identification of opt's level (and PDF/UA's, if
// opt asks for it, described by an extension schema as PDF/A wants for a
// schema it does not know) added and dc:creator reduced to one entry
// equal to the Info dictionary's /Author.
func pdfaXMP(m Meta, date time.Time, opt Options) []byte {
	one := m
	if len(m.Authors) > 1 {
		one.Authors = []string{joinAuthors(m.Authors)}
	}
	part, conf := opt.pdfaLevel()
	id := fmt.Sprintf("  <rdf:Description rdf:about=\"\"\n"+
		"    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"+
		"   <pdfaid:part>%d</pdfaid:part>\n"+
		"   <pdfaid:conformance>%c</pdfaid:conformance>\n"+
		"  </rdf:Description>\n", part, conf)
	if opt.PDFUA && opt.Tagged {
		id += uaID + uaExtension
	}
	return addToXMP(xmp(one, date), id)
}

// uaID is PDF/UA-1's identification in XMP (ISO 14289-1, 5).
const uaID = "  <rdf:Description rdf:about=\"\"\n" +
	"    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n" +
	"   <pdfuaid:part>1</pdfuaid:part>\n" +
	"  </rdf:Description>\n"

// uaExtension describes the pdfuaid schema for PDF/A, which accepts in
// XMP only the schemas it lists and those a file describes (ISO 19005-1
// 6.7.8, ISO 19005-2 6.6.2.3).
const uaExtension = "  <rdf:Description rdf:about=\"\"\n" +
	"    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n" +
	"    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n" +
	"    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n" +
	"   <pdfaExtension:schemas>\n" +
	"    <rdf:Bag>\n" +
	"     <rdf:li rdf:parseType=\"Resource\">\n" +
	"      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n" +
	"      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n" +
	"      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n" +
	"      <pdfaSchema:property>\n" +
	"       <rdf:Seq>\n" +
	"        <rdf:li rdf:parseType=\"Resource\">\n" +
	"         <pdfaProperty:name>part</pdfaProperty:name>\n" +
	"         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n" +
	"         <pdfaProperty:category>internal</pdfaProperty:category>\n" +
	"         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n" +
	"        </rdf:li>\n" +
	"       </rdf:Seq>\n" +
	"      </pdfaSchema:property>\n" +
	"     </rdf:li>\n" +
	"    </rdf:Bag>\n" +
	"   </pdfaExtension:schemas>\n" +
	"  </rdf:Description>\n"

// uaXMP returns the XMP packet of a tagged file that is not archival,
// with PDF/UA's identification if opt asks for it.
func uaXMP(m Meta, date time.Time, opt Options) []byte {
	x := xmp(m, date)
	if opt.PDFUA && opt.Tagged {
		return addToXMP(x, uaID)
	}
	return x
}

// addToXMP inserts descriptions at the end of an XMP packet's rdf:RDF.
func addToXMP(x []byte, descriptions string) []byte {
	end := []byte(" </rdf:RDF>")
	i := bytes.Index(x, end)
	if i < 0 {
		panic("pdf: XMP packet without rdf:RDF")
	}
	return slices.Concat(x[:i], []byte(descriptions), x[i:])
}

// joinAuthors is the Info dictionary's /Author for authors.
func joinAuthors(a []string) string {
	var b bytes.Buffer
	for i, s := range a {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s)
	}
	return b.String()
}

var idLine = regexp.MustCompile(`(?m)^/ID \[<[0-9a-f]*> <[0-9a-f]*>\]\n`)

// finish adds to a rendered file what opt asks beyond fpdf: a TrimBox and
// a BleedBox on every page, and for PDF/A-2b the output intent and the
// archival XMP packet. It then writes the file identifier anew.
func finish(pdf []byte, pages []*qdraw.Page, meta Meta, opt Options) ([]byte, error) {
	if !opt.PDFA && !opt.hasBoxes() {
		return pdf, nil
	}
	// The identifier is a hash of the file: take it out, edit, put it back.
	t := bytes.LastIndex(pdf, []byte("trailer\n"))
	if t < 0 {
		return nil, fmt.Errorf("pdf: no trailer")
	}
	pdf = slices.Concat(pdf[:t], idLine.ReplaceAll(pdf[t:], nil))

	x, offs, err := xref(pdf)
	if err != nil {
		return nil, err
	}
	var edits []edit
	var extra [][]byte
	if opt.hasBoxes() {
		nums, err := pageObjects(pdf)
		if err != nil {
			return nil, err
		}
		if len(nums) != len(pages) {
			return nil, fmt.Errorf("pdf: %d pages in the page tree, want %d", len(nums), len(pages))
		}
		const pre = "<</Type /Page\n"
		for i, n := range nums {
			at, err := objectBody(pdf, offs, n, x)
			if err != nil {
				return nil, err
			}
			if !bytes.HasPrefix(pdf[at:], []byte(pre)) {
				return nil, fmt.Errorf("pdf: object %d is not a page", n)
			}
			edits = append(edits, edit{at + len(pre), 0, boxes(pages[i], opt)})
		}
	}
	if opt.PDFA {
		date := meta.Date
		if date.IsZero() {
			date = DefaultDate
		}
		for n := range offs {
			at, err := objectBody(pdf, offs, n, x)
			if err != nil {
				continue
			}
			body := pdf[at:]
			switch {
			case bytes.HasPrefix(body, []byte("<<\n/Type /Catalog\n")):
				icc := len(offs) + len(extra)
				extra = append(extra, fmt.Appendf(nil, "%d 0 obj\n<</N 3 /Length %d>>\nstream\n%s\nendstream\nendobj\n", icc, len(sRGB), sRGB))
				oi := fmt.Appendf(nil, "/OutputIntents [<</Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) "+
					"/RegistryName (http://www.color.org) /Info (sRGB IEC61966-2.1) /DestOutputProfile %d 0 R>>]\n", icc)
				edits = append(edits, edit{at + len("<<\n/Type /Catalog\n"), 0, oi})
			case bytes.HasPrefix(body, []byte("<< /Type /Metadata /Subtype /XML /Length ")):
				e, err := replaceStream(body, at, pdfaXMP(meta, date.UTC(), opt), "<< /Type /Metadata /Subtype /XML /Length %d >>")
				if err != nil {
					return nil, fmt.Errorf("pdf: metadata: %v", err)
				}
				edits = append(edits, e)
			}
		}
	}
	out, err := applyEdits(pdf, x, offs, edits, extra)
	if err != nil {
		return nil, err
	}
	return addID(out), nil
}

// objectBody returns the offset of the body of object n, just after its
// "n 0 obj" line.
func objectBody(pdf []byte, offs []int, n, x int) (int, error) {
	if n <= 0 || n >= len(offs) || offs[n] <= 0 || offs[n] >= x {
		return 0, fmt.Errorf("pdf: no object %d", n)
	}
	o := offs[n]
	head := fmt.Appendf(nil, "%d 0 obj\n", n)
	if !bytes.HasPrefix(pdf[o:], head) {
		return 0, fmt.Errorf("pdf: object %d not at %d", n, o)
	}
	return o + len(head), nil
}

// replaceStream returns the edit that replaces the dictionary and data of
// the stream object whose body is at offset at with a dictionary made
// from dict (a format with one %d for the length) and data.
func replaceStream(body []byte, at int, data []byte, dict string) (edit, error) {
	const mid = ">>\nstream\n"
	i := bytes.Index(body, []byte(mid))
	if i < 0 {
		return edit{}, fmt.Errorf("not a stream")
	}
	j := bytes.LastIndex(body[:i], []byte("/Length "))
	if j < 0 {
		return edit{}, fmt.Errorf("no /Length")
	}
	var n int
	if _, err := fmt.Sscanf(string(bytes.TrimSpace(body[j+len("/Length "):i])), "%d", &n); err != nil {
		return edit{}, fmt.Errorf("bad /Length")
	}
	start := i + len(mid)
	if start+n > len(body) {
		return edit{}, fmt.Errorf("bad /Length")
	}
	b := fmt.Appendf(nil, dict+"\nstream\n", len(data))
	b = append(b, data...)
	return edit{at, start + n, b}, nil
}

// pdfaPart returns the part of PDF/A opt asks for (1, 2 or 3) and its
// conformance level ('B' or 'U').
func (opt Options) pdfaPart() int {
	p, _ := opt.pdfaLevel()
	return p
}

func (opt Options) pdfaLevel() (part int, conformance byte) {
	switch opt.PDFALevel {
	case "1b", "1B":
		return 1, 'B'
	case "2u", "2U":
		return 2, 'U'
	case "3b", "3B":
		return 3, 'B'
	}
	return 2, 'B'
}

// PDFALevels are the PDF/A levels Options.PDFALevel may name.
var PDFALevels = []string{"1b", "2b", "2u", "3b"}
