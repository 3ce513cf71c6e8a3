// Package output writes build results atomically: the new file appears
// complete under its final name, or not at all, so a failed build never
// leaves a half-written PDF and never destroys the previous good one.
package output

import (
	"fmt"
	"os"
	"path/filepath"
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

// WriteFile writes data to path by way of a temporary file in the same
// directory, synced and then renamed over path. The directory is created if
// missing. On error the previous file at path, if any, is untouched.
func WriteFile(path string, data []byte) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return errorf("give a file name such as "+filepath.Join(path, "paper.pdf"), "output %s is a directory", path)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return errorf(otherOutput, "cannot create output folder %s: %v", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return errorf(otherOutput, "cannot write to output folder %s: %v", dir, err)
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return errorf("check the disk space and permissions of the output folder", "writing %s: %v", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return errorf("check the disk space and permissions of the output folder", "writing %s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return errorf("check the disk space and permissions of the output folder", "writing %s: %v", path, err)
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return errorf("check the disk space and permissions of the output folder", "writing %s: %v", path, err)
	}
	if BeforeRename != nil {
		if err := BeforeRename(name, path); err != nil {
			return errorf("check the disk space and permissions of the output folder", "writing %s: %v", path, err)
		}
	}
	if err := os.Rename(name, path); err != nil {
		return errorf("check the disk space and permissions of the output folder", "writing %s: %v", path, err)
	}
	ok = true
	return nil
}
