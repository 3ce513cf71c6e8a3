package markdown

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/testenv"
)

// TestSpecSweep converts every example of the CommonMark and GFM specs and
// checks that none panics.
func TestSpecSweep(t *testing.T) {
	for _, name := range []string{"commonmark/spec.json", "gfm/spec.json"} {
		data, err := os.ReadFile(testenv.SharedPath(t, name))
		if err != nil {
			t.Fatal(err)
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
// and a bounded time (10 s per MB, at least 2 s, of CPU time; scaled by
// testenv.Limit under the race detector).
func TestPathological(t *testing.T) {
	dir := testenv.SharedPath(t, "pathological", "inputs")
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no pathological inputs in %s", dir)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if testing.Short() && len(src) > 1<<20 {
			continue
		}
		limit := testenv.Limit(time.Duration(float64(len(src))/(1<<20)*10*float64(time.Second)) + 2*time.Second)
		var l diag.List
		start := testenv.CPUTime()
		Convert(src, Options{File: filepath.Base(f)}, &l)
		el := testenv.CPUTime() - start
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

// TestSpecVisibleText checks, for the spec examples whose visible text is a
// fair test, that the converted document holds that text (whitespace and
// typographic punctuation normalised). The examples that differ are pinned
// to today's exact set, as the sweep's known failures are: a new difference
// fails, and so does a pinned one that no longer differs (remove it).
func TestSpecVisibleText(t *testing.T) {
	for _, name := range []string{"commonmark/text_expectations.json", "gfm/text_expectations.json"} {
		data, err := os.ReadFile(testenv.SharedPath(t, name))
		if err != nil {
			t.Fatal(err)
		}
		var exps []struct {
			Example int    `json:"example"`
			Text    string `json:"text"`
			Fair    bool   `json:"fair"`
		}
		if err := json.Unmarshal(data, &exps); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		spec, err := os.ReadFile(testenv.SharedPath(t, filepath.Dir(name), "spec.json"))
		if err != nil {
			t.Fatal(err)
		}
		var examples []struct {
			Markdown string `json:"markdown"`
			Example  int    `json:"example"`
		}
		if err := json.Unmarshal(spec, &examples); err != nil {
			t.Fatal(err)
		}
		md := map[int]string{}
		for _, ex := range examples {
			md[ex.Example] = ex.Markdown
		}
		fair, ok := 0, 0
		var failed []int
		for _, e := range exps {
			if !e.Fair {
				continue
			}
			fair++
			var l diag.List
			got := normText(visibleText(Convert([]byte(md[e.Example]), Options{}, &l)))
			if strings.Contains(got, normText(e.Text)) {
				ok++
			} else {
				failed = append(failed, e.Example)
			}
		}
		t.Logf("%s: %d of %d fair examples hold their visible text; differing: %v", name, ok, fair, failed)
		want := knownVisibleTextDiffs[name]
		if fmt.Sprint(failed) != fmt.Sprint(want.differ) {
			t.Errorf("%s: examples whose visible text differs: %v, want exactly %v", name, failed, want.differ)
		}
		if fair != want.fair {
			t.Errorf("%s: %d fair examples, want %d (the expectations changed: update knownVisibleTextDiffs)", name, fair, want.fair)
		}
	}
}

// knownVisibleTextDiffs pins, per expectations file, how many examples
// are fair and which of them differ today.
var knownVisibleTextDiffs = map[string]struct {
	fair   int
	differ []int
}{
	"commonmark/text_expectations.json": {fair: 532},
	"gfm/text_expectations.json":        {fair: 551},
}

// visibleText returns the text of blocks, in reading order.
func visibleText(bs []doc.Block) string {
	var b strings.Builder
	var walk func([]doc.Block)
	walk = func(bs []doc.Block) {
		for _, x := range bs {
			switch x := x.(type) {
			case *doc.Paragraph:
				b.WriteString(doc.PlainText(x.Content) + " ")
			case *doc.Heading:
				b.WriteString(doc.PlainText(x.Content) + " ")
			case *doc.CodeBlock:
				b.WriteString(x.Text + " ")
			case *doc.Quote:
				walk(x.Blocks)
			case *doc.List:
				for _, it := range x.Items {
					walk(it.Blocks)
				}
			case *doc.DefList:
				for _, it := range x.Items {
					b.WriteString(doc.PlainText(it.Term) + " ")
					for _, d := range it.Defs {
						walk(d)
					}
				}
			case *doc.Table:
				for _, c := range x.Header {
					b.WriteString(doc.PlainText(c) + " ")
				}
				for _, r := range x.Rows {
					for _, c := range r {
						b.WriteString(doc.PlainText(c) + " ")
					}
				}
			case *doc.Figure:
				b.WriteString(doc.PlainText(x.Caption) + " ")
			}
		}
	}
	walk(bs)
	return b.String()
}

var typoNorm = strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "—", "---", "–", "--", "…", "...")

// normText removes whitespace and undoes typographic substitutions.
func normText(s string) string {
	return strings.Join(strings.Fields(typoNorm.Replace(s)), "")
}
