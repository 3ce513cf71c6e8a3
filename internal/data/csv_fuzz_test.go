package data

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzCSV parses a fuzzed table and converts every cell as a number and as
// a date. It must not panic; rows must be as long as the header, and every
// error must name a line of the file.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"year,n\n1930,1\n1931,2\n",
		"date,name,count\n1938-07-29,Khasan,1\n1939-05,Nomonhan,\"1,000\"\n",
		"a,b\n1,2,3\n",
		"a,a\n",
		"\ufeffx, y \n\"unclosed,1\n",
		"x\n-1e308\n1e400\nNaN\n+Inf\n0x10\n 12 \n",
		"d\n0000\n9999-12-31\n2000-02-30\n1900-02-29\n-0001\n",
		",\n",
		"a\r\nb\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		tab, err := Parse(src, "d.csv")
		lines := bytes.Count(src, []byte("\n")) + 1
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if e.File != "d.csv" || e.Line < 0 || e.Line > lines {
				t.Fatalf("error outside the file's %d lines: %v", lines, err)
			}
			return
		}
		if len(tab.Lines) != len(tab.Rows) {
			t.Fatalf("%d lines for %d rows", len(tab.Lines), len(tab.Rows))
		}
		for r, row := range tab.Rows {
			if len(row) != len(tab.Header) {
				t.Fatalf("row %d has %d cells for %d columns", r, len(row), len(tab.Header))
			}
			if tab.Lines[r] < 1 || tab.Lines[r] > lines {
				t.Fatalf("row %d on line %d of %d", r, tab.Lines[r], lines)
			}
			for c := range row {
				if _, err := tab.Float(r, c); err != nil && err.Error() == "" {
					t.Fatal("empty error")
				}
				if d, err := tab.Date(r, c); err == nil {
					_ = d.String()
					if x, end := d.Decimal(), d.End(); end < x {
						t.Fatalf("date %q ends (%v) before it starts (%v)", tab.Cell(r, c), end, x)
					}
				}
			}
		}
	})
}
