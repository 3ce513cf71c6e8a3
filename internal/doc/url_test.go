package doc

import "testing"

func TestLinkScheme(t *testing.T) {
	for url, want := range map[string]bool{
		"https://example.org/": true, "HTTP://x": true, "mailto:a@b.c": true, "#sec": true,
		"other.html": true, "dir/a:b": true, "": true, "./x:y": true,
		"javascript:alert(1)": false, "JavaScript:alert(1)": false, " javascript:x": false,
		"java\tscript:x": false, "\x01javascript:x": false, "file:///etc/passwd": false,
		"FILE:/etc/passwd": false, "data:text/html,x": false, "vbscript:x": false, "smb://host/x": false,
	} {
		if s, ok := LinkScheme(url); ok != want {
			t.Errorf("LinkScheme(%q) = %q, %v; want %v", url, s, ok, want)
		}
	}
}
