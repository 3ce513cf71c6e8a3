package markdown

import "quire/internal/doc"

// linkAllowed reports whether a link to url may be written into the PDF
// (see doc.LinkScheme); if not it warns at off, and the caller sets the
// link's text without the link.
func (c *converter) linkAllowed(url string, off int) bool {
	scheme, ok := doc.LinkScheme(url)
	if !ok {
		c.warnf(off, "link only to http:, https: or mailto: addresses; a PDF reader could run or open what "+scheme+": names",
			"a link to a %s: address is dropped; its text is kept", scheme)
	}
	return ok
}
