package markdown

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"quire/internal/doc"
)

// blocks converts the block children of parent, at nesting depth depth.
func (c *converter) blocks(parent ast.Node, depth int) []doc.Block {
	var out []doc.Block
	prevEnd := -1
	if p := nodePos(parent); p >= 0 {
		prevEnd = c.lineStart(p) - 1
	}
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if t, end := c.pandocTable(n, prevEnd+1); t != nil {
			out = append(out, t)
			// Skip the nodes goldmark made of the table's lines; a
			// definition list made of a grid table and its ": caption"
			// gives the caption.
			pe := c.blockEnd(n, prevEnd+1)
			for {
				if dl, ok := n.(*east.DefinitionList); ok && pe > end {
					c.tableCaptionFrom(t, dl)
				}
				next := n.NextSibling()
				if next == nil || c.blockStart(next, pe+1) > end {
					break
				}
				n = next
				pe = c.blockEnd(n, pe+1)
			}
			prevEnd = max(end, pe)
			continue
		}
		out = c.block(n, depth, out)
		prevEnd = c.blockEnd(n, prevEnd+1)
	}
	return attachTableCaptions(out)
}

// isContainer reports whether n holds blocks (and may nest arbitrarily).
func isContainer(n ast.Node) bool {
	switch n.(type) {
	case *ast.Blockquote, *ast.List, *ast.ListItem, *east.DefinitionList, *east.DefinitionDescription, *divNode:
		return true
	}
	return false
}

// block appends the conversion of the block node n to out.
func (c *converter) block(n ast.Node, depth int, out []doc.Block) []doc.Block {
	if depth >= maxDepth && isContainer(n) {
		c.warnDepth(n)
		return append(out, c.flatten(n)...)
	}
	c.htmlWarned = false
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return c.paragraph(n, out)
	case *ast.Heading:
		return append(out, c.heading(n))
	case *ast.ThematicBreak:
		return append(out, &doc.ThematicBreak{At: c.at(n)})
	case *ast.CodeBlock:
		return append(out, &doc.CodeBlock{At: c.at(n), Text: c.clean(c.linesText(n), nodePos(n))})
	case *ast.FencedCodeBlock:
		return c.fenced(n, out)
	case *ast.HTMLBlock:
		return c.htmlBlock(n, out)
	case *ast.Blockquote:
		return append(out, &doc.Quote{At: c.at(n), Blocks: c.blocks(n, depth+1)})
	case *ast.List:
		l := &doc.List{At: c.at(n), Ordered: n.IsOrdered(), Start: n.Start, Tight: n.IsTight}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			l.Items = append(l.Items, doc.ListItem{Task: taskState(it), Blocks: c.blocks(it, depth+1)})
		}
		return append(out, l)
	case *east.DefinitionList:
		if _, ok := n.FirstChild().NextSibling().(*east.DefinitionTerm); ok {
			// pandoc's terms fit on one line (goldmark makes a term of
			// each line): lines over ": text" are a paragraph, and
			// ": text" a paragraph too (a caption).
			var para *doc.Paragraph
			for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
				if _, dd := ch.(*east.DefinitionDescription); !dd {
					in := c.inlines(ch, 0)
					if para == nil {
						para = &doc.Paragraph{At: c.at(ch)}
						out = append(out, para)
					} else if len(in) > 0 {
						para.Content = append(para.Content, doc.Text{S: " "})
					}
					para.Content = append(para.Content, in...)
					continue
				}
				para = nil
				bs := c.blocks(ch, depth+1)
				if len(bs) > 0 {
					if p, ok := bs[0].(*doc.Paragraph); ok {
						p.Content = append([]doc.Inline{doc.Text{S: ": "}}, p.Content...)
					}
				}
				out = append(out, bs...)
			}
			return out
		}
		return append(out, c.defList(n, depth))
	case *east.Table:
		return append(out, c.table(n))
	case *divNode:
		return c.div(n, depth, out)
	case *east.FootnoteList, *ast.LinkReferenceDefinition:
		return out
	case *mathBlockNode:
		return c.mathBlock(n, out)
	case *ast.Document, *ast.ListItem, *east.DefinitionDescription:
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			out = c.block(ch, depth+1, out)
		}
		return out
	case *east.DefinitionTerm:
		return c.paragraph(n, out)
	}
	// Unknown node: keep whatever it holds.
	if n.HasChildren() {
		if n.FirstChild().Type() == ast.TypeInline {
			return c.paragraph(n, out)
		}
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			out = c.block(ch, depth+1, out)
		}
		return out
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		s := strings.TrimSpace(c.linesText(n))
		if s != "" {
			return append(out, &doc.Paragraph{At: c.at(n), Content: []doc.Inline{doc.Text{S: c.clean(s, nodePos(n))}}})
		}
	}
	return out
}

// flatten converts the subtree of the container n without nesting: every
// leaf block is appended in reading order. It uses an explicit stack, so the
// depth of the subtree does not matter.
func (c *converter) flatten(n ast.Node) []doc.Block {
	var out []doc.Block
	stack := []ast.Node{n}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if isContainer(x) || x.Kind() == ast.KindDocument {
			// Push children in reverse so the first is handled first.
			for ch := x.LastChild(); ch != nil; ch = ch.PreviousSibling() {
				stack = append(stack, ch)
			}
			continue
		}
		out = c.block(x, maxDepth-1, out)
	}
	return out
}

// taskState returns the GFM task state of a list item.
func taskState(item ast.Node) int {
	first := item.FirstChild()
	if first == nil {
		return 0
	}
	if cb, ok := first.FirstChild().(*east.TaskCheckBox); ok {
		if cb.IsChecked {
			return 2
		}
		return 1
	}
	return 0
}

// linesText returns the text of a block's lines.
func (c *converter) linesText(n ast.Node) string {
	var b strings.Builder
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		b.Write(seg.Value(c.src))
	}
	return b.String()
}

// paragraph converts a paragraph (or a tight list item's text block), which
// may turn out to be a figure.
func (c *converter) paragraph(n ast.Node, out []doc.Block) []doc.Block {
	if img, attrs, ok := c.standaloneImage(n); ok {
		return c.figure(n, img, attrs, out)
	}
	if c.macroParagraph(n) {
		return out
	}
	if _, ok := n.(*ast.Paragraph); ok {
		if lb, ok := c.lineBlock(n); ok {
			return append(out, lb)
		}
		if l, ok := c.exampleList(n); ok {
			return append(out, l)
		}
	}
	if c.inFigGroup {
		if imgs := c.imageRow(n); imgs != nil {
			for _, img := range imgs {
				out = c.figure(n, img, attrs{}, out)
			}
			return out
		}
	}
	content := c.inlines(n, 0)
	if len(content) == 0 {
		return out
	}
	if hasDisplay(content) {
		for _, b := range c.splitDisplays(&doc.Paragraph{At: c.at(n), Content: content}) {
			if p, ok := b.(*doc.Paragraph); ok {
				k := len(out)
				out = c.splitMarks(p.At, p.Content, out)
				for _, q := range out[k:] {
					if q, ok := q.(*doc.Paragraph); ok {
						q.NoIndent = q.NoIndent || p.NoIndent
						break
					}
				}
				continue
			}
			out = append(out, b)
		}
		return out
	}
	return c.splitMarks(c.at(n), content, out)
}

// splitMarks appends a paragraph of content, obeying the block-level
// LaTeX it holds (the latex.go marks): a page break, the bibliography or
// the appendix starts there, splitting the paragraph; \noindent drops the
// indent of the text after it.
func (c *converter) splitMarks(at doc.At, content []doc.Inline, out []doc.Block) []doc.Block {
	has := false
	for _, x := range content {
		if a, ok := x.(doc.Anchor); ok && strings.HasPrefix(a.ID, "\x00") && !strings.HasPrefix(a.ID, doc.DroppedLabel) {
			has = true
			break
		}
	}
	if !has {
		return append(out, &doc.Paragraph{At: at, Content: content})
	}
	cur := &doc.Paragraph{At: at}
	flush := func() {
		cur.Content = trimInlines(cur.Content)
		if len(cur.Content) > 0 {
			out = append(out, cur)
		}
		cur = &doc.Paragraph{At: at}
	}
	for _, x := range content {
		a, ok := x.(doc.Anchor)
		if !ok {
			cur.Content = append(cur.Content, x)
			continue
		}
		if n, ok := strings.CutPrefix(a.ID, markPageNumbers+"="); ok {
			flush()
			start, _ := strconv.Atoi(n)
			out = append(out, &doc.PageNumbering{At: at, Start: start})
			continue
		}
		switch a.ID {
		case markPageBreak:
			flush()
			out = append(out, &doc.PageBreak{At: at})
		case markNoIndent:
			if len(trimInlines(cur.Content)) > 0 {
				flush()
			}
			cur.NoIndent = true
		case markBibliography:
			flush()
			bib := &doc.Bibliography{At: at}
			if k := len(out) - 1; k >= 0 {
				if _, ok := out[k].(*doc.Heading); ok {
					bib.Untitled = true
				}
			}
			out = append(out, bib)
		case markAppendix:
			flush()
			out = append(out, &doc.Appendix{At: at})
		case markPageNumbers + "arabic", markPageNumbers + "roman", markPageNumbers + "Roman", markPageNumbers + "alph", markPageNumbers + "Alph", markPageNumbers + "gobble":
			flush()
			out = append(out, &doc.PageNumbering{At: at, Style: strings.TrimPrefix(a.ID, markPageNumbers), Start: 1})
		case markListOf + "tableofcontents", markListOf + "listoffigures", markListOf + "listoftables", markListOf + "listoflistings":
			flush()
			out = append(out, &doc.ListOf{At: at, Kind: listOfCommands[strings.TrimPrefix(a.ID, markListOf)]})
		case markTable:
			flush()
			if len(c.pendingTables) > 0 {
				out = append(out, c.pendingTables[0])
				c.pendingTables = c.pendingTables[1:]
			}
		default:
			cur.Content = append(cur.Content, x)
		}
	}
	flush()
	return out
}

// trimInlines trims blanks at both ends of inline content.
func trimInlines(in []doc.Inline) []doc.Inline {
	for len(in) > 0 {
		t, ok := in[0].(doc.Text)
		if !ok {
			break
		}
		if s := strings.TrimLeft(t.S, " \t\n"); s != "" {
			in = append([]doc.Inline{doc.Text{S: s}}, in[1:]...)
			break
		}
		in = in[1:]
	}
	for len(in) > 0 {
		t, ok := in[len(in)-1].(doc.Text)
		if !ok {
			break
		}
		if s := strings.TrimRight(t.S, " \t\n"); s != "" {
			in = append(append([]doc.Inline(nil), in[:len(in)-1]...), doc.Text{S: s})
			break
		}
		in = in[:len(in)-1]
	}
	return in
}

// heading converts a heading, with pandoc attributes.
func (c *converter) heading(n *ast.Heading) *doc.Heading {
	h := &doc.Heading{At: c.at(n), Level: n.Level}
	h.Content = c.inlines(n, 0)
	if v, ok := n.AttributeString("class"); ok {
		if b, ok := v.([]byte); ok {
			for _, cl := range strings.Fields(string(b)) {
				switch cl {
				case "unnumbered":
					h.Unnumbered = true
				case "unlisted": // pandoc: numbered, but not in the table of contents
					h.Unlisted = true
				}
			}
		}
	}
	explicit := false
	if content, a, ok := trailingAttrs(h.Content); ok {
		h.Content = content
		if a.unnumbered {
			h.Unnumbered = true
		}
		if a.unlisted {
			h.Unlisted = true
		}
		if a.id != "" {
			h.ID = a.id
			explicit = true
		} else {
			h.ID = c.slug(doc.PlainText(h.Content))
		}
	} else if v, ok := n.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			h.ID = string(b)
		}
		explicit = true
	}
	if h.ID == "" && !explicit {
		h.ID = c.slug(doc.PlainText(h.Content))
	}
	return h
}

// slug makes a heading identifier from its text, pandoc style, unique in the
// document.
func (c *converter) slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '_' || r == '.' || r == '-' || isLetterOrDigit(r):
			b.WriteRune(r)
			dash = false
		case r == ' ' || r == '\t':
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	id := strings.TrimRight(b.String(), "-")
	if id == "" {
		id = "section"
	}
	if c.usedIDs == nil {
		c.usedIDs = map[string]bool{}
	}
	base := id
	for i := 1; c.usedIDs[id]; i++ {
		id = base + "-" + itoa(i)
	}
	c.usedIDs[id] = true
	return id
}

// fenced converts a fenced code block: a registered fence handler, a pandoc
// raw block ({=latex}) or code.
func (c *converter) fenced(n *ast.FencedCodeBlock, out []doc.Block) []doc.Block {
	var info string
	if n.Info != nil {
		info = strings.TrimSpace(string(n.Info.Segment.Value(c.src)))
	}
	lang := info
	if i := strings.IndexAny(lang, " \t{"); i > 0 {
		lang = lang[:i]
	}
	body := c.linesText(n)
	contentOff := nodePos(n)
	if n.Lines().Len() > 0 {
		contentOff = n.Lines().At(0).Start
	} else if i := bytes.IndexByte(c.src[max(contentOff, 0):], '\n'); contentOff >= 0 && i >= 0 {
		contentOff += i + 1
	}
	cellLang := ""
	if m := reCell.FindStringSubmatch(info); m != nil {
		if b, ok := c.codeCell(n, m[1], body, contentOff); ok {
			return append(out, b)
		}
		cellLang = m[1]
	}
	var listingID, listingCap, listingShort string
	if i := strings.IndexByte(info, '{'); i >= 0 {
		// "{#lst:x .haskell caption=...}" or "haskell {#lst:x}"
		a, ok := parseAttrs(info[i:])
		if !ok && cellLang == "" {
			// An unclosed brace or quote: the label and caption would be
			// lost in silence.
			c.warnf(n.Info.Segment.Start+strings.IndexByte(string(n.Info.Segment.Value(c.src)), '{'),
				"write them as {#lst:id .language caption=\"...\"}, braces and quotes closed",
				"the attributes of this code block cannot be read and are ignored: %s", info[i:])
		}
		if i > 0 && ok && a.raw == "" {
			listingID, listingCap, listingShort = a.id, a.get("caption"), a.get("short-caption")
		}
	}
	if strings.HasPrefix(info, "{") {
		a, ok := parseAttrs(info)
		if ok && (a.raw == "latex" || a.raw == "tex") {
			var b builder
			c.latexInto(&b, []byte(body), contentOff)
			return c.splitMarks(c.at(n), trimInlines(b.result()), out)
		}
		if ok && a.raw != "" {
			c.warnf(nodePos(n), "remove it, or write the content in Markdown",
				"raw %s block is not rendered", a.raw)
			return append(out, &doc.RawBlock{At: c.at(n), Format: a.raw, Text: body})
		}
		lang = ""
		if ok && len(a.classes) > 0 {
			lang = a.classes[0]
		}
		if ok {
			listingID, listingCap, listingShort = a.id, a.get("caption"), a.get("short-caption")
		}
	}
	if h := c.opt.Fences[lang]; h != nil && lang != "" {
		p := c.pos(contentOff)
		b, err := h([]byte(body), p)
		if err != nil {
			c.diags.Errorf(p, "", "%s: %v", lang, err)
			return out
		}
		if b != nil {
			return append(out, b)
		}
		return out
	}
	if lang == "" {
		lang = cellLang
	}
	cb := &doc.CodeBlock{At: c.at(n), Lang: lang, Text: c.clean(body, contentOff), ID: listingID}
	if listingCap != "" {
		cb.Caption = c.inlineText(listingCap, nodePos(n))
	}
	if listingShort != "" {
		cb.ShortCaption = c.inlineText(listingShort, nodePos(n))
	}
	return append(out, cb)
}

var (
	reHTMLComment = regexp.MustCompile(`(?s)<!--.*?(-->|$)`)
	reHTMLDrop    = regexp.MustCompile(`(?is)<(script|style|textarea|pre)\b.*?(</(script|style|textarea|pre)\s*>|$)`)
	reHTMLTag     = regexp.MustCompile(`(?s)<[^>]*(>|$)`)
	reSpaces      = regexp.MustCompile(`\s+`)
)

// htmlBlock drops a raw HTML block with a warning, keeping its visible text.
func (c *converter) htmlBlock(n *ast.HTMLBlock, out []doc.Block) []doc.Block {
	raw := c.linesText(n)
	if n.HasClosure() {
		raw += string(n.ClosureLine.Value(c.src))
	}
	s := reHTMLComment.ReplaceAllString(raw, "")
	if strings.TrimSpace(s) == "" {
		return out // only comments: silently dropped
	}
	c.warnf(nodePos(n), "write it in Markdown, or delete it", "raw HTML is not rendered; use Markdown")
	switch n.HTMLBlockType {
	case ast.HTMLBlockType3, ast.HTMLBlockType4, ast.HTMLBlockType5:
		return out
	}
	s = reHTMLDrop.ReplaceAllString(s, " ")
	s = reHTMLTag.ReplaceAllString(s, " ")
	s = strings.TrimSpace(reSpaces.ReplaceAllString(unescape([]byte(s)), " "))
	if s == "" {
		return out
	}
	return append(out, &doc.Paragraph{At: c.at(n), Content: []doc.Inline{doc.Text{S: c.clean(s, nodePos(n))}}})
}

// defList converts a definition list.
func (c *converter) defList(n *east.DefinitionList, depth int) *doc.DefList {
	dl := &doc.DefList{At: c.at(n)}
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		switch ch := ch.(type) {
		case *east.DefinitionTerm:
			dl.Items = append(dl.Items, doc.DefItem{Term: c.inlines(ch, 0)})
		case *east.DefinitionDescription:
			if len(dl.Items) == 0 {
				dl.Items = append(dl.Items, doc.DefItem{})
			}
			it := &dl.Items[len(dl.Items)-1]
			it.Defs = append(it.Defs, c.blocks(ch, depth+1))
		}
	}
	return dl
}

// table converts a GFM table, padding or trimming rows to the header width.
func (c *converter) table(n *east.Table) *doc.Table {
	t := &doc.Table{At: c.at(n)}
	for _, a := range n.Alignments {
		t.Align = append(t.Align, alignOf(a))
	}
	for row := n.FirstChild(); row != nil; row = row.NextSibling() {
		var cells [][]doc.Inline
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			c.htmlWarned = false
			cells = append(cells, c.inlines(cell, 0))
		}
		if _, ok := row.(*east.TableHeader); ok && t.Header == nil {
			t.Header = cells
			continue
		}
		t.Rows = append(t.Rows, cells)
	}
	width := len(t.Header)
	if width == 0 {
		width = len(t.Align)
	}
	for len(t.Align) < width {
		t.Align = append(t.Align, doc.AlignDefault)
	}
	t.Align = t.Align[:width]
	for i, r := range t.Rows {
		for len(r) < width {
			r = append(r, nil)
		}
		t.Rows[i] = r[:width]
	}
	return t
}

func alignOf(a east.Alignment) doc.Align {
	switch a {
	case east.AlignLeft:
		return doc.AlignLeft
	case east.AlignCenter:
		return doc.AlignCenter
	case east.AlignRight:
		return doc.AlignRight
	}
	return doc.AlignDefault
}

// captionPrefix matches the start of a pandoc caption paragraph: "Table:"
// or "Listing:" (pandoc-crossref's codeBlockCaptions) or a bare ":".
var captionPrefix = regexp.MustCompile(`^(Table|Listing)?:[ \t]+`)

// attachTableCaptions moves a pandoc caption paragraph ("Table: text",
// "Listing: text" or ": text") adjacent to a table or code block into its
// Caption (and ID): before it or after it.
func attachTableCaptions(bs []doc.Block) []doc.Block {
	var out []doc.Block
	for i := 0; i < len(bs); i++ {
		if !captionable(bs[i]) {
			out = append(out, bs[i])
			continue
		}
		if len(out) > 0 {
			if cap, ok := captionOf(out[len(out)-1], bs[i]); ok {
				out = out[:len(out)-1]
				setCaption(bs[i], cap)
				out = append(out, bs[i])
				continue
			}
		}
		out = append(out, bs[i])
		if i+1 < len(bs) {
			if cap, ok := captionOf(bs[i+1], bs[i]); ok {
				setCaption(bs[i], cap)
				i++
			}
		}
	}
	return out
}

// captionable reports whether b is a table or code block without caption.
func captionable(b doc.Block) bool {
	switch b := b.(type) {
	case *doc.Table:
		return b.Caption == nil
	case *doc.CodeBlock:
		return b.Caption == nil
	}
	return false
}

// captionOf returns the caption text of a caption paragraph for target.
func captionOf(b, target doc.Block) ([]doc.Inline, bool) {
	p, ok := b.(*doc.Paragraph)
	if !ok || len(p.Content) == 0 {
		return nil, false
	}
	t, ok := p.Content[0].(doc.Text)
	if !ok {
		return nil, false
	}
	m := captionPrefix.FindStringSubmatchIndex(t.S)
	if m == nil {
		return nil, false
	}
	word := ""
	if m[2] >= 0 {
		word = t.S[m[2]:m[3]]
	}
	if _, code := target.(*doc.CodeBlock); code && word == "Table" || !code && word == "Listing" {
		return nil, false
	}
	rest := t.S[m[1]:]
	content := append([]doc.Inline(nil), p.Content...)
	if rest == "" {
		content = content[1:]
	} else {
		content[0] = doc.Text{S: rest}
	}
	return content, true
}

func setCaption(b doc.Block, cap []doc.Inline) {
	id := ""
	var short []doc.Inline
	if content, a, ok := trailingAttrs(cap); ok {
		cap = content
		id = a.id
		for _, k := range []string{"short-caption", "tbl-scap"} {
			if v := a.get(k); v != "" {
				short = []doc.Inline{doc.Text{S: typo(v)}}
				break
			}
		}
	}
	switch b := b.(type) {
	case *doc.Table:
		b.Caption, b.ID, b.ShortCaption = cap, id, short
	case *doc.CodeBlock:
		b.Caption, b.ShortCaption = cap, short
		if id != "" {
			b.ID = id
		}
	}
}

// inlineText returns an attribute value (a caption="..." written in an
// attribute block) as text, with the typographer's dashes.
func (c *converter) inlineText(s string, off int) []doc.Inline {
	return []doc.Inline{doc.Text{S: c.clean(typo(s), off)}}
}

// reCell matches the info string of an executable cell (Quarto, R
// Markdown): {python}, {r label, echo=FALSE}.
var reCell = regexp.MustCompile(`^\{([a-zA-Z][a-zA-Z0-9_]*)(?:[ ,][^}]*)?\}$`)

// reCellOption matches a cell option line: "#| label: fig-polar".
var reCellOption = regexp.MustCompile(`^#\|\s*([a-zA-Z-]+)\s*:\s*(.*?)\s*$`)

// codeCell turns an executable cell labelled as a figure or table
// ("#| label: fig-x", "#| fig-cap: ...") into that figure or table, left
// as a frame: Quire does not run code, and says so. A cell without such a
// label stays a code block.
func (c *converter) codeCell(n *ast.FencedCodeBlock, lang, body string, off int) (doc.Block, bool) {
	opts := map[string]string{}
	for _, line := range strings.Split(body, "\n") {
		m := reCellOption.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			break
		}
		opts[m[1]] = strings.Trim(m[2], `"'`)
	}
	label := opts["label"]
	kind := ""
	if l, _, ok := doc.CrossRefKey(label); ok {
		kind = l[:3]
	}
	switch kind {
	case doc.KindFigure:
		c.warnf(nodePos(n), "put the figure the code makes in an image file and include it with ![caption](file){#"+label+"}",
			"Quire does not run %s code cells; figure %s is left as a frame", lang, label)
		return &doc.Figure{At: c.at(n), ID: label, Caption: c.inlineString(opts["fig-cap"], off), Missing: "output of the " + lang + " cell", Alt: opts["fig-alt"]}, true
	case doc.KindTable:
		c.warnf(nodePos(n), "write the table the code makes in Markdown, with : caption {#"+label+"}",
			"Quire does not run %s code cells; table %s is left empty", lang, label)
		return &doc.Table{At: c.at(n), ID: label, Caption: c.inlineString(opts["tbl-cap"], off),
			Align: []doc.Align{doc.AlignCenter}, Header: [][]doc.Inline{{doc.Text{S: "output of the " + lang + " cell"}}}}, true
	}
	return nil, false
}
