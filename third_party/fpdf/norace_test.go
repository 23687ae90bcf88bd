//go:build !race

package fpdf

const raceEnabled = false
