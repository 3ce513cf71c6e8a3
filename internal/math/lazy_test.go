package math

import (
	"os"
	"os/exec"
	"testing"
)

// TestTablesLazy: the command table is built on first use, not at
// start-up (a process that sets no formula does not pay for it). The
// check runs in a fresh test process, before any other test parses.
func TestTablesLazy(t *testing.T) {
	if os.Getenv("QUIRE_MATH_LAZY_CHILD") == "1" {
		if commands != nil || byRune != nil || names != nil {
			t.Fatal("the command table was built at start-up")
		}
		if lookup("frac") == nil || len(names) < 500 {
			t.Fatalf("the table is not built on first use (%d names)", len(names))
		}
		if c, ok := runeClass('='); !ok || c != Rel {
			t.Fatalf("'=' has class %v, %v", c, ok)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestTablesLazy$", "-test.count=1")
	cmd.Env = append(os.Environ(), "QUIRE_MATH_LAZY_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}
