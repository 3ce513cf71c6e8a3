package cite

import (
	"fmt"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/markdown"
	"quire/internal/project"
)

// cpuTime is the process's user and system time: on a machine shared
// with other work the wall time per operation says little, so the
// benchmarks report the processor time too (cpu-ms/op; it includes the
// garbage collector's work on other threads).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs op b.N times, what prepare makes (and its garbage) not
// counted, and reports the processor time per op.
func loop(b *testing.B, prepare func(), op func()) {
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		prepare()
		// the garbage of prepare and of the previous op collected
		// outside the measured time (each op pays for its own)
		runtime.GC()
		b.StartTimer()
		t := cpuTime()
		op()
		cpu += cpuTime() - t
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// articleDoc converts the article (manuscript/) as the build does, up to
// the citations: its front matter and Markdown body.
func articleDoc(b *testing.B) (*project.Project, func() *doc.Document) {
	b.Helper()
	var diags diag.List
	p := project.Load("../../manuscript", &diags)
	if p == nil {
		b.Fatal(diags.Err())
	}
	b.Cleanup(func() { p.Close() })
	return p, func() *doc.Document {
		d := &doc.Document{Meta: p.Meta}
		d.Blocks = markdown.Convert(p.Body, markdown.Options{File: p.File, LineOffset: p.BodyLine}, &diag.List{})
		return d
	}
}

// BenchmarkArticle is the article's citation processing: its
// bibliography read and mapped to CSL items, the style and locale (cached
// after the first build) and its citations and bibliography formatted.
func BenchmarkArticle(b *testing.B) {
	p, mk := articleDoc(b)
	var d *doc.Document
	loop(b, func() { d = mk() }, func() {
		var diags diag.List
		lib := Load(d.Meta.Bibliography, p.Folder, &diags)
		Process(d, lib, &diags)
		if diags.HasErrors() || bibliography(d) == nil {
			b.Fatal(diags.Err())
		}
	})
}

// synthLibrary is n BibTeX entries of several types, by n/3 authors (so
// that works share authors and years and need disambiguation).
func synthLibrary(n int) string {
	var s strings.Builder
	types := []string{"book", "article", "incollection", "phdthesis", "misc"}
	for i := range n {
		a := i / 3
		fmt.Fprintf(&s, "@%s{k%d,\n  author = {Surname%d, Given%d and Other%d, Anne},\n  title = {A Study of Subject %d in {Japan}},\n  year = {%d},\n",
			types[i%len(types)], i, a, a, a%50, i, 1950+(a%40))
		switch types[i%len(types)] {
		case "book":
			fmt.Fprintf(&s, "  publisher = {Press %d},\n  address = {City},\n", i%20)
		case "article":
			fmt.Fprintf(&s, "  journal = {Journal %d},\n  volume = {%d},\n  number = {%d},\n  pages = {%d--%d},\n  doi = {10.1000/j.%d},\n", i%30, i%60, i%4+1, i, i+20, i)
		case "incollection":
			fmt.Fprintf(&s, "  booktitle = {Collected Essays %d},\n  editor = {Editor, Eve},\n  publisher = {Press},\n  address = {City},\n  pages = {%d--%d},\n", i%10, i, i+9)
		case "phdthesis":
			fmt.Fprintf(&s, "  school = {University %d},\n", i%15)
		case "misc":
			fmt.Fprintf(&s, "  url = {https://example.org/%d},\n  urldate = {2020-01-%02d},\n", i, i%28+1)
		}
		s.WriteString("}\n")
	}
	return s.String()
}

// synthDoc is 5,000 citations of n works in 1,000 paragraphs: single and
// multiple cites, locators, repeats (ibid, subsequent).
func synthDoc(style string, n int) *doc.Document {
	d := &doc.Document{Meta: doc.Meta{CitationStyle: style}}
	k := 0
	for range 1000 {
		var in []doc.Inline
		for j := range 5 {
			var c doc.Citation
			items := 1 + (k % 3 / 2)
			for m := range items {
				c.Items = append(c.Items, doc.CiteItem{Key: fmt.Sprintf("k%d", (k*7+m*13)%n), Locator: fmt.Sprint(k%200 + 1)})
			}
			if j == 2 {
				c.Items[0].Key = fmt.Sprintf("k%d", ((k-1)*7)%n) // a repeat
			}
			in = append(in, doc.Text{S: "Some text "}, c, doc.Text{S: "."})
			k++
		}
		d.Blocks = append(d.Blocks, &doc.Paragraph{Content: in})
	}
	return d
}

// BenchmarkLarge is 2,000 entries and 5,000 citations, read from BibTeX
// and formatted, in a note style and in an author-date style.
func BenchmarkLarge(b *testing.B) {
	src := []byte(synthLibrary(2000))
	for _, style := range []string{"chicago-notes-bibliography", "chicago-author-date", "apa", "ieee"} {
		b.Run(style, func(b *testing.B) {
			var d *doc.Document
			loop(b, func() { d = synthDoc(style, 2000) }, func() {
				var diags diag.List
				lib := NewLibrary(ReadBibTeX("large.bib", src, &diags)...)
				Process(d, lib, &diags)
				if diags.HasErrors() || len(bibliography(d).Entries) == 0 {
					b.Fatal(diags.Err())
				}
			})
		})
	}
}
