package layout

import (
	"strings"
	"unicode"

	"pdfexport/internal/unichar"
)

// This file holds what layout itself needs to know about writing systems:
// which languages run right to left, and line-break opportunities in Chinese
// and Japanese text (a simplified UAX #14). Shaping, bidi levels and font
// fallback are package text's.

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

// Line breaking in Chinese and Japanese text, after UAX #14: a line may break
// between any two ideographs, kana or full-width forms, but not before closing
// punctuation, small kana or iteration marks, and not after opening
// punctuation. Korean is written with spaces and breaks at them.

func isCJKBreakable(r rune) bool {
	return (r >= 0x2E80 && r <= 0x2FFF) || // radicals
		(r >= 0x3000 && r <= 0x303F) || // CJK punctuation
		(r >= 0x3040 && r <= 0x30FF) || // kana
		(r >= 0x3100 && r <= 0x31FF) ||
		(r >= 0x3400 && r <= 0x4DBF) || (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0xFF00 && r <= 0xFFEF) // full-width forms
}

const noBreakBefore = "、。，．・：；？！ー」』）〕】〉》｝〙〗〟’”｠»゛゜ヽヾゝゞ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ" + "%％‰℃°)]},.;:!?"
const noBreakAfter = "「『（〔【〈《｛〘〖〝‘“｟«([{"

// cjkBreakAllowed reports whether a line may break between a and b, at least
// one of them Chinese or Japanese.
func cjkBreakAllowed(a, b rune) bool {
	if !isCJKBreakable(a) && !isCJKBreakable(b) {
		return false
	}
	return !strings.ContainsRune(noBreakBefore, b) && !strings.ContainsRune(noBreakAfter, a)
}

// isDefaultIgnorable reports characters that are drawn as nothing
// (unichar.Invisible: Unicode's default-ignorables and the emoji skin-tone
// modifiers), but for the soft hyphen and the zero-width space, break
// opportunities that the line breaker handles before this is asked. A real
// page's U+061C once came out as a visible U+FFFD.
func isDefaultIgnorable(r rune) bool {
	return r != softHyphen && !isZeroWidthBreak(r) && unichar.Invisible(r)
}
