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
func benchWrite(b *testing.B, path string) {
	var diags diag.List
	pr, err := prepare(Options{Path: path}, &diags)
	if err != nil {
		b.Fatal(err, diagText(&diags))
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

func BenchmarkWrite1000Pages(b *testing.B) { benchWrite(b, genMarkdown(b, 1000)) }
