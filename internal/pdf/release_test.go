package pdf

import (
	"bytes"
	"testing"
)

// TestRelease writes pages with Options.Release: the file is the same
// bytes as without it, tagged or not, and every page's display list is
// dropped once written.
func TestRelease(t *testing.T) {
	for _, opt := range []Options{DefaultOptions(), {}} {
		want := write(t, samplePages(t), testMeta, opt)
		pages := samplePages(t)
		items := 0
		for _, p := range pages {
			items += len(p.Items)
		}
		if items == 0 {
			t.Fatal("the sample pages draw nothing")
		}
		opt.Release = true
		got := write(t, pages, testMeta, opt)
		if !bytes.Equal(got, want) {
			t.Errorf("tagged=%v: Release changes the file", opt.Tagged)
		}
		for i, p := range pages {
			if p.Items != nil {
				t.Errorf("tagged=%v: page %d keeps its %d items", opt.Tagged, i+1, len(p.Items))
			}
		}
	}
}
