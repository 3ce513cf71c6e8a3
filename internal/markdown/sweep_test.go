package markdown

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"quire/internal/diag"
)

const sharedData = "../../../shared/testdata"

// TestSpecSweep converts every example of the CommonMark and GFM specs and
// checks that none panics.
func TestSpecSweep(t *testing.T) {
	for _, name := range []string{"commonmark/spec.json", "gfm/spec.json"} {
		data, err := os.ReadFile(filepath.Join(sharedData, name))
		if err != nil {
			t.Skipf("spec examples not available: %v", err)
		}
		var examples []struct {
			Markdown string `json:"markdown"`
			Example  int    `json:"example"`
			Section  string `json:"section"`
		}
		if err := json.Unmarshal(data, &examples); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		internal := 0
		for _, ex := range examples {
			var l diag.List
			Convert([]byte(ex.Markdown), Options{File: "ex.md"}, &l)
			for _, d := range l.Items() {
				if d.Severity == diag.Error && len(d.Msg) > 14 && d.Msg[:14] == "internal error" {
					internal++
					t.Errorf("%s example %d (%s): %s", name, ex.Example, ex.Section, d.Msg)
				}
			}
		}
		t.Logf("%s: %d examples, %d internal errors", name, len(examples), internal)
	}
}

// TestPathological converts every pathological input and checks for panics
// and a bounded time (10 s per MB, at least 2 s).
func TestPathological(t *testing.T) {
	dir := filepath.Join(sharedData, "pathological", "inputs")
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) == 0 {
		t.Skip("pathological inputs not available")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if testing.Short() && len(src) > 1<<20 {
			continue
		}
		limit := time.Duration(float64(len(src))/(1<<20)*10*float64(time.Second)) + 2*time.Second
		var l diag.List
		start := time.Now()
		Convert(src, Options{File: filepath.Base(f)}, &l)
		el := time.Since(start)
		t.Logf("%-48s %8d bytes %v", filepath.Base(f), len(src), el.Round(time.Millisecond))
		if el > limit {
			t.Errorf("%s: took %v, limit %v", filepath.Base(f), el, limit)
		}
		for _, d := range l.Items() {
			if d.Severity == diag.Error {
				t.Errorf("%s: %s", filepath.Base(f), d)
			}
		}
	}
}
