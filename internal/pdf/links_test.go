package pdf

import (
	"bytes"
	"strings"
	"testing"

	"quire/internal/draw"
	"quire/internal/font"
)

// TestLinkSchemes writes links to web, mail and relative targets, and to
// schemes a PDF reader would run or open (javascript:, file:, a data: URL,
// a disguised JavaScript); only the first kind may become URI actions.
func TestLinkSchemes(t *testing.T) {
	good := []string{"https://example.org/ok", "http://example.org/ok2", "mailto:a@example.org", "#sec-ok"}
	bad := []string{"javascript:alert(1)", " JavaScript:alert(2)", "java\tscript:alert(3)", "file:///etc/passwd", "data:text/html,x", "vbscript:y"}
	p := &draw.Page{Width: 300, Height: 300}
	for i, u := range append(append([]string{}, good...), bad...) {
		p.Items = append(p.Items,
			&draw.Text{X: 20, Y: 20 + float64(i)*12, Face: font.Serif, Size: 10, S: "link"},
			&draw.Link{X: 20, Y: 12 + float64(i)*12, W: 40, H: 10, URL: u})
	}
	out := write(t, []*draw.Page{p}, testMeta, Options{})
	uris := bytes.Count(out, []byte("/S /URI"))
	if uris != len(good) {
		t.Errorf("%d URI actions, want %d (the web, mail and relative links)", uris, len(good))
	}
	for _, u := range good {
		if !bytes.Contains(out, []byte(u)) {
			t.Errorf("link %q is missing", u)
		}
	}
	low := strings.ToLower(string(out))
	for _, s := range []string{"javascript", "script:", "file:", "data:text"} {
		if strings.Contains(low, s) {
			t.Errorf("the PDF holds %q", s)
		}
	}
}
