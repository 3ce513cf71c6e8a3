package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"image/color"
	"io"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"quire/internal/doc"
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

// drawnPages returns n pages, each of whose content says which page it
// is (a line at x = 100 + its index), with what a drawer hands to the
// document's renderer: links to anchors on other pages and to URLs, a
// link whose text runs over two pages, bookmarks, a figure and a formula
// (their boxes), unmarked items (the marker's loose node), headers and a
// PageStart, and on every fifth page an image (fpdf draws there).
func drawnPages(t testing.TB, n int) []*draw.Page {
	root := &draw.Node{Role: draw.RoleDocument}
	black := draw.Color{}
	img := pngData(t, 8, 6, color.RGBA{0, 90, 200, 255})
	var pages []*draw.Page
	var link *draw.Node
	for i := range n {
		p := &draw.Page{Width: 300, Height: 300}
		para := root.Add(draw.RoleP)
		if i%2 == 0 {
			link = para.Add(draw.RoleLink)
		}
		fig := root.Add(draw.RoleFigure)
		p.Items = append(p.Items,
			&draw.Anchor{Name: fmt.Sprintf("p%d", i), Y: 20},
			&draw.Bookmark{Title: fmt.Sprintf("Page %d", i+1), Level: i % 2, Y: 20},
			&draw.Text{X: 20, Y: 20, Face: font.Sans, Size: 8, S: "Header", Tag: draw.Artifact(draw.ArtifactHeader)},
			&draw.Text{X: 20, Y: 40, Face: font.Serif, Size: 10, S: fmt.Sprintf("Page %d, to", i+1), Tag: para, Space: true},
			&draw.Text{X: 90, Y: 40, Face: font.SerifItalic, Size: 10, S: fmt.Sprintf("page %d", (i+7)%n+1), Tag: link, Space: i%2 == 0},
			&draw.Link{X: 90, Y: 32, W: 40, H: 10, Dest: fmt.Sprintf("p%d", (i+7)%n), Tag: link},
			&draw.Link{X: 20, Y: 50, W: 40, H: 10, URL: fmt.Sprintf("https://example.org/%d", i)},
			&draw.Text{X: 20, Y: 60, Face: font.Mono, Size: 9, S: "unmarked " + strconv.Itoa(i)},
			&draw.Path{Path: doc.Path{Ops: []doc.PathOp{
				{Kind: doc.MoveTo, Points: [3][2]float64{{float64(100 + i), 20}}},
				{Kind: doc.LineTo, Points: [3][2]float64{{float64(100 + i), 30}}},
			}, Stroke: &black, LineWidth: 0.5 + float64(i%3)}, Tag: fig},
		)
		// A code that stands for other text on each page: the first
		// meaning is the one of page 1 (its ToUnicode entry); an anchor
		// on every page: the first is page 1's.
		p.Items = append(p.Items,
			&draw.Text{X: 20, Y: 70, Face: font.Serif, Size: 10, Tag: para, Glyphs: []draw.Glyph{{Code: 0xFB01, Adv: 556, Text: fmt.Sprintf("f%di", i%10)}}},
			&draw.Anchor{Name: "everywhere", Y: float64(100 + i)},
			&draw.Link{X: 20, Y: 62, W: 40, H: 10, Dest: "everywhere", Tag: para},
		)
		if i%5 == 3 {
			p.Items = append(p.Items, &draw.Image{X: 20, Y: 200, W: 40, H: 30, Key: "blue", Data: img, Format: "png", Tag: fig})
		}
		if i%7 == 2 {
			p.Items = append(p.Items, &draw.PageStart{Page: i}, &draw.Text{X: 20, Y: 250, Face: font.Serif, Size: 10, S: "from the page before", Tag: root.Add(draw.RoleP)})
		}
		p.Items = append(p.Items, &draw.Text{X: 140, Y: 290, Face: font.Serif, Size: 9, S: strconv.Itoa(i + 1), Tag: draw.Artifact(draw.ArtifactFooter)})
		pages = append(pages, p)
	}
	return pages
}

// TestDrawPagesInPlace: pages drawn on several cores each hold their own
// content, in their place in the file, and the file is the one a one-core
// build writes, tagged or not, compressed or not. Run with -race, it also
// fails when drawers write what they share.
func TestDrawPagesInPlace(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	const n = 41
	for _, opt := range []Options{{Compress: true, Tagged: true}, {Tagged: true}, {Compress: true}, {}} {
		runtime.GOMAXPROCS(1)
		want := write(t, drawnPages(t, n), testMeta, opt)
		contents := inflatedContents(t, want)
		if len(contents) != n {
			t.Fatalf("%+v: %d page contents, want %d", opt, len(contents), n)
		}
		for i, c := range contents {
			mark := fmt.Sprintf("\n%d.00 280.00 m\n", 100+i)
			if !bytes.Contains(c, []byte(mark)) {
				t.Fatalf("%+v: page %d does not hold its own content (%q)", opt, i+1, mark)
			}
		}
		if !bytes.Contains(toUnicodeMaps(t, want), []byte("<FB01> <006600300069>")) {
			t.Errorf("%+v: the ligature's meaning is not the first page's", opt)
		}
		if got := bytes.Count(want, []byte("/Dest [3 0 R /XYZ 0 200.00 null]")); got != n {
			t.Errorf("%+v: %d links to the first anchor of a name, want %d", opt, got, n)
		}
		if err := api.Validate(bytes.NewReader(want), strictConf()); err != nil {
			t.Fatalf("%+v: %v", opt, err)
		}
		for _, procs := range []int{2, 8} {
			runtime.GOMAXPROCS(procs)
			for range 3 {
				got := write(t, drawnPages(t, n), testMeta, opt)
				if !bytes.Equal(got, want) {
					t.Fatalf("%+v, GOMAXPROCS=%d: the file differs from the one-core build at byte %d", opt, procs, firstDiff(got, want))
				}
			}
		}
	}
}

func firstDiff(a, b []byte) int {
	k := 0
	for k < min(len(a), len(b)) && a[k] == b[k] {
		k++
	}
	return k
}

// TestFileID: the file identifier is the MD5 of the file without it, for
// a file whose structure tree is built while the file is hashed (tagged)
// and for one without.
func TestFileID(t *testing.T) {
	id := regexp.MustCompile(`\n/ID \[<([0-9a-f]{32})> <([0-9a-f]{32})>\]\n`)
	for _, opt := range []Options{DefaultOptions(), {Compress: true}} {
		out := write(t, drawnPages(t, 9), testMeta, opt)
		m := id.FindSubmatchIndex(out)
		if m == nil {
			t.Fatalf("%+v: no /ID in the trailer", opt)
		}
		if !bytes.Equal(out[m[2]:m[3]], out[m[4]:m[5]]) {
			t.Fatalf("%+v: two different identifiers", opt)
		}
		without := slices.Concat(out[:m[0]+1], out[m[1]:])
		if sum := md5.Sum(without); hex.EncodeToString(sum[:]) != string(out[m[2]:m[3]]) {
			t.Errorf("%+v: the identifier %s is not the MD5 of the file, %x", opt, out[m[2]:m[3]], sum)
		}
	}
}
