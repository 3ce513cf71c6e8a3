// Package tag builds the structure tree of a tagged PDF (ISO 32000-1,
// 14.7 and 14.8) from a document's logical structure (draw.Node) and the
// marked content the writer put in each page's content stream.
//
// The writer tells Build, for every marked-content sequence it wrote, the
// node it belongs to, its page, its MCID and where it stands in reading
// order, and for every link annotation its node; Build returns the
// StructTreeRoot, the structure elements, the ParentTree, the IDTree and
// the RoleMap as numbered PDF objects, and the keys the writer puts in
// the pages' /StructParents and the annotations' /StructParent.
//
// Reading order is the tree's: a node's children in the order layout made
// them (draw.Node.Kids), and a node's own content by its place in reading
// order (Content.Order), with the inline children (links, spans) it also
// has set among that content where their first content falls. Nodes
// nothing of which is drawn are left out, unless they are marked Keep.
//
// Build knows nothing of fpdf: it writes objects numbered from a given
// number and refers to pages and annotations by the numbers it is given.
package tag

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"unicode/utf16"

	"quire/internal/draw"
)

// Content is one marked-content sequence of a page.
type Content struct {
	Node  *draw.Node
	Page  int   // index into Input.Pages
	MCID  int   // its MCID on that page; MCIDs of a page run 0, 1, 2...
	Order int64 // its place in reading order (lower first)
}

// Annot is a link annotation, the OBJR of its node.
type Annot struct {
	Node  *draw.Node
	Page  int // index into Input.Pages
	Obj   int // the annotation's object number
	Order int64
}

// Box is a bounding box in PDF coordinates (points, origin at the page's
// lower left corner).
type Box struct {
	Page               int
	LLX, LLY, URX, URY float64
}

// Input is what Build needs.
type Input struct {
	Pages   []int // the pages' object numbers, in the file's order
	Content []Content
	Annots  []Annot
	// BBoxes gives the bounding box of the content of figures and
	// formulas, written as their Layout attribute.
	BBoxes map[*draw.Node]Box
	// First is the number of the first object Build writes.
	First int
}

// Output is what Build writes.
type Output struct {
	Objects [][]byte // "n 0 obj ... endobj\n", numbered from Input.First
	Root    int      // the StructTreeRoot's object number
	// PageKey[i] is page i's /StructParents; AnnotKey[j] is annotation
	// j's /StructParent.
	PageKey, AnnotKey []int
	Elements          int // the number of structure elements written
}

// AnnotKey returns the /StructParent key Build gives annotation j of
// n pages: the keys of pages come first. The writer needs it before it
// has built the tree.
func AnnotKey(pages, j int) int { return pages + j }

// RoleMap maps the roles that are not standard structure types to the
// standard type they are a kind of.
var RoleMap = map[draw.Role]draw.Role{draw.RoleTitle: draw.RoleH1}

// elem is a structure element to write.
type elem struct {
	n      *draw.Node
	obj    int
	parent *elem
	kids   []*elem
	own    []int // indexes into in.Content of its own content, in reading order
	annots []int // indexes into in.Annots
	first  int64 // the reading order of its first content, or of its subtree's
	has    bool  // it has a first
	page   int   // the page of its first content; -1 if none
}

// Build writes the structure tree.
func Build(in Input) (*Output, error) {
	for i, c := range in.Content {
		if c.Node == nil || c.Page < 0 || c.Page >= len(in.Pages) || c.MCID < 0 {
			return nil, fmt.Errorf("tag: content %d has no node or a bad page", i)
		}
	}
	for i, a := range in.Annots {
		if a.Node == nil || a.Page < 0 || a.Page >= len(in.Pages) || a.Obj <= 0 {
			return nil, fmt.Errorf("tag: annotation %d has no node, a bad page or no object", i)
		}
	}
	own := map[*draw.Node][]int{}
	annots := map[*draw.Node][]int{}
	var order []*draw.Node // nodes with content, in the order met
	for i, c := range in.Content {
		if _, ok := own[c.Node]; !ok && annots[c.Node] == nil {
			order = append(order, c.Node)
		}
		own[c.Node] = append(own[c.Node], i)
	}
	for i, a := range in.Annots {
		if _, ok := own[a.Node]; !ok && annots[a.Node] == nil {
			order = append(order, a.Node)
		}
		annots[a.Node] = append(annots[a.Node], i)
	}

	// The roots of the trees the content belongs to; the document's is
	// the main one and the others (content no block adopted) go to its
	// end, in the order their content was met.
	var main *draw.Node
	var others []*draw.Node
	seenRoot := map[*draw.Node]bool{}
	rootOf := map[*draw.Node]*draw.Node{} // memo: a chain of notes each in the last is deep
	for _, n := range order {
		r := n
		for r.Parent != nil && rootOf[r] == nil {
			r = r.Parent
		}
		if rr := rootOf[r]; rr != nil {
			r = rr
		}
		for m := n; m != r && rootOf[m] == nil; m = m.Parent {
			rootOf[m] = r
		}
		if seenRoot[r] {
			continue
		}
		seenRoot[r] = true
		if main == nil && r.Role == draw.RoleDocument {
			main = r
		} else {
			others = append(others, r)
		}
	}
	if main == nil {
		main = draw.NewDocument()
	}

	b := &builder{in: in, own: own, annots: annots, made: map[*draw.Node]*elem{}}
	root := b.walk(main, nil)
	if root == nil {
		root = &elem{n: main, page: -1}
		b.made[main] = root
		b.all = append(b.all, root)
	}
	for _, r := range others {
		if e := b.walk(r, root); e != nil {
			root.kids = append(root.kids, e)
		}
	}
	// Content whose node no walk from its root reached (a node made
	// without Add or Adopt): its nearest walked ancestor, else the root,
	// takes it as a child.
	for _, n := range order {
		if b.made[n] != nil {
			continue
		}
		top := n
		for top.Parent != nil && b.made[top.Parent] == nil {
			top = top.Parent
		}
		at := root
		if top.Parent != nil {
			at = b.made[top.Parent]
		}
		if e := b.walk(top, at); e != nil {
			at.kids = append(at.kids, e)
		}
	}
	b.finishOrder(root)
	return b.write(root)
}

type builder struct {
	in     Input
	own    map[*draw.Node][]int
	annots map[*draw.Node][]int
	made   map[*draw.Node]*elem
	all    []*elem // in pre-order once numbered
}

// MaxDepth is the deepest an element may lie below the StructTreeRoot;
// the content of deeper nodes (pathological nesting) goes to their
// ancestor at this depth. Readers limit recursion (pdfcpu at 100).
const MaxDepth = 48

// walk makes the element of n and of its descendants that have content
// (or Keep), and returns it, or nil if n has none.
func (b *builder) walk(n *draw.Node, parent *elem) *elem {
	depth := 1
	for p := parent; p != nil; p = p.parent {
		depth++
	}
	return b.walkAt(n, parent, depth)
}

func (b *builder) walkAt(n *draw.Node, parent *elem, depth int) *elem {
	if n.IsArtifact() || b.made[n] != nil {
		return nil
	}
	if depth > MaxDepth && parent != nil {
		// Too deep: n's content and its descendants' are parent's.
		b.made[n] = parent
		parent.own = append(parent.own, b.own[n]...)
		parent.annots = append(parent.annots, b.annots[n]...)
		for _, k := range n.Kids {
			if k.Parent == n || k.Parent == nil {
				b.walkAt(k, parent, depth)
			}
		}
		return nil
	}
	e := &elem{n: n, parent: parent, page: -1}
	b.made[n] = e
	for _, k := range n.Kids {
		if k.Parent != n && k.Parent != nil {
			continue // adopted elsewhere since
		}
		if c := b.walkAt(k, e, depth+1); c != nil {
			e.kids = append(e.kids, c)
		}
	}
	e.own = append(e.own, b.own[n]...)
	e.annots = append(e.annots, b.annots[n]...)
	if len(e.own) == 0 && len(e.annots) == 0 && len(e.kids) == 0 && !n.Keep {
		delete(b.made, n)
		return nil
	}
	return e
}

// finishOrder sorts each element's own content by reading order, sets
// where each element's content begins, and sets the inline children of
// elements with content of their own among that content.
func (b *builder) finishOrder(e *elem) {
	for _, k := range e.kids {
		b.finishOrder(k)
	}
	c := b.in.Content
	sort.SliceStable(e.own, func(i, j int) bool { return c[e.own[i]].Order < c[e.own[j]].Order })
	take := func(o int64, page int) {
		if !e.has || o < e.first {
			e.first, e.has, e.page = o, true, page
		}
	}
	if len(e.own) > 0 {
		take(c[e.own[0]].Order, c[e.own[0]].Page)
	}
	for _, a := range e.annots {
		take(b.in.Annots[a].Order, b.in.Annots[a].Page)
	}
	for _, k := range e.kids {
		if k.has {
			take(k.first, k.page)
		}
	}
	if len(e.own) > 0 && len(e.kids) > 0 {
		// A kid with nothing drawn keeps its place after the one before.
		keys := make([]int64, len(e.kids))
		last := int64(-1 << 62)
		for i, k := range e.kids {
			if k.has {
				last = k.first
			}
			keys[i] = last
		}
		idx := make([]int, len(e.kids))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(i, j int) bool { return keys[idx[i]] < keys[idx[j]] })
		kids := make([]*elem, len(e.kids))
		for i, k := range idx {
			kids[i] = e.kids[k]
		}
		e.kids = kids
	}
}

// write numbers the elements in pre-order and writes every object.
func (b *builder) write(root *elem) (*Output, error) {
	in := b.in
	out := &Output{Root: in.First}
	parentTree := in.First + 1
	next := in.First + 2
	var idTree int
	var number func(e *elem)
	var ids []*elem
	idOf := map[*elem]string{}
	used := map[string]bool{}
	number = func(e *elem) {
		e.obj = next
		next++
		b.all = append(b.all, e)
		if id := e.n.ID; id != "" {
			// IDs are unique: a second one gets a suffix.
			for k := 2; used[id]; k++ {
				id = e.n.ID + "-" + strconv.Itoa(k)
			}
			used[id] = true
			idOf[e] = id
			ids = append(ids, e)
		}
		for _, k := range e.kids {
			number(k)
		}
	}
	b.all = b.all[:0]
	number(root)
	if len(ids) > 0 {
		idTree = next
		next++
	}
	out.Elements = len(b.all)

	// The ParentTree: each page's MCIDs, then each annotation.
	perPage := make([][]int, len(in.Pages)) // MCID -> element object
	for _, e := range b.all {
		for _, i := range e.own {
			c := in.Content[i]
			for len(perPage[c.Page]) <= c.MCID {
				perPage[c.Page] = append(perPage[c.Page], 0)
			}
			perPage[c.Page][c.MCID] = e.obj
		}
	}
	annotElem := make([]int, len(in.Annots))
	for _, e := range b.all {
		for _, j := range e.annots {
			annotElem[j] = e.obj
		}
	}

	var objs [][]byte
	obj := func(n int, body []byte) {
		if want := in.First + len(objs); n != want {
			panic(fmt.Sprintf("tag: object %d written as %d", want, n))
		}
		o := strconv.AppendInt(nil, int64(n), 10)
		o = append(o, " 0 obj\n"...)
		o = append(o, body...)
		o = append(o, "\nendobj\n"...)
		objs = append(objs, o)
	}

	// StructTreeRoot.
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "<</Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d", root.obj, parentTree, len(in.Pages)+len(in.Annots))
	if len(RoleMap) > 0 {
		roles := make([]string, 0, len(RoleMap))
		for r := range RoleMap {
			roles = append(roles, string(r))
		}
		sort.Strings(roles)
		buf.WriteString(" /RoleMap <<")
		for _, r := range roles {
			fmt.Fprintf(&buf, "/%s /%s ", r, RoleMap[draw.Role(r)])
		}
		buf.Truncate(buf.Len() - 1)
		buf.WriteString(">>")
	}
	if idTree > 0 {
		fmt.Fprintf(&buf, " /IDTree %d 0 R", idTree)
	}
	buf.WriteString(">>")
	obj(out.Root, slices.Clone(buf.Bytes()))

	// ParentTree.
	buf.Reset()
	buf.WriteString("<</Nums [")
	out.PageKey = make([]int, len(in.Pages))
	for p, elems := range perPage {
		out.PageKey[p] = p
		fmt.Fprintf(&buf, "%d [", p)
		for k, o := range elems {
			if k > 0 {
				buf.WriteByte(' ')
			}
			if o == 0 {
				buf.WriteString("null")
			} else {
				fmt.Fprintf(&buf, "%d 0 R", o)
			}
		}
		buf.WriteString("]\n")
	}
	out.AnnotKey = make([]int, len(in.Annots))
	for j, o := range annotElem {
		out.AnnotKey[j] = AnnotKey(len(in.Pages), j)
		fmt.Fprintf(&buf, "%d %d 0 R\n", out.AnnotKey[j], o)
	}
	buf.WriteString("]>>")
	obj(parentTree, slices.Clone(buf.Bytes()))

	// The elements.
	for _, e := range b.all {
		buf.Reset()
		b.element(&buf, e, idOf[e])
		obj(e.obj, slices.Clone(buf.Bytes()))
	}

	// IDTree: a name tree, its names in byte order.
	if idTree > 0 {
		sort.SliceStable(ids, func(i, j int) bool { return idOf[ids[i]] < idOf[ids[j]] })
		buf.Reset()
		buf.WriteString("<</Names [")
		for _, e := range ids {
			buf.Write(byteString(idOf[e]))
			fmt.Fprintf(&buf, " %d 0 R ", e.obj)
		}
		buf.Truncate(buf.Len() - 1)
		buf.WriteString("]>>")
		obj(idTree, slices.Clone(buf.Bytes()))
	}
	out.Objects = objs
	return out, nil
}

// element writes the dictionary of one structure element.
func (b *builder) element(buf *bytes.Buffer, e *elem, id string) {
	in := b.in
	n := e.n
	role := n.Role
	if role == "" {
		role = draw.RoleSpan
	}
	fmt.Fprintf(buf, "<</Type /StructElem /S /%s", role)
	if e.parent != nil {
		fmt.Fprintf(buf, " /P %d 0 R", e.parent.obj)
	} else {
		fmt.Fprintf(buf, " /P %d 0 R", b.in.First) // the StructTreeRoot
	}
	pg := e.page
	if pg >= 0 {
		fmt.Fprintf(buf, " /Pg %d 0 R", in.Pages[pg])
	}
	if id != "" {
		buf.WriteString(" /ID ")
		buf.Write(byteString(id))
	}
	if n.Lang != "" {
		buf.WriteString(" /Lang ")
		buf.Write(TextString(n.Lang))
	}
	if n.Title != "" {
		buf.WriteString(" /T ")
		buf.Write(TextString(n.Title))
	}
	if n.Alt != "" {
		buf.WriteString(" /Alt ")
		buf.Write(TextString(n.Alt))
	}
	if n.Actual != "" {
		buf.WriteString(" /ActualText ")
		buf.Write(TextString(n.Actual))
	}
	var attrs []string
	if n.Scope != "" {
		attrs = append(attrs, "<</O /Table /Scope /"+n.Scope+">>")
	}
	if bb, ok := in.BBoxes[n]; ok && (role == draw.RoleFigure || role == draw.RoleFormula || role == draw.RoleTable) {
		attrs = append(attrs, fmt.Sprintf("<</O /Layout /Placement /Block /BBox [%.2f %.2f %.2f %.2f]>>", bb.LLX, bb.LLY, bb.URX, bb.URY))
	}
	switch len(attrs) {
	case 0:
	case 1:
		buf.WriteString(" /A " + attrs[0])
	default:
		buf.WriteString(" /A [")
		for i, a := range attrs {
			if i > 0 {
				buf.WriteByte(' ')
			}
			buf.WriteString(a)
		}
		buf.WriteString("]")
	}

	// /K: kids, own content and annotations, in reading order.
	var k [][]byte
	mc := func(i int) []byte {
		c := in.Content[i]
		if c.Page == pg {
			return strconv.AppendInt(nil, int64(c.MCID), 10)
		}
		return fmt.Appendf(nil, "<</Type /MCR /Pg %d 0 R /MCID %d>>", in.Pages[c.Page], c.MCID)
	}
	kid := func(c *elem) []byte { return fmt.Appendf(nil, "%d 0 R", c.obj) }
	if len(e.own) > 0 && len(e.kids) > 0 {
		// Merge by reading order.
		ki := 0
		for _, i := range e.own {
			for ki < len(e.kids) && e.kids[ki].has && e.kids[ki].first < in.Content[i].Order {
				k = append(k, kid(e.kids[ki]))
				ki++
			}
			k = append(k, mc(i))
		}
		for ; ki < len(e.kids); ki++ {
			k = append(k, kid(e.kids[ki]))
		}
	} else {
		for _, c := range e.kids {
			k = append(k, kid(c))
		}
		for _, i := range e.own {
			k = append(k, mc(i))
		}
	}
	for _, j := range e.annots {
		a := in.Annots[j]
		if a.Page == pg {
			k = append(k, fmt.Appendf(nil, "<</Type /OBJR /Obj %d 0 R>>", a.Obj))
		} else {
			k = append(k, fmt.Appendf(nil, "<</Type /OBJR /Pg %d 0 R /Obj %d 0 R>>", in.Pages[a.Page], a.Obj))
		}
	}
	switch len(k) {
	case 0:
	case 1:
		buf.WriteString(" /K ")
		buf.Write(k[0])
	default:
		buf.WriteString(" /K [")
		buf.Write(bytes.Join(k, []byte(" ")))
		buf.WriteString("]")
	}
	buf.WriteString(">>")
}

// TextString returns s as a PDF text string: a literal string if it is
// printable ASCII, else UTF-16BE with a byte-order mark, in hexadecimal.
func TextString(s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		return literal(s)
	}
	b := []byte("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		b = fmt.Appendf(b, "%04X", u)
	}
	return append(b, '>')
}

// byteString returns s as a PDF string of its bytes.
func byteString(s string) []byte { return literal(s) }

func literal(s string) []byte {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '(')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', ')', '\\':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		case '\n':
			b = append(b, '\\', 'n')
		default:
			if c < 0x20 || c >= 0x7f {
				b = fmt.Appendf(b, "\\%03o", c)
			} else {
				b = append(b, c)
			}
		}
	}
	return append(b, ')')
}
