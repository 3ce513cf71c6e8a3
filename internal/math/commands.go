package math

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Class is the class of a math atom, which decides the spacing between
// atoms (The TeXbook, chapter 18 and Appendix G).
type Class uint8

const (
	Ord Class = iota
	Op
	Bin
	Rel
	Open
	Close
	Punct
	Inner
)

// cmdKind says how the parser reads a command.
type cmdKind uint8

const (
	cSymbol       cmdKind = iota // a character of the math font (r, class)
	cAlpha                       // a letter: italic (Greek lower case) or upright (upper case)
	cItAlpha                     // an italic capital Greek letter (\varGamma)
	cBigOp                       // a large operator (r; limits in display style)
	cFunc                        // a named function (\sin); text, limits
	cAccent                      // an accent over the argument (r; wide: stretches)
	cFont                        // a math alphabet for the argument (\mathbf)
	cOldFont                     // a math alphabet for the rest of the group (\bf)
	cStyle                       // a style for the rest of the group
	cSpace                       // a space (mu)
	cFrac                        // \frac and its kin
	cInfix                       // \over and its kin
	cSqrt                        // \sqrt[n]{x}
	cLeft                        // \left, \middle, \right
	cBig                         // \big and its kin: a delimiter of a fixed size
	cText                        // text in the text face
	cOverUnder                   // \overline, \underbrace, \overset ...
	cLimits                      // \limits, \nolimits
	cEnv                         // \begin, \end
	cDefine                      // \newcommand ...
	cClassed                     // \mathrel{...}: the argument as an atom of a class
	cOperatorName                // \operatorname{...}
	cSpecial                     // commands with their own reading (see parser.special)
)

// command is one entry of the command table.
type command struct {
	name   string
	kind   cmdKind
	r      rune
	class  Class
	limits bool    // big operators and functions: limits in display style
	arg    string  // the font of cFont/cOldFont/cText, the style of cStyle, the kind of cFrac...
	mu     float64 // cSpace: width in mu
	size   float64 // cBig: size in em
	group  string  // section of the README table
}

//go:embed symtab.txt
var symtab string

var (
	commands map[string]*command
	byRune   map[rune]Class // the class of a character written directly
	// asciiClass is byRune for ASCII characters, -1 for none.
	asciiClass [128]int8
	names      []string // every command name, sorted
)

// The tables are built on first use, not at start-up: a document without
// mathematics does not pay for them.
var tablesOnce sync.Once

func tables() { tablesOnce.Do(buildTables) }

func lookup(name string) *command {
	tables()
	return commands[name]
}

// runeClass returns the class of a character written directly in a
// formula, if it has one of its own.
func runeClass(r rune) (Class, bool) {
	tables()
	if r >= 0 && r < 0x80 {
		c := asciiClass[r]
		return Class(c), c >= 0
	}
	c, ok := byRune[r]
	return c, ok
}

func add(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("math: duplicate command \\" + c.name)
	}
	commands[c.name] = c
}

func buildTables() {
	commands = map[string]*command{}
	byRune = map[rune]Class{}
	group := "Symbols"
	for _, line := range strings.Split(symtab, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "# ") && !strings.HasPrefix(line, "# 0") {
			group = strings.TrimPrefix(line, "# ")
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			panic("math: bad symbol line " + line)
		}
		code, err := strconv.ParseUint(f[1], 16, 32)
		if err != nil {
			panic("math: bad symbol line " + line)
		}
		c := &command{name: f[0], r: rune(code), group: group}
		switch f[2] {
		case "alpha":
			c.kind = cAlpha
		case "italpha":
			c.kind = cItAlpha
		default:
			c.kind = cSymbol
			c.class = classNames[f[2]]
		}
		add(c)
		if c.kind == cSymbol && c.r > 0x7f {
			if _, ok := byRune[c.r]; !ok {
				byRune[c.r] = c.class
			}
		}
	}
	for _, c := range structural {
		add(c)
	}
	for name, r := range bigOps {
		add(&command{name: name, kind: cBigOp, r: r.r, limits: r.limits, class: Op, group: "Large operators"})
		byRune[r.r] = Op
	}
	for _, f := range strings.Fields(funcsNoLimits) {
		add(&command{name: f, kind: cFunc, arg: f, class: Op, group: "Functions"})
	}
	for _, f := range strings.Fields(funcsLimits) {
		text := f
		switch f {
		case "liminf":
			text = "lim inf"
		case "limsup":
			text = "lim sup"
		case "injlim":
			text = "inj lim"
		case "projlim":
			text = "proj lim"
		case "argmin":
			text = "arg min"
		case "argmax":
			text = "arg max"
		}
		add(&command{name: f, kind: cFunc, arg: text, limits: true, class: Op, group: "Functions"})
	}
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, r := range "+*" {
		byRune[r] = Bin
	}
	byRune['-'] = Bin
	for _, r := range "=<>:" {
		byRune[r] = Rel
	}
	for _, r := range ",;" {
		byRune[r] = Punct
	}
	for _, r := range "([" {
		byRune[r] = Open
	}
	for _, r := range ")]!?" {
		byRune[r] = Close
	}
	for r := range asciiClass {
		asciiClass[r] = -1
		if c, ok := byRune[rune(r)]; ok {
			asciiClass[r] = int8(c)
		}
	}
}

var classNames = map[string]Class{"ord": Ord, "op": Op, "bin": Bin, "rel": Rel, "open": Open, "close": Close, "punct": Punct, "inner": Inner}

type bigOp struct {
	r      rune
	limits bool
}

var bigOps = map[string]bigOp{
	"sum": {0x2211, true}, "prod": {0x220F, true}, "coprod": {0x2210, true},
	"bigcup": {0x22C3, true}, "bigcap": {0x22C2, true}, "bigvee": {0x22C1, true}, "bigwedge": {0x22C0, true},
	"bigoplus": {0x2A01, true}, "bigotimes": {0x2A02, true}, "bigodot": {0x2A00, true},
	"biguplus": {0x2A04, true}, "bigsqcup": {0x2A06, true}, "bigsqcap": {0x2A05, true},
	"int": {0x222B, false}, "iint": {0x222C, false}, "iiint": {0x222D, false}, "iiiint": {0x2A0C, false},
	"oint": {0x222E, false}, "oiint": {0x222F, false}, "oiiint": {0x2230, false},
	"intop": {0x222B, true}, "smallint": {0x222B, false},
}

const funcsNoLimits = "arccos arcsin arctan arg cos cosh cot coth csc deg dim exp hom ker lg ln log sec sin sinh tan tanh sgn"
const funcsLimits = "det gcd inf lim liminf limsup max min Pr sup injlim projlim argmin argmax"

// structural are the commands other than symbols, operators and functions.
var structural = []*command{
	// Fractions
	{name: "frac", kind: cFrac, arg: "frac", group: "Fractions"},
	{name: "dfrac", kind: cFrac, arg: "dfrac", group: "Fractions"},
	{name: "tfrac", kind: cFrac, arg: "tfrac", group: "Fractions"},
	{name: "cfrac", kind: cFrac, arg: "cfrac", group: "Fractions"},
	{name: "binom", kind: cFrac, arg: "binom", group: "Fractions"},
	{name: "dbinom", kind: cFrac, arg: "dbinom", group: "Fractions"},
	{name: "tbinom", kind: cFrac, arg: "tbinom", group: "Fractions"},
	{name: "genfrac", kind: cFrac, arg: "genfrac", group: "Fractions"},
	{name: "over", kind: cInfix, arg: "over", group: "Fractions"},
	{name: "atop", kind: cInfix, arg: "atop", group: "Fractions"},
	{name: "choose", kind: cInfix, arg: "choose", group: "Fractions"},
	{name: "brace", kind: cInfix, arg: "brace", group: "Fractions"},
	{name: "brack", kind: cInfix, arg: "brack", group: "Fractions"},
	{name: "above", kind: cInfix, arg: "above", group: "Fractions"},
	// Radicals
	{name: "sqrt", kind: cSqrt, group: "Radicals"},
	// Delimiters
	{name: "left", kind: cLeft, arg: "left", group: "Delimiters"},
	{name: "middle", kind: cLeft, arg: "middle", group: "Delimiters"},
	{name: "right", kind: cLeft, arg: "right", group: "Delimiters"},
	{name: "big", kind: cBig, size: 0.85, class: Ord, group: "Delimiters"},
	{name: "Big", kind: cBig, size: 1.15, class: Ord, group: "Delimiters"},
	{name: "bigg", kind: cBig, size: 1.45, class: Ord, group: "Delimiters"},
	{name: "Bigg", kind: cBig, size: 1.75, class: Ord, group: "Delimiters"},
	{name: "bigl", kind: cBig, size: 0.85, class: Open, group: "Delimiters"},
	{name: "Bigl", kind: cBig, size: 1.15, class: Open, group: "Delimiters"},
	{name: "biggl", kind: cBig, size: 1.45, class: Open, group: "Delimiters"},
	{name: "Biggl", kind: cBig, size: 1.75, class: Open, group: "Delimiters"},
	{name: "bigr", kind: cBig, size: 0.85, class: Close, group: "Delimiters"},
	{name: "Bigr", kind: cBig, size: 1.15, class: Close, group: "Delimiters"},
	{name: "biggr", kind: cBig, size: 1.45, class: Close, group: "Delimiters"},
	{name: "Biggr", kind: cBig, size: 1.75, class: Close, group: "Delimiters"},
	{name: "bigm", kind: cBig, size: 0.85, class: Rel, group: "Delimiters"},
	{name: "Bigm", kind: cBig, size: 1.15, class: Rel, group: "Delimiters"},
	{name: "biggm", kind: cBig, size: 1.45, class: Rel, group: "Delimiters"},
	{name: "Biggm", kind: cBig, size: 1.75, class: Rel, group: "Delimiters"},
	// Accents
	{name: "hat", kind: cAccent, r: 0x0302, group: "Accents"},
	{name: "check", kind: cAccent, r: 0x030C, group: "Accents"},
	{name: "tilde", kind: cAccent, r: 0x0303, group: "Accents"},
	{name: "acute", kind: cAccent, r: 0x0301, group: "Accents"},
	{name: "grave", kind: cAccent, r: 0x0300, group: "Accents"},
	{name: "dot", kind: cAccent, r: 0x0307, group: "Accents"},
	{name: "ddot", kind: cAccent, r: 0x0308, group: "Accents"},
	{name: "dddot", kind: cAccent, r: 0x20DB, group: "Accents"},
	{name: "breve", kind: cAccent, r: 0x0306, group: "Accents"},
	{name: "bar", kind: cAccent, r: 0x0304, group: "Accents"},
	{name: "vec", kind: cAccent, r: 0x20D7, group: "Accents"},
	{name: "mathring", kind: cAccent, r: 0x030A, group: "Accents"},
	{name: "widehat", kind: cAccent, r: 0x0302, arg: "wide", group: "Accents"},
	{name: "widetilde", kind: cAccent, r: 0x0303, arg: "wide", group: "Accents"},
	{name: "widecheck", kind: cAccent, r: 0x030C, arg: "wide", group: "Accents"},
	{name: "overrightarrow", kind: cAccent, r: 0x2192, arg: "arrow", group: "Accents"},
	{name: "overleftarrow", kind: cAccent, r: 0x2190, arg: "arrow", group: "Accents"},
	{name: "overleftrightarrow", kind: cAccent, r: 0x2194, arg: "arrow", group: "Accents"},
	{name: "Overrightarrow", kind: cAccent, r: 0x21D2, arg: "arrow", group: "Accents"},
	{name: "underrightarrow", kind: cAccent, r: 0x2192, arg: "underarrow", group: "Accents"},
	{name: "underleftarrow", kind: cAccent, r: 0x2190, arg: "underarrow", group: "Accents"},
	{name: "underleftrightarrow", kind: cAccent, r: 0x2194, arg: "underarrow", group: "Accents"},
	{name: "overline", kind: cOverUnder, arg: "overline", group: "Accents"},
	{name: "underline", kind: cOverUnder, arg: "underline", group: "Accents"},
	{name: "underbar", kind: cOverUnder, arg: "underline", group: "Accents"},
	{name: "overbrace", kind: cOverUnder, r: 0x23DE, arg: "over", group: "Accents"},
	{name: "underbrace", kind: cOverUnder, r: 0x23DF, arg: "under", group: "Accents"},
	{name: "overbracket", kind: cOverUnder, r: 0x23B4, arg: "over", group: "Accents"},
	{name: "underbracket", kind: cOverUnder, r: 0x23B5, arg: "under", group: "Accents"},
	{name: "overparen", kind: cOverUnder, r: 0x23DC, arg: "over", group: "Accents"},
	{name: "underparen", kind: cOverUnder, r: 0x23DD, arg: "under", group: "Accents"},
	{name: "overset", kind: cOverUnder, arg: "overset", group: "Accents"},
	{name: "underset", kind: cOverUnder, arg: "underset", group: "Accents"},
	{name: "stackrel", kind: cOverUnder, arg: "stackrel", group: "Accents"},
	// Fonts
	{name: "mathrm", kind: cFont, arg: "rm", group: "Fonts"},
	{name: "mathup", kind: cFont, arg: "rm", group: "Fonts"},
	{name: "mathbf", kind: cFont, arg: "bf", group: "Fonts"},
	{name: "mathit", kind: cFont, arg: "it", group: "Fonts"},
	{name: "mathnormal", kind: cFont, arg: "normal", group: "Fonts"},
	{name: "mathsf", kind: cFont, arg: "sf", group: "Fonts"},
	{name: "mathsfit", kind: cFont, arg: "sfit", group: "Fonts"},
	{name: "mathtt", kind: cFont, arg: "tt", group: "Fonts"},
	{name: "mathcal", kind: cFont, arg: "cal", group: "Fonts"},
	{name: "mathscr", kind: cFont, arg: "cal", group: "Fonts"},
	{name: "mathbb", kind: cFont, arg: "bb", group: "Fonts"},
	{name: "mathfrak", kind: cFont, arg: "frak", group: "Fonts"},
	{name: "boldsymbol", kind: cFont, arg: "bsym", group: "Fonts"},
	{name: "bm", kind: cFont, arg: "bsym", group: "Fonts"},
	{name: "pmb", kind: cFont, arg: "bsym", group: "Fonts"},
	{name: "rm", kind: cOldFont, arg: "rm", group: "Fonts"},
	{name: "bf", kind: cOldFont, arg: "bf", group: "Fonts"},
	{name: "it", kind: cOldFont, arg: "it", group: "Fonts"},
	{name: "sf", kind: cOldFont, arg: "sf", group: "Fonts"},
	{name: "tt", kind: cOldFont, arg: "tt", group: "Fonts"},
	{name: "cal", kind: cOldFont, arg: "cal", group: "Fonts"},
	{name: "text", kind: cText, arg: "", group: "Text"},
	{name: "textrm", kind: cText, arg: "rm", group: "Text"},
	{name: "textnormal", kind: cText, arg: "rm", group: "Text"},
	{name: "textup", kind: cText, arg: "rm", group: "Text"},
	{name: "textbf", kind: cText, arg: "bf", group: "Text"},
	{name: "textit", kind: cText, arg: "it", group: "Text"},
	{name: "emph", kind: cText, arg: "it", group: "Text"},
	{name: "textsf", kind: cText, arg: "sf", group: "Text"},
	{name: "texttt", kind: cText, arg: "tt", group: "Text"},
	{name: "mbox", kind: cText, arg: "", group: "Text"},
	{name: "hbox", kind: cText, arg: "", group: "Text"},
	{name: "operatorname", kind: cOperatorName, group: "Functions"},
	{name: "operatornamewithlimits", kind: cOperatorName, arg: "limits", group: "Functions"},
	{name: "mathop", kind: cClassed, class: Op, group: "Classes"},
	{name: "mathbin", kind: cClassed, class: Bin, group: "Classes"},
	{name: "mathrel", kind: cClassed, class: Rel, group: "Classes"},
	{name: "mathord", kind: cClassed, class: Ord, group: "Classes"},
	{name: "mathopen", kind: cClassed, class: Open, group: "Classes"},
	{name: "mathclose", kind: cClassed, class: Close, group: "Classes"},
	{name: "mathpunct", kind: cClassed, class: Punct, group: "Classes"},
	{name: "mathinner", kind: cClassed, class: Inner, group: "Classes"},
	// Styles
	{name: "displaystyle", kind: cStyle, arg: "D", group: "Styles"},
	{name: "textstyle", kind: cStyle, arg: "T", group: "Styles"},
	{name: "scriptstyle", kind: cStyle, arg: "S", group: "Styles"},
	{name: "scriptscriptstyle", kind: cStyle, arg: "SS", group: "Styles"},
	{name: "limits", kind: cLimits, arg: "limits", group: "Styles"},
	{name: "nolimits", kind: cLimits, arg: "nolimits", group: "Styles"},
	{name: "displaylimits", kind: cLimits, arg: "displaylimits", group: "Styles"},
	// Spacing
	{name: ",", kind: cSpace, mu: 3, group: "Spacing"},
	{name: "thinspace", kind: cSpace, mu: 3, group: "Spacing"},
	{name: ":", kind: cSpace, mu: 4, group: "Spacing"},
	{name: ">", kind: cSpace, mu: 4, group: "Spacing"},
	{name: "medspace", kind: cSpace, mu: 4, group: "Spacing"},
	{name: ";", kind: cSpace, mu: 5, group: "Spacing"},
	{name: "thickspace", kind: cSpace, mu: 5, group: "Spacing"},
	{name: "!", kind: cSpace, mu: -3, group: "Spacing"},
	{name: "negthinspace", kind: cSpace, mu: -3, group: "Spacing"},
	{name: "negmedspace", kind: cSpace, mu: -4, group: "Spacing"},
	{name: "negthickspace", kind: cSpace, mu: -5, group: "Spacing"},
	{name: " ", kind: cSpace, mu: 6, group: "Spacing"},
	{name: "space", kind: cSpace, mu: 6, group: "Spacing"},
	{name: "nobreakspace", kind: cSpace, mu: 6, group: "Spacing"},
	{name: "enspace", kind: cSpace, mu: 9, group: "Spacing"},
	{name: "quad", kind: cSpace, mu: 18, group: "Spacing"},
	{name: "qquad", kind: cSpace, mu: 36, group: "Spacing"},
	{name: "hspace", kind: cSpecial, group: "Spacing"},
	{name: "kern", kind: cSpecial, group: "Spacing"},
	{name: "mkern", kind: cSpecial, group: "Spacing"},
	{name: "mskip", kind: cSpecial, group: "Spacing"},
	{name: "hskip", kind: cSpecial, group: "Spacing"},
	{name: "phantom", kind: cSpecial, group: "Spacing"},
	{name: "hphantom", kind: cSpecial, group: "Spacing"},
	{name: "vphantom", kind: cSpecial, group: "Spacing"},
	{name: "mathstrut", kind: cSpecial, group: "Spacing"},
	{name: "smash", kind: cSpecial, group: "Spacing"},
	{name: "llap", kind: cSpecial, group: "Spacing"},
	{name: "rlap", kind: cSpecial, group: "Spacing"},
	{name: "clap", kind: cSpecial, group: "Spacing"},
	{name: "mathllap", kind: cSpecial, group: "Spacing"},
	{name: "mathrlap", kind: cSpecial, group: "Spacing"},
	{name: "mathclap", kind: cSpecial, group: "Spacing"},
	{name: "nobreak", kind: cSpecial, group: "Spacing"},
	{name: "allowbreak", kind: cSpecial, group: "Spacing"},
	// Structure
	{name: "begin", kind: cEnv, group: "Structure"},
	{name: "end", kind: cEnv, group: "Structure"},
	{name: "\\", kind: cSpecial, group: "Structure"},
	{name: "cr", kind: cSpecial, group: "Structure"},
	{name: "newline", kind: cSpecial, group: "Structure"},
	{name: "tag", kind: cSpecial, group: "Structure"},
	{name: "label", kind: cSpecial, group: "Structure"},
	{name: "nonumber", kind: cSpecial, group: "Structure"},
	{name: "notag", kind: cSpecial, group: "Structure"},
	{name: "hline", kind: cSpecial, group: "Structure"},
	{name: "hdashline", kind: cSpecial, group: "Structure"},
	{name: "substack", kind: cSpecial, group: "Structure"},
	{name: "not", kind: cSpecial, group: "Structure"},
	{name: "boxed", kind: cSpecial, group: "Structure"},
	{name: "fbox", kind: cSpecial, group: "Structure"},
	{name: "cancel", kind: cSpecial, group: "Structure"},
	{name: "bcancel", kind: cSpecial, group: "Structure"},
	{name: "xcancel", kind: cSpecial, group: "Structure"},
	{name: "color", kind: cSpecial, group: "Structure"},
	{name: "textcolor", kind: cSpecial, group: "Structure"},
	{name: "rule", kind: cSpecial, group: "Structure"},
	{name: "mathchoice", kind: cSpecial, group: "Structure"},
	{name: "bmod", kind: cSpecial, group: "Structure"},
	{name: "pmod", kind: cSpecial, group: "Structure"},
	{name: "pod", kind: cSpecial, group: "Structure"},
	{name: "mod", kind: cSpecial, group: "Structure"},
	{name: "dots", kind: cSpecial, group: "Structure"},
	{name: "ensuremath", kind: cSpecial, group: "Structure"},
	{name: "bgroup", kind: cSpecial, group: "Structure"},
	{name: "egroup", kind: cSpecial, group: "Structure"},
	{name: "displaybreak", kind: cSpecial, group: "Structure"},
	{name: "xrightarrow", kind: cSpecial, r: 0x2192, group: "Structure"},
	{name: "xleftarrow", kind: cSpecial, r: 0x2190, group: "Structure"},
	{name: "xleftrightarrow", kind: cSpecial, r: 0x2194, group: "Structure"},
	{name: "xRightarrow", kind: cSpecial, r: 0x21D2, group: "Structure"},
	{name: "xLeftarrow", kind: cSpecial, r: 0x21D0, group: "Structure"},
	{name: "xLeftrightarrow", kind: cSpecial, r: 0x21D4, group: "Structure"},
	{name: "xmapsto", kind: cSpecial, r: 0x21A6, group: "Structure"},
	{name: "xhookrightarrow", kind: cSpecial, r: 0x21AA, group: "Structure"},
	{name: "xhookleftarrow", kind: cSpecial, r: 0x21A9, group: "Structure"},
	{name: "xtwoheadrightarrow", kind: cSpecial, r: 0x21A0, group: "Structure"},
	{name: "xtwoheadleftarrow", kind: cSpecial, r: 0x219E, group: "Structure"},
	{name: "xrightharpoonup", kind: cSpecial, r: 0x21C0, group: "Structure"},
	{name: "xrightharpoondown", kind: cSpecial, r: 0x21C1, group: "Structure"},
	{name: "xleftharpoonup", kind: cSpecial, r: 0x21BC, group: "Structure"},
	{name: "xleftharpoondown", kind: cSpecial, r: 0x21BD, group: "Structure"},
	{name: "xrightleftharpoons", kind: cSpecial, r: 0x21CC, group: "Structure"},
	{name: "xleftrightharpoons", kind: cSpecial, r: 0x21CB, group: "Structure"},
	{name: "tiny", kind: cSpecial, group: "Sizes"},
	{name: "scriptsize", kind: cSpecial, group: "Sizes"},
	{name: "footnotesize", kind: cSpecial, group: "Sizes"},
	{name: "small", kind: cSpecial, group: "Sizes"},
	{name: "normalsize", kind: cSpecial, group: "Sizes"},
	{name: "large", kind: cSpecial, group: "Sizes"},
	{name: "Large", kind: cSpecial, group: "Sizes"},
	{name: "LARGE", kind: cSpecial, group: "Sizes"},
	{name: "huge", kind: cSpecial, group: "Sizes"},
	{name: "Huge", kind: cSpecial, group: "Sizes"},
	{name: "TeX", kind: cSpecial, group: "Text"},
	{name: "LaTeX", kind: cSpecial, group: "Text"},
	{name: "KaTeX", kind: cSpecial, group: "Text"},
	{name: "verb", kind: cSpecial, group: "Text"},
	{name: "raisebox", kind: cSpecial, group: "Structure"},
	{name: "vcenter", kind: cSpecial, group: "Structure"},
	{name: "colorbox", kind: cSpecial, group: "Structure"},
	{name: "fcolorbox", kind: cSpecial, group: "Structure"},
	{name: "Set", kind: cSpecial, group: "Delimiters"},
	{name: "set", kind: cSpecial, group: "Delimiters"},
	{name: "Braket", kind: cSpecial, group: "Delimiters"},
	{name: "braket", kind: cSpecial, group: "Delimiters"},
	{name: "overgroup", kind: cOverUnder, r: 0x23E0, arg: "over", group: "Accents"},
	{name: "undergroup", kind: cOverUnder, r: 0x23E1, arg: "under", group: "Accents"},
	{name: "overlinesegment", kind: cAccent, r: 0x2194, arg: "arrow", group: "Accents"},
	{name: "underlinesegment", kind: cAccent, r: 0x2194, arg: "underarrow", group: "Accents"},
	{name: "overleftharpoon", kind: cAccent, r: 0x21BC, arg: "arrow", group: "Accents"},
	{name: "overrightharpoon", kind: cAccent, r: 0x21C0, arg: "arrow", group: "Accents"},
	{name: "utilde", kind: cAccent, r: 0x0303, arg: "underarrow", group: "Accents"},
	{name: "angl", kind: cSpecial, group: "Structure"},
	{name: "angln", kind: cSpecial, group: "Structure"},
	// Definitions
	{name: "newcommand", kind: cDefine, group: "Definitions"},
	{name: "renewcommand", kind: cDefine, group: "Definitions"},
	{name: "providecommand", kind: cDefine, group: "Definitions"},
	{name: "def", kind: cDefine, group: "Definitions"},
	{name: "gdef", kind: cDefine, group: "Definitions"},
	{name: "edef", kind: cDefine, group: "Definitions"},
	{name: "xdef", kind: cDefine, group: "Definitions"},
	{name: "let", kind: cDefine, group: "Definitions"},
	{name: "DeclareMathOperator", kind: cDefine, group: "Definitions"},
	// Text-mode symbols usable in math too
	{name: "textbackslash", kind: cSymbol, r: '\\', group: "Symbols"},
	{name: "textdollar", kind: cSymbol, r: '$', group: "Symbols"},
	{name: "lq", kind: cSymbol, r: 0x2018, group: "Symbols"},
	{name: "rq", kind: cSymbol, r: 0x2019, group: "Symbols"},
}

// environments are the environments the parser knows, with what they are.
var environments = map[string]string{
	"matrix": "matrix", "pmatrix": "matrix", "bmatrix": "matrix", "Bmatrix": "matrix",
	"vmatrix": "matrix", "Vmatrix": "matrix", "smallmatrix": "matrix",
	"matrix*": "matrix", "pmatrix*": "matrix", "bmatrix*": "matrix", "Bmatrix*": "matrix",
	"vmatrix*": "matrix", "Vmatrix*": "matrix",
	"array": "array", "darray": "array", "subarray": "array",
	"cases": "cases", "dcases": "cases", "rcases": "cases",
	"aligned": "aligned", "alignedat": "aligned", "split": "aligned", "gathered": "gathered",
	"equation": "display", "equation*": "display",
	"align": "display", "align*": "display", "alignat": "display", "alignat*": "display",
	"flalign": "display", "flalign*": "display",
	"gather": "display", "gather*": "display", "multline": "display", "multline*": "display",
	"eqnarray": "display", "eqnarray*": "display",
}

// DisplayEnvironments returns the names of the environments that make a
// display of their own (equation, align, gather, multline and their
// starred forms), sorted.
func DisplayEnvironments() []string {
	var out []string
	for name, k := range environments {
		if k == "display" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// CommandsMarkdown returns the README's table of supported commands and
// environments, generated from the table the parser uses.
func CommandsMarkdown() string {
	groups := map[string][]string{}
	var order []string
	tables()
	for _, n := range names {
		c := commands[n]
		if _, ok := groups[c.group]; !ok {
			order = append(order, c.group)
		}
		groups[c.group] = append(groups[c.group], `\`+n)
	}
	sort.Strings(order)
	var b strings.Builder
	b.WriteString("| group | commands |\n|---|---|\n")
	for _, g := range order {
		fmt.Fprintf(&b, "| %s | %s |\n", g, mdEscape(strings.Join(groups[g], " ")))
	}
	var envs []string
	for e := range environments {
		envs = append(envs, e)
	}
	sort.Strings(envs)
	fmt.Fprintf(&b, "| Environments | %s |\n", mdEscape(strings.Join(envs, " ")))
	return b.String()
}

func mdEscape(s string) string {
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}
