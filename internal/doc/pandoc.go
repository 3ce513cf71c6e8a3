package doc

// Blocks and inlines that pandoc Markdown adds to CommonMark: divisions
// (fenced divs, callouts), line blocks, explicit page breaks, spans with
// attributes, underline and subscript. The markdown package produces them;
// layout sets them; the walkers in walk.go enter them.

// Div is a division of the text with attributes (a pandoc fenced div or
// an HTML <div>). Its content is set as ordinary blocks; a Framed div
// (a callout, a "box" or "framed" class) is set inside a rule, with its
// Title, if any, at the top.
type Div struct {
	At
	ID      string
	Classes []string
	Lang    string // lang=... attribute: the language of the content
	Framed  bool
	Title   []Inline // a callout's title, the author's
	// Callout is the kind of a callout ("note", "tip", "warning",
	// "important", "caution"...): with no Title of the author's, its
	// title is the language's word for it (lang.Language.CalloutTitle).
	Callout string
	Blocks  []Block
}

// LineBlock is a pandoc line block ("| " lines): each line is kept as a
// line, with its leading spaces.
type LineBlock struct {
	At
	Lines [][]Inline
}

// PageBreak starts a new page (\newpage, \clearpage, \pagebreak).
type PageBreak struct{ At }

// Appendix marks the start of the appendices (\appendix): the top-level
// sections after it are lettered A, B, C.
type Appendix struct{ At }

// DroppedLabel prefixes the ID of an Anchor that records a \label{x} in
// raw LaTeX that was left out: a reference to x is then a warning (the
// target was left out, with its own warning), not an unknown label.
const DroppedLabel = "\x00dropped:"

// A Wrapper is an inline that holds inline content: the walkers enter it
// without knowing its type. Span, Underline and Sub are Wrappers.
type Wrapper interface {
	Inline
	Children() []Inline
	WithChildren([]Inline) Inline
}

type (
	// Span is a pandoc bracketed span with attributes ([text]{.class
	// lang=de}). Lang is the BCP 47 language of its content, if given.
	Span struct {
		ID      string
		Classes []string
		Lang    string
		Content []Inline
	}
	// Underline is underlined text ([text]{.underline}, [text]{.ul}).
	Underline struct{ Content []Inline }
	// Sub is subscript text (H~2~O, \textsubscript).
	Sub struct{ Content []Inline }
)

func (Span) inline()      {}
func (Underline) inline() {}
func (Sub) inline()       {}

// Children implements Wrapper.
func (s Span) Children() []Inline { return s.Content }

// WithChildren implements Wrapper.
func (s Span) WithChildren(in []Inline) Inline { s.Content = in; return s }

// Children implements Wrapper.
func (u Underline) Children() []Inline { return u.Content }

// WithChildren implements Wrapper.
func (u Underline) WithChildren(in []Inline) Inline { u.Content = in; return u }

// Children implements Wrapper.
func (s Sub) Children() []Inline { return s.Content }

// WithChildren implements Wrapper.
func (s Sub) WithChildren(in []Inline) Inline { s.Content = in; return s }
