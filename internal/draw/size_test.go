package draw

import (
	"testing"
	"unsafe"
)

// TestTextSize: a display list holds a Text per word; what few words have
// lies in their Look, and the flags lie together without padding.
func TestTextSize(t *testing.T) {
	if n := unsafe.Sizeof(Text{}); n > 104 {
		t.Errorf("draw.Text is %d bytes, want at most 104: move what few runs have to Look, keep the bool fields together", n)
	}
}

// TestWordSize: a line's words are held in Words, a Word each.
func TestWordSize(t *testing.T) {
	if n := unsafe.Sizeof(Word{}); n > 24 {
		t.Errorf("draw.Word is %d bytes, want at most 24", n)
	}
}
