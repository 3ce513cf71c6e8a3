package hyph

import (
	"bytes"
	"slices"
	"testing"

	"quire/assets"
)

func TestMarshalRoundTrip(t *testing.T) {
	h, err := New(assets.HyphenEnUS)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.AddException("name-space"); err != nil {
		t.Fatal(err)
	}
	b, err := h.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	g, err := Load(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range append(proseWords(t), "namespace", "fiancé", "Ærøskøbing") {
		if got, want := g.Points(w), h.Points(w); !slices.Equal(got, want) {
			t.Fatalf("Points(%q) after Load = %v, want %v", w, got, want)
		}
	}
	b2, _ := g.MarshalBinary()
	if !bytes.Equal(b, b2) {
		t.Error("marshal(load(b)) differs from b")
	}
	// The embedded compiled set is what Default serves.
	if Default().Points("namespace") == nil {
		t.Error("Default lacks the en-US exceptions")
	}
}

// TestLoadCorrupt cuts and flips the compiled data: Load must fail or give
// a Hyphenator that does not panic, never panic itself.
func TestLoadCorrupt(t *testing.T) {
	h, _ := New([]byte("UTF-8\na1b\nc2d\n.ex1am\n"))
	_ = h.AddException("ex-am-ple")
	b, _ := h.MarshalBinary()
	for n := 0; n < len(b); n += 7 {
		if _, err := Load(b[:n]); err == nil {
			t.Errorf("Load of %d of %d bytes succeeded", n, len(b))
		}
	}
	for i := 0; i < len(b); i += 3 {
		c := slices.Clone(b)
		c[i] ^= 0xA5
		g, err := Load(c)
		if err == nil {
			g.Points("abcdexample")
			g.Points("example")
		}
	}
	if _, err := Compiled("no-such-language"); err == nil {
		t.Error("Compiled of an unknown set succeeded")
	}
}

// BenchmarkDefaultLoad measures what a build pays for English patterns:
// loading the compiled trie (compare BenchmarkNew, compiling them).
func BenchmarkLoad(b *testing.B) {
	data, err := assets.FS.ReadFile("hyphen/trie/en-US.trie")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(data); err != nil {
			b.Fatal(err)
		}
	}
}
