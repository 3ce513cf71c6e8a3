package pdf

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// oldFixAnnot is fixAnnot as it was written with fmt, the reference.
func oldFixAnnot(a, entries []byte) []byte {
	const typ = "<</Type /Annot "
	if !strings.HasPrefix(string(a), typ) {
		return a
	}
	out := slices.Concat([]byte(typ+"/F 4 "), entries, a[len(typ):])
	const rect = "/Rect ["
	i := strings.Index(string(out), rect)
	if i < 0 {
		return out
	}
	i += len(rect)
	j := strings.IndexByte(string(out[i:]), ']')
	if j < 0 {
		return out
	}
	f := strings.Fields(string(out[i : i+j]))
	if len(f) != 4 {
		return out
	}
	var v [4]float64
	for k, s := range f {
		var err error
		if v[k], err = strconv.ParseFloat(s, 64); err != nil {
			return out
		}
	}
	r := fmt.Appendf(nil, "%.2f %.2f %.2f %.2f", min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3]))
	return slices.Concat(out[:i], r, out[i+j:])
}

// TestFixAnnot: the annotation objects are what fmt wrote, for
// rectangles of every shape fpdf may write and some it does not.
func TestFixAnnot(t *testing.T) {
	entries := []byte("/StructParent 12 /Contents (a link) ")
	for _, a := range []string{
		"<</Type /Annot /Subtype /Link /Rect [72.00 700.50 144.25 688.00] /Border [0 0 0] /A <</S /URI /URI (https://x.org)>>>>",
		"<</Type /Annot /Subtype /Link /Rect [10 20 5 1] /Border [0 0 0]>>",
		"<</Type /Annot /Subtype /Link /Rect [-0.004 1e3 0.005 2.675]>>",
		"<</Type /Annot /Subtype /Link /Rect [1 2 3] /Border [0 0 0]>>",
		"<</Type /Annot /Subtype /Link /Rect [1 2 3 4 5]>>",
		"<</Type /Annot /Subtype /Link /Rect [1 x 3 4]>>",
		"<</Type /Annot /Subtype /Link /Rect [1 2 3 4",
		"<</Type /Annot /Subtype /Link>>",
		"<</Subtype /Link /Rect [4 3 2 1]>>",
	} {
		for _, e := range [][]byte{nil, entries} {
			want := fmt.Appendf(nil, "%d 0 obj\n%s\nendobj\n", 77, oldFixAnnot([]byte(a), e))
			if got := annotObject(77, []byte(a), e); string(got) != string(want) {
				t.Errorf("annotObject(%q):\n got %q\nwant %q", a, got, want)
			}
		}
	}
}

func TestFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "é ü", "a\nb", "x y z"} {
		if got, want := fields(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("fields(%q) = %q, want %q", s, got, want)
		}
	}
}
