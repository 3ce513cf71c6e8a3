package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the tests run the test binary as quire itself
// (QUIRE_TEST_MAIN=1), to send it real signals.
func TestMain(m *testing.M) {
	if os.Getenv("QUIRE_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// quire starts the test binary as quire with args.
func quire(t *testing.T, args ...string) (*exec.Cmd, *syncBuf) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	// Under go test -race the child is a race build, whose runtime sleeps a
	// second before the process exits (GORACE's atexit_sleep_ms, 1000 by
	// default): not quire's time to stop, which the tests measure, so it is
	// turned off (and GORACE is ignored by other builds).
	cmd.Env = append(os.Environ(), "QUIRE_TEST_MAIN=1", "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	stderr := &syncBuf{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, stderr
}

// wait waits for cmd to exit within limit and returns its status.
func wait(t *testing.T, cmd *exec.Cmd, limit time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode()
	case <-time.After(limit):
		cmd.Process.Kill()
		<-done
		t.Fatalf("quire did not exit within %v of the signal", limit)
	}
	return -1
}

// TestSignalDuringBuild sends SIGINT or SIGTERM to quire build at moments
// spread over a build (while it typesets, and while it writes a PDF of
// several megabytes): it exits within a second with status 130 (or 0 when
// the build was done first), the output is the previous PDF or the whole
// new one, and no temporary file is left.
func TestSignalDuringBuild(t *testing.T) {
	dir := t.TempDir()
	slowManuscript(t, dir, 800, "signal")
	outDir := t.TempDir()
	out := filepath.Join(outDir, "paper.pdf")
	// How long a build takes here, to spread the signals over it.
	start := time.Now()
	cmd, stderr := quire(t, "build", dir, "-o", out)
	if code := wait(t, cmd, 2*time.Minute); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	full := time.Since(start)
	whole, _ := os.ReadFile(out)
	t.Logf("a build takes %v, %d bytes", full, len(whole))
	// Quire stops within a second of the signal, or within a quarter of a
	// whole build when the machine is so loaded that a build takes over 4 s:
	// a stopped build is not one that ran on to its end.
	limit := max(time.Second, full/4)
	// The signals are spread over the first two thirds of a build; on a
	// loaded machine a build may still end before its signal, so up to
	// three rounds are sent until one build is interrupted.
	interrupted, sent := 0, 0
	for round := 0; round < 3 && interrupted == 0; round++ {
		for i, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGINT, syscall.SIGTERM, syscall.SIGINT, syscall.SIGTERM} {
			sent++
			os.WriteFile(out, previous, 0o644)
			cmd, stderr := quire(t, "build", dir, "-o", out)
			time.Sleep(full * time.Duration(i+1) / 9)
			sent := time.Now()
			cmd.Process.Signal(sig)
			code := wait(t, cmd, 5*time.Second)
			if d := time.Since(sent); d > limit {
				t.Errorf("%v: exited %v after the signal (a build takes %v)", sig, d, full)
			}
			got, _ := os.ReadFile(out)
			switch code {
			case exitInterrupted:
				interrupted++
				if !bytes.Equal(got, previous) {
					t.Errorf("%v: an interrupted build changed the PDF (%d bytes)", sig, len(got))
				}
				if !strings.Contains(stderr.String(), "interrupted") {
					t.Errorf("%v: no message:\n%s", sig, stderr)
				}
			case 0:
				if !bytes.Equal(got, whole) {
					t.Errorf("%v: a finished build left %d bytes, not the whole PDF", sig, len(got))
				}
			case -1:
				// Killed by the signal: it came before quire listened (at
				// start-up) or after (the build done, about to exit).
				if !bytes.Equal(got, previous) && !bytes.Equal(got, whole) {
					t.Errorf("%v: killed, leaving %d bytes, neither the previous PDF nor the new one", sig, len(got))
				}
			default:
				t.Errorf("%v: exit %d\n%s", sig, code, stderr)
			}
			if ents, _ := os.ReadDir(outDir); len(ents) != 1 {
				t.Errorf("%v: files left beside the output: %v", sig, ents)
			}
		}
	}
	t.Logf("%d of %d builds interrupted, the others done first", interrupted, sent)
	if interrupted == 0 {
		t.Error("no build was interrupted")
	}
}

// TestSignalStopsWatch: SIGINT stops quire watch during a build within a
// second, with status 0.
func TestSignalStopsWatch(t *testing.T) {
	dir := t.TempDir()
	slowManuscript(t, dir, 3000, "watch")
	out := filepath.Join(t.TempDir(), "paper.pdf")
	cmd, stderr := quire(t, "watch", dir, "-o", out)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stderr.String(), "watching") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	sent := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	if code := wait(t, cmd, 5*time.Second); code != 0 {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if d := time.Since(sent); d > time.Second {
		t.Errorf("watch exited %v after Ctrl-C", d)
	}
}
