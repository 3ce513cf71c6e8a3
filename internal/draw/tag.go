package draw

// The logical structure of a document (tagged PDF): layout builds a tree of
// Nodes in reading order and marks each drawn item (Text, Path, Image,
// Link) with the node it belongs to, its Tag; the PDF writer turns the
// tree into a structure tree and wraps each item's drawing in marked
// content. Nothing here is PDF syntax: a Node says what a piece of the
// document is, as HTML would.
//
// A Tag of nil means "not marked": layout adopts unmarked items into the
// block they are set in (Adopt), and the writer gives whatever is still
// unmarked to the document's root. An item whose Tag is an artifact node
// (see Artifact) is decoration, read by no one: running heads, folios,
// line numbers, rules, crop marks.

// Role is what a node of the logical structure is. The roles are the
// standard structure types of ISO 32000-1 (14.8.4), by their names there,
// and Title, the document's title (a first-level heading).
type Role string

// The roles layout uses.
const (
	RoleDocument   Role = "Document"
	RoleSect       Role = "Sect" // a section: the abstract, the bibliography
	RoleDiv        Role = "Div"
	RoleBlockQuote Role = "BlockQuote"
	RoleCaption    Role = "Caption"
	RoleTOC        Role = "TOC"
	RoleTOCI       Role = "TOCI"
	RoleTitle      Role = "Title" // the document's title; a heading of level 1
	RoleH1         Role = "H1"
	RoleH2         Role = "H2"
	RoleH3         Role = "H3"
	RoleH4         Role = "H4"
	RoleH5         Role = "H5"
	RoleH6         Role = "H6"
	RoleP          Role = "P"
	RoleL          Role = "L"
	RoleLI         Role = "LI"
	RoleLbl        Role = "Lbl"
	RoleLBody      Role = "LBody"
	RoleTable      Role = "Table"
	RoleTHead      Role = "THead"
	RoleTBody      Role = "TBody"
	RoleTR         Role = "TR"
	RoleTH         Role = "TH"
	RoleTD         Role = "TD"
	RoleSpan       Role = "Span"
	RoleNote       Role = "Note"
	RoleReference  Role = "Reference"
	RoleBibEntry   Role = "BibEntry"
	RoleCode       Role = "Code"
	RoleLink       Role = "Link"
	RoleFigure     Role = "Figure"
	RoleFormula    Role = "Formula"
	RoleArtifact   Role = "Artifact" // not content; see ArtifactKind
)

// Heading returns the role of a heading of the given level, 1 to 6
// (levels beyond are clamped).
func Heading(level int) Role {
	return [...]Role{RoleH1, RoleH2, RoleH3, RoleH4, RoleH5, RoleH6}[min(max(level, 1), 6)-1]
}

// HeadingLevel returns the level of a heading role (Title is 1), or 0.
func HeadingLevel(r Role) int {
	switch r {
	case RoleTitle, RoleH1:
		return 1
	case RoleH2:
		return 2
	case RoleH3:
		return 3
	case RoleH4:
		return 4
	case RoleH5:
		return 5
	case RoleH6:
		return 6
	}
	return 0
}

// ArtifactKind says what kind of decoration an artifact is.
type ArtifactKind uint8

// The kinds of artifact.
const (
	NotArtifact    ArtifactKind = iota
	ArtifactHeader              // the running head and its rule
	ArtifactFooter              // the folio
	ArtifactPaging              // other pagination: a table's header row repeated on a later page
	ArtifactLayout              // rules, line numbers, frames, continuation marks, chart decorations
	ArtifactPage                // crop and fold marks
)

var artifacts = [...]*Node{
	ArtifactHeader: {Role: RoleArtifact, Artifact: ArtifactHeader},
	ArtifactFooter: {Role: RoleArtifact, Artifact: ArtifactFooter},
	ArtifactPaging: {Role: RoleArtifact, Artifact: ArtifactPaging},
	ArtifactLayout: {Role: RoleArtifact, Artifact: ArtifactLayout},
	ArtifactPage:   {Role: RoleArtifact, Artifact: ArtifactPage},
}

// Artifact returns the node that marks items as decoration of kind k.
// The nodes are shared; they have no parent and are never adopted.
func Artifact(k ArtifactKind) *Node {
	if k == NotArtifact || int(k) >= len(artifacts) {
		k = ArtifactLayout
	}
	return artifacts[k]
}

// A Node is an element of the logical structure.
type Node struct {
	Role     Role
	Parent   *Node
	Kids     []*Node      // in reading order (see the package comment)
	Artifact ArtifactKind // set on the artifact nodes only

	Alt    string // what a figure or formula shows, in words
	Actual string // the text the content stands for (a formula's Unicode text)
	Title  string // a title, e.g. a heading's or a section's
	Lang   string // BCP 47 language tag, when it differs from the parent's
	ID     string // an identifier unique in the document (notes)
	Scope  string // a header cell's scope: "Column", "Row" or "Both"
	// Keep writes the node even when nothing of it is drawn (an empty
	// table cell keeps its row's shape).
	Keep bool
}

// NewDocument returns the root of a document's structure.
func NewDocument() *Node { return &Node{Role: RoleDocument} }

// Add appends a new node with the given role as n's last child and
// returns it.
func (n *Node) Add(role Role) *Node {
	c := &Node{Role: role, Parent: n}
	n.Kids = append(n.Kids, c)
	return c
}

// IsArtifact reports whether n marks decoration.
func (n *Node) IsArtifact() bool { return n != nil && n.Role == RoleArtifact }

// Adopt makes n the parent of the topmost ancestor of c that has none (c
// itself if it has no parent), unless that is n itself, an artifact, or a
// document root: inline nodes (a link, a span) are made before the block
// they end up in. It returns false if c's tree was already attached.
func (n *Node) Adopt(c *Node) bool {
	if c == nil || n == nil || c.IsArtifact() {
		return false
	}
	top := c
	for top.Parent != nil {
		if top == n {
			return false
		}
		top = top.Parent
	}
	if top == n || top.Role == RoleDocument {
		return false
	}
	top.Parent = n
	n.Kids = append(n.Kids, top)
	return true
}

// Tagged is implemented by the items that draw: Text, Words, Path, Image, and
// Link (whose annotation belongs to its node).
type Tagged interface {
	Item
	Node() *Node
	SetNode(*Node)
}

// Node returns the item's structure node.
func (t *Text) Node() *Node { return t.Tag }

// Node returns the item's structure node.
func (p *Path) Node() *Node { return p.Tag }

// Node returns the item's structure node.
func (i *Image) Node() *Node { return i.Tag }

// Node returns the item's structure node.
func (l *Link) Node() *Node { return l.Tag }

// SetNode sets the item's structure node.
func (t *Text) SetNode(n *Node) { t.Tag = n }

// SetNode sets the item's structure node.
func (p *Path) SetNode(n *Node) { p.Tag = n }

// SetNode sets the item's structure node.
func (i *Image) SetNode(n *Node) { i.Tag = n }

// SetNode sets the item's structure node.
func (l *Link) SetNode(n *Node) { l.Tag = n }

// Mark gives every unmarked drawn item of items to n, and makes n adopt
// the inline nodes the others are marked with (see Adopt). Items are
// changed in place.
func Mark(items []Item, n *Node) {
	for _, it := range items {
		t, ok := it.(Tagged)
		if !ok {
			continue
		}
		switch c := t.Node(); {
		case c == nil:
			t.SetNode(n)
		case c != n:
			n.Adopt(c)
		}
	}
}

// MarkArtifact marks every drawn item of items as decoration of kind k,
// whatever it was marked with. Items are changed in place.
func MarkArtifact(items []Item, k ArtifactKind) {
	a := Artifact(k)
	for _, it := range items {
		if t, ok := it.(Tagged); ok {
			t.SetNode(a)
		}
	}
}

// AsArtifacts returns copies of items marked as decoration of kind k (a
// table's header row drawn again on a later page); items are not changed.
func AsArtifacts(items []Item, k ArtifactKind) []Item {
	out := Shift(items, 0, 0)
	MarkArtifact(out, k)
	return out
}

// PageStart marks where the items of one page of the document begin in
// a list that holds several (an imposed sheet): the items after it, up to
// the next PageStart, come from page Page (1-based, in reading order).
// The writer orders the structure's content by it.
type PageStart struct{ Page int }

func (*PageStart) item() {}
