// Package hyph finds hyphenation points in words with Liang's algorithm, the
// pattern-based method used by TeX.
//
// Patterns are read from files in libhyphen (.dic) format, as shipped with
// LibreOffice and Debian's hyphen-* packages, or TeX's hyph-utf8 .pat.txt
// files. New compiles them; MarshalBinary and Load move a compiled
// Hyphenator to and from the compact form embedded in assets/hyphen/trie,
// which Compiled loads by name on first use, so that no build compiles
// patterns. Default is US English; package lang maps languages to sets.
package hyph

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// MinWordLen is the number of letters a word needs before it is hyphenated
// at all; shorter words never get hyphenation points.
const MinWordLen = 5

// Default left and right minimums, used when a pattern file does not set
// LEFTHYPHENMIN or RIGHTHYPHENMIN. They are TeX's values for US English.
const (
	defaultLeftMin  = 2
	defaultRightMin = 3
)

// Symbol codes. Code 0 stands for any rune that occurs in no pattern, so a
// trie walk stops as soon as it meets one.
const (
	codeNone = 0
	codeDot  = 1 // word boundary, '.' in patterns
	codeA    = 2 // 'a'; 'b' is codeA+1 and so on up to 'z'
)

// stackLetters is the longest word handled without heap allocation.
const stackLetters = 64

// A Hyphenator finds hyphenation points with a compiled set of Liang
// patterns. It is immutable once built and safe for concurrent use.
type Hyphenator struct {
	leftMin, rightMin int

	// codes maps non-ASCII runes that occur in patterns to symbol codes;
	// ASCII letters use fixed codes.
	codes map[rune]uint8

	// The pattern trie as a double array: the child of state s along
	// symbol c is t = trie[s].base+c if trie[t].check == s. State 0 is the
	// root. A state ending a pattern has its inter-letter levels in
	// values[val:val+nval], starting before the pattern's first symbol.
	trie   []state
	values []uint8

	// exceptions maps words, as symbol-code strings, to their break
	// offsets, overriding the patterns. Every letter of an exception has a
	// code, so a word containing an unknown letter never matches one.
	exceptions map[string][]int

	// found caches the points of the words met, by their symbol codes
	// (what the points depend on); nil in a Hyphenator built by hand.
	found *pointCache
}

// pointCache maps words, as symbol-code strings, to their points: a text
// uses a few thousand distinct words many times each, and a lookup costs
// a tenth of a trie walk.
type pointCache struct {
	mu sync.RWMutex
	m  map[string][]int
}

// maxCached bounds the words a cache holds: past it, new words are
// hyphenated without being kept.
const maxCached = 1 << 16

func newPointCache() *pointCache { return &pointCache{m: map[string][]int{}} }

func (c *pointCache) get(key []byte) ([]int, bool) {
	c.mu.RLock()
	pts, ok := c.m[string(key)]
	c.mu.RUnlock()
	return pts, ok
}

func (c *pointCache) put(key []byte, pts []int) {
	c.mu.Lock()
	if len(c.m) < maxCached {
		c.m[string(key)] = slices.Clip(pts)
	}
	c.mu.Unlock()
}

// Default returns the US-English Hyphenator: the compiled form (see
// Compiled) of the embedded assets.HyphenEnUS patterns with package lang's
// exception list. It is loaded on first use and shared; it panics if the
// compiled patterns are missing or invalid.
func Default() *Hyphenator {
	h, err := Compiled("en-US")
	if err != nil {
		panic(err.Error())
	}
	return h
}

// New compiles a pattern file in libhyphen .dic format.
//
// The first line names the encoding; only UTF-8 is accepted (a file whose
// first line is already a pattern is read as UTF-8 too). LEFTHYPHENMIN and
// RIGHTHYPHENMIN set the minimum number of letters before the first and
// after the last break (default 2 and 3). Lines starting with '%' or '#',
// other keywords (COMPOUNDLEFTHYPHENMIN, NOHYPHEN, ...) and libhyphen's
// non-standard patterns with a "/replacement,start,cut" suffix are skipped,
// since a break offset cannot express a spelling change. If the file has a
// NEXTLEVEL line, the compound-word patterns before it are ignored and only
// the ordinary hyphenation patterns after it are used. The words of a TeX
// \hyphenation{...} group (one a line or several) become exceptions. Patterns holding a
// hyphen (for words already hyphenated, which Quire breaks at the hyphen)
// are skipped too. Pattern letters are
// lower-cased; a pattern given twice has its levels merged by maximum.
func New(patterns []byte) (*Hyphenator, error) {
	if !utf8.Valid(patterns) {
		return nil, errors.New("hyph: pattern file is not valid UTF-8")
	}
	h := &Hyphenator{
		leftMin:  defaultLeftMin,
		rightMin: defaultRightMin,
		codes:    make(map[rune]uint8),
	}
	b := newBuilder()
	sc := bufio.NewScanner(bytes.NewReader(patterns))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	lineNo := 0
	inExceptions := false
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		if lineNo == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
			if isEncodingLine(line) {
				if !strings.EqualFold(line, "UTF-8") && !strings.EqualFold(line, "UTF8") {
					return nil, fmt.Errorf("hyph: unsupported pattern encoding %q (want UTF-8)", line)
				}
				continue
			}
		}
		if line == "" || line[0] == '%' || line[0] == '#' {
			continue
		}
		// TeX's \patterns{...} and \hyphenation{...} groups, as some
		// converted files still hold: the words of the latter are
		// exceptions.
		if strings.HasPrefix(line, "\\patterns{") || line == "}" {
			inExceptions = false
			continue
		}
		if strings.HasPrefix(line, "\\hyphenation{") {
			inExceptions = true
			continue
		}
		if inExceptions {
			for _, w := range strings.Fields(strings.TrimSuffix(line, "}")) {
				if err := h.AddException(w); err != nil {
					return nil, fmt.Errorf("hyph: line %d: exception %q: %v", lineNo, w, err)
				}
			}
			if strings.HasSuffix(line, "}") {
				inExceptions = false
			}
			continue
		}
		if kw, arg, ok := keyword(line); ok {
			switch kw {
			case "LEFTHYPHENMIN", "RIGHTHYPHENMIN":
				n, err := strconv.Atoi(arg)
				if err != nil || n < 1 {
					return nil, fmt.Errorf("hyph: line %d: bad %s value %q", lineNo, kw, arg)
				}
				if kw == "LEFTHYPHENMIN" {
					h.leftMin = n
				} else {
					h.rightMin = n
				}
			case "NEXTLEVEL":
				b = newBuilder() // drop the compound-level patterns
			}
			continue
		}
		if strings.ContainsRune(line, '/') {
			continue // non-standard pattern
		}
		if strings.ContainsRune(line, '-') {
			continue // a pattern for hyphenated compounds: Quire breaks those at the hyphen
		}
		// A line may hold several whitespace-separated patterns.
		for _, p := range strings.Fields(line) {
			if err := b.add(h, p); err != nil {
				return nil, fmt.Errorf("hyph: line %d: %v", lineNo, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("hyph: reading patterns: %v", err)
	}
	b.compile(h)
	return h, nil
}

// isEncodingLine reports whether the first line of a .dic file names an
// encoding rather than holding a pattern. Patterns contain only lower-case
// letters, digits, '.' and apostrophes.
func isEncodingLine(s string) bool {
	for _, r := range s {
		if r == '-' || unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// keyword splits an upper-case keyword line such as "LEFTHYPHENMIN 2".
func keyword(line string) (kw, arg string, ok bool) {
	kw, arg, _ = strings.Cut(line, " ")
	if kw == "" {
		return "", "", false
	}
	for i := 0; i < len(kw); i++ {
		if c := kw[i]; c < 'A' || c > 'Z' {
			return "", "", false
		}
	}
	return kw, strings.TrimSpace(arg), true
}

// state is one state of the double-array trie.
type state struct {
	base  int32 // children are at base+code
	check int32 // parent state; -1 if the slot is unused
	val   int32 // offset of the pattern levels in values
	nval  int32 // number of levels; 0 if no pattern ends here
}

// builder accumulates patterns before they are compiled into a trie.
type builder struct {
	pats map[string][]uint8 // symbol codes -> levels
}

func newBuilder() *builder { return &builder{pats: make(map[string][]uint8)} }

// add parses one Liang pattern such as ".hy3ph" and records it.
func (b *builder) add(h *Hyphenator, p string) error {
	var syms []byte
	levels := []uint8{0}
	for _, r := range p {
		if r >= '0' && r <= '9' {
			levels[len(levels)-1] = uint8(r - '0')
			continue
		}
		c, err := h.symbol(r)
		if err != nil {
			return fmt.Errorf("pattern %q: %v", p, err)
		}
		syms = append(syms, c)
		levels = append(levels, 0)
	}
	if len(syms) == 0 {
		return fmt.Errorf("pattern %q has no letters", p)
	}
	key := string(syms)
	if old, ok := b.pats[key]; ok {
		for i := range old {
			old[i] = max(old[i], levels[i])
		}
		return nil
	}
	b.pats[key] = levels
	return nil
}

// symbol returns the code of a pattern rune, assigning a new code to a
// non-ASCII rune the first time it is seen.
func (h *Hyphenator) symbol(r rune) (uint8, error) {
	r = unicode.ToLower(r)
	switch {
	case r == '.':
		return codeDot, nil
	case r >= 'a' && r <= 'z':
		return codeA + uint8(r-'a'), nil
	case r < utf8.RuneSelf && r != '\'':
		return 0, fmt.Errorf("unexpected character %q", r)
	}
	if c, ok := h.codes[r]; ok {
		return c, nil
	}
	n := codeA + 26 + len(h.codes)
	if n > 255 {
		return 0, errors.New("too many distinct characters")
	}
	h.codes[r] = uint8(n)
	return uint8(n), nil
}

// code returns the symbol code of a lower-case word rune, or codeNone.
func (h *Hyphenator) code(r rune) uint8 {
	if r >= 'a' && r <= 'z' {
		return codeA + uint8(r-'a')
	}
	return h.codes[r]
}

// compile builds the double-array trie from the collected patterns.
func (b *builder) compile(h *Hyphenator) {
	// First an ordinary trie with child maps.
	type node struct {
		kids   map[uint8]int
		levels []uint8
	}
	nodes := []node{{}}
	for key, levels := range b.pats {
		n := 0
		for i := 0; i < len(key); i++ {
			c := key[i]
			next, ok := nodes[n].kids[c]
			if !ok {
				next = len(nodes)
				nodes = append(nodes, node{})
				if nodes[n].kids == nil {
					nodes[n].kids = make(map[uint8]int)
				}
				nodes[n].kids[c] = next
			}
			n = next
		}
		nodes[n].levels = levels
	}

	// Then place each node's children in the first free slots, breadth
	// first, recording the state assigned to every node.
	trie := []state{{check: 0}}
	// nextFree[i] leads, with path halving, to the first free slot at or
	// after i; slots at or beyond len(nextFree) are free.
	nextFree := []int32{1}
	findFree := func(i int) int {
		for i < len(nextFree) && nextFree[i] != int32(i) {
			next := nextFree[i]
			if int(next) < len(nextFree) {
				nextFree[i] = nextFree[next]
			}
			i = int(next)
		}
		return i
	}
	occupy := func(i int) {
		for len(nextFree) <= i+1 {
			nextFree = append(nextFree, int32(len(nextFree)))
		}
		nextFree[i] = int32(i + 1)
	}
	stateOf := make([]int32, len(nodes))
	queue := []int{0}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		s := stateOf[n]
		nd := nodes[n]
		if len(nd.levels) > 0 {
			trie[s].val = int32(len(h.values))
			trie[s].nval = int32(len(nd.levels))
			h.values = append(h.values, nd.levels...)
		}
		if len(nd.kids) == 0 {
			continue
		}
		cs := make([]int, 0, len(nd.kids))
		for c := range nd.kids {
			cs = append(cs, int(c))
		}
		slices.Sort(cs)
		// Try each free slot for the first child until all children fit.
		base := 0
	search:
		for pos := findFree(cs[0] + 1); ; pos = findFree(pos + 1) {
			base = pos - cs[0]
			for _, c := range cs[1:] {
				if findFree(base+c) != base+c {
					continue search
				}
			}
			break
		}
		trie[s].base = int32(base)
		for _, c := range cs {
			t := base + c
			for len(trie) <= t {
				trie = append(trie, state{check: -1})
			}
			trie[t] = state{check: s}
			occupy(t)
			kid := nd.kids[uint8(c)]
			stateOf[kid] = int32(t)
			queue = append(queue, kid)
		}
	}
	// Pad so that base+code never indexes past the end.
	for range 256 {
		trie = append(trie, state{check: -1})
	}
	h.trie = slices.Clip(trie)
}

// addException records a hyphenated word such as "name-space" as an
// exception. It panics if the word holds a character that is not a letter.
func (h *Hyphenator) addException(hyphenated string) {
	if h.found != nil {
		h.found = newPointCache() // what it holds may be overridden
	}
	if h.exceptions == nil {
		h.exceptions = make(map[string][]int)
	}
	var key []byte
	var pts []int
	for _, r := range hyphenated {
		if r == '-' {
			pts = append(pts, len(key))
			continue
		}
		c, err := h.symbol(r)
		if err != nil || !unicode.IsLetter(r) {
			panic(fmt.Sprintf("hyph: bad exception %q", hyphenated))
		}
		key = append(key, c)
	}
	h.exceptions[string(key)] = pts
}

// Minimums returns the minimum number of letters kept before the first
// and after the last hyphenation point.
func (h *Hyphenator) Minimums() (left, right int) { return h.leftMin, h.rightMin }

// WithMinimums returns a copy of h that keeps at least left letters before
// the first and right letters after the last hyphenation point. Values
// below 1 are treated as 1. The copy shares h's compiled patterns.
func (h *Hyphenator) WithMinimums(left, right int) *Hyphenator {
	c := *h
	c.leftMin, c.rightMin = max(left, 1), max(right, 1)
	c.found = newPointCache() // the points depend on the minimums
	return &c
}

// Points returns the rune offsets in word where a hyphen may be inserted,
// in increasing order; offset i means between rune i-1 and rune i. It
// returns nil if word has fewer than MinWordLen letters or contains
// anything but letters, except that a trailing possessive "'s" (or "’s")
// is ignored. Matching is case-insensitive. Non-ASCII letters are
// accepted; patterns that do not mention them simply do not match.
func (h *Hyphenator) Points(word string) []int {
	var buf [16]int
	pts := h.AppendPoints(buf[:0], word)
	if len(pts) == 0 {
		return nil
	}
	return slices.Clone(pts)
}

// AppendPoints is like Points but appends the offsets to dst and returns
// the extended slice, so that a caller can reuse one buffer for many words.
func (h *Hyphenator) AppendPoints(dst []int, word string) []int {
	stem := word
	if s, ok := strings.CutSuffix(word, "'s"); ok {
		stem = s
	} else if s, ok := strings.CutSuffix(word, "’s"); ok {
		stem = s
	}
	if len(stem) < MinWordLen {
		return dst
	}

	// Translate the stem to symbol codes framed by word boundaries,
	// lower-casing and rejecting non-letters on the way.
	var codeBuf [stackLetters + 2]uint8
	syms := codeBuf[:1]
	syms[0] = codeDot
ascii:
	for i := 0; i < len(stem); i++ {
		switch c := stem[i]; {
		case 'a' <= c && c <= 'z':
			syms = append(syms, codeA+c-'a')
		case 'A' <= c && c <= 'Z':
			syms = append(syms, codeA+c-'A')
		case c >= utf8.RuneSelf:
			// Not ASCII: start again, decoding runes.
			syms = codeBuf[:1]
			for _, r := range stem {
				if !unicode.IsLetter(r) {
					return dst
				}
				syms = append(syms, h.code(unicode.ToLower(r)))
			}
			break ascii
		default:
			return dst
		}
	}
	n := len(syms) - 1 // letters in stem
	if n < MinWordLen {
		return dst
	}
	syms = append(syms, codeDot)

	if h.found != nil {
		if pts, ok := h.found.get(syms); ok {
			return append(dst, pts...)
		}
		start := len(dst)
		dst = h.appendPoints(dst, syms, n)
		h.found.put(syms, slices.Clone(dst[start:]))
		return dst
	}
	return h.appendPoints(dst, syms, n)
}

// appendPoints appends the points of the word of n letters whose symbol
// codes, between word boundaries, are syms.
func (h *Hyphenator) appendPoints(dst []int, syms []uint8, n int) []int {
	if h.exceptions != nil {
		if pts, ok := h.exceptions[string(syms[1:n+1])]; ok {
			for _, k := range pts {
				if k >= h.leftMin && k <= n-h.rightMin {
					dst = append(dst, k)
				}
			}
			return dst
		}
	}

	// levels[k] is the level between syms[k-1] and syms[k].
	var levelBuf [stackLetters + 3]uint8
	var levels []uint8
	if len(syms)+1 <= len(levelBuf) {
		levels = levelBuf[:len(syms)+1]
	} else {
		levels = make([]uint8, len(syms)+1)
	}
	trie := h.trie
	for i := range syms {
		s := int32(0)
		for _, c := range syms[i:] {
			t := trie[s].base + int32(c)
			if trie[t].check != s {
				break
			}
			s = t
			if st := trie[s]; st.nval > 0 {
				for k, v := range h.values[st.val : st.val+st.nval] {
					if v > levels[i+k] {
						levels[i+k] = v
					}
				}
			}
		}
	}

	// A break at rune offset k lies between syms[k] and syms[k+1].
	for k := h.leftMin; k <= n-h.rightMin; k++ {
		if levels[k+1]%2 == 1 {
			dst = append(dst, k)
		}
	}
	return dst
}
