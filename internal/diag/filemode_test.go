package diag

import (
	"io/fs"
	"testing"
)

func TestFileKind(t *testing.T) {
	for _, c := range []struct {
		m    fs.FileMode
		want string
	}{
		{fs.ModeDir | 0o755, "a folder"},
		{fs.ModeNamedPipe | 0o644, "a FIFO (named pipe)"},
		{fs.ModeSocket, "a socket"},
		{fs.ModeDevice | fs.ModeCharDevice, "a character device"},
		{fs.ModeDevice, "a block device"},
		{fs.ModeSymlink | 0o777, "a symbolic link"},
		{fs.ModeIrregular, "a special file (mode ?---------)"},
	} {
		if got := FileKind(c.m); got != c.want {
			t.Errorf("FileKind(%v) = %q, want %q", c.m, got, c.want)
		}
	}
}
