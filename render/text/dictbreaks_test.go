package text

import (
	"testing"
	"unicode/utf8"

	"github.com/go-text/typesetting/segmenter"

	"pdfexport/internal/langcorpus"
	"pdfexport/render/text/dictbreak"
)

// TestDictionaryBreaksKeepClusters checks every break Breaker finds in the
// Thai, Lao, Khmer and Burmese text of CLDR against go-text's grapheme
// clusters (UAX #29): a line never ends between a letter and its marks.
// It also checks that the dictionary adds breaks at all (one in every few
// dozen characters at least), so that a Breaker that lost it fails.
func TestDictionaryBreaksKeepClusters(t *testing.T) {
	var br Breaker
	var seg segmenter.Segmenter
	for _, s := range langcorpus.ForTest(t) {
		switch s.Locale {
		case "th", "lo", "km", "my":
		default:
			continue
		}
		breaks, chars := 0, 0
		for _, p := range s.Paragraphs {
			runes := []rune(p)
			chars += len(runes)
			seg.Init(runes)
			cluster := map[int]bool{len(p): true}
			g := seg.GraphemeIterator()
			for g.Next() {
				cluster[g.Grapheme().OffsetInBytes] = true
			}
			for _, b := range br.LineBreaks(nil, p) {
				if !cluster[b.At] {
					t.Errorf("%s: a break inside a cluster: %s|%s", s.Locale, p[max(0, b.At-12):b.At], p[b.At:min(len(p), b.At+12)])
				}
				if b.At > 0 && dictionaryLetterBefore(p, b.At) {
					breaks++
				}
			}
		}
		t.Logf("%s: %d breaks after a letter, in %d characters", s.Locale, breaks, chars)
		if breaks*40 < chars {
			t.Errorf("%s: %d breaks after a letter in %d characters: the dictionary is not used", s.Locale, breaks, chars)
		}
	}
}

// dictionaryLetterBefore reports whether the character before at is a
// letter or mark that only a dictionary can break after: a break there is
// not one of white space's.
func dictionaryLetterBefore(p string, at int) bool {
	r, _ := utf8.DecodeLastRuneInString(p[:at])
	return dictbreak.Applies(r)
}
