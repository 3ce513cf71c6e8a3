// Package pdfacheck checks a PDF file against the clauses of PDF/A-2b
// (ISO 19005-2, conformance level B) that Quire's output can break. It is
// not a full validator such as veraPDF: it checks, with pdfcpu and by
// reading the file's bytes, each clause listed in Clauses, and is meant
// for tests. Each failure names its clause.
package pdfacheck

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Clauses lists the clauses Check checks, by number, with what is
// checked. The README repeats this list.
var Clauses = []struct{ ID, What string }{
	{"6.1.2", "header %PDF-1.n (n ≤ 7) followed by a comment of at least four bytes above 127"},
	{"6.1.3", "trailer /ID present (two equal strings, the MD5 of the file without them); no /Encrypt"},
	{"6.1.7", "stream lengths, cross-reference table and syntax (pdfcpu strict validation); no external stream filters (/FFilter, /FDecodeParms)"},
	{"6.2.3", "exactly one GTS_PDFA1 output intent with an embedded three-component (RGB) ICC profile"},
	{"6.2.4.3", "no CMYK colour operators (k, K) in page content, as the output intent is RGB"},
	{"6.2.8.1", "images: no /Alternates, no /Interpolate true"},
	{"6.2.9.1", "XObjects: no /OPI"},
	{"6.2.10", "no transparency at all (PDF/A-2 allows some; Quire writes none): no /SMask, no constant alpha below 1, no blend mode but Normal, no transparency groups"},
	{"6.2.11.3.2", "CID TrueType fonts have /CIDToGIDMap"},
	{"6.2.11.4.1", "every font embedded (/FontFile, /FontFile2 or /FontFile3)"},
	{"6.3.2", "annotations are Links, with the Print flag set and Hidden, Invisible, NoView and ToggleNoView clear"},
	{"6.5.1", "actions only GoTo and URI; no JavaScript"},
	{"6.5.2", "no additional actions (/AA)"},
	{"6.6.2.1", "catalog /Metadata: an unfiltered XMP stream, well-formed"},
	{"6.6.4", "XMP pdfaid:part 2 and pdfaid:conformance B"},
	{"Info=XMP", "(PDF/A-1 6.7.3, which the issue asks for) Info dictionary and XMP agree: Title = dc:title, Author = the one dc:creator, Subject = dc:description, Keywords = pdf:Keywords, Creator = xmp:CreatorTool, Producer = pdf:Producer, CreationDate = xmp:CreateDate, ModDate = xmp:ModifyDate"},
	{"6.8", "no embedded files"},
	{"6.9", "no optional content (/OCProperties)"},
}

// LevelClauses lists what CheckLevel checks beyond Clauses for the other
// levels: PDF/A-1b (ISO 19005-1), PDF/A-2u and PDF/A-3b (ISO 19005-3,
// which is PDF/A-2 with embedded files allowed).
var LevelClauses = []struct{ Level, ID, What string }{
	{"1b", "6.3.5", "(ISO 19005-1) every subset CID font's descriptor has a /CIDSet stream, with a bit for CID 0 and for every code the content shows in it"},
	{"1b", "6.7.11", "(ISO 19005-1) XMP pdfaid:part 1 and pdfaid:conformance B"},
	{"2u", "6.2.11.7.2", "every font has a /ToUnicode CMap that maps every code the content shows in it to Unicode (not 0, U+FEFF or U+FFFE)"},
	{"2u", "6.6.4", "XMP pdfaid:part 2 and pdfaid:conformance U"},
	{"3b", "6.6.4", "(ISO 19005-3) XMP pdfaid:part 3 and pdfaid:conformance B; embedded files are not refused"},
}

// Check returns an error listing every clause of PDF/A-2b the file b
// fails, or nil.
func Check(b []byte) error { return CheckLevel(b, "2b") }

// CheckLevel is Check for the PDF/A level given: "1b", "2b", "2u" or "3b".
func CheckLevel(b []byte, level string) error {
	c := &checker{b: b, level: strings.ToLower(level)}
	switch c.level {
	case "1b":
		c.part, c.conf = 1, 'B'
	case "2b":
		c.part, c.conf = 2, 'B'
	case "2u":
		c.part, c.conf = 2, 'U'
	case "3b":
		c.part, c.conf = 3, 'B'
	default:
		return fmt.Errorf("pdfacheck: unknown PDF/A level %q", level)
	}
	c.run()
	return errors.Join(c.errs...)
}

type checker struct {
	b           []byte
	ctx         *model.Context
	errs        []error
	level       string
	part        int
	conf        byte
	cidSetFonts []types.Dict // CID fonts of a PDF/A-1 file, checked against the codes shown
}

func (c *checker) fail(clause, format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("PDF/A-%s %s: %s", c.level, clause, fmt.Sprintf(format, args...)))
}

var header = regexp.MustCompile(`^%PDF-1\.[0-7]\r?\n%([^\r\n]*)\r?\n`)

func (c *checker) run() {
	m := header.FindSubmatch(c.b)
	if m == nil {
		c.fail("6.1.2", "no %%PDF-1.n header with a comment line after it")
	} else {
		high := 0
		for _, x := range m[1] {
			if x > 127 {
				high++
			}
		}
		if high < 4 {
			c.fail("6.1.2", "the comment after the header has %d bytes above 127, want 4", high)
		}
	}
	c.checkID()
	for _, k := range []string{"/FFilter", "/FDecodeParms"} {
		if bytes.Contains(c.b, []byte(k)) {
			c.fail("6.1.7", "external stream key %s", k)
		}
	}

	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(c.b), conf); err != nil {
		c.fail("6.1.7", "pdfcpu strict validation: %v", err)
	}
	ctx, err := api.ReadContext(bytes.NewReader(c.b), conf)
	if err != nil {
		c.fail("6.1.7", "pdfcpu cannot read the file: %v", err)
		return
	}
	c.ctx = ctx
	// ReadContext leaves PageCount at 0; the content checks need it.
	if err := ctx.EnsurePageCount(); err != nil || ctx.PageCount == 0 {
		c.fail("6.1.7", "no pages: %v", err)
	}
	if ctx.Encrypt != nil {
		c.fail("6.1.3", "the file is encrypted")
	}
	cat, err := ctx.Catalog()
	if err != nil {
		c.fail("6.1.7", "no catalog: %v", err)
		return
	}
	c.checkOutputIntent(cat)
	if _, ok := cat.Find("OCProperties"); ok {
		c.fail("6.9", "the catalog has /OCProperties")
	}
	if names := c.dict(cat["Names"]); names != nil {
		if ef := c.dict(names["EmbeddedFiles"]); ef != nil && c.part != 3 {
			if arr, _ := c.deref(ef["Names"]).(types.Array); len(arr) > 0 {
				c.fail("6.8", "%d embedded files", len(arr)/2)
			}
		}
		if _, ok := names.Find("JavaScript"); ok {
			c.fail("6.5.1", "the catalog's name tree has JavaScript")
		}
	}
	c.checkObjects()
	c.checkContent()
	c.checkMetadata(cat)
	if c.part == 1 || c.conf == 'U' {
		c.checkShownCodes()
	}
}

// checkID checks the trailer's /ID: two equal strings, the MD5 of the
// file without the /ID line.
func (c *checker) checkID() {
	re := regexp.MustCompile(`(?m)^/ID \[<([0-9a-fA-F]{32})> <([0-9a-fA-F]{32})>\]\n`)
	t := bytes.LastIndex(c.b, []byte("trailer"))
	if t < 0 {
		c.fail("6.1.3", "no trailer")
		return
	}
	m := re.FindSubmatchIndex(c.b[t:])
	if m == nil {
		c.fail("6.1.3", "no /ID in the trailer")
		return
	}
	id1, id2 := string(c.b[t+m[2]:t+m[3]]), string(c.b[t+m[4]:t+m[5]])
	if !strings.EqualFold(id1, id2) {
		c.fail("6.1.3", "the two /ID strings differ")
	}
	without := append(append([]byte(nil), c.b[:t+m[0]]...), c.b[t+m[1]:]...)
	sum := md5.Sum(without)
	if !strings.EqualFold(id1, hex.EncodeToString(sum[:])) {
		c.fail("6.1.3", "/ID is not the MD5 of the file, so builds would not be reproducible")
	}
}

func (c *checker) deref(o types.Object) types.Object {
	if c.ctx == nil {
		return o
	}
	d, err := c.ctx.Dereference(o)
	if err != nil {
		return nil
	}
	return d
}

func (c *checker) dict(o types.Object) types.Dict {
	switch d := c.deref(o).(type) {
	case types.Dict:
		return d
	case types.StreamDict:
		return d.Dict
	}
	return nil
}

func (c *checker) checkOutputIntent(cat types.Dict) {
	arr, _ := c.deref(cat["OutputIntents"]).(types.Array)
	if len(arr) != 1 {
		c.fail("6.2.3", "%d output intents, want 1", len(arr))
		return
	}
	oi := c.dict(arr[0])
	if s := oi.NameEntry("S"); s == nil || *s != "GTS_PDFA1" {
		c.fail("6.2.3", "the output intent's /S is not /GTS_PDFA1")
	}
	sd, ok := c.deref(oi["DestOutputProfile"]).(types.StreamDict)
	if !ok {
		c.fail("6.2.3", "the output intent has no ICC profile stream")
		return
	}
	if n := sd.IntEntry("N"); n == nil || *n != 3 {
		c.fail("6.2.3", "the ICC profile's /N is not 3")
	}
	if err := sd.Decode(); err != nil || len(sd.Content) < 128 || string(sd.Content[36:40]) != "acsp" || string(sd.Content[16:20]) != "RGB " {
		c.fail("6.2.3", "the output intent's profile is not an RGB ICC profile")
	}
}

// checkObjects checks every object of the file for images, transparency,
// fonts, annotations and actions.
func (c *checker) checkObjects() {
	badActions := map[string]bool{"Launch": true, "JavaScript": true, "ImportData": true, "ResetForm": true,
		"SubmitForm": true, "Sound": true, "Movie": true, "Hide": true, "Rendition": true, "Trans": true,
		"SetOCGState": true, "GoTo3DView": true}
	for n, e := range c.ctx.Table {
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		var d types.Dict
		switch o := e.Object.(type) {
		case types.Dict:
			d = o
		case types.StreamDict:
			d = o.Dict
		default:
			continue
		}
		typ, sub := name(d, "Type"), name(d, "Subtype")
		if sub == "Image" {
			for _, k := range []string{"Alternates", "OPI"} {
				if _, ok := d.Find(k); ok {
					clause := "6.2.8.1"
					if k == "OPI" {
						clause = "6.2.9.1"
					}
					c.fail(clause, "image %d has /%s", n, k)
				}
			}
			if b := d.BooleanEntry("Interpolate"); b != nil && *b {
				c.fail("6.2.8.1", "image %d has /Interpolate true", n)
			}
		}
		if o, ok := d.Find("SMask"); ok {
			if nm, ok := o.(types.Name); !ok || nm != "None" {
				c.fail("6.2.10", "object %d has a soft mask", n)
			}
		}
		for _, k := range []string{"CA", "ca"} {
			if o, ok := d.Find(k); ok {
				if f, ok := number(c.deref(o)); ok && f < 1 {
					c.fail("6.2.10", "object %d has /%s %g", n, k, f)
				}
			}
		}
		if bm := name(d, "BM"); bm != "" && bm != "Normal" && bm != "Compatible" {
			c.fail("6.2.10", "object %d has blend mode %s", n, bm)
		}
		if g := c.dict(d["Group"]); g != nil && name(g, "S") == "Transparency" {
			c.fail("6.2.10", "object %d has a transparency group", n)
		}
		if typ == "Font" {
			c.checkFont(n, d)
		}
		if typ == "Annot" || (sub == "Link" && d["Rect"] != nil) {
			if sub != "Link" {
				c.fail("6.3.2", "annotation %d is a %s", n, sub)
			}
			f := d.IntEntry("F")
			switch {
			case f == nil:
				c.fail("6.3.2", "annotation %d has no /F", n)
			case *f&4 == 0:
				c.fail("6.3.2", "annotation %d is not printable (/F %d)", n, *f)
			case *f&(1|2|32|256) != 0:
				c.fail("6.3.2", "annotation %d is hidden (/F %d)", n, *f)
			}
		}
		if _, ok := d.Find("AA"); ok {
			c.fail("6.5.2", "object %d has additional actions (/AA)", n)
		}
		if s := name(d, "S"); badActions[s] && (typ == "" || typ == "Action") {
			c.fail("6.5.1", "object %d is a %s action", n, s)
		}
		if a := c.dict(d["A"]); a != nil && typ != "StructElem" { // a structure element's /A is its attributes
			if s := name(a, "S"); s != "GoTo" && s != "URI" {
				c.fail("6.5.1", "object %d has a %s action", n, s)
			}
		}
	}
}

func (c *checker) checkFont(n int, d types.Dict) {
	switch name(d, "Subtype") {
	case "Type3":
		return
	case "Type0":
		arr, _ := c.deref(d["DescendantFonts"]).(types.Array)
		if len(arr) != 1 {
			c.fail("6.2.11.4.1", "Type0 font %d has %d descendant fonts", n, len(arr))
		}
		return // the descendant is checked as a font of its own
	case "CIDFontType2":
		if _, ok := d.Find("CIDToGIDMap"); !ok {
			c.fail("6.2.11.3.2", "CID TrueType font %d has no /CIDToGIDMap", n)
		}
		if c.part == 1 {
			c.cidSetFonts = append(c.cidSetFonts, d)
		}
	}
	fd := c.dict(d["FontDescriptor"])
	if fd == nil {
		c.fail("6.2.11.4.1", "font %d (%s) has no font descriptor, so it is not embedded", n, name(d, "BaseFont"))
		return
	}
	for _, k := range []string{"FontFile", "FontFile2", "FontFile3"} {
		if _, ok := c.deref(fd[k]).(types.StreamDict); ok {
			return
		}
	}
	c.fail("6.2.11.4.1", "font %d (%s) is not embedded", n, name(d, "BaseFont"))
}

// checkContent looks for CMYK colour operators in page content.
func (c *checker) checkContent() {
	cmyk := regexp.MustCompile(`(^|\s)(k|K)(\s|$)`)
	for p := 1; p <= c.ctx.PageCount; p++ {
		r, err := c.ctx.PageContent(c.pageDict(p), p)
		if err != nil {
			c.fail("6.1.7", "page %d: content: %v", p, err)
			continue
		}
		// Text strings may hold any bytes; CMYK operators follow numbers.
		for _, line := range strings.Split(string(r), "\n") {
			if cmyk.MatchString(line) && !strings.Contains(line, "Tj") && !strings.Contains(line, "TJ") {
				c.fail("6.2.4.3", "page %d uses DeviceCMYK: %q", p, line)
				break
			}
		}
	}
}

func (c *checker) pageDict(p int) types.Dict {
	d, _, _, err := c.ctx.PageDict(p, false)
	if err != nil {
		return nil
	}
	return d
}

// checkMetadata checks the XMP packet and its agreement with the Info
// dictionary.
func (c *checker) checkMetadata(cat types.Dict) {
	sd, ok := c.deref(cat["Metadata"]).(types.StreamDict)
	if !ok {
		c.fail("6.6.2.1", "the catalog has no /Metadata stream")
		return
	}
	if _, ok := sd.Find("Filter"); ok {
		c.fail("6.6.2.1", "the metadata stream is filtered")
	}
	if err := sd.Decode(); err != nil {
		c.fail("6.6.2.1", "metadata: %v", err)
		return
	}
	x, err := parseXMP(sd.Content)
	if err != nil {
		c.fail("6.6.2.1", "XMP is not well-formed: %v", err)
		return
	}
	if x.one("pdfaid:part") != strconv.Itoa(c.part) || x.one("pdfaid:conformance") != string(c.conf) {
		clause := "6.6.4"
		if c.part == 1 {
			clause = "6.7.11"
		}
		c.fail(clause, "XMP says pdfaid:part %q, conformance %q; want %d and %c", x.one("pdfaid:part"), x.one("pdfaid:conformance"), c.part, c.conf)
	}
	if c.ctx.Info == nil {
		return // no Info dictionary: nothing to agree with
	}
	info := c.dict(*c.ctx.Info)
	str := func(k string) (string, bool) {
		o, ok := info.Find(k)
		if !ok {
			return "", false
		}
		switch s := c.deref(o).(type) {
		case types.StringLiteral:
			v, err := types.StringLiteralToString(s)
			return v, err == nil
		case types.HexLiteral:
			v, err := types.HexLiteralToString(s)
			return v, err == nil
		}
		return "", false
	}
	for _, p := range []struct{ info, xmp string }{
		{"Title", "dc:title"}, {"Author", "dc:creator"}, {"Subject", "dc:description"},
		{"Keywords", "pdf:Keywords"}, {"Creator", "xmp:CreatorTool"}, {"Producer", "pdf:Producer"},
	} {
		iv, ok := str(p.info)
		xv := x.values[p.xmp]
		if !ok && len(xv) == 0 {
			continue
		}
		if len(xv) != 1 || xv[0] != iv {
			c.fail("Info=XMP", "Info /%s is %q but XMP %s is %q", p.info, iv, p.xmp, xv)
		}
	}
	for _, p := range []struct{ info, xmp string }{{"CreationDate", "xmp:CreateDate"}, {"ModDate", "xmp:ModifyDate"}} {
		iv, ok := str(p.info)
		xv := x.one(p.xmp)
		if !ok && xv == "" {
			continue
		}
		it, ok1 := types.DateTime(iv, false)
		xt, err := time.Parse(time.RFC3339, xv)
		if !ok1 || err != nil || !it.Equal(xt) {
			c.fail("Info=XMP", "Info /%s is %q but XMP %s is %q", p.info, iv, p.xmp, xv)
		}
	}
}

func name(d types.Dict, k string) string {
	if s := d.NameEntry(k); s != nil {
		return *s
	}
	return ""
}

func number(o types.Object) (float64, bool) {
	switch v := o.(type) {
	case types.Integer:
		return float64(v), true
	case types.Float:
		return float64(v), true
	}
	return 0, false
}

// xmpValues maps "prefix:name" of the properties Check reads to their
// values: the text of a simple property, or of each rdf:li of an array.
type xmpValues struct{ values map[string][]string }

func (x xmpValues) one(k string) string {
	if v := x.values[k]; len(v) == 1 {
		return v[0]
	}
	return ""
}

var prefixes = map[string]string{
	"http://purl.org/dc/elements/1.1/":            "dc",
	"http://ns.adobe.com/pdf/1.3/":                "pdf",
	"http://ns.adobe.com/xap/1.0/":                "xmp",
	"http://www.aiim.org/pdfa/ns/id/":             "pdfaid",
	"http://www.aiim.org/pdfua/ns/id/":            "pdfuaid",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
}

func parseXMP(b []byte) (xmpValues, error) {
	x := xmpValues{values: map[string][]string{}}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return x, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, prefixes[t.Name.Space]+":"+t.Name.Local)
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			el := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			prop := el
			if el == "rdf:li" && len(stack) >= 2 {
				prop = stack[len(stack)-2]
			} else if strings.HasPrefix(el, "rdf:") {
				continue
			}
			if el == "rdf:li" || !hasChildren(prop, x) {
				if v := text.String(); el == "rdf:li" || strings.TrimSpace(v) != "" {
					x.values[prop] = append(x.values[prop], v)
				}
			}
			text.Reset()
		}
	}
	return x, nil
}

// hasChildren tells whether prop was already given values by rdf:li
// children, so its closing tag adds nothing.
func hasChildren(prop string, x xmpValues) bool { return len(x.values[prop]) > 0 }
