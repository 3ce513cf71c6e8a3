package markdown

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/testenv"
)

// convertCut converts src at once (cut false) or cut before every heading
// line and parsed by procs at once; it reports whether the parse was made
// of chunks.
func convertCut(src string, cut bool, procs int) (string, []diag.Diagnostic, any, bool) {
	defer func(m, b, p int) { parallelMin, chunkBytes, parallelProcs = m, b, p }(parallelMin, chunkBytes, parallelProcs)
	if cut {
		parallelMin, chunkBytes, parallelProcs = 0, 1, procs
	} else {
		parallelMin = 1 << 62
	}
	before := parallelParses.Load()
	var l diag.List
	bs := Convert([]byte(src), Options{File: "x.md", LineOffset: 3}, &l)
	return dump(bs), l.Recorded(), bs, parallelParses.Load() > before
}

// stressSources are documents made to strain the cuts: definitions after
// their use and in other chunks, labels defined twice, headings with the
// same text in many chunks, blocks that run over heading lines.
func stressSources() map[string]string {
	out := map[string]string{}
	out["notes after use"] = "# A\n\nText[^a] and[^b].\n\n# B\n\nMore[^a] and[^c].\n\n# C\n\n[^a]: Note a[^c].\n[^b]: Note b.\n\n# D\n\n[^c]: Note c.\n\n[^a]: Again a.\n"
	out["refs at end"] = "# A\n\nSee [x] and [y][] and [Z].\n\n# B\n\n[x]: /x \"X\"\n\n# C\n\n[y]: /y\n[x]: /other\n\n# D\n\n[z]: /z\n"
	out["same headings"] = strings.Repeat("# Intro\n\ntext\n\n## Intro\n\n# Intro {#intro-1}\n\n# intro\n\n", 6)
	out["list over heading"] = "# A\n\n- one\n\n  two\n# B\n- three\n\n# C\n\n1. x\n\n   # inner\n\n# D\n"
	out["fence over heading"] = "# A\n\n```\n# not a heading\n\n# nor this\n```\n\n# B\n\n~~~~\n# x\n~~~\n# y\n~~~~\n# C\n\n```\n# unclosed\n\n# to the end\n"
	out["html over heading"] = "# A\n\n<!--\n# hidden\n\n-->\n\n# B\n\n<pre>\n# pre\n\n</pre>\n\n# C\n\npara <!-- open\n\n# inside\n\nclose -->\n\n# C2\n\npara\n<!-- open\n\n# inside\n\nclose -->\n\n# D\n\n<div>\n# x\n\n</div>\n"
	out["div over heading"] = "# A\n\n::: note\n# inside\n\ntext\n:::\n\n# B\n\n::: {.a}\n::: {.b}\n# deep\n:::\n:::\n\n# C\n\n::: open\n\n# to the end\n"
	out["math over heading"] = "# A\n\n$$\n# x\n\n$$\n\n# B\n\n\\[\n# y\n\\]\n\n# C $x$ and[^n]\n\n[^n]: note.\n"
	out["notes in headings"] = "# A[^a]\n\n# B[^a]\n\n# C[^b]\n\n[^a]: a.\n[^b]: b[^a].\n"
	out["false stand-in"] = "# A\n\nUse [^q] here.\n\n# B\n\n```\n[^q]: in code\n```\n\n# C\n\n`[^r]: code` and [^r].\n"
	out["quoted"] = "# A\n\n> quote\n# B\n> more\n\n# C\n\n> [^x]: in a quote\n\n# D\n\nref[^x]\n"
	out["hash lines"] = "#nota heading\n# A\n#\n##\n####### seven\n# B #\n\n#\ttab\n# C\n"
	out["def list"] = "# A\n\nTerm\n\n: Def\n\n# B\n\n: orphan\n\n# C\n\nTerm 2\n: def 2\n"
	out["setext"] = "# A\ntext\n===\n\n# B\n\ntext\n---\n# C\n"
	out["crlf"] = "# A\r\n\r\ntext[^1]\r\n\r\n# B\r\n\r\n[^1]: note\r\n"
	var deep strings.Builder
	for i := range 12 {
		fmt.Fprintf(&deep, "# Part %d\n\n", i)
		for range 36 {
			deep.WriteString(":::: a\n")
		}
		deep.WriteString("x\n")
		for range 36 {
			deep.WriteString("::::\n")
		}
		deep.WriteString("\n")
	}
	out["div warnings"] = deep.String()
	out["fence left open"] = "# A\n\n```\n" + strings.Repeat("# h\n\ntext[^n]\n\n", 40) + "[^n]: n\n"
	out["fence closed late"] = strings.Repeat("# A\n\ntext\n\n", 10) + "~~~\n" + strings.Repeat("# h\n\n", 5) + "~~~\n" + strings.Repeat("# B\n\ntext\n\n", 10)
	out["bracket budget"] = "# A\n\n" + strings.Repeat("^[a [b [c\n", 30000) + "\n\n# B\n\n" + strings.Repeat("[x ", 3000) + "\n\n# C\n\n[^n] text [word]{.smallcaps} and ^[an inline note]\n\n[^n]: n\n"
	return out
}

// TestParallelParseSame: cut before every heading and parsed on 1, 2 and 8
// goroutines, every source converts to the same document model, with the
// same diagnostics in the same order, as parsed at once: every CommonMark
// and GFM spec example (alone, and all of them as one document with a
// heading between examples), every real document, the real documents
// three times over, the pathological inputs with headings, and sources
// made to strain the cuts.
func TestParallelParseSame(t *testing.T) {
	srcs := linkifySources(t)
	for k, v := range stressSources() {
		srcs["stress: "+k] = v
	}
	var names []string
	for k := range srcs {
		names = append(names, k)
	}
	sort.Strings(names)
	var all, real strings.Builder
	for _, k := range names {
		if strings.Contains(k, "spec.json#") {
			fmt.Fprintf(&all, "\n# %s\n\n%s", k, srcs[k])
		}
		if strings.Contains(k, "real-docs") {
			real.WriteString(srcs[k] + "\n\n# Next\n\n")
		}
	}
	// The pathological inputs that have a heading to cut at.
	patho, _ := filepath.Glob(filepath.Join(testenv.SharedPath(t, "pathological", "inputs"), "*.md"))
	for _, f := range patho {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if headingLine(b, 1) > 0 && len(b) < 256<<10 {
			srcs[f] = string(b)
			names = append(names, f)
		}
	}
	srcs["all spec examples"] = all.String()
	srcs["real docs thrice"] = strings.Repeat(real.String(), 3)
	names = append(names, "all spec examples", "real docs thrice")
	cutSome := 0
	for _, name := range names {
		src := srcs[name]
		want, wantDiags, wantBlocks, _ := convertCut(src, false, 0)
		for _, procs := range []int{1, 2, 8} {
			got, gotDiags, gotBlocks, chunked := convertCut(src, true, procs)
			if chunked {
				cutSome++
			}
			if got != want || !reflect.DeepEqual(gotBlocks, wantBlocks) {
				t.Errorf("%s (%d at once, chunked %v): the document differs:\n got %.600s\nwant %.600s", name, procs, chunked, got, want)
			}
			if !reflect.DeepEqual(gotDiags, wantDiags) {
				t.Errorf("%s (%d at once, chunked %v): diagnostics differ:\n got %v\nwant %v", name, procs, chunked, gotDiags, wantDiags)
			}
		}
	}
	if cutSome < 100 {
		t.Errorf("only %d parses were made of chunks", cutSome)
	}
	t.Logf("%d sources, %d chunked parses, GOMAXPROCS %d", len(names), cutSome, runtime.GOMAXPROCS(0))
}
