package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"runtime"
	"testing"

	"quire/internal/draw"
	"quire/internal/font"
)

// streams returns the content of every stream of a file whose content
// streams are compressed or not, inflated.
func inflatedContents(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for _, m := range regexp.MustCompile(`(?s)<<(/Filter /FlateDecode )?/Length ([0-9]+)>>\nstream\n`).FindAllSubmatchIndex(pdf, -1) {
		n := 0
		for _, c := range pdf[m[4]:m[5]] {
			n = 10*n + int(c-'0')
		}
		data := pdf[m[1] : m[1]+n]
		if m[2] >= 0 {
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if bytes.HasPrefix(data, []byte(startState)) {
			out = append(out, data)
		}
	}
	return out
}

// TestPageStreams: a page fpdf draws nothing on is compressed as it is
// drawn (pageStreams) and one with images by fix; either way a page's
// content is what the uncompressed file holds, the same bytes whatever the
// number of cores, and fpdf is left no placeholder.
func TestPageStreams(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	pages := func() []*draw.Page {
		ps := samplePages(t) // page 1 has images, page 2 none
		for i := range 12 {
			p := &draw.Page{Width: 300, Height: 300}
			for k := range 40 {
				p.Items = append(p.Items, &draw.Text{X: 20 + float64(k%5)*50, Y: 20 + float64(k/5)*12, Face: font.Serif, Size: 10, S: "page " + string(rune('a'+i)), Space: true})
			}
			p.Items = append(p.Items, draw.Line(10, 290, 290, 290, 0.5, draw.Color{R: 0.5}))
			ps = append(ps, p)
		}
		return ps
	}
	for _, tagged := range []bool{false, true} {
		plain := write(t, pages(), testMeta, Options{Tagged: tagged})
		want := inflatedContents(t, plain)
		if len(want) != 14 {
			t.Fatalf("%d page contents in the uncompressed file, want 14", len(want))
		}
		var first []byte
		for _, procs := range []int{1, 2, 8} {
			runtime.GOMAXPROCS(procs)
			out := write(t, pages(), testMeta, Options{Compress: true, Tagged: tagged})
			if bytes.Contains(out, []byte(placeholderHead)) {
				t.Fatal("a placeholder is left in the file")
			}
			got := inflatedContents(t, out)
			if len(got) != len(want) {
				t.Fatalf("%d page contents, want %d", len(got), len(want))
			}
			for i := range got {
				if !bytes.Equal(got[i], want[i]) {
					k := 0
					for k < min(len(got[i]), len(want[i])) && got[i][k] == want[i][k] {
						k++
					}
					t.Errorf("tagged=%v, %d cores: page %d's content differs from the uncompressed file's at byte %d: %q, want %q", tagged, procs, i+1, k, got[i][k:min(k+60, len(got[i]))], want[i][k:min(k+60, len(want[i]))])
				}
			}
			if first == nil {
				first = out
			} else if !bytes.Equal(out, first) {
				t.Errorf("tagged=%v: %d cores write other bytes than one", tagged, procs)
			}
		}
	}
}
