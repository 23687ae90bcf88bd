package layout

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/runenames"

	"pdfexport/internal/unichar"
)

// This file holds what layout needs to know about writing systems: Arabic
// contextual shaping (the PDF library does none, so letters are replaced by
// their Unicode presentation forms), right-to-left ordering within a line,
// line-break opportunities in Chinese and Japanese text (a simplified UAX
// #14), and the deliberate treatment of characters no embedded face can draw.

// arabicForms gives, for each Arabic letter that changes shape, its isolated,
// final, initial and medial presentation forms (0 where the letter has none:
// right-joining letters never connect to the letter after them).
var arabicForms = map[rune][4]rune{
	0x0621: {0xFE80, 0, 0, 0},
	0x0622: {0xFE81, 0xFE82, 0, 0}, 0x0623: {0xFE83, 0xFE84, 0, 0}, 0x0624: {0xFE85, 0xFE86, 0, 0},
	0x0625: {0xFE87, 0xFE88, 0, 0}, 0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C}, 0x0627: {0xFE8D, 0xFE8E, 0, 0},
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92}, 0x0629: {0xFE93, 0xFE94, 0, 0}, 0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C}, 0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0}, 0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8}, 0x062F: {0xFEA9, 0xFEAA, 0, 0}, 0x0630: {0xFEAB, 0xFEAC, 0, 0},
	0x0631: {0xFEAD, 0xFEAE, 0, 0}, 0x0632: {0xFEAF, 0xFEB0, 0, 0}, 0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4},
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8}, 0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC}, 0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4}, 0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8}, 0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC},
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0}, 0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4}, 0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC}, 0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0}, 0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4},
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8}, 0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC}, 0x0648: {0xFEED, 0xFEEE, 0, 0},
	0x0649: {0xFEEF, 0xFEF0, 0, 0}, 0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
	// Persian and Urdu letters
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59}, 0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D}, 0x0698: {0xFB8A, 0xFB8B, 0, 0},
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91}, 0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95}, 0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF},
}

// lamAlef are the ligatures of lam with a following alef: isolated and final.
var lamAlef = map[rune][2]rune{
	0x0622: {0xFEF5, 0xFEF6}, 0x0623: {0xFEF7, 0xFEF8}, 0x0625: {0xFEF9, 0xFEFA}, 0x0627: {0xFEFB, 0xFEFC},
}

const tatweel = 0x0640

// arabicTransparent reports the marks (harakat) that do not break joining.
func arabicTransparent(r rune) bool {
	return (r >= 0x064B && r <= 0x065F) || r == 0x0670 || (r >= 0x06D6 && r <= 0x06ED)
}

// joinsForward reports whether r connects to the letter after it.
func joinsForward(r rune) bool {
	f, ok := arabicForms[r]
	return (ok && f[2] != 0) || r == tatweel
}

// joinsBackward reports whether r connects to the letter before it.
func joinsBackward(r rune) bool {
	f, ok := arabicForms[r]
	return (ok && f[1] != 0) || r == tatweel
}

// shapeArabic replaces Arabic letters by the presentation forms their
// neighbours call for, and lam-alef pairs by their ligatures, keeping logical
// order. Text without Arabic letters is returned unchanged.
func shapeArabic(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { _, ok := arabicForms[r]; return ok }) {
		return s
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	neighbour := func(i, step int) rune { // the nearest non-mark letter
		for j := i + step; j >= 0 && j < len(rs); j += step {
			if !arabicTransparent(rs[j]) {
				return rs[j]
			}
		}
		return 0
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		forms, ok := arabicForms[r]
		if !ok {
			out = append(out, r)
			continue
		}
		joinPrev := joinsBackward(r) && joinsForward(neighbour(i, -1))
		if r == 0x0644 && i+1 < len(rs) {
			if lig, ok := lamAlef[rs[i+1]]; ok {
				if joinPrev {
					out = append(out, lig[1])
				} else {
					out = append(out, lig[0])
				}
				i++
				continue
			}
		}
		joinNext := joinsForward(r) && joinsBackward(neighbour(i, 1))
		form := forms[0]
		switch {
		case joinPrev && joinNext:
			form = forms[3]
		case joinPrev:
			form = forms[1]
		case joinNext:
			form = forms[2]
		}
		out = append(out, form)
	}
	return string(out)
}

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

// paragraphRTL decides a paragraph's direction by its first strong
// character (UAX #9, P2); a paragraph without one (a date, a number) takes the
// direction of the article's language.
func paragraphRTL(text, lang string) bool {
	for _, r := range text {
		switch {
		case isRTL(r):
			return true
		case isLTRStrong(r) && !unicode.IsDigit(r):
			return false
		}
	}
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	return rtlLangs[base]
}

// mirrored are the paired characters drawn mirrored in right-to-left text.
var mirrored = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«'}

// visualInLTR is visualRTL for a word inside a left-to-right paragraph:
// punctuation before and after the right-to-left letters stays on its side
// ("ירושלים;" keeps its semicolon on the right).
func visualInLTR(s string) string {
	start := strings.IndexFunc(s, func(r rune) bool { return isRTL(r) || isLTRStrong(r) })
	end := strings.LastIndexFunc(s, func(r rune) bool { return isRTL(r) || isLTRStrong(r) || isMark(r) })
	if start < 0 {
		return s
	}
	_, size := utf8.DecodeRuneInString(s[end:])
	return s[:start] + visualRTL(s[start:end+size]) + s[end+size:]
}

// visualRTL turns the logical text of one word of right-to-left text into
// the order it is drawn in from left to right: right-to-left and neutral
// characters reversed and mirrored, runs of digits and Latin letters kept in
// their own order ("ב-2024" is drawn "2024-ב").
func visualRTL(s string) string {
	rs := []rune(s)
	var segs [][]rune
	for i := 0; i < len(rs); {
		j := i + 1
		ltr := isLTRStrong(rs[i])
		for j < len(rs) && (isLTRStrong(rs[j]) == ltr || isMark(rs[j])) {
			j++
		}
		// Punctuation inside a number ("2,400", "3.5") stays with it.
		for ltr && j+1 < len(rs) && strings.ContainsRune(".,:", rs[j]) && isLTRStrong(rs[j+1]) {
			j += 2
			for j < len(rs) && isLTRStrong(rs[j]) {
				j++
			}
		}
		seg := rs[i:j]
		if !ltr {
			seg = reverseClusters(seg)
		}
		segs = append(segs, seg)
		i = j
	}
	var b strings.Builder
	for k := len(segs) - 1; k >= 0; k-- {
		b.WriteString(string(segs[k]))
	}
	return b.String()
}

// reverseClusters reverses right-to-left text for drawing, keeping each
// combining mark (Arabic harakat, Hebrew points) after its base letter, where
// the font positions it, and mirroring paired punctuation.
func reverseClusters(rs []rune) []rune {
	out := make([]rune, 0, len(rs))
	for end := len(rs); end > 0; {
		start := end - 1
		for start > 0 && isMark(rs[start]) {
			start-- // the marks' base
		}
		for k := start; k < end; k++ {
			r := rs[k]
			if m, ok := mirrored[r]; ok {
				r = m
			}
			out = append(out, r)
		}
		end = start
	}
	return out
}

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

// stand-in is what is drawn for a character no embedded face has: an emoji
// or other symbol as its Unicode name in brackets ("[slightly smiling face]",
// "[flag: FR]"), so the reader keeps its meaning and search finds it; any other
// character (a rare ideograph beyond the BMP, an unsupported script) as U+FFFD.
func standIn(r, next rune) (text string, consumesNext bool) {
	if isRegionalIndicator(r) && isRegionalIndicator(next) {
		return "[flag: " + string('A'+r-0x1F1E6) + string('A'+next-0x1F1E6) + "]", true
	}
	if unichar.Symbol(r) {
		if name := runenames.Name(r); name != "" {
			return "[" + strings.ToLower(name) + "]", false
		}
	}
	return "\uFFFD", false
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }
