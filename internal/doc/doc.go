// Package doc is Quire's document model: metadata, blocks and inline runs,
// with source positions. It knows nothing of Markdown syntax, layout or PDF.
//
// Producers (the markdown and cite packages) build a Document; transforms
// (citations, cross-references, note numbering) rewrite it; the layout
// package consumes it.
package doc

import "quire/internal/diag"

// Pos is a source position (file, line, column).
type Pos = diag.Pos

// Document is a whole manuscript.
type Document struct {
	Meta   Meta
	Blocks []Block
}

// Author is one author of the work.
type Author struct {
	Name             string   // plain text: PDF metadata, running heads
	NameInlines      []Inline // as set in the title block (markup rendered); nil means Name
	Affiliations     []int    // 1-based numbers into Meta.Affiliations
	Email            string
	ORCID            string
	URL              string
	Corresponding    bool
	EqualContributor bool
	Group            bool    // a group ("with the Lorem Ipsum Consortium"): named after a comma, without "and"
	Notes            []*Note // title notes this author points to (Meta.TitleNotes), besides the generated ones
}

// Affiliation is an institution named once and pointed to by authors.
type Affiliation struct {
	ID   string // as the front matter referred to it ("1", "aff1"); may be empty
	Name string
}

// Meta is the front matter of a manuscript, after validation.
type Meta struct {
	Title      string // plain text (markup stripped): PDF metadata, outline
	Subtitle   string
	ShortTitle string // running head, plain text; defaults to Title

	// The title and subtitle as set in the title block, markup rendered;
	// nil means the plain text.
	TitleInlines, SubtitleInlines []Inline

	Authors      []Author
	Affiliations []Affiliation // listed under the names, numbered in order
	// TitleNotes are footnotes on the title block (thanks, author notes,
	// the corresponding author), marked by symbols (Note.Mark).
	TitleNotes []*Note
	Date       string // as written (YYYY-MM-DD preferred)
	Abstract   []Block
	Keywords   []string
	Lang       string            // BCP 47, default "en-US"
	Terms      map[string]string // generated words overridden in the front matter (lang.TermKeys)
	PaperSize  string            // "a4" or "letter"
	FontSize   float64           // body size in points; 0 means the profile default
	// MainFont, SansFont and MonoFont name a shipped font family or a .ttf
	// file in the manuscript folder (mainfont:, sansfont:, monofont:).
	MainFont, SansFont, MonoFont string

	Bibliography  []string // .bib or CSL-JSON paths, relative to the manuscript
	CitationStyle string   // "chicago-notes" (default) or "chicago-author-date"
	BibTitle      string   // heading of the bibliography; "" means the style default
	NoCite        []string // keys to list though uncited; "*" means all
	Ibid          bool     // use "Ibid." for immediately repeated citations
	CSL           string   // a CSL style file (csl:), relative to the manuscript
	CSLLocale     string   // locale: the CSL locale for citations ("" follows the style, then Lang)
	LinkCitations bool     // link-citations: citations link to their bibliography entry

	TOC      bool // toc: a table of contents after the title block
	TOCDepth int  // toc-depth: the deepest heading level listed; 0 means DefaultTOCDepth
	LOF, LOT bool // lof, lot: lists of figures and of tables after the table of contents

	Profile   string        // default profile
	Anonymous bool          // drop authors (submission)
	Journal   JournalLimits // limits checked at build time

	// NumberSections is number-sections (pandoc, Quarto): nil means the
	// default, numbered; false turns section numbers off.
	NumberSections *bool
	// CrossRef holds the front matter's cross-reference settings as text:
	// pandoc-crossref's metadata variables (figPrefix, codeBlockCaptions,
	// ...; see CrossRefKeys) and the entries of a crossref: map. Their
	// presence means the manuscript was written for pandoc-crossref, and
	// references are then printed as that filter prints them.
	CrossRef map[string]string
	Extra    map[string]any // profile-specific settings, keyed by front-matter name

	Pos map[string]Pos // where each front-matter key was written
}

// JournalLimits are a journal's limits; zero means no limit.
type JournalLimits struct {
	AbstractWords int
	Keywords      int
	Words         int
}

// Block is a block-level element. The concrete types are listed below.
type Block interface {
	// Position returns where the block starts in the source.
	Position() Pos
	block()
}

// Inline is an inline element. The concrete types are listed below.
type Inline interface{ inline() }

// At records a source position; embedded in every block.
type At struct{ Pos Pos }

// Position returns the embedded position.
func (a At) Position() Pos { return a.Pos }
func (At) block()          {}

// Heading is a section heading. Level 1 is a section (the document title is
// in Meta, not a heading).
type Heading struct {
	At
	Level      int
	ID         string // anchor for cross-references and the outline
	Content    []Inline
	Unnumbered bool
	Unlisted   bool   // .unlisted: left out of the table of contents
	Number     string // "2.1", assigned by NumberFloats; "" when unnumbered
}

// Paragraph is a run of inline content.
type Paragraph struct {
	At
	Content  []Inline
	NoIndent bool // \noindent: no first-line indent
}

// List is an ordered or unordered list.
type List struct {
	At
	Ordered bool
	Start   int // first number of an ordered list
	Tight   bool
	Items   []ListItem
}

// ListItem is one item of a List.
type ListItem struct {
	Blocks []Block
	Task   int // 0 none, 1 unchecked, 2 checked (GFM task lists)
}

// DefList is a definition list.
type DefList struct {
	At
	Items []DefItem
}

// DefItem is a term with its definitions.
type DefItem struct {
	Term []Inline
	Defs [][]Block
}

// Quote is a block quotation.
type Quote struct {
	At
	Blocks []Block
}

// CodeBlock is preformatted text set in monospace, lines kept as written.
type CodeBlock struct {
	At
	Lang         string
	Text         string
	ID           string   // a listing's label ({#lst:x})
	Number       int      // assigned by NumberFloats to a captioned or labelled listing
	Caption      []Inline // a listing's caption
	ShortCaption []Inline // short-caption=: the caption in the lists of figures, tables, listings
}

// ThematicBreak is a section break (a centred rule or ornament).
type ThematicBreak struct{ At }

// Align is a table column's alignment.
type Align int

const (
	AlignDefault Align = iota
	AlignLeft
	AlignCenter
	AlignRight
)

// Table is a table with one header row. Cells hold inline content.
type Table struct {
	At
	ID           string
	Number       int // assigned by NumberFloats; 0 means unnumbered
	Caption      []Inline
	ShortCaption []Inline // short-caption=: the caption in the lists of figures, tables, listings
	Align        []Align
	Header       [][]Inline
	Rows         [][][]Inline
}

// Figure is a numbered float: an image or a graphic, with a caption and an
// optional source line beneath it.
type Figure struct {
	At
	ID           string
	Number       int // assigned by NumberFloats; 0 means unnumbered
	Caption      []Inline
	ShortCaption []Inline // short-caption=: the caption in the lists of figures, tables, listings
	Source       []Inline // "Source: ..." line; may be empty
	Image        *Image   // one of Image or Graphic is set, or Missing
	Graphic      Graphic
	Missing      string    // an image that could not be used (draft builds): drawn as a frame
	Width        string    // the author's width attribute ("50%", "8cm"), if any
	Height       string    // the author's height attribute ("3in"), if any; Width wins
	Sub          []*Figure // subfigures of a figure group, lettered (a), (b)...
	Letter       string    // a subfigure's letter, assigned by NumberFloats
	Alt          string    // what the figure shows, in words (fig-alt), when the caption does not say it
}

// Image is image data, already read and checked by the loader: a raster
// image (PNG, JPEG), a PDF figure (its first page is drawn as vector
// content), or a vector figure (SVG) whose Vector draws it.
type Image struct {
	Path   string // as written, for messages
	Data   []byte
	Format string // "png", "jpeg", "pdf" or "svg"
	Width  int    // pixels (for a vector figure, its size in its own units)
	Height int
	// Vector draws a vector figure; Width and Height give its proportions.
	Vector Graphic
	// Warn says what of the image could not be drawn (SVG text...), for a
	// warning at the image's place; "" when all of it is. WarnHint says
	// what to do about it.
	Warn, WarnHint string
	// NotPDFA says why a PDF figure cannot go into a PDF/A file ("it uses
	// transparency"); "" when it can.
	NotPDFA string
}

// Graphic is vector content (a chart) that draws itself into a given width.
// Draw returns the height it used. It is called by layout once the text
// width is known; the Canvas is the layout's display-list recorder.
type Graphic interface {
	Draw(c Canvas, width float64) (height float64, err error)
}

// Describer is a Graphic that can say in words what it shows (a chart:
// its kind, axes, series and ranges), for readers who cannot see it.
type Describer interface {
	Describe() string
}

// RawBlock is content the loader could not interpret (raw HTML or LaTeX);
// layout skips it. Kept so tools can report what was dropped.
type RawBlock struct {
	At
	Format string
	Text   string
}

// Bibliography marks where the bibliography goes; the cite package replaces
// it with a heading and entries. Added at the end when absent.
type Bibliography struct {
	At
	Title   string
	Entries [][]Inline // formatted entries, in order
	IDs     []string   // anchor per entry ("ref-key"), parallel to Entries
	Hanging bool       // hanging indent
	// Labels, when set, are the entries' first fields (the citation
	// numbers of a numeric style), set flush left in a column of their
	// own with the entries aligned after it (CSL's second-field-align).
	Labels [][]Inline
	// EntrySpacing is CSL's entry-spacing: 0 sets entries without space
	// between them, 1 (the default) and more with some.
	EntrySpacing int
	// Untitled is set when the author placed the bibliography under a
	// heading of their own (pandoc's ::: {#refs}): no second heading.
	Untitled bool
}

// Inline content.
type (
	// Text is a run of plain text.
	Text struct{ S string }
	// Emph is emphasis (italic).
	Emph struct{ Content []Inline }
	// Strong is strong emphasis (bold).
	Strong struct{ Content []Inline }
	// Strike is struck-through text.
	Strike struct{ Content []Inline }
	// Code is inline code, set in monospace.
	Code struct{ S string }
	// SmallCaps is text set in small capitals (rendered as reduced capitals).
	SmallCaps struct{ Content []Inline }
	// Super is superscript text.
	Super struct{ Content []Inline }
	// Link is a hyperlink to an external URL.
	Link struct {
		URL     string
		Content []Inline
	}
	// Ref is an internal link to an anchor (figure, table, heading,
	// bibliography entry). Content is the visible text.
	Ref struct {
		Target  string
		Content []Inline
	}
	// NoteRef marks a footnote; the note's content travels with it.
	NoteRef struct{ Note *Note }
	// LineBreak is a hard line break.
	LineBreak struct{}
	// Citation is a pandoc-style citation, resolved by the cite package.
	Citation struct {
		Pos    Pos
		Items  []CiteItem
		InText bool // written as @key in running text, not in brackets
	}
	// CrossRef is a reference to a labelled figure, table, equation,
	// section or listing (@fig:id, @fig-id, \ref{id}); resolved by
	// ResolveRefs into a Ref with its label text.
	CrossRef struct {
		Pos     Pos
		Target  string // the label as written in {#...} or \label{...}
		Capital bool   // @Fig:id: the prefix starts with a capital
		Bare    bool   // the number alone ([-@fig:id], \ref, "Figure @fig:id")
		Paren   bool   // the number in parentheses (\eqref)
		Name    bool   // the target's title, not its number ([id]{.nameref})
		// Group holds the further references written in the same
		// brackets ([@fig:a; @fig:b]), printed together ("figs. 1, 2").
		Group []CrossRef
	}
	// Anchor marks a link destination inside text.
	Anchor struct{ ID string }
)

// CiteItem is one work cited in a Citation.
type CiteItem struct {
	Key            string
	Prefix         string // "see"
	Locator        string // "45–47" (the part after the comma)
	Suffix         string
	SuppressAuthor bool // [-@key]
	Pos            Pos
}

// Note is a footnote. Number is assigned by NumberNotes in reading order.
// A note with a Mark (a title note: "*", "†") is marked by it instead and
// is not numbered.
type Note struct {
	Number int
	Mark   string
	ID     string // label as written, for messages
	Blocks []Block
	Pos    Pos
}

func (Text) inline()      {}
func (Emph) inline()      {}
func (Strong) inline()    {}
func (Strike) inline()    {}
func (Code) inline()      {}
func (SmallCaps) inline() {}
func (Super) inline()     {}
func (Link) inline()      {}
func (Ref) inline()       {}
func (NoteRef) inline()   {}
func (LineBreak) inline() {}
func (Citation) inline()  {}
func (CrossRef) inline()  {}
func (Anchor) inline()    {}
