package layout

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"quire/internal/font"
	"quire/internal/shape"
	"quire/internal/testenv"
)

// fitTextLinear is fitText as it was, by linear scan: the reference the
// bisection must agree with.
func fitTextLinear(face string, size float64, s string, width float64) string {
	if shape.Width(face, size, s) <= width {
		return s
	}
	words := strings.Fields(s)
	for n := len(words) - 1; n >= 1; n-- {
		head := strings.TrimRight(strings.Join(words[:n], " "), ",;:–—-")
		if head != "" && shape.Width(face, size, head+"…") <= width {
			return head + "…"
		}
	}
	rs := []rune(s)
	for len(rs) > 1 && shape.Width(face, size, string(rs)+"…") > width {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

func TestFitTextAgreesWithLinearScan(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "deep", "learning,", "biology:", "medicine", "–", "opportunities", "x", "Obstacles;", "Supercalifragilistic"}
	for i := range 300 {
		var b strings.Builder
		for range r.IntN(30) + 1 {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		s := strings.TrimSpace(b.String())
		w := float64(r.IntN(300) + 5)
		if got, want := fitText(font.SerifItalic, 9, s, w), fitTextLinear(font.SerifItalic, 9, s, w); got != want {
			t.Fatalf("case %d: fitText(%q, %v) = %q, the linear scan %q", i, s, w, got, want)
		}
	}
}

// TestFitTextLongTitle: a 100 KB title as the running head is cut in
// well under a second of CPU time (it was quadratic: minutes), and once for
// all pages. CPU time, not wall time: a loaded machine must not fail it.
func TestFitTextLongTitle(t *testing.T) {
	s := strings.Repeat("word ", 20000)
	start := testenv.CPUTime()
	l := &Layout{}
	for range 10 { // ten pages
		l.fitHead(font.SerifItalic, 9, s, 300)
	}
	words := testenv.CPUTime() - start
	start = testenv.CPUTime()
	fitText(font.SerifItalic, 9, strings.Repeat("x", 100000), 300)
	long := testenv.CPUTime() - start
	t.Logf("CPU time: 100 KB of words: %v; 100 KB without a space: %v", words, long)
	if d := words + long; d > 2*time.Second {
		t.Errorf("fitText took %v of CPU time", d)
	}
}
