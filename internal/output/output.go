// Package output writes build results atomically: the new file appears
// complete under its final name, or not at all, so a failed build never
// leaves a half-written PDF and never destroys the previous good one.
package output

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile writes data to path by way of a temporary file in the same
// directory, synced and then renamed over path. The directory is created if
// missing. On error the previous file at path, if any, is untouched.
func WriteFile(path string, data []byte) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("output %s is a directory; give a file name such as %s", path, filepath.Join(path, "paper.pdf"))
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create output folder %s: %v", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write to output folder %s: %v", dir, err)
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
		return fmt.Errorf("writing %s: %v", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %v", path, err)
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return fmt.Errorf("writing %s: %v", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("writing %s: %v", path, err)
	}
	ok = true
	return nil
}
