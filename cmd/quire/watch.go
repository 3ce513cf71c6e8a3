package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"quire/internal/build"
	"quire/internal/diag"
)

// debounce is how long the watcher waits after the last change before it
// rebuilds, so that an editor's burst of writes makes one build.
const debounce = 250 * time.Millisecond

// watch builds once, then rebuilds whenever a file in the manuscript folder
// (or its subfolders, such as data/) changes, until stop is closed. A failed
// build prints its diagnostics and leaves the last good PDF in place.
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
	outAbs, _ := filepath.Abs(opt.Out)
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if abs, _ := filepath.Abs(p); d.Name() == ".git" || (opt.Out != "" && abs == filepath.Dir(outAbs) && abs != mustAbs(dir)) {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
	if err != nil {
		fmt.Fprintf(stderr, "quire: cannot watch %s: %v\n", dir, err)
		return 1
	}
	once := func() {
		var diags diag.List
		res, err := build.Run(opt, &diags)
		diags.Print(stderr)
		if err != nil {
			fmt.Fprintf(stderr, "quire: %v; the last good PDF is kept\n", err)
			return
		}
		fmt.Fprintf(stdout, "%s: %d pages, %d bytes, %d ms\n", res.Out, res.Pages, res.Bytes, res.Elapsed.Milliseconds())
	}
	once()
	fmt.Fprintf(stderr, "quire: watching %s (Ctrl-C to stop)\n", dir)
	var timer <-chan time.Time
	for {
		select {
		case <-stop:
			return 0
		case ev, ok := <-w.Events:
			if !ok {
				return 0
			}
			if ignored(ev.Name, outAbs) {
				continue
			}
			if ev.Op&fsnotify.Create != 0 {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					w.Add(ev.Name)
				}
			}
			timer = time.After(debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return 0
			}
			fmt.Fprintf(stderr, "quire: watch: %v\n", err)
		case <-timer:
			timer = nil
			once()
		}
	}
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

// interrupted returns a channel closed on the first SIGINT.
func interrupted() <-chan struct{} {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	stop := make(chan struct{})
	go func() {
		<-c
		close(stop)
	}()
	return stop
}
