//go:build race

package localdb

const raceEnabled = true
