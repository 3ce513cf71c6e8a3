package build

import (
	"quire/internal/diag"
	"quire/internal/layout"
	"quire/internal/style"
)

// Quality lays out the manuscript at path in the article profile and
// returns the line-breaking figures of its justified text (see
// layout.Quality) and its page count.
func Quality(path string, diags *diag.List) (layout.Quality, int, error) {
	d, p, err := Load(path, diags)
	if err != nil {
		return layout.Quality{}, 0, err
	}
	defer p.Close()
	st, err := style.For("article", d.Meta.PaperSize, d.Meta.FontSize)
	if err != nil {
		return layout.Quality{}, 0, err
	}
	applyFonts(st, &d.Meta, p.Folder, diags)
	l := layout.New(st, diags)
	pages, err := l.Run(d)
	if err != nil {
		return layout.Quality{}, 0, err
	}
	return l.Quality(), len(pages), nil
}
