package layout

// SetPartBytes sets how much text a part set in parallel holds
// (parallel.go) and returns a function that restores it.
func SetPartBytes(n int) func() {
	old := partBytes
	partBytes = n
	return func() { partBytes = old }
}
