// Package adversarial builds article texts shaped to make a typesetter do
// as much work as possible per byte: zero-width marks in alternating fonts,
// break opportunities every character, words wider than any line, scripts
// that change every character. Each shape is the body of a plain-text article
// (the site's format) of a requested size, next to ordinary prose of the same
// size, so that benchmarks and tests can compare the two. The shapes come
// from what real text and reviews found (see issue 12 of the project), not
// from what the code happens to handle.
package adversarial

import (
	"strings"
)

// Shape is one kind of hostile text.
type Shape struct {
	Name string
	// Body returns about n bytes of body text (no title).
	Body func(n int) string
}

// repeat fills about n bytes with unit, whole units only.
func repeat(unit string, n int) string {
	return strings.Repeat(unit, max(n/len(unit), 1))
}

// Prose is ordinary English running text: paragraphs of real sentences.
const prose = "Seventy years after the end of the Second World War, Russia and Japan have still not signed a peace treaty. " +
	"The dispute over four islands off Hokkaido, which the Soviet Union seized in the last days of the war, " +
	"has defeated every attempt at a settlement, and the meetings of the two leaders produced warm words, " +
	"joint economic projects and very little else.\n\n"

// Prose is the baseline: ordinary paragraphs of the same size.
var Prose = Shape{"prose", func(n int) string { return repeat(prose, n) }}

// Shapes are the hostile texts.
var Shapes = []Shape{
	// The review's input: zero-width marks from two fonts (a combining acute
	// in the Latin face, a Hebrew point in the Hebrew face) between ordinary
	// words and a word wider than the line.
	{"marks-two-fonts", func(n int) string {
		head, tail := strings.Repeat("word ", 90), strings.Repeat("W", 80)
		return head + repeat("\u0301\u05B0", n-len(head)-len(tail)) + tail
	}},
	// The same, with a zero-width space after each pair of marks: a break
	// opportunity that never makes a line longer, again and again.
	{"marks-zero-width-spaces", func(n int) string {
		head, tail := strings.Repeat("word ", 90), strings.Repeat("W", 80)
		return head + repeat("\u0301\u05B0\u200B", n-len(head)-len(tail)) + tail
	}},
	// Marks alone, as words of their own between spaces.
	{"marks-spaced", func(n int) string { return repeat("\u0301 ", n) }},
	// One-letter words: the most interword glue per byte.
	{"one-letter-words", func(n int) string { return repeat("a ", n) }},
	// A token with a URL break after every other character.
	{"url-breaks", func(n int) string { return repeat("i.", n) }},
	// A word with a soft hyphen after every letter.
	{"soft-hyphens", func(n int) string { return repeat("a\u00AD", n) }},
	// A long token of hyphenated parts: a break at every dash (the shape
	// that crashed wordBreaks).
	{"dashes", func(n int) string { return repeat("ab-", n) }},
	// Zero-width spaces between letters.
	{"zero-width-spaces", func(n int) string { return repeat("a\u200B", n) }},
	// No-break spaces: breakable only in the last-resort pass.
	{"no-break-spaces", func(n int) string { return repeat("a\u00A0", n) }},
	// Chinese without spaces: a break between every two characters.
	{"cjk", func(n int) string { return repeat("漢字", n) }},
	// Latin and Hebrew letters alternating in one word: a face change at
	// every character, and right-to-left runs inside a left-to-right line.
	{"alternating-scripts", func(n int) string { return repeat("aא", n) }},
	// Arabic with its marks and no spaces: shaping and one huge word.
	{"arabic-no-spaces", func(n int) string { return repeat("بِسْمِ", n) }},
	// One word with no break opportunity at all.
	{"one-long-word", func(n int) string { return repeat("x", n) }},
	// Emoji, drawn as their names: a few bytes become many glyphs.
	{"emoji", func(n int) string { return repeat("🙂", n) }},
	// Hyphenatable words too long for a line, with no spaces.
	{"long-hyphenatable", func(n int) string { return repeat("internationalisation", n) }},
	// As many paragraphs as an article may have (20,000), each of
	// one-letter words.
	{"most-paragraphs", func(n int) string {
		const paragraphs = 19_999
		p := repeat("a ", n/paragraphs-2) + "\n\n"
		return strings.Repeat(p, paragraphs)
	}},
}

// Article returns a whole plain-text article: a title and body.
func Article(s Shape, n int) []byte {
	return []byte("Adversarial " + s.Name + "\n\n" + s.Body(n))
}
