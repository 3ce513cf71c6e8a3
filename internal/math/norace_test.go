//go:build !race

package math

const raceEnabled = false
