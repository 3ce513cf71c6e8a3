package csl

import (
	"strings"
	"testing"
)

const head = `<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
`

func TestStyleErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{`not xml`, "x.csl:1: not an XML document"},
		{`<locale xmlns="http://purl.org/net/xbiblio/csl"/>`, "x.csl:1: not a CSL style: the root element is <locale>"},
		{`<style class="in-text"><citation><layout/></citation></style>`, "x.csl:1: not a CSL style"},
		{head + "<citation>\n<layout><text macro=\"nope\"/></layout>\n</citation></style>", `x.csl:3: <text> calls macro "nope", which the style does not define`},
		{head + "<citation>\n<layout>\n<txt variable=\"title\"/></layout></citation></style>", "x.csl:4: <txt> is not allowed in <layout>"},
		{head + "<citation>\n<layout><text variable=\"title\"/>\n</citation></style>", "x.csl:4: not well-formed XML: element <layout> closed by </citation>"},
		{head + "<macro name=\"a\"><text macro=\"b\"/></macro>\n<macro name=\"b\"><text macro=\"a\"/></macro>\n<citation><layout><text macro=\"a\"/></layout></citation></style>", "calls itself"},
		{head + "<bibliography><layout/></bibliography></style>", "x.csl:1: the style has no <citation> element"},
		{head + "<citation><layout>\n<text/></layout></citation></style>", "x.csl:3: <text> needs exactly one of variable, macro, term, value"},
		{head + "<citation><layout>\n<names/></layout></citation></style>", "x.csl:3: <names> needs a variable attribute"},
		{head + "<citation><layout>\n<choose><else/></choose></layout></citation></style>", "x.csl:3: <choose> must start with <if>"},
		{head + "<citation><layout>\n<text variable=\"title\" font-style=\"slanted\"/></layout></citation></style>", `x.csl:3: font-style="slanted" is not one of normal, italic, oblique`},
		{head + "<citation collapse=\"sometimes\"><layout/></citation></style>", `x.csl:2: collapse="sometimes"`},
		{`<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><citation><layout/></citation></style>`, "x.csl:1: <style> needs a class attribute"},
	}
	for _, c := range cases {
		_, err := ParseStyle("x.csl", []byte(c.src))
		if err == nil {
			t.Errorf("%q: no error, want %q", c.src, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s", c.src, err, c.want)
		}
	}
}

func TestStyleOK(t *testing.T) {
	st, err := ParseStyle("x.csl", []byte(head+`<citation><layout><text variable="title"/></layout></citation>
<bibliography hanging-indent="true" second-field-align="flush" line-spacing="2" entry-spacing="0"><layout><text variable="title"/></layout></bibliography></style>`))
	if err != nil {
		t.Fatal(err)
	}
	if st.IsNote() || !st.HangingIndent() || st.SecondFieldAlign() != "flush" || st.LineSpacing() != 2 || st.EntrySpacing() != 0 {
		t.Errorf("options: note %v hanging %v align %q line %d entry %d", st.IsNote(), st.HangingIndent(), st.SecondFieldAlign(), st.LineSpacing(), st.EntrySpacing())
	}
}
