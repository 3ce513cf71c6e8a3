// Package checkrun is the frame of Quire's command-line checkers of PDF
// files (internal/tools/pdfcheck, pdfvalidate, structcheck), which .ci/run
// and .ci/check-pdfs read: each file named is checked, and gets one line,
// "ok FILE" (with what was checked, when the checker says) or "FAIL FILE"
// with every problem found under it, indented, one line each. The command
// exits with status 1 when any file fails, 2 when it is called wrongly.
package checkrun

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// A Check returns what is wrong with the file at path: nothing when it
// passes, else one error per problem (an error of several lines is
// several problems).
type Check func(path string) []error

// Files checks every file of paths, printing its line to w, and reports
// whether all passed. what, when not empty, follows "ok FILE: ".
func Files(w io.Writer, paths []string, check Check, what string) bool {
	passed := true
	for _, path := range paths {
		errs := check(path)
		if len(errs) == 0 {
			if what != "" {
				fmt.Fprintf(w, "ok %s: %s\n", path, what)
			} else {
				fmt.Fprintf(w, "ok %s\n", path)
			}
			continue
		}
		passed = false
		fmt.Fprintf(w, "FAIL %s\n", path)
		for _, err := range errs {
			for _, line := range strings.Split(err.Error(), "\n") {
				fmt.Fprintf(w, "  %s\n", line)
			}
		}
	}
	return passed
}

// Main checks the files as Files does, on standard output, and exits with
// status 1 when any fails. With no files it prints usage to standard
// error and exits with status 2.
func Main(usage string, paths []string, check Check, what string) {
	if len(paths) == 0 {
		Usage(usage)
	}
	if !Files(os.Stdout, paths, check, what) {
		os.Exit(1)
	}
}

// Usage prints "usage: " and usage to standard error and exits with
// status 2.
func Usage(usage string) {
	fmt.Fprintln(os.Stderr, "usage: "+usage)
	os.Exit(2)
}
