package cite

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"quire/internal/diag"
)

// TestSourcesReplay loads bibliographies through one Sources the way
// quire watch does, with the files edited between the loads, and checks
// that each load gives the entries and the diagnostics, in their order,
// that a load without the cache gives, that unchanged files come from the
// cache, and that a changed file, or another draft mode, does not.
func TestSourcesReplay(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bib := `@book{knuth, author = {Knuth, Donald}, title = {The {TeX}book}, year = 1984, crossref = {nowhere}}
@frobnicate{odd, title = {An odd type}, year = 2000}
@article{bad, title = {Unclosed
`
	write("refs.bib", bib)
	write("more.json", `[{"id": "knuth", "type": "book", "title": "Another"}, {"id": "x", "type": "article", "URL": "javascript:alert(1)"}]`)
	write("wrong.yaml", "@book{k, title={T}}\n")
	paths := []string{"refs.bib", "more.json", "wrong.yaml"}
	s := NewSources()
	load := func(draft bool, s *Sources) (*Library, []diag.Diagnostic) {
		var d diag.List
		d.Draft = draft
		l := LoadWith(paths, testFolder(t, dir), &d, s)
		return l, d.Recorded()
	}
	for i, step := range []struct {
		name  string
		edit  func()
		draft bool
		hits  int // files from the cache, at least
	}{
		{"first load", func() {}, false, 0},
		{"the same files", func() {}, false, 3},
		{"one file edited", func() { write("refs.bib", bib+"@misc{new, title = {New}}\n") }, false, 2},
		{"back", func() { write("refs.bib", bib) }, false, 2},
		{"draft", func() {}, true, 0},
	} {
		step.edit()
		want, wantDiags := load(step.draft, nil)
		h0 := s.Hits()
		got, gotDiags := load(step.draft, s)
		if len(wantDiags) < 5 {
			t.Fatalf("the test's files give only %d diagnostics", len(wantDiags))
		}
		if !reflect.DeepEqual(gotDiags, wantDiags) {
			t.Errorf("step %d (%s): diagnostics\n%v\nwant\n%v", i, step.name, gotDiags, wantDiags)
		}
		if !reflect.DeepEqual(got.Keys(), want.Keys()) || !reflect.DeepEqual(got.failed, want.failed) {
			t.Errorf("step %d (%s): keys %v (failed %v), want %v (failed %v)", i, step.name, got.Keys(), got.failed, want.Keys(), want.failed)
		}
		for _, k := range want.Keys() {
			a, _ := got.Lookup(k)
			b, _ := want.Lookup(k)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("step %d (%s): entry %q differs", i, step.name, k)
			}
		}
		if h := s.Hits() - h0; h < step.hits || step.hits == 0 && h != 0 {
			t.Errorf("step %d (%s): %d files from the cache, want %d", i, step.name, h, step.hits)
		}
	}
}
