package layout

import "context"

// WithContext makes Run stop soon after ctx is done, returning ctx's
// error: Run looks at ctx before every block, after every paragraph and
// before every page, so a cancelled build stops working within one
// paragraph's time.
func (l *Layout) WithContext(ctx context.Context) *Layout {
	l.ctx = ctx
	return l
}

// canceled unwinds Run from deep inside the galley; Run recovers it.
type canceled struct{ err error }

// checkpoint stops the layout if its context is done.
func (l *Layout) checkpoint() {
	if l.ctx == nil {
		return
	}
	if err := l.ctx.Err(); err != nil {
		panic(canceled{err})
	}
}

// headKey identifies a running head cut to a width.
type headKey struct {
	face  string
	size  float64
	text  string
	width float64
}

// fitHead is fitText for the running heads, cut once for the document
// rather than once a page.
func (l *Layout) fitHead(face string, size float64, s string, width float64) string {
	k := headKey{face, size, s, width}
	if h, ok := l.heads[k]; ok {
		return h
	}
	if l.heads == nil {
		l.heads = map[headKey]string{}
	}
	h := fitText(face, size, s, width)
	l.heads[k] = h
	return h
}
