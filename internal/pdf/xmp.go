package pdf

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"
)

// xmp returns the XMP metadata packet saying what the Info dictionary says.
// fpdf writes it as an uncompressed /Type /Metadata /Subtype /XML stream.
func xmp(m Meta, date time.Time) []byte {
	creator, producer := m.Creator, m.Producer
	if creator == "" {
		creator = "Quire"
	}
	if producer == "" {
		producer = "Quire"
	}
	// The same form as the Info dictionary's dates (see fix).
	d := date.UTC().Format("2006-01-02T15:04:05") + "+00:00"
	var b bytes.Buffer
	esc := func(s string) {
		xml.EscapeText(&b, []byte(s))
	}
	el := func(name, s string) {
		b.WriteString("   <" + name + ">")
		esc(s)
		b.WriteString("</" + name + ">\n")
	}
	alt := func(name, s string) {
		b.WriteString("   <" + name + "><rdf:Alt><rdf:li xml:lang=\"x-default\">")
		esc(s)
		b.WriteString("</rdf:li></rdf:Alt></" + name + ">\n")
	}
	list := func(name, kind string, items []string) {
		b.WriteString("   <" + name + "><rdf:" + kind + ">")
		for _, it := range items {
			b.WriteString("<rdf:li>")
			esc(it)
			b.WriteString("</rdf:li>")
		}
		b.WriteString("</rdf:" + kind + "></" + name + ">\n")
	}

	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
	b.WriteString(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
	b.WriteString("  <rdf:Description rdf:about=\"\"\n")
	b.WriteString("    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n")
	b.WriteString("    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n")
	b.WriteString("    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n")
	el("dc:format", "application/pdf")
	if m.Title != "" {
		alt("dc:title", m.Title)
	}
	if len(m.Authors) > 0 {
		list("dc:creator", "Seq", m.Authors)
	}
	if m.Subject != "" {
		alt("dc:description", m.Subject)
	}
	if len(m.Keywords) > 0 {
		list("dc:subject", "Bag", m.Keywords)
		el("pdf:Keywords", strings.Join(m.Keywords, "; "))
	}
	if l := cleanLang(m.Lang); l != "" {
		list("dc:language", "Bag", []string{l})
	}
	el("pdf:Producer", producer)
	el("xmp:CreatorTool", creator)
	el("xmp:CreateDate", d)
	el("xmp:ModifyDate", d)
	el("xmp:MetadataDate", d)
	b.WriteString("  </rdf:Description>\n")
	b.WriteString(" </rdf:RDF>\n")
	b.WriteString("</x:xmpmeta>\n")
	// Padding lets tools edit the packet in place.
	pad := strings.Repeat(" ", 99) + "\n"
	for range 20 {
		b.WriteString(pad)
	}
	b.WriteString("<?xpacket end=\"w\"?>")
	return b.Bytes()
}
