package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-text/typesetting/segmenter"

	"pdfexport/render/text/dictbreak"
)

// Break is a place where a line may end: before the byte at At of the text
// that was asked about.
type Break struct {
	At        int  // byte offset: the line ends before it
	Mandatory bool // the line must end here: after a line or paragraph separator, and at the end of the text
}

// Breaker finds where lines may break in a paragraph, by the rules of
// UAX #14 as go-text/typesetting's segmenter implements them (the Unicode
// version its tables and rules follow, not the system's). It keeps its
// buffers between calls, since it is asked once per paragraph or per word:
// one serves one layout, and is not safe for concurrent use.
type Breaker struct {
	// HangulAsLetters sets Korean the way it is written, with spaces
	// between words: Hangul is taken as alphabetic (class AL), so that a
	// Korean word breaks only where a Latin word would. Plain UAX #14
	// allows a break between any two Hangul syllables, as between
	// ideographs; its own notes on Korean name this tailoring for text set
	// with spaces (CSS calls it word-break: keep-all).
	HangulAsLetters bool

	seg    segmenter.Segmenter
	runes  []rune
	words  dictbreak.Segmenter // Thai, Lao, Khmer and Burmese words
	dict   []int               // words' answers for a paragraph, kept to be reused
	merged []Break             // and the merge's scratch
}

// LineBreaks appends to dst the line-break opportunities of paragraph, in
// order. The end of a non-empty paragraph is always one (mandatory, rule
// LB3); its start never is (LB2). Invalid UTF-8 is read as range reads it:
// each bad byte one U+FFFD, so offsets still fall on the caller's runes.
func (b *Breaker) LineBreaks(dst []Break, paragraph string) []Break {
	if paragraph == "" {
		return dst
	}
	if out, ok := simpleBreaks(dst, paragraph); ok {
		return out
	}
	return b.segment(dst, paragraph)
}

// segment is LineBreaks by go-text's segmenter, for any text.
func (b *Breaker) segment(dst []Break, paragraph string) []Break {
	b.runes = b.runes[:0]
	for _, r := range paragraph {
		if b.HangulAsLetters && isHangulLetter(r) {
			r = 'A' // any letter of class AL; only its class matters
		}
		b.runes = append(b.runes, r)
	}
	first := len(dst)
	b.seg.Init(b.runes)
	// The segmenter counts runes. Its own byte offsets assume valid UTF-8
	// (a bad byte read as U+FFFD would count three), so they are counted
	// here, walking the paragraph as far as each break.
	at, n := 0, 0
	lines := b.seg.LineIterator()
	for lines.Next() {
		l := lines.Line()
		for end := l.Offset + len(l.Text); n < end; n++ {
			_, size := utf8.DecodeRuneInString(paragraph[at:])
			at += size
		}
		dst = append(dst, Break{At: at, Mandatory: l.IsMandatoryBreak})
	}
	return b.dictionaryBreaks(dst, first, paragraph)
}

// dictionaryBreaks adds to dst[first:], the breaks of paragraph in order,
// the word boundaries inside its runs of Thai, Lao, Khmer and Burmese
// letters (UAX #14's class SA, which its rule LB1 leaves to "a dictionary
// or other means" and otherwise sets as letters, so that go-text finds no
// break inside them): package dictbreak's, from ICU's dictionaries. A run
// is the letters and marks of those scripts, with the joiners between them;
// its ends are decided by UAX #14 as before.
func (b *Breaker) dictionaryBreaks(dst []Break, first int, paragraph string) []Break {
	b.dict = b.words.TextBoundaries(b.dict[:0], paragraph)
	if len(b.dict) == 0 {
		return dst
	}
	// Merge the two ordered lists, in one pass: a long paragraph has
	// thousands of each.
	b.merged = append(b.merged[:0], dst[first:]...)
	dst = dst[:first]
	i := 0
	for _, br := range b.merged {
		for ; i < len(b.dict) && b.dict[i] < br.At; i++ {
			dst = append(dst, Break{At: b.dict[i]})
		}
		if i < len(b.dict) && b.dict[i] == br.At {
			i++
		}
		dst = append(dst, br)
	}
	for ; i < len(b.dict); i++ { // unreachable: the paragraph's end is a break
		dst = append(dst, Break{At: b.dict[i]})
	}
	return dst
}

// isHangulLetter reports Hangul syllables and jamo (not Hangul's tone marks,
// which are combining marks, or its enclosed symbols).
func isHangulLetter(r rune) bool {
	return r >= 0x1100 && unicode.Is(unicode.Hangul, r) && unicode.IsLetter(r)
}

// The simplest text, and the commonest in European languages, needs no
// segmenter: within a word of ASCII letters and digits, Latin letters, the
// punctuation . , : ; ' " ‘ ’ “ ” and the ASCII symbols of class AL, UAX #14
// allows a line break only after a hyphen-minus that is followed by a letter
// (AL) and does not begin the text. Every other pair of these characters
// (classes AL, NU, IS, QU and HY) is held together: by LB13 and LB15d (no
// break before IS), LB19 and LB19a (none around a quotation mark between
// letters), LB21 (none before a hyphen), LB20a (a word's first hyphen stays
// with it), LB23, LB25, LB28 and LB29 (letters, digits and numbers). The
// segmenter, which finds grapheme and word boundaries in the same pass,
// costs about 130 ns a character, this check about 5: asked for every word
// of the sample article, the segmenter took 7 % of its layout's CPU time,
// the check under 0.5 %. TestSimpleBreaks holds the check to the
// segmenter's answer on every string of up to three of these characters.
const (
	notSimple    = iota
	simpleLetter // class AL
	simpleOther  // NU, IS, QU: never a break before or after, but after a hyphen
	simpleHyphen // HY
)

var simpleASCII = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', strings.IndexByte("#&*<=>@^_`~", byte(c)) >= 0:
			t[c] = simpleLetter
		case '0' <= c && c <= '9', strings.IndexByte(".,:;'\"", byte(c)) >= 0:
			t[c] = simpleOther
		case c == '-':
			t[c] = simpleHyphen
		}
	}
	return t
}()

// simpleKind is the kind of a character beyond ASCII: Latin letters (all of
// class AL) and the typographic quotation marks (QU).
func simpleKind(r rune) uint8 {
	switch {
	case r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7 && unicode.IsLetter(r):
		return simpleLetter
	case r == '\u2018' || r == '\u2019' || r == '\u201C' || r == '\u201D':
		return simpleOther
	}
	return notSimple
}

// simpleBreaks appends the breaks of text if it is of the simplest kind;
// otherwise it returns dst as it was and false.
func simpleBreaks(dst []Break, text string) ([]Break, bool) {
	n := len(dst)
	afterHyphen := false // after a hyphen that does not begin the text
	for i := 0; i < len(text); {
		k, size := uint8(notSimple), 1
		if c := text[i]; c < utf8.RuneSelf {
			k = simpleASCII[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			k = simpleKind(r)
		}
		switch k {
		case notSimple:
			return dst[:n], false
		case simpleLetter:
			if afterHyphen {
				dst = append(dst, Break{At: i})
			}
		}
		afterHyphen = k == simpleHyphen && i > 0
		i += size
	}
	return append(dst, Break{At: len(text), Mandatory: true}), true
}
