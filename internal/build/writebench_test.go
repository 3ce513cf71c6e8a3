package build

import (
	"io"
	"testing"

	"quire/internal/diag"
	"quire/internal/pdf"
	"quire/internal/testenv"
)

// The PDF writer alone (pdf.Write), on documents laid out once: the
// manuscript (the article) and the generated 1,000-page book.
func benchWrite(b *testing.B, path string) { benchWriteCache(b, path, nil) }

// benchWriteCache is benchWrite through cache, if not nil: what the writer
// does in a rebuild of quire watch where no page changed.
func benchWriteCache(b *testing.B, path string, cache *Cache) {
	var diags diag.List
	pr, err := prepare(Options{Path: path}, &diags)
	if err != nil {
		b.Fatal(err, diagText(&diags))
	}
	pr.popt.Streams, pr.popt.Fonts, pr.popt.Pages = cache.streamCache(), cache.fontCache(), cache.pageCache()
	if cache != nil {
		if err := pdf.Write(io.Discard, pr.pages, pr.meta, pr.popt); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	cpu := testenv.CPUTime()
	for b.Loop() {
		if err := pdf.Write(io.Discard, pr.pages, pr.meta, pr.popt); err != nil {
			b.Fatal(err)
		}
	}
	// The CPU time (all cores, user + system): on a busy machine wall
	// time says little.
	b.ReportMetric(float64(testenv.CPUTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(pr.pages)), "pages")
}

func BenchmarkWriteManuscript(b *testing.B) { benchWrite(b, "../../manuscript") }

// BenchmarkWriteManuscriptCached is BenchmarkWriteManuscript through a
// Cache that holds every page, as after a rebuild that changed none.
func BenchmarkWriteManuscriptCached(b *testing.B) { benchWriteCache(b, "../../manuscript", NewCache()) }

func BenchmarkWrite1000Pages(b *testing.B) { benchWrite(b, genMarkdown(b, 1000)) }

// The writer alone on the Varied pair: what writing about 9,600 distinct
// inline formulas costs beyond the same text without them.
func BenchmarkWrite1000PagesMathVaried(b *testing.B) {
	benchWrite(b, genMarkdownVaried(b, 1000, false))
}

func BenchmarkWrite1000PagesMathVariedText(b *testing.B) {
	benchWrite(b, genMarkdownVaried(b, 1000, true))
}
