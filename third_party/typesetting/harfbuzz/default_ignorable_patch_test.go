package harfbuzz

import "testing"

// Patch 3: U+180F MONGOLIAN FREE VARIATION SELECTOR FOUR (Unicode 14) is
// default-ignorable, as U+180B..U+180E are: HarfBuzz's own table covers
// U+180B..U+180F, and computeUnicodeProps already treats U+180F as a free
// variation selector, a branch it never reached. A font without the
// character drew it as .notdef.
func TestMongolianFVS4IsDefaultIgnorable(t *testing.T) {
	for r := rune(0x180B); r <= 0x180F; r++ {
		if !IsDefaultIgnorable(r) {
			t.Errorf("U+%04X is not default-ignorable", r)
		}
	}
	if props, _ := computeUnicodeProps(0x180F); props&upropsMaskHidden == 0 {
		t.Error("U+180F is not marked hidden during shaping")
	}
}
