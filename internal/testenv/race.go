//go:build race

package testenv

// Race is whether the test binary was built with the race detector
// (go test -race).
const Race = true

// raceSlowdown is how many times longer a computation may take under the
// race detector, which instruments every memory access: measured at 10 to
// 20 times (internal/markdown's TestPathological: the 1 MB of nested YAML
// brackets, read by byte loops, 2.3 s of CPU time and 47.5 s with -race).
const raceSlowdown = 20
