// Command mutate checks that the tests catch what they promise: it makes
// each deliberate small break (a mutation) of mutations.go in a scratch
// copy of the module, runs the tests of the package the break is in, and
// undoes the break. A mutation the tests do not notice "survives"; it must
// be killed by a better test, or carry the reason it is acceptable (Why).
//
//	go run ./internal/tools/mutate [-run REGEXP] [-list] [-v]
//
// (make mutate). It prints a table and exits with status 1 when a mutation
// survives without a reason, no longer applies to the source (stale: the
// code changed, update the mutation), or does not compile. The working tree
// is never touched: the copy lives in a temporary folder, removed at the
// end. The shared test data is passed to the copy through
// QUIRE_SHARED_TESTDATA, so the tests that read it run too.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"quire/internal/testenv"
)

// A mutation replaces Old, which must occur exactly once in File, by New.
type mutation struct {
	Name     string // the behaviour the mutation breaks
	File     string // relative to the module root
	Old, New string
	// Pkgs are the packages whose tests must catch it; by default the
	// package of File.
	Pkgs []string
	// Why, when set, says why the mutation is expected to survive and
	// why that is acceptable.
	Why string
}

func (m mutation) pkgs() []string {
	if len(m.Pkgs) > 0 {
		return m.Pkgs
	}
	return []string{"./" + filepath.ToSlash(filepath.Dir(m.File))}
}

type result struct {
	m       mutation
	outcome string // killed, survived, explained, stale, invalid
	by      []string
	took    time.Duration
}

func main() {
	run := flag.String("run", "", "only the mutations whose package or name matches this regular expression")
	list := flag.Bool("list", false, "list the mutations without running them")
	verbose := flag.Bool("v", false, "print the test output of surviving and invalid mutations")
	timeout := flag.Duration("timeout", 10*time.Minute, "time limit of one package's tests")
	flag.Parse()

	var sel []mutation
	re, err := regexp.Compile(*run)
	if err != nil {
		fatal("-run: %v", err)
	}
	for _, m := range mutations {
		if re.MatchString(m.File + " " + m.Name) {
			sel = append(sel, m)
		}
	}
	if *list {
		for i, m := range sel {
			fmt.Printf("%2d  %-28s %s\n", i+1, filepath.Dir(m.File), m.Name)
		}
		return
	}
	root, ok := testenv.ModuleRoot()
	if !ok {
		fatal("run it inside the module (no go.mod above %s)", must(os.Getwd()))
	}
	scratch, err := os.MkdirTemp("", "quire-mutate-")
	if err != nil {
		fatal("%v", err)
	}
	cleanup = func() { os.RemoveAll(scratch) }
	defer cleanup()
	mod := filepath.Join(scratch, "quire")
	if err := copyTree(root, mod); err != nil {
		fatal("copying the module: %v", err)
	}
	env := os.Environ()
	if d, ok := testenv.Find(); ok {
		env = append(env, "QUIRE_SHARED_TESTDATA="+d)
	} else {
		fmt.Printf("mutate: shared test data not found at %s: the tests that read it will not run\n", d)
	}

	// The tests must pass before anything is broken.
	var all []string
	for _, m := range sel {
		for _, p := range m.pkgs() {
			if !slices.Contains(all, p) {
				all = append(all, p)
			}
		}
	}
	slices.Sort(all)
	fmt.Printf("mutate: %d mutations over %d packages, in a copy of %s\n", len(sel), len(all), root)
	if out, err := goTest(mod, env, all, *timeout); err != nil {
		os.Stdout.Write(out)
		fatal("the tests fail before any mutation")
	}

	var results []result
	for i, m := range sel {
		r := apply(mod, env, m, *timeout, *verbose)
		results = append(results, r)
		fmt.Printf("  %2d/%d %-9s %s\n", i+1, len(sel), r.outcome, m.Name)
	}
	if report(os.Stdout, results) {
		cleanup()
		os.Exit(1)
	}
}

// apply makes mutation m in the copy at mod, runs the tests and undoes it.
func apply(mod string, env []string, m mutation, timeout time.Duration, verbose bool) result {
	r := result{m: m}
	path := filepath.Join(mod, m.File)
	orig, err := os.ReadFile(path)
	if err != nil || bytes.Count(orig, []byte(m.Old)) != 1 {
		r.outcome = "stale"
		return r
	}
	if err := os.WriteFile(path, bytes.Replace(orig, []byte(m.Old), []byte(m.New), 1), 0o644); err != nil {
		fatal("%v", err)
	}
	defer func() {
		if err := os.WriteFile(path, orig, 0o644); err != nil {
			fatal("undoing %s: %v", m.Name, err)
		}
	}()
	start := time.Now()
	out, err := goTest(mod, env, m.pkgs(), timeout)
	r.took = time.Since(start)
	switch {
	case err == nil && m.Why != "":
		r.outcome = "explained"
	case err == nil:
		r.outcome = "SURVIVED"
	case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")) || bytes.Contains(out, []byte("vet: ")):
		r.outcome = "INVALID"
	default:
		r.outcome = "killed"
		r.by = failedTests(out)
	}
	if verbose && (r.outcome == "SURVIVED" || r.outcome == "INVALID") {
		os.Stdout.Write(out)
	}
	return r
}

var failLine = regexp.MustCompile(`(?m)^--- FAIL: (\S+)`)

// failedTests returns the top-level tests that failed, or why the package
// failed without a failing test (a panic, a timeout).
func failedTests(out []byte) []string {
	var names []string
	for _, m := range failLine.FindAllSubmatch(out, -1) {
		if n := string(m[1]); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		switch {
		case bytes.Contains(out, []byte("panic: test timed out")):
			names = []string{"(timeout)"}
		case bytes.Contains(out, []byte("panic:")):
			names = []string{"(panic)"}
		default:
			names = []string{"(failed)"}
		}
	}
	return names
}

func goTest(dir string, env []string, pkgs []string, timeout time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout+time.Minute)
	defer cancel()
	args := append([]string{"test", "-count=1", "-p=1", "-timeout", timeout.String()}, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = env
	return cmd.CombinedOutput()
}

// report prints the table and reports whether any mutation needs work.
func report(w io.Writer, results []result) (bad bool) {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tpackage\tbehaviour broken\tresult\tcaught by\ttime")
	count := map[string]int{}
	var notes []string
	for i, r := range results {
		by := strings.Join(r.by, ", ")
		if len(r.by) > 2 {
			by = fmt.Sprintf("%s, %s +%d", r.by[0], r.by[1], len(r.by)-2)
		}
		if r.outcome == "explained" {
			notes = append(notes, r.m.Why)
			by = fmt.Sprintf("nothing; acceptable, see note %d", len(notes))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%.1fs\n", i+1, filepath.Dir(r.m.File), r.m.Name, r.outcome, by, r.took.Seconds())
		count[r.outcome]++
	}
	tw.Flush()
	for i, n := range notes {
		fmt.Fprintf(w, "note %d: %s\n", i+1, n)
	}
	fmt.Fprintf(w, "\n%d mutations: %d killed, %d survived with a reason, %d SURVIVED, %d stale, %d invalid\n",
		len(results), count["killed"], count["explained"], count["SURVIVED"], count["stale"], count["INVALID"])
	if count["stale"] > 0 {
		fmt.Fprintln(w, "stale: the text to replace is no longer in the file exactly once; update the mutation in internal/tools/mutate/mutations.go")
	}
	if count["INVALID"] > 0 {
		fmt.Fprintln(w, "invalid: the mutated code does not compile; fix the mutation")
	}
	return count["SURVIVED"]+count["stale"]+count["INVALID"] > 0
}

// copyTree copies the module at src to dst, without .git and build.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() && (rel == ".git" || rel == "build") {
			return filepath.SkipDir
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		fatal("%v", err)
	}
	return v
}

// cleanup removes the scratch copy; fatal calls it before exiting.
var cleanup = func() {}

func fatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "mutate: "+format+"\n", args...)
	cleanup()
	os.Exit(2)
}
