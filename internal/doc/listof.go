package doc

// ListOf marks where a generated list is printed: the table of contents
// (\tableofcontents), or the list of figures, tables or listings
// (\listoffigures, \listoftables, \listoflistings). The layout fills it
// from the document's headings and numbered floats; Meta.TOC, LOF and LOT
// ask for the same lists after the title block.
type ListOf struct {
	At
	Kind ListKind
}

// ListKind is what a ListOf lists.
type ListKind int

const (
	ListContents ListKind = iota // the headings: a table of contents
	ListFigures                  // the numbered figures
	ListTables                   // the numbered tables
	ListListings                 // the numbered code listings
)

// DefaultTOCDepth is the deepest heading level a table of contents lists
// when toc-depth is not given (pandoc's default, LaTeX's tocdepth 3 in
// the article class).
const DefaultTOCDepth = 3

// PageNumbering changes the page numbers from the page it falls on
// (\pagenumbering{roman}, \setcounter{page}{1}): Style is the numbering
// from there on ("arabic", "roman", "Roman", "alph", "Alph", or "gobble"
// for none; "" leaves it as it is) and Start, when not 0, the number of
// that page. \pagenumbering sets both (Start 1), as LaTeX's does.
type PageNumbering struct {
	At
	Style string
	Start int
}
