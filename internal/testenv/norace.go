//go:build !race

package testenv

// Race is whether the test binary was built with the race detector
// (go test -race).
const Race = false

// raceSlowdown is 1 without the race detector: limits are as written.
const raceSlowdown = 1
