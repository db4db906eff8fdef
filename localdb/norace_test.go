//go:build !race

package localdb

const raceEnabled = false
