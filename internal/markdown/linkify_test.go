package markdown

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"

	"quire/internal/diag"
	"quire/internal/testenv"
)

// linkifySources returns Markdown to convert: every example of the
// CommonMark and GFM specs, every Markdown file of the real documents, and
// text dense with addresses, e-mail and near misses in every position a
// trigger byte can put them.
func linkifySources(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range []string{"commonmark/spec.json", "gfm/spec.json"} {
		data, err := os.ReadFile(testenv.SharedPath(t, name))
		if err != nil {
			t.Fatal(err)
		}
		var examples []struct {
			Markdown string `json:"markdown"`
			Example  int    `json:"example"`
		}
		if err := json.Unmarshal(data, &examples); err != nil {
			t.Fatal(err)
		}
		for _, ex := range examples {
			out[fmt.Sprintf("%s#%d", name, ex.Example)] = ex.Markdown
		}
	}
	files, _ := filepath.Glob(filepath.Join(testenv.SharedPath(t, "real-docs"), "*", "*.md"))
	more, _ := filepath.Glob(filepath.Join(testenv.SharedPath(t, "real-docs"), "*", "*", "*.md"))
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = string(b)
	}
	var b strings.Builder
	for _, pre := range []string{"", " ", "*", "_", "~", "(", "\t", "x", "**", "[", "<"} {
		for _, addr := range []string{"http://a.org/x?y=1.", "https://b.com/(c)", "ftp://f.net", "www.example.org/p", "Www.x.org",
			"ann@example.org", "a.b+c@d.e.f.", "x@y", "@z.org", "mail@host-", "q@r.s_t", "hxxp://no", "wwwx.org", "fa@b.cd", "h@i.jk"} {
			b.WriteString(pre + addr + " and" + pre + addr + "\n")
		}
		b.WriteString("\n")
	}
	out["synthetic"] = b.String()
	return out
}

// TestQuickLinkifySame: with the quick check in front of goldmark's
// Linkify, every source converts to the same document model, with the
// same diagnostics, as with goldmark's Linkify alone.
func TestQuickLinkifySame(t *testing.T) {
	srcs := linkifySources(t)
	if len(srcs) < 1000 {
		t.Fatalf("only %d sources", len(srcs))
	}
	links := 0
	for name, src := range srcs {
		convert := func() (string, []diag.Diagnostic, any) {
			var l diag.List
			bs := Convert([]byte(src), Options{File: "x.md"}, &l)
			return dump(bs), l.Recorded(), bs
		}
		linkifyExt = extension.Linkify
		want, wantDiags, wantBlocks := convert()
		linkifyExt = linkify{}
		got, gotDiags, gotBlocks := convert()
		if got != want || !reflect.DeepEqual(gotBlocks, wantBlocks) {
			t.Errorf("%s: the document differs:\n got %.400s\nwant %.400s", name, got, want)
		}
		if !reflect.DeepEqual(gotDiags, wantDiags) {
			t.Errorf("%s: diagnostics differ:\n got %v\nwant %v", name, gotDiags, wantDiags)
		}
		links += strings.Count(want, "L<")
	}
	if links < 100 {
		t.Fatalf("only %d links in all: the sources do not exercise Linkify", links)
	}
}

// TestAtBefore: the memo answers as a scan of the slice would, for
// positions in any order.
func TestAtBefore(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	src := make([]byte, 2000)
	for i := range src {
		src[i] = "ab @\n"[r.Intn(5)]
		if r.Intn(8) != 0 && src[i] == '@' {
			src[i] = 'c'
		}
	}
	pc := parser.NewContext()
	for range 20000 {
		start := r.Intn(len(src))
		stop := start + 1 + r.Intn(min(80, len(src)-start))
		if r.Intn(3) == 0 { // mostly forwards, as the parser goes
			start = max(0, start-r.Intn(40))
		}
		want := bytes.IndexByte(src[start:stop], '@') >= 0
		if got := atBefore(src, start, stop, pc); got != want {
			t.Fatalf("atBefore(%d, %d) = %v, want %v", start, stop, got, want)
		}
	}
}
