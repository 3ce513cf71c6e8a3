package bibtex

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// chain is a doubling chain of n @string macros: m(i+1) = m(i) # m(i),
// which asks for 16·2ⁿ bytes.
func chain(n int, op string) string {
	var b strings.Builder
	b.WriteString("@string{m0 = \"abcdefghijklmnop\"}\n")
	for i := range n {
		fmt.Fprintf(&b, "@string{m%d = m%d%sm%d}\n", i+1, i, op, i)
	}
	fmt.Fprintf(&b, "@book{k, title = m%d, author = {Doe, Jane}}\n", n)
	return b.String()
}

// FuzzBibTeXMacros: whatever the @string definitions, parsing a small
// file stays fast and every value stays within MaxValue, the expansion of
// the whole file within MaxExpansion. Seeded with the bombs that used to
// exhaust the memory.
func FuzzBibTeXMacros(f *testing.F) {
	f.Add([]byte(chain(40, " # ")))
	f.Add([]byte(chain(64, "#")))
	f.Add([]byte("@string{a = \"x\"}\n@string{b = a # a # a # a # a # a # a # a # a # a # a # a # a # a # a # a}\n@string{c = b # b # b # b # b # b # b # b # b # b # b # b # b # b # b # b}\n@string{d = c # c # c # c # c # c # c # c # c # c # c # c # c # c # c # c}\n@string{e = d # d # d # d # d # d # d # d # d # d # d # d # d # d # d # d}\n@string{f = e # e # e # e # e # e # e # e # e # e # e # e # e # e # e # e}\n@book{k, title = f # f # f # f}\n"))
	// One macro of half a megabyte used in many fields of many entries.
	f.Add([]byte("@string{big = \"" + strings.Repeat("x", 1<<19) + "\"}\n" + strings.Repeat("@book{k, title = big # big, note = big}\n", 3)))
	f.Add([]byte("@string{a = a}\n@string{b = b # a # b}\n@book{k, title = b # jan # feb}\n"))
	f.Add([]byte("@string{x = {br{ace}s} # \"q\" # 12}\n@book{k, title = x}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<20 {
			return
		}
		start := time.Now()
		es, errs := Parse(src)
		total := 0
		for _, e := range es {
			for name, v := range e.Fields {
				if len(v) > MaxValue {
					t.Fatalf("field %s is %d bytes, over MaxValue", name, len(v))
				}
				total += len(v)
			}
		}
		// Every byte of a value comes from the source or from a
		// macro's expansion.
		if total > len(src)+MaxExpansion {
			t.Fatalf("values total %d bytes from a %d-byte file", total, len(src))
		}
		for _, e := range errs {
			if e.Line < 1 {
				t.Fatalf("bad line %d", e.Line)
			}
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("parsing %d bytes took %v", len(src), d)
		}
	})
}

func TestMacroBombs(t *testing.T) {
	for _, src := range []string{chain(40, " # "), chain(64, "#")} {
		start := time.Now()
		es, errs := Parse([]byte(src))
		if len(es) != 1 || len(es[0].Fields["title"]) > MaxValue {
			t.Errorf("entries %+v", len(es))
		}
		found := false
		for _, e := range errs {
			if strings.Contains(e.Msg, "grows past 1 MB") {
				found = true
			}
		}
		if !found {
			t.Errorf("no error names the bound: %v", errs)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %v", d)
		}
	}
	// Many uses of a large macro: the file's expansion is bounded.
	src := "@string{big = \"" + strings.Repeat("x", 1<<19) + "\"}\n" + strings.Repeat("@book{k, title = big}\n", 200)
	_, errs := Parse([]byte(src))
	found := false
	for _, e := range errs {
		if strings.Contains(e.Msg, "more than 64 MB in this file") {
			found = true
		}
	}
	if !found {
		t.Errorf("200 uses of a 512 KB macro: no error names the file's bound")
	}
}
