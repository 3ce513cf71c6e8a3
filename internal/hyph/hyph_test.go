package hyph

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"quire/internal/testenv"
	"unicode"
	"unicode/utf8"

	"quire/assets"
)

// hyphenate renders word with '-' at each of h's points.
func hyphenate(h *Hyphenator, word string) string {
	pts := h.Points(word)
	var b strings.Builder
	i := 0
	for _, r := range word {
		if len(pts) > 0 && pts[0] == i {
			b.WriteByte('-')
			pts = pts[1:]
		}
		b.WriteRune(r)
		i++
	}
	return b.String()
}

func TestKnownWords(t *testing.T) {
	// Expected results are the US patterns' output, checked against
	// American dictionary divisions. The patterns give man-u-script
	// (Merriam-Webster's division), which includes manu-script's break.
	tests := []string{
		"hy-phen-ation",
		"type-set-ting",
		"man-u-script",
		"in-ter-na-tional",
		"re-la-tions",
		"agree-ment",
		"com-mu-nism",
		"ta-ble",
		"al-go-rithm",
		"pre-sen-ta-tion",
		"pub-li-ca-tion",
		"bib-li-og-ra-phy",
		"ty-pog-ra-phy",
		"nev-er-the-less",
		"book-keep-ing",
		"dic-tio-nary",
		"chil-dren",
		// Noun/verb pairs are left whole rather than guessed.
		"project",
		"present",
		"record",
		// Exceptions to the patterns.
		"name-space",
		"file-sys-tem",
	}
	h := Default()
	for _, want := range tests {
		word := strings.ReplaceAll(want, "-", "")
		if got := hyphenate(h, word); got != want {
			t.Errorf("hyphenate(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestNoPoints(t *testing.T) {
	h := Default()
	for _, w := range []string{
		"", "a", "to", "the", "word", "Word", "cafe", "John's",
		"don't", "co-operate", "hyphen-ation", "abc123def", "1234567",
		"U.S.A.", "hyphenation.", "e.g.", "hyphenation's'", "’s",
		"wo rd s", "tab\tle", "hyphe\u0301nation", // combining mark is not a letter
	} {
		if got := h.Points(w); got != nil {
			t.Errorf("Points(%q) = %v, want nil", w, got)
		}
	}
}

func TestCase(t *testing.T) {
	h := Default()
	want := h.Points("hyphenation")
	for _, w := range []string{"Hyphenation", "HYPHENATION", "hYpHeNaTiOn"} {
		if got := h.Points(w); !slices.Equal(got, want) {
			t.Errorf("Points(%q) = %v, want %v", w, got, want)
		}
	}
	if got, want := hyphenate(h, "Namespace"), "Name-space"; got != want {
		t.Errorf("exception with capital: got %q, want %q", got, want)
	}
}

func TestPossessive(t *testing.T) {
	h := Default()
	for _, tc := range []struct{ word, want string }{
		{"children's", "chil-dren's"},
		{"Children’s", "Chil-dren’s"},
		{"typesetting's", "type-set-ting's"},
		{"table's", "ta-ble's"},
	} {
		if got := hyphenate(h, tc.word); got != tc.want {
			t.Errorf("hyphenate(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestNonASCII(t *testing.T) {
	h := Default()
	for _, tc := range []struct{ word, want string }{
		{"fiancé", "fi-ancé"},
		{"résumé", "ré-sumé"},
		{"Résumé", "Ré-sumé"},
	} {
		if got := hyphenate(h, tc.word); got != tc.want {
			t.Errorf("hyphenate(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	// Letters the patterns never mention must not crash and must give
	// offsets that are valid rune offsets within the minimums.
	for _, w := range []string{"naïve", "Tōkyōite", "Ōsakan", "coöperation", "Ærøskøbing", "straße", "ΑΒΓΔΕΖΗ", "привет"} {
		checkPoints(t, h, w, h.Points(w))
	}
}

func checkPoints(t *testing.T, h *Hyphenator, w string, pts []int) {
	t.Helper()
	n := utf8.RuneCountInString(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
	left, right := h.Minimums()
	for i, p := range pts {
		if p < left || p > n-right || (i > 0 && p <= pts[i-1]) {
			t.Errorf("Points(%q) = %v: bad offset %d (letters %d, minimums %d,%d)", w, pts, p, n, left, right)
			return
		}
	}
}

func TestMinimums(t *testing.T) {
	h := Default()
	if l, r := h.Minimums(); l != 2 || r != 3 {
		t.Fatalf("Minimums() = %d, %d, want 2, 3 from the pattern file", l, r)
	}
	// Every point in real text respects the file's minimums.
	for _, w := range proseWords(t) {
		checkPoints(t, h, w, h.Points(w))
	}
	h3 := h.WithMinimums(3, 5)
	if got, want := hyphenate(h3, "hyphenation"), "hyphen-ation"; got != want {
		t.Errorf("minimums 3,5: got %q, want %q", got, want)
	}
	if got, want := hyphenate(h3, "typesetting"), "type-setting"; got != want {
		t.Errorf("minimums 3,5: got %q, want %q", got, want)
	}
	if got, want := hyphenate(h, "hyphenation"), "hy-phen-ation"; got != want {
		t.Errorf("WithMinimums changed the original: got %q", got)
	}
	// Minimums from the file: a pattern allowing a break everywhere.
	everywhere := []byte("UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\n1a1\n1b1\n")
	he, err := New(everywhere)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hyphenate(he, "ababab"), "a-b-a-b-a-b"; got != want {
		t.Errorf("minimums 1,1: got %q, want %q", got, want)
	}
	if got, want := hyphenate(he.WithMinimums(2, 3), "ababab"), "ab-a-bab"; got != want {
		t.Errorf("minimums 2,3: got %q, want %q", got, want)
	}
}

func TestNewFormat(t *testing.T) {
	// Levels: odd allows, even forbids, highest wins; '.' anchors.
	h, err := New([]byte("UTF-8\n% comment\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\nCOMPOUNDLEFTHYPHENMIN 2\n" +
		"a1b\nb2c\n.c1\nx1y/x=y,1,1\n\nd1e d3e\nE4F\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ word, want string }{
		{"ababab", "a-ba-ba-b"},
		{"abcab", "a-bca-b"}, // b2c forbids b-c; .c1 needs c at the start
		{"cabab", "c-a-ba-b"},
		{"xyxyxy", "xyxyxy"}, // non-standard pattern skipped
		{"ddeee", "dd-eee"},  // d3e merged with d1e by maximum
		{"eeeff", "eeeff"},   // upper-case pattern, even level
		{"EEEFF", "EEEFF"},
	} {
		if got := hyphenate(h, tc.word); got != tc.want {
			t.Errorf("hyphenate(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}

	// Without an encoding line the file is read as UTF-8 patterns.
	h, err = New([]byte("a1b\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hyphenate(h, "aabbbbb"), "aa-bbbbb"; got != want {
		t.Errorf("no encoding line: got %q, want %q", got, want)
	}

	// NEXTLEVEL: compound-level patterns before it are dropped.
	h, err = New([]byte("UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\nx1x\nNEXTLEVEL\ny1y\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hyphenate(h, "xxxyyy"), "xxxy-y-y"; got != want {
		t.Errorf("NEXTLEVEL: got %q, want %q", got, want)
	}

	// A pattern for hyphenated compounds is skipped; TeX's \hyphenation
	// group gives exceptions.
	h, err = New([]byte("UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\na1-b\nx1x\n\\hyphenation{\nxx-xxx ab-\ncd\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hyphenate(h, "xxxxx"), "xx-xxx"; got != want {
		t.Errorf("\\hyphenation: got %q, want %q", got, want)
	}
	if got, want := hyphenate(h, "xxxxxx"), "x-x-x-x-x-x"; got != want {
		t.Errorf("patterns with hyphenation group: got %q, want %q", got, want)
	}

	for _, bad := range []string{
		"ISO8859-1\na1b\n",
		"UTF-8\na1b\xff\n",
		"UTF-8\nLEFTHYPHENMIN x\n",
		"UTF-8\nLEFTHYPHENMIN 0\n",
		"UTF-8\na1+b\n",
		"UTF-8\n\\hyphenation{\nab1cd\n}\n",
		"UTF-8\n123\n",
	} {
		if _, err := New([]byte(bad)); err == nil {
			t.Errorf("New(%q) succeeded, want error", bad)
		}
	}
}

func TestDefaultShared(t *testing.T) {
	if Default() != Default() {
		t.Error("Default() built twice")
	}
}

func TestLongWord(t *testing.T) {
	h := Default()
	w := strings.Repeat("hyphenation", 500)[:5000]
	start := testenv.CPUTime()
	pts := h.Points(w)
	if d := testenv.CPUTime() - start; d > 200*time.Millisecond {
		t.Errorf("5000-letter word took %v", d)
	}
	if len(pts) < 1000 {
		t.Errorf("5000-letter word: only %d points", len(pts))
	}
	checkPoints(t, h, w, pts)
	// The same word's first break matches the short word's.
	if pts[0] != 2 {
		t.Errorf("first point %d, want 2", pts[0])
	}
	x := strings.Repeat("x", 5000)
	checkPoints(t, h, x, h.Points(x))
}

func TestAppendPointsAllocs(t *testing.T) {
	h := Default()
	words := proseWords(t)
	buf := make([]int, 0, 64)
	allocs := testing.AllocsPerRun(10, func() {
		for _, w := range words {
			buf = h.AppendPoints(buf[:0], w)
		}
	})
	if allocs != 0 {
		t.Errorf("AppendPoints allocates %v times per pass over %d words", allocs, len(words))
	}
}

// proseWords returns the words of testdata/prose.txt with surrounding
// punctuation removed, keeping internal apostrophes and hyphens.
func proseWords(tb testing.TB) []string {
	tb.Helper()
	data, err := os.ReadFile("testdata/prose.txt")
	if err != nil {
		tb.Fatal(err)
	}
	var words []string
	for _, f := range strings.Fields(string(data)) {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
		if w != "" {
			words = append(words, w)
		}
	}
	return words
}

// BenchmarkPoints hyphenates every word of a 1,700-word English text per
// iteration; ns/word is the cost per word.
func BenchmarkPoints(b *testing.B) {
	h := Default()
	words := proseWords(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, w := range words {
			h.Points(w)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
}

// BenchmarkAppendPoints is BenchmarkPoints reusing one result buffer.
func BenchmarkAppendPoints(b *testing.B) {
	h := Default()
	words := proseWords(b)
	buf := make([]int, 0, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, w := range words {
			buf = h.AppendPoints(buf[:0], w)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
}

// BenchmarkNew measures compiling the embedded US patterns.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(assets.HyphenEnUS); err != nil {
			b.Fatal(err)
		}
	}
}

// naivePoints is a direct, unoptimised Liang hyphenation used to check the
// compiled trie: it looks up every substring of the framed word.
func naivePoints(pats map[string][]uint8, word string, left, right int) []int {
	w := "." + strings.ToLower(word) + "."
	r := []rune(w)
	levels := make([]uint8, len(r)+1)
	for i := range r {
		for j := i + 1; j <= len(r); j++ {
			for k, v := range pats[string(r[i:j])] {
				levels[i+k] = max(levels[i+k], v)
			}
		}
	}
	n := len(r) - 2
	var pts []int
	for k := left; k <= n-right; k++ {
		if levels[k+1]%2 == 1 {
			pts = append(pts, k)
		}
	}
	return pts
}

func TestMatchesNaive(t *testing.T) {
	pats := make(map[string][]uint8)
	for _, line := range strings.Split(string(assets.HyphenEnUS), "\n")[1:] {
		line = strings.TrimSpace(line)
		if line == "" || strings.Contains(line, "HYPHENMIN") {
			continue
		}
		var letters []rune
		levels := []uint8{0}
		for _, r := range line {
			if r >= '0' && r <= '9' {
				levels[len(levels)-1] = uint8(r - '0')
			} else {
				letters = append(letters, r)
				levels = append(levels, 0)
			}
		}
		key := string(letters)
		if old, ok := pats[key]; ok {
			for i := range old {
				levels[i] = max(levels[i], old[i])
			}
		}
		pats[key] = levels
	}
	h, err := New(assets.HyphenEnUS) // no exceptions
	if err != nil {
		t.Fatal(err)
	}
	words := proseWords(t)
	words = append(words, "fiancé", "résumé", "naïve", "supercalifragilisticexpialidocious",
		"antidisestablishmentarianism", "pneumonoultramicroscopicsilicovolcanoconiosis")
	checked := 0
	for _, w := range words {
		if strings.ContainsAny(w, "'’-") || utf8.RuneCountInString(w) < MinWordLen {
			continue
		}
		checked++
		if got, want := h.Points(w), naivePoints(pats, w, 2, 3); !slices.Equal(got, want) {
			t.Errorf("Points(%q) = %v, naive Liang gives %v", w, got, want)
		}
	}
	if checked < 500 {
		t.Errorf("only %d words checked", checked)
	}
}
