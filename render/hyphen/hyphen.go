// Package hyphen finds the places where a word may be hyphenated, with Frank Liang's
// pattern algorithm (the one TeX uses) and embedded pattern files per language.
//
// The languages are US and British English, German (reformed orthography),
// French, Spanish, Italian, Portuguese, Dutch and Russian. The patterns and
// TeX exception lists (\hyphenation) are hyph-utf8's plain-text files as
// shipped by TeX Live, embedded unmodified (about 550 kB in all); see
// patterns/LICENSES.md for each file's origin, licence and the minimum
// fragment lengths used. A language's files are parsed into a trie the first
// time one of its words is hyphenated (from under 0.1 ms for Portuguese to
// about 10 ms for German, whose trie then takes about 1.2 MB) and kept for the
// life of the process. For the same word, minimums and exceptions the breaks
// are the ones TeX finds (checked against LuaTeX on large word lists).
//
// Points expects a single word made of letters only: splitting text into
// words, and stripping leading and trailing punctuation, quotes, digits and
// explicit hyphens, is the caller's job. Within a word, Points accepts:
//   - letters (Unicode category L), matched case-insensitively;
//   - the apostrophes ' and ’ between two letters. French and Italian
//     patterns know them ("au-jour-d’hui", "del-l'an-no"). For the other
//     languages an apostrophe ends a word and starts another, as in TeX, each
//     with its own minimums: "hy-phen-ation's", "shouldn't" (no break in
//     "shouldn" leaves three letters on its right). A break never touches an
//     apostrophe;
//   - combining marks after a letter: a decomposed "e"+U+0301 is composed to
//     "é" (NFC) before matching, and a mark that cannot be composed, such as
//     a Russian stress accent, is ignored; a break never separates a mark from
//     its letter.
//
// Anything else makes the word unhyphenatable and Points returns nil.
package hyphen

import (
	"embed"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed patterns/*.txt
var patternFiles embed.FS

// Hyphenator hyphenates words of one language. Safe for concurrent use.
type Hyphenator struct {
	tag         string // hyph-utf8 file tag, such as "en-us"
	left, right int    // \lefthyphenmin, \righthyphenmin
	exceptions  bool   // whether a .hyp.txt file ships with the patterns

	once sync.Once
	pats *patterns
}

// The minimums are those given under "hyphenmins: typesetting:" in each
// pattern file's hyph-utf8 .tex source, which agree with TeX Live's
// language.dat.lua.
var (
	enUS = &Hyphenator{tag: "en-us", left: 2, right: 3, exceptions: true}
	enGB = &Hyphenator{tag: "en-gb", left: 2, right: 3, exceptions: true}
	de   = &Hyphenator{tag: "de-1996", left: 2, right: 2}
	fr   = &Hyphenator{tag: "fr", left: 2, right: 2}
	es   = &Hyphenator{tag: "es", left: 2, right: 2}
	it   = &Hyphenator{tag: "it", left: 2, right: 2}
	pt   = &Hyphenator{tag: "pt", left: 2, right: 3, exceptions: true}
	nl   = &Hyphenator{tag: "nl", left: 2, right: 2, exceptions: true}
	ru   = &Hyphenator{tag: "ru", left: 2, right: 2, exceptions: true}

	byLanguage = map[string]*Hyphenator{
		"de": de, "en": enUS, "es": es, "fr": fr, "it": it, "nl": nl, "pt": pt, "ru": ru,
	}
)

// ForLang returns the hyphenator for a BCP 47 tag: "en", "en-US", "en-GB", "de", "de-CH", "fr",
// "es", "it", "pt", "pt-BR", "nl", "ru", case-insensitive. "en" and "en-*" other than en-GB map
// to US English; an empty tag means US English. ok is false for a language without patterns.
// Patterns are parsed on first use of each language and kept for the life of the process.
//
// Only the primary language subtag and, for English, the region subtag
// matter: "de-AT", "fr-CA", "pt-PT", "es-419" and "en-Latn-GB" are all
// accepted. '_' is taken for '-' ("en_GB").
func ForLang(tag string) (h *Hyphenator, ok bool) {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if tag == "" {
		return enUS, true
	}
	tag = strings.ReplaceAll(tag, "_", "-")
	primary, rest, _ := strings.Cut(tag, "-")
	h, ok = byLanguage[primary]
	if !ok {
		return nil, false
	}
	if h == enUS && region(rest) == "gb" {
		return enGB, true
	}
	return h, true
}

// region returns the region subtag among the subtags that follow the
// primary language subtag (lower case, '-' separated), or "".
func region(subtags string) string {
	for s := range strings.SplitSeq(subtags, "-") {
		switch {
		case len(s) == 1:
			return "" // an extension or private use follows
		case len(s) == 2 && isAlpha(s), len(s) == 3 && isDigits(s):
			return s
		case len(s) == 3 && isAlpha(s), len(s) == 4:
			// An extended language or a script subtag; go on.
		default:
			return "" // a variant: the region, if any, came before
		}
	}
	return ""
}

func isAlpha(s string) bool {
	for _, c := range []byte(s) {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Languages lists the supported base tags, sorted.
func Languages() []string {
	tags := make([]string, 0, len(byLanguage))
	for t := range byLanguage {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	return tags
}

// load returns the parsed patterns, parsing them on first use.
func (h *Hyphenator) load() *patterns {
	h.once.Do(func() { h.pats = loadPatterns(h.tag, h.exceptions) })
	return h.pats
}

// loadPatterns parses the embedded files of one hyph-utf8 language tag. The
// files are known at build time and covered by the tests; a file that could
// not be read would leave the language without patterns rather than panic.
func loadPatterns(tag string, withExceptions bool) *patterns {
	src, _ := patternFiles.ReadFile("patterns/hyph-" + tag + ".pat.txt")
	var exc map[string][]uint8
	if withExceptions {
		hyp, _ := patternFiles.ReadFile("patterns/hyph-" + tag + ".hyp.txt")
		exc = parseExceptions(string(hyp))
	}
	return buildPatterns(parsePatterns(string(src)), exc)
}

// stackChars is the word length, in characters, up to which Points works
// without allocating anything but its result.
const stackChars = 64

// Points returns the byte offsets in word at which a hyphen may be inserted (a break between
// word[:i] and word[i:]), in increasing order. It honours the language's minimum left and right
// fragment lengths in characters (TeX's \lefthyphenmin/\righthyphenmin: 2/3 for English, 2/2
// for most others - use the values the pattern authors specify) and returns nil for words shorter
// than left+right characters. Matching is case-insensitive (lower-case the word with unicode
// rules, keeping track of byte offsets in the ORIGINAL word, which may differ in length after
// lower-casing).
//
// Points expects just the letters of one word (see the package documentation
// for apostrophes and combining marks): a word with any other character, such
// as a digit, a hyphen or punctuation, is not hyphenated and gives nil, as do
// invalid UTF-8 and the empty string. A word found in the language's
// exception list (TeX's \hyphenation) gets the exception's breaks instead of
// the patterns', subject to the same minimums.
func (h *Hyphenator) Points(word string) []int {
	if h == nil || h.tag == "" || len(word) < 2 {
		return nil
	}
	pats := h.load()

	// text is "." + the lower-cased word + "."; starts[j] is the byte
	// offset of character j in text and offs[j] the byte offset in word at
	// which a break before character j would go (-1: no break there).
	// Character 0 is the leading '.', so the word's characters are 1..n,
	// and a break before character j is at gap j of Liang's algorithm.
	//
	// When the language's patterns have no apostrophes, an apostrophe
	// separates words as in TeX, where it is not a letter: "hyphenation's"
	// is hyphenated as "hyphenation", and "don't" as "don" and "t". It is
	// then written into text as the word-edge marker '.', so that one pass
	// of the patterns treats each side as a word of its own.
	var (
		textBuf   [4 * (stackChars + 2)]byte
		startsBuf [stackChars + 2]int32
		offsBuf   [stackChars + 2]int32
		valsBuf   [stackChars + 3]uint8
		pointsBuf [stackChars]int
	)
	text := append(textBuf[:0], '.')
	starts := append(startsBuf[:0], 0)
	offs := append(offsBuf[:0], -1)
	separate := !pats.apostrophes

	lastApos := false // whether the last character is an apostrophe
	addChar := func(r rune, off int, breakable bool) bool {
		apos := false
		switch {
		case unicode.IsLetter(r):
		case r == '\'' || r == '’':
			if len(starts) == 1 || lastApos {
				return false // leading or doubled apostrophe
			}
			apos = true
		case unicode.Is(unicode.M, r):
			// Kept only when the mark follows a letter: it is then
			// dropped, and stays on that letter's side of any break.
			return len(starts) > 1 && !lastApos
		default:
			return false
		}
		if !breakable || apos || lastApos {
			off = -1
		}
		lastApos = apos
		starts = append(starts, int32(len(text)))
		offs = append(offs, int32(off))
		if apos && separate {
			text = append(text, '.')
		} else {
			text = utf8.AppendRune(text, unicode.ToLower(r))
		}
		return true
	}

	if !utf8.ValidString(word) {
		return nil
	}
	composed := true
	for off, r := range word {
		if r >= 0x300 && unicode.Is(unicode.M, r) {
			composed = false
			break
		}
		if !addChar(r, off, true) {
			return nil
		}
	}
	if !composed {
		// A combining mark: start again, composing the word (NFC) one
		// normalisation segment at a time to keep the offsets into the
		// original. Only a segment's start may take a break.
		text, starts, offs, lastApos = text[:1], starts[:1], offs[:1], false
		var it norm.Iter
		it.InitString(norm.NFC, word)
		for !it.Done() {
			off := it.Pos()
			seg := it.Next()
			for i, r := range string(seg) {
				if !addChar(r, off, i == 0) {
					return nil
				}
			}
		}
	}
	n := len(starts) - 1 // letters and apostrophes
	if n < h.left+h.right || lastApos {
		return nil
	}
	starts = append(starts, int32(len(text)))
	text = append(text, '.')

	var (
		points  = pointsBuf[:0]
		vals    []uint8
		applied bool
	)
	// Each run [a, b) of characters between word edges is a word of its
	// own for the minimums and the exceptions.
	for a := 1; a <= n; {
		b := a
		for b <= n && !(separate && text[starts[b]] == '.') {
			b++
		}
		if b-a < h.left+h.right {
			a = b + 1
			continue
		}
		if brk, ok := pats.exceptions[string(text[starts[a]:starts[b]])]; ok {
			for _, k := range brk {
				if j := a + int(k); int(k) >= h.left && b-j >= h.right && offs[j] >= 0 {
					points = append(points, int(offs[j]))
				}
			}
			a = b + 1
			continue
		}
		if !applied {
			if len(starts)+1 <= len(valsBuf) {
				vals = valsBuf[:len(starts)+1]
			} else {
				vals = make([]uint8, len(starts)+1)
			}
			pats.apply(text, starts, vals)
			applied = true
		}
		for j := a + h.left; j <= b-h.right; j++ {
			if vals[j]&1 == 1 && offs[j] >= 0 {
				points = append(points, int(offs[j]))
			}
		}
		a = b + 1
	}
	if len(points) == 0 {
		return nil
	}
	return slices.Clone(points)
}
