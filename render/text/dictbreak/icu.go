package dictbreak

import "unicode"

// ICU's dictionary engines (dictbe.cpp) do not find the segmentation with
// the fewest unknown characters: they take words greedily, longest first,
// keeping a word when two more words can follow it, and where no word
// fits they skip ahead to a plausible start and fold what they skipped
// into the word before. On text the dictionary covers, the two agree; near
// a word it lacks, ICU cuts the rest of the stretch unlike Thai readers
// (สตรีมก่อนกำหนด, "stream before the end", becomes สตรี|มก่อ|นกำ|หนด),
// and the minimal segmentation may keep a boundary ICU does not (ก่อน|กำหนด).
// Browsers break lines where ICU does, and a reader meets ICU's words in
// every other program; a boundary ICU does not make would end a line inside
// what the reader's other tools call one word. So the segmenter keeps only
// the boundaries both ways find (Segmenter.Boundaries): where they differ,
// the line does not break. greedy is ICU's way, written from the published
// description of its engines, with ICU's constants.

// icuLookahead is how many words ICU looks ahead, and the other constants
// are its thresholds: a word shorter than rootCombine code points absorbs
// an unknown stretch after it unless that stretch starts like a dictionary
// word of at least prefixCombine code points.
const (
	icuLookahead     = 3
	icuRootCombine   = 3
	icuPrefixCombine = 3
	icuMaxCandidates = 20
)

// candidates are the dictionary words that start at one place, as ICU's
// PossibleWord keeps them.
type candidates struct {
	offset  int // where they start; -1: not yet looked up
	lengths [icuMaxCandidates]int
	count   int
	prefix  int // the longest match with any dictionary entry's start
	current int
	mark    int
}

// lookUp finds the words at pos (once per position, as ICU caches them),
// makes the longest current and marked, and returns how many there are and
// where the longest ends (pos when there is none).
func (c *candidates) lookUp(s *Segmenter, t *trie, sc script, pos, end int) (int, int) {
	if pos != c.offset {
		c.offset, c.count, c.prefix = pos, 0, 0
		node := int32(0)
		for j := pos; j < end; j++ {
			b := toByte(sc, s.runes[j])
			if b == noByte {
				break
			}
			if node = t.next(node, byte(b)); node == 0 {
				break
			}
			c.prefix = j + 1 - pos
			if t.word[node] && c.count < icuMaxCandidates {
				c.lengths[c.count] = j + 1 - pos
				c.count++
			}
		}
	}
	c.current, c.mark = c.count-1, c.count-1
	if c.count == 0 {
		return 0, pos
	}
	return c.count, pos + c.lengths[c.count-1]
}

// backUp makes the next shorter word current and returns where it ends.
func (c *candidates) backUp() (int, bool) {
	if c.current > 0 {
		c.current--
		return c.offset + c.lengths[c.current], true
	}
	return 0, false
}

func (c *candidates) accept() int { return c.lengths[c.mark] }

// greedy marks in icu[lo+1 .. hi-1] the boundaries ICU's engine for sc
// finds inside runes[lo:hi].
func (s *Segmenter) greedy(t *trie, sc script, lo, hi int) {
	if hi-lo <= minSpan-1 {
		return
	}
	var words [icuLookahead]candidates
	for i := range words {
		words[i].offset = -1
	}
	found := 0
	w := func(k int) *candidates { return &words[(found+k)%icuLookahead] }
	for cur := lo; cur < hi; {
		length := 0 // in code points: ICU counts both, and they agree here
		n, pos := w(0).lookUp(s, t, sc, cur, hi)
		switch {
		case n == 1:
			length = w(0).accept()
			found++
		case n > 1:
			if pos < hi {
			search:
				for {
					if m, p2 := w(1).lookUp(s, t, sc, pos, hi); m > 0 {
						w(0).mark = w(0).current
						if p2 >= hi {
							break search
						}
						for {
							if m3, _ := w(2).lookUp(s, t, sc, p2, hi); m3 > 0 {
								w(0).mark = w(0).current
								break search
							}
							var ok bool
							if p2, ok = w(1).backUp(); !ok {
								break
							}
						}
					}
					var ok bool
					if pos, ok = w(0).backUp(); !ok {
						break
					}
				}
			}
			length = w(0).accept()
			found++
		}
		pos = cur + length
		// An unknown stretch after a short word (or at the start) is
		// folded into it, up to a place where a word could end and
		// another begin and a dictionary word does begin.
		if pos < hi && length < icuRootCombine {
			if m, _ := w(0).lookUp(s, t, sc, pos, hi); m <= 0 && (length == 0 || w(0).prefix < icuPrefixCombine) {
				chars := 0
				for p := pos; ; {
					pc := s.runes[p]
					p++
					chars++
					if p >= hi {
						break
					}
					if icuEndsWord(sc, pc) && icuBeginsWord(sc, s.runes[p]) {
						if m, _ := w(1).lookUp(s, t, sc, p, hi); m > 0 {
							break
						}
					}
				}
				if length == 0 {
					found++
				}
				length += chars
			}
		}
		// Never stop before a combining mark.
		for cur+length < hi && icuMark(sc, s.runes[cur+length]) {
			length++
		}
		// Thai's paiyannoi and mai yamok (ฯ ๆ) join the word before them
		// when no dictionary word follows.
		if sc == thai && cur+length < hi && length > 0 {
			if m, _ := w(0).lookUp(s, t, sc, cur+length, hi); m <= 0 {
				p := cur + length
				if r := s.runes[p]; r == 0x0E2F && !icuThaiSuffix(s.runes[p-1]) {
					length++
					p++
				}
				if p < hi && s.runes[p] == 0x0E46 && s.runes[p-1] != 0x0E46 {
					length++
				}
			}
		}
		if length == 0 {
			// Unreachable (an unknown stretch always takes a character);
			// kept so that the loop cannot spin.
			length = 1
		}
		cur += length
		if cur < hi {
			s.icu[cur] = true
		}
	}
}

func icuThaiSuffix(r rune) bool { return r == 0x0E2F || r == 0x0E46 }

// icuMark: ICU's engines' fMarkSet, the script's marks (a space too, which
// a run here never holds).
func icuMark(sc script, r rune) bool { return scriptOf(r) == sc && unicode.IsMark(r) }

// icuEndsWord and icuBeginsWord are ICU's fEndWordSet and fBeginWordSet:
// which letters may end a word and begin one when it skips unknown text.
func icuEndsWord(sc script, r rune) bool {
	if scriptOf(r) != sc || !Applies(r) {
		return false
	}
	switch sc {
	case thai:
		return r != 0x0E31 && !(0x0E40 <= r && r <= 0x0E44)
	case lao:
		return !(0x0EC0 <= r && r <= 0x0EC4)
	case khmer:
		return r != 0x17D2
	}
	return true
}

func icuBeginsWord(sc script, r rune) bool {
	switch sc {
	case thai:
		return 0x0E01 <= r && r <= 0x0E2E || 0x0E40 <= r && r <= 0x0E44
	case lao:
		return 0x0E81 <= r && r <= 0x0EAE || 0x0EDC <= r && r <= 0x0EDD || 0x0EC0 <= r && r <= 0x0EC4
	case khmer:
		return 0x1780 <= r && r <= 0x17B3
	case myanmar:
		return 0x1000 <= r && r <= 0x102A
	}
	return false
}
