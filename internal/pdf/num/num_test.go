package num

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestAppendFixed checks AppendFixed against strconv on the values a page
// writes (coordinates, sizes, colour components), on ties and on those
// it hands to strconv.
func TestAppendFixed(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 0.005, 0.015, 0.125, -0.125, 1.005, 2.675, -0.001, -0.004, -0.005,
		0.5, 1.5, 2.5, 841.89, 595.28, 1e9, -1e9, 1e20, math.Inf(1), math.Inf(-1), math.NaN(), 99.995, 999999.995,
		float64(1<<30) / 100, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		vals = append(vals, (rng.Float64()-0.3)*1000, float64(rng.IntN(200000)-50000)/100,
			float64(rng.IntN(2000000))/1000+0.0005, float64(rng.IntN(256))/255, rng.NormFloat64())
	}
	for _, v := range vals {
		for prec := range len(pow10) {
			want := strconv.AppendFloat(nil, v, 'f', prec, 64)
			if got := AppendFixed(nil, v, prec); string(got) != string(want) {
				t.Fatalf("AppendFixed(%v, %d) = %q, strconv writes %q", v, prec, got, want)
			}
		}
	}
}

func BenchmarkAppendFixed(b *testing.B) {
	buf := make([]byte, 0, 64)
	for i := range b.N {
		buf = AppendFixed(buf[:0], float64(i%100000)/100+0.3, 2)
	}
}

func BenchmarkAppendFloat(b *testing.B) {
	buf := make([]byte, 0, 64)
	for i := range b.N {
		buf = strconv.AppendFloat(buf[:0], float64(i%100000)/100+0.3, 'f', 2, 64)
	}
}

// TestAppendInt checks AppendInt against strconv around every length it
// writes itself and beyond.
func TestAppendInt(t *testing.T) {
	for v := int64(-20000); v <= 20000; v++ {
		if got, want := AppendInt([]byte("x"), v), strconv.AppendInt([]byte("x"), v, 10); string(got) != string(want) {
			t.Fatalf("AppendInt(%d) = %q, want %q", v, got, want)
		}
	}
	for _, v := range []int64{math.MaxInt64, math.MinInt64, 1e12, -1e12} {
		if got, want := AppendInt(nil, v), strconv.AppendInt(nil, v, 10); string(got) != string(want) {
			t.Fatalf("AppendInt(%d) = %q, want %q", v, got, want)
		}
	}
}

// TestAppendHundredths: n hundredths as strconv writes n/100 with two
// decimals.
func TestAppendHundredths(t *testing.T) {
	for _, n := range []int64{0, 5, -5, 50, 1205, -1205, 99999, -100} {
		want := strconv.FormatFloat(float64(n)/100, 'f', 2, 64)
		if got := string(AppendHundredths(nil, n)); got != want {
			t.Errorf("AppendHundredths(%d) = %q, want %q", n, got, want)
		}
	}
}
