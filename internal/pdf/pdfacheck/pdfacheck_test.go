package pdfacheck

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

func TestMain(m *testing.M) {
	api.DisableConfigDir()
	os.Exit(m.Run())
}

func TestParseXMP(t *testing.T) {
	x, err := parseXMP([]byte(`<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">A &amp; B</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>One</rdf:li><rdf:li>Two</rdf:li></rdf:Seq></dc:creator>
<pdf:Keywords>k1; k2</pdf:Keywords>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part></rdf:Description>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`))
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string][]string{
		"dc:title":     {"A & B"},
		"dc:creator":   {"One", "Two"},
		"pdf:Keywords": {"k1; k2"},
		"pdfaid:part":  {"2"},
	} {
		if got := x.values[k]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if _, err := parseXMP([]byte("<a><b></a>")); err == nil {
		t.Error("no error for malformed XMP")
	}
}

func TestCheckNotPDF(t *testing.T) {
	err := Check([]byte("%!PS-Adobe-3.0\n"))
	if err == nil || !strings.Contains(err.Error(), "PDF/A-2b 6.1.2:") || !strings.Contains(err.Error(), "PDF/A-2b 6.1.3:") {
		t.Errorf("Check(PostScript) = %v", err)
	}
}

func TestClausesListed(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Clauses {
		if seen[c.ID] || c.What == "" {
			t.Errorf("clause %s listed twice or without a description", c.ID)
		}
		seen[c.ID] = true
	}
}
