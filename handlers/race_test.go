//go:build race

package handlers

// raceEnabled: the race detector slows renders tenfold and changes what
// memory costs, so the memory burst does not run under it.
const raceEnabled = true
