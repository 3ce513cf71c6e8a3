package pdf_test

import (
	"io"
	"testing"

	"quire/internal/build"
	"quire/internal/diag"
	"quire/internal/pdf"
)

// The cost of tagging, alone: the manuscript's pages, laid out once,
// written tagged (the default) and untagged. Layout marks the items
// either way; what differs is the writer's work (marked content, the
// structure tree, the entries fix adds).
func benchWrite(b *testing.B, tagged bool) {
	var diags diag.List
	pages, err := build.Pages("../../manuscript", "", &diags)
	if err != nil {
		b.Fatal(err)
	}
	opt := pdf.DefaultOptions()
	opt.Tagged = tagged
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := pdf.Write(io.Discard, pages, pdf.Meta{Title: "Bench"}, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(pages)), "pages")
}

func BenchmarkWriteTagged(b *testing.B)   { benchWrite(b, true) }
func BenchmarkWriteUntagged(b *testing.B) { benchWrite(b, false) }
