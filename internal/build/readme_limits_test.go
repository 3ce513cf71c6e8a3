package build

import (
	"flag"
	"testing"

	"quire/internal/testenv"
)

var updateLimits = flag.Bool("update-limits", false, "rewrite the README's table of limits")

const (
	limitsBegin = "<!-- limits: made from internal/build/limits.go; go test ./internal/build -run READMELimits -update-limits rewrites it -->\n"
	limitsEnd   = "<!-- end of limits -->\n"
)

// TestREADMELimits checks that the README's table of limits is the one
// made from the constants the code checks.
func TestREADMELimits(t *testing.T) {
	testenv.CheckSection(t, "README.md", limitsBegin, limitsEnd, LimitsMarkdown(), *updateLimits,
		"README.md's table of limits is not the one made from limits.go; run go test ./internal/build -run READMELimits -update-limits")
}
