package pdf

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestAppendNum checks the short form of positions and sizes against
// strconv's, its trailing zeros cut.
func TestAppendNum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 100000 {
		v := round2((rng.Float64() - 0.5) * 2000)
		if i%7 == 0 {
			v = float64(rng.IntN(100)) / 10
		}
		want := strconv.FormatFloat(v, 'f', -1, 64)
		if v == 0 {
			want = "0"
		}
		if got := appendNum(nil, v); string(got) != want {
			t.Fatalf("appendNum(%v) = %q, want %q", v, got, want)
		}
	}
}
