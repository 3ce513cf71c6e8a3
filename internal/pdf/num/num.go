// Package num writes numbers as PDF content streams and objects hold
// them: fixed decimals, the same bytes as strconv's fixed formatting.
//
// A page writes a few thousand coordinates, each with two decimals;
// strconv's fixed-precision formatting, which finds the exact decimal
// expansion of the float, was a tenth of what drawing a page cost.
// AppendFixed writes the same bytes from an integer instead, and leaves to
// strconv only the values it cannot be sure of.
package num

import (
	"math"
	"strconv"
)

// AppendHundredths appends n hundredths with two decimals ("12.05",
// "-0.50"): what AppendFixed writes with prec 2 for a value it rounds to
// n hundredths.
func AppendHundredths(b []byte, n int64) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	return appendHundredths(b, n)
}

// appendHundredths is AppendHundredths for n >= 0.
func appendHundredths(b []byte, n int64) []byte {
	b = strconv.AppendInt(b, n/100, 10)
	d := n % 100 * 2
	return append(b, '.', digitPairs[d], digitPairs[d+1])
}

// pow10 are the scales of the precisions AppendFixed takes.
var pow10 = [...]float64{1, 10, 100, 1000, 1e4, 1e5}

// AppendFixed appends v with prec decimals (0 <= prec <= 5), as
// strconv.AppendFloat(b, v, 'f', prec, 64) does: the same bytes for
// every v. v·10^prec is rounded as an integer when that cannot differ
// from rounding v's exact value: when the product is far enough from a
// half (its rounding error is below 2^-20 for the magnitudes taken) and
// not too large; strconv writes the others (ties, huge values, NaN).
func AppendFixed(b []byte, v float64, prec int) []byte {
	x := v * pow10[prec]
	if !(math.Abs(x) < 1<<30) {
		return strconv.AppendFloat(b, v, 'f', prec, 64)
	}
	t := math.Trunc(x)
	if f := math.Abs(x - t); math.Abs(f-0.5) < 1.0/(1<<20) {
		return strconv.AppendFloat(b, v, 'f', prec, 64)
	}
	n := int64(math.Round(x))
	if math.Signbit(v) {
		// strconv writes the sign of a negative value that rounds to
		// zero ("-0.00"), and of -0.
		b = append(b, '-')
		n = -n
	}
	if prec == 2 { // most numbers: the integer part, a pair of digits
		return appendHundredths(b, n)
	}
	if prec == 0 {
		return strconv.AppendInt(b, n, 10)
	}
	var buf [24]byte
	i := len(buf)
	for k := 0; k < prec; k++ {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	i--
	buf[i] = '.'
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(b, buf[i:]...)
}

const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// AppendInt appends v in decimal, as strconv.AppendInt(b, v, 10) does:
// the numbers of a page's TJ arrays, a few hundred thousandths of an em,
// from the table of digit pairs, without strconv's layers.
func AppendInt(b []byte, v int64) []byte {
	if v < 0 {
		if v < -9999 {
			return strconv.AppendInt(b, v, 10)
		}
		b = append(b, '-')
		v = -v
	}
	switch {
	case v < 10:
		return append(b, byte('0'+v))
	case v < 100:
		return append(b, digitPairs[2*v], digitPairs[2*v+1])
	case v < 1000:
		d := v % 100 * 2
		return append(b, byte('0'+v/100), digitPairs[d], digitPairs[d+1])
	case v < 10000:
		h, d := v/100*2, v%100*2
		return append(b, digitPairs[h], digitPairs[h+1], digitPairs[d], digitPairs[d+1])
	}
	return strconv.AppendInt(b, v, 10)
}
