package math

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Error is a problem in a formula. Off and End are byte offsets into the
// formula's source (End may be 0: the error is at Off).
type Error struct {
	Off, End int
	Msg      string
	Hint     string
}

func (e *Error) Error() string { return e.Msg }

// nodeKind says what a node of the math list is.
type nodeKind uint8

const (
	nSym       nodeKind = iota // a character (an atom of its class)
	nList                      // a group: an Ord atom whose nucleus is a list
	nFrac                      // a generalized fraction
	nRad                       // a radical
	nAcc                       // an accent
	nOverline                  // \overline
	nUnderline                 // \underline
	nOverUnder                 // braces and \overset, \underset, \stackrel
	nLeftRight                 // \left ... \middle ... \right
	nBig                       // \big( and its kin
	nStyle                     // a style change
	nSpace                     // a space
	nText                      // text
	nArray                     // an array or matrix
	nPhantom                   // \phantom, \hphantom, \vphantom
	nSmash                     // \smash
	nLap                       // \llap, \rlap, \clap
	nChoice                    // \mathchoice
	nRule                      // \rule
	nBoxed                     // \boxed
	nCancel                    // \cancel
	nColor                     // coloured content
	nPenalty                   // \nobreak, \allowbreak
	nNot                       // \not over the next atom
	nXArrow                    // \xrightarrow
	nOp                        // a large operator or a function name
	nSize                      // content at another size (\large)
	nRaise                     // content raised (\raisebox) or centred on the axis (\vcenter)
	nColorbox                  // content on a coloured background
)

// Style is one of TeX's four math styles.
type Style uint8

const (
	StyleDisplay Style = iota
	StyleText
	StyleScript
	StyleScriptScript
)

// node is an element of a math list. Most are symbols: what few nodes
// need (a fraction's or radical's parts, a variant's name, delimiters,
// text) lies in m, and its scripts in sc, so that a node is 64 bytes,
// not 352 (a long manuscript holds its formulas' nodes while it is laid
// out). Read those fields through x() and scr(), write them through
// mut() and mscr().
type node struct {
	kind           nodeKind
	class          Class
	hasSup, hasSub bool
	primes         bool // sup holds only primes so far
	limits         int8 // 1 \limits, -1 \nolimits
	big            bool // nOp: a large operator symbol (else a function name in text)
	style          Style
	forced         bool    // nFrac: style forced by dfrac/tfrac
	r              rune    // nSym, nAcc, nBig, nOverUnder, nXArrow: the character
	nuc            []*node // the nucleus, content or base
	sc             *scripts
	num            float64 // fraction rule thickness (-1 default); space in mu; big size in em; penalty
	m              *nodeMore
}

// scripts are a node's superscript and subscript, read through scr()
// and written through mscr().
type scripts struct {
	sup, sub []*node
}

var noScripts scripts

func (n *node) scr() *scripts {
	if n.sc == nil {
		return &noScripts
	}
	return n.sc
}

func (n *node) mscr() *scripts {
	if n.sc == nil {
		n.sc = new(scripts)
	}
	return n.sc
}

// nodeMore is what some nodes have beyond a symbol's fields.
type nodeMore struct {
	a, b    []*node // numerator and denominator; degree; over and under scripts
	text    string
	flag    string  // variant: fraction kind, accent kind, phantom kind, lap side, cancel kind
	w, h, d float64 // nRule: in em
	l, rr   rune    // nFrac, nArray: delimiters (0 none, '.' null)
	delims  []rune  // nLeftRight: len(parts)+1
	parts   [][]*node
	choice  *[4][]*node // nMathchoice: the four styles' lists
	arr     *array
	texts   []textPiece
	color   Color
}

// noMore is the zero nodeMore that x gives for a node without one; it is
// never written.
var noMore nodeMore

// x returns n's further fields, for reading.
func (n *node) x() *nodeMore {
	if n.m == nil {
		return &noMore
	}
	return n.m
}

// mut returns n's further fields, for writing.
func (n *node) mut() *nodeMore {
	if n.m == nil {
		n.m = new(nodeMore)
	}
	return n.m
}

// Color is an RGB colour, components 0..1.
type Color struct{ R, G, B float64 }

// textPiece is a run of text in a face, or a formula inside text.
type textPiece struct {
	s      string
	face   string // "", "rm", "bf", "it", "sf", "tt"
	math   []*node
	strike bool
	under  bool
}

// array is an alignment: array, matrix, cases, aligned, or a display
// environment's rows.
type array struct {
	env      string
	cols     []colSpec
	rows     []arow
	colsep   float64 // em
	style    Style
	styled   bool
	stretch  float64
	pairs    bool // rl column pairs (align, aligned, split)
	gather   bool
	multline bool
	jot      float64 // extra space between rows, em
	l, r     rune    // delimiters around it (pmatrix, cases)
	off      int
}

type colSpec struct {
	align  byte // 'l', 'c', 'r'
	before []sep
}

type sep struct {
	rule   bool
	dashed bool
	list   []*node // @{...}
	hasAt  bool
}

type arow struct {
	cells  [][]*node
	gap    float64 // extra space below, em
	hlines int     // rules above this row
	dashed bool
	tag    []*node
	hasTag bool
	label  string
	notag  bool
}

// Row is one numbered-or-not line of a display: its \label, its \tag
// (as Unicode text), and whether the environment numbers it.
type Row struct {
	Label    string
	Tag      string
	Numbered bool
}

// Formula is a parsed formula.
type Formula struct {
	Source  string
	Display bool
	Env     string // the display environment, if the formula is one
	Rows    []Row  // one per line of a display (one for a plain display)
	list    []*node
	arr     *array // the rows of a display environment with several lines
	text    string
	row1    [1]Row // Rows of a formula that is not a display environment
}

// Parse reads a formula written in TeX notation (the text between the
// dollar signs, or a whole \begin{align}...\end{align}). Macros defined
// in it are added to macros, which may be nil. The error, if any, gives
// the offsets of the problem in src.
//
// A Formula is never changed once read: Parse returns the Formula it
// returned before for the same source, display flag and macros, as long
// as no macro has been defined since (a formula that defines one is read
// again each time). With frozen macros (Freeze) it keeps nothing, and
// fails with ErrDefines for a formula that defines a macro.
func Parse(src string, display bool, macros *Macros) (*Formula, error) {
	if macros == nil || macros.frozen {
		return parse(src, display, macros)
	}
	k := parseKey{src, display, macros.gen}
	if f, ok := macros.parsed[k]; ok {
		return f, nil
	}
	f, err := parse(src, display, macros)
	if err == nil && macros.gen == k.gen {
		if macros.parsed == nil || len(macros.parsed) >= maxParsed {
			macros.parsed = map[parseKey]*Formula{}
		}
		macros.parsed[k] = f
	}
	return f, err
}

// parsers are the parsers formulas are read with, with their slabs.
var parsers = sync.Pool{New: func() any { return new(parser) }}

func parse(src string, display bool, macros *Macros) (f *Formula, err error) {
	p := parsers.Get().(*parser)
	p.reset(src, macros)
	f = p.formula()
	f.Source, f.Display = src, display
	p.f = f
	defer func() {
		p.release()
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok {
				f, err = nil, e
				return
			}
			panic(r)
		}
	}()
	list, stop := p.list(stopTop)
	if stop.kind != tEOF {
		p.unexpected(stop)
	}
	if p.s.err != nil {
		return nil, p.s.err
	}
	// A formula that is one display environment.
	if len(list) == 1 && list[0].kind == nArray && environments[list[0].x().arr.env] == "display" {
		a := list[0].x().arr
		f.Env = a.env
		f.arr = a
		f.Display = true
		numbered := !strings.HasSuffix(a.env, "*")
		for i, r := range a.rows {
			row := Row{Label: r.label, Numbered: numbered && !r.notag}
			if a.env == "equation" || a.env == "multline" || strings.HasPrefix(a.env, "equation") || strings.HasPrefix(a.env, "multline") {
				row.Numbered = numbered && i == len(a.rows)-1 && !anyNotag(a.rows)
				if i == len(a.rows)-1 {
					row.Label = firstLabel(a.rows)
					if t := firstTag(a.rows); t != nil {
						row.Tag, row.Numbered = plainText(t), true
					}
				} else {
					row.Label = ""
				}
			} else if r.hasTag {
				row.Tag, row.Numbered = plainText(r.tag), true
			}
			f.Rows = append(f.Rows, row)
		}
		if p.tagOutside != nil || p.labelOutside != "" {
			last := &f.Rows[len(f.Rows)-1]
			if p.tagOutside != nil {
				last.Tag, last.Numbered = plainText(p.tagOutside), true
			}
			if p.labelOutside != "" {
				last.Label = p.labelOutside
			}
		}
	} else {
		if p.sawDisplayEnv != nil {
			p.fail(p.sawDisplayEnv.off, p.sawDisplayEnv.off+7, "\\begin{"+p.sawDisplayEnvName+"} must stand alone", "put the environment in a display of its own, or use aligned, gathered or split inside a formula")
		}
		f.list = list
		row := Row{Label: p.labelOutside}
		if p.tagOutside != nil {
			row.Tag, row.Numbered = plainText(p.tagOutside), true
		}
		f.row1[0] = row
		f.Rows = f.row1[:]
	}
	f.text = p.keepText(p.unicodeText(f))
	return f, nil
}

func anyNotag(rows []arow) bool {
	for _, r := range rows {
		if r.notag {
			return true
		}
	}
	return false
}

func firstLabel(rows []arow) string {
	for _, r := range rows {
		if r.label != "" {
			return r.label
		}
	}
	return ""
}

func firstTag(rows []arow) []*node {
	for _, r := range rows {
		if r.hasTag {
			return r.tag
		}
	}
	return nil
}

// Text returns the formula as Unicode text: what copying it from the PDF
// gives (x², √x, ∑ᵢ, a/b).
func (f *Formula) Text() string { return f.text }

// parser builds a math list from a token stream.
type parser struct {
	s                 *stream
	src               string
	f                 *Formula
	depth             int
	atoms             int
	font              string // the alphabet set by \rm, \bf... for the rest of the group
	color             *Color
	rowTag            *[]*node // where \tag goes in an alignment row
	rowHasTag         *bool
	rowLabel          *string
	rowNotag          *bool
	tagOutside        []*node
	labelOutside      string
	inAlign           int // alignments open
	inOpt             int // optional arguments open
	sawDisplayEnv     *token
	sawDisplayEnvName string
	st                stream // what s is

	parseSlabs
}

func (p *parser) fail(off, end int, msg, hint string) {
	panic(&Error{Off: off, End: end, Msg: msg, Hint: hint})
}

func (p *parser) check() {
	if p.s.err != nil {
		panic(p.s.err)
	}
}

func (p *parser) next() token {
	t := p.s.next()
	p.check()
	// \bgroup and \egroup group like braces (but do not delimit a
	// macro's body or argument).
	if t.kind == tCS && (t.s == "bgroup" || t.s == "egroup") {
		if t.s == "bgroup" {
			t.kind, t.r = tBegin, '{'
		} else {
			t.kind, t.r = tEnd, '}'
		}
	}
	return t
}

func (p *parser) peek() token {
	t := p.next()
	p.s.unread(t)
	return t
}

// skipSpace drops spaces and returns the next token, unread.
func (p *parser) skipSpace() token {
	for {
		t := p.next()
		if t.kind != tSpace {
			p.s.unread(t)
			return t
		}
	}
}

func tokEnd(t token) int {
	switch t.kind {
	case tCS:
		return t.off + 1 + len(t.s)
	case tEOF:
		return t.off
	}
	return t.off + len(string(t.r))
}

func (p *parser) unexpected(t token) {
	switch {
	case t.kind == tEnd:
		p.fail(t.off, t.off+1, "unbalanced brace: this } closes nothing", "remove it, or add the { it should close")
	case t.kind == tAmp:
		p.fail(t.off, t.off+1, "& outside an alignment", "use & only inside aligned, array, matrix, cases or align; write \\& for an ampersand")
	case t.kind == tCS && (t.s == "\\" || t.s == "cr"):
		p.fail(t.off, tokEnd(t), "\\\\ outside an alignment", "use aligned, gathered or an align environment for several lines")
	case t.kind == tCS && t.s == "right":
		p.fail(t.off, tokEnd(t), "\\right without \\left", "add the \\left it closes, or remove it")
	case t.kind == tCS && t.s == "middle":
		p.fail(t.off, tokEnd(t), "\\middle outside \\left ... \\right", "put it between \\left and \\right")
	case t.kind == tCS && t.s == "end":
		p.fail(t.off, tokEnd(t), "\\end without \\begin", "add the \\begin it closes, or remove it")
	case t.kind == tShift:
		p.fail(t.off, t.off+1, "a $ inside a formula", "write \\$ for a dollar sign")
	default:
		p.fail(t.off, tokEnd(t), "unexpected "+t.String(), "")
	}
}

// stop contexts of list.
type stopCtx uint8

const (
	stopTop   stopCtx = iota // the end of the formula
	stopGroup                // }
	stopLeft                 // \right or \middle
	stopCell                 // &, \\, \end
	stopText                 // $ (math inside \text)
	stopOpt                  // ] (an optional argument)
)

// list reads a math list up to its stop, which it returns (consumed for
// }, unread otherwise: callers read \right's delimiter and \end's name).
func (p *parser) list(ctx stopCtx) ([]*node, token) {
	p.depth++
	if p.depth > maxDepth {
		t := p.peek()
		p.fail(t.off, tokEnd(t), fmt.Sprintf("the formula is nested more than %d levels deep", maxDepth), "simplify it, or split it into several formulas")
	}
	savedFont, savedColor := p.font, p.color
	// Not deferred: a failure (a panic) ends the whole parse.
	out, t := p.listBody(ctx)
	p.depth--
	p.font, p.color = savedFont, savedColor
	return out, t
}

// listBody is list's loop.
func (p *parser) listBody(ctx stopCtx) ([]*node, token) {
	// The list is built in the scratch list of its depth and kept in the
	// list slab when done.
	d := p.depth
	out := p.scratchList(d)
	var num []*node // numerator of an infix fraction
	var infix *node
	finish := func() []*node {
		if infix == nil {
			return p.keepScratch(d, out)
		}
		p.mut(infix).a, p.mut(infix).b = num, p.keepScratch(d, out)
		return p.list1(infix)
	}
	for {
		t := p.next()
		switch t.kind {
		case tEOF:
			if ctx != stopTop {
				return finish(), t
			}
			return finish(), t
		case tEnd:
			if ctx == stopGroup {
				return finish(), t
			}
			if ctx == stopCell {
				p.s.unread(t)
				return finish(), t
			}
			p.unexpected(t)
		case tSpace:
			continue
		case tAmp:
			if ctx == stopCell {
				p.s.unread(t)
				return finish(), t
			}
			p.unexpected(t)
		case tShift:
			if ctx == stopText {
				return finish(), t
			}
			p.unexpected(t)
		case tChar:
			if ctx == stopOpt && t.r == ']' {
				return finish(), t
			}
		case tCS:
			switch t.s {
			case "right", "middle":
				if ctx == stopLeft {
					p.s.unread(t)
					return finish(), t
				}
				p.unexpected(t)
			case "\\", "cr", "end", "newline":
				if t.s == "newline" {
					t.s = "\\"
				}
				if ctx == stopCell {
					p.s.unread(t)
					return finish(), t
				}
				if t.s == "\\" || t.s == "cr" {
					if ctx == stopTop {
						// A display of several lines without an
						// environment: gathered, as MathJax sets it.
						p.s.unread(t)
						rows := p.rows(&array{env: "gathered", gather: true, off: t.off}, t, p.keep(out))
						clear(out)
						out = append(out[:0], rows)
						continue
					}
				}
				p.unexpected(t)
			}
			if c := lookup(t.s); c != nil && c.kind == cInfix {
				if infix != nil {
					p.fail(t.off, tokEnd(t), "two fractions (\\over, \\atop, \\choose) in one group", "put braces around each: {a \\over b} \\over c")
				}
				infix = p.infix(t, c)
				num = p.keep(out)
				clear(out)
				out = out[:0]
				continue
			}
		case tSup, tSub:
			out = p.script(out, t)
			continue
		}
		if t.kind == tChar && t.r == '\'' {
			out = p.primes(out, t)
			continue
		}
		n := p.atom(t, &out)
		if n != nil {
			p.atoms++
			if p.atoms > maxAtoms {
				p.fail(t.off, tokEnd(t), fmt.Sprintf("the formula has more than %d symbols", maxAtoms), "split it into several formulas")
			}
			out = append(out, n)
		}
	}
}

// script attaches a superscript or subscript to the last atom of out.
func (p *parser) script(out []*node, t token) []*node {
	var base *node
	if n := len(out); n > 0 && scriptable(out[n-1]) {
		base = out[n-1]
	} else {
		base = p.node(node{kind: nList, class: Ord})
		out = append(out, base)
	}
	arg := p.scriptArg(t)
	if t.kind == tSup {
		if base.hasSup && !base.primeOnly() {
			p.fail(t.off, t.off+1, "double superscript", "put braces around one of them: {x^a}^b or x^{ab}")
		}
		if sc := p.mscr(base); sc.sup == nil {
			sc.sup = arg // kept: appending primes to it copies it
		} else {
			sc.sup = append(sc.sup, arg...)
		}
		base.hasSup = true
		base.primes = false
	} else {
		if base.hasSub {
			p.fail(t.off, t.off+1, "double subscript", "put braces around one of them: {x_a}_b or x_{ab}")
		}
		p.mscr(base).sub = arg
		base.hasSub = true
	}
	return out
}

func scriptable(n *node) bool {
	switch n.kind {
	case nStyle, nSpace, nPenalty, nColor:
		return false
	}
	return true
}

// primes reads ' (and more) as a superscript prime.
func (p *parser) primes(out []*node, t token) []*node {
	count := 1
	for {
		nt := p.next()
		if nt.kind == tChar && nt.r == '\'' {
			count++
			continue
		}
		p.s.unread(nt)
		break
	}
	var base *node
	if n := len(out); n > 0 && scriptable(out[n-1]) {
		base = out[n-1]
	} else {
		base = p.node(node{kind: nList, class: Ord})
		out = append(out, base)
	}
	if base.hasSup {
		p.fail(t.off, t.off+1, "double superscript", "write the prime inside the superscript: x^{\\prime 2}")
	}
	r := []rune{0x2032, 0x2033, 0x2034, 0x2057}
	for count > 0 {
		k := min(count, 4)
		p.mscr(base).sup = append(base.scr().sup, p.node(node{kind: nSym, class: Ord, r: r[k-1]}))
		count -= k
	}
	base.hasSup = true
	base.primes = true
	return out
}

// scriptArg reads the argument of ^ or _: one atom or a group.
func (p *parser) scriptArg(at token) []*node {
	t := p.skipSpace()
	switch t.kind {
	case tEOF, tEnd, tAmp:
		p.fail(at.off, at.off+1, "missing "+map[tokKind]string{tSup: "superscript", tSub: "subscript"}[at.kind]+" after "+at.String(), "write x^{2} or x_{i}")
	case tSup, tSub:
		p.fail(t.off, t.off+1, "a "+t.String()+" where a script should be", "put the script in braces: x^{a_b}")
	}
	return p.argList(at)
}

// argList reads one argument as a list: a group or a single atom.
func (p *parser) argList(at token) []*node {
	t := p.skipSpace()
	p.next()
	switch t.kind {
	case tBegin:
		l, _ := p.group(t)
		return l
	case tEOF:
		p.fail(at.off, tokEnd(at), at.String()+" needs an argument", "give it in braces: "+at.String()+"{...}")
	case tEnd:
		p.fail(t.off, t.off+1, at.String()+" needs an argument", "give it in braces: "+at.String()+"{...}")
	case tSpace:
		return p.argList(at)
	}
	var arr [2]*node
	out := arr[:0]
	if t.kind == tCS {
		if c := lookup(t.s); c != nil && c.kind == cInfix {
			p.unexpected(t)
		}
	}
	n := p.atom(t, &out)
	if n != nil {
		out = append(out, n)
	}
	return p.keep(out)
}

// group reads a braced list; open is the { already read.
func (p *parser) group(open token) ([]*node, token) {
	l, stop := p.list(stopGroup)
	if stop.kind != tEnd {
		p.fail(open.off, open.off+1, "unbalanced brace: this { is never closed", "add the missing }")
	}
	return l, stop
}

// groupText reads a braced argument as raw text (for \label, colours,
// column specs, environment names).
func (p *parser) groupText(at token) (string, int) {
	t := p.skipSpace()
	p.next()
	if t.kind != tBegin {
		p.fail(t.off, tokEnd(t), at.String()+" needs an argument in braces", "write "+at.String()+"{...}")
	}
	var b strings.Builder
	depth := 1
	for {
		x := p.s.raw()
		p.check()
		switch x.kind {
		case tEOF:
			p.fail(t.off, t.off+1, "unbalanced brace: this { is never closed", "add the missing }")
		case tBegin:
			depth++
		case tEnd:
			depth--
			if depth == 0 {
				return b.String(), t.off + 1
			}
		}
		switch x.kind {
		case tCS:
			b.WriteString(`\` + x.s)
		case tSpace:
			b.WriteByte(' ')
		default:
			b.WriteRune(x.r)
		}
	}
}

// optArg reads an optional [..] argument as a list, if present.
func (p *parser) optArg() ([]*node, bool) {
	t := p.skipSpace()
	if t.kind != tChar || t.r != '[' {
		return nil, false
	}
	p.next()
	p.inOpt++
	l, stop := p.list(stopOpt)
	p.inOpt--
	if stop.kind != tChar {
		p.fail(t.off, t.off+1, "this [ is never closed", "close the optional argument with ]")
	}
	return l, true
}

// optText reads an optional [..] argument as text.
func (p *parser) optText() (string, bool) {
	t := p.skipSpace()
	if t.kind != tChar || t.r != '[' {
		return "", false
	}
	p.next()
	var b strings.Builder
	for {
		x := p.s.raw()
		p.check()
		if x.kind == tEOF {
			p.fail(t.off, t.off+1, "this [ is never closed", "close it with ]")
		}
		if x.kind == tChar && x.r == ']' {
			return b.String(), true
		}
		if x.kind == tCS {
			b.WriteString(`\` + x.s)
		} else {
			b.WriteRune(x.r)
		}
	}
}

func (n *node) primeOnly() bool { return n.primes }

// alphabet returns the code point of r in the math alphabet font.
func alphabet(r rune, font string) rune {
	switch font {
	case "rm", "sf", "tt", "bf", "cal", "bb", "frak", "sfit", "bsym", "it", "normal":
	default:
		font = ""
	}
	if font == "" && r < 0x80 {
		// The default alphabet, most of what a formula holds: italic
		// Latin letters (ℎ for h), the rest as written.
		switch {
		case r == 'h':
			return 0x210E
		case r >= 'A' && r <= 'Z':
			return 0x1D434 + r - 'A'
		case r >= 'a' && r <= 'z':
			return 0x1D44E + r - 'a'
		}
		return r
	}
	latin := func(upper, lower rune, exc map[rune]rune) rune {
		if e, ok := exc[r]; ok {
			return e
		}
		switch {
		case r >= 'A' && r <= 'Z' && upper != 0:
			return upper + r - 'A'
		case r >= 'a' && r <= 'z' && lower != 0:
			return lower + r - 'a'
		}
		return r
	}
	digit := func(base rune) rune {
		if r >= '0' && r <= '9' && base != 0 {
			return base + r - '0'
		}
		return r
	}
	greek := func(base rune) rune {
		if i := greekIndex(r); i >= 0 && base != 0 {
			return base + rune(i)
		}
		return r
	}
	switch font {
	case "", "normal", "it":
		if r >= '0' && r <= '9' {
			return r
		}
		if isUpperGreek(r) && font == "" {
			return r
		}
		if font == "it" || font == "normal" || r < 0x80 || isLowerGreek(r) || isUpperGreek(r) {
			if g := greek(0x1D6E2); g != r {
				return g
			}
			return latin(0x1D434, 0x1D44E, map[rune]rune{'h': 0x210E})
		}
	case "rm":
		return r
	case "bf":
		if r >= '0' && r <= '9' {
			return digit(0x1D7CE)
		}
		if g := greek(0x1D6A8); g != r {
			return g
		}
		return latin(0x1D400, 0x1D41A, nil)
	case "bsym":
		if r >= '0' && r <= '9' {
			return digit(0x1D7CE)
		}
		if isUpperGreek(r) {
			return greek(0x1D6A8)
		}
		if g := greek(0x1D71C); g != r {
			return g
		}
		return latin(0x1D468, 0x1D482, nil)
	case "sf":
		return digitOr(digit(0x1D7E2), latin(0x1D5A0, 0x1D5BA, nil), r)
	case "sfit":
		return latin(0x1D608, 0x1D622, nil)
	case "tt":
		return digitOr(digit(0x1D7F6), latin(0x1D670, 0x1D68A, nil), r)
	case "cal":
		return latin(0x1D49C, 0x1D4B6, map[rune]rune{'B': 0x212C, 'E': 0x2130, 'F': 0x2131, 'H': 0x210B, 'I': 0x2110, 'L': 0x2112, 'M': 0x2133, 'R': 0x211B, 'e': 0x212F, 'g': 0x210A, 'o': 0x2134})
	case "frak":
		return latin(0x1D504, 0x1D51E, map[rune]rune{'C': 0x212D, 'H': 0x210C, 'I': 0x2111, 'R': 0x211C, 'Z': 0x2128})
	case "bb":
		return digitOr(digit(0x1D7D8), latin(0x1D538, 0x1D552, map[rune]rune{'C': 0x2102, 'H': 0x210D, 'N': 0x2115, 'P': 0x2119, 'Q': 0x211A, 'R': 0x211D, 'Z': 0x2124}), r)
	}
	return r
}

func digitOr(d, l, r rune) rune {
	if d != r {
		return d
	}
	return l
}

// greekIndex returns the index of r in the Unicode order of the math
// alphanumeric Greek blocks (Α…Ω, ∇, α…ω, ∂, ϵ, ϑ, ϰ, ϕ, ϱ, ϖ), or -1.
func greekIndex(r rune) int {
	switch {
	case r >= 0x391 && r <= 0x3A9:
		if r == 0x3A2 {
			return -1
		}
		return int(r - 0x391)
	case r == 0x3F4:
		return 17
	case r == 0x2207:
		return 25
	case r >= 0x3B1 && r <= 0x3C9:
		return 26 + int(r-0x3B1)
	}
	switch r {
	case 0x2202:
		return 51
	case 0x3F5:
		return 52
	case 0x3D1:
		return 53
	case 0x3F0:
		return 54
	case 0x3D5:
		return 55
	case 0x3F1:
		return 56
	case 0x3D6:
		return 57
	}
	return -1
}

func isUpperGreek(r rune) bool { return r >= 0x391 && r <= 0x3A9 }
func isLowerGreek(r rune) bool { return greekIndex(r) >= 26 }

// negated are the characters \not makes of others.
var negated = map[rune]rune{
	'=': 0x2260, '<': 0x226E, '>': 0x226F, 0x2264: 0x2270, 0x2265: 0x2271, 0x2208: 0x2209,
	0x220B: 0x220C, 0x2282: 0x2284, 0x2283: 0x2285, 0x2286: 0x2288, 0x2287: 0x2289,
	0x2261: 0x2262, 0x223C: 0x2241, 0x2248: 0x2249, 0x2245: 0x2247, 0x2243: 0x2244,
	0x2203: 0x2204, 0x227A: 0x2280, 0x227B: 0x2281, 0x2223: 0x2224, 0x2225: 0x2226,
	0x22A2: 0x22AC, 0x22A8: 0x22AD, 0x2192: 0x219B, 0x2190: 0x219A, 0x2194: 0x21AE,
	0x21D2: 0x21CF, 0x21D0: 0x21CD, 0x21D4: 0x21CE, 0x224D: 0x226D,
}

// sym makes a symbol atom for the character r written in the formula.
func (p *parser) sym(r rune, off int) *node {
	switch r {
	case '-':
		return p.node(node{kind: nSym, class: Bin, r: 0x2212})
	case '*':
		return p.node(node{kind: nSym, class: Bin, r: 0x2217})
	case '`':
		return p.node(node{kind: nSym, class: Ord, r: 0x2018})
	}
	if c, ok := runeClass(r); ok {
		if c == Op {
			for name, op := range bigOps {
				if op.r == r && name != "intop" && name != "smallint" {
					return p.node(node{kind: nOp, class: Op, r: r, big: true, limits: limitsOf(op.limits)})
				}
			}
		}
		return p.node(node{kind: nSym, class: c, r: r})
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return p.node(node{kind: nSym, class: Ord, r: alphabet(r, p.font)})
	}
	return p.node(node{kind: nSym, class: Ord, r: r})
}

func limitsOf(b bool) int8 {
	if b {
		return 0
	}
	return -1
}

// atom reads the atom that starts with t (already read). It may return
// nil for commands that add nothing (definitions, labels), and may append
// to *out itself (\not).
func (p *parser) atom(t token, out *[]*node) *node {
	switch t.kind {
	case tChar:
		if t.r == '\'' {
			return p.sym(0x2032, t.off)
		}
		return p.sym(t.r, t.off)
	case tBegin:
		l, _ := p.group(t)
		return p.node(node{kind: nList, class: Ord, nuc: l})
	case tActive:
		return p.node(node{kind: nSpace, num: 6})
	case tParam:
		p.fail(t.off, t.off+1, "# outside a macro definition", "write \\# for a number sign")
	case tSup, tSub, tAmp, tEnd, tShift, tEOF:
		p.unexpected(t)
	}
	// A control sequence.
	c := lookup(t.s)
	if c == nil {
		p.unknown(t)
	}
	switch c.kind {
	case cSymbol:
		if c.r < 0x80 && c.class == Ord && c.group == "Escaped characters" {
			return p.node(node{kind: nSym, class: Ord, r: c.r})
		}
		n := p.node(node{kind: nSym, class: c.class, r: c.r})
		switch t.s {
		case "implies", "impliedby", "iff":
			p.mut(n).flag = "pad"
		}
		return n
	case cAlpha:
		return p.node(node{kind: nSym, class: Ord, r: alphabet(c.r, p.font)})
	case cItAlpha:
		return p.node(node{kind: nSym, class: Ord, r: alphabet(c.r, "it")})
	case cBigOp:
		n := p.node(node{kind: nOp, class: Op, r: c.r, big: true, limits: limitsOf(c.limits)})
		if t.s == "smallint" {
			n.big = false
			n.kind = nSym
		}
		return n
	case cFunc:
		return p.node(node{kind: nOp, class: Op, limits: limitsOf(c.limits), m: p.more(nodeMore{text: c.arg})})
	case cOperatorName:
		star := false
		if nt := p.peek(); nt.kind == tChar && nt.r == '*' {
			p.next()
			star = true
		}
		saved := p.font
		p.font = "rm"
		arg := p.argList(t)
		p.font = saved
		limits := c.arg == "limits" || star
		return p.node(node{kind: nOp, class: Op, nuc: arg, limits: limitsOf(limits)})
	case cAccent:
		base := p.argList(t)
		return p.node(node{kind: nAcc, class: Ord, r: c.r, nuc: base, m: p.more(nodeMore{flag: c.arg})})
	case cFont:
		saved := p.font
		p.font = c.arg
		arg := p.argList(t)
		p.font = saved
		return p.node(node{kind: nList, class: Ord, nuc: arg, m: p.more(nodeMore{flag: "font"})})
	case cOldFont:
		p.font = c.arg
		return nil
	case cStyle:
		return p.node(node{kind: nStyle, style: map[string]Style{"D": StyleDisplay, "T": StyleText, "S": StyleScript, "SS": StyleScriptScript}[c.arg]})
	case cSpace:
		return p.node(node{kind: nSpace, num: c.mu})
	case cFrac:
		return p.frac(t, c)
	case cSqrt:
		deg, _ := p.optArg()
		rad := p.argList(t)
		n := p.node(node{kind: nRad, class: Ord, nuc: rad})
		if deg != nil {
			n.m = p.more(nodeMore{a: deg}) // a square root has none
		}
		return n
	case cLeft:
		if c.arg != "left" {
			p.unexpected(t)
		}
		return p.leftRight(t)
	case cBig:
		d := p.delim(t)
		return p.node(node{kind: nBig, class: c.class, r: d, num: c.size})
	case cText:
		return p.text(t, c.arg)
	case cOverUnder:
		return p.overUnder(t, c)
	case cLimits:
		if n := len(*out); n > 0 && (*out)[n-1].kind == nOp {
			switch c.arg {
			case "limits":
				(*out)[n-1].limits = 1
			case "nolimits":
				(*out)[n-1].limits = -1
			default:
				(*out)[n-1].limits = 0
			}
			return nil
		}
		p.fail(t.off, tokEnd(t), `\`+t.s+" must follow a large operator", "write \\sum\\limits_{i}, \\int\\limits_a^b")
	case cEnv:
		if t.s == "end" {
			p.unexpected(t)
		}
		return p.env(t)
	case cDefine:
		p.s.define(t)
		p.check()
		return nil
	case cClassed:
		arg := p.argList(t)
		if c.class == Op {
			return p.node(node{kind: nOp, class: Op, nuc: arg, m: p.more(nodeMore{flag: "mathop"})})
		}
		return p.node(node{kind: nList, class: c.class, nuc: arg, m: p.more(nodeMore{flag: "classed"})})
	case cSpecial:
		return p.special(t, c, out)
	}
	p.unknown(t)
	return nil
}

// unknown reports an unknown command with the nearest known names.
func (p *parser) unknown(t token) {
	hint := "see the README's list of supported commands, or define it with \\newcommand"
	if near := nearest(t.s); len(near) > 0 {
		hint = "did you mean \\" + strings.Join(near, " or \\") + "?"
	}
	if t.s == "" {
		p.fail(t.off, t.off+1, "a lone \\ at the end of the formula", "write \\backslash for a backslash")
	}
	p.fail(t.off, tokEnd(t), "unknown command \\"+t.s, hint)
}

// nearest returns the known command names closest to name.
func nearest(name string) []string {
	best := 3
	if len(name) <= 3 {
		best = 1
	}
	var out []string
	lower := strings.ToLower(name)
	tables()
	for _, n := range names {
		if !isLetter(rune(n[0])) {
			continue
		}
		d := distance(lower, strings.ToLower(n))
		if strings.ToLower(n) == lower && n != name {
			d = 0
		}
		switch {
		case d < best:
			best, out = d, []string{n}
		case d == best && len(out) < 3:
			out = append(out, n)
		}
	}
	// Prefixed names: \mathbbm -> \mathbb.
	return out
}

// distance is the Damerau-Levenshtein distance (optimal string alignment).
func distance(a, b string) int {
	if len(a) > 40 || len(b) > 40 {
		return 99
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func (p *parser) infix(t token, c *command) *node {
	n := p.node(node{kind: nFrac, class: Ord, num: -1})
	switch c.arg {
	case "atop":
		n.num = 0
	case "choose":
		n.num, p.mut(n).l, p.mut(n).rr = 0, '(', ')'
	case "brace":
		n.num, p.mut(n).l, p.mut(n).rr = 0, '{', '}'
	case "brack":
		n.num, p.mut(n).l, p.mut(n).rr = 0, '[', ']'
	case "above":
		n.num = p.dimen(t)
	}
	return n
}

func (p *parser) frac(t token, c *command) *node {
	n := p.node(node{kind: nFrac, class: Ord, num: -1, m: p.more(nodeMore{flag: c.arg})})
	switch c.arg {
	case "dfrac", "dbinom":
		n.style, n.forced = StyleDisplay, true
	case "tfrac", "tbinom":
		n.style, n.forced = StyleText, true
	case "cfrac":
		n.style, n.forced = StyleDisplay, true
		if s, ok := p.optText(); ok {
			p.mut(n).flag = "cfrac" + strings.TrimSpace(s)
		}
	case "genfrac":
		l := p.tokenText(t)
		r := p.tokenText(t)
		th, _ := p.groupText(t)
		st, _ := p.groupText(t)
		p.mut(n).l, p.mut(n).rr = genfracDelim(l), genfracDelim(r)
		if strings.TrimSpace(th) != "" {
			v, ok := parseDimen(th)
			if !ok {
				p.fail(t.off, tokEnd(t), "the rule thickness of \\genfrac must be a length", "write 0pt, 0.4pt or leave it empty")
			}
			n.num = v
		}
		switch strings.TrimSpace(st) {
		case "0":
			n.style, n.forced = StyleDisplay, true
		case "1":
			n.style, n.forced = StyleText, true
		case "2":
			n.style, n.forced = StyleScript, true
		case "3":
			n.style, n.forced = StyleScriptScript, true
		}
	}
	if strings.HasSuffix(c.arg, "binom") {
		n.num, p.mut(n).l, p.mut(n).rr = 0, '(', ')'
	}
	p.mut(n).a = p.argList(t)
	p.mut(n).b = p.argList(t)
	return n
}

// tokenText reads one argument, a token or a group, as text.
func (p *parser) tokenText(at token) string {
	t := p.skipSpace()
	if t.kind == tBegin {
		s, _ := p.groupText(at)
		return s
	}
	p.next()
	switch t.kind {
	case tCS:
		return `\` + t.s
	case tEOF:
		p.fail(at.off, tokEnd(at), at.String()+" needs more arguments", "write "+at.String()+"{(}{)}{0pt}{}{a}{b}")
	}
	return string(t.r)
}

func genfracDelim(s string) rune {
	s = strings.TrimSpace(s)
	if s == "" || s == "." {
		return 0
	}
	if strings.HasPrefix(s, `\`) {
		if d, ok := delimNames[s[1:]]; ok {
			return d
		}
	}
	r := []rune(s)
	return r[0]
}

// delimNames are the commands \left, \right and \big accept.
var delimNames = map[string]rune{
	"{": '{', "}": '}', "lbrace": '{', "rbrace": '}', "langle": 0x27E8, "rangle": 0x27E9,
	"lceil": 0x2308, "rceil": 0x2309, "lfloor": 0x230A, "rfloor": 0x230B,
	"vert": '|', "lvert": '|', "rvert": '|', "|": 0x2016, "Vert": 0x2016, "lVert": 0x2016, "rVert": 0x2016,
	"lbrack": '[', "rbrack": ']', "uparrow": 0x2191, "downarrow": 0x2193, "updownarrow": 0x2195,
	"Uparrow": 0x21D1, "Downarrow": 0x21D3, "Updownarrow": 0x21D5, "backslash": '\\',
	"lgroup": 0x27EE, "rgroup": 0x27EF, "lmoustache": 0x23B0, "rmoustache": 0x23B1,
	"ulcorner": 0x231C, "urcorner": 0x231D, "llcorner": 0x231E, "lrcorner": 0x231F,
	"llbracket": 0x27E6, "rrbracket": 0x27E7, "lang": 0x27E8, "rang": 0x27E9,
}

// delim reads the delimiter after \left, \right, \middle or \big.
func (p *parser) delim(at token) rune {
	t := p.skipSpace()
	p.next()
	switch t.kind {
	case tChar:
		switch t.r {
		case '.':
			return '.'
		case '(', ')', '[', ']', '|', '/', '<', '>':
			if t.r == '<' {
				return 0x27E8
			}
			if t.r == '>' {
				return 0x27E9
			}
			return t.r
		}
		if _, ok := runeClass(t.r); ok || t.r > 0x7f {
			return t.r
		}
	case tCS:
		if d, ok := delimNames[t.s]; ok {
			return d
		}
	}
	p.fail(t.off, tokEnd(t), "missing delimiter after "+at.String()+" ("+t.String()+" is not one)", "write "+at.String()+"( or "+at.String()+". for none")
	return 0
}

func (p *parser) leftRight(t token) *node {
	n := p.node(node{kind: nLeftRight, class: Inner})
	m := p.mut(n)
	m.delims = append(make([]rune, 0, 2), p.delim(t)) // most have no \middle
	for {
		part, stop := p.list(stopLeft)
		if m.parts == nil {
			m.parts = [][]*node{part}
		} else {
			m.parts = append(m.parts, part)
		}
		if stop.kind != tCS {
			p.fail(t.off, tokEnd(t), "\\left without \\right", "add \\right) (or \\right. for no delimiter) to close it")
		}
		st := p.next()
		p.mut(n).delims = append(n.x().delims, p.delim(st))
		if st.s == "right" {
			return n
		}
	}
}

func (p *parser) overUnder(t token, c *command) *node {
	switch c.arg {
	case "overline":
		return p.node(node{kind: nOverline, class: Ord, nuc: p.argList(t)})
	case "underline":
		return p.node(node{kind: nUnderline, class: Ord, nuc: p.argList(t)})
	case "over", "under":
		base := p.argList(t)
		return p.node(node{kind: nOverUnder, class: Op, r: c.r, nuc: base, limits: 1, m: p.more(nodeMore{flag: c.arg})})
	}
	// \overset{over}{base}, \underset{under}{base}, \stackrel{over}{base}
	script := p.argList(t)
	base := p.argList(t)
	n := p.node(node{kind: nOverUnder, class: classOf(base), nuc: base, m: p.more(nodeMore{flag: c.arg})})
	if c.arg == "underset" {
		p.mut(n).b = script
	} else {
		p.mut(n).a = script
	}
	if c.arg == "stackrel" {
		n.class = Rel
	}
	return n
}

// classOf returns the class a list has as the base of \overset: the class
// of its only atom, else Ord.
func classOf(l []*node) Class {
	if len(l) == 1 && (l[0].kind == nSym || l[0].kind == nList && l[0].x().flag == "classed") {
		return l[0].class
	}
	return Ord
}

// dimen reads a TeX length (1em, 3pt, -0.5ex, 18mu) and returns it in em;
// mu are converted at 18 to the em.
func (p *parser) dimen(at token) float64 {
	var b strings.Builder
	t := p.skipSpace()
	for {
		x := p.next()
		if x.kind == tChar && (x.r >= '0' && x.r <= '9' || x.r == '.' || x.r == '-' || x.r == '+' || x.r == ',' || isLetter(x.r)) {
			b.WriteRune(x.r)
			if isLetter(x.r) && b.Len() >= 2 {
				s := b.String()
				if _, ok := parseDimen(s); ok {
					return mustDimen(s)
				}
			}
			continue
		}
		p.s.unread(x)
		break
	}
	v, ok := parseDimen(b.String())
	if !ok {
		p.fail(t.off, tokEnd(t), "missing length after "+at.String(), "write a number and a unit: 1em, 3pt, 18mu")
	}
	return v
}

func mustDimen(s string) float64 { v, _ := parseDimen(s); return v }

// parseDimen parses "1.5em", "3pt", "-2mu" into em (10 pt to the em).
func parseDimen(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	units := map[string]float64{"em": 1, "ex": 0.43, "pt": 0.1, "mu": 1.0 / 18, "mm": 0.2845, "cm": 2.845, "in": 7.227, "bp": 0.1004, "px": 0.1, "pc": 1.2, "sp": 0.1 / 65536}
	for u, f := range units {
		if strings.HasSuffix(s, u) {
			v, err := strconv.ParseFloat(strings.TrimSpace(s[:len(s)-len(u)]), 64)
			if err != nil || v != v || v > 1e4 || v < -1e4 {
				return 0, false
			}
			return v * f, true
		}
	}
	return 0, false
}

// text reads \text{...} in text mode.
func (p *parser) text(t token, face string) *node {
	open := p.skipSpace()
	if open.kind != tBegin {
		// \text x: a single character.
		nt := p.next()
		if nt.kind == tChar {
			return p.node(node{kind: nText, class: Ord, m: p.more(nodeMore{texts: []textPiece{{s: string(nt.r), face: face}}})})
		}
		p.fail(nt.off, tokEnd(nt), t.String()+" needs an argument in braces", "write "+t.String()+"{...}")
	}
	p.next()
	n := p.node(node{kind: nText, class: Ord})
	p.textGroup(n, open, face)
	return n
}

// textAccents are the text-mode accents and their combining characters.
var textAccents = map[string]rune{"'": 0x301, "`": 0x300, "^": 0x302, "\"": 0x308, "~": 0x303, "=": 0x304, ".": 0x307, "H": 0x30B, "r": 0x30A, "v": 0x30C, "u": 0x306, "c": 0x327, "k": 0x328, "d": 0x323, "b": 0x331}

// textSymbols are text-mode commands that stand for a character.
var textSymbols = map[string]string{
	"i": "ı", "j": "ȷ", "ldots": "…", "dots": "…", "textbackslash": "\\", "$": "$", "%": "%", "&": "&",
	"#": "#", "_": "_", "{": "{", "}": "}", " ": " ", "quad": "\u2003", "qquad": "\u2003\u2003",
	",": "\u2009", ";": "\u2004", ":": "\u2005", "!": "", "textdollar": "$", "pounds": "£", "S": "§", "P": "¶",
	"dag": "†", "ddag": "‡", "copyright": "©", "textendash": "–", "textemdash": "—", "LaTeX": "LaTeX", "TeX": "TeX",
	"ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "l": "ł", "L": "Ł",
	"degree": "°", "maltese": "✠", "textquoteleft": "‘", "textquoteright": "’", "enspace": "\u2002", "space": " ", "nobreakspace": "\u00a0",
	"textless": "<", "textgreater": ">", "textasciitilde": "~", "textasciicircum": "^", "textbar": "|", "textbullet": "•",
}

// sizeFactors are LaTeX's sizes relative to \normalsize (10 pt).
var sizeFactors = map[string]float64{"tiny": 0.5, "scriptsize": 0.7, "footnotesize": 0.8, "small": 0.9, "normalsize": 1, "large": 1.2, "Large": 1.44, "LARGE": 1.728, "huge": 2.074, "Huge": 2.488}

var textFaces = map[string]string{"textrm": "rm", "textnormal": "rm", "textup": "rm", "textbf": "bf", "textit": "it", "emph": "it", "textsf": "sf", "texttt": "tt", "text": "", "mbox": "", "hbox": "",
	"rm": "rm", "bf": "bf", "it": "it", "sf": "sf", "tt": "tt", "em": "it", "itshape": "it", "bfseries": "bf", "rmfamily": "rm", "sffamily": "sf", "ttfamily": "tt", "upshape": "rm", "normalfont": "rm"}

// textGroup reads text up to the } matching open into n.
func (p *parser) textGroup(n *node, open token, face string) {
	p.depth++
	if p.depth > maxDepth {
		p.fail(open.off, open.off+1, fmt.Sprintf("the formula is nested more than %d levels deep", maxDepth), "simplify it")
	}
	defer func() { p.depth-- }()
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			s := norm.NFC.String(b.String())
			s = strings.NewReplacer("---", "—", "--", "–", "``", "“", "''", "”", "`", "‘", "'", "’").Replace(s)
			p.mut(n).texts = append(n.x().texts, textPiece{s: s, face: face})
			b.Reset()
		}
	}
	for {
		x := p.s.raw()
		p.check()
		switch x.kind {
		case tEOF:
			p.fail(open.off, open.off+1, "unbalanced brace: this { is never closed", "add the missing }")
		case tEnd:
			flush()
			return
		case tBegin:
			flush()
			p.textGroup(n, x, face)
		case tSpace:
			b.WriteByte(' ')
		case tActive:
			b.WriteRune(0xA0)
		case tShift:
			flush()
			l, stop := p.list(stopText)
			if stop.kind != tShift {
				p.fail(x.off, x.off+1, "this $ inside \\text is never closed", "close the formula with $")
			}
			p.mut(n).texts = append(n.x().texts, textPiece{math: l})
		case tCS:
			if a, ok := textAccents[x.s]; ok {
				arg := p.s.raw()
				var base string
				switch arg.kind {
				case tBegin:
					var inner strings.Builder
					for {
						y := p.s.raw()
						p.check()
						if y.kind == tEnd || y.kind == tEOF {
							break
						}
						if y.kind == tCS {
							inner.WriteString(textSymbols[y.s])
						} else {
							inner.WriteRune(y.r)
						}
					}
					base = inner.String()
				case tCS:
					base = textSymbols[arg.s]
				default:
					base = string(arg.r)
				}
				if base == "" {
					base = "\u00a0"
				}
				rs := []rune(base)
				b.WriteRune(rs[0])
				b.WriteRune(a)
				b.WriteString(string(rs[1:]))
				continue
			}
			if s, ok := textSymbols[x.s]; ok {
				b.WriteString(s)
				continue
			}
			if f, ok := textFaces[x.s]; ok {
				flush()
				if nt := p.s.raw(); nt.kind == tBegin {
					p.textGroup(n, nt, f)
				} else {
					p.s.unread(nt)
					face = f
				}
				continue
			}
			if x.s == "sout" || x.s == "underline" {
				flush()
				if nt := p.s.raw(); nt.kind == tBegin {
					k := len(n.x().texts)
					p.textGroup(n, nt, face)
					for i := k; i < len(n.x().texts); i++ {
						n.x().texts[i].strike = x.s == "sout"
						n.x().texts[i].under = x.s == "underline"
					}
				}
				continue
			}
			if x.s == "\\" || x.s == "newline" {
				b.WriteByte(' ')
				continue
			}
			if c := lookup(x.s); c != nil && (c.kind == cSpace) {
				b.WriteByte(' ')
				continue
			}
			if x.s == "color" || x.s == "textcolor" || x.s == "small" || x.s == "footnotesize" || x.s == "tiny" || x.s == "large" || x.s == "Large" {
				if x.s != "color" && x.s != "textcolor" {
					continue
				}
				p.groupText(x)
				if x.s == "textcolor" {
					flush()
					if nt := p.s.raw(); nt.kind == tBegin {
						p.textGroup(n, nt, face)
					}
				}
				continue
			}
			if _, ok := macroOf(p.s.macros, x.s); ok {
				p.s.unread(x)
				y := p.s.next()
				p.check()
				p.s.unread(y)
				continue
			}
			p.fail(x.off, tokEnd(x), "unknown command \\"+x.s+" in text", "in \\text{...} write plain text, or $...$ for math")
		default:
			b.WriteRune(x.r)
		}
	}
}

func macroOf(ms *Macros, name string) (*macro, bool) {
	if ms == nil {
		return nil, false
	}
	m, ok := ms.m[name]
	return m, ok
}

// special reads the commands with their own syntax.
func (p *parser) special(t token, c *command, out *[]*node) *node {
	switch t.s {
	case "hspace", "hskip", "kern", "mkern", "mskip":
		if t.s == "hspace" {
			if nt := p.peek(); nt.kind == tChar && nt.r == '*' {
				p.next()
			}
			s, _ := p.groupText(t)
			v, ok := parseDimen(s)
			if !ok {
				p.fail(t.off, tokEnd(t), "\\hspace needs a length", "write \\hspace{1em}")
			}
			return p.node(node{kind: nSpace, num: v * 18})
		}
		var v float64
		if nt := p.skipSpace(); nt.kind == tBegin {
			s, _ := p.groupText(t)
			var ok bool
			if v, ok = parseDimen(s); !ok {
				p.fail(t.off, tokEnd(t), "missing length after "+t.String(), "write a number and a unit: 1em, 3pt, 18mu")
			}
		} else {
			v = p.dimen(t)
		}
		if t.s == "hskip" || t.s == "mskip" {
			// Drop glue's stretch and shrink: "plus 1fil".
			for {
				nt := p.skipSpace()
				if nt.kind == tChar && (nt.r == 'p' || nt.r == 'm') {
					break
				}
				break
			}
		}
		return p.node(node{kind: nSpace, num: v * 18})
	case "phantom", "hphantom", "vphantom":
		return p.node(node{kind: nPhantom, class: Ord, nuc: p.argList(t), m: p.more(nodeMore{flag: t.s})})
	case "mathstrut":
		return p.node(node{kind: nPhantom, class: Ord, nuc: []*node{{kind: nSym, class: Open, r: '('}}, m: p.more(nodeMore{flag: "vphantom"})})
	case "smash":
		side, _ := p.optText()
		return p.node(node{kind: nSmash, class: Ord, nuc: p.argList(t), m: p.more(nodeMore{flag: side})})
	case "llap", "rlap", "clap", "mathllap", "mathrlap", "mathclap":
		var arg []*node
		if strings.HasPrefix(t.s, "math") {
			arg = p.argList(t)
		} else {
			arg = []*node{p.text(t, "")}
		}
		return p.node(node{kind: nLap, class: Ord, nuc: arg, m: p.more(nodeMore{flag: strings.TrimPrefix(t.s, "math")[:1]})})
	case "nobreak":
		return p.node(node{kind: nPenalty, num: 10000})
	case "allowbreak":
		return p.node(node{kind: nPenalty, num: 0})
	case "\\", "cr", "newline":
		p.unexpected(t)
	case "tag":
		star := false
		if nt := p.peek(); nt.kind == tChar && nt.r == '*' {
			p.next()
			star = true
		}
		open := p.skipSpace()
		if open.kind != tBegin {
			p.fail(t.off, tokEnd(t), "\\tag needs its text in braces", "write \\tag{1a}")
		}
		p.next()
		tn := p.node(node{kind: nText, class: Ord})
		p.textGroup(tn, open, "")
		tag := []*node{tn}
		if !star {
			tag = []*node{{kind: nText, m: p.more(nodeMore{texts: []textPiece{{s: "("}}})}, tn, {kind: nText, m: p.more(nodeMore{texts: []textPiece{{s: ")"}}})}}
		}
		if p.rowTag != nil {
			if *p.rowHasTag {
				p.fail(t.off, tokEnd(t), "two \\tag in one line", "keep one")
			}
			*p.rowTag, *p.rowHasTag = tag, true
		} else {
			if p.tagOutside != nil {
				p.fail(t.off, tokEnd(t), "two \\tag in one formula", "keep one")
			}
			p.tagOutside = tag
		}
		return nil
	case "label":
		s, _ := p.groupText(t)
		s = strings.TrimSpace(s)
		if p.rowLabel != nil {
			*p.rowLabel = s
		} else {
			p.labelOutside = s
		}
		return nil
	case "nonumber", "notag":
		if p.rowNotag != nil {
			*p.rowNotag = true
		}
		return nil
	case "hline", "hdashline":
		p.fail(t.off, tokEnd(t), t.String()+" outside an array", "use it at the start of a row of an array")
	case "substack":
		open := p.skipSpace()
		if open.kind != tBegin {
			p.fail(t.off, tokEnd(t), "\\substack needs its lines in braces", "write \\substack{i<n \\\\ j<m}")
		}
		p.next()
		a := &array{env: "subarray", cols: []colSpec{{align: 'c'}}, style: StyleScript, styled: true, off: t.off}
		n := p.rows(a, t, nil)
		return n
	case "not":
		nt := p.skipSpace()
		if nt.kind == tEOF || nt.kind == tEnd {
			return p.node(node{kind: nSym, class: Rel, r: 0x29F8})
		}
		p.next()
		var tmp []*node
		x := p.atom(nt, &tmp)
		if x != nil && x.kind == nSym {
			if neg, ok := negated[x.r]; ok {
				x.r = neg
				return x
			}
		}
		if x == nil {
			return nil
		}
		return p.node(node{kind: nNot, class: x.class, nuc: []*node{x}})
	case "boxed", "fbox":
		var arg []*node
		if t.s == "fbox" {
			arg = []*node{p.text(t, "")}
		} else {
			arg = p.argList(t)
		}
		return p.node(node{kind: nBoxed, class: Ord, nuc: arg})
	case "cancel", "bcancel", "xcancel":
		return p.node(node{kind: nCancel, class: Ord, nuc: p.argList(t), m: p.more(nodeMore{flag: t.s})})
	case "color":
		s, at := p.groupText(t)
		col, ok := parseColor(s)
		if !ok {
			p.fail(at, at+len(s), "unknown colour "+strconv.Quote(s), colorHint)
		}
		p.color = &col
		rest, stop := p.restOfGroup()
		p.s.unread(stop)
		return p.node(node{kind: nColor, nuc: rest, m: p.more(nodeMore{color: col})})
	case "textcolor":
		s, at := p.groupText(t)
		col, ok := parseColor(s)
		if !ok {
			p.fail(at, at+len(s), "unknown colour "+strconv.Quote(s), colorHint)
		}
		return p.node(node{kind: nColor, nuc: p.argList(t), m: p.more(nodeMore{color: col})})
	case "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge", "Huge":
		rest, stop := p.restOfGroup()
		p.s.unread(stop)
		return p.node(node{kind: nSize, nuc: rest, num: sizeFactors[t.s]})
	case "angl", "angln":
		var arg []*node
		if t.s == "angln" {
			arg = []*node{p.sym('n', t.off)}
		} else {
			arg = p.argList(t)
		}
		return p.node(node{kind: nBoxed, class: Ord, nuc: arg, m: p.more(nodeMore{flag: "angl"})})
	case "TeX", "LaTeX", "KaTeX":
		return p.node(node{kind: nText, class: Ord, m: p.more(nodeMore{flag: "logo", texts: []textPiece{{s: t.s, face: "rm"}}})})
	case "raisebox":
		s, _ := p.groupText(t)
		v, ok := parseDimen(s)
		if !ok {
			p.fail(t.off, tokEnd(t), "\\raisebox needs a length", "write \\raisebox{0.5em}{text}")
		}
		return p.node(node{kind: nRaise, class: Ord, nuc: []*node{p.text(t, "")}, num: v})
	case "vcenter":
		return p.node(node{kind: nRaise, class: Ord, nuc: p.argList(t), m: p.more(nodeMore{flag: "vcenter"})})
	case "colorbox", "fcolorbox":
		var frame Color
		if t.s == "fcolorbox" {
			s, at := p.groupText(t)
			c, ok := parseColor(s)
			if !ok {
				p.fail(at, at+len(s), "unknown colour "+strconv.Quote(s), colorHint)
			}
			frame = c
		}
		s, at := p.groupText(t)
		col, ok := parseColor(s)
		if !ok {
			p.fail(at, at+len(s), "unknown colour "+strconv.Quote(s), colorHint)
		}
		n := p.node(node{kind: nColorbox, class: Ord, nuc: []*node{p.text(t, "")}, m: p.more(nodeMore{color: col})})
		if t.s == "fcolorbox" {
			p.mut(n).flag = "frame"
			p.mut(n).choice = &[4][]*node{{{kind: nColor, m: p.more(nodeMore{color: frame})}}}
		}
		return n
	case "verb":
		star := false
		d := p.s.raw()
		if d.kind == tChar && d.r == '*' {
			star = true
			d = p.s.raw()
		}
		// Read the source itself up to the delimiter: \verb takes its
		// text verbatim.
		src := p.s.lx.src
		start := d.off + len(string(d.r))
		if d.kind == tCS {
			start = d.off + 1
			d.r = '\\'
		}
		end := strings.IndexRune(src[min(start, len(src)):], d.r)
		if d.kind == tEOF || end < 0 || len(p.s.back) > 0 {
			p.fail(t.off, tokEnd(t), "\\verb without its closing delimiter", "write \\verb|text|")
		}
		text := src[start : start+end]
		p.s.lx.pos = start + end + len(string(d.r))
		if star {
			text = strings.ReplaceAll(text, " ", "␣")
		}
		return p.node(node{kind: nText, class: Ord, m: p.more(nodeMore{texts: []textPiece{{s: text, face: "tt"}}})})
	case "Set", "Braket", "set", "braket":
		open := p.skipSpace()
		if open.kind != tBegin {
			p.fail(t.off, tokEnd(t), t.String()+" needs its content in braces", "write "+t.String()+"{x | x > 0}")
		}
		p.next()
		l, _ := p.group(open)
		ld, rd := '{', '}'
		if strings.ToLower(t.s) == "braket" {
			ld, rd = 0x27E8, 0x27E9
		}
		// | (and ||) split the content; \Set and \Braket grow the bars too.
		n := p.node(node{kind: nLeftRight, class: Inner, m: p.more(nodeMore{delims: []rune{ld}})})
		var part []*node
		for _, x := range l {
			if x.kind == nSym && (x.r == '|' || x.r == 0x2016) && !x.hasSup && !x.hasSub {
				p.mut(n).parts = append(n.x().parts, part)
				p.mut(n).delims = append(n.x().delims, x.r)
				part = nil
				continue
			}
			part = append(part, x)
		}
		p.mut(n).parts = append(n.x().parts, part)
		p.mut(n).delims = append(n.x().delims, rd)
		if t.s == "set" || t.s == "braket" {
			p.mut(n).flag = "fixed"
		}
		return n
	case "rule":
		if _, ok := p.optText(); ok {
		}
		ws, _ := p.groupText(t)
		hs, _ := p.groupText(t)
		w, ok1 := parseDimen(ws)
		h, ok2 := parseDimen(hs)
		if !ok1 || !ok2 {
			p.fail(t.off, tokEnd(t), "\\rule needs a width and a height", "write \\rule{1em}{0.5em}")
		}
		return p.node(node{kind: nRule, class: Ord, m: p.more(nodeMore{w: w, h: h})})
	case "mathchoice":
		n := p.node(node{kind: nChoice, class: Ord, m: p.more(nodeMore{choice: new([4][]*node)})})
		for i := range n.x().choice {
			n.x().choice[i] = p.argList(t)
		}
		return n
	case "bmod":
		return p.node(node{kind: nOp, class: Bin, m: p.more(nodeMore{text: "mod", flag: "bmod"})})
	case "pmod", "pod", "mod":
		arg := p.argList(t)
		return p.node(node{kind: nList, class: Ord, nuc: arg, m: p.more(nodeMore{flag: t.s})})
	case "dots":
		// \dots: centred before a binary operator or relation.
		nt := p.skipSpace()
		r := rune(0x2026)
		if nt.kind == tChar {
			if c, ok := runeClass(nt.r); ok && (c == Bin || c == Rel) {
				r = 0x22EF
			}
		} else if nt.kind == tCS {
			if c := lookup(nt.s); c != nil && c.kind == cSymbol && (c.class == Bin || c.class == Rel) || c != nil && c.kind == cBigOp {
				r = 0x22EF
			}
		}
		return p.node(node{kind: nSym, class: Inner, r: r})
	case "ensuremath":
		l := p.argList(t)
		return p.node(node{kind: nList, class: Ord, nuc: l})
	case "displaybreak":
		p.optText()
		return nil
	}
	if c.r != 0 && strings.HasPrefix(t.s, "x") {
		under, _ := p.optArg()
		over := p.argList(t)
		return p.node(node{kind: nXArrow, class: Rel, r: c.r, m: p.more(nodeMore{a: over, b: under})})
	}
	p.unknown(t)
	return nil
}

const colorHint = "use a name (red, blue, green, black, gray, orange, purple, teal...) or #rrggbb"

var namedColors = map[string]Color{
	"black": {0, 0, 0}, "white": {1, 1, 1}, "red": {1, 0, 0}, "green": {0, 0.5, 0}, "blue": {0, 0, 1},
	"cyan": {0, 1, 1}, "magenta": {1, 0, 1}, "yellow": {1, 1, 0}, "gray": {0.5, 0.5, 0.5}, "grey": {0.5, 0.5, 0.5},
	"darkgray": {0.25, 0.25, 0.25}, "lightgray": {0.75, 0.75, 0.75}, "orange": {1, 0.5, 0}, "purple": {0.75, 0, 0.25},
	"brown": {0.75, 0.5, 0.25}, "teal": {0, 0.5, 0.5}, "olive": {0.5, 0.5, 0}, "violet": {0.5, 0, 0.5},
	"pink": {1, 0.75, 0.75}, "lime": {0.75, 1, 0},
}

func parseColor(s string) (Color, bool) {
	s = strings.TrimSpace(s)
	if c, ok := namedColors[strings.ToLower(s)]; ok {
		return c, true
	}
	h := strings.TrimPrefix(s, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) == 6 && h != s {
		v, err := strconv.ParseUint(h, 16, 32)
		if err == nil {
			return Color{float64(v>>16&255) / 255, float64(v>>8&255) / 255, float64(v&255) / 255}, true
		}
	}
	return Color{}, false
}

// restOfGroup reads the rest of the current list (after \color).
func (p *parser) restOfGroup() ([]*node, token) {
	var out []*node
	for {
		t := p.next()
		switch t.kind {
		case tEOF, tEnd, tAmp:
			return out, t
		case tSpace:
			continue
		case tChar:
			if t.r == ']' && p.inOpt > 0 {
				return out, t
			}
		case tSup, tSub:
			out = p.script(out, t)
			continue
		case tCS:
			switch t.s {
			case "right", "middle", "\\", "cr", "end":
				return out, t
			}
		}
		if t.kind == tChar && t.r == '\'' {
			out = p.primes(out, t)
			continue
		}
		if n := p.atom(t, &out); n != nil {
			out = append(out, n)
		}
	}
}

// env reads \begin{name}...\end{name}.
func (p *parser) env(t token) *node {
	name, at := p.groupText(t)
	name = strings.TrimSpace(name)
	kind, ok := environments[name]
	if !ok {
		hint := "the environments Quire knows: matrix, pmatrix, bmatrix, array, cases, aligned, gathered, split, align, gather, multline, equation"
		var envs []string
		best := 3
		for e := range environments {
			switch d := distance(name, e); {
			case d < best:
				best, envs = d, []string{e}
			case d == best:
				envs = append(envs, e)
			}
		}
		sort.Strings(envs)
		if len(envs) > 3 {
			envs = envs[:3]
		}
		if len(envs) > 0 {
			hint = "did you mean " + strings.Join(envs, " or ") + "?"
		}
		p.fail(at, at+len(name), "unknown environment "+name, hint)
	}
	a := &array{env: name, off: t.off, stretch: 1}
	base := strings.TrimSuffix(name, "*")
	switch kind {
	case "matrix":
		a.colsep = 1 // 2\arraycolsep between columns
		align := byte('c')
		if strings.HasSuffix(name, "*") {
			if s, ok := p.optText(); ok && len(strings.TrimSpace(s)) > 0 {
				align = strings.TrimSpace(s)[0]
			}
		}
		a.cols = []colSpec{{align: align}}
		a.style, a.styled = StyleText, true
		if base == "smallmatrix" {
			a.style = StyleScript
			a.colsep = 0.278
		}
		switch base {
		case "pmatrix":
			a.delims('(', ')')
		case "bmatrix":
			a.delims('[', ']')
		case "Bmatrix":
			a.delims('{', '}')
		case "vmatrix":
			a.delims('|', '|')
		case "Vmatrix":
			a.delims(0x2016, 0x2016)
		}
	case "array":
		spec, sat := p.groupText(t)
		a.cols = p.colSpec(spec, sat)
		a.colsep = 0.5
		if name == "subarray" {
			a.style, a.styled, a.colsep = StyleScript, true, 0
		} else if name == "darray" {
			a.style, a.styled = StyleDisplay, true
		} else {
			a.style, a.styled = StyleText, true
		}
	case "cases":
		a.cols = []colSpec{{align: 'l'}, {align: 'l', before: []sep{{hasAt: true, list: []*node{{kind: nSpace, num: 18}}}}}}
		a.colsep = 0
		a.stretch = 1.2
		a.style, a.styled = StyleText, true
		if name == "dcases" {
			a.style = StyleDisplay
		}
		if name == "rcases" {
			a.delims('.', '}')
		} else {
			a.delims('{', '.')
		}
	case "aligned", "display":
		if name == "alignedat" || base == "alignat" {
			p.groupText(t)
		}
		a.pairs = true
		a.style, a.styled = StyleDisplay, true
		a.jot = 0.3
		switch base {
		case "gather":
			a.pairs, a.gather = false, true
			a.cols = []colSpec{{align: 'c'}}
		case "multline":
			a.pairs, a.multline = false, true
			a.cols = []colSpec{{align: 'c'}}
		case "equation":
			a.pairs = false
			a.cols = []colSpec{{align: 'c'}}
		case "eqnarray":
			a.pairs = false
			a.cols = []colSpec{{align: 'r'}, {align: 'c'}, {align: 'l'}}
			a.colsep = 0.5
		}
		if kind == "display" {
			if p.depth > 1 || p.inAlign > 0 {
				p.fail(t.off, tokEnd(t), "\\begin{"+name+"} inside a formula", "use aligned, gathered or split inside a formula; "+name+" makes a display of its own")
			}
			if p.sawDisplayEnv == nil {
				tt := t
				p.sawDisplayEnv, p.sawDisplayEnvName = &tt, name
			}
		}
	case "gathered":
		a.gather = true
		a.cols = []colSpec{{align: 'c'}}
		a.style, a.styled = StyleDisplay, true
		a.jot = 0.3
	}
	n := p.rows(a, t, nil)
	return n
}

func (a *array) delims(l, r rune) { a.l, a.r = l, r }

// colSpec parses an array's column specification.
func (p *parser) colSpec(spec string, at int) []colSpec {
	var cols []colSpec
	var pending []sep
	rs := []rune(spec)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case 'l', 'c', 'r':
			cols = append(cols, colSpec{align: byte(c), before: pending})
			pending = nil
		case 'p', 'm', 'b', 'w', 'X':
			// p{width}: a left-aligned column.
			j := i + 1
			if j < len(rs) && rs[j] == '{' {
				for j < len(rs) && rs[j] != '}' {
					j++
				}
			}
			i = j
			cols = append(cols, colSpec{align: 'l', before: pending})
			pending = nil
		case '|':
			pending = append(pending, sep{rule: true})
		case ':':
			pending = append(pending, sep{rule: true, dashed: true})
		case '@', '!':
			j := i + 1
			if j >= len(rs) || rs[j] != '{' {
				p.fail(at+i, at+i+1, "@ needs its text in braces", "write @{} or @{\\,}")
			}
			depth, k := 0, j
			for ; k < len(rs); k++ {
				if rs[k] == '{' {
					depth++
				} else if rs[k] == '}' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			inner := string(rs[j+1 : min(k, len(rs))])
			sub := &parser{src: inner, f: &Formula{}}
			sub.s = &sub.st
			sub.st = stream{lx: lexer{src: inner}, macros: p.s.macros}
			sub.st.back = sub.st.back0[:0]
			sub.parseSlabs = p.parseSlabs
			sub.scratch = nil // p's are in use
			l, _ := sub.list(stopTop)
			sub.scratch = p.scratch
			p.parseSlabs = sub.parseSlabs
			pending = append(pending, sep{hasAt: true, list: l})
			i = k
		case ' ':
		case '*':
			p.fail(at+i, at+i+1, "*{n}{cols} in an array specification is not supported", "write the columns out: {ccc}")
		default:
			p.fail(at+i, at+i+1, fmt.Sprintf("unknown column type %q in the array specification", c), "use l, c, r, | and @{...}")
		}
	}
	if len(cols) == 0 {
		p.fail(at, at+len(spec), "an array needs at least one column", "write \\begin{array}{cc}")
	}
	if len(pending) > 0 {
		cols = append(cols, colSpec{align: 0, before: pending})
	}
	return cols
}

// rows reads the rows of an alignment up to \end{env} (or the end of the
// formula or group, for a display without environment and \substack).
func (p *parser) rows(a *array, t token, first []*node) *node {
	p.inAlign++
	defer func() { p.inAlign-- }()
	savedTag, savedHas, savedLabel, savedNotag := p.rowTag, p.rowHasTag, p.rowLabel, p.rowNotag
	defer func() { p.rowTag, p.rowHasTag, p.rowLabel, p.rowNotag = savedTag, savedHas, savedLabel, savedNotag }()
	cells := 0
	if a.rows == nil {
		a.rows = make([]arow, 0, 4)
	}
	for {
		// The row is read in place: a.rows grows only when the next one
		// starts.
		a.rows = append(a.rows, arow{})
		row := &a.rows[len(a.rows)-1]
		if n := len(a.rows); n > 1 {
			row.cells = make([][]*node, 0, len(a.rows[n-2].cells))
		}
		p.rowTag, p.rowHasTag, p.rowLabel, p.rowNotag = &row.tag, &row.hasTag, &row.label, &row.notag
		// Rules above the row.
		for {
			nt := p.skipSpace()
			if nt.kind == tCS && (nt.s == "hline" || nt.s == "hdashline") {
				p.next()
				row.hlines++
				row.dashed = nt.s == "hdashline"
				continue
			}
			break
		}
		for {
			var cell []*node
			var stop token
			if first != nil {
				cell, first = first, nil
				stop = p.next()
				p.s.unread(stop)
			} else {
				ctx := stopCell
				if a.env == "subarray" && t.kind == tCS && t.s == "substack" {
					ctx = stopCell
				}
				cell, stop = p.list(ctx)
			}
			cells++
			if cells > maxAtoms {
				p.fail(stop.off, tokEnd(stop), fmt.Sprintf("the array has more than %d cells", maxAtoms), "split it")
			}
			row.cells = append(row.cells, cell)
			st := p.next()
			switch {
			case st.kind == tAmp:
				if !a.pairs && !a.gather && !a.multline && len(row.cells) >= len(a.cols) && !(a.env == "array" || a.env == "darray") && environments[a.env] != "matrix" && environments[a.env] != "cases" {
					p.fail(st.off, st.off+1, "& in "+a.env+", which has one column", "use align or aligned to align at &")
				}
				if (a.gather || a.multline) && a.env != "eqnarray" {
					p.fail(st.off, st.off+1, "& in "+a.env+", which has no alignment", "use align or aligned to align at &")
				}
				if (a.env == "array" || a.env == "darray" || a.env == "subarray") && len(row.cells) >= countCols(a.cols) {
					p.fail(st.off, st.off+1, fmt.Sprintf("more than %d columns in this array", countCols(a.cols)), "add a column to the specification")
				}
				continue
			case st.kind == tCS && (st.s == "\\" || st.s == "cr"):
				if o, ok := p.optText(); ok {
					v, good := parseDimen(o)
					if !good {
						p.fail(st.off, tokEnd(st), "\\\\[...] needs a length", "write \\\\[1ex]")
					}
					row.gap = v
				}
				if nt := p.peek(); nt.kind == tChar && nt.r == '*' {
					p.next()
				}
			case st.kind == tCS && st.s == "end":
				name, at := p.groupText(st)
				if strings.TrimSpace(name) != a.env {
					p.fail(at, at+len(name), "\\end{"+strings.TrimSpace(name)+"} closes \\begin{"+a.env+"}", "write \\end{"+a.env+"}")
				}
				return p.finishRows(a)
			case st.kind == tEnd && a.env == "subarray":
				return p.finishRows(a)
			case st.kind == tEOF && a.env == "gathered" && t.kind == tCS && t.s == "\\":
				return p.finishRows(a)
			default:
				if st.kind == tEOF || st.kind == tEnd {
					p.fail(a.off, a.off+6, "\\begin{"+a.env+"} without \\end{"+a.env+"}", "add \\end{"+a.env+"}")
				}
				p.unexpected(st)
			}
			break
		}
	}
}

func countCols(cs []colSpec) int {
	n := 0
	for _, c := range cs {
		if c.align != 0 {
			n++
		}
	}
	return n
}

func (p *parser) finishRows(a *array) *node {
	// A last empty row (a trailing \\) is dropped.
	if n := len(a.rows); n > 1 {
		last := a.rows[n-1]
		if len(last.cells) == 1 && len(last.cells[0]) == 0 && last.hlines == 0 && !last.hasTag && last.label == "" {
			a.rows = a.rows[:n-1]
		}
	}
	return p.node(node{kind: nArray, class: Ord, m: p.more(nodeMore{arr: a})})
}
