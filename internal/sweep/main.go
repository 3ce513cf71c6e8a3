// Command sweep builds public Markdown inputs with the quire binary and
// reports what broke: the CommonMark and GFM spec examples (with their
// visible text checked in the PDF by check_pdf_text.py), the pathological
// inputs, and the real manuscripts of the shared test data.
//
//	go run ./internal/sweep [-quire build/quire] [-data ../shared/testdata] [-out build/sweep] [-suites spec,pathological,real,math]
//
// Every input is built in its own process, so that a Go fatal error (stack
// exhaustion, out of memory) or a hang is seen and reported rather than
// ending the sweep. The sweep fails on a crash, a hang, a build slower than
// its limit in CPU time, a failed build without a diagnostic, or a text check failing
// for an example not listed, with its reason, in known-failures.txt.
package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

//go:embed known-failures.txt
var knownFailures string

var (
	quire   = flag.String("quire", "build/quire", "the quire binary")
	data    = flag.String("data", "../shared/testdata", "the shared test data")
	outDir  = flag.String("out", "build/sweep", "where to write the manuscripts and PDFs")
	suites  = flag.String("suites", "spec,pathological,real,math", "comma-separated suites to run")
	jobs    = flag.Int("j", runtime.NumCPU(), "builds run in parallel")
	verbose = flag.Bool("v", false, "print every failure in full")
)

// job is one build.
type job struct {
	name   string // for the report
	path   string // manuscript file or folder
	out    string // output PDF
	limit  time.Duration
	strict bool // build without --draft
}

// result is the outcome of one build.
type result struct {
	job
	code    int
	elapsed time.Duration
	cpu     time.Duration // user + system time of the build process
	stderr  string
	killed  bool
}

// problem returns why the build counts as broken, or "".
func (r result) problem() string {
	switch {
	case r.killed:
		return fmt.Sprintf("hang: killed after %v", r.elapsed.Round(time.Millisecond))
	case strings.Contains(r.stderr, "fatal error:") || strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:"):
		return "Go runtime failure: " + firstLine(r.stderr)
	case strings.Contains(r.stderr, "internal error") || strings.Contains(r.stderr, "layout failed"):
		return "internal error: " + grepLine(r.stderr, "internal error", "layout failed")
	case r.cpu > r.limit:
		// CPU time, not wall time: the limit must not depend on what else
		// the (noisy, two-core) machine is doing while the sweep runs.
		return fmt.Sprintf("slow: %v of CPU time, %v wall (limit %v)", r.cpu.Round(time.Millisecond), r.elapsed.Round(time.Millisecond), r.limit)
	case r.code == 0:
		if fi, err := os.Stat(r.out); err != nil || fi.Size() == 0 {
			return "exit 0 without a PDF"
		}
		return ""
	case r.code == 1:
		if !diagRE.MatchString(r.stderr) {
			return "failed without a file:line diagnostic: " + firstLine(r.stderr)
		}
		return ""
	}
	return fmt.Sprintf("exit status %d: %s", r.code, firstLine(r.stderr))
}

var diagRE = regexp.MustCompile(`(?m)^\S.*:\d+(:\d+)?: error: .+\n\thint: `)

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func grepLine(s string, subs ...string) string {
	for _, l := range strings.Split(s, "\n") {
		for _, sub := range subs {
			if strings.Contains(l, sub) {
				return l
			}
		}
	}
	return firstLine(s)
}

// runAll builds every job with -j processes at a time.
func runAll(jobs_ []job) []result {
	out := make([]result, len(jobs_))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(*jobs, 1))
	for i, j := range jobs_ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = build(j)
		}()
	}
	wg.Wait()
	return out
}

// build runs quire on j, killing it at five times its limit (at least 10 s).
func build(j job) result {
	kill := max(5*j.limit, 10*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), kill)
	defer cancel()
	os.Remove(j.out)
	// --draft: examples and real manuscripts reference images that are not
	// in the test data; a draft sets placeholders for them (with warnings)
	// instead of refusing the build, as an author's draft would be built.
	args := []string{"build", "--draft", j.path, "-o", j.out}
	if j.strict {
		args = []string{"build", j.path, "-o", j.out}
	}
	cmd := exec.CommandContext(ctx, *quire, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{job: j, elapsed: time.Since(start), stderr: stderr.String()}
	if ps := cmd.ProcessState; ps != nil {
		r.cpu = ps.UserTime() + ps.SystemTime()
	}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r.killed, r.code = true, -1
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		r.code, r.stderr = -1, err.Error()
	}
	return r
}

// summary counts results and prints the broken ones; it returns how many
// are broken.
func summary(name string, rs []result) int {
	var ok, diag, bad int
	var slowest result
	for _, r := range rs {
		if r.elapsed > slowest.elapsed {
			slowest = r
		}
		switch p := r.problem(); {
		case p != "":
			bad++
			fmt.Printf("  BROKEN %s: %s\n", r.name, p)
		case r.code == 0:
			ok++
		default:
			diag++
		}
	}
	fmt.Printf("%s: %d inputs: %d PDFs, %d refused with a diagnostic, %d broken; slowest %s (%v)\n",
		name, len(rs), ok, diag, bad, slowest.name, slowest.elapsed.Round(time.Millisecond))
	return bad
}

func main() {
	flag.Parse()
	if _, err := os.Stat(*quire); err != nil {
		fmt.Fprintf(os.Stderr, "sweep: %v (run make quire first)\n", err)
		os.Exit(2)
	}
	if _, err := os.Stat(*data); err != nil {
		fmt.Fprintf(os.Stderr, "sweep: no test data: %v\n", err)
		os.Exit(2)
	}
	bad := 0
	for _, s := range strings.Split(*suites, ",") {
		switch s {
		case "spec":
			bad += sweepSpec()
		case "pathological":
			bad += sweepPathological()
		case "math":
			bad += sweepMath()
		case "real":
			bad += sweepReal()
		default:
			fmt.Fprintf(os.Stderr, "sweep: unknown suite %q\n", s)
			os.Exit(2)
		}
	}
	if bad > 0 {
		fmt.Printf("sweep: %d problems\n", bad)
		os.Exit(1)
	}
	fmt.Println("sweep: ok")
}

// example is one spec example; the JSON files name the number "example".
type example struct {
	Markdown string `json:"markdown"`
	Example  int    `json:"example"`
}

// sweepSpec builds every example of commonmark/ and gfm/ (spec.json and
// extra/) and checks their text.
func sweepSpec() int {
	var files []string
	for _, dir := range []string{"commonmark", "gfm"} {
		files = append(files, filepath.Join(*data, dir, "spec.json"))
		extra, _ := filepath.Glob(filepath.Join(*data, dir, "extra", "*.json"))
		for _, f := range extra {
			if !strings.HasSuffix(f, ".text.json") {
				files = append(files, f)
			}
		}
	}
	known := parseKnown(knownFailures)
	bad := 0
	totals := map[string][3]int{} // commonmark, gfm: passed, failed, skipped
	for _, f := range files {
		rel, _ := filepath.Rel(*data, f)
		set := strings.TrimSuffix(rel, ".json")
		var exs []example
		if b, err := os.ReadFile(f); err != nil || json.Unmarshal(b, &exs) != nil {
			fmt.Printf("  BROKEN %s: cannot read the examples\n", rel)
			bad++
			continue
		}
		dir := filepath.Join(*outDir, "spec", set)
		os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "sweep:", err)
			os.Exit(2)
		}
		var js []job
		for i, ex := range exs {
			if ex.Example == 0 {
				ex.Example = i + 1
			}
			name := fmt.Sprintf("%04d", ex.Example)
			md := filepath.Join(dir, name+".md")
			// An empty front matter block, so that examples starting
			// with --- are not read as YAML.
			os.WriteFile(md, []byte("---\n---\n\n"+ex.Markdown), 0o644)
			js = append(js, job{name: set + "/" + name, path: md, out: filepath.Join(dir, name+".pdf"), limit: 2 * time.Second})
		}
		bad += summary(set, runAll(js))

		exp := strings.TrimSuffix(f, ".json") + ".text.json"
		if strings.HasSuffix(f, "spec.json") {
			exp = filepath.Join(filepath.Dir(f), "text_expectations.json")
		}
		if _, err := os.Stat(exp); err != nil {
			fmt.Printf("%s: no text expectations\n", set)
			continue
		}
		p, fl, sk, unexplained := checkText(set, exp, dir, known)
		bad += unexplained
		top := strings.Split(set, "/")[0]
		t := totals[top]
		totals[top] = [3]int{t[0] + p, t[1] + fl, t[2] + sk}
	}
	for _, top := range []string{"commonmark", "gfm"} {
		t := totals[top]
		fmt.Printf("TEXT %s total: %d of %d fair examples pass (%d fail), %d skipped as unfair\n", top, t[0], t[0]+t[1], t[1], t[2])
	}
	return bad
}

// checkText runs check_pdf_text.py on the PDFs in dir and reports the
// failures not explained in known-failures.txt.
func checkText(set, exp, dir string, known map[string]string) (passed, failed, skipped, unexplained int) {
	report := filepath.Join(dir, "text-report.json")
	cmd := exec.Command("python3", filepath.Join(*data, "check_pdf_text.py"), exp, dir,
		"--fold-typography", "--dehyphenate", "--json", report)
	outb, err := cmd.Output()
	var rep struct {
		Passed  []int `json:"passed"`
		Skipped []int `json:"skipped"`
		Missing []int `json:"missing_pdf"`
		Failed  []struct {
			Example int      `json:"example"`
			Section string   `json:"section"`
			Missing []string `json:"missing"`
		} `json:"failed"`
	}
	b, rerr := os.ReadFile(report)
	if rerr != nil || json.Unmarshal(b, &rep) != nil {
		fmt.Printf("  BROKEN %s: check_pdf_text.py: %v\n%s", set, err, outb)
		return 0, 0, 0, 1
	}
	for _, n := range rep.Missing {
		// A refused build has no PDF; the build's own check decided
		// whether that was right.
		if _, ok := known[fmt.Sprintf("%s/%04d", set, n)]; !ok {
			fmt.Printf("  TEXT %s/%04d: no PDF\n", set, n)
			unexplained++
		}
	}
	for _, f := range rep.Failed {
		key := fmt.Sprintf("%s/%04d", set, f.Example)
		if _, ok := known[key]; ok {
			continue
		}
		unexplained++
		miss := ""
		if len(f.Missing) > 0 {
			miss = f.Missing[0]
		}
		fmt.Printf("  TEXT %s (%s): missing %q\n", key, f.Section, trim(miss, 100))
	}
	for _, n := range rep.Passed {
		if why, ok := known[fmt.Sprintf("%s/%04d", set, n)]; ok {
			fmt.Printf("  STALE known failure %s/%04d passes now (%s); remove it from known-failures.txt\n", set, n, trim(why, 60))
		}
	}
	passed, failed, skipped = len(rep.Passed), len(rep.Failed)+len(rep.Missing), len(rep.Skipped)
	fmt.Printf("TEXT %s: %d of %d fair examples pass; %d unexplained failures\n", set, passed, passed+failed, unexplained)
	return passed, failed, skipped, unexplained
}

func trim(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// parseKnown reads "suite/set/NNNN  reason" lines.
func parseKnown(s string) map[string]string {
	m := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, reason, _ := strings.Cut(line, " ")
		m[k] = strings.TrimSpace(reason)
	}
	return m
}

// sweepPathological builds each input of pathological/inputs, allowing
// about 10 s per MB.
func sweepPathological() int {
	dir := filepath.Join(*data, "pathological", "inputs")
	var index []struct {
		ID    string `json:"id"`
		File  string `json:"file"`
		Bytes int    `json:"bytes"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil || json.Unmarshal(b, &index) != nil {
		fmt.Printf("  BROKEN pathological: cannot read index.json: %v\n", err)
		return 1
	}
	out := filepath.Join(*outDir, "pathological")
	os.RemoveAll(out)
	os.MkdirAll(out, 0o755)
	var js []job
	for _, in := range index {
		limit := max(2*time.Second, time.Duration(float64(in.Bytes)/(1<<20)*10*float64(time.Second)))
		js = append(js, job{name: in.ID, path: filepath.Join(dir, in.File), out: filepath.Join(out, in.ID+".pdf"), limit: limit})
	}
	rs := runAll(js)
	if *verbose {
		for _, r := range rs {
			fmt.Printf("  %s: exit %d in %v\n", r.name, r.code, r.elapsed.Round(time.Millisecond))
		}
	}
	return summary("pathological", rs)
}

// realDoc is a real manuscript of the shared test data, built in place as
// an author would build it: the folder itself, strictly (no --draft).
// sources are its Markdown files in reading order (globs relative to the
// folder), for the check that its headings and table cells reach the PDF.
// broken, when set, says the manuscript itself is broken (a file it names
// is missing, or remote): the strict build must then fail with a
// file:line diagnostic matching broken, and a --draft build must succeed.
type realDoc struct {
	name    string
	sources []string
	broken  string
}

var realDocs = []realDoc{
	{name: "inara-joss-paper", sources: []string{"paper.md"}},
	{name: "manubot-rootstock", sources: []string{"02.delete-me.md"},
		broken: `02\.delete-me\.md:\d+:\d+: error: remote images are not fetched`},
	{name: "deep-review-intro", sources: []string{"02.intro.md"}},
	{name: "quarto-plos", sources: []string{"template.qmd"}},
	{name: "quarto-manuscript", sources: []string{"index.qmd"}},
	{name: "phd-thesis-markdown", sources: []string{"source/[0-9]*.md"},
		broken: `source/12_chapter_4\.md:\d+:\d+: error: .*example_figure\.pdf: no such file`},
	{name: "pandoc-crossref-demo", sources: []string{"demo.md"}},
	{name: "pandoc-latex-template-images-and-tables", sources: []string{"document.md"}},
}

// sweepReal builds the real manuscripts and checks that their headings and
// table cells are in the PDF text.
func sweepReal() int {
	known := parseKnown(knownFailures)
	bad := 0
	var js []job
	var docs []string
	out := filepath.Join(*outDir, "real")
	os.RemoveAll(out)
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "sweep:", err)
		os.Exit(2)
	}
	for _, d := range realDocs {
		src := filepath.Join(*data, "real-docs", d.name)
		var body strings.Builder
		for _, g := range d.sources {
			ms, _ := filepath.Glob(filepath.Join(src, g))
			sort.Strings(ms)
			for _, f := range ms {
				b, _ := os.ReadFile(f)
				body.Write(b)
				body.WriteString("\n\n")
			}
		}
		js = append(js, job{name: "real/" + d.name, path: src, out: filepath.Join(out, d.name+".pdf"), limit: 10 * time.Second, strict: true})
		docs = append(docs, body.String())
	}
	rs := runAll(js)
	bad += summary("real-docs", rs)
	for i, r := range rs {
		d := realDocs[i]
		fmt.Printf("  %s: exit %d in %v, %d warnings\n", r.name, r.code, r.elapsed.Round(time.Millisecond), strings.Count(r.stderr, ": warning: "))
		why, isKnown := known[r.name]
		if d.broken != "" {
			// The strict build must refuse, naming the file and line.
			re := regexp.MustCompile(`(?m)^\S*` + d.broken)
			if r.code != 1 || !re.MatchString(r.stderr) {
				fmt.Printf("  BROKEN %s: the manuscript names a missing or remote file; want exit 1 and a diagnostic matching %q, got exit %d:\n%s\n", r.name, d.broken, r.code, indent(grepAll(r.stderr, ": error: ")))
				bad++
				continue
			}
			fmt.Printf("  %s: refused as it should be: %s\n", r.name, re.FindString(r.stderr))
			r = build(job{name: r.name, path: r.path, out: r.out, limit: r.limit})
			if p := r.problem(); p != "" || r.code != 0 {
				fmt.Printf("  BROKEN %s: the --draft build fails (exit %d): %s\n%s\n", r.name, r.code, p, indent(grepAll(r.stderr, ": error: ")))
				bad++
				continue
			}
		} else if r.code != 0 {
			if isKnown {
				fmt.Printf("  KNOWN %s: no strict build yet: %s\n%s\n", r.name, why, indent(grepAll(r.stderr, ": error: ")))
				continue
			}
			fmt.Printf("  BROKEN %s: the strict build fails:\n%s\n", r.name, indent(r.stderr))
			bad++
			continue
		} else if isKnown {
			fmt.Printf("  STALE known failure %s builds strictly now (%s); remove it from known-failures.txt\n", r.name, trim(why, 60))
		}
		text, err := exec.Command("pdftotext", "-enc", "UTF-8", r.out, "-").Output()
		if err != nil {
			fmt.Printf("  BROKEN %s: pdftotext: %v\n", r.name, err)
			bad++
			continue
		}
		hay := squash(string(text))
		heads, cells := structure(docs[i])
		var missing []string
		for _, want := range append(heads, cells...) {
			if w := squash(want); w != "" && !strings.Contains(hay, w) {
				missing = append(missing, want)
			}
		}
		fmt.Printf("  %s: %d of %d headings and table cells in the PDF text\n", r.name, len(heads)+len(cells)-len(missing), len(heads)+len(cells))
		for _, m := range missing {
			fmt.Printf("  MISSING %s: %q\n", r.name, m)
		}
		bad += len(missing)
	}
	return bad
}

// grepAll returns the lines of s that contain sub.
func grepAll(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func indent(s string) string {
	return "\t" + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n\t")
}

var (
	fenceRE   = regexp.MustCompile("^\\s{0,3}(```|~~~)")
	atxRE     = regexp.MustCompile(`^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$`)
	attrRE    = regexp.MustCompile(`\{[^}]*\}\s*$`)
	delimRE   = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)
	markupRE  = regexp.MustCompile("[*_`~]|\\[@[^\\]]*\\]|\\[|\\]\\([^)]*\\)|\\]|\\\\")
	citekeyRE = regexp.MustCompile(`@[\w:.-]+`)
	commentRE = regexp.MustCompile(`<!--.*?-->`)
)

// structure returns the ATX headings and the cells of pipe tables in src,
// with inline markup removed.
func structure(src string) (heads, cells []string) {
	inFence, inFront := false, strings.HasPrefix(src, "---\n")
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if inFront {
			if i > 0 && (strings.TrimSpace(l) == "---" || strings.TrimSpace(l) == "...") {
				inFront = false
			}
			continue
		}
		if fenceRE.MatchString(l) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		if m := atxRE.FindStringSubmatch(l); m != nil {
			heads = append(heads, plain(attrRE.ReplaceAllString(m[1], "")))
			continue
		}
		if strings.Contains(l, "|") && i+1 < len(lines) && delimRE.MatchString(lines[i+1]) && strings.Contains(lines[i+1], "-") {
			for j := i; j < len(lines) && strings.Contains(lines[j], "|"); j++ {
				if j == i+1 {
					continue
				}
				for _, c := range strings.Split(strings.Trim(strings.TrimSpace(lines[j]), "|"), "|") {
					if c = plain(c); c != "" {
						cells = append(cells, c)
					}
				}
			}
		}
	}
	return heads, cells
}

// plain removes inline markup: emphasis marks, link targets, citations,
// HTML comments (which are not visible text).
func plain(s string) string {
	s = commentRE.ReplaceAllString(s, "")
	s = citekeyRE.ReplaceAllString(s, "")
	s = markupRE.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

// squash normalises text for comparison: no whitespace, no hyphens or
// dashes (line-end hyphenation), typographic quotes folded.
func squash(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '-', r == '\u2010', r == '\u2013', r == '\u2014', r == '\u00ad':
		case r == '\u2018' || r == '\u2019':
			b.WriteRune('\'')
		case r == '\u201c' || r == '\u201d':
			b.WriteRune('"')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
