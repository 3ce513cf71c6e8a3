package markdown

// Raw LaTeX nested in raw LaTeX (\textbf{\emph{...}}) is converted by
// rescanning each argument, so 16,000 nested commands (128 KB) took 6 s of
// CPU and 1.7 GB. Past maxLatexDepth levels, the argument is flattened:
// its text is kept, its commands and braces left out, with one warning.

// maxLatexDepth is the deepest raw LaTeX commands nest.
const maxLatexDepth = 32

// latexFlat adds the text of s without its commands and braces.
func (c *converter) latexFlat(b *builder, s []byte, off int) {
	if !c.depthWarned {
		c.depthWarned = true
		c.warnf(off, "reduce the nesting of raw LaTeX commands",
			"raw LaTeX nested deeper than %d levels is flattened", maxLatexDepth)
	}
	from := 0
	flush := func(to int) {
		if to > from {
			c.addText(b, s[from:to], off+from)
		}
	}
	for i := 0; i < len(s); {
		switch ch := s[i]; {
		case ch == '\\':
			flush(i)
			i++
			for i < len(s) && isASCIILetter(s[i]) {
				i++
			}
			if i < len(s) && s[i-1] == '\\' {
				i++ // \{ \% \\ and the like: left out too
			}
			from = i
		case ch == '{' || ch == '}':
			flush(i)
			i++
			from = i
		default:
			i++
		}
	}
	flush(len(s))
}
