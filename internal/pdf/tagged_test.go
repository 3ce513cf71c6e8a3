package pdf

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"quire/internal/draw"
	"quire/internal/font"
)

// words is a page of two paragraphs' words, a link, a running head and a
// folio, marked as layout marks them.
func words(root *draw.Node) *draw.Page {
	p1, p2 := root.Add(draw.RoleP), root.Add(draw.RoleP)
	link := p2.Add(draw.RoleLink)
	w := func(x, y float64, s string, n *draw.Node) *draw.Text {
		return &draw.Text{X: x, Y: y, Face: font.Serif, Size: 10, S: s, Tag: n, Space: true}
	}
	return &draw.Page{Width: 300, Height: 300, Items: []draw.Item{
		w(20, 20, "Head", draw.Artifact(draw.ArtifactHeader)),
		w(20, 50, "One", p1), w(50, 50, "two", p1),
		w(20, 70, "Three", p2), w(60, 70, "link", link),
		&draw.Link{X: 60, Y: 62, W: 20, H: 10, URL: "https://example.org/", Tag: link},
		w(150, 280, "1", draw.Artifact(draw.ArtifactFooter)),
	}}
}

func TestMarkedContent(t *testing.T) {
	opt := Options{Tagged: true}
	out := write(t, []*draw.Page{words(draw.NewDocument())}, testMeta, opt)
	stream := regexp.MustCompile(`(?s)stream\n(.*?)\nendstream`).FindAllSubmatch(out, -1)
	var content []byte
	for _, m := range stream {
		if bytes.Contains(m[1], []byte(" BDC")) {
			content = m[1]
		}
	}
	if content == nil {
		t.Fatal("no marked content")
	}
	c := string(content)
	// One sequence for a paragraph's two words; one for the link's word;
	// the running head and folio as pagination artifacts.
	for _, want := range []string{
		"/Artifact <</Type /Pagination /Subtype /Header>> BDC",
		"/P <</MCID 0>> BDC", "/P <</MCID 1>> BDC", "/Link <</MCID 2>> BDC",
		"/Artifact <</Type /Pagination /Subtype /Footer>> BDC",
	} {
		if !strings.Contains(c, want) {
			t.Errorf("content lacks %s:\n%s", want, c)
		}
	}
	if strings.Count(c, "BDC") != strings.Count(c, "EMC") || strings.Count(c, "MCID") != 3 {
		t.Errorf("%d BDC, %d EMC, %d MCIDs:\n%s", strings.Count(c, "BDC"), strings.Count(c, "EMC"), strings.Count(c, "MCID"), c)
	}
	// Each word ends with a drawn space (U+0020, two bytes in Identity-H).
	if n := strings.Count(c, "\x00 )"); n < 4 {
		t.Errorf("%d words end with a space:\n%q", n, c)
	}
	for _, want := range []string{"/StructTreeRoot ", "/MarkInfo <</Marked true>>", "/ViewerPreferences <</DisplayDocTitle true>>",
		"/StructParents 0\n/Tabs /S", "/StructParent 1 /Contents (link)", "%PDF-1.7"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("file lacks %q", want)
		}
	}
	// Untagged: none of it, and no spaces drawn.
	plain := write(t, []*draw.Page{words(draw.NewDocument())}, testMeta, Options{})
	if bytes.Contains(plain, []byte(" BDC")) || bytes.Contains(plain, []byte("StructTreeRoot")) || bytes.Contains(plain, []byte("\x00 )")) {
		t.Error("an untagged file has tagged content")
	}
}

// TestImposedReadingOrder checks that content is ordered by the page of
// the document it comes from (draw.PageStart), not by the sheet.
func TestImposedReadingOrder(t *testing.T) {
	root := draw.NewDocument()
	p := root.Add(draw.RoleP)
	w := func(x float64, s string) *draw.Text {
		return &draw.Text{X: x, Y: 50, Face: font.Serif, Size: 10, S: s, Tag: p}
	}
	// A sheet with page 2 on the left and page 1 on the right: the
	// paragraph's second half is drawn first.
	sheet := &draw.Page{Width: 600, Height: 300, Items: []draw.Item{
		&draw.PageStart{Page: 2}, w(20, "second"),
		&draw.PageStart{Page: 1}, w(320, "first"),
	}}
	out := write(t, []*draw.Page{sheet}, testMeta, Options{Tagged: true})
	if !regexp.MustCompile(`/S /P [^\n]*/K \[1 0\]`).Match(out) {
		t.Errorf("the paragraph's MCIDs are not in reading order:\n%s", regexp.MustCompile(`<</Type /StructElem /S /P [^\n]*`).Find(out))
	}
}
