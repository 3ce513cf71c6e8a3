package draw

import "quire/internal/doc"

// Move moves items right by dx and down by dy in place, as Shift does
// with copies, and returns them. It is for a list that has no other user
// (lines just set, a box placed on its page once): it saves the copy.
// Paths get new point slices, which another path may share, except a
// rectangle's made by Rect or FilledRect, whose points are its own and
// are moved in place.
func Move(items []Item, dx, dy float64) []Item {
	for _, it := range items {
		switch it := it.(type) {
		case *Text:
			it.X += dx
			it.Y += dy
		case *Words:
			it.Y += dy
			for k := range it.W {
				it.W[k].X += dx
			}
		case *Path:
			if ownOps(it) {
				for k := range it.Ops {
					op := &it.Ops[k]
					for m := range op.Points {
						op.Points[m][0] += dx
						op.Points[m][1] += dy
					}
				}
				continue
			}
			ops := make([]doc.PathOp, len(it.Ops))
			for k, op := range it.Ops {
				for m := range op.Points {
					op.Points[m][0] += dx
					op.Points[m][1] += dy
				}
				ops[k] = op
			}
			it.Ops = ops
		case *Image:
			it.X += dx
			it.Y += dy
		case *Link:
			it.X += dx
			it.Y += dy
		case *Anchor:
			it.Y += dy
		case *Bookmark:
			it.Y += dy
		}
	}
	return items
}
