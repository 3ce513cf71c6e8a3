package tag

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"quire/internal/draw"
	"quire/internal/testenv"
)

// objects returns Build's objects by number.
func objects(t *testing.T, in Input) (*Output, map[int]string) {
	t.Helper()
	out, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	m := map[int]string{}
	re := regexp.MustCompile(`(?s)^(\d+) 0 obj\n(.*)\nendobj\n$`)
	for i, o := range out.Objects {
		sm := re.FindStringSubmatch(string(o))
		if sm == nil {
			t.Fatalf("object %d: %q", i, o)
		}
		if sm[1] != strconv.Itoa(in.First+i) {
			t.Fatalf("object %d numbered %s", in.First+i, sm[1])
		}
		m[in.First+i] = sm[2]
	}
	return out, m
}

// elems returns the element dictionaries in object order, by role.
func byRole(m map[int]string, role string) []string {
	var out []string
	for n := 0; n < 1000; n++ {
		if s, ok := m[n]; ok && strings.Contains(s, "/S /"+role+" ") {
			out = append(out, s)
		}
	}
	return out
}

func TestReadingOrder(t *testing.T) {
	root := draw.NewDocument()
	p := root.Add(draw.RoleP)
	note := root.Add(draw.RoleNote) // after the paragraph that references it
	note.ID = "n1"
	np := note.Add(draw.RoleP)
	link := &draw.Node{Role: draw.RoleLink} // an inline node the paragraph adopts
	p.Adopt(link)
	fig := root.Add(draw.RoleFigure) // a float: drawn on a later page, read here
	fig.Alt = "A chart."
	h := root.Add(draw.RoleH1)
	in := Input{Pages: []int{3, 5}, First: 100, Content: []Content{
		// Page 1: the paragraph's first line, the link, its second line;
		// the heading after the float's place; the note at the foot.
		{Node: p, Page: 0, MCID: 0, Order: 1},
		{Node: link, Page: 0, MCID: 1, Order: 2},
		{Node: p, Page: 0, MCID: 2, Order: 3},
		{Node: h, Page: 0, MCID: 3, Order: 4},
		{Node: np, Page: 0, MCID: 4, Order: 5},
		// Page 2: the float, and the paragraph's last line? no: the
		// note continued.
		{Node: fig, Page: 1, MCID: 0, Order: 1<<40 | 6},
		{Node: np, Page: 1, MCID: 1, Order: 1<<40 | 7},
	}, Annots: []Annot{{Node: link, Page: 0, Obj: 50, Order: 2}}, Boxes: []NodeBox{{fig, Box{Page: 1, LLX: 1, LLY: 2, URX: 3, URY: 4}}}}
	out, m := objects(t, in)
	if out.Root != 100 || !strings.Contains(m[100], "/ParentTree 101 0 R /ParentTreeNextKey 3") || !strings.Contains(m[100], "/RoleMap <</Title /H1>>") {
		t.Errorf("root: %s", m[100])
	}
	doc := byRole(m, "Document")
	if len(doc) != 1 {
		t.Fatalf("documents: %q", doc)
	}
	// The document's kids: P, Note, Figure, H1, in that order.
	kids := regexp.MustCompile(`(\d+) 0 R`).FindAllStringSubmatch(doc[0][strings.Index(doc[0], "/K"):], -1)
	var roles []string
	for _, k := range kids {
		for _, r := range []string{"P", "Note", "Figure", "H1"} {
			if strings.HasPrefix(m[atoi(k[1])], "<</Type /StructElem /S /"+r+" ") {
				roles = append(roles, r)
			}
		}
	}
	if strings.Join(roles, " ") != "P Note Figure H1" {
		t.Errorf("document's kids %v, want P Note Figure H1", roles)
	}
	// The paragraph: its first line, the link, its second line.
	ps := byRole(m, "P")
	if !regexp.MustCompile(`/K \[0 \d+ 0 R 2\]`).MatchString(ps[0]) {
		t.Errorf("paragraph: %s", ps[0])
	}
	// The note's paragraph runs over two pages.
	if !strings.Contains(ps[1], "/K [4 <</Type /MCR /Pg 5 0 R /MCID 1>>]") {
		t.Errorf("note's paragraph: %s", ps[1])
	}
	links := byRole(m, "Link")
	if !strings.Contains(links[0], "/K [1 <</Type /OBJR /Obj 50 0 R>>]") {
		t.Errorf("link: %s", links[0])
	}
	figs := byRole(m, "Figure")
	if !strings.Contains(figs[0], "/Pg 5 0 R") || !strings.Contains(figs[0], "/Alt (A chart.)") || !strings.Contains(figs[0], "/BBox [1.00 2.00 3.00 4.00]") {
		t.Errorf("figure: %s", figs[0])
	}
	// The ParentTree: page 0's five MCIDs, page 1's two, the annotation.
	pt := m[101]
	for _, want := range []string{"0 [", "1 [", "2 "} {
		if !strings.Contains(pt, want) {
			t.Errorf("ParentTree lacks %q: %s", want, pt)
		}
	}
	if out.AnnotKey[0] != 2 || out.PageKey[1] != 1 {
		t.Errorf("keys %v %v", out.PageKey, out.AnnotKey)
	}
	if !strings.Contains(strings.Join(byRole(m, "Note"), ""), "/ID (n1)") {
		t.Error("note without its ID")
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func TestKeepAndDrop(t *testing.T) {
	root := draw.NewDocument()
	tr := root.Add(draw.RoleTable).Add(draw.RoleTBody).Add(draw.RoleTR)
	full, empty := tr.Add(draw.RoleTD), tr.Add(draw.RoleTD)
	empty.Keep = true
	root.Add(draw.RoleP) // nothing drawn: left out
	_, m := objects(t, Input{Pages: []int{3}, First: 10, Content: []Content{{Node: full, Page: 0, MCID: 0}}})
	if n := len(byRole(m, "TD")); n != 2 {
		t.Errorf("%d cells, want 2 (the empty one kept)", n)
	}
	if n := len(byRole(m, "P")); n != 0 {
		t.Errorf("%d empty paragraphs written", n)
	}
}

func TestDepthLimitAndIDs(t *testing.T) {
	root := draw.NewDocument()
	n := root
	for range MaxDepth * 2 {
		n = n.Add(draw.RoleBlockQuote)
	}
	a, b := root.Add(draw.RoleNote), root.Add(draw.RoleNote)
	a.ID, b.ID = "x", "x"
	_, m := objects(t, Input{Pages: []int{3}, First: 10, Content: []Content{
		{Node: n, Page: 0, MCID: 0}, {Node: a, Page: 0, MCID: 1}, {Node: b, Page: 0, MCID: 2}}})
	if q := len(byRole(m, "BlockQuote")); q >= MaxDepth {
		t.Errorf("%d nested quotations written, the limit is %d levels", q, MaxDepth)
	}
	var ids []string
	for _, s := range byRole(m, "Note") {
		ids = append(ids, regexp.MustCompile(`/ID \(([^)]*)\)`).FindStringSubmatch(s)[1])
	}
	if strings.Join(ids, " ") != "x x-2" {
		t.Errorf("IDs %v, want unique ones", ids)
	}
}

func TestTextString(t *testing.T) {
	if got := string(TextString("a (b) \\")); got != `(a \(b\) \\)` {
		t.Errorf("ASCII: %s", got)
	}
	if got := string(TextString("é")); got != "<FEFF00E9>" {
		t.Errorf("non-ASCII: %s", got)
	}
	// Above U+FFFF a surrogate pair; invalid UTF-8 is U+FFFD.
	if got := string(TextString("a\U0001D400\xff")); got != "<FEFF0061D835DC00FFFD>" {
		t.Errorf("surrogates: %s", got)
	}
	if got := string(AppendTextString([]byte("x "), "\u2013")); got != "x <FEFF2013>" {
		t.Errorf("appended: %s", got)
	}
	// Bytes of an ID that are not printable are written in octal.
	if got := string(byteString("a\x01\xe9\r\n")); got != `(a\001\351\r\n)` {
		t.Errorf("byte string: %s", got)
	}
}

// TestDeepChainLinear: a chain of notes each referenced from the last
// nests each note's node in the one before; finding the roots of the
// content's trees must not walk the whole chain up from every node (20,000
// linked footnotes took minutes).
func TestDeepChainLinear(t *testing.T) {
	const depth = 40000
	n := draw.NewDocument()
	var content []Content
	for i := range depth {
		n = n.Add(draw.RoleNote)
		content = append(content, Content{Node: n, Page: 0, MCID: i, Order: int64(i)})
	}
	start := testenv.CPUTime()
	out, err := Build(Input{Pages: []int{3}, First: 10, Content: content})
	if err != nil {
		t.Fatal(err)
	}
	used := testenv.CPUTime() - start
	t.Logf("%v of CPU", used)
	if used > time.Second {
		t.Errorf("Build of a %d-deep chain took %v of CPU time; it should be linear (well under a second)", depth, used)
	}
	if out.Elements < MaxDepth-2 {
		t.Errorf("%d elements written", out.Elements)
	}
}

// TestSize: Plan's Size is at least what Append writes, and not much
// more (the writer sizes the file by it), for a tree of every kind of
// entry; Append writes after what the buffer holds, what Build writes.
func TestSize(t *testing.T) {
	root := draw.NewDocument()
	root.Lang = "en-GB"
	var content []Content
	var boxes []NodeBox
	var annots []Annot
	pages := []int{7, 99999, 123456}
	mcid := make([]int, len(pages))
	add := func(n *draw.Node, page int) {
		content = append(content, Content{Node: n, Page: page, MCID: mcid[page], Order: int64(page)<<40 | int64(len(content))})
		mcid[page]++
	}
	deep := root
	for range MaxDepth + 3 {
		deep = deep.Add(draw.RoleBlockQuote)
	}
	add(deep, 0)
	for i := range 300 {
		p := root.Add(draw.RoleP)
		p.ID = "p(" + strconv.Itoa(i%7) + ")\\"
		add(p, i%3)
		f := p.Add(draw.RoleFormula)
		f.Alt = `\frac{a}{b} (x)`
		if i%2 == 0 {
			f.Alt = "α ≤ \U0001D400"
		}
		add(f, i%3)
		boxes = append(boxes, NodeBox{f, Box{Page: i % 3, LLX: -12.345, LLY: 700.5, URX: 99999.999, URY: 0}})
		add(p, (i+1)%3) // continued on the next page: an MCR
		if i%5 == 0 {
			l := p.Add(draw.RoleLink)
			l.Title, l.Actual = "a title", "é"
			add(l, i%3)
			annots = append(annots, Annot{Node: l, Page: (i + 2) % 3, Obj: 5000 + i, Order: int64(len(content))})
		}
		if i%9 == 0 {
			c := root.Add(draw.RoleTable).Add(draw.RoleTR).Add(draw.RoleTH)
			c.Scope = "Column"
			add(c, i%3)
			boxes = append(boxes, NodeBox{c, Box{LLX: 1, LLY: 2, URX: 3, URY: 4}})
		}
	}
	in := Input{Pages: pages, First: 9990, Content: content, Annots: annots, Boxes: boxes}
	tr, err := Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	head := []byte("before")
	buf, starts := tr.Append(append([]byte(nil), head...))
	wrote := len(buf) - len(head)
	t.Logf("Size %d, %d bytes written", tr.Size(), wrote)
	if wrote > tr.Size() || tr.Size() > wrote+wrote/8 {
		t.Errorf("Size %d for %d bytes written", tr.Size(), wrote)
	}
	if string(buf[:len(head)]) != string(head) || len(starts) != tr.Count() || starts[0] != len(head) {
		t.Errorf("appended %d objects from %v after %q", len(starts), starts[:1], buf[:len(head)])
	}
	out, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, o := range out.Objects {
		all = append(all, o...)
	}
	if string(all) != string(buf[len(head):]) || len(out.Objects) != tr.Count() {
		t.Error("Build writes other bytes than Append")
	}
}

// TestLengths: the lengths Size adds up are those of what is written.
func TestLengths(t *testing.T) {
	for _, s := range []string{"", "a", "a (b) \\c", "é", "a\U0001D400\xff", "x\ty", "\r\n(", "~\x7f"} {
		if got, want := textStringLen(s), len(TextString(s)); got != want {
			t.Errorf("textStringLen(%q) = %d, want %d", s, got, want)
		}
		if got, want := literalLen(s), len(byteString(s)); got != want {
			t.Errorf("literalLen(%q) = %d, want %d", s, got, want)
		}
	}
	for _, n := range []int{0, 9, 10, 99, 100, 999999, 1000000, 1234567890, -1, -10, math.MaxInt, math.MinInt} {
		if got, want := digits(n), len(strconv.Itoa(n)); got != want {
			t.Errorf("digits(%d) = %d, want %d", n, got, want)
		}
	}
}
