package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"quire/internal/build"
	"quire/internal/diag"
)

// pngIDAT returns a PNG of w×h pixels drawn by f, and the data of its
// first IDAT chunk, which a PDF holding the image holds verbatim.
func pngIDAT(t *testing.T, w, h int, f func(x, y int) color.Color) (file, idat []byte) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, f(x, y))
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	file = b.Bytes()
	i := bytes.Index(file, []byte("IDAT"))
	n := int(file[i-4])<<24 | int(file[i-3])<<16 | int(file[i-2])<<8 | int(file[i-1])
	return file, file[i+4 : i+4+n]
}

// TestSwapRace builds a manuscript a few hundred times while a goroutine
// swaps its files' symbolic links between files inside the folder and
// files outside it: the Markdown itself, the bibliography, the chart data
// and a folder of images. Every build must read the inside files or refuse
// the link; no PDF and no diagnostic may hold a byte of the outside files.
// (Before files were opened beneath the folder's descriptor, a check then
// an open by name leaked the outside .bib in 75 of 300 builds.)
func TestSwapRace(t *testing.T) {
	root := t.TempDir()
	ms := filepath.Join(root, "ms")
	out := filepath.Join(root, "outside")
	const marker = "OUTSIDE-SECRET"
	insidePNG, insideIDAT := pngIDAT(t, 24, 24, func(x, y int) color.Color { return color.RGBA{uint8(x * 10), 40, 200, 255} })
	outsidePNG, outsideIDAT := pngIDAT(t, 24, 24, func(x, y int) color.Color { return color.RGBA{uint8(x * y), uint8(y * 7), 3, 255} })
	files := map[string][]byte{
		"ms/inside.md": []byte("---\ntitle: Inside\nbibliography: refs.bib\n---\n\nAs shown [@a]; see [the site](https://inside.example/).\n\n" +
			"![A figure](img/fig.png)\n\n```chart\nid: c\ntype: bar\ndata: data.csv\nx: year\ny: n\n```\n"),
		"ms/inside.bib":       []byte("@misc{a, title={Inside}, author={Doe, Jane}, year=2000, url={https://inside.example/bib}}\n"),
		"ms/inside.csv":       []byte("year,n\n1930,1\n1931,2\n"),
		"ms/imgs/fig.png":     insidePNG,
		"outside/paper.md":    []byte("# " + marker + "\n\n[x](https://" + marker + ".example/md) [@a]\n"),
		"outside/refs.bib":    []byte("@misc{a, title={" + marker + "}, author={Doe, Jane}, year=2000, url={https://" + marker + ".example/bib}}\n"),
		"outside/data.csv":    []byte(marker + ",n\n1930,1\n"),
		"outside/img/fig.png": outsidePNG,
	}
	for name, b := range files {
		writeFile(t, filepath.Join(root, name), b)
	}
	// Each link swaps between its inside target (relative) and its outside
	// one (absolute).
	links := []struct{ name, in, out string }{
		{"paper.md", "inside.md", filepath.Join(out, "paper.md")},
		{"refs.bib", "inside.bib", filepath.Join(out, "refs.bib")},
		{"data.csv", "inside.csv", filepath.Join(out, "data.csv")},
		{"img", "imgs", filepath.Join(out, "img")},
	}
	swap := func(i int, outside bool) {
		l := links[i]
		target := l.in
		if outside {
			target = l.out
		}
		tmp := filepath.Join(ms, ".swap-"+l.name)
		os.Remove(tmp)
		if err := os.Symlink(target, tmp); err == nil {
			os.Rename(tmp, filepath.Join(ms, l.name))
		}
	}
	for i := range links {
		swap(i, false)
	}
	builds := 300
	if testing.Short() {
		builds = 60
	}
	ok, refused := 0, 0
	start := time.Now()
	// One link at a time swaps without pause, so that a build reads
	// each file while its link may be changing under it.
	for li := range links {
		var stop atomic.Bool
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; !stop.Load(); n++ {
				swap(li, n%2 == 1)
			}
			swap(li, false)
		}()
		for i := range builds / len(links) {
			var diags diag.List
			pdf, _, _, err := build.Compile(build.Options{Path: ms}, &diags)
			var b bytes.Buffer
			diags.Print(&b)
			if strings.Contains(b.String(), marker) {
				t.Fatalf("%s, build %d: a diagnostic holds outside content:\n%s", links[li].name, i, b.String())
			}
			if bytes.Contains(pdf, []byte(marker)) || bytes.Contains(pdf, outsideIDAT) {
				t.Fatalf("%s, build %d: the PDF holds outside content", links[li].name, i)
			}
			if err == nil {
				ok++
				// The markers are found where they are: the link as a
				// URI action, the image's compressed data as is.
				if !bytes.Contains(pdf, []byte("https://inside.example/")) || !bytes.Contains(pdf, insideIDAT) {
					t.Fatalf("%s, build %d: a successful build without the inside link or image", links[li].name, i)
				}
				continue
			}
			refused++
			if !strings.Contains(b.String(), "links outside the manuscript folder") && !strings.Contains(b.String(), "no such file") {
				t.Fatalf("%s, build %d failed without saying why a file was refused: %v\n%s", links[li].name, i, err, b.String())
			}
		}
		stop.Store(true)
		wg.Wait()
	}
	t.Logf("%d builds in %v: %d read only inside files, %d refused a link out", builds, time.Since(start).Round(time.Millisecond), ok, refused)
	if ok == 0 || refused == 0 {
		t.Errorf("the swap was not exercised: %d builds succeeded, %d refused", ok, refused)
	}
}
