package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"quire/internal/project"
	"quire/internal/testenv"
)

func TestRaggedRowNamesLine(t *testing.T) {
	_, err := Load(folder(t, "testdata"), "ragged.csv")
	if err == nil || !strings.Contains(err.Error(), "ragged.csv:4:") {
		t.Fatalf("got %v, want an error at ragged.csv:4", err)
	}
}

func TestBadQuote(t *testing.T) {
	_, err := Load(folder(t, "testdata"), "badquote.csv")
	if err == nil || !strings.HasPrefix(err.Error(), "badquote.csv:2") {
		t.Fatalf("got %v", err)
	}
}

func TestTypedAccess(t *testing.T) {
	tb, err := Parse([]byte("\uFEFFyear, n ,when\n1932,\"1,399\",1932-01-01\n1933,x,1933-13\n1934,3,1934-02\n"), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tb.Col("year") != 0 || tb.Col("n") != 1 {
		t.Fatalf("BOM or spaces not stripped from header: %q", tb.Header)
	}
	if v, err := tb.Float(0, 1); err != nil || v != 1399 {
		t.Errorf("Float = %v, %v", v, err)
	}
	_, err = tb.Float(1, 1)
	if err == nil || err.Error() != `t.csv:3: column "n": "x" is not a number` {
		t.Errorf("Float error = %v", err)
	}
	_, err = tb.Date(1, 2)
	if err == nil || !strings.HasPrefix(err.Error(), `t.csv:3: column "when": `) {
		t.Errorf("Date error = %v", err)
	}
	d, err := tb.Date(2, 2)
	if err != nil || d != (Date{1934, 2, 0}) || d.String() != "1934-02" {
		t.Errorf("Date = %v, %v", d, err)
	}
	d, _ = tb.Date(0, 0)
	if d.Decimal() != 1932 || d.End() != 1933 {
		t.Errorf("year-only date: %v..%v", d.Decimal(), d.End())
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"1938", "1938-08", "1938-08-11", "1936-02-29"} {
		if _, err := ParseDate(s); err != nil {
			t.Errorf("ParseDate(%q): %v", s, err)
		}
	}
	for _, s := range []string{"38", "1938-8", "1938-00", "1937-02-29", "1938-08-32", "Aug 1938", "1938-08-11-1"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) succeeded", s)
		}
	}
	d, _ := ParseDate("1938-07-02")
	if got := d.Decimal(); got < 1938.49 || got > 1938.51 {
		t.Errorf("Decimal = %v", got)
	}
}

func TestTooLarge(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = Load(folder(t, dir), "big.csv")
	if err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("got %v", err)
	}
}

func TestMissingAndEmpty(t *testing.T) {
	if _, err := Load(folder(t, "testdata"), "none.csv"); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "none.csv: no such file") {
		t.Errorf("missing: %v", err)
	}
	if _, err := Parse(nil, "e.csv"); err == nil {
		t.Error("empty file accepted")
	}
	if _, err := Parse([]byte("a,a\n"), "d.csv"); err == nil {
		t.Error("duplicate column accepted")
	}
}

func TestRealDataSets(t *testing.T) {
	for _, name := range []string{"treaties.csv", "clashes.csv"} {
		p := filepath.Join("..", "..", "manuscript", "data", name)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("%s: the shipped manuscript's data is not here (replaced?)", p)
		}
		tb, err := Load(folder(t, filepath.Dir(p)), name)
		if err != nil {
			t.Fatal(err)
		}
		dateCols := []string{"date", "start", "end"}
		for _, c := range dateCols {
			col := tb.Col(c)
			if col < 0 {
				continue
			}
			for r := range tb.Rows {
				if _, err := tb.Date(r, col); err != nil {
					t.Error(err)
				}
			}
		}
	}
}

func folder(t *testing.T, dir string) *project.Folder {
	t.Helper()
	f, err := project.OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestHeaderBounds: a header of 100,000 distinct columns is refused with a
// message at once, and duplicate columns are found in linear time.
func TestHeaderBounds(t *testing.T) {
	var b strings.Builder
	for i := range 100_000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "c%d", i)
	}
	start := testenv.CPUTime() // CPU time: a loaded machine must not fail it
	_, err := Parse([]byte(b.String()+"\n"), "wide.csv")
	if err == nil || !strings.Contains(err.Error(), "wide.csv:1: the header has 100000 columns; the limit is 10000") {
		t.Errorf("100k columns: %v", err)
	}
	b.Reset()
	for i := range MaxColumns - 1 {
		fmt.Fprintf(&b, "c%d,", i)
	}
	b.WriteString("c5\n")
	_, err = Parse([]byte(b.String()), "dup.csv")
	if err == nil || !strings.Contains(err.Error(), `column "c5" appears twice`) {
		t.Errorf("duplicate: %v", err)
	}
	if d := testenv.CPUTime() - start; d > time.Second {
		t.Errorf("header checks took %v of CPU time", d)
	}
}

func TestNonFiniteNumbers(t *testing.T) {
	tb, err := Parse([]byte("n\nNaN\nInf\n-infinity\n1e400\n"), "n.csv")
	if err != nil {
		t.Fatal(err)
	}
	for r := range tb.Rows {
		if v, err := tb.Float(r, 0); err == nil {
			t.Errorf("row %d: %q read as %v", r, tb.Cell(r, 0), v)
		}
	}
}
