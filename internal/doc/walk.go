package doc

// MapInlines rewrites every inline sequence of the document, depth first:
// f receives each []Inline (paragraph content, heading content, cell, caption,
// link text, note paragraphs...) after its children were rewritten, and
// returns the replacement. inNote tells whether the sequence lies inside a
// footnote. Traversal is iterative over blocks' depth, so deep nesting
// cannot exhaust the stack through this function alone.
func MapInlines(d *Document, f func(in []Inline, inNote bool) []Inline) {
	m := mapper{f: f}
	d.Blocks = m.blocks(d.Blocks, false)
}

type mapper struct {
	f func([]Inline, bool) []Inline
}

func (m *mapper) blocks(bs []Block, inNote bool) []Block {
	for i, b := range bs {
		bs[i] = m.block(b, inNote)
	}
	return bs
}

func (m *mapper) block(b Block, inNote bool) Block {
	switch b := b.(type) {
	case *Heading:
		b.Content = m.inlines(b.Content, inNote)
	case *Paragraph:
		b.Content = m.inlines(b.Content, inNote)
	case *List:
		for i := range b.Items {
			b.Items[i].Blocks = m.blocks(b.Items[i].Blocks, inNote)
		}
	case *DefList:
		for i := range b.Items {
			b.Items[i].Term = m.inlines(b.Items[i].Term, inNote)
			for j := range b.Items[i].Defs {
				b.Items[i].Defs[j] = m.blocks(b.Items[i].Defs[j], inNote)
			}
		}
	case *Quote:
		b.Blocks = m.blocks(b.Blocks, inNote)
	case *Table:
		b.Caption = m.inlines(b.Caption, inNote)
		for i := range b.Header {
			b.Header[i] = m.inlines(b.Header[i], inNote)
		}
		for _, row := range b.Rows {
			for i := range row {
				row[i] = m.inlines(row[i], inNote)
			}
		}
	case *Figure:
		b.Caption = m.inlines(b.Caption, inNote)
		b.Source = m.inlines(b.Source, inNote)
		for _, sub := range b.Sub {
			m.block(sub, inNote)
		}
	case *CodeBlock:
		b.Caption = m.inlines(b.Caption, inNote)
	case *Div:
		b.Title = m.inlines(b.Title, inNote)
		b.Blocks = m.blocks(b.Blocks, inNote)
	case *LineBlock:
		for i := range b.Lines {
			b.Lines[i] = m.inlines(b.Lines[i], inNote)
		}
	}
	return b
}

func (m *mapper) inlines(in []Inline, inNote bool) []Inline {
	for i, x := range in {
		if r, ok := x.(NoteRef); ok {
			if r.Note != nil {
				r.Note.Blocks = m.blocks(r.Note.Blocks, true)
			}
			continue
		}
		if kids, ok := Children(x); ok {
			in[i] = WithChildren(x, m.inlines(kids, inNote))
		}
	}
	return m.f(in, inNote)
}

// Children returns the content of an inline that holds inlines (emphasis,
// strong, strike-through, small capitals, superscript, link, reference,
// or a Wrapper such as a span) and whether x is one. It does not enter
// footnotes: a NoteRef holds blocks.
func Children(x Inline) ([]Inline, bool) {
	switch x := x.(type) {
	case Emph:
		return x.Content, true
	case Strong:
		return x.Content, true
	case Strike:
		return x.Content, true
	case SmallCaps:
		return x.Content, true
	case Super:
		return x.Content, true
	case Link:
		return x.Content, true
	case Ref:
		return x.Content, true
	case Wrapper:
		return x.Children(), true
	}
	return nil, false
}

// WithChildren returns x, an inline that holds inlines (see Children),
// holding content instead; any other inline is returned as it is.
func WithChildren(x Inline, content []Inline) Inline {
	switch x := x.(type) {
	case Emph:
		x.Content = content
		return x
	case Strong:
		x.Content = content
		return x
	case Strike:
		x.Content = content
		return x
	case SmallCaps:
		x.Content = content
		return x
	case Super:
		x.Content = content
		return x
	case Link:
		x.Content = content
		return x
	case Ref:
		x.Content = content
		return x
	case Wrapper:
		return x.WithChildren(content)
	}
	return x
}

// NumberNotes numbers footnotes 1, 2, 3... in reading order (a note's own
// notes are numbered after it) and returns how many there are.
func NumberNotes(d *Document) int {
	// Reset, then number.
	MapInlines(d, func(in []Inline, _ bool) []Inline {
		for _, x := range in {
			if r, ok := x.(NoteRef); ok && r.Note != nil {
				r.Note.Number = 0
			}
		}
		return in
	})
	n := 0
	var visit func(bs []Block)
	visit = func(bs []Block) {
		EachInlines(bs, func(in []Inline) {
			EachInline(in, func(x Inline) {
				if r, ok := x.(NoteRef); ok && r.Note != nil && r.Note.Number == 0 && r.Note.Mark == "" {
					n++
					r.Note.Number = n
					visit(r.Note.Blocks)
				}
			})
		})
	}
	visit(d.Blocks)
	return n
}

// EachBlock calls f with every block of bs and, depth first, of the
// containers in it (lists, quotations, definitions, divs), a container
// before its blocks. It does not enter footnotes.
func EachBlock(bs []Block, f func(Block)) {
	WalkBlocks(bs, f, nil)
}

// WalkBlocks visits every block of bs and, depth first, of the containers
// in it (list items, definitions, quotations, divs): pre, when not nil,
// is called with a block before the blocks it contains, post, when not
// nil, after them. It does not enter footnotes, nor a figure's subfigures.
func WalkBlocks(bs []Block, pre, post func(Block)) {
	for _, b := range bs {
		if pre != nil {
			pre(b)
		}
		switch b := b.(type) {
		case *List:
			for _, it := range b.Items {
				WalkBlocks(it.Blocks, pre, post)
			}
		case *DefList:
			for _, it := range b.Items {
				for _, d := range it.Defs {
					WalkBlocks(d, pre, post)
				}
			}
		case *Quote:
			WalkBlocks(b.Blocks, pre, post)
		case *Div:
			WalkBlocks(b.Blocks, pre, post)
		}
		if post != nil {
			post(b)
		}
	}
}

// EachInlines calls f with every inline sequence of bs in reading order:
// headings, paragraphs, list items, definition terms, quotations, table
// captions and cells, figure captions and source lines. It does not enter
// footnotes; f can, through their NoteRefs.
func EachInlines(bs []Block, f func(in []Inline)) {
	for _, b := range bs {
		switch b := b.(type) {
		case *Heading:
			f(b.Content)
		case *Paragraph:
			f(b.Content)
		case *List:
			for _, it := range b.Items {
				EachInlines(it.Blocks, f)
			}
		case *DefList:
			for _, it := range b.Items {
				f(it.Term)
				for _, d := range it.Defs {
					EachInlines(d, f)
				}
			}
		case *Quote:
			EachInlines(b.Blocks, f)
		case *Table:
			f(b.Caption)
			for _, c := range b.Header {
				f(c)
			}
			for _, r := range b.Rows {
				for _, c := range r {
					f(c)
				}
			}
		case *Figure:
			for _, sub := range b.Sub {
				f(sub.Caption)
			}
			f(b.Caption)
			f(b.Source)
		case *CodeBlock:
			f(b.Caption)
		case *Div:
			f(b.Title)
			EachInlines(b.Blocks, f)
		case *LineBlock:
			for _, l := range b.Lines {
				f(l)
			}
		case *MathBlock:
			f([]Inline{b.Math})
		}
	}
}

// EachInline calls f with every inline of in and, depth first, of the
// content of emphasis, links and the like. It does not enter footnotes.
func EachInline(in []Inline, f func(x Inline)) {
	for _, x := range in {
		f(x)
		if kids, ok := Children(x); ok {
			EachInline(kids, f)
		}
	}
}

// PlainText returns the visible text of inline content, without formatting.
func PlainText(in []Inline) string {
	var b []byte
	var walk func([]Inline)
	walk = func(in []Inline) {
		for _, x := range in {
			switch x := x.(type) {
			case Text:
				b = append(b, x.S...)
			case Code:
				b = append(b, x.S...)
			case Math:
				b = append(b, mathWord(x)...)
			case LineBreak:
				b = append(b, ' ')
			default:
				if kids, ok := Children(x); ok {
					walk(kids)
				}
			}
		}
	}
	walk(in)
	return string(b)
}
