package pdf

import (
	"bytes"
	"fmt"
	"image/color"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
	"quire/internal/shape"
)

// TestPageCacheRebuild writes pages through one PageCache the way quire
// watch does, with edits between the Writes (a word on one page, an
// anchor gone so that links to it on other pages are dropped, a new face
// that renames every font resource, a page's structure node, an image's
// data) and checks that each file is byte for byte the one a Write
// without the cache makes of the same pages, that unchanged pages come
// from the cache and changed ones do not.
func TestPageCacheRebuild(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	const n = 23
	type edit struct {
		name   string
		change func([]*draw.Page)
		drawn  int // pages that must be drawn again, at least
	}
	text := func(p *draw.Page, prefix string) *draw.Text {
		for _, it := range p.Items {
			if x, ok := it.(*draw.Text); ok && strings.HasPrefix(x.S, prefix) {
				return x
			}
		}
		t.Fatalf("no text %q on the page", prefix)
		return nil
	}
	edits := []edit{
		{"nothing", func([]*draw.Page) {}, 0},
		{"a word on page 5", func(ps []*draw.Page) { text(ps[4], "Page 5").S = "Page 5, tu" }, 1},
		{"a word of page 7's Words", func(ps []*draw.Page) {
			for _, it := range ps[6].Items {
				if w, ok := it.(*draw.Words); ok {
					w.W[1].R = shaped("lime")
				}
			}
		}, 1},
		{"the anchor of page 9 gone (pages that link to it drop the link)", func(ps []*draw.Page) {
			ps[8].Items = ps[8].Items[1:]
		}, 2},
		{"a new face on page 12 (every font resource renamed)", func(ps []*draw.Page) {
			text(ps[11], "unmarked").Face = font.FallbackSans // sorts first
		}, n},
		{"page 3's paragraph split in two nodes", func(ps []*draw.Page) {
			x := text(ps[2], "Page 3")
			x.Tag = x.Tag.Parent.Add(draw.RoleP)
		}, 1},
		{"the image's data on page 4", func(ps []*draw.Page) {
			for _, it := range ps[3].Items {
				if im, ok := it.(*draw.Image); ok {
					im.Data = pngData(t, 8, 6, color.RGBA{200, 0, 0, 255})
				}
			}
		}, 0},
	}
	for _, opt := range []Options{{Compress: true, Tagged: true}, {Tagged: true}, {Compress: true}, {}} {
		for _, procs := range []int{1, 2} {
			runtime.GOMAXPROCS(procs)
			c := NewPageCache()
			var applied []func([]*draw.Page)
			pages := func() []*draw.Page {
				ps := drawnPages(t, n)
				// A line of Words on each page, in the node of its
				// first paragraph.
				for i, p := range ps {
					w := &draw.Words{Y: 120, Face: font.Serif, Size: 10, Tag: text(p, "Page ").Tag}
					for k, s := range strings.Fields(fmt.Sprintf("a line of words on page %d", i+1)) {
						w.W = append(w.W, draw.Word{X: 20 + 30*float64(k), R: shaped(s), Space: true})
					}
					p.Items = append(p.Items, w)
				}
				for _, f := range applied {
					f(ps)
				}
				return ps
			}
			cached := opt
			cached.Pages = c
			write(t, pages(), testMeta, cached) // fills the cache
			for _, e := range edits {
				applied = append(applied, e.change)
				want := write(t, pages(), testMeta, opt)
				h0, m0 := c.Stats()
				got := write(t, pages(), testMeta, cached)
				h, m := c.Stats()
				if !bytes.Equal(got, want) {
					t.Fatalf("%+v, %d cores, %s: the file differs from a Write without the cache at byte %d", opt, procs, e.name, firstDiff(got, want))
				}
				if m-m0 < e.drawn || h-h0 < n-max(e.drawn, 2) || h-h0+m-m0 != n {
					t.Errorf("%+v, %d cores, %s: %d pages from the cache, %d drawn; want at least %d drawn and the rest from the cache", opt, procs, e.name, h-h0, m-m0, e.drawn)
				}
				if c.Len() != n {
					t.Errorf("%+v: the cache holds %d pages after a Write of %d", opt, c.Len(), n)
				}
			}
			// A page the cache holds, drawn by a Write with another
			// context (tagged or not), is drawn again.
			other := cached
			other.Tagged = !opt.Tagged
			want := write(t, pages(), testMeta, Options{Compress: opt.Compress, Tagged: other.Tagged})
			if got := write(t, pages(), testMeta, other); !bytes.Equal(got, want) {
				t.Fatalf("%+v: after a Write tagged=%v, the file differs from one without the cache", opt, opt.Tagged)
			}
		}
	}
}

// shaped returns s shaped in the serif face, as layout gives a Word.
func shaped(s string) *draw.GlyphRun {
	r := &draw.GlyphRun{S: s}
	for _, run := range shape.Shape(font.Serif, s, 0).Runs {
		r.Glyphs = append(r.Glyphs, run.Glyphs...)
	}
	return r
}

// TestPageKeyCoversEveryField changes, one at a time, every field of every
// display-list item (and of what they point to) that a drawer reads, and
// checks that the page's key changes: a field the key left out would let
// a page be taken from the cache that draws otherwise. A new field fails
// this test until the key covers it, or it is listed here with the reason
// why the drawing does not read it.
func TestPageKeyCoversEveryField(t *testing.T) {
	// Fields the drawing of a page does not read: replay reads them,
	// from the page being written, or nothing does.
	notRead := map[string]string{
		"Page.Label":     "page labels are written from the pages (labels.go)",
		"Image.Key":      "replay names the image",
		"Image.Data":     "replay gives fpdf the image",
		"Image.Format":   "replay gives fpdf the image",
		"Bookmark.Title": "replay adds the bookmark",
		"Bookmark.Level": "replay adds the bookmark",
		"Bookmark.Y":     "replay adds the bookmark",
	}
	ink := draw.Color{R: 0.2, G: 0.3, B: 0.4}
	actual := "x²"
	items := []draw.Item{
		&draw.Text{X: 1, Y: 2, Face: font.Serif, Size: 10, S: "fi", Glyphs: []draw.Glyph{{Code: 0xFB01, Adv: 500, Text: "fi"}},
			Tag: &draw.Node{Role: draw.RoleP}, Look: &draw.Look{Color: ink, Angle: 3, Embolden: 0.1, Actual: &actual}, EndActual: true, Invisible: true, Space: true},
		&draw.Words{Y: 2, Face: font.Serif, Size: 10, Tag: &draw.Node{Role: draw.RoleP}, Look: &draw.Look{Color: ink, Angle: 3, Embolden: 0.1, Actual: &actual},
			W: []draw.Word{{X: 1, R: &draw.GlyphRun{S: "fi", Glyphs: []draw.Glyph{{Code: 0xFB01, Adv: 500, Text: "fi"}}}, Space: true}}},
		&draw.Path{Path: doc.Path{Ops: []doc.PathOp{{Kind: doc.CurveTo, Points: [3][2]float64{{1, 2}, {3, 4}, {5, 6}}}},
			Stroke: &ink, Fill: &ink, LineWidth: 1, Dash: []float64{1, 2}, EvenOdd: true, Cap: "round", Join: "bevel", MiterLimit: 4, DashPhase: 1, Decoration: true},
			Tag: &draw.Node{Role: draw.RoleFigure}},
		&draw.Image{X: 1, Y: 2, W: 3, H: 4, Key: "k", Data: []byte{1}, Format: "png", Tag: &draw.Node{Role: draw.RoleFigure}},
		&draw.Link{X: 1, Y: 2, W: 3, H: 4, URL: "https://example.org", Dest: "a", Tag: &draw.Node{Role: draw.RoleLink}},
		&draw.Anchor{Name: "a", Y: 2},
		&draw.Bookmark{Title: "b", Level: 1, Y: 2},
		&draw.PageStart{Page: 2},
	}
	pl := &planned{anchors: map[string]anchor{"a": {1, 2}}}
	c := NewPageCache()
	var k pageKeyer
	key := func(p *draw.Page) pageKey {
		got, ok := k.key(pl, 0, p, &c.seeds)
		if !ok {
			t.Fatal("the keyer does not know an item")
		}
		return got
	}
	for _, it := range items {
		page := &draw.Page{Width: 300, Height: 400, Items: []draw.Item{it}, Label: &draw.PageLabel{Style: "r", N: 1}}
		base := key(page)
		if again := key(page); again != base {
			t.Fatal("the key of a page changes when the page does not")
		}
		name := reflect.TypeOf(it).Elem().Name()
		// Each change is made on a copy of the item.
		for _, f := range leaves(reflect.ValueOf(it).Elem(), name) {
			cp := clone(it)
			f.change(reflect.ValueOf(cp).Elem())
			p := &draw.Page{Width: 300, Height: 400, Items: []draw.Item{cp}, Label: page.Label}
			if key(p) == base {
				if _, ok := notRead[f.path]; !ok {
					t.Errorf("changing %s does not change the page's key", f.path)
				}
			}
		}
	}
	// The page's own fields and number.
	p := &draw.Page{Width: 300, Height: 400, Items: items}
	base := key(p)
	for _, q := range []*draw.Page{{Width: 301, Height: 400, Items: items}, {Width: 300, Height: 401, Items: items}} {
		if key(q) == base {
			t.Errorf("a page of another size has the same key")
		}
	}
	if got, _ := k.key(pl, 1, p, &c.seeds); got == base {
		t.Error("the same page at another place has the same key")
	}
	// Whether a link's anchor exists.
	if got, _ := k.key(&planned{anchors: map[string]anchor{}}, 0, p, &c.seeds); got == base {
		t.Error("a link whose anchor is gone leaves the key as it was")
	}
	// Which items share a structure node, and the node's role and
	// artifact kind.
	n1, n2 := &draw.Node{Role: draw.RoleP}, &draw.Node{Role: draw.RoleP}
	two := func(a, b *draw.Node) *draw.Page {
		return &draw.Page{Width: 300, Height: 400, Items: []draw.Item{
			&draw.Text{Face: font.Serif, Size: 10, S: "a", Tag: a}, &draw.Text{Face: font.Serif, Size: 10, S: "b", Tag: b}}}
	}
	if key(two(n1, n1)) == key(two(n1, n2)) {
		t.Error("two items of one node have the key of two items of two nodes")
	}
	if key(two(n1, nil)) == key(two(n1, n1)) {
		t.Error("an unmarked item has the key of a marked one")
	}
	if key(two(draw.Artifact(draw.ArtifactHeader), nil)) == key(two(draw.Artifact(draw.ArtifactFooter), nil)) {
		t.Error("a header and a footer have one key")
	}
	if key(two(&draw.Node{Role: draw.RoleH1}, nil)) == key(two(n1, nil)) {
		t.Error("a heading and a paragraph have one key")
	}
}

// A leaf is a field of an item, by its path, and a change to it.
type leaf struct {
	path   string
	change func(reflect.Value) // on the item
}

// leaves returns the fields under v (an item's struct), each with a
// change that makes it differ: numbers grow, strings and slices get
// longer, booleans flip, pointers are set to nil; the fields of what
// pointers and slices hold are changed in their turn. Structure nodes
// are tested on their own (a drawer reads their role and identity).
func leaves(v reflect.Value, path string) []leaf {
	var out []leaf
	var walk func(t reflect.Type, path string, get func(reflect.Value) reflect.Value)
	walk = func(t reflect.Type, path string, get func(reflect.Value) reflect.Value) {
		add := func(f func(reflect.Value)) {
			out = append(out, leaf{path, func(root reflect.Value) { f(get(root)) }})
		}
		switch t.Kind() {
		case reflect.Struct:
			for i := range t.NumField() {
				f := t.Field(i)
				if f.Type == reflect.TypeFor[*draw.Node]() {
					continue
				}
				p := path + "." + f.Name
				if f.Anonymous {
					p = path
				}
				walk(f.Type, p, func(root reflect.Value) reflect.Value { return get(root).Field(i) })
			}
		case reflect.Pointer:
			// Set if nil, nil if set; and if set, what it points to
			// changed in a copy (the item's original is left alone).
			add(func(x reflect.Value) {
				if x.IsNil() {
					x.Set(reflect.New(t.Elem()))
				} else {
					x.SetZero()
				}
			})
			walk(t.Elem(), path, func(root reflect.Value) reflect.Value {
				x := get(root)
				e := reflect.New(t.Elem())
				if !x.IsNil() {
					e.Elem().Set(x.Elem())
				}
				x.Set(e)
				return e.Elem()
			})
		case reflect.Slice:
			add(func(x reflect.Value) { x.Set(reflect.Append(x, reflect.Zero(t.Elem()))) })
			walk(t.Elem(), path, func(root reflect.Value) reflect.Value {
				x := get(root)
				c := reflect.MakeSlice(t, x.Len(), x.Len())
				reflect.Copy(c, x)
				x.Set(c)
				return c.Index(0)
			})
		case reflect.Array:
			for i := range t.Len() {
				walk(t.Elem(), fmt.Sprintf("%s[%d]", path, i), func(root reflect.Value) reflect.Value { return get(root).Index(i) })
			}
		case reflect.String:
			add(func(x reflect.Value) { x.SetString(x.String() + "x") })
		case reflect.Bool:
			add(func(x reflect.Value) { x.SetBool(!x.Bool()) })
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			add(func(x reflect.Value) { x.SetInt(x.Int() + 1) })
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			add(func(x reflect.Value) { x.SetUint(x.Uint() + 1) })
		case reflect.Float32, reflect.Float64:
			add(func(x reflect.Value) { x.SetFloat(x.Float() + 0.5) })
		default:
			out = append(out, leaf{path, func(reflect.Value) { panic("leaves: a field of kind " + t.Kind().String() + " at " + path) }})
		}
	}
	walk(v.Type(), path, func(root reflect.Value) reflect.Value { return root })
	return out
}

// clone returns a shallow copy of item it.
func clone(it draw.Item) draw.Item {
	v := reflect.ValueOf(it).Elem()
	c := reflect.New(v.Type())
	c.Elem().Set(v)
	return c.Interface().(draw.Item)
}
