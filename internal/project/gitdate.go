package project

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// resolveDate gives the date that "today", "now" or "last-modified" stands
// for, never from the clock: SOURCE_DATE_EPOCH first for "today" (the
// reproducible-builds convention), the latest git commit of the files
// first for "last-modified"; each falls back on the other.
func resolveDate(kind string, files []string) (time.Time, bool) {
	epoch := func() (time.Time, bool) {
		// A bad value is an error of the build (see SourceDateEpoch).
		t, set, err := SourceDateEpoch()
		return t, set && err == nil
	}
	if kind == "last-modified" {
		if t, ok := commitTime(files); ok {
			return t, true
		}
		return epoch()
	}
	if t, ok := epoch(); ok {
		return t, true
	}
	return commitTime(files)
}

// commitTime returns the time of the latest git commit touching files.
// git runs with the repository's hooks and helpers disabled and a time
// limit; without git, or outside a repository, there is no time.
func commitTime(files []string) (time.Time, bool) {
	if len(files) == 0 {
		return time.Time{}, false
	}
	git, err := exec.LookPath("git")
	if err != nil {
		return time.Time{}, false
	}
	dir := filepath.Dir(files[0])
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	args := []string{"-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "log.showSignature=false",
		"log", "-1", "--format=%ct", "--no-show-signature", "--"}
	for _, f := range files {
		if abs, err := filepath.Abs(f); err == nil {
			args = append(args, abs)
		}
	}
	cmd := exec.CommandContext(ctx, git, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "GIT_PAGER=cat")
	out, err := cmd.Output()
	if err != nil {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(n, 0).UTC(), true
}
