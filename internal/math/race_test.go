//go:build race

package math

// raceEnabled: the race detector is on (sync.Pool then drops what it
// is given at random, so allocation counts are not those of a build).
const raceEnabled = true
