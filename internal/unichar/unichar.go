// Package unichar holds the character properties that the README's rules
// about characters rest on, in one place for the layout that applies them,
// the page-rules checker that reads the pages back and the corpus run that
// accounts for every character: which characters are drawn as nothing, and
// which are drawn as their name when no face has them. Two copies of these
// once disagreed, and the checker reported correct layouts as wrong.
package unichar

import "unicode"

// Invisible reports the characters drawn as nothing: Unicode's
// Default_Ignorable_Code_Point (joiners, the zero-width space, the soft
// hyphen, bidi marks, the Arabic letter mark, variation selectors, tags,
// fillers), derived as DerivedCoreProperties.txt derives it: what a shaper
// hides. They select glyphs or guide other software; a reader never sees
// them. (The soft hyphen and the zero-width space are also break
// opportunities, which the line breaker handles first.)
func Invisible(r rune) bool {
	switch {
	case r < 0x00AD:
		return false
	case r < 0x2000:
		// Spelt out: this is asked of every character of every word, and
		// most text is in the scripts down here (the test checks the list).
		return r == 0x00AD || r == 0x034F || r == 0x061C || r == 0x115F || r == 0x1160 || r == 0x17B4 || r == 0x17B5 || (r >= 0x180B && r <= 0x180F)
	case r > 0x206F && r < 0xFE00:
		// From the end of General Punctuation to the variation selectors
		// (CJK, kana, Hangul): only the Hangul filler.
		return r == 0x3164
	case unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r), unicode.Is(unicode.Variation_Selector, r):
		return true
	case unicode.Is(unicode.Cf, r):
		return formatIgnorable(r)
	}
	return false
}

// formatIgnorable: DerivedCoreProperties.txt takes the format characters
// less White_Space, the interlinear annotation characters, the Egyptian
// format controls and the prepended concatenation marks (which are visible).
func formatIgnorable(r rune) bool {
	return !unicode.Is(unicode.White_Space, r) && (r < 0xFFF9 || r > 0xFFFB) &&
		(r < 0x13430 || r > 0x1343F) && !unicode.Is(unicode.Prepended_Concatenation_Mark, r)
}

// Symbol reports the characters drawn as their Unicode name in brackets
// when no face has them: every symbol category (math, currency, modifier
// and other symbols: arrows, signs, dingbats) and the emoji blocks.
func Symbol(r rune) bool {
	return unicode.In(r, unicode.S) || (r >= 0x1F000 && r <= 0x1FAFF)
}
