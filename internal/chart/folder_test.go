package chart

import (
	"testing"

	"quire/internal/project"
)

// folder opens dir as a manuscript folder for the test.
func folder(t testing.TB, dir string) *project.Folder {
	t.Helper()
	f, err := project.OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
