package layout

import (
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
)

// A framed division (a Quarto callout, a .box or .sidebar) is set as
// Quarto sets a callout in its PDF output: inside a frame of thin rules,
// the left one heavier, with its title in bold on a tinted bar across the
// top. In greys, so that it prints and photocopies as it looks: the bar is
// a light tint under black text, the frame a dark grey. The callout may
// break across pages, its frame open at the break; its title stays with
// its first lines. The title is the author's, or the language's word for
// the kind of callout ("Note", "Hinweis", "注記"), in the division's
// language.

const (
	calloutRule     = 0.5  // the top, right and bottom rules, pt
	calloutLeftRule = 2.25 // the left rule, pt (Quarto's 0.75 mm)
)

var (
	calloutFrame = doc.Gray(0.35)
	calloutBar   = doc.Gray(0.9)
)

// callout sets a framed division d in frame c.
func (g *galley) callout(d *doc.Div, c ctx) {
	pad := c.size * 0.7
	g.skip(c.leading * 0.5)
	first := len(g.out)
	inner := g.indent(c, calloutLeftRule+pad, calloutRule+pad)
	framed := inner.x > c.x // too deep or too narrow to indent: no frame
	title := d.Title
	if len(title) == 0 && d.Callout != "" {
		if t := g.words().CalloutTitle(d.Callout); t != "" {
			title = []doc.Inline{doc.Text{S: t}}
		}
	}
	top := &vbox{h: pad * 0.6, noBreak: true}
	g.add(top)
	if len(title) > 0 {
		st := textStyle{face: font.Bold(c.face), size: c.size}
		vs := g.paragraph(title, inner, paraOpts{leading: c.leading}, st)
		bottom := &vbox{h: pad * 0.6, noBreak: true}
		g.add(bottom)
		if framed {
			for _, v := range append(append([]*vbox{top}, vs...), bottom) {
				v.noBreak = true
				bar := draw.Rect(c.x, 0, c.width, v.h, &calloutBar, nil, 0)
				bar.Tag = draw.Artifact(draw.ArtifactLayout)
				v.items = append([]draw.Item{bar}, v.items...)
			}
		}
		g.add(&vbox{h: pad * 0.6, noBreak: true})
	}
	g.blocks(d.Blocks, inner)
	last := &vbox{h: pad * 0.6}
	if n := len(g.out); n > first {
		g.out[n-1].noBreak = true // the closing rule stays with the last line
	}
	g.add(last)
	if !framed {
		g.skip(c.leading * 0.5)
		return
	}
	rule := func(v *vbox, x1, y1, x2, y2, w float64) {
		ln := draw.Line(x1, y1, x2, y2, w, calloutFrame)
		ln.Tag = draw.Artifact(draw.ArtifactLayout)
		v.items = append(v.items, ln)
	}
	left, right := c.x+calloutLeftRule/2, c.x+c.width-calloutRule/2
	for _, v := range g.out[first:] {
		if v.h <= 0 || v.float {
			continue
		}
		rule(v, left, 0, left, v.h, calloutLeftRule)
		rule(v, right, 0, right, v.h, calloutRule)
	}
	rule(top, c.x, calloutRule/2, c.x+c.width, calloutRule/2, calloutRule)
	rule(last, c.x, last.h-calloutRule/2, c.x+c.width, last.h-calloutRule/2, calloutRule)
	g.skip(c.leading * 0.5)
}
