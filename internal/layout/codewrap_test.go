package layout

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
)

func TestCodeBreak(t *testing.T) {
	for _, c := range []struct {
		line string
		max  int
		want string // the first line
	}{
		{"short", 10, "short"},
		{"alpha beta gamma", 12, "alpha beta "},
		{"alpha beta gamma", 10, "alpha "},
		{"x = compute(alpha, beta)", 20, "x = compute(alpha, "},
		{"x = compute(alpha_beta_gamma)", 20, "x = compute"},
		{"    if valueIsHere", 12, "    if "},
		{"abcdefghijklmnopqrstuvwxyz", 10, "abcdefghij"},
		{"path/to/some/file.txt", 14, "path/to/some/"},
		{"          a", 5, "     "},
	} {
		got := string([]rune(c.line)[:codeBreak([]rune(c.line), c.max)])
		if got != c.want {
			t.Errorf("codeBreak(%q, %d): first line %q, want %q", c.line, c.max, got, c.want)
		}
	}
}

// A code line too long for the measure wraps at a space or punctuation,
// never inside a word that fits; its continuation keeps its indentation;
// a word longer than the line is cut at the line's end.
func TestCodeLinesWrapBetweenWords(t *testing.T) {
	long := "    result = transform(input_values, scale_factor, offset) + adjustment_term * coefficient - another_quantity_here"
	huge := strings.Repeat("z", 200)
	d := &doc.Document{Blocks: []doc.Block{&doc.CodeBlock{Text: long + "\n" + huge + "\n"}}}
	st := article(t)
	pages, err := New(st, &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, tx := range texts(pages[0]) {
		if tx.Face == st.MonoFace && tx.S != "\u21a9" {
			lines = append(lines, tx.S)
		}
	}
	var words []string
	for _, l := range lines {
		if !strings.HasPrefix(strings.TrimSpace(l), "z") {
			words = append(words, strings.Fields(l)...)
		}
	}
	if strings.Join(words, " ") != strings.Join(strings.Fields(long), " ") || len(lines) < 4 {
		t.Fatalf("lines %q do not hold the words of the code line whole", lines)
	}
	// Continuations are indented four spaces beyond their line.
	for i, want := range []string{"    result", "        ", "zzz", "    zzz"} {
		if !strings.HasPrefix(lines[i], want) || i == 1 && strings.HasPrefix(lines[i], "         ") {
			t.Errorf("line %d: %q, want it to start %q", i+1, lines[i], want)
		}
	}
	ys := 0
	for _, l := range lines {
		ys += strings.Count(l, "z")
	}
	if ys != 200 {
		t.Errorf("the long word is not all there: %d of 200", ys)
	}
}
