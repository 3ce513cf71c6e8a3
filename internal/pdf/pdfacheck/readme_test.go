package pdfacheck

import (
	"flag"
	"testing"

	"quire/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the README's tables of checks")

// TestREADMETables checks that the README's tables of what the other
// PDF/A levels add and of the PDF/UA checks are the ones made from
// LevelClauses and UAClauses, the lists the checker follows.
func TestREADMETables(t *testing.T) {
	for _, tb := range []struct{ name, want string }{
		{"pdf/a levels", LevelsMarkdown()},
		{"pdf/ua checks", UAMarkdown()},
	} {
		begin := "<!-- " + tb.name + ": made from internal/pdf/pdfacheck; go test ./internal/pdf/pdfacheck -run README -update rewrites it -->\n"
		end := "<!-- end of " + tb.name + " -->\n"
		testenv.CheckSection(t, "README.md", begin, end, tb.want, *update,
			"README.md's "+tb.name+" table is not the one made from the checker's list; run go test ./internal/pdf/pdfacheck -run README -update")
	}
}
