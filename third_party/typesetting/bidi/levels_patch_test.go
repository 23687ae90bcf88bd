package bidi

import "testing"

// Patch 2: Runs.Level gives each character's resolved level. A run is one
// direction, so in "abc אבג 123 def" (left to right) the digits (level 2)
// and " def" (level 0) share a left-to-right run whose Level is the
// digits'.
func TestRunsLevelPerCharacter(t *testing.T) {
	text := []rune("abc אבג 123 def")
	var p Paragraph
	runs := p.Segment(text, LeftToRight)
	want := []Level{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 0, 0, 0, 0}
	for i, w := range want {
		if got := runs.Level(i); got != w {
			t.Errorf("level of %q (index %d) = %d, want %d", text[i], i, got, w)
		}
	}
	// What the patch is for: the last run's own level is its first
	// character's.
	last := runs.Run(runs.NumRuns() - 1)
	if last.Level != 2 || runs.Level(last.End-1) != 0 {
		t.Errorf("last run %+v: level of its end %d", last, runs.Level(last.End-1))
	}
}
