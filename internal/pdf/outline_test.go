package pdf

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"

	"quire/internal/draw"
)

func TestOutline(t *testing.T) {
	pages := bookPages(4)
	for _, p := range pages {
		items := p.Items[:0]
		for _, it := range p.Items {
			if _, ok := it.(*draw.Bookmark); !ok {
				items = append(items, it)
			}
		}
		p.Items = items
	}
	opt := DefaultOptions()
	opt.Outline = []OutlineEntry{
		{Title: "One", Page: 3, Y: 100},
		{Title: "One.one", Level: 1, Page: 1, Y: 200},
		{Title: "Two", Page: 2, Y: 50},
	}
	out := write(t, pages, testMeta, opt)
	if err := api.Validate(bytes.NewReader(out), strictConf()); err != nil {
		t.Fatal(err)
	}
	bms, err := api.Bookmarks(bytes.NewReader(out), strictConf())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var walk func([]pdfcpu.Bookmark)
	walk = func(bs []pdfcpu.Bookmark) {
		for _, b := range bs {
			got = append(got, fmt.Sprintf("%s@%d", b.Title, b.PageFrom))
			walk(b.Kids)
		}
	}
	walk(bms)
	if want := []string{"One@3", "One.one@1", "Two@2"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outline %v, want %v", got, want)
	}
	if len(bms) != 2 || len(bms[0].Kids) != 1 {
		t.Errorf("outline nesting: %d top entries", len(bms))
	}
	opt.Outline = []OutlineEntry{{Title: "Lost", Page: 9}}
	if err := Write(&bytes.Buffer{}, pages, testMeta, opt); err == nil {
		t.Error("no error for an entry on a page that does not exist")
	}
}
