package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestMutationsApply checks that every mutation still applies to the
// source: its text occurs exactly once in its file, so that make mutate
// breaks what it says. A change to the code a mutation breaks makes this
// fail; update the mutation (or remove it, if the behaviour is gone).
func TestMutationsApply(t *testing.T) {
	if len(mutations) < 15 {
		t.Errorf("only %d mutations", len(mutations))
	}
	names := map[string]bool{}
	for _, m := range mutations {
		if names[m.Name] {
			t.Errorf("two mutations named %q", m.Name)
		}
		names[m.Name] = true
		b, err := os.ReadFile(filepath.Join("..", "..", "..", m.File))
		if err != nil {
			t.Errorf("%s: %v", m.Name, err)
			continue
		}
		if n := bytes.Count(b, []byte(m.Old)); n != 1 || m.Old == m.New {
			t.Errorf("mutation %q: its text occurs %d times in %s (want once); update it in internal/tools/mutate/mutations.go", m.Name, n, m.File)
		}
	}
}

func TestFailedTests(t *testing.T) {
	out := []byte("--- FAIL: TestA (0.1s)\n    --- FAIL: TestA/sub (0.0s)\n--- FAIL: TestB (0.0s)\n--- FAIL: TestA (0.1s)\nFAIL\n")
	if got := failedTests(out); len(got) != 2 || got[0] != "TestA" || got[1] != "TestB" {
		t.Errorf("failedTests = %q", got)
	}
	if got := failedTests([]byte("panic: boom\n")); len(got) != 1 || got[0] != "(panic)" {
		t.Errorf("failedTests(panic) = %q", got)
	}
}
