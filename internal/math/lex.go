package math

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// tokKind is the category of a token, as TeX's category codes give it.
type tokKind uint8

const (
	tEOF    tokKind = iota
	tCS             // \name or \symbol
	tChar           // any other character
	tBegin          // {
	tEnd            // }
	tSup            // ^
	tSub            // _
	tAmp            // &
	tParam          // #
	tSpace          // one or more spaces or a newline
	tActive         // ~
	tShift          // $
)

// token is one token of a formula. off is its byte offset in the formula's
// source; tokens from a macro's body carry the offset of the macro call.
type token struct {
	kind tokKind
	s    string // a control sequence's name, without the backslash
	r    rune   // the character of tChar (and of the others)
	off  int
}

func (t token) String() string {
	switch t.kind {
	case tCS:
		return `\` + t.s
	case tEOF:
		return "the end of the formula"
	case tSpace:
		return "a space"
	}
	return string(t.r)
}

// lexer turns a source into tokens.
type lexer struct {
	src string
	pos int
}

// next returns the next token; comments are skipped.
func (l *lexer) next() token {
	for l.pos < len(l.src) {
		start := l.pos
		r, n := utf8.DecodeRuneInString(l.src[l.pos:])
		l.pos += n
		switch r {
		case '%':
			if i := strings.IndexByte(l.src[l.pos:], '\n'); i >= 0 {
				l.pos += i + 1
			} else {
				l.pos = len(l.src)
			}
			continue
		case ' ', '\t', '\n', '\r':
			for l.pos < len(l.src) && isSpaceByte(l.src[l.pos]) {
				l.pos++
			}
			return token{kind: tSpace, r: ' ', off: start}
		case '\\':
			if l.pos >= len(l.src) {
				return token{kind: tCS, s: "", off: start}
			}
			r2, n2 := utf8.DecodeRuneInString(l.src[l.pos:])
			if isLetter(r2) {
				e := l.pos
				for e < len(l.src) && isLetter(rune(l.src[e])) {
					e++
				}
				name := l.src[l.pos:e]
				l.pos = e

				// A letter name eats the spaces after it.
				for l.pos < len(l.src) && isSpaceByte(l.src[l.pos]) {
					l.pos++
				}
				return token{kind: tCS, s: name, off: start}
			}
			name := l.src[l.pos : l.pos+n2] // \, and its kin: no new string
			if r2 == utf8.RuneError && n2 == 1 {
				name = string(r2)
			}
			l.pos += n2
			return token{kind: tCS, s: name, off: start}
		case '{':
			return token{kind: tBegin, r: r, off: start}
		case '}':
			return token{kind: tEnd, r: r, off: start}
		case '^':
			return token{kind: tSup, r: r, off: start}
		case '_':
			return token{kind: tSub, r: r, off: start}
		case '&':
			return token{kind: tAmp, r: r, off: start}
		case '#':
			return token{kind: tParam, r: r, off: start}
		case '~':
			return token{kind: tActive, r: r, off: start}
		case '$':
			return token{kind: tShift, r: r, off: start}
		}
		return token{kind: tChar, r: r, off: start}
	}
	return token{kind: tEOF, off: len(l.src)}
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// macro is a user-defined command.
type macro struct {
	nargs  int
	opt    []token // default of an optional first argument (\newcommand[n][default])
	hasOpt bool
	body   []token
}

// Macros are the commands a manuscript defines with \newcommand, \def and
// \DeclareMathOperator, in its text, its formulas or its header-includes.
// They hold for every formula read after the definition. A Macros is
// used by one goroutine at a time, a frozen one (Freeze) by any number.
type Macros struct {
	m map[string]*macro
	// gen counts the definitions read: a formula reads the same at one
	// generation, so Parse keeps what it read by source and generation
	// (a \newcommand later in the document is a new generation, and the
	// formulas after it are read again).
	gen    uint64
	parsed map[parseKey]*Formula
	// frozen: ms is read-only (Freeze); definers: a macro's body or
	// default argument names a defining command, so that expanding it
	// may define another (MayDefine).
	frozen, definers bool
}

// parseKey identifies a formula read with a set of macros.
type parseKey struct {
	src     string
	display bool
	gen     uint64
}

// maxParsed bounds the formulas a Macros keeps.
const maxParsed = 1 << 16

// NewMacros returns an empty set of macros.
func NewMacros() *Macros { return &Macros{m: map[string]*macro{}} }

// Gen returns the number of definitions read into ms so far (each
// defining command counts, even one that failed). Two copies of a set of
// macros that read the same definitions from the same Gen on hold the
// same macros.
func (ms *Macros) Gen() uint64 {
	if ms == nil {
		return 0
	}
	return ms.gen
}

// Clone returns a copy of ms that definitions read into either later do
// not change in the other. The copy is not frozen and keeps none of the
// formulas Parse kept.
func (ms *Macros) Clone() *Macros {
	c := &Macros{m: make(map[string]*macro, len(ms.m)), gen: ms.gen, definers: ms.definers}
	for k, v := range ms.m {
		c.m[k] = v
	}
	return c
}

// Freeze makes ms read-only, so that Parse may read formulas with it on
// several goroutines at once: Parse keeps no formulas in a frozen set,
// and a formula that defines a macro fails with ErrDefines (read it with
// a set that is not frozen).
func (ms *Macros) Freeze() { ms.frozen = true }

// ErrDefines is the error of Parse for a formula that defines a macro
// when its macros are frozen.
var ErrDefines = &Error{Msg: "the formula defines a macro, and its macros are frozen"}

// MayDefine reports whether reading src with ms may define a macro: src
// names a defining command (\newcommand, \def ...), or a macro of ms
// does, so that its expansion may. It may say yes for a formula that
// defines nothing, never no for one that defines something.
func MayDefine(src string, ms *Macros) bool {
	if ms != nil && ms.definers {
		return true
	}
	for i := 0; i < len(src); i++ {
		if src[i] != '\\' {
			continue
		}
		j := i + 1
		for j < len(src) && isLetter(rune(src[j])) {
			j++
		}
		if j > i+1 && isDefiner(src[i+1:j]) {
			return true
		}
	}
	return false
}

// set defines the macro name.
func (ms *Macros) set(name string, m *macro) {
	ms.m[name] = m
	for _, body := range [2][]token{m.body, m.opt} {
		for _, t := range body {
			if t.kind == tCS && isDefiner(t.s) {
				ms.definers = true
			}
		}
	}
}

// Len returns the number of macros defined.
func (ms *Macros) Len() int {
	if ms == nil {
		return 0
	}
	return len(ms.m)
}

// Limits bound the work one formula may cause.
const (
	maxExpansions = 10000   // macro expansions per formula
	maxTokens     = 4000000 // tokens read per formula, after expansion
	maxDepth      = 60      // nesting of groups, fractions, scripts, environments
	maxAtoms      = 200000  // symbols per formula
)

// stream reads tokens from a formula, expanding macros.
type stream struct {
	lx      lexer
	back    []token  // pushed-back tokens, last first
	back0   [4]token // back's first array
	macros  *Macros
	expands int
	read    int
	err     *Error
}

func (s *stream) fail(e *Error) {
	if s.err == nil {
		s.err = e
	}
}

// raw returns the next token without expanding it.
func (s *stream) raw() token {
	s.read++
	if s.read > maxTokens {
		s.fail(&Error{Off: s.lx.pos, Msg: fmt.Sprintf("the formula has more than %d tokens", maxTokens), Hint: "split it into several formulas, or look for a macro that expands to itself"})
		return token{kind: tEOF, off: len(s.lx.src)}
	}
	if n := len(s.back); n > 0 {
		t := s.back[n-1]
		s.back = s.back[:n-1]
		return t
	}
	return s.lx.next()
}

func (s *stream) unread(t token) { s.back = append(s.back, t) }

// next returns the next token with user macros expanded.
func (s *stream) next() token {
	for {
		t := s.raw()
		if t.kind != tCS || s.macros == nil || len(s.macros.m) == 0 || s.err != nil {
			return t
		}
		m, ok := s.macros.m[t.s]
		if !ok {
			return t
		}
		s.expands++
		if s.expands > maxExpansions {
			s.fail(&Error{Off: t.off, End: t.off + len(t.s) + 1, Msg: "macro \\" + t.s + " expands too often", Hint: "a macro that uses itself never ends; check its definition"})
			return token{kind: tEOF, off: t.off}
		}
		args := make([][]token, m.nargs)
		i := 0
		if m.hasOpt {
			args[0] = m.opt
			if nt := s.peekNonSpace(); nt.kind == tChar && nt.r == '[' {
				s.raw()
				args[0] = s.until(']', t)
			}
			i = 1
		}
		for ; i < m.nargs; i++ {
			args[i] = s.argument(t)
		}
		body := make([]token, 0, len(m.body))
		for k := 0; k < len(m.body); k++ {
			b := m.body[k]
			if b.kind == tParam && k+1 < len(m.body) {
				nb := m.body[k+1]
				if nb.kind == tChar && nb.r >= '1' && nb.r <= '9' {
					if a := int(nb.r - '1'); a < len(args) {
						for _, at := range args[a] {
							body = append(body, at)
						}
					}
					k++
					continue
				}
				if nb.kind == tParam {
					k++
				}
			}
			b.off = t.off
			body = append(body, b)
		}
		for k := len(body) - 1; k >= 0; k-- {
			s.back = append(s.back, body[k])
		}
	}
}

// peekNonSpace returns the next token that is not a space, leaving the
// spaces consumed and the token unread.
func (s *stream) peekNonSpace() token {
	for {
		t := s.raw()
		if t.kind != tSpace {
			s.unread(t)
			return t
		}
	}
}

// argument reads one undelimited macro argument: a token or a group.
func (s *stream) argument(call token) []token {
	t := s.peekNonSpace()
	s.raw()
	switch t.kind {
	case tBegin:
		return s.group(t)
	case tEOF:
		s.fail(&Error{Off: call.off, End: call.off + len(call.s) + 1, Msg: "\\" + call.s + " needs more arguments", Hint: "give each argument in braces"})
		return nil
	case tEnd:
		s.fail(&Error{Off: t.off, End: t.off + 1, Msg: "\\" + call.s + " needs more arguments", Hint: "give each argument in braces"})
		return nil
	}
	return []token{t}
}

// group reads tokens up to the brace matching open (already read).
func (s *stream) group(open token) []token {
	var out []token
	depth := 1
	for {
		t := s.raw()
		switch t.kind {
		case tEOF:
			s.fail(&Error{Off: open.off, End: open.off + 1, Msg: "unbalanced brace: this { is never closed", Hint: "add the missing }"})
			return out
		case tBegin:
			depth++
		case tEnd:
			depth--
			if depth == 0 {
				return out
			}
		}
		out = append(out, t)
	}
}

// until reads tokens up to an unbraced character stop.
func (s *stream) until(stop rune, call token) []token {
	var out []token
	depth := 0
	for {
		t := s.raw()
		switch t.kind {
		case tEOF:
			s.fail(&Error{Off: call.off, End: call.off + len(call.s) + 1, Msg: "the optional argument of \\" + call.s + " is never closed", Hint: "close it with ]"})
			return out
		case tBegin:
			depth++
		case tEnd:
			depth--
		case tChar:
			if t.r == stop && depth == 0 {
				return out
			}
		}
		out = append(out, t)
	}
}

// define reads a definition after the defining command t (\newcommand,
// \renewcommand, \providecommand, \def, \DeclareMathOperator, \let).
func (s *stream) define(t token) {
	if s.macros != nil && s.macros.frozen {
		s.fail(ErrDefines)
		return
	}
	if s.macros != nil {
		s.macros.gen++
	}
	fail := func(at int, msg, hint string) { s.fail(&Error{Off: at, End: at + 1, Msg: msg, Hint: hint}) }
	name := func() (string, int) {
		nt := s.peekNonSpace()
		s.raw()
		switch nt.kind {
		case tCS:
			return nt.s, nt.off
		case tBegin:
			in := s.group(nt)
			for len(in) > 0 && in[0].kind == tSpace {
				in = in[1:]
			}
			for len(in) > 0 && in[len(in)-1].kind == tSpace {
				in = in[:len(in)-1]
			}
			if len(in) == 1 && in[0].kind == tCS {
				return in[0].s, in[0].off
			}
		}
		fail(nt.off, "\\"+t.s+" needs the name of a command, such as \\R", "write \\"+t.s+"{\\R}{\\mathbb{R}}")
		return "", nt.off
	}
	if s.macros == nil {
		s.macros = NewMacros()
	}
	switch t.s {
	case "newcommand", "renewcommand", "providecommand":
		star := s.peekNonSpace()
		if star.kind == tChar && star.r == '*' {
			s.raw()
		}
		n, _ := name()
		if n == "" {
			return
		}
		m := &macro{}
		if o := s.peekNonSpace(); o.kind == tChar && o.r == '[' {
			s.raw()
			num := s.until(']', t)
			k := 0
			for _, x := range num {
				if x.kind == tChar && x.r >= '0' && x.r <= '9' {
					k = k*10 + int(x.r-'0')
				} else if x.kind != tSpace {
					fail(x.off, "the number of arguments must be 0 to 9", "write [2] for two arguments")
					return
				}
			}
			if k > 9 {
				fail(o.off, "a command takes at most nine arguments", "split it into two commands")
				return
			}
			m.nargs = k
			if o2 := s.peekNonSpace(); o2.kind == tChar && o2.r == '[' {
				s.raw()
				m.opt = s.until(']', t)
				m.hasOpt = true
				if k == 0 {
					fail(o2.off, "a default value needs an argument", "write [1][default]")
					return
				}
			}
		}
		b := s.peekNonSpace()
		s.raw()
		if b.kind != tBegin {
			fail(b.off, "the body of \\"+n+" must be in braces", "write \\"+t.s+"{\\"+n+"}{...}")
			return
		}
		m.body = s.group(b)
		if _, exists := s.macros.m[n]; t.s == "providecommand" && (exists || lookup(n) != nil) {
			return
		}
		s.macros.set(n, m)
	case "def", "gdef", "edef", "xdef":
		nt := s.raw()
		if nt.kind != tCS {
			fail(nt.off, "\\def needs the name of a command, such as \\R", "write \\def\\R{\\mathbb{R}}")
			return
		}
		m := &macro{}
		for {
			p := s.raw()
			if p.kind == tBegin {
				m.body = s.group(p)
				break
			}
			if p.kind == tParam {
				d := s.raw()
				if d.kind != tChar || d.r != rune('1'+m.nargs) {
					fail(d.off, "parameters of \\def must be #1, #2, ... in order", "write \\def\\f#1#2{...}")
					return
				}
				m.nargs++
				continue
			}
			if p.kind == tSpace {
				continue
			}
			fail(p.off, "Quire reads \\def with parameters #1…#9 only, not delimited parameters", "use \\newcommand")
			return
		}
		s.macros.set(nt.s, m)
	case "DeclareMathOperator":
		limits := false
		if st := s.peekNonSpace(); st.kind == tChar && st.r == '*' {
			s.raw()
			limits = true
		}
		n, at := name()
		if n == "" {
			return
		}
		b := s.peekNonSpace()
		s.raw()
		if b.kind != tBegin {
			fail(b.off, "the text of \\"+n+" must be in braces", "write \\DeclareMathOperator{\\"+n+"}{text}")
			return
		}
		body := s.group(b)
		op := "operatorname"
		if limits {
			op = "operatornamewithlimits"
		}
		m := &macro{body: append([]token{{kind: tCS, s: op, off: at}, {kind: tBegin, r: '{', off: at}}, append(body, token{kind: tEnd, r: '}', off: at})...)}
		s.macros.set(n, m)
	case "let":
		nt := s.raw()
		if nt.kind != tCS {
			fail(nt.off, "\\let needs the name of a command", "write \\let\\a\\b")
			return
		}
		v := s.peekNonSpace()
		if v.kind == tChar && v.r == '=' {
			s.raw()
			v = s.peekNonSpace()
		}
		s.raw()
		if m, ok := s.macros.m[v.s]; ok && v.kind == tCS {
			s.macros.set(nt.s, m)
			return
		}
		s.macros.set(nt.s, &macro{body: []token{v}})
	}
}

// Define reads the macro definitions in src (a header-includes block or a
// line of the manuscript): \newcommand, \renewcommand, \providecommand,
// \def, \DeclareMathOperator and \let. Everything else in src is ignored.
// The error's offsets are into src.
func (ms *Macros) Define(src string) *Error {
	s := &stream{lx: lexer{src: src}, macros: ms}
	for s.err == nil {
		t := s.raw()
		if t.kind == tEOF {
			break
		}
		if t.kind == tCS && isDefiner(t.s) {
			s.define(t)
		}
	}
	return s.err
}

func isDefiner(name string) bool {
	switch name {
	case "newcommand", "renewcommand", "providecommand", "def", "gdef", "edef", "xdef", "DeclareMathOperator", "let":
		return true
	}
	return false
}

// IsDefinition reports whether src holds only macro definitions (and
// white space or comments), as a paragraph of raw LaTeX may.
func IsDefinition(src string) bool {
	s := &stream{lx: lexer{src: src}}
	seen := false
	for s.err == nil {
		t := s.raw()
		switch {
		case t.kind == tEOF:
			return seen && s.err == nil
		case t.kind == tSpace:
		case t.kind == tCS && isDefiner(t.s):
			if s.macros == nil {
				// The definitions are read into a set of their own,
				// made only for a paragraph that starts with one.
				s.macros = NewMacros()
			}
			s.define(t)
			seen = true
		default:
			return false
		}
	}
	return false
}
