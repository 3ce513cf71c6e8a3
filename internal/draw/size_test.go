package draw

import (
	"testing"
	"unsafe"
)

// TestTextSize: a display list holds a Text per word; its fields are laid
// out without padding between the flags (a 144-byte size class, not 160).
func TestTextSize(t *testing.T) {
	if n := unsafe.Sizeof(Text{}); n > 144 {
		t.Errorf("draw.Text is %d bytes, want at most 144: keep the bool fields together", n)
	}
}
