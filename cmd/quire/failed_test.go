package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"quire/internal/build"
	"quire/internal/output"
)

// TestFailed checks what a failed build prints and its exit status: a
// signal caught by the pipeline or by the PDF writer (which removed its
// temporary file mid-write) is "build interrupted" and exit 130 alike.
func TestFailed(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		code int
		want string
	}{
		{"pipeline stopped", &build.CanceledError{}, exitInterrupted, "quire: build interrupted; the previous PDF is untouched\n"},
		{"writer stopped", fmt.Errorf("writing build/paper.pdf: %w", output.ErrAborted), exitInterrupted, "quire: build interrupted; the previous PDF is untouched\n"},
		{"timeout", &build.TimeoutError{Limit: time.Second}, 1, "\thint: raise --timeout"},
		{"disk full", errors.New("write build/paper.pdf: no space left on device"), 1, "quire: write build/paper.pdf: no space left on device\n"},
	} {
		var stderr bytes.Buffer
		if code := failed(&stderr, c.err); code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%s: exit %d, printed %q; want exit %d and %q", c.name, code, stderr.String(), c.code, c.want)
		}
	}
}
