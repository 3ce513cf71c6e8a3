package chart

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var updateREADME = flag.Bool("update", false, "rewrite README.md's table of limits")

const (
	limitsBegin = "<!-- limits: made from limits.go; go test ./internal/chart -run README -update rewrites it -->\n"
	limitsEnd   = "<!-- end of limits -->\n"
)

// TestREADMELimits checks that README.md's table of limits is the one
// made from the constants the charts check.
func TestREADMELimits(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i, j := strings.Index(s, limitsBegin), strings.Index(s, limitsEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers of the table of limits")
	}
	want := LimitsMarkdown()
	if got := s[i+len(limitsBegin) : j]; got != want {
		if *updateREADME {
			if err := os.WriteFile("README.md", []byte(s[:i+len(limitsBegin)]+want+s[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's table of limits is not the one made from limits.go; run go test ./internal/chart -run README -update\ngot:\n%s\nwant:\n%s", got, want)
	}
}
