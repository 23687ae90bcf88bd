//go:build race

package fpdf

// raceEnabled: the race detector makes sync.Pool drop items at random.
const raceEnabled = true
