// Package dictbreak finds the words of Thai, Lao, Khmer and Burmese text,
// which is written without spaces between them: UAX #14 gives these
// letters class SA and leaves their line breaks to a dictionary, which
// go-text's segmenter does not have. A line may end only between words, so
// without this a Thai paragraph broke only where a word was too long for a
// line, and its spaces (between phrases) stretched to fill the rest.
//
// The dictionaries are ICU's (thaidict, laodict, khmerdict, burmesedict),
// taken from Debian 12's libicu72 by gen (go generate) and embedded as word
// lists (about 790 KB gzipped); their licence is data/ICU-LICENSE, ICU
// 72.1's own, which holds the Lao and Burmese lists' notices. ICU's is the
// segmentation readers meet in browsers and in every ICU-based tool, it is
// the only freely licensed set with all four languages (libthai has Thai
// alone), and node's ICU 78 carries the very same word lists (gen -lib
// /usr/bin/node -symbol icudt78_dat -prefix icudt78l/ writes identical
// files), so the tests can hold the result to ICU's own answer.
//
// The rule. Two segmentations are found over the places where a word may
// begin (never inside a grapheme cluster or a syllable; see markAllowed):
//
//   - the minimal one, by dynamic programming: the fewest characters in no
//     dictionary word, then the fewest words, ties to the longer first
//     word. A stretch in no word is one unknown piece (a name, a loan
//     word), and no boundary is put inside it or at its edges, since where
//     a word the dictionary lacks begins is what the dictionary cannot say;
//   - ICU's own (greedy, in icu.go): its engines' longest-match-first with
//     a look-ahead of three words and their way of skipping unknown text.
//
// A boundary is kept only where both find one, between two dictionary
// words. Where the dictionary covers the text they agree; near a word it
// lacks each errs in its own way, and a boundary only one of them makes
// would end a line inside what a reader (or every other program) takes
// for one word. Runs shorter than five characters are not divided (ICU's
// rule too). The result is a subset of ICU's boundaries: on CLDR's text and
// on Debian's translations in these languages, every boundary is ICU's, and
// 64 to 92 % of ICU's are found (those left out are mostly ICU's guesses
// inside names: อับ|ฮา|เซี|ย, Abkhazia).
//
// The package imports the standard library only. A script's dictionary is
// built at its first use (30 to 70 ms); segmenting then costs about 75 ns
// a character (BenchmarkBoundaries).
package dictbreak

import (
	"iter"
	"unicode"
)

// minSpan is the fewest characters a run must have to be divided. Shorter
// runs, between spaces, are nearly all one word or a name in syllables of
// the dictionary (Thai ไอนุ, Ainu, is ไอ "cough" and นุ), and a line gains
// little from a break inside four characters. ICU's engines leave such
// runs whole too (node's Intl.Segmenter keeps ไปมา, "to and fro", whole and
// divides ไปมาก).
const minSpan = 5

// Segmenter finds word boundaries. It keeps its buffers between calls and
// is not safe for concurrent use.
type Segmenter struct {
	runes   []rune
	offsets []int   // byte offset of each rune, and the text's length
	allowed []bool  // a word may begin before rune i
	best    []state // the best segmentation of runes[:i]
	icu     []bool  // ICU's engine breaks before rune i (see greedy)
}

// state is the best segmentation found of a prefix: its cost and its last
// piece.
type state struct {
	unknown int32 // characters in no dictionary word
	words   int32
	from    int32 // where the last piece starts; -1: unreached
	known   bool  // the last piece is a dictionary word
}

// better reports whether a is at least as good as b: fewer characters in
// no word, then fewer words. Candidates are offered in order of where their
// last piece starts, so that between equals the later start wins: the
// earlier words are the longer, as in ICU's longest-match-first (Burmese
// စကား|သည် rather than စ|ကားသည်, both two words of its dictionary).
func (a state) better(b state) bool {
	if b.from < 0 {
		return true
	}
	if a.unknown != b.unknown {
		return a.unknown < b.unknown
	}
	return a.words <= b.words
}

// Applies reports whether r is a letter or mark of one of the scripts that
// a dictionary segments: the characters UAX #14 gives class SA (their
// digits and punctuation are not). A run of such characters is what
// Boundaries takes.
func Applies(r rune) bool {
	return scriptOf(r) != noScript && (unicode.IsLetter(r) || unicode.IsMark(r))
}

// Runs yields the byte range [lo, hi) of each run of text that Boundaries
// takes: characters for which Applies holds, with the joiners (ZWJ, ZWNJ)
// between and after them. Their ends are not word boundaries of this
// package's: they are where other text begins.
func Runs(text string) iter.Seq2[int, int] {
	return func(yield func(lo, hi int) bool) {
		start := -1
		for i, r := range text {
			in := Applies(r) || start >= 0 && isJoiner(r)
			switch {
			case in && start < 0:
				start = i
			case !in && start >= 0:
				if !yield(start, i) {
					return
				}
				start = -1
			}
		}
		if start >= 0 {
			yield(start, len(text))
		}
	}
}

// TextBoundaries appends to dst the word boundaries inside every run of
// text (Runs), as byte offsets in text, in order: Boundaries for any text,
// a paragraph of several scripts among them.
func (s *Segmenter) TextBoundaries(dst []int, text string) []int {
	for lo, hi := range Runs(text) {
		from := len(dst)
		dst = s.Boundaries(dst, text[lo:hi])
		for i := from; i < len(dst); i++ {
			dst[i] += lo
		}
	}
	return dst
}

// Boundaries appends to dst the byte offsets inside text where a word ends
// and another begins, in order; never 0 or len(text). Text is expected to
// be a run of characters for which Applies holds (and the joiners ZWJ and
// ZWNJ among them), in one script: its first letter's, whose dictionary is
// used. Anything else, a letter of another script too, is taken as a
// character in no word.
func (s *Segmenter) Boundaries(dst []int, text string) []int {
	s.runes, s.offsets = s.runes[:0], s.offsets[:0]
	for i, r := range text {
		s.runes = append(s.runes, r)
		s.offsets = append(s.offsets, i)
	}
	s.offsets = append(s.offsets, len(text))
	n := len(s.runes)
	if n < minSpan {
		return dst
	}
	s.markAllowed()
	// The first letter's script chooses the dictionary; a letter of
	// another script is in no word of it.
	sc := noScript
	for _, r := range s.runes {
		if sc = scriptOf(r); sc != noScript {
			break
		}
	}
	if sc != noScript {
		dst = s.segment(dst, dictionary(sc), sc, 0, n)
	}
	return dst
}

// segment appends the boundaries inside runes[lo:hi], all of script sc.
func (s *Segmenter) segment(dst []int, t *trie, sc script, lo, hi int) []int {
	n := hi - lo
	s.best = s.best[:0]
	for range n + 1 {
		s.best = append(s.best, state{from: -1})
	}
	s.best[0] = state{from: 0, known: true}
	best := s.best
	for i := 0; i < n; i++ {
		cur := best[i]
		if cur.from < 0 || !s.allowed[lo+i] && i > 0 {
			continue
		}
		// Every dictionary word that starts here and ends where a word may.
		node := int32(0)
		for j := i; j < n; j++ {
			r := s.runes[lo+j]
			b := toByte(sc, r)
			if b == noByte || !isJoiner(r) && scriptOf(r) != sc {
				break
			}
			if node = t.next(node, byte(b)); node == 0 {
				break
			}
			if t.word[node] && (j+1 == n || s.allowed[lo+j+1]) {
				c := state{unknown: cur.unknown, words: cur.words + 1, from: int32(i), known: true}
				if c.better(best[j+1]) {
					best[j+1] = c
				}
			}
		}
		// Or the next cluster, in no word. A run of such clusters is one
		// piece: only the first of them counts as a word.
		k := i + 1
		for k < n && !s.allowed[lo+k] {
			k++
		}
		c := state{unknown: cur.unknown + int32(k-i), words: cur.words, from: int32(i)}
		if cur.known || i == 0 {
			c.words++
		}
		if c.better(best[k]) {
			best[k] = c
		}
	}
	// Walk back from the end, then append the boundaries in order: those
	// between two dictionary words that ICU's engine finds too.
	s.icu = s.icu[:0]
	for range len(s.runes) + 1 {
		s.icu = append(s.icu, false)
	}
	s.greedy(t, sc, lo, hi)
	mark := len(dst)
	for i := n; i > 0; {
		st := best[i]
		from := int(st.from)
		if from > 0 && st.known && best[from].known && s.icu[lo+from] {
			dst = append(dst, s.offsets[lo+from])
		}
		i = from
	}
	for a, b := mark, len(dst)-1; a < b; a, b = a+1, b-1 {
		dst[a], dst[b] = dst[b], dst[a]
	}
	return dst
}

// markAllowed finds before which runes a word may begin: never inside a
// grapheme cluster (before a mark or a joiner, after a joiner), and never
// inside what the scripts write as one syllable:
//
//   - Thai and Lao leading vowels (เ แ โ ใ ไ, ເ ແ ໂ ໃ ໄ) are written
//     before the consonant they follow in speech: nothing comes between;
//   - Thai and Lao sara a, sara aa and sara am (ะ า ำ, ະ າ ຳ), the
//     repetition marks (ๆ ໆ, Khmer ៗ) and the abbreviation marks (ฯ ຯ)
//     end what comes before them;
//   - a Khmer coeng (U+17D2) or a Myanmar virama (U+1039) stacks the next
//     consonant under the one before;
//   - a consonant silenced by a killer (Thai ์, Lao ໌, Khmer ៍, Myanmar
//     asat ်, in kinzi too) closes the syllable before it.
func (s *Segmenter) markAllowed() {
	n := len(s.runes)
	s.allowed = s.allowed[:0]
	for i := range n {
		r := s.runes[i]
		ok := i > 0
		switch {
		case !ok:
		case unicode.IsMark(r) || isJoiner(r) || isJoiner(s.runes[i-1]):
			ok = false
		case bindsBefore(r) || bindsAfter(s.runes[i-1]):
			ok = false
		case i+1 < n && isKiller(s.runes[i+1]):
			ok = false
		}
		s.allowed = append(s.allowed, ok)
	}
	s.allowed = append(s.allowed, true)
}

func isJoiner(r rune) bool { return r == '\u200C' || r == '\u200D' }

// bindsAfter: nothing may come between r and what follows it.
func bindsAfter(r rune) bool {
	return 0x0E40 <= r && r <= 0x0E44 || 0x0EC0 <= r && r <= 0x0EC4 || r == 0x17D2 || r == 0x1039
}

// bindsBefore: nothing may come between r and what precedes it.
func bindsBefore(r rune) bool {
	switch r {
	case 0x0E30, 0x0E32, 0x0E33, 0x0E45, 0x0E46, 0x0E2F,
		0x0EB0, 0x0EB2, 0x0EB3, 0x0EC6, 0x0EAF,
		0x17D7:
		return true
	}
	return false
}

// isKiller reports the marks that silence the consonant they follow.
func isKiller(r rune) bool {
	return r == 0x0E4C || r == 0x0ECC || r == 0x17CD || r == 0x103A
}
