// Package bibtex reads BibTeX databases: entries, @string macros, "#"
// concatenation, @comment and @preamble. It also splits name lists the way
// BibTeX does and turns LaTeX accents and escapes into Unicode.
//
// Field values are returned as written, after macro expansion and
// concatenation but before decoding, so that braces still protect names and
// capitals; call Decode for display text and ParseNames for name lists.
package bibtex

import (
	"fmt"
	"strings"
)

// Entry is one database entry such as @book{key, ...}.
type Entry struct {
	Type   string            // entry type, lower case ("book", "article")
	Key    string            // citation key as written
	Fields map[string]string // field values by lower-case name, undecoded
	Line   int               // line of the "@" that starts the entry
}

// Error is a problem found while parsing, at a 1-based line.
type Error struct {
	Line    int
	Msg     string
	Warning bool // the input was understood; the entry is kept
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// months are the predefined month macros.
var months = map[string]string{
	"jan": "January", "feb": "February", "mar": "March", "apr": "April",
	"may": "May", "jun": "June", "jul": "July", "aug": "August",
	"sep": "September", "oct": "October", "nov": "November", "dec": "December",
}

// Parse reads a BibTeX database. It returns the entries it could read, in
// order, and every problem found. After an error inside an entry, parsing
// resumes at the next line that starts with "@". An entry whose key was
// already used is reported and dropped.
func Parse(src []byte) ([]Entry, []*Error) {
	p := &parser{src: src, line: 1, macros: map[string]string{}}
	for k, v := range months {
		p.macros[k] = v
	}
	p.run()
	return p.entries, p.errs
}

// Bounds on macro expansion: a chain of @string macros each doubling the
// last ("@string{m2 = m1 # m1}") grows exponentially, so a 1 KB file could
// ask for more memory than the machine has.
const (
	// MaxValue bounds the length of one value after expansion.
	MaxValue = 1 << 20
	// MaxExpansion bounds the bytes that macro uses add up to in a file.
	MaxExpansion = 64 << 20
)

type parser struct {
	src      []byte
	pos      int
	line     int
	expanded int // bytes added by macro uses so far
	macros   map[string]string
	entries  []Entry
	errs     []*Error
	seen     map[string]int // key -> line of first definition
	index    map[string]int // key -> index into entries
}

// sameEntry reports whether a and b have the same type and fields (values
// compared with their spaces collapsed).
func sameEntry(a, b Entry) bool {
	if a.Type != b.Type || len(a.Fields) != len(b.Fields) {
		return false
	}
	for k, v := range a.Fields {
		w, ok := b.Fields[k]
		if !ok || strings.Join(strings.Fields(v), " ") != strings.Join(strings.Fields(w), " ") {
			return false
		}
	}
	return true
}

// syntaxError aborts the current entry.
type syntaxError struct{ err *Error }

func (p *parser) fail(line int, format string, args ...any) {
	panic(syntaxError{&Error{Line: line, Msg: fmt.Sprintf(format, args...)}})
}

func (p *parser) warn(line int, format string, args ...any) {
	p.errs = append(p.errs, &Error{Line: line, Msg: fmt.Sprintf(format, args...), Warning: true})
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

func (p *parser) peek() byte {
	if p.eof() {
		return 0
	}
	return p.src[p.pos]
}

func (p *parser) next() byte {
	c := p.src[p.pos]
	p.pos++
	if c == '\n' {
		p.line++
	}
	return c
}

func (p *parser) skipSpace() {
	for !p.eof() {
		switch p.peek() {
		case ' ', '\t', '\r', '\n', '\f', '\v':
			p.next()
		default:
			return
		}
	}
}

func (p *parser) run() {
	for {
		// Text between entries is a comment.
		for !p.eof() && p.peek() != '@' {
			p.next()
		}
		if p.eof() {
			return
		}
		p.entry()
	}
}

// entry reads one "@..." construct, recovering from syntax errors.
func (p *parser) entry() {
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(syntaxError)
			if !ok {
				panic(r)
			}
			p.errs = append(p.errs, se.err)
			p.resync()
		}
	}()
	start := p.line
	p.next() // '@'
	p.skipSpace()
	typ := strings.ToLower(p.ident())
	if typ == "" {
		p.fail(start, "expected an entry type after \"@\"")
	}
	p.skipSpace()
	if typ == "comment" {
		// @comment{...} is skipped whole; a bare @comment is a line comment.
		if c := p.peek(); c == '{' || c == '(' {
			p.skipGroup(start)
		}
		return
	}
	open := p.peek()
	if open != '{' && open != '(' {
		p.fail(start, "expected \"{\" after @%s", typ)
	}
	p.next()
	closer := byte('}')
	if open == '(' {
		closer = ')'
	}
	switch typ {
	case "preamble":
		p.pos-- // back to the opening delimiter, which is not a newline
		p.skipGroup(start)
		return
	case "string":
		p.skipSpace()
		name := strings.ToLower(p.ident())
		if name == "" {
			p.fail(p.line, "expected a macro name in @string")
		}
		p.skipSpace()
		if p.peek() != '=' {
			p.fail(p.line, "expected \"=\" after @string name %q", name)
		}
		p.next()
		v := p.value(start)
		p.skipSpace()
		if p.eof() || p.peek() != closer {
			p.fail(start, "@string is not closed with %q", closer)
		}
		p.next()
		p.macros[name] = v
		return
	}
	p.skipSpace()
	key := p.key()
	if key == "" {
		p.fail(start, "@%s entry has no key", typ)
	}
	e := Entry{Type: typ, Key: key, Fields: map[string]string{}, Line: start}
	for {
		p.skipSpace()
		if p.eof() {
			p.fail(start, "@%s{%s is not closed (unbalanced braces?)", typ, key)
		}
		c := p.peek()
		if c == closer {
			p.next()
			break
		}
		if c != ',' {
			if c == '@' && p.atLineStart() {
				p.fail(start, "@%s{%s is not closed before the next entry (unbalanced braces?)", typ, key)
			}
			p.fail(p.line, "expected \",\" or %q in entry %q, found %q", closer, key, c)
		}
		p.next()
		p.skipSpace()
		if p.eof() {
			p.fail(start, "@%s{%s is not closed (unbalanced braces?)", typ, key)
		}
		if p.peek() == closer {
			p.next()
			break
		}
		fline := p.line
		name := strings.ToLower(p.ident())
		if name == "" {
			p.fail(fline, "expected a field name in entry %q, found %q", key, p.peek())
		}
		p.skipSpace()
		if p.peek() != '=' {
			p.fail(fline, "expected \"=\" after field %q in entry %q", name, key)
		}
		p.next()
		v := p.value(fline)
		if _, dup := e.Fields[name]; dup {
			p.warn(fline, "field %q repeated in entry %q; the first is kept", name, key)
			continue
		}
		e.Fields[name] = v
	}
	if p.seen == nil {
		p.seen = map[string]int{}
	}
	if first, dup := p.seen[key]; dup {
		// The same entry pasted twice is harmless; two different
		// entries under one key are not.
		if sameEntry(p.entries[p.index[key]], e) {
			p.warn(start, "duplicate entry %q, identical to the one on line %d; the copy is ignored", key, first)
			return
		}
		p.errs = append(p.errs, &Error{Line: start, Msg: fmt.Sprintf("duplicate key %q with different content (first defined on line %d)", key, first)})
		return
	}
	p.seen[key] = start
	if p.index == nil {
		p.index = map[string]int{}
	}
	p.index[key] = len(p.entries)
	p.entries = append(p.entries, e)
}

// resync skips to the next line whose first non-blank character is "@"
// (which may be the cursor's own line).
func (p *parser) resync() {
	if !p.eof() && p.peek() == '@' && p.atLineStart() {
		return
	}
	for !p.eof() {
		if p.next() == '\n' {
			q := p.pos
			for q < len(p.src) && (p.src[q] == ' ' || p.src[q] == '\t') {
				q++
			}
			if q < len(p.src) && p.src[q] == '@' {
				p.pos = q
				return
			}
		}
	}
}

// atLineStart reports whether only blanks precede the cursor on its line.
func (p *parser) atLineStart() bool {
	for q := p.pos - 1; q >= 0; q-- {
		switch p.src[q] {
		case '\n':
			return true
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return true
}

// atEntry reports whether the cursor, at the start of a line, is at what
// looks like the start of an entry ("@type{"): a value that runs into it
// has lost a closing brace or quotation mark.
func (p *parser) atEntry() bool {
	q := p.pos
	for q < len(p.src) && (p.src[q] == ' ' || p.src[q] == '\t') {
		q++
	}
	if q >= len(p.src) || p.src[q] != '@' {
		return false
	}
	q++
	n := q
	for q < len(p.src) && isLetter(p.src[q]) {
		q++
	}
	for q < len(p.src) && (p.src[q] == ' ' || p.src[q] == '\t') {
		q++
	}
	return q > n && q < len(p.src) && (p.src[q] == '{' || p.src[q] == '(')
}

// skipGroup skips a balanced {...} or (...) group starting at the cursor.
func (p *parser) skipGroup(start int) {
	open := p.next()
	closer := byte('}')
	if open == '(' {
		closer = ')'
	}
	depth := 1
	for !p.eof() {
		c := p.next()
		switch {
		case c == open:
			depth++
		case c == closer:
			depth--
			if depth == 0 {
				return
			}
		}
	}
	p.fail(start, "unclosed %q", open)
}

func isIdent(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c >= 0x80:
		return true
	}
	return strings.IndexByte("!$&*+-./:;<?>[]^_`|", c) >= 0
}

func (p *parser) ident() string {
	s := p.pos
	for !p.eof() && isIdent(p.peek()) {
		p.next()
	}
	return string(p.src[s:p.pos])
}

// key reads a citation key: anything up to a comma, space or closing brace.
func (p *parser) key() string {
	s := p.pos
	for !p.eof() {
		c := p.peek()
		if c == ',' || c == '}' || c == ')' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '{' || c == '=' || c == '"' || c == '@' {
			break
		}
		p.next()
	}
	return string(p.src[s:p.pos])
}

// value reads "piece # piece # ..." where a piece is {...}, "...", a number
// or a macro name. line is the field's line, for messages.
func (p *parser) value(line int) string {
	var b strings.Builder
	for {
		p.skipSpace()
		if p.eof() {
			p.fail(line, "missing value")
		}
		c := p.peek()
		switch {
		case c == '{' || c == '"':
			b.WriteString(p.delimited())
		case c >= '0' && c <= '9':
			s := p.pos
			for !p.eof() && p.peek() >= '0' && p.peek() <= '9' {
				p.next()
			}
			b.Write(p.src[s:p.pos])
		case isIdent(c):
			mline := p.line
			name := p.ident()
			v, ok := p.macros[strings.ToLower(name)]
			if !ok {
				p.warn(mline, "undefined macro %q; its name is used as text", name)
				v = name
			}
			p.expanded += len(v)
			if b.Len()+len(v) > MaxValue {
				p.fail(line, "the value grows past %d MB by expanding macro %q (the limit of a value); check the @string definitions", MaxValue>>20, name)
			}
			if p.expanded > MaxExpansion {
				p.fail(line, "macros expand to more than %d MB in this file (the limit); check the @string definitions", MaxExpansion>>20)
			}
			b.WriteString(v)
		default:
			p.fail(p.line, "expected a value, found %q", c)
		}
		p.skipSpace()
		if p.peek() != '#' {
			return b.String()
		}
		p.next()
	}
}

// delimited reads a value opened by the current character, { or ", up to
// its matching close and returns the inside. Braces nest (inside quotes
// too, so a quote within braces does not end a quoted value); an escaped
// brace does not count.
func (p *parser) delimited() string {
	start := p.line
	quoted := p.next() == '"'
	s := p.pos
	depth := 0 // braces open inside the value
	for !p.eof() {
		switch p.next() {
		case '\\':
			if !p.eof() && (p.peek() == '{' || p.peek() == '}') {
				p.next()
			}
		case '{':
			depth++
		case '}':
			if !quoted && depth == 0 {
				return string(p.src[s : p.pos-1])
			}
			depth--
			if depth < 0 {
				p.fail(p.line, "unbalanced \"}\" in quoted value")
			}
		case '"':
			if quoted && depth == 0 {
				return string(p.src[s : p.pos-1])
			}
		case '\n':
			if !p.atEntry() {
				break
			}
			if quoted {
				p.fail(start, "unclosed brace or quotation mark")
			} else {
				p.fail(start, "unclosed brace")
			}
		}
	}
	if !quoted || depth > 0 {
		p.fail(start, "unclosed brace")
	} else {
		p.fail(start, "unclosed quotation mark")
	}
	return ""
}
