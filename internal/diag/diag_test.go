package diag

import (
	"strings"
	"testing"
)

func TestLineIndex(t *testing.T) {
	src := []byte("ab\nжжx\n\nlast")
	x := NewLineIndex("f.md", src, 3)
	cases := []struct {
		off       int
		line, col int
	}{{0, 4, 1}, {1, 4, 2}, {3, 5, 1}, {7, 5, 3}, {8, 5, 4}, {9, 6, 1}, {10, 7, 1}, {14, 7, 5}, {5, 5, 2}, {99, 7, 5}}
	for _, c := range cases {
		p := x.Pos(c.off)
		if p.Line != c.line || p.Col != c.col || p.File != "f.md" {
			t.Errorf("Pos(%d) = %v, want f.md:%d:%d", c.off, p, c.line, c.col)
		}
	}
}

func TestListDedupesAndSorts(t *testing.T) {
	var l List
	for i := 0; i < 20; i++ {
		l.Warnf(Pos{File: "a", Line: 9}, "", "same warning")
	}
	l.Errorf(Pos{File: "a", Line: 2, Col: 3}, "do this", "bad %s", "thing")
	items := l.Items()
	if len(items) != 1+maxRepeats {
		t.Fatalf("%d items", len(items))
	}
	if items[0].String() != "a:2:3: error: bad thing\n\thint: do this" {
		t.Errorf("first = %q", items[0])
	}
	if !l.HasErrors() || !strings.Contains(l.Err().Error(), "bad thing") {
		t.Error("error not reported")
	}
}

func BenchmarkLongLine(b *testing.B) {
	src := []byte(strings.Repeat("word ", 200000))
	for i := 0; i < b.N; i++ {
		x := NewLineIndex("f", src, 0)
		for off := 0; off < len(src); off += 50 {
			x.Pos(off)
		}
	}
}

func TestRecoverfDraft(t *testing.T) {
	var strict, draft List
	draft.Draft = true
	strict.Recoverf(Pos{File: "a", Line: 1}, "", "image missing")
	draft.Recoverf(Pos{File: "a", Line: 1}, "", "image missing")
	if !strict.HasErrors() {
		t.Error("Recoverf is an error outside drafts")
	}
	if draft.HasErrors() || len(draft.Items()) != 1 || draft.Items()[0].Hint == "" {
		t.Errorf("draft: %v", draft.Items())
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain café — “quoted”\ttab":  "plain café — “quoted”\ttab",
		"title \x1b]0;pwned\x07 here": `title \x1b]0;pwned\x07 here`,
		"csi \x1b[2J clear":           `csi \x1b[2J clear`,
		"c1 \u009b31m red":            `c1 \u009b31m red`,
		"line\nbreak\rret":            `line\nbreak\rret`,
		"bidi \u202eevil\u202c":       `bidi \u202eevil\u202c`,
		"latin1 caf\xe9":              `latin1 caf\xe9`,
		"del \x7f":                    `del \x7f`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	d := Diagnostic{Pos: Pos{File: "data\x1b[31m.csv", Line: 1}, Msg: "column \"\x1b]0;x\x07\"", Hint: "one\n\ttwo \x1b[0m"}
	if got, want := d.String(), "data\\x1b[31m.csv:1: warning: column \"\\x1b]0;x\\x07\"\n\thint: one\n\ttwo \\x1b[0m"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
