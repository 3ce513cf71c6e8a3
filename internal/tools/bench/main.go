// Command bench measures Quire as a user meets it, whole processes on this
// machine, and prints one table (make bench):
//
//   - the benchmark article (../shared/bench/paper.md with its figure),
//   - 100 and 1,000 pages (make-book.py paper.md 12 and 125),
//   - start-up: an empty file (Quire says it is empty and exits 1) and a
//     one-line document (one page written),
//   - math, the bound of issue 13 ("the 1000-page benchmark document with
//     a formula in every paragraph stays within 15% of its time without
//     them"): internal/benchdoc's Varied pair, the 1,000-page document of
//     internal/build's benchmarks with a distinct TeX formula in every
//     paragraph and the same document with each formula as its Unicode
//     text, built alternately (-math-runs runs of each): wall and CPU
//     time per page (the pages read from the PDFs) and their ratio,
//     formulas / as text, against issue 13's 1.15,
//   - quire watch: the time from a one-word edit of the manuscript's
//     paper.md to the new PDF's rename, and whether that PDF is
//     byte-identical to a clean build of the same sources.
//
// Each figure is the median of -runs runs (wall time, the process's peak
// resident set and its CPU time, user + system). When mdxport is found
// ($MDXPORT, node_modules/@mdxport/linux-x64/mdxport in the module or the
// bench folder, or mdxport on $PATH; npm install @mdxport/cli@0.3.2) the
// same files are built by it in the same run, alternating with Quire, and
// the table gives the ratio of the medians.
//
// The machine's load average is printed before and after: on a busy
// machine wall times mean little, CPU times more.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/pdfcpu/pdfcpu/pkg/api"

	"quire/internal/benchdoc"
)

type sample struct {
	wall, cpu time.Duration
	rss       int64 // bytes
}

type stats struct {
	n              int
	wall, cpu      time.Duration // medians
	rss            int64         // median
	minWall        time.Duration
	pages          string // what the build said, for the table
	failed, detail string
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func summarize(ss []sample) stats {
	var w, c []time.Duration
	var r []int64
	for _, s := range ss {
		w, c, r = append(w, s.wall), append(c, s.cpu), append(r, s.rss)
	}
	st := stats{n: len(ss), wall: median(w), cpu: median(c), rss: median(r)}
	if len(w) > 0 {
		st.minWall = slices.Min(w)
	}
	return st
}

// run runs the command once and measures it; wantOK says whether a
// non-zero exit status is a failure.
func run(dir string, wantOK bool, name string, args ...string) (sample, string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var s sample
	s.wall = wall
	if ps := cmd.ProcessState; ps != nil {
		s.cpu = ps.UserTime() + ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			s.rss = ru.Maxrss * 1024
		}
	}
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && !wantOK) {
		return s, out.String(), fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return s, out.String(), nil
}

type tool struct {
	name string
	args func(in, out string) []string
	path string
}

var pagesRe = regexp.MustCompile(`: (\d+) pages`)

func main() {
	quire := flag.String("quire", "build/quire", "the quire binary")
	data := flag.String("data", "../shared/bench", "the folder with paper.md, fig-trade.png and make-book.py")
	manuscript := flag.String("manuscript", "manuscript", "the manuscript quire watch is measured on")
	runs := flag.Int("runs", 11, "runs of each case (the median is shown)")
	bookRuns := flag.Int("book-runs", 5, "runs of the 1,000-page book")
	mathRuns := flag.Int("math-runs", 7, "runs of each document of the math pair (issue 13), alternating")
	only := flag.String("only", "", "measure only the cases whose name contains this (article, 100 pages, 1,000 pages, empty file, one line, math, watch)")
	flag.Parse()
	api.DisableConfigDir() // pdfcpu reads the math pair's page counts; it writes no configuration
	if err := bench(*quire, *data, *manuscript, *runs, *bookRuns, *mathRuns, *only); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func load() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func bench(quire, data, manuscript string, runs, bookRuns, mathRuns int, only string) error {
	quire, err := filepath.Abs(quire)
	if err != nil {
		return err
	}
	if _, err := os.Stat(quire); err != nil {
		return fmt.Errorf("no quire binary at %s (make quire)", quire)
	}
	// make-book.py is run in the work folder: a relative -data (its
	// default) is made absolute first.
	if data, err = filepath.Abs(data); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "quire-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	for _, f := range []string{"paper.md", "fig-trade.png"} {
		if err := copyFile(filepath.Join(data, f), filepath.Join(work, f)); err != nil {
			return fmt.Errorf("benchmark inputs: %v (give -data, the folder of ../shared/bench)", err)
		}
	}
	for _, b := range []struct {
		n   string
		out string
	}{{"12", "book100.md"}, {"125", "book1000.md"}} {
		if _, out, err := run(work, true, "python3", filepath.Join(data, "make-book.py"), "paper.md", b.n, b.out); err != nil {
			return fmt.Errorf("make-book.py: %v %s", err, out)
		}
	}
	if err := os.WriteFile(filepath.Join(work, "empty.md"), nil, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "hello.md"), []byte("Hello.\n"), 0o644); err != nil {
		return err
	}
	q := tool{name: "quire", path: quire, args: func(in, out string) []string { return []string{"build", in, "-o", out} }}
	m := tool{name: "mdxport", path: findMdxport(data), args: func(in, out string) []string { return []string{in, "-o", out, "--quiet"} }}

	fmt.Printf("Quire benchmarks: whole processes, medians of %d runs (%d for 1,000 pages, %d of each for math); load average %s\n", runs, bookRuns, mathRuns, load())
	if m.path == "" {
		fmt.Println("mdxport not found ($MDXPORT, node_modules/@mdxport/linux-x64/mdxport, or mdxport on $PATH; npm install @mdxport/cli@0.3.2): no ratios")
	} else {
		fmt.Printf("mdxport: %s, alternating with Quire\n", m.path)
	}
	type row struct {
		name, in string
		n        int
		ok       bool // a failing exit is expected (the empty file)
		peer     bool
	}
	rows := []row{
		{"article", "paper.md", runs, true, true},
		{"100 pages", "book100.md", runs, true, true},
		{"1,000 pages", "book1000.md", bookRuns, true, true},
		{"empty file", "empty.md", runs * 2, false, false},
		{"one line", "hello.md", runs * 2, true, false},
	}
	if slices.ContainsFunc(rows, func(r row) bool { return only == "" || strings.Contains(r.name, only) }) {
		fmt.Println()
		fmt.Printf("%-12s %6s %9s %9s %9s | %9s %9s %9s | %s\n", "", "pages", "time", "CPU", "peak RSS", "mdxport", "CPU", "peak RSS", "Quire/mdxport time (CPU)")
	}
	results := map[string]stats{}
	for _, r := range rows {
		if only != "" && !strings.Contains(r.name, only) {
			continue
		}
		tools := []tool{q}
		if r.peer && m.path != "" {
			tools = append(tools, m)
		}
		got := make([][]sample, len(tools))
		var said string
		var failed error
		for i := -1; i < r.n && failed == nil; i++ { // i == -1: warm-up, not counted
			for k, t := range tools {
				out := filepath.Join(work, fmt.Sprintf("out-%s.pdf", t.name))
				s, text, err := run(work, r.ok || k > 0, t.path, t.args(r.in, out)...)
				if err != nil {
					failed = err
					break
				}
				if k == 0 {
					said = text
				}
				if i >= 0 {
					got[k] = append(got[k], s)
				}
			}
		}
		if failed != nil {
			fmt.Printf("%-12s failed: %v\n", r.name, failed)
			continue
		}
		qs := summarize(got[0])
		results[r.name] = qs
		pages := "-"
		if mm := pagesRe.FindStringSubmatch(said); mm != nil {
			pages = mm[1]
		}
		line := fmt.Sprintf("%-12s %6s %9s %9s %9s", r.name, pages, secs(qs.wall), secs(qs.cpu), mib(qs.rss))
		if len(tools) > 1 {
			ms := summarize(got[1])
			line += fmt.Sprintf(" | %9s %9s %9s | %.2f (%.2f)", secs(ms.wall), secs(ms.cpu), mib(ms.rss), qs.wall.Seconds()/ms.wall.Seconds(), qs.cpu.Seconds()/ms.cpu.Seconds())
		} else {
			line += fmt.Sprintf(" | %9s %9s %9s |", "", "", "")
		}
		fmt.Println(line)
	}
	if a, b := results["100 pages"], results["1,000 pages"]; a.n > 0 && b.n > 0 {
		fmt.Printf("\n1,000 pages / 100 pages: %.1f× the time (wall), %.1f× the CPU\n", b.wall.Seconds()/a.wall.Seconds(), b.cpu.Seconds()/a.cpu.Seconds())
	}
	if only == "" || strings.Contains("math", only) {
		if err := benchMath(q, work, mathRuns); err != nil {
			fmt.Printf("\nmath         failed: %v\n", err)
		}
	}
	if only == "" || strings.Contains("watch", only) {
		if err := benchWatch(quire, manuscript, work, runs); err != nil {
			fmt.Printf("watch        failed: %v\n", err)
		}
	}
	fmt.Printf("\nload average %s\n", load())
	return nil
}

// mathBound is issue 13's: the document with formulas within 15% of the
// time of the same document without them.
const mathBound = 1.15

// benchMath writes benchdoc's Varied pair into work, builds each runs
// times (after a warm-up of each), the two in turn, and prints the medians
// and the ratio of the times per page with the bound. The pages are read
// from the PDFs: the formulas make the document with them longer.
func benchMath(q tool, work string, runs int) error {
	withText, err := benchdoc.WithText(1000, benchdoc.Varied)
	if err != nil {
		return err
	}
	docs := []struct{ name, in, md string }{
		{"formulas", "math1000.md", benchdoc.WithFormulas(1000, benchdoc.Varied)},
		{"as text", "mathtext1000.md", withText},
	}
	for _, d := range docs {
		if err := os.WriteFile(filepath.Join(work, d.in), []byte(d.md), 0o644); err != nil {
			return err
		}
	}
	got := make([][]sample, len(docs))
	said := make([]string, len(docs))
	out := func(k int) string { return filepath.Join(work, "out-"+strings.TrimSuffix(docs[k].in, ".md")+".pdf") }
	for i := -1; i < runs; i++ { // i == -1: warm-up, not counted
		for k, d := range docs {
			s, text, err := run(work, true, q.path, q.args(d.in, out(k))...)
			if err != nil {
				return err
			}
			said[k] = text
			if i >= 0 {
				got[k] = append(got[k], s)
			}
		}
	}
	fmt.Printf("\nmath (issue 13): 1,000 pages with a distinct formula in every paragraph, and as text (internal/benchdoc), alternating, medians of %d runs\n", runs)
	fmt.Printf("%-12s %6s %9s %9s %9s | %9s %9s\n", "", "pages", "time", "CPU", "peak RSS", "time/page", "CPU/page")
	var wall, cpu [2]float64 // seconds a page
	var whole [2]stats
	for k, d := range docs {
		st := summarize(got[k])
		pages, err := api.PageCountFile(out(k))
		if err != nil {
			return fmt.Errorf("%s: %v", d.in, err)
		}
		if pages == 0 {
			return fmt.Errorf("%s: no pages", d.in)
		}
		if mm := pagesRe.FindStringSubmatch(said[k]); mm == nil || mm[1] != strconv.Itoa(pages) {
			fmt.Printf("(%s: the PDF has %d pages; quire said %q)\n", d.in, pages, strings.TrimSpace(said[k]))
		}
		whole[k] = st
		wall[k], cpu[k] = st.wall.Seconds()/float64(pages), st.cpu.Seconds()/float64(pages)
		fmt.Printf("%-12s %6d %9s %9s %9s | %9s %9s\n", d.name, pages, secs(st.wall), secs(st.cpu), mib(st.rss), perPage(wall[k]), perPage(cpu[k]))
	}
	within := func(r float64) string {
		if r <= mathBound {
			return "within"
		}
		return "OVER"
	}
	rw, rc := wall[0]/wall[1], cpu[0]/cpu[1]
	fmt.Printf("formulas / as text per page: %.2f× the time (wall), %.2f× the CPU; issue 13's bound %.2f×: time %s, CPU %s (whole documents: %.2f×, %.2f×)\n",
		rw, rc, mathBound, within(rw), within(rc), whole[0].wall.Seconds()/whole[1].wall.Seconds(), whole[0].cpu.Seconds()/whole[1].cpu.Seconds())
	return nil
}

// perPage gives seconds a page in milliseconds.
func perPage(s float64) string { return fmt.Sprintf("%.3f ms", s*1000) }

// benchWatch runs quire watch on a copy of the manuscript, edits one word
// of its paper.md runs times, and measures from the end of each write to
// the rename of the new PDF into place.
func benchWatch(quire, manuscript, work string, runs int) error {
	src, err := filepath.Abs(manuscript)
	if err != nil {
		return err
	}
	dir := filepath.Join(work, "watch", filepath.Base(src))
	if err := copyTree(src, dir); err != nil {
		return err
	}
	paper := filepath.Join(dir, "paper.md")
	orig, err := os.ReadFile(paper)
	if err != nil {
		return fmt.Errorf("watch: %v", err)
	}
	word, alt := pickWord(orig)
	if word == "" {
		return fmt.Errorf("watch: no word to edit in %s", paper)
	}
	outDir := filepath.Join(work, "watch-out")
	os.MkdirAll(outDir, 0o755)
	out := filepath.Join(outDir, "paper.pdf")
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	if err := w.Add(outDir); err != nil {
		return err
	}
	cmd := exec.Command(quire, "watch", dir, "-o", out)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	written := func(timeout time.Duration) (time.Time, error) {
		deadline := time.After(timeout)
		for {
			select {
			case ev := <-w.Events:
				if filepath.Base(ev.Name) == "paper.pdf" && ev.Op&(fsnotify.Create|fsnotify.Rename) != 0 {
					return time.Now(), nil
				}
			case err := <-w.Errors:
				return time.Time{}, err
			case <-deadline:
				return time.Time{}, fmt.Errorf("no PDF written within %v:\n%s", timeout, log.String())
			}
		}
	}
	if _, err := written(60 * time.Second); err != nil {
		return fmt.Errorf("watch: first build: %v", err)
	}
	time.Sleep(300 * time.Millisecond) // let the first build's events settle
	cpu0 := procCPU(cmd.Process.Pid)
	var lat []time.Duration
	text := orig
	for i := 0; i < runs; i++ {
		if i%2 == 0 {
			text = bytes.Replace(orig, []byte(word), []byte(alt), 1)
		} else {
			text = orig
		}
		if err := os.WriteFile(paper, text, 0o644); err != nil {
			return err
		}
		t0 := time.Now()
		t1, err := written(30 * time.Second)
		if err != nil {
			return fmt.Errorf("watch: edit %d: %v", i+1, err)
		}
		lat = append(lat, t1.Sub(t0))
		time.Sleep(400 * time.Millisecond) // an editor's pause between saves
	}
	cpu := (procCPU(cmd.Process.Pid) - cpu0) / time.Duration(runs)
	got, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	clean := filepath.Join(work, "watch-clean.pdf")
	if _, text, err := run(work, true, quire, "build", dir, "-o", clean); err != nil {
		return fmt.Errorf("watch: clean build: %v %s", err, text)
	}
	want, err := os.ReadFile(clean)
	if err != nil {
		return err
	}
	same := "byte-identical to a clean build"
	if !bytes.Equal(got, want) {
		same = "DIFFERS from a clean build"
	}
	slices.Sort(lat)
	fmt.Printf("\nwatch: one-word edit of %s to the new PDF renamed into place: median %s (min %s, max %s, %d edits; CPU %s a rebuild); the last PDF is %s\n",
		filepath.Join(filepath.Base(src), "paper.md"), ms(median(lat)), ms(lat[0]), ms(lat[len(lat)-1]), len(lat), ms(cpu), same)
	return nil
}

// procCPU returns the CPU time (user + system) process pid has used, from
// /proc/<pid>/stat; 0 where there is none. Its resolution is the clock
// tick (10 ms), fine over a run of rebuilds.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: the fields
	// counted from after its closing parenthesis (utime is the 14th
	// field of the line, the 12th after it).
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	var ticks int64
	for _, s := range f[11:13] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / 100 // USER_HZ
}

// pickWord returns a word of the body of a manuscript and a word of the
// same length to put in its place: "relations"/"relatives" style edits
// that change a paragraph but not the document's structure.
func pickWord(src []byte) (string, string) {
	body := src
	if bytes.HasPrefix(src, []byte("---")) {
		if i := bytes.Index(src[3:], []byte("\n---")); i >= 0 {
			body = src[3+i+4:]
		}
	}
	for _, w := range regexp.MustCompile(`\b[a-z]{7,}\b`).FindAll(body, -1) {
		s := string(w)
		alt := s[:len(s)-1] + string(rune('a'+(s[len(s)-1]-'a'+1)%26))
		if bytes.Count(src, w) >= 1 && !bytes.Contains(src, []byte(alt)) {
			return " " + s + " ", " " + alt + " "
		}
	}
	return "", ""
}

func findMdxport(data string) string {
	if p := os.Getenv("MDXPORT"); p != "" {
		return p
	}
	for _, p := range []string{"node_modules/@mdxport/linux-x64/mdxport", filepath.Join(data, "node_modules/@mdxport/linux-x64/mdxport")} {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			a, _ := filepath.Abs(p)
			return a
		}
	}
	if p, err := exec.LookPath("mdxport"); err == nil {
		return p
	}
	return ""
}

func secs(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.0f ms", d.Seconds()*1000)
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", d.Seconds()*1000) }

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// copyTree copies the regular files of a manuscript folder, leaving out
// build/ and hidden files.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.IsDir() && d.Name() == "build") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, filepath.Join(to, rel))
	})
}
