package chart

import (
	"flag"
	"testing"

	"quire/internal/testenv"
)

var updateREADME = flag.Bool("update", false, "rewrite README.md's table of limits")

const (
	limitsBegin = "<!-- limits: made from limits.go; go test ./internal/chart -run README -update rewrites it -->\n"
	limitsEnd   = "<!-- end of limits -->\n"
)

// TestREADMELimits checks that README.md's table of limits is the one
// made from the constants the charts check.
func TestREADMELimits(t *testing.T) {
	testenv.CheckSection(t, "internal/chart/README.md", limitsBegin, limitsEnd, LimitsMarkdown(), *updateREADME,
		"internal/chart/README.md's table of limits is not the one made from limits.go; run go test ./internal/chart -run README -update")
}
