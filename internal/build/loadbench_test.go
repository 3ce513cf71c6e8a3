package build

import (
	"syscall"
	"testing"
	"time"

	"quire/internal/diag"
)

// benchLoad times the load stage alone (project, Markdown, citations,
// references) and reports its CPU time (user and system, all threads)
// beside the wall time: the load stage runs on all cores.
func benchLoad(b *testing.B, path string) {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	var start time.Duration
	n := 0
	for b.Loop() {
		if n == 0 {
			start = cpu()
		}
		n++
		var diags diag.List
		_, p, err := load(path, false, nil, &diags)
		if err != nil {
			b.Fatal(err, diagText(&diags))
		}
		p.Close()
	}
	b.ReportMetric(float64(cpu()-start)/float64(n)/1e6, "cpu-ms/op")
}

func BenchmarkLoadManuscript(b *testing.B) { benchLoad(b, "../../manuscript") }

func BenchmarkLoad100Pages(b *testing.B) { benchLoad(b, genMarkdown(b, 100)) }

func BenchmarkLoad1000Pages(b *testing.B) { benchLoad(b, genMarkdown(b, 1000)) }

// The load stage of the Varied pair (mathvaried_test.go): the formulas
// are read there.
func BenchmarkLoad1000PagesMathVaried(b *testing.B) { benchLoad(b, genMarkdownVaried(b, 1000, false)) }

func BenchmarkLoad1000PagesMathVariedText(b *testing.B) {
	benchLoad(b, genMarkdownVaried(b, 1000, true))
}
