package math

import "testing"

// benchInline are the formulas of the build package's 1000-page
// benchmark with mathematics (internal/build/mathbench_test.go).
var benchInline = []string{
	`x^2 + y^2 = z^2`,
	`\frac{n(n+1)}{2}`,
	`\sum_{i=1}^{n} a_i b_i \le \sqrt{\sum a_i^2}\,\sqrt{\sum b_i^2}`,
	`\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt\pi}{2}`,
	`\left( \frac{a}{b} \right)^{2}`,
	`\alpha_{ij} \in \mathbb{R}`,
	`\begin{pmatrix} a & b \\ c & d \end{pmatrix}`,
	`\hat{\theta} = \bar{x} \pm 1.96\,\sigma/\sqrt{n}`,
}

// BenchmarkInline parses and lays out each formula of benchInline.
func BenchmarkInline(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, s := range benchInline {
			f, err := Parse(s, false, nil)
			if err != nil {
				b.Fatal(err)
			}
			in, err := f.LayoutInline(Options{Size: 10})
			if err != nil {
				b.Fatal(err)
			}
			in.Recycle() // as the layout package does once it has drawn the pieces
		}
	}
}

// BenchmarkLayoutInlineVaried lays out distinct formulas (each of
// benchInline with a term + c_{k}, as the build package's Varied
// benchmark has them), parsed beforehand: the layout alone.
func BenchmarkLayoutInlineVaried(b *testing.B) {
	var fs []*Formula
	for k := 0; k < 64; k++ {
		f, err := Parse(benchInline[k%len(benchInline)]+` + c_{`+string(rune('0'+k/10))+string(rune('0'+k%10))+`}`, false, nil)
		if err != nil {
			b.Fatal(err)
		}
		fs = append(fs, f)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := fs[i%len(fs)]
		in, err := f.LayoutInline(Options{Size: 10})
		if err != nil {
			b.Fatal(err)
		}
		in.Recycle()
	}
}

// variedInline are benchInline's formulas with a term + c_{k}, as the
// build package's Varied benchmark has them.
func variedInline(n int) []string {
	var out []string
	for k := 0; k < n; k++ {
		out = append(out, benchInline[k%len(benchInline)]+` + c_{`+string(rune('0'+k/10%10))+string(rune('0'+k%10))+`}`)
	}
	return out
}

// BenchmarkParseVaried reads distinct formulas (variedInline) with
// frozen macros, as the read-ahead does: the parse alone, per formula.
func BenchmarkParseVaried(b *testing.B) {
	srcs := variedInline(64)
	ms := NewMacros()
	ms.Freeze()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(srcs[i%len(srcs)], false, ms); err != nil {
			b.Fatal(err)
		}
	}
}
