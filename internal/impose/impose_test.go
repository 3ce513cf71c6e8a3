package impose

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"quire/internal/draw"
)

// readFolded returns the pages of a printed booklet in the order a reader
// meets them once the sheets, printed in the order given, are stacked
// (the first sheet outermost), folded along the middle and opened page by
// page. Duplex printing flipped on the short edge keeps each back side's
// left half behind its front's right half.
func readFolded(sides []Side) []int {
	sheets := len(sides) / 2
	var out []int
	for s := 0; s < sheets; s++ { // first half: right of the front, left of the back
		out = append(out, sides[2*s][1], sides[2*s+1][0])
	}
	for s := sheets - 1; s >= 0; s-- { // second half, inner sheets first
		out = append(out, sides[2*s+1][1], sides[2*s][0])
	}
	return out
}

func TestBookletOrder(t *testing.T) {
	for n := 1; n <= 17; n++ {
		sides := BookletOrder(n)
		m := (n + 3) / 4 * 4
		if len(sides) != m/2 {
			t.Fatalf("n=%d: %d sides, want %d", n, len(sides), m/2)
		}
		want := make([]int, m)
		for i := range want {
			if i < n {
				want[i] = i + 1
			}
		}
		if got := readFolded(sides); !reflect.DeepEqual(got, want) {
			t.Errorf("n=%d: folded booklet reads %v, want %v", n, got, want)
		}
		seen := map[int]bool{}
		blanks := 0
		for _, s := range sides {
			for _, p := range s {
				if p == 0 {
					blanks++
					continue
				}
				if seen[p] {
					t.Errorf("n=%d: page %d imposed twice", n, p)
				}
				seen[p] = true
			}
		}
		if len(seen) != n || blanks != m-n {
			t.Errorf("n=%d: %d pages and %d blanks imposed, want %d and %d", n, len(seen), blanks, n, m-n)
		}
	}
}

func TestBookletOrderExplicit(t *testing.T) {
	for _, c := range []struct {
		n    int
		want []Side
	}{
		{1, []Side{{0, 1}, {0, 0}}},
		{2, []Side{{0, 1}, {2, 0}}},
		{4, []Side{{4, 1}, {2, 3}}},
		{5, []Side{{0, 1}, {2, 0}, {0, 3}, {4, 5}}},
		{8, []Side{{8, 1}, {2, 7}, {6, 3}, {4, 5}}},
		{12, []Side{{12, 1}, {2, 11}, {10, 3}, {4, 9}, {8, 5}, {6, 7}}},
	} {
		if got := BookletOrder(c.n); !reflect.DeepEqual(got, c.want) {
			t.Errorf("BookletOrder(%d) = %v, want %v", c.n, got, c.want)
		}
	}
	if got := BookletOrder(0); got != nil {
		t.Errorf("BookletOrder(0) = %v, want nil", got)
	}
}

func TestTwoUpOrder(t *testing.T) {
	for n := 1; n <= 17; n++ {
		sides := TwoUpOrder(n)
		var got []int
		for _, s := range sides {
			got = append(got, s[0], s[1])
		}
		for i := range got {
			want := i + 1
			if want > n {
				want = 0
			}
			if got[i] != want {
				t.Fatalf("n=%d: TwoUpOrder reads %v", n, got)
			}
		}
		if len(sides) != (n+1)/2 {
			t.Errorf("n=%d: %d sides, want %d", n, len(sides), (n+1)/2)
		}
	}
}

const (
	a5W, a5H = 419.53, 595.28
	a4W, a4H = 841.89, 595.28 // landscape
)

func testPages(n int) []*draw.Page {
	var pages []*draw.Page
	for i := 1; i <= n; i++ {
		pages = append(pages, &draw.Page{Width: a5W, Height: a5H, Items: []draw.Item{
			&draw.Text{X: 10, Y: 20, S: fmt.Sprint(i)},
			&draw.Link{X: 10, Y: 20, W: 5, H: 5, Dest: "a"},
			&draw.Anchor{Name: fmt.Sprint("p", i), Y: 30},
			&draw.Bookmark{Title: fmt.Sprint("p", i), Y: 30},
			draw.Line(0, 0, 10, 10, 1, draw.Color{}),
		}})
	}
	return pages
}

func TestBookletPlacement(t *testing.T) {
	pages := testPages(6)
	sheets, err := Booklet(pages, a4W, a4H)
	if err != nil {
		t.Fatal(err)
	}
	if len(sheets) != 4 {
		t.Fatalf("%d sides, want 4", len(sheets))
	}
	left := a4W/2 - a5W
	right := a4W / 2
	// Front of sheet 1: blank (page 8) left, page 1 right; items at x=10
	// on the page are at left+10 = 11.415 or right+10 = 430.945.
	want := [][]struct {
		s string
		x float64
	}{
		{{"1", 430.945}},
		{{"2", 11.415}},
		{{"6", 11.415}, {"3", 430.945}},
		{{"4", 11.415}, {"5", 430.945}},
	}
	for i, sh := range sheets {
		if sh.Width != a4W || sh.Height != a4H {
			t.Errorf("side %d is %v×%v", i+1, sh.Width, sh.Height)
		}
		var got []struct {
			s string
			x float64
		}
		for _, it := range draw.Expand(sh.Items) {
			switch it := it.(type) {
			case *draw.Text:
				got = append(got, struct {
					s string
					x float64
				}{it.S, math.Round(it.X*1000) / 1000})
			case *draw.Link:
				if it.Y != 20 {
					t.Errorf("side %d: link moved to y=%v", i+1, it.Y)
				}
			case *draw.Path:
				if x := it.Ops[0].Points[0][0]; math.Abs(x-left) > 1e-9 && math.Abs(x-right) > 1e-9 {
					t.Errorf("side %d: path at x=%v", i+1, x)
				}
			}
		}
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("side %d: texts %v, want %v", i+1, got, want[i])
		}
	}
	// Bookmarks are dropped from a booklet, kept in 2-up.
	for i, sh := range sheets {
		for _, it := range draw.Expand(sh.Items) {
			if _, ok := it.(*draw.Bookmark); ok {
				t.Errorf("side %d has a bookmark", i+1)
			}
		}
	}
	// The input is untouched.
	if x := pages[0].Items[0].(*draw.Text).X; x != 10 {
		t.Errorf("input page moved to x=%v", x)
	}
}

func TestTwoUpPlacement(t *testing.T) {
	sheets, err := TwoUp(testPages(3), a4W, a4H)
	if err != nil {
		t.Fatal(err)
	}
	if len(sheets) != 2 {
		t.Fatalf("%d sides, want 2", len(sheets))
	}
	if n := len(sheets[1].Items); n != 6 { // with the bookmark
		t.Errorf("second side has %d items, want the 5 of page 3 after its PageStart", n)
	}
	if ps, ok := sheets[1].Items[0].(*draw.PageStart); !ok || ps.Page != 3 {
		t.Errorf("second side starts with %#v, want the PageStart of page 3", sheets[1].Items[0])
	}
}

func TestImposeErrors(t *testing.T) {
	if _, err := Booklet(nil, a4W, a4H); err == nil {
		t.Error("no error for no pages")
	}
	big := []*draw.Page{{Width: 600, Height: 800}}
	if _, err := Booklet(big, a4W, a4H); err == nil {
		t.Error("no error for pages too big for the sheet")
	}
	mixed := []*draw.Page{{Width: a5W, Height: a5H}, {Width: 300, Height: 400}}
	if _, err := TwoUp(mixed, a4W, a4H); err == nil {
		t.Error("no error for pages of different sizes")
	}
}

func TestBookmarks(t *testing.T) {
	pages := testPages(6)
	order := BookletOrder(6)
	bms := Bookmarks(pages, order, a4H+20)
	if len(bms) != 6 {
		t.Fatalf("%d bookmarks, want 6", len(bms))
	}
	// Reading order; page n on the side BookletOrder gives it.
	wantSide := map[string]int{"p1": 1, "p2": 2, "p3": 3, "p4": 4, "p5": 4, "p6": 3}
	for i, b := range bms {
		if b.Title != fmt.Sprint("p", i+1) {
			t.Errorf("bookmark %d is %q", i+1, b.Title)
		}
		if b.Side != wantSide[b.Title] {
			t.Errorf("%s on side %d, want %d", b.Title, b.Side, wantSide[b.Title])
		}
		if b.Y != 30+10 {
			t.Errorf("%s at y=%v, want 40 (centred on a sheet 20pt higher)", b.Title, b.Y)
		}
	}
}

// TestBookletSheets reads the imposed sheets themselves, for booklets of
// 1 to 17 pages: which page's text lies on which half of which side, and
// the order a reader meets them in once the sheets are folded.
func TestBookletSheets(t *testing.T) {
	for n := 1; n <= 17; n++ {
		sheets, err := Booklet(testPages(n), a4W, a4H)
		if err != nil {
			t.Fatal(err)
		}
		var sides []Side
		for _, sh := range sheets {
			var s Side
			for _, it := range draw.Expand(sh.Items) {
				if tx, ok := it.(*draw.Text); ok {
					var p int
					fmt.Sscan(tx.S, &p)
					half := 0
					if tx.X >= a4W/2 {
						half = 1
					}
					s[half] = p
				}
			}
			sides = append(sides, s)
		}
		m := (n + 3) / 4 * 4
		want := make([]int, m)
		for i := range n {
			want[i] = i + 1
		}
		if got := readFolded(sides); !reflect.DeepEqual(got, want) {
			t.Errorf("n=%d: the folded sheets read %v, want %v", n, got, want)
		}
	}
}
