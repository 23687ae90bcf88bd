package layout

import (
	"unicode"

	"pdfexport/internal/unichar"
)

// This file holds what layout itself needs to know about writing systems:
// which languages run right to left, and which characters are Chinese or
// Japanese. Shaping, bidi levels, font fallback and line-break opportunities
// (UAX #14) are package text's.

// isRTL reports whether r is a strong right-to-left character (Hebrew,
// Arabic, and their presentation forms).
func isRTL(r rune) bool {
	return (r >= 0x0590 && r <= 0x08FF) || (r >= 0xFB1D && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFF)
}

// isLTRStrong reports whether r is a strong left-to-right character or a
// digit (which keeps its left-to-right order inside right-to-left text).
func isLTRStrong(r rune) bool {
	return (unicode.IsLetter(r) && !isRTL(r)) || unicode.IsDigit(r)
}

// rtlLangs are the languages written right to left.
var rtlLangs = map[string]bool{"he": true, "iw": true, "yi": true, "ar": true, "fa": true, "ur": true, "ps": true}

// isCJK reports Chinese and Japanese characters: ideographs (all of them,
// by script), radicals, CJK punctuation, kana and their marks (by block: the
// prolonged sound mark and the middle dot are of no script), bopomofo and
// full-width forms. Where a line may break is UAX #14's (package text);
// this says how such a break is set: as stretchable glue, a quarter em
// wide between these characters and Latin letters or digits (wordItems),
// and never with hyphenation in the word.
func isCJK(r rune) bool {
	return (r >= 0x2E80 && r <= 0x2FFF) || // radicals
		(r >= 0x3000 && r <= 0x303F) || // CJK punctuation
		(r >= 0x3040 && r <= 0x30FF) || // kana
		(r >= 0x3100 && r <= 0x31FF) ||
		(r >= 0x3400 && r <= 0x4DBF) || (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0xFF00 && r <= 0xFFEF) || // full-width forms
		(r > 0xFFFF && unicode.Is(unicode.Han, r))
}

// isDefaultIgnorable reports characters that are drawn as nothing
// (unichar.Invisible: Unicode's default-ignorables and the emoji skin-tone
// modifiers), but for the soft hyphen and the zero-width space, break
// opportunities that the line breaker handles before this is asked. A real
// page's U+061C once came out as a visible U+FFFD.
func isDefaultIgnorable(r rune) bool {
	return r != softHyphen && !isZeroWidthBreak(r) && unichar.Invisible(r)
}
