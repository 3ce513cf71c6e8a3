package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// secret is the content of files outside the manuscript folder: it must
// never reach an output.
const secret = "OUTSIDE-SECRET"

// outside writes a file outside the manuscript folder (beside it, under
// outside/) and returns its path.
func outside(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, "..", "outside", name)
	writeFile(t, p, []byte(content))
	return p
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
}

// mknodNull makes a character device like /dev/null at p, if the test
// may (root); it reports whether it did.
func mknodNull(p string) bool {
	os.MkdirAll(filepath.Dir(p), 0o755)
	return syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3) == nil
}

func needMknod(dir string) string {
	p := filepath.Join(dir, "..", ".mknod-probe")
	defer os.Remove(p)
	if !mknodNull(p) {
		return "cannot make device nodes here (not root)"
	}
	return ""
}

// bigPNG writes a w×h grey PNG with a pattern.
func bigPNG(t *testing.T, p string, w, h int) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i*7 + i/w)
	}
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, b.Bytes())
}

const bibEntry = "@book{a, title={Inside}, author={Doe, Jane}, year=2000, publisher={P}}\n"

func citing(bib string) string {
	return "---\nbibliography: " + bib + "\n---\n\nAs shown [@a].\n"
}

// hostile lists hostile folders, outputs that must not be written,
// pathological inputs and diagnostics that must name their file and stay
// clean (issue 11). Each case also gets the checks of every catalog case:
// exit status, diagnostic with a hint, previous PDF byte-identical, no
// temporary file left, no outside content in any output.
var hostile = sync.OnceValue(func() []badInput {
	return []badInput{
		// Nothing is read from outside the manuscript folder.
		{name: "paper.md linking outside", code: 1,
			setup: func(t *testing.T, dir string) {
				symlink(t, outside(t, dir, "secret.md", "# "+secret+"\n"), filepath.Join(dir, "paper.md"))
			},
			diag: `paper\.md: error: manuscript paper\.md links outside the manuscript folder`},
		{name: "paper.md linking outside, named on the command line", path: "ms/paper.md", code: 1,
			setup: func(t *testing.T, dir string) {
				symlink(t, outside(t, dir, "secret.md", "# "+secret+"\n"), filepath.Join(dir, "paper.md"))
			},
			diag: `paper\.md: error: manuscript paper\.md links outside the manuscript folder`},
		{name: "image folder linking outside", files: md("Text.\n\n![A figure](img/a.png)\n"), code: 1,
			setup: func(t *testing.T, dir string) {
				p := outside(t, dir, "img/a.png", "")
				writePNG(t, p, 8, 8)
				symlink(t, filepath.Dir(p), filepath.Join(dir, "img"))
			},
			diag: `paper\.md:3:1: error: image img/a\.png links outside the manuscript folder`},
		{name: "bibliography linking outside", files: md(citing("refs.bib")), code: 1,
			setup: func(t *testing.T, dir string) {
				symlink(t, outside(t, dir, "secret.bib", "@book{a, title={"+secret+"}}\n"), filepath.Join(dir, "refs.bib"))
			},
			diag: `paper\.md:2:1: error: bibliography refs\.bib links outside the manuscript folder`,
			none: []string{"names no bibliography"}},
		{name: "chart data linking outside", files: md(chartDoc("year", "n", "")), code: 1,
			setup: func(t *testing.T, dir string) {
				symlink(t, outside(t, dir, "d.csv", "year,n\n1930,1\n"), filepath.Join(dir, "data.csv"))
			},
			diag: `paper\.md:\d+(:\d+)?: error: chart "c": data file data\.csv links outside the manuscript folder`},
		{name: "FIFO as manuscript", code: 1,
			setup: func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "paper.md")) },
			diag:  `paper\.md: error: manuscript paper\.md is a FIFO \(named pipe\), not a regular file`},
		{name: "FIFO as bibliography", files: md(citing("refs.bib")), code: 1,
			setup: func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "refs.bib")) },
			diag:  `refs\.bib: error: bibliography refs\.bib is a FIFO`},
		{name: "FIFO as image", files: md("Text.\n\n![A figure](a.png)\n"), code: 1,
			setup: func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "a.png")) },
			diag:  `paper\.md:3:1: error: image a\.png is a FIFO`},
		{name: "FIFO as chart data", files: md(chartDoc("year", "n", "")), code: 1,
			setup: func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "data.csv")) },
			diag:  `error: chart "c": data file data\.csv is a FIFO`},
		{name: "socket as bibliography", files: md(citing("refs.bib")), code: 1,
			setup: func(t *testing.T, dir string) {
				l, err := net.Listen("unix", filepath.Join(dir, "refs.bib"))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { l.Close() })
			},
			diag: `refs\.bib: error: bibliography refs\.bib is a socket`},
		{name: "device node as bibliography", files: md(citing("refs.bib")), code: 1,
			setup: func(t *testing.T, dir string) { mknodNull(filepath.Join(dir, "refs.bib")) },
			skip:  needMknod,
			diag:  `refs\.bib: error: bibliography refs\.bib is a character device`},
		{name: "/dev/zero linked as bibliography", files: md(citing("refs.bib")), code: 1,
			setup: func(t *testing.T, dir string) { symlink(t, "/dev/zero", filepath.Join(dir, "refs.bib")) },
			diag:  `paper\.md:2:1: error: bibliography refs\.bib links outside the manuscript folder`},
		{name: "20 GB sparse bibliography", files: md(citing("refs.bib")), code: 1,
			setup: func(t *testing.T, dir string) {
				f, err := os.Create(filepath.Join(dir, "refs.bib"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := f.Truncate(20 << 30); err != nil {
					t.Skip("no sparse files here")
				}
			},
			diag: `refs\.bib: error: bibliography refs\.bib is 20\.0 GB; the limit is 32 MB`, patho: true},
		{name: "CSL-JSON in a .bib", files: withFiles(citing("refs.bib"), "refs.bib", `[{"id": "a", "type": "book", "title": "A Book"}]`), code: 1,
			diag: `refs\.bib:1: error: bibliography refs\.bib holds CSL-JSON, not BibTeX`,
			none: []string{"no bibliography entries were loaded", "names no bibliography"}},
		{name: "BibTeX in a .json", files: withFiles(citing("refs.json"), "refs.json", bibEntry), code: 1,
			diag: `refs\.json:1: error: bibliography refs\.json holds BibTeX, not CSL-JSON`},
		{name: "binary bibliography", files: md(citing("refs.bib")), code: 1,
			setup: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "refs.bib"), []byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12 binary"))
			},
			diag: `refs\.bib: error: bibliography refs\.bib is not a text file`,
			none: []string{"no bibliography entries were loaded", "names no bibliography"}},
		{name: "unreadable bibliography: one message for the citations", files: md("---\nbibliography: nowhere.bib\n---\n\nA [@a], b [@b], c [@c].\n"), code: 1,
			diag: `paper\.md:5:\d+: error: citations cannot be resolved: no entry could be read from nowhere\.bib`,
			none: []string{`unknown citation key "b"`}},
		{name: "chart data as a URL", files: md(strings.Replace(chartDoc("year", "n", ""), "data.csv", "https://example.org/d.csv", 1)), code: 1,
			diag: `error: chart "c": remote data files are not fetched; download https://example\.org/d\.csv into the manuscript folder`},

		// -o never destroys what it should not.
		{name: "-o the manuscript itself", files: md("Text.\n"), out: "ms/paper.md", code: 1,
			diag: `quire: output .*paper\.md is the manuscript's input paper\.md`},
		{name: "-o the bibliography", files: withFiles(citing("refs.bib"), "refs.bib", bibEntry), out: "ms/refs.bib", code: 1,
			diag: `quire: output .*refs\.bib is the manuscript's input refs\.bib`},
		{name: "-o the chart data", files: withFiles(chartDoc("year", "n", ""), "data.csv", "year,n\n1930,1\n1931,2\n"), out: "ms/data.csv", code: 1,
			diag: `quire: output .*data\.csv is the manuscript's input data\.csv`},
		{name: "-o an image", files: md("Text.\n\n![A figure](a.png)\n"), out: "ms/a.png", code: 1,
			setup: func(t *testing.T, dir string) { writePNG(t, filepath.Join(dir, "a.png"), 8, 8) },
			diag:  `quire: output .*a\.png is the manuscript's input a\.png`},
		{name: "-o a link to the manuscript", files: md("Text.\n"), out: "out/link.pdf", code: 1,
			setup: func(t *testing.T, dir string) {
				symlink(t, filepath.Join(dir, "paper.md"), filepath.Join(dir, "..", "out", "link.pdf"))
			},
			diag: `quire: output .*link\.pdf is the manuscript's input paper\.md`},
		{name: "-o a FIFO", files: md("Text.\n"), out: "out/fifo.pdf", code: 1,
			setup: func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "..", "out", "fifo.pdf")) },
			diag:  `quire: output .*fifo\.pdf is a FIFO \(named pipe\), not a regular file`},
		{name: "-o a device node", files: md("Text.\n"), out: "out/null.pdf", code: 1,
			setup: func(t *testing.T, dir string) { mknodNull(filepath.Join(dir, "..", "out", "null.pdf")) },
			skip:  needMknod,
			diag:  `quire: output .*null\.pdf is a character device`},
		{name: "-o a socket", files: md("Text.\n"), out: "out/sock.pdf", code: 1,
			setup: func(t *testing.T, dir string) {
				os.MkdirAll(filepath.Join(dir, "..", "out"), 0o755)
				l, err := net.Listen("unix", filepath.Join(dir, "..", "out", "sock.pdf"))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { l.Close() })
			},
			diag: `quire: output .*sock\.pdf is a socket`},
		{name: "-o /dev/null", files: md("Text.\n"), out: "/dev/null", code: 1,
			diag: `quire: output /dev/null is in /dev`},
		{name: "-o /proc/self/fd/1", files: md("Text.\n"), out: "/proc/self/fd/1", code: 1,
			diag: `quire: output /proc/self/fd/1 is in /proc`},
		{name: "-o a link to /dev/null", files: md("Text.\n"), out: "out/null-link.pdf", code: 1,
			setup: func(t *testing.T, dir string) {
				symlink(t, "/dev/null", filepath.Join(dir, "..", "out", "null-link.pdf"))
			},
			diag: `quire: output .*null-link\.pdf leads to /dev/null`},
		{name: "stale temporary file of a killed build", files: md("Text.\n"), code: 0,
			setup: func(t *testing.T, dir string) {
				// pid 4194304 is above any pid the kernel gives out.
				writeFile(t, filepath.Join(dir, "..", "out", ".paper.pdf.tmp-4194304-123"), make([]byte, 1<<20))
			},
			after: func(t *testing.T, root, out, stderr string) {
				if _, err := os.Stat(filepath.Join(root, "out", ".paper.pdf.tmp-4194304-123")); err == nil {
					t.Error("the stale temporary file was not removed")
				}
			}},

		// Bounded work: each of these finishes in well under 5 s of CPU or is
		// refused with a message naming the limit.
		{name: "@string doubling chain", files: withFiles(citing("refs.bib"), "refs.bib", stringBomb(40)), code: 1,
			diag: `refs\.bib:\d+: error: the value grows past 1 MB by expanding macro`, patho: true},
		{name: "bar chart over range [0, 1e9]", files: withFiles(chartDoc("year", "n", "bin: year\nrange: [0, 1e9]\n"), "data.csv", "year,n\n1930,1\n1931,2\n"), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: chart "c": 1,000,000,001 yearly bars from 0 to 1,000,000,000; a binned bar chart draws at most 2000`, patho: true},
		{name: "timeline over range ±1e9", files: withFiles(strings.Replace(chartDoc("year", "n", "range: [-1e9, 1e9]\nlabel: name\n"), "type: bar", "type: timeline", 1), "data.csv", "year,n,name\n1930,1,a\n1931,2,b\n"), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: chart "c": the axis spans 2,000,000,001 years; a timeline spans at most 10000`, patho: true},
		{name: "line chart over range [0, 1e15]", files: withFiles(strings.Replace(chartDoc("year", "n", "range: [0, 1e15]\n"), "type: bar", "type: line", 1), "data.csv", "year,n\n1930,1\n1931,2\n"), code: 0, patho: true},
		{name: "line chart over range [0, 1e16]", files: withFiles(strings.Replace(chartDoc("year", "n", "range: [0, 1e16]\n"), "type: bar", "type: line", 1), "data.csv", "year,n\n1930,1\n1931,2\n"), code: 1,
			diag: `paper\.md:\d+(:\d+)?: error: range: 1e16 is out of range`, patho: true},
		{name: "chart value of 1e300", files: withFiles(chartDoc("year", "n", ""), "data.csv", "year,n\n1930,1\n1931,1e300\n"), code: 1,
			diag: `error: chart "c": data\.csv:3: column "n": 1e\+300 is out of range`, patho: true},
		{name: "NaN in the data", files: withFiles(chartDoc("year", "n", ""), "data.csv", "year,n\n1930,1\n1931,NaN\n"), code: 1,
			diag: `error: chart "c": data\.csv:3: column "n": "NaN" is not a number`},
		{name: "chain of 1000 footnotes", files: md(noteChain(1000)), code: 0, patho: true},
		{name: "20 KB title", files: md("---\ntitle: \"" + strings.Repeat("word ", 4000) + "\"\n---\n\nText.\n"), code: 0, patho: true},
		{name: "100 KB title", files: md("---\ntitle: \"" + strings.Repeat("word ", 20000) + "\"\n---\n\nText.\n"), code: 0, patho: true, noValidate: true},
		{name: "CSV header of 100k columns", files: withFiles(chartDoc("c1", "c2", ""), "data.csv", wideCSV(100000)), code: 1,
			diag: `error: chart "c": data\.csv:1: the header has 100000 columns; the limit is 10000`, patho: true},
		{name: "100 long unknown keys against 1000 entries", files: withFiles(unknownKeys(100), "refs.bib", manyEntries(1000)), code: 1,
			diag: `paper\.md:\d+:\d+: error: unknown citation key "unknown000y+"`, patho: true},
		{name: "nocite @* over 25000 entries", files: withFiles("---\nbibliography: refs.bib\nnocite: \"@*\"\n---\n\nText.\n", "refs.bib", shortEntries(25000)), code: 1,
			diag: `paper\.md:3:1: error: the bibliography would list 25000 works; the limit is 20000`, patho: true},
		{name: "100k footnotes", files: md(manyNotes(100000)), code: 1,
			diag: `paper\.md:\d+:\d+: error: the manuscript has 100000 footnotes; the limit is 20000`, patho: true},
		{name: "fenced divs nested 5000 deep", files: md(strings.Repeat(":::: {.a}\n", 5000) + "x\n" + strings.Repeat("::::\n", 5000) + "\nafter\n"), code: 0, patho: true,
			diag: `paper\.md:33:1: warning: divs nested deeper than 32 levels are flattened`},
		{name: "1000 inline notes on one line", files: md(inlineNotes(1000, " ") + "\n"), code: 0, patho: true, noValidate: true,
			none: []string{"never closed"}},
		{name: "5000 inline notes, a paragraph each", files: md(inlineNotes(5000, "\n\n")), code: 0, patho: true, noValidate: true},
		{name: "raw LaTeX nested 20000 deep", files: md("A " + strings.Repeat(`\textbf{`, 20000) + "b" + strings.Repeat("}", 20000) + " c.\n"), code: 0, patho: true,
			diag: `paper\.md:1:\d+: warning: raw LaTeX nested deeper than 32 levels is flattened`},
		{name: "a large PNG referenced 100 times", files: md(strings.Repeat("Text.\n\n![A figure](big.png)\n\n", 100)), code: 0, patho: true, noValidate: true,
			setup: func(t *testing.T, dir string) { bigPNG(t, filepath.Join(dir, "big.png"), 3000, 3000) }},

		// Diagnostics name the file and stay clean.
		{name: "CR-only line ends", files: md("# Title\r\rSee @fig:nothere.\r"), code: 1,
			diag: `paper\.md:3:5: error: unknown cross-reference @fig:nothere`},
		{name: "CR-only line ends in the data", files: withFiles(chartDoc("year", "n", ""), "data.csv", "year,n\r1930,1\r1931,two\r"), code: 1,
			diag: `error: chart "c": data\.csv:3: column "n": "two" is not a number`},
		{name: "escape sequence in a CSV header", files: withFiles(chartDoc("year", "nope", ""), "data.csv", "year,\x1b]0;pwned\x07n\n1930,1\n"), code: 1,
			diag: `error: chart "c": data\.csv has no column "nope" \(columns: year, \\x1b\]0;pwned\\x07n\)`,
			none: []string{"\x1b", "\x07"}},
		{name: "fontsize NaN", files: md("---\nfontsize: NaN\n---\n\nText.\n"), code: 1,
			diag: `paper\.md:2:11: error: bad fontsize "NaN"`},
		{name: "--bleed NaNmm", files: md("Text.\n"), args: []string{"--bleed", "NaNmm"}, code: 2,
			diag: `bad length "NaNmm"`, noHint: true},
		{name: "SOURCE_DATE_EPOCH out of range", files: md("Text.\n"), env: map[string]string{"SOURCE_DATE_EPOCH": "99999999999999"}, code: 1,
			diag: `\$SOURCE_DATE_EPOCH: error: SOURCE_DATE_EPOCH="99999999999999" is not a time from 1970 to 9999`},
		{name: "SOURCE_DATE_EPOCH not a number", files: md("Text.\n"), env: map[string]string{"SOURCE_DATE_EPOCH": "yesterday"}, code: 1,
			diag: `\$SOURCE_DATE_EPOCH: error: SOURCE_DATE_EPOCH="yesterday"`},
		{name: "javascript: link", files: md("Click [here](javascript:alert(1)) and <JavaScript:alert(2)>.\n"), code: 0,
			diag:  `paper\.md:1:\d+: warning: a link to a javascript: address is dropped; its text is kept`,
			after: noBytes("javascript", "JavaScript")},
		{name: "file: link", files: md("See [the file](file:///etc/passwd).\n"), code: 0,
			diag:  `paper\.md:1:\d+: warning: a link to a file: address is dropped`,
			after: noBytes("file:", "/etc/passwd")},
		{name: "javascript: url in the bibliography", files: withFiles(citing("refs.bib"), "refs.bib", "@misc{a, title={T}, author={Doe, Jane}, year=2000, url={javascript:alert(1)}}\n"), code: 0,
			diag:  `refs\.bib:1: warning: entry "a": the url is a javascript: address; it is printed but not linked`,
			after: noBytes("/URI (javascript")},
		{name: "short file with invalid UTF-8", files: md("caf\xe9\n"), code: 0,
			diag: `paper\.md:1:4: warning: the file is not valid UTF-8`, none: []string{"not a text file"}},
		{name: "typo in a column of years", files: withFiles(chartDoc("year", "n", ""), "data.csv", "year,n,source\n1936,3,Good\n1937,5,Good\n19x8,4,Bad\n1939,2,Good\n"), code: 1,
			diag: `error: chart "c": data\.csv:4: column "year": "19x8" is not a year or number like the column's other cells`},
		{name: "typo in a column of years, in a draft", files: withFiles(chartDoc("year", "n", ""), "data.csv", "year,n,source\n1936,3,Good\n1937,5,Good\n19x8,4,Bad\n1939,2,Good\n"), args: []string{"--draft"}, code: 0,
			diag: `warning: chart "c": data\.csv:4: column "year": "19x8" is not a year`},
		{name: "empty category", files: withFiles(chartDoc("kind", "n", ""), "data.csv", "kind,n\na,1\n,2\nb,3\n"), code: 1,
			diag: `error: chart "c": data\.csv:3: column "kind": empty cell where a category is needed`},
	}
})

func stringBomb(n int) string {
	var b strings.Builder
	b.WriteString("@string{m0 = \"abcdefghijklmnop\"}\n")
	for i := range n {
		fmt.Fprintf(&b, "@string{m%d = m%d # m%d}\n", i+1, i, i)
	}
	fmt.Fprintf(&b, "@book{a, title = m%d, author={Doe, Jane}, year=2000}\n", n)
	return b.String()
}

func noteChain(n int) string {
	var b strings.Builder
	b.WriteString("Start[^1].\n\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "[^%d]: Note %d refers on[^%d].\n\n", i, i, i+1)
	}
	fmt.Fprintf(&b, "[^%d]: Last.\n", n)
	return b.String()
}

func inlineNotes(n int, sep string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Word %d^[Note %d.]%s", i, i, sep)
	}
	return b.String()
}

func manyNotes(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "P%d[^%d].\n\n", i, i)
	}
	for i := range n {
		fmt.Fprintf(&b, "[^%d]: n.\n\n", i)
	}
	return b.String()
}

func wideCSV(cols int) string {
	var b strings.Builder
	for i := range cols {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "c%d", i)
	}
	b.WriteString("\n")
	for i := range cols {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('1')
	}
	return b.String() + "\n"
}

func manyEntries(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "@book{key%04d%s, title={T}, author={A, B}, year=2000}\n", i, strings.Repeat("x", 200))
	}
	return b.String()
}

func unknownKeys(n int) string {
	var b strings.Builder
	b.WriteString("---\nbibliography: refs.bib\n---\n\n")
	for i := range n {
		fmt.Fprintf(&b, "Cite [@unknown%03d%s].\n\n", i, strings.Repeat("y", 200))
	}
	return b.String()
}

// noBytes checks that a successful build's PDF holds none of the strings.
func noBytes(strs ...string) func(t *testing.T, root, out, stderr string) {
	return func(t *testing.T, root, out, stderr string) {
		b, _ := os.ReadFile(out)
		for _, s := range strs {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("the PDF holds %q", s)
			}
		}
	}
}

func shortEntries(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "@book{k%d, title={Title %d}, author={Doe, Jane}, year=2000, publisher={P}}\n", i, i)
	}
	return b.String()
}
