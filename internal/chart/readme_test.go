package chart

import (
	"flag"
	"testing"

	"quire/internal/testenv"
)

var updateREADME = flag.Bool("update", false, "rewrite README.md's tables of keys and limits")

const (
	limitsBegin = "<!-- limits: made from limits.go; go test ./internal/chart -run README -update rewrites it -->\n"
	limitsEnd   = "<!-- end of limits -->\n"
	keysBegin   = "<!-- keys: made from keys.go; go test ./internal/chart -run README -update rewrites it -->\n"
	keysEnd     = "<!-- end of keys -->\n"
)

// TestREADMELimits checks that README.md's table of limits is the one
// made from the constants the charts check.
func TestREADMELimits(t *testing.T) {
	testenv.CheckSection(t, "internal/chart/README.md", limitsBegin, limitsEnd, LimitsMarkdown(), *updateREADME,
		"internal/chart/README.md's table of limits is not the one made from limits.go; run go test ./internal/chart -run README -update")
}

// TestREADMEKeys checks that README.md's table of chart keys is the one
// made from Keys, the table the parser reads blocks by.
func TestREADMEKeys(t *testing.T) {
	testenv.CheckSection(t, "internal/chart/README.md", keysBegin, keysEnd, KeysMarkdown(), *updateREADME,
		"internal/chart/README.md's table of keys is not the one made from keys.go; run go test ./internal/chart -run README -update")
}
