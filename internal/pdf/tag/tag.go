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
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"unicode/utf16"

	"quire/internal/draw"
	"quire/internal/pdf/num"
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
	// Boxes gives the bounding box of the content of figures and
	// formulas, written as their Layout attribute: a node's first box
	// counts.
	Boxes []NodeBox
	// First is the number of the first object Build writes.
	First int
}

// NodeBox is the bounding box of a node's content.
type NodeBox struct {
	Node *draw.Node
	Box  Box
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
	own    []int  // indexes into in.Content of its own content, in reading order
	annots []int  // indexes into in.Annots
	first  int64  // the reading order of its first content, or of its subtree's
	has    bool   // it has a first
	box    int32  // 1 + the index in in.Boxes of its Layout attribute's box; 0 if none
	page   int    // the page of its first content; -1 if none
	id     string // its /ID, unique in the tree
}

// Build writes the structure tree.
func Build(in Input) (*Output, error) {
	t, err := Plan(in)
	if err != nil {
		return nil, err
	}
	buf, starts := t.Append(make([]byte, 0, t.Size()))
	out := t.Output
	out.Objects = make([][]byte, len(starts))
	for i, at := range starts {
		to := len(buf)
		if i+1 < len(starts) {
			to = starts[i+1]
		}
		out.Objects[i] = buf[at:to:to]
	}
	return &out, nil
}

// Plan makes the structure tree and numbers its objects, for Append to
// write.
func Plan(in Input) (*Tree, error) {
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
	// The content and the annotations of each node, as the indexes of
	// one array each: a slice per node would be an allocation per
	// paragraph and formula. Most nodes have one sequence on a page.
	n := len(in.Content) + len(in.Annots)
	group := make(map[*draw.Node]int32, n) // index into order
	order := make([]*draw.Node, 0, n)      // nodes with content, then those with only annotations, in the order met
	ccount := make([]int32, 0, n)
	acount := make([]int32, 0, n)
	at := func(n *draw.Node) int32 {
		k, ok := group[n]
		if !ok {
			k = int32(len(order))
			group[n] = k
			order = append(order, n)
			ccount, acount = append(ccount, 0), append(acount, 0)
		}
		return k
	}
	for _, c := range in.Content {
		ccount[at(c.Node)]++
	}
	for _, a := range in.Annots {
		acount[at(a.Node)]++
	}
	own := newIndex(ccount, len(in.Content), func(i int) int32 { return group[in.Content[i].Node] })
	annots := newIndex(acount, len(in.Annots), func(i int) int32 { return group[in.Annots[i].Node] })

	// The roots of the trees the content belongs to; the document's is
	// the main one and the others (content no block adopted) go to its
	// end, in the order their content was met.
	var main *draw.Node
	var others []*draw.Node
	seenRoot := map[*draw.Node]bool{}
	rootOf := make(map[*draw.Node]*draw.Node, len(order)+len(order)/8) // memo: a chain of notes each in the last is deep
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

	b := &builder{in: in, group: group, own: own, annots: annots, made: make(map[*draw.Node]*elem, len(order)+len(order)/8)}
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
	for i, nb := range in.Boxes {
		if e := b.made[nb.Node]; e != nil && e.n == nb.Node && e.box == 0 {
			e.box = int32(i + 1)
		}
	}
	b.finishOrder(root)
	return b.number(root), nil
}

type builder struct {
	in     Input
	group  map[*draw.Node]int32 // a node's index in own and annots
	own    index                // indexes into in.Content
	annots index                // indexes into in.Annots
	made   map[*draw.Node]*elem
	all    []*elem // in pre-order once numbered
	slab   []elem  // where newElem takes elements from
	kids   []*elem // where kidsOf takes the elements' kids from
	stack  []*elem // the kids of the elements being walked
}

// index is the indexes of the content (or annotations) of each node,
// grouped by node: node k's are at[start[k]:start[k+1]], in the order
// given.
type index struct {
	start []int32
	at    []int
}

// newIndex returns the index of n items, count[k] of them node k's, item
// i node(i)'s.
func newIndex(count []int32, n int, node func(i int) int32) index {
	x := index{start: make([]int32, len(count)+1), at: make([]int, n)}
	for k, c := range count {
		x.start[k+1] = x.start[k] + c
	}
	fill := slices.Clone(x.start[:len(count)])
	for i := range n {
		k := node(i)
		x.at[fill[k]] = i
		fill[k]++
	}
	return x
}

// of returns node k's items; appending to it copies.
func (x index) of(k int32) []int {
	if x.start[k] == x.start[k+1] {
		return nil
	}
	return x.at[x.start[k]:x.start[k+1]:x.start[k+1]]
}

// ownOf returns the indexes into in.Content of n's own content, in the
// order given; appending to it copies.
func (b *builder) ownOf(n *draw.Node) []int {
	if k, ok := b.group[n]; ok {
		return b.own.of(k)
	}
	return nil
}

// annotsOf is ownOf for n's annotations.
func (b *builder) annotsOf(n *draw.Node) []int {
	if k, ok := b.group[n]; ok {
		return b.annots.of(k)
	}
	return nil
}

// kidsOf returns a copy of kids, taken from a slab; appending to it
// copies.
func (b *builder) kidsOf(kids []*elem) []*elem {
	if len(kids) == 0 {
		return nil
	}
	if len(b.kids) < len(kids) {
		b.kids = make([]*elem, max(1024, len(kids)))
	}
	k := b.kids[:len(kids):len(kids)]
	copy(k, kids)
	b.kids = b.kids[len(kids):]
	return k
}

// newElem returns a new element, taken from a slab: a tree has hundreds.
func (b *builder) newElem() *elem {
	if len(b.slab) == 0 {
		b.slab = make([]elem, 256)
	}
	e := &b.slab[0]
	b.slab = b.slab[1:]
	return e
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
		parent.own = append(parent.own, b.ownOf(n)...)
		parent.annots = append(parent.annots, b.annotsOf(n)...)
		for _, k := range n.Kids {
			if k.Parent == n || k.Parent == nil {
				b.walkAt(k, parent, depth)
			}
		}
		return nil
	}
	e := b.newElem()
	*e = elem{n: n, parent: parent, page: -1}
	b.made[n] = e
	mark := len(b.stack)
	for _, k := range n.Kids {
		if k.Parent != n && k.Parent != nil {
			continue // adopted elsewhere since
		}
		if c := b.walkAt(k, e, depth+1); c != nil {
			b.stack = append(b.stack, c)
		}
	}
	e.kids = b.kidsOf(b.stack[mark:])
	b.stack = b.stack[:mark]
	// Too deep descendants gave e content of theirs already.
	if own := b.ownOf(n); len(e.own) == 0 {
		e.own = own
	} else {
		e.own = append(e.own, own...)
	}
	if annots := b.annotsOf(n); len(e.annots) == 0 {
		e.annots = annots
	} else {
		e.annots = append(e.annots, annots...)
	}
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
	byOrder := func(i, j int) int { return cmp.Compare(c[i].Order, c[j].Order) }
	if !slices.IsSortedFunc(e.own, byOrder) {
		slices.SortStableFunc(e.own, byOrder)
	}
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
		// Most often they are in order already.
		last, sorted := int64(-1<<62), true
		for _, k := range e.kids {
			if k.has {
				sorted = sorted && k.first >= last
				last = k.first
			}
		}
		if sorted {
			return
		}
		keys := make([]int64, len(e.kids))
		last = int64(-1 << 62)
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

// Tree is a structure tree made and numbered (Plan) but not yet written
// (Append): its size is known before its bytes are written, so that the
// writer can leave room for them in the file and write them there.
type Tree struct {
	Output // without Objects

	b          *builder
	root       *elem
	parentTree int
	idTree     int // 0 if none
	ids        []*elem
	perPage    [][]int // per page, MCID -> element object
	annotElem  []int
	size       int
}

// Size returns the most bytes Append writes.
func (t *Tree) Size() int { return t.size }

// Count returns the number of objects Append writes, numbered from
// Input.First.
func (t *Tree) Count() int {
	n := 2 + len(t.b.all)
	if t.idTree > 0 {
		n++
	}
	return n
}

// number numbers the elements in pre-order and makes what Append writes
// but the bytes.
func (b *builder) number(root *elem) *Tree {
	in := b.in
	t := &Tree{Output: Output{Root: in.First}, b: b, root: root, parentTree: in.First + 1}
	next := in.First + 2
	used := map[string]bool{}
	var number func(e *elem)
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
			e.id = id
			t.ids = append(t.ids, e)
		}
		for _, k := range e.kids {
			number(k)
		}
	}
	b.all = make([]*elem, 0, len(b.made)+1) // every element made is numbered once
	number(root)
	if len(t.ids) > 0 {
		t.idTree = next
		next++
		sort.SliceStable(t.ids, func(i, j int) bool { return t.ids[i].id < t.ids[j].id })
	}
	t.Elements = len(b.all)

	// The ParentTree: each page's MCIDs, then each annotation.
	t.perPage = make([][]int, len(in.Pages)) // in one array
	mcids := make([]int, len(in.Pages))      // per page, its highest MCID + 1
	for _, c := range in.Content {
		mcids[c.Page] = max(mcids[c.Page], c.MCID+1)
	}
	total := 0
	for _, n := range mcids {
		total += n
	}
	objs := make([]int, total)
	for p, n := range mcids {
		t.perPage[p], objs = objs[:n:n], objs[n:]
	}
	for _, e := range b.all {
		for _, i := range e.own {
			c := in.Content[i]
			t.perPage[c.Page][c.MCID] = e.obj
		}
	}
	t.annotElem = make([]int, len(in.Annots))
	for _, e := range b.all {
		for _, j := range e.annots {
			t.annotElem[j] = e.obj
		}
	}
	t.PageKey = make([]int, len(in.Pages))
	for p := range t.PageKey {
		t.PageKey[p] = p
	}
	t.AnnotKey = make([]int, len(in.Annots))
	for j := range t.AnnotKey {
		t.AnnotKey[j] = AnnotKey(len(in.Pages), j)
	}
	t.size = t.measure(next)
	return t
}

// measure returns the most bytes Append writes, next being the number
// after the last object's.
func (t *Tree) measure(next int) int {
	b, in := t.b, t.b.in
	ref := func(n int) int { return digits(n) + len(" 0 R") }
	d := digits(next)
	size := t.Count() * (d + len(" 0 obj\n") + len("\nendobj\n"))

	// StructTreeRoot.
	size += len("<</Type /StructTreeRoot /K [") + ref(t.root.obj) + len("] /ParentTree ") + ref(t.parentTree) +
		len(" /ParentTreeNextKey ") + digits(len(in.Pages)+len(in.Annots)) + len(" /RoleMap <<>>") + len(" /IDTree ") + ref(t.idTree) + len(">>")
	for r, to := range RoleMap {
		size += len(" /") + len(r) + len(" /") + len(to)
	}
	// ParentTree.
	size += len("<</Nums [") + len("]>>")
	for p, elems := range t.perPage {
		size += digits(p) + len(" [") + len("]\n")
		for _, o := range elems {
			size += max(ref(o), len("null")) + 1
		}
	}
	for j, o := range t.annotElem {
		size += digits(t.AnnotKey[j]) + 1 + ref(o) + 1
	}
	// The elements.
	var scratch [32]byte
	for _, e := range b.all {
		n := e.n
		size += len("<</Type /StructElem /S /") + max(len(n.Role), len(draw.RoleSpan)) + len(" /P ")
		if e.parent != nil {
			size += ref(e.parent.obj)
		} else {
			size += ref(in.First)
		}
		if e.page >= 0 {
			size += len(" /Pg ") + ref(in.Pages[e.page])
		}
		if e.id != "" {
			size += len(" /ID ") + literalLen(e.id)
		}
		if n.Lang != "" {
			size += len(" /Lang ") + textStringLen(n.Lang)
		}
		if n.Title != "" {
			size += len(" /T ") + textStringLen(n.Title)
		}
		if n.Alt != "" {
			size += len(" /Alt ") + textStringLen(n.Alt)
		}
		if n.Actual != "" {
			size += len(" /ActualText ") + textStringLen(n.Actual)
		}
		if n.Scope != "" || e.box > 0 {
			size += len(" /A ")
		}
		if n.Scope != "" {
			size += len("<</O /Table /Scope /") + len(n.Scope) + len(">>")
		}
		if e.box > 0 {
			bb := &in.Boxes[e.box-1].Box
			size += len("<</O /Layout /Placement /Block /BBox [") + len("]>>") + 3 + len("[ ]")
			for _, v := range [4]float64{bb.LLX, bb.LLY, bb.URX, bb.URY} {
				size += len(num.AppendFixed(scratch[:0], v, 2))
			}
		}
		size += len(" /K [") + len("]>>")
		for _, k := range e.kids {
			size += ref(k.obj) + 1
		}
		for _, i := range e.own {
			c := in.Content[i]
			size += digits(c.MCID) + 1
			if c.Page != e.page {
				size += len("<</Type /MCR /Pg ") + ref(in.Pages[c.Page]) + len(" /MCID ") + len(">>")
			}
		}
		for _, j := range e.annots {
			a := in.Annots[j]
			size += len("<</Type /OBJR /Pg ") + ref(in.Pages[a.Page]) + len(" /Obj ") + ref(a.Obj) + len(">>") + 1
		}
	}
	// IDTree.
	if t.idTree > 0 {
		size += len("<</Names [") + len("]>>")
		for _, e := range t.ids {
			size += literalLen(e.id) + 1 + ref(e.obj) + 1
		}
	}
	return size
}

// digits returns the number of bytes strconv writes n in.
func digits(n int) int {
	switch {
	case n < 0:
		if n == math.MinInt {
			return len(strconv.Itoa(n))
		}
		return 1 + digits(-n)
	case n < 10:
		return 1
	case n < 100:
		return 2
	case n < 1000:
		return 3
	case n < 10000:
		return 4
	case n < 100000:
		return 5
	case n < 1000000:
		return 6
	}
	d := 7
	for n /= 1000000; n >= 10; n /= 10 {
		d++
	}
	return d
}

// Append appends the tree's objects to buf, in the order of their
// numbers, and returns where each begins in buf.
func (t *Tree) Append(buf []byte) ([]byte, []int) {
	b, in := t.b, t.b.in
	starts := make([]int, 0, t.Count())
	begin := func(n int) {
		if want := in.First + len(starts); n != want {
			panic("tag: object " + strconv.Itoa(want) + " written as " + strconv.Itoa(n))
		}
		starts = append(starts, len(buf))
		buf = strconv.AppendInt(buf, int64(n), 10)
		buf = append(buf, " 0 obj\n"...)
	}
	end := func() { buf = append(buf, "\nendobj\n"...) }

	// StructTreeRoot.
	begin(t.Root)
	buf = append(buf, "<</Type /StructTreeRoot /K ["...)
	buf = appendRef(buf, t.root.obj)
	buf = append(buf, "] /ParentTree "...)
	buf = appendRef(buf, t.parentTree)
	buf = append(buf, " /ParentTreeNextKey "...)
	buf = strconv.AppendInt(buf, int64(len(in.Pages)+len(in.Annots)), 10)
	if len(RoleMap) > 0 {
		roles := make([]string, 0, len(RoleMap))
		for r := range RoleMap {
			roles = append(roles, string(r))
		}
		sort.Strings(roles)
		buf = append(buf, " /RoleMap <<"...)
		for i, r := range roles {
			if i > 0 {
				buf = append(buf, ' ')
			}
			buf = append(buf, '/')
			buf = append(buf, r...)
			buf = append(buf, " /"...)
			buf = append(buf, RoleMap[draw.Role(r)]...)
		}
		buf = append(buf, ">>"...)
	}
	if t.idTree > 0 {
		buf = append(buf, " /IDTree "...)
		buf = appendRef(buf, t.idTree)
	}
	buf = append(buf, ">>"...)
	end()

	// ParentTree.
	begin(t.parentTree)
	buf = append(buf, "<</Nums ["...)
	for p, elems := range t.perPage {
		buf = strconv.AppendInt(buf, int64(t.PageKey[p]), 10)
		buf = append(buf, " ["...)
		for k, o := range elems {
			if k > 0 {
				buf = append(buf, ' ')
			}
			if o == 0 {
				buf = append(buf, "null"...)
			} else {
				buf = appendRef(buf, o)
			}
		}
		buf = append(buf, "]\n"...)
	}
	for j, o := range t.annotElem {
		buf = strconv.AppendInt(buf, int64(t.AnnotKey[j]), 10)
		buf = append(buf, ' ')
		buf = appendRef(buf, o)
		buf = append(buf, '\n')
	}
	buf = append(buf, "]>>"...)
	end()

	// The elements.
	for _, e := range b.all {
		begin(e.obj)
		buf = b.element(buf, e)
		end()
	}

	// IDTree: a name tree, its names in byte order.
	if t.idTree > 0 {
		begin(t.idTree)
		buf = append(buf, "<</Names ["...)
		for i, e := range t.ids {
			if i > 0 {
				buf = append(buf, ' ')
			}
			buf = appendLiteral(buf, e.id)
			buf = append(buf, ' ')
			buf = appendRef(buf, e.obj)
		}
		buf = append(buf, "]>>"...)
		end()
	}
	return buf, starts
}

// appendRef appends an indirect reference, "n 0 R".
func appendRef(b []byte, n int) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, " 0 R"...)
}

// element appends the dictionary of one structure element.
func (b *builder) element(buf []byte, e *elem) []byte {
	in := b.in
	n := e.n
	role := n.Role
	if role == "" {
		role = draw.RoleSpan
	}
	buf = append(buf, "<</Type /StructElem /S /"...)
	buf = append(buf, role...)
	buf = append(buf, " /P "...)
	if e.parent != nil {
		buf = appendRef(buf, e.parent.obj)
	} else {
		buf = appendRef(buf, in.First) // the StructTreeRoot
	}
	pg := e.page
	if pg >= 0 {
		buf = append(buf, " /Pg "...)
		buf = appendRef(buf, in.Pages[pg])
	}
	if e.id != "" {
		buf = append(buf, " /ID "...)
		buf = appendLiteral(buf, e.id)
	}
	if n.Lang != "" {
		buf = append(buf, " /Lang "...)
		buf = AppendTextString(buf, n.Lang)
	}
	if n.Title != "" {
		buf = append(buf, " /T "...)
		buf = AppendTextString(buf, n.Title)
	}
	if n.Alt != "" {
		buf = append(buf, " /Alt "...)
		buf = AppendTextString(buf, n.Alt)
	}
	if n.Actual != "" {
		buf = append(buf, " /ActualText "...)
		buf = AppendTextString(buf, n.Actual)
	}
	var bb Box
	hasBox := e.box > 0 && (role == draw.RoleFigure || role == draw.RoleFormula || role == draw.RoleTable)
	if hasBox {
		bb = in.Boxes[e.box-1].Box
	}
	if n.Scope != "" || hasBox {
		buf = append(buf, " /A "...)
		if n.Scope != "" && hasBox {
			buf = append(buf, '[')
		}
		if n.Scope != "" {
			buf = append(buf, "<</O /Table /Scope /"...)
			buf = append(buf, n.Scope...)
			buf = append(buf, ">>"...)
		}
		if hasBox {
			if n.Scope != "" {
				buf = append(buf, ' ')
			}
			buf = append(buf, "<</O /Layout /Placement /Block /BBox ["...)
			for i, v := range [4]float64{bb.LLX, bb.LLY, bb.URX, bb.URY} {
				if i > 0 {
					buf = append(buf, ' ')
				}
				buf = num.AppendFixed(buf, v, 2) // as %.2f
			}
			buf = append(buf, "]>>"...)
		}
		if n.Scope != "" && hasBox {
			buf = append(buf, ']')
		}
	}

	// /K: kids, own content and annotations, in reading order.
	count := len(e.kids) + len(e.own) + len(e.annots)
	if count == 0 {
		return append(buf, ">>"...)
	}
	buf = append(buf, " /K "...)
	if count > 1 {
		buf = append(buf, '[')
	}
	first := true
	sep := func() {
		if !first {
			buf = append(buf, ' ')
		}
		first = false
	}
	mc := func(i int) {
		sep()
		c := in.Content[i]
		if c.Page == pg {
			buf = strconv.AppendInt(buf, int64(c.MCID), 10)
			return
		}
		buf = append(buf, "<</Type /MCR /Pg "...)
		buf = appendRef(buf, in.Pages[c.Page])
		buf = append(buf, " /MCID "...)
		buf = strconv.AppendInt(buf, int64(c.MCID), 10)
		buf = append(buf, ">>"...)
	}
	kid := func(c *elem) {
		sep()
		buf = appendRef(buf, c.obj)
	}
	if len(e.own) > 0 && len(e.kids) > 0 {
		// Merge by reading order.
		ki := 0
		for _, i := range e.own {
			for ki < len(e.kids) && e.kids[ki].has && e.kids[ki].first < in.Content[i].Order {
				kid(e.kids[ki])
				ki++
			}
			mc(i)
		}
		for ; ki < len(e.kids); ki++ {
			kid(e.kids[ki])
		}
	} else {
		for _, c := range e.kids {
			kid(c)
		}
		for _, i := range e.own {
			mc(i)
		}
	}
	for _, j := range e.annots {
		sep()
		a := in.Annots[j]
		buf = append(buf, "<</Type /OBJR "...)
		if a.Page != pg {
			buf = append(buf, "/Pg "...)
			buf = appendRef(buf, in.Pages[a.Page])
			buf = append(buf, ' ')
		}
		buf = append(buf, "/Obj "...)
		buf = appendRef(buf, a.Obj)
		buf = append(buf, ">>"...)
	}
	if count > 1 {
		buf = append(buf, ']')
	}
	return append(buf, ">>"...)
}

// TextString returns s as a PDF text string: a literal string if it is
// printable ASCII, else UTF-16BE with a byte-order mark, in hexadecimal.
func TextString(s string) []byte { return AppendTextString(nil, s) }

// AppendTextString appends TextString(s) to b.
func AppendTextString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return appendUTF16(b, s)
		}
	}
	return appendLiteral(b, s)
}

const hexDigits = "0123456789ABCDEF"

// appendUTF16 appends s as <FEFF...>, its UTF-16BE code units in
// hexadecimal (invalid UTF-8 as U+FFFD).
func appendUTF16(b []byte, s string) []byte {
	b = append(b, "<FEFF"...)
	unit := func(u uint16) {
		b = append(b, hexDigits[u>>12], hexDigits[u>>8&0xF], hexDigits[u>>4&0xF], hexDigits[u&0xF])
	}
	for _, r := range s {
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			unit(uint16(r1))
			unit(uint16(r2))
			continue
		}
		unit(uint16(r))
	}
	return append(b, '>')
}

// litBytes is the length of each byte in a literal string of printable
// ASCII; 0 for the bytes that make AppendTextString write UTF-16.
var litBytes = func() (t [256]uint8) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = 1
	}
	t['('], t[')'], t['\\'] = 2, 2, 2
	return t
}()

// textStringLen returns len(TextString(s)).
func textStringLen(s string) int {
	n := 2
	for i := 0; i < len(s); i++ {
		k := litBytes[s[i]]
		n += int(k)
		if k == 0 {
			n := len("<FEFF>")
			for _, r := range s {
				if r >= 0x10000 {
					n += 8
				} else {
					n += 4
				}
			}
			return n
		}
	}
	return n
}

// literalLen returns len(appendLiteral(nil, s)).
func literalLen(s string) int {
	n := 2
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', ')', '\\', '\r', '\n':
			n += 2
		default:
			if c < 0x20 || c >= 0x7f {
				n += 4
			} else {
				n++
			}
		}
	}
	return n
}

// byteString returns s as a PDF string of its bytes.
func byteString(s string) []byte { return appendLiteral(nil, s) }

// appendLiteral appends s as a literal string, (...).
func appendLiteral(b []byte, s string) []byte {
	b = slices.Grow(b, len(s)+2)
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
				b = append(b, '\\', '0'+c>>6, '0'+c>>3&7, '0'+c&7)
			} else {
				b = append(b, c)
			}
		}
	}
	return append(b, ')')
}
