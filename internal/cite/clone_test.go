package cite

import (
	"testing"

	"quire/internal/doc"
)

// TestCloneInlinesDeep: a clone shares no inline sequence with its
// original at any depth, so that rewriting one use in place (as
// doc.MapInlines does) leaves the others alone.
func TestCloneInlinesDeep(t *testing.T) {
	orig := []doc.Inline{doc.Emph{Content: []doc.Inline{doc.Link{URL: "u", Content: []doc.Inline{doc.Sub{Content: []doc.Inline{doc.Text{S: "a"}}}}}}}}
	c := cloneInlines(orig)
	inner := c[0].(doc.Emph).Content[0].(doc.Link).Content[0].(doc.Sub).Content
	inner[0] = doc.Text{S: "b"}
	c[0].(doc.Emph).Content[0] = doc.Text{S: "c"}
	if got := doc.PlainText(orig); got != "a" {
		t.Errorf("the original reads %q after its clone was changed, want \"a\"", got)
	}
}
