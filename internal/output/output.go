// Package output writes build results atomically: the new file appears
// complete under its final name, or not at all, so a failed build never
// leaves a half-written PDF and never destroys the previous good one.
//
// It also refuses outputs that would destroy something else: the output
// must be a regular file or not exist (a device node, FIFO, socket, folder
// or anything under /proc, /sys or /dev is refused), and never one of the
// manuscript's own inputs. A symbolic link to a regular file is followed,
// and the file it names is replaced, so the link survives.
//
// Temporary files are named ".<name>.tmp-<pid>-<random>" beside the output.
// Abort, called on SIGINT or SIGTERM, removes the ones being written; stale
// ones left by an earlier process that was killed are removed by the next
// WriteFile of the same output.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"quire/internal/diag"
)

// Error is a failure to write an output file, with a hint of what to do.
type Error struct {
	Msg  string
	Hint string
}

func (e *Error) Error() string { return e.Msg }

// HintText returns the hint, for the command to print under the message.
func (e *Error) HintText() string { return e.Hint }

func errorf(hint, format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...), Hint: hint}
}

const otherOutput = "choose a writable output with -o, e.g. -o build/paper.pdf"

// ErrAborted is returned by a WriteFile that Abort stopped.
var ErrAborted = errors.New("output: aborted")

// Check reports whether path may be written as an output, and returns the
// path to write: path itself, or the regular file a symbolic link at path
// leads to. protect lists files that must not be overwritten (the
// manuscript's inputs, as os.Stat or the reader saw them).
func Check(path string, protect ...os.FileInfo) (string, error) {
	if path == "" || strings.HasSuffix(path, "/") {
		return "", errorf("give a file name such as build/paper.pdf", "output %q is not a file name", path)
	}
	if abs, err := filepath.Abs(path); err == nil {
		for _, sys := range []string{"/proc", "/sys", "/dev"} {
			if abs == sys || strings.HasPrefix(abs, sys+"/") {
				return "", errorf(otherOutput, "output %s is in %s, which holds no ordinary files", path, sys)
			}
		}
	}
	target := path
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path, nil
	case err != nil:
		return "", errorf(otherOutput, "cannot use output %s: %v", path, unwrap(err))
	case fi.Mode()&fs.ModeSymlink != 0:
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", errorf("remove the link, or give the file it should lead to", "output %s is a symbolic link that leads nowhere (%v)", path, unwrap(err))
		}
		if abs, err := filepath.Abs(real); err == nil {
			for _, sys := range []string{"/proc", "/sys", "/dev"} {
				if abs == sys || strings.HasPrefix(abs, sys+"/") {
					return "", errorf(otherOutput, "output %s leads to %s, which holds no ordinary files", path, real)
				}
			}
		}
		if fi, err = os.Stat(real); err != nil {
			return "", errorf(otherOutput, "cannot use output %s: %v", path, unwrap(err))
		}
		target = real
	}
	switch {
	case fi.IsDir():
		return "", errorf("give a file name such as "+filepath.Join(path, "paper.pdf"), "output %s is a directory", path)
	case !fi.Mode().IsRegular():
		return "", errorf(otherOutput, "output %s is %s, not a regular file; Quire never writes over one", path, diag.FileKind(fi.Mode()))
	}
	for _, in := range protect {
		if in != nil && os.SameFile(fi, in) {
			return "", errorf(otherOutput, "output %s is the manuscript's input %s; Quire never writes over its inputs", path, in.Name())
		}
	}
	return target, nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// live holds the temporary files being written, for Abort.
var live struct {
	sync.Mutex
	files   map[string]bool
	aborted bool
}

// Abort removes every temporary file being written and makes every later
// WriteFile fail with ErrAborted, so that a process stopped by a signal
// leaves no temporary file and no half-replaced output. It is safe to call
// from a signal handler's goroutine while WriteFile runs.
func Abort() {
	live.Lock()
	defer live.Unlock()
	live.aborted = true
	for name := range live.files {
		os.Remove(name)
	}
	live.files = nil
}

func register(name string) error {
	live.Lock()
	defer live.Unlock()
	if live.aborted {
		return ErrAborted
	}
	if live.files == nil {
		live.files = map[string]bool{}
	}
	live.files[name] = true
	return nil
}

func unregister(name string) {
	live.Lock()
	delete(live.files, name)
	live.Unlock()
}

// tmpPrefix is the start of the temporary files' names for output base.
func tmpPrefix(base string) string { return "." + base + ".tmp-" }

// staleAge is how old a temporary file of a process that may still be
// running must be before it is taken as stale.
const staleAge = time.Hour

// cleanStale removes temporary files of earlier builds of dir/base whose
// process is gone (or that are older than staleAge). Temporary files of
// another build still running are kept.
func cleanStale(dir, base string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := tmpPrefix(base)
	for _, e := range ents {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !e.Type().IsRegular() {
			continue
		}
		full := filepath.Join(dir, name)
		live.Lock()
		mine := live.files[full]
		live.Unlock()
		if mine {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		age := time.Since(fi.ModTime())
		pid, _, named := strings.Cut(name[len(prefix):], "-")
		n, err := strconv.Atoi(pid)
		switch {
		case named && err == nil && n > 0:
			// Ours: ".<base>.tmp-<pid>-<random>".
			if n != os.Getpid() && running(n) && age < staleAge {
				continue // another build, still writing
			}
		default:
			// Another naming (an older Quire's): only when surely stale.
			if age < 10*time.Minute {
				continue
			}
		}
		os.Remove(full)
	}
}

// running reports whether process pid exists.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// WriteFile writes data to path by way of a temporary file in the same
// directory, synced and then renamed over path. The directory is created if
// missing. path is checked first (see Check): protect lists the files it
// must not be. On error the previous file at path, if any, is untouched and
// no temporary file is left.
func WriteFile(path string, data []byte, protect ...os.FileInfo) error {
	return writeFile(path, data, true, protect...)
}

// WriteFileThenSync is WriteFile for a file that is written again and
// again and can always be made again (quire watch's PDF): the new content
// is renamed into place before it is synced to the disk, not after, so
// that a reader has it without waiting for the disk (a sync takes from 1
// to 35 ms on a busy machine); the sync follows at once, before
// WriteFileThenSync returns. A failure is reported as WriteFile reports
// it, with the previous file untouched. Only a crash of the machine in
// the moment between the rename and the sync can lose the new content.
func WriteFileThenSync(path string, data []byte, protect ...os.FileInfo) error {
	return writeFile(path, data, false, protect...)
}

func writeFile(path string, data []byte, syncFirst bool, protect ...os.FileInfo) error {
	target, err := Check(path, protect...)
	if err != nil {
		return err
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return errorf(otherOutput, "cannot create output folder %s: %v", dir, unwrap(err))
	}
	base := filepath.Base(target)
	cleanStale(dir, base)
	tmp, err := os.CreateTemp(dir, tmpPrefix(base)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return errorf(otherOutput, "cannot write to output folder %s: %v", dir, unwrap(err))
	}
	name := tmp.Name()
	if err := register(name); err != nil {
		tmp.Close()
		os.Remove(name)
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
			unregister(name)
		}
	}()
	const hint = "check the disk space and permissions of the output folder"
	// failed reports a failed step; when a signal aborted the write (Abort
	// removed the temporary file under it), the failure is the abort.
	failed := func(err error) error {
		live.Lock()
		aborted := live.aborted
		live.Unlock()
		if aborted {
			return ErrAborted
		}
		return errorf(hint, "writing %s: %v", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return failed(unwrap(err))
	}
	if syncFirst {
		if err := tmp.Sync(); err != nil {
			return failed(unwrap(err))
		}
	}
	if err := tmp.Close(); err != nil {
		return failed(unwrap(err))
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return failed(unwrap(err))
	}
	if BeforeRename != nil {
		if err := BeforeRename(name, target); err != nil {
			return failed(err)
		}
	}
	// Check again just before the rename: the output may have been
	// replaced while the file was written.
	if _, err := Check(target, protect...); err != nil {
		return err
	}
	live.Lock()
	if live.aborted {
		live.Unlock()
		return ErrAborted
	}
	err = os.Rename(name, target)
	delete(live.files, name)
	live.Unlock()
	if err != nil {
		return failed(unwrap(err))
	}
	ok = true
	if !syncFirst {
		if f, err := os.Open(target); err == nil {
			f.Sync() // the content, now that readers have it
			f.Close()
		}
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // make the rename durable; a failure here loses nothing
		d.Close()
	}
	return nil
}
