package markdown

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"quire/internal/doc"
)

// Raw LaTeX in Markdown, as pandoc's raw_tex extension reads it: a command
// ("\newpage", "\emph{x}", "\ref{fig:a}") or an environment
// ("\begin{tabbing}...\end{tabbing}") written in the text, and the content
// of raw blocks and spans marked {=latex} or {=tex}. Commands with an
// evident meaning are obeyed (latexCommands); anything else is left out
// with a warning naming it, never printed.
//
// Math is not this extension's: "$...$", "\(...\)" and "\[...\]" start
// with punctuation and never reach it, and the math extension's parsers
// for "\begin{equation}" and the like run before this one (latexPriority);
// a math environment that reaches it all the same is left out with a
// warning.

// kindLatex is the goldmark node kind of raw LaTeX in text.
var kindLatex = ast.NewNodeKind("QuireLatex")

// latexNode is a LaTeX command or environment in the text; start and stop
// delimit its source.
type latexNode struct {
	ast.BaseInline
	start, stop int
}

// Kind implements ast.Node.
func (n *latexNode) Kind() ast.NodeKind { return kindLatex }

// Dump implements ast.Node.
func (n *latexNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"TeX": string(src[n.start:n.stop])}, nil)
}

// latexPriority places the raw-LaTeX parser after the math extension's.
const latexPriority = 500

// maxLatexLen bounds how far an argument or environment is looked for.
const maxLatexLen = 20000

// latexParser parses raw LaTeX commands as a goldmark inline parser.
type latexParser struct{}

// Trigger implements parser.InlineParser.
func (latexParser) Trigger() []byte { return []byte{'\\'} }

// Parse implements parser.InlineParser. A command's arguments may run
// over a few lines of the paragraph.
func (latexParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 || !isASCIILetter(line[1]) {
		return nil
	}
	if name, _ := latexName(line); len(name) == 1 {
		if _, known := latexArity[name]; !known {
			return nil // "\a": CommonMark keeps the backslash
		}
	}
	if inMath(parent, block, seg.Start, pc) {
		return nil // the math extension's
	}
	buf := append([]byte(nil), line...)
	lastAt, lastSrc := 0, seg.Start // where the last gathered line starts
	for lines := 0; ; lines++ {
		n := scanLatex(buf)
		if n == 0 {
			return nil
		}
		if n > 0 {
			block.Advance(n - lastAt)
			node := &latexNode{start: seg.Start, stop: lastSrc + n - lastAt}
			node.SetPos(seg.Start)
			return node
		}
		if lines >= 50 || len(buf) > maxLatexLen {
			return nil
		}
		r, pos := block.Position()
		block.AdvanceLine()
		next, nseg := block.PeekLine()
		if next == nil {
			// Unfinished at the end of the paragraph: the converter says
			// so, rather than printing it.
			block.SetPosition(r, pos)
			block.Advance(len(buf) - lastAt)
			node := &latexNode{start: seg.Start, stop: lastSrc + len(buf) - lastAt}
			node.SetPos(seg.Start)
			return node
		}
		lastAt, lastSrc = len(buf), nseg.Start
		buf = append(buf, next...)
	}
}

// mathStateKey keeps, per paragraph, how far inMath has scanned.
var mathStateKey = parser.NewContextKey()

type mathState struct {
	block           ast.Node
	line, pos       int // the line of the block and the offset scanned to
	inline, display bool
	paren, bracket  bool
}

// inMath reports whether offset off of the paragraph being parsed lies
// inside math ($...$, $$...$$, \(...\), \[...\]): there a command is
// math, left to the math extension. The scan is incremental per block.
func inMath(parent ast.Node, block text.Reader, off int, pc parser.Context) bool {
	blk := parent
	for blk != nil && blk.Type() != ast.TypeBlock {
		blk = blk.Parent()
	}
	if blk == nil || blk.Lines().Len() == 0 {
		return false
	}
	st, _ := pc.Get(mathStateKey).(*mathState)
	if st == nil || st.block != blk || st.pos > off {
		st = &mathState{block: blk, pos: blk.Lines().At(0).Start}
		pc.Set(mathStateKey, st)
	}
	src := block.Source()
	lines := blk.Lines()
	for st.line < lines.Len() && st.pos < off {
		seg := lines.At(st.line)
		if st.pos < seg.Start {
			st.pos = seg.Start
		}
		end := min(seg.Stop, off)
		for i := st.pos; i < end; i++ {
			switch src[i] {
			case '\\':
				if i+1 < len(src) {
					switch src[i+1] {
					case '(':
						st.paren = !st.inline && !st.display
					case ')':
						st.paren = false
					case '[':
						st.bracket = !st.inline && !st.display
					case ']':
						st.bracket = false
					}
				}
				i++
			case '$':
				if i+1 < len(src) && src[i+1] == '$' {
					st.display = !st.display
					i++
				} else if !st.display {
					st.inline = !st.inline
				}
			}
		}
		st.pos = max(st.pos, end)
		if end == seg.Stop {
			st.line++
		}
	}
	return st.inline || st.display || st.paren || st.bracket
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// scanLatex returns the length of the command or environment at the start
// of b ("\name*[opt]{arg}{arg}", "\begin{x}...\end{x}"), 0 if b does not
// start one, or -1 if it is unfinished (an argument or environment runs
// past b).
func scanLatex(b []byte) int {
	name, i := latexName(b)
	if name == "" {
		return 0
	}
	if name == "begin" {
		env, j, ok := braceArg(b, i)
		if !ok {
			if j < 0 {
				return -1
			}
			return 0
		}
		end := []byte(`\end{` + env + `}`)
		k := bytes.Index(b[j:], end)
		if k < 0 {
			return -1
		}
		return j + k + len(end)
	}
	nargs, known := latexArity[name]
	if !known {
		nargs = -1 // as many brace groups as follow
	}
	if nargs == 0 && bytes.HasPrefix(b[i:], []byte("{}")) {
		return i + 2 // "\LaTeX{}"
	}
	// Optional arguments and brace groups.
	for args := 0; nargs < 0 || args < nargs; {
		j := i
		for j < len(b) && (b[j] == ' ' || b[j] == '\t') && nargs >= 0 {
			j++
		}
		if j < len(b) && b[j] == '[' && args == 0 {
			k := bytes.IndexByte(b[j:], ']')
			if k < 0 {
				return -1
			}
			i = j + k + 1
			continue
		}
		if j >= len(b) {
			if nargs > args {
				return -1
			}
			break
		}
		if b[j] != '{' {
			if nargs > args {
				return 0 // "\emph x": not the form pandoc reads
			}
			break
		}
		_, k, ok := braceArg(b, j)
		if !ok {
			if k < 0 {
				return -1
			}
			return 0
		}
		i = k
		args++
	}
	return i
}

// latexName reads "\name" or "\name*" at the start of b.
func latexName(b []byte) (string, int) {
	if len(b) < 2 || b[0] != '\\' || !isASCIILetter(b[1]) {
		return "", 0
	}
	i := 1
	for i < len(b) && isASCIILetter(b[i]) {
		i++
	}
	name := string(b[1:i])
	if i < len(b) && b[i] == '*' {
		i++
	}
	return name, i
}

// braceArg reads a balanced "{...}" at b[i:]; it returns the content, the
// index after the closing brace and whether it was found; the index is -1
// if the group runs past b.
func braceArg(b []byte, i int) (string, int, bool) {
	if i >= len(b) || b[i] != '{' {
		return "", i, false
	}
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return string(b[i+1 : j]), j + 1, true
			}
		}
	}
	return "", -1, false
}

// latexArity gives the number of brace arguments of the commands Quire
// knows; a command not listed takes the brace groups that follow it.
var latexArity = map[string]int{
	"newpage": 0, "clearpage": 0, "cleardoublepage": 0, "pagebreak": 0, "noindent": 0,
	"printbibliography": 0, "appendix": 0, "LaTeX": 0, "TeX": 0, "ldots": 0, "dots": 0,
	"today": 0, "par": 0, "indent": 0, "newline": 0, "linebreak": 0, "maketitle": 0,
	"tableofcontents": 0, "listoffigures": 0, "listoftables": 0, "listoflistings": 0,
	"centering": 0, "raggedright": 0, "medskip": 0, "bigskip": 0, "smallskip": 0,
	"vfill": 0, "hfill": 0, "doublespacing": 0, "singlespacing": 0, "onehalfspacing": 0,
	"footnotesize": 0, "small": 0, "normalsize": 0, "large": 0, "Large": 0, "tiny": 0,
	"scriptsize": 0, "huge": 0, "Huge": 0, "bfseries": 0, "itshape": 0, "quad": 0, "qquad": 0,
	"emph": 1, "textit": 1, "textbf": 1, "textsc": 1, "texttt": 1, "textrm": 1, "textsf": 1,
	"textnormal": 1, "textup": 1, "textsl": 1, "underline": 1, "uline": 1, "sout": 1,
	"textsuperscript": 1, "textsubscript": 1, "mbox": 1, "hbox": 1, "text": 1,
	"url": 1, "footnote": 1, "ref": 1, "eqref": 1, "autoref": 1, "cref": 1, "Cref": 1,
	"pageref": 1, "nameref": 1, "label": 1, "cite": 1, "citep": 1, "citet": 1,
	"parencite": 1, "textcite": 1, "autocite": 1, "citeauthor": 1, "citeyear": 1,
	"vspace": 1, "hspace": 1, "pagenumbering": 1, "thispagestyle": 1, "pagestyle": 1,
	"input": 1, "include": 1, "bibliography": 1, "bibliographystyle": 1, "hl": 1,
	"href": 2, "setlength": 2, "setcounter": 2, "addtocounter": 2, "textcolor": 2, "colorbox": 2,
}

// latex converts a LaTeX command or environment node into b.
func (c *converter) latex(b *builder, n *latexNode) {
	// "Table~\ref{x}": LaTeX's tie before the command.
	if k := len(b.buf); k > 0 && b.buf[k-1] == '~' {
		b.buf = append(b.buf[:k-1], "\u00a0"...)
	}
	c.latexInto(b, c.src[n.start:n.stop], n.start)
}

// latexInto converts LaTeX source s (at source offset off) into b: text
// as text, commands by latexCommands, "%" comments dropped, "~" a
// non-breaking space, "--" and "---" dashes.
func (c *converter) latexInto(b *builder, s []byte, off int) {
	if c.latexDepth >= maxLatexDepth {
		c.latexFlat(b, s, off)
		return
	}
	c.latexDepth++
	defer func() { c.latexDepth-- }()
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == '\\' && i+1 < len(s) && isASCIILetter(s[i+1]):
			n := scanLatex(s[i:])
			if n <= 0 {
				name, _ := latexName(s[i:])
				c.warnf(off+i, "close its braces, or delete it", "raw LaTeX \\%s is incomplete; it is left out", name)
				return
			}
			c.command(b, s[i:i+n], off+i)
			i += n
		case ch == '\\' && i+1 < len(s):
			switch s[i+1] {
			case '\\':
				b.add(doc.LineBreak{})
			case ' ', '\n':
				b.add(doc.Text{S: " "})
			case ',', ';', ':', '!', '/', '-':
				// spacing and hyphenation hints: nothing
			default:
				c.addText(b, s[i+1:i+2], off+i+1)
			}
			i += 2
		case ch == '%':
			k := bytes.IndexByte(s[i:], '\n')
			if k < 0 {
				return
			}
			i += k + 1
		case ch == '~':
			b.add(doc.Text{S: "\u00a0"})
			i++
		case ch == '{':
			// "{\bf text}": a declaration for the rest of the group.
			if a, k, ok := braceArg(s, i); ok {
				if name, n := latexName([]byte(a)); name != "" {
					if wrap, ok := latexDeclarations[name]; ok {
						var in builder
						c.latexInto(&in, []byte(a[n:]), off+i+1+n)
						b.add(wrap(trimInlines(in.result())))
						i = k
						continue
					}
				}
			}
			i++
		case ch == '}':
			i++
		case ch == '\n' || ch == '\r':
			b.space()
			i++
		case ch == '$':
			// Math inside raw LaTeX: not rendered here.
			k := bytes.IndexByte(s[i+1:], '$')
			c.warnf(off+i, "write the math outside the raw LaTeX", "math inside raw LaTeX is left out")
			if k < 0 {
				return
			}
			i += k + 2
		default:
			j := i + 1
			for j < len(s) && !bytes.ContainsRune([]byte("\\%~{}\n\r$"), rune(s[j])) {
				j++
			}
			c.addText(b, []byte(typo(string(s[i:j]))), off+i)
			i = j
		}
	}
}

// Sentinel anchors that a paragraph turns into block-level effects.
const (
	markPageBreak    = "\x00pagebreak"
	markNoIndent     = "\x00noindent"
	markBibliography = "\x00bibliography"
	markAppendix     = "\x00appendix"
	markTable        = "\x00table"          // the next of converter.pendingTables
	markListOf       = "\x00listof:"        // + "toc", "lof", "lot" or "lol": a doc.ListOf
	markPageNumbers  = "\x00pagenumbering:" // + style, or "=" + the page's number: a doc.PageNumbering
)

// listOfCommands are the LaTeX commands that print a generated list where
// they stand.
var listOfCommands = map[string]doc.ListKind{
	"tableofcontents": doc.ListContents, "listoffigures": doc.ListFigures,
	"listoftables": doc.ListTables, "listoflistings": doc.ListListings,
}

// mathEnvs are the environments the math extension sets.
var mathEnvs = map[string]bool{
	"equation": true, "equation*": true, "align": true, "align*": true, "gather": true,
	"gather*": true, "multline": true, "multline*": true, "eqnarray": true, "eqnarray*": true,
	"displaymath": true, "math": true, "aligned": true, "split": true, "flalign": true, "flalign*": true,
}

// command converts one command (with its arguments) or environment.
func (c *converter) command(b *builder, s []byte, off int) {
	name, i := latexName(s)
	var args []string
	var argOff []int
	for i < len(s) {
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j < len(s) && s[j] == '[' {
			k := bytes.IndexByte(s[j:], ']')
			if k < 0 {
				break
			}
			i = j + k + 1
			continue
		}
		a, k, ok := braceArg(s, j)
		if !ok {
			break
		}
		args = append(args, a)
		argOff = append(argOff, off+j+1)
		i = k
	}
	arg := func(k int) string {
		if k < len(args) {
			return args[k]
		}
		return ""
	}
	wrap := func(f func([]doc.Inline) doc.Inline) {
		var in builder
		if len(args) > 0 {
			c.latexInto(&in, []byte(args[len(args)-1]), argOff[len(args)-1])
		}
		b.add(f(in.result()))
	}
	switch name {
	case "begin":
		env := arg(0)
		if latexTableEnvs[env] {
			if t := c.latexTable(s, off); t != nil {
				c.pendingTables = append(c.pendingTables, t)
				b.add(doc.Anchor{ID: markTable})
				return
			}
		}
		if mathEnvs[env] {
			c.warnf(off, "write the equation as $$...$$", "the math environment %s is left out", env)
		} else {
			c.warnf(off, "write it in Markdown, or delete it", "raw LaTeX environment %s is left out", env)
		}
		for _, l := range droppedLabels(s) {
			b.add(doc.Anchor{ID: doc.DroppedLabel + l})
		}
	case "newpage", "clearpage", "cleardoublepage", "pagebreak":
		b.add(doc.Anchor{ID: markPageBreak})
	case "noindent":
		b.add(doc.Anchor{ID: markNoIndent})
		b.eatSpace = true
	case "printbibliography":
		b.add(doc.Anchor{ID: markBibliography})
	case "appendix":
		b.add(doc.Anchor{ID: markAppendix})
	case "tableofcontents", "listoffigures", "listoftables", "listoflistings":
		b.add(doc.Anchor{ID: markListOf + name})
	case "pagenumbering":
		style := strings.TrimSpace(arg(0))
		switch style {
		case "arabic", "roman", "Roman", "alph", "Alph", "gobble":
		default:
			c.warnf(off, "use arabic, roman, Roman, alph, Alph or gobble", "\\pagenumbering{%s}: an unknown numbering; the pages are numbered in arabic figures", style)
			style = "arabic"
		}
		b.add(doc.Anchor{ID: markPageNumbers + style})
	case "setcounter":
		n, err := strconv.Atoi(strings.TrimSpace(arg(1)))
		if strings.TrimSpace(arg(0)) != "page" || err != nil || n < 1 || n > 1e6 {
			c.warnf(off, "write it in Markdown, or delete it", "raw LaTeX \\%s is left out", name)
			return
		}
		b.add(doc.Anchor{ID: markPageNumbers + "=" + strconv.Itoa(n)})
	case "emph", "textit", "textsl":
		wrap(func(in []doc.Inline) doc.Inline { return doc.Emph{Content: in} })
	case "textbf":
		wrap(func(in []doc.Inline) doc.Inline { return doc.Strong{Content: in} })
	case "textsc":
		wrap(func(in []doc.Inline) doc.Inline { return doc.SmallCaps{Content: in} })
	case "underline", "uline":
		wrap(func(in []doc.Inline) doc.Inline { return doc.Underline{Content: in} })
	case "sout":
		wrap(func(in []doc.Inline) doc.Inline { return doc.Strike{Content: in} })
	case "textsuperscript":
		wrap(func(in []doc.Inline) doc.Inline { return doc.Super{Content: in} })
	case "textsubscript":
		wrap(func(in []doc.Inline) doc.Inline { return doc.Sub{Content: in} })
	case "textrm", "textsf", "textnormal", "textup", "mbox", "hbox", "text", "textcolor", "colorbox", "hl":
		wrap(func(in []doc.Inline) doc.Inline { return doc.Span{Content: in} })
	case "texttt":
		b.add(doc.Code{S: c.clean(arg(0), off)})
	case "url":
		u := strings.TrimSpace(arg(0))
		b.add(doc.Link{URL: u, Content: []doc.Inline{doc.Text{S: c.clean(u, off)}}})
	case "href":
		var in builder
		c.latexInto(&in, []byte(arg(1)), off)
		b.add(doc.Link{URL: strings.TrimSpace(arg(0)), Content: in.result()})
	case "footnote":
		var in builder
		c.latexInto(&in, []byte(arg(0)), off)
		content := in.result()
		note := &doc.Note{Pos: c.pos(off), Blocks: []doc.Block{&doc.Paragraph{At: doc.At{Pos: c.pos(off)}, Content: content}}}
		b.add(doc.NoteRef{Note: note})
	case "ref", "eqref", "autoref", "cref", "Cref", "pageref", "nameref":
		for _, id := range strings.Split(arg(0), ",") {
			id = strings.TrimSpace(id)
			if id == "" {
				continue
			}
			cr := doc.CrossRef{Pos: c.pos(off), Target: id, Capital: name == "Cref"}
			switch name {
			case "ref", "pageref":
				cr.Bare = true
			case "eqref":
				cr.Bare, cr.Paren = true, true
			}
			if name == "pageref" {
				c.warnf(off, "refer to the section or figure instead", "\\pageref prints the target's number, not a page")
			}
			b.add(cr)
		}
	case "label":
		b.add(doc.Anchor{ID: strings.TrimSpace(arg(0))})
	case "cite", "citep", "citet", "parencite", "textcite", "autocite", "citeauthor", "citeyear":
		var items []doc.CiteItem
		for _, k := range strings.Split(arg(0), ",") {
			if k = strings.TrimSpace(k); k != "" {
				items = append(items, doc.CiteItem{Key: k, Pos: c.pos(off)})
			}
		}
		if len(items) > 0 {
			b.add(doc.Citation{Pos: c.pos(off), Items: items, InText: name == "citet" || name == "textcite" || name == "citeauthor"})
		}
	case "LaTeX":
		b.add(doc.Text{S: "LaTeX"})
	case "TeX":
		b.add(doc.Text{S: "TeX"})
	case "ldots", "dots":
		b.add(doc.Text{S: "…"})
	case "quad", "qquad":
		b.add(doc.Text{S: "\u2003"})
	case "newline", "linebreak":
		b.add(doc.LineBreak{})
	case "par":
		b.space()
	default:
		c.warnf(off, "write it in Markdown, or delete it", "raw LaTeX \\%s is left out", name)
	}
}

// droppedLabels returns the \label{...}s of LaTeX that is left out, so
// that references to them are warned about, not refused.
func droppedLabels(s []byte) []string {
	var out []string
	for {
		i := bytes.Index(s, []byte(`\label{`))
		if i < 0 {
			return out
		}
		a, k, ok := braceArg(s, i+6)
		if !ok {
			return out
		}
		out = append(out, strings.TrimSpace(a))
		s = s[k:]
	}
}

// latexTableEnvs are the environments read as tables.
var latexTableEnvs = map[string]bool{"table": true, "table*": true, "tabular": true, "tabular*": true, "tabularx": true, "longtable": true, "tabu": true}

// reTableRule matches the rules and markers of a LaTeX table that carry no
// content.
var reTableRule = regexp.MustCompile(`\\(toprule|midrule|bottomrule|hline|endhead|endfirsthead|endfoot|endlastfoot|thickhline|centering|small|footnotesize)\b(\[[^\]]*\])?|\\cline\{[^}]*\}|\\cmidrule(\([^)]*\))?\{[^}]*\}`)

// latexTable reads a table environment (table with a tabular inside,
// tabular, longtable): \caption and \label, rows split at \\ and cells at
// &. It returns nil if no tabular is found.
func (c *converter) latexTable(s []byte, off int) *doc.Table {
	body := string(s)
	t := &doc.Table{At: doc.At{Pos: c.pos(off)}}
	// The caption (its last brace group) and the label.
	if i := strings.Index(body, `\caption`); i >= 0 {
		j := i + len(`\caption`)
		if j < len(body) && body[j] == '[' {
			if k := strings.IndexByte(body[j:], ']'); k >= 0 {
				j += k + 1
			}
		}
		if capText, k, ok := braceArg(s, j); ok {
			var b builder
			c.latexInto(&b, []byte(capText), off+i)
			t.Caption = trimInlines(b.result())
			body = body[:i] + body[k:]
			// A longtable's caption row ends with \\.
			if rest := strings.TrimLeft(body[i:], " \t\n"); strings.HasPrefix(rest, `\\`) {
				body = body[:i] + rest[2:]
			}
		}
	}
	for _, l := range droppedLabels([]byte(body)) {
		t.ID = l
		break
	}
	// The tabular's rows.
	m := regexp.MustCompile(`\\begin\{(tabular\*?|tabularx|longtable|tabu)\}`).FindStringIndex(body)
	if m == nil {
		return nil
	}
	env := body[m[0]+7 : m[1]-1]
	rest := []byte(body[m[1]:])
	// Skip the width and column-spec arguments.
	for {
		j := 0
		for j < len(rest) && (rest[j] == ' ' || rest[j] == '\n') {
			j++
		}
		if j < len(rest) && rest[j] == '[' {
			k := bytes.IndexByte(rest[j:], ']')
			if k < 0 {
				return nil
			}
			rest = rest[j+k+1:]
			continue
		}
		if _, k, ok := braceArg(rest, j); ok && (env != "tabularx" && env != "tabular*" || true) {
			rest = rest[k:]
			if env == "tabularx" || env == "tabular*" {
				env = "tabular" // one more argument: the spec
				continue
			}
			break
		}
		break
	}
	end := bytes.Index(rest, []byte(`\end{`))
	if end < 0 {
		return nil
	}
	if after := rest[end:]; bytes.Contains(after, []byte(`\begin{`)) {
		c.warnf(off, "write the notes as a paragraph under the table", "the LaTeX after the tabular (%s) is left out", firstEnv(after))
	}
	inner := reTableRule.ReplaceAllString(string(rest[:end]), " ")
	inner = strings.ReplaceAll(inner, `\tabularnewline`, `\\`)
	var rows [][][]doc.Inline
	for _, row := range splitUnescaped(inner, `\\`) {
		row = strings.TrimSpace(row)
		if row == "" {
			continue
		}
		var cells [][]doc.Inline
		for _, cell := range splitUnescaped(row, "&") {
			cell = strings.TrimSpace(cell)
			span := 1
			if strings.HasPrefix(cell, `\multicolumn`) {
				a := []byte(cell)
				n1, k1, ok1 := braceArg(a, len(`\multicolumn`))
				_, k2, ok2 := braceArg(a, k1)
				txt, _, ok3 := braceArg(a, k2)
				if ok1 && ok2 && ok3 {
					cell = txt
					if n, err := strconv.Atoi(strings.TrimSpace(n1)); err == nil && n > 1 && n < 100 {
						span = n
					}
				}
			}
			var b builder
			c.latexInto(&b, []byte(cell), off)
			cells = append(cells, trimInlines(b.result()))
			for ; span > 1; span-- {
				cells = append(cells, nil)
			}
		}
		rows = append(rows, cells)
	}
	if len(rows) == 0 {
		return nil
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	for i := range rows {
		for len(rows[i]) < width {
			rows[i] = append(rows[i], nil)
		}
	}
	t.Header, t.Rows = rows[0], rows[1:]
	t.Align = make([]doc.Align, width)
	return t
}

// splitUnescaped splits s at sep, except where sep is escaped ("\&") or
// inside braces.
func splitUnescaped(s, sep string) []string {
	var out []string
	depth, last := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && !strings.HasPrefix(s[i:], sep):
			i++
		case s[i] == '{':
			depth++
		case s[i] == '}':
			depth--
		case depth == 0 && strings.HasPrefix(s[i:], sep):
			out = append(out, s[last:i])
			i += len(sep) - 1
			last = i + 1
		}
	}
	return append(out, s[last:])
}

// firstEnv names the first environment begun in s.
func firstEnv(s []byte) string {
	i := bytes.Index(s, []byte(`\begin{`))
	if i < 0 {
		return ""
	}
	a, _, _ := braceArg(s, i+6)
	return a
}

// latexDeclarations are the font declarations obeyed at the start of a
// group: "{\bf text}", "{\itshape text}".
var latexDeclarations = map[string]func([]doc.Inline) doc.Inline{
	"bf":       func(in []doc.Inline) doc.Inline { return doc.Strong{Content: in} },
	"bfseries": func(in []doc.Inline) doc.Inline { return doc.Strong{Content: in} },
	"it":       func(in []doc.Inline) doc.Inline { return doc.Emph{Content: in} },
	"itshape":  func(in []doc.Inline) doc.Inline { return doc.Emph{Content: in} },
	"em":       func(in []doc.Inline) doc.Inline { return doc.Emph{Content: in} },
	"sl":       func(in []doc.Inline) doc.Inline { return doc.Emph{Content: in} },
	"sc":       func(in []doc.Inline) doc.Inline { return doc.SmallCaps{Content: in} },
	"scshape":  func(in []doc.Inline) doc.Inline { return doc.SmallCaps{Content: in} },
	"rm":       func(in []doc.Inline) doc.Inline { return doc.Span{Content: in} },
}
