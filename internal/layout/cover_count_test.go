package layout

import (
	"testing"

	"quire/internal/doc"
)

// TestCountFloats: the submission cover counts the figures and numbered
// tables wherever they stand: in lists, quotations, definitions and
// divisions (a callout) too; an unnumbered table is not counted.
func TestCountFloats(t *testing.T) {
	tbl := func(n int) *doc.Table { return &doc.Table{Number: n} }
	bs := []doc.Block{
		&doc.Figure{},
		tbl(1),
		tbl(0),
		&doc.Quote{Blocks: []doc.Block{&doc.Figure{}}},
		&doc.List{Items: []doc.ListItem{{Blocks: []doc.Block{tbl(2)}}}},
		&doc.Div{Classes: []string{"callout-note"}, Blocks: []doc.Block{tbl(3), &doc.Figure{}}},
		&doc.DefList{Items: []doc.DefItem{{Defs: [][]doc.Block{{tbl(4)}}}}},
	}
	if figs, tbls := countFloats(bs); figs != 3 || tbls != 4 {
		t.Errorf("countFloats = %d figures, %d tables; want 3, 4", figs, tbls)
	}
}
