package hyph

import "testing"

// TestExceptionMinimums checks that the points of an exception word obey
// the minimums, as the patterns' points do: "name-space" and
// "file-sys-tem" are exceptions of the default hyphenator (the patterns
// would give names-pace and filesys-tem), so these words take the
// exceptions path, and each case puts one of their points below a
// minimum.
func TestExceptionMinimums(t *testing.T) {
	h := Default()
	for _, tc := range []struct {
		left, right int
		word, want  string
	}{
		{2, 3, "namespace", "name-space"}, // the exception itself
		{2, 3, "filesystem", "file-sys-tem"},
		{5, 3, "namespace", "namespace"},       // the point at 4 is below a left minimum of 5
		{2, 6, "namespace", "namespace"},       // 5 letters after it, below a right minimum of 6
		{2, 4, "filesystem", "file-system"},    // 3 letters after sys-, below 4
		{5, 4, "filesystem", "filesystem"},     // both points dropped
		{4, 3, "filesystems", "file-sys-tems"}, // at the minimum: kept
		{2, 5, "namespaces", "name-spaces"},    // 6 letters after the point, right minimum 5
	} {
		if got := hyphenate(h.WithMinimums(tc.left, tc.right), tc.word); got != tc.want {
			t.Errorf("minimums %d,%d: hyphenate(%q) = %q, want %q", tc.left, tc.right, tc.word, got, tc.want)
		}
	}
}
