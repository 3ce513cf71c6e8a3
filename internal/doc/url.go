package doc

import "strings"

// linkSchemes are the URL schemes a Link may carry into the PDF as a URI
// action. Anything else with a scheme (javascript:, file:, data:,
// vbscript:, smb:...) could run code or open local files in a reader.
var linkSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "ftp": true, "ftps": true, "tel": true, "news": true, "irc": true, "ircs": true}

// LinkScheme returns the scheme of url, lower case and as a reader would
// see it (surrounding spaces and control characters dropped, tabs and
// line ends inside removed), and whether a Link may point there: a known
// web or mail scheme, or no scheme at all (a relative link or #anchor).
func LinkScheme(url string) (scheme string, ok bool) {
	u := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, url)
	u = strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':' && i > 0:
			s := strings.ToLower(u[:i])
			return s, linkSchemes[s]
		default:
			return "", true // no scheme: relative
		}
	}
	return "", true
}
