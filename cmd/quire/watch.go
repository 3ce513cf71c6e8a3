package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"quire/internal/build"
	"quire/internal/diag"
	"quire/internal/output"
)

// debounce is how long the watcher waits after the last change before it
// rebuilds, so that an editor's burst of writes (truncate, write, chmod,
// or write a temporary and rename it: well under a millisecond) makes one
// build. It is part of the time from a save to the new PDF, so it is
// short; a change that comes later, during the build, cancels it and
// starts the next, and a build that fails waits for settle before it
// says so. At 1 ms, not 3, it is 2 ms less of the time from a save to the
// new PDF (about 30 ms after a one-word edit of the article); a save that
// takes longer costs a build that is cancelled, never a wrong PDF
// (TestWatchSaveInTwoSteps).
const debounce = 1 * time.Millisecond

// settle is how long a failed build waits before it reports: a build that
// caught an editor in the middle of a save (the file truncated, or renamed
// away for a moment) is cancelled by the change that follows, silently,
// and the next build reports instead.
const settle = 100 * time.Millisecond

// pollGone is how often the watcher looks for a manuscript folder that was
// removed or renamed away.
var pollGone = 500 * time.Millisecond

// watch builds once, then rebuilds whenever a file in the manuscript folder
// (or its subfolders, such as data/) changes, until stop is closed.
//
// It is a long-running program: one build runs at a time, in the
// background; a change during a build cancels it and starts a new one once
// it has stopped; --timeout cancels a build that runs too long; a failed
// build (bad input, a resource bound, an internal error) prints its
// diagnostics and leaves the last good PDF in place; closing stop returns
// at once, cancelling the build. When the folder is removed or renamed,
// the watcher says so and waits for it to come back, then watches and
// builds it again.
func watch(opt build.Options, stdout, stderr io.Writer, stop <-chan struct{}) int {
	dir := opt.Path
	if fi, err := os.Stat(dir); err != nil {
		fmt.Fprintf(stderr, "quire: cannot watch %s: %v\n", dir, err)
		return 1
	} else if !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		fmt.Fprintf(stderr, "quire: cannot watch %s: %v\n", dir, err)
		return 1
	}
	defer w.Close()
	outAbs := ""
	if opt.Out != "" {
		outAbs = mustAbs(opt.Out)
	}
	dirAbs := mustAbs(dir)
	if err := addTree(w, dir, outAbs); err != nil {
		fmt.Fprintf(stderr, "quire: cannot watch %s: %v\n", dir, err)
		return 1
	}

	// What a build makes from content an edit did not change, the next
	// takes from here (build.Cache).
	opt.Cache = build.NewCache()
	// The viewer gets the PDF without waiting for the disk.
	opt.SyncAfterRename = true
	// The build in the background, if any.
	var (
		cancel  context.CancelFunc
		done    chan struct{}
		pending bool // a change came during the build: build again after it
	)
	start := func() {
		ctx, c := context.WithCancel(context.Background())
		cancel, done = c, make(chan struct{})
		go func(done chan struct{}) {
			defer close(done)
			once(ctx, opt, stdout, stderr)
			// The garbage of this build is collected now, while the
			// user reads the PDF, so that the next build starts with
			// tuneGC's whole headroom and seldom stops to collect.
			// The memory stays mapped for it (returning it to the
			// system, then faulting it in again, made the rebuild
			// slower); the runtime's scavenger returns what stays
			// unused.
			runtime.GC()
		}(done)
	}
	start()
	fmt.Fprintf(stderr, "quire: watching %s (Ctrl-C to stop)\n", dir)
	var timer <-chan time.Time
	var poll <-chan time.Time // set while the folder is gone
	for {
		select {
		case <-stop:
			if cancel != nil {
				cancel()
				// The build notices within a few milliseconds; do
				// not wait longer than a moment for it.
				select {
				case <-done:
				case <-time.After(200 * time.Millisecond):
				}
			}
			return 0
		case <-done:
			cancel, done = nil, nil
			if pending && poll == nil {
				pending = false
				start()
			}
		case ev, ok := <-w.Events:
			if !ok {
				return 0
			}
			if ev.Op&(fsnotify.Remove|fsnotify.Rename) != 0 && mustAbs(ev.Name) == dirAbs {
				// The folder itself went away (or was renamed: the
				// watch would follow it under its new name).
				w.Remove(dir)
				if poll == nil {
					fmt.Fprintf(stderr, "quire: %s was removed or renamed; waiting for it to come back (Ctrl-C to stop)\n", dir)
					poll = time.After(pollGone)
				}
				timer = nil
				continue
			}
			if ignored(ev.Name, outAbs) {
				continue
			}
			if ev.Op&fsnotify.Create != 0 {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					addTree(w, ev.Name, outAbs)
				}
			}
			timer = time.After(debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return 0
			}
			fmt.Fprintf(stderr, "quire: watch: %v\n", err)
		case <-poll:
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				poll = time.After(pollGone)
				continue
			}
			poll = nil
			if err := addTree(w, dir, outAbs); err != nil {
				fmt.Fprintf(stderr, "quire: cannot watch %s again: %v; waiting\n", dir, err)
				poll = time.After(pollGone)
				continue
			}
			fmt.Fprintf(stderr, "quire: %s is back; watching it again\n", dir)
			timer = time.After(debounce)
		case <-timer:
			timer = nil
			if done != nil {
				// Stop the build under way; the next starts when it
				// has.
				cancel()
				pending = true
				continue
			}
			start()
		}
	}
}

// once runs one build of the watcher and reports it.
func once(ctx context.Context, opt build.Options, stdout, stderr io.Writer) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "quire: internal error: %v (please report this as a bug in Quire); the last good PDF is kept\n", r)
		}
	}()
	var diags diag.List
	res, err := build.RunContext(ctx, opt, &diags)
	var canceled *build.CanceledError
	if errors.As(err, &canceled) {
		// A newer change, or Ctrl-C: the next build will report.
		return
	}
	if err != nil {
		select {
		case <-ctx.Done():
			return // a newer change: its build reports
		case <-time.After(settle):
		}
	}
	printDiags(stderr, &diags)
	if err != nil {
		var in *build.ErrInput
		if !errors.As(err, &in) {
			fmt.Fprintf(stderr, "quire: %s\n", escape(err.Error()))
			var h interface{ HintText() string }
			if errors.As(err, &h) && h.HintText() != "" {
				fmt.Fprintf(stderr, "\thint: %s\n", escape(h.HintText()))
			}
		}
		fmt.Fprintf(stderr, "quire: build failed; the last good PDF is kept\n")
		return
	}
	fmt.Fprintf(stdout, "%s: %d pages, %d bytes, %d ms\n", escape(res.Out), res.Pages, res.Bytes, res.Elapsed.Milliseconds())
}

// addTree watches dir and its subfolders, except .git and the output's
// folder when it lies inside.
func addTree(w *fsnotify.Watcher, dir, outAbs string) error {
	root := mustAbs(dir)
	return filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if abs := mustAbs(p); d.Name() == ".git" || (outAbs != "" && abs == filepath.Dir(outAbs) && abs != root) {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}

func mustAbs(p string) string {
	a, _ := filepath.Abs(p)
	return a
}

// ignored reports whether a change to name should not trigger a build: the
// output itself, temporary and hidden files, editor backups.
func ignored(name, outAbs string) bool {
	base := filepath.Base(name)
	if abs, _ := filepath.Abs(name); abs == outAbs {
		return true
	}
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".pdf")
}

// interrupted returns a channel closed on the first SIGINT or SIGTERM, and
// a function that stops listening. The signal also aborts any output
// being written (its temporary file is removed at once, see output.Abort);
// a second signal exits at once.
func interrupted() (<-chan struct{}, func()) {
	c := make(chan os.Signal, 2)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	stop := make(chan struct{})
	quit := make(chan struct{})
	go func() {
		select {
		case <-c:
		case <-quit:
			return
		}
		output.Abort()
		close(stop)
		select {
		case <-c:
			os.Exit(exitInterrupted)
		case <-quit:
		}
	}()
	return stop, func() {
		signal.Stop(c)
		close(quit)
	}
}

// exitInterrupted is the exit status after Ctrl-C or SIGTERM (128+SIGINT,
// as shells report it).
const exitInterrupted = 130
