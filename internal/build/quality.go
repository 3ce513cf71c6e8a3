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
	d, _, err := Load(path, diags)
	if err != nil {
		return layout.Quality{}, 0, err
	}
	st, err := style.For("article", d.Meta.PaperSize, d.Meta.FontSize)
	if err != nil {
		return layout.Quality{}, 0, err
	}
	l := layout.New(st, diags)
	pages, err := l.Run(d)
	if err != nil {
		return layout.Quality{}, 0, err
	}
	return l.Quality(), len(pages), nil
}
