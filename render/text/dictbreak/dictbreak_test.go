package dictbreak

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// split writes text with a bar at each boundary, for readable failures.
func split(text string, at []int) string {
	var b strings.Builder
	last := 0
	for _, i := range at {
		b.WriteString(text[last:i])
		b.WriteByte('|')
		last = i
	}
	b.WriteString(text[last:])
	return b.String()
}

// The expected segmentations are ICU's (node's Intl.Segmenter), but for the
// unknown stretches, which ICU splits by guesswork and this package leaves
// whole.
func TestBoundaries(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ภาษาไทยเป็นภาษาที่สวยงาม", "ภาษา|ไทย|เป็น|ภาษา|ที่|สวยงาม"},
		{"ประเทศไทยมีประชากรประมาณหกสิบล้านคน", "ประเทศไทย|มี|ประชากร|ประมาณ|หก|สิบ|ล้าน|คน"},
		{"ພາສາລາວເປັນພາສາທີ່ສວຍງາມ", "ພາສາ|ລາວ|ເປັນ|ພາສາ|ທີ່|ສວຍງາມ"},
		{"ភាសាខ្មែរជាភាសាផ្លូវការ", "ភាសាខ្មែរ|ជា|ភាសាផ្លូវការ"},
		// Two ways in two words of the dictionary: the longer first word,
		// as ICU.
		{"မြန်မာဘာသာစကားသည်", "မြန်မာဘာသာ|စကား|သည်"},
		// What no word covers is one piece with no boundary at its edges:
		// "xyz" here, and a name ICU cuts as อับ|ฮา|เซี|ยกับ.
		{"ไปxyzมา", "ไปxyzมา"},
		{"ไปโรงเรียนอับฮาเซียกับเพื่อน", "ไป|โรงเรียน|อับ|ฮาเซียกับ|เพื่อน"},
		{"", ""},
		{"ก", "ก"},
	} {
		var s Segmenter
		if got := split(c.in, s.Boundaries(nil, c.in)); got != c.want {
			t.Errorf("%s: got %s, want %s", c.in, got, c.want)
		}
	}
}

// TestAllowed holds the places a word may begin to the rules of the
// scripts' syllables, each case a string and the rune indices (from 1)
// where a word may not begin.
func TestAllowed(t *testing.T) {
	for _, c := range []struct {
		in     string
		banned []int
	}{
		{"เกม", []int{1}},          // after a leading vowel
		{"แม่", []int{1, 2}},       // and before a tone mark
		{"ทำ", []int{1}},           // before sara am
		{"มาๆ", []int{1, 2}},       // sara aa, the repetition mark
		{"จันทร์", []int{1, 4, 5}}, // a mark; a killed consonant and its thanthakhat
		{"ເຮືອນ", []int{1, 2}},     // Lao leading vowel, a mark
		{"ខ្មែរ", []int{1, 2, 3}},  // coeng, the stacked consonant, a vowel sign
		{"က္ကစ", []int{1, 2}},      // virama stacks
		{"သည်", []int{1, 2}},       // asat kills ည
		{"အင်္ဂ", []int{1, 2, 3, 4}},
		{"ក\u200dខ", []int{1, 2}}, // joiners join
	} {
		var s Segmenter
		s.runes = []rune(c.in)
		s.markAllowed()
		var banned []int
		for i := 1; i < len(s.runes); i++ {
			if !s.allowed[i] {
				banned = append(banned, i)
			}
		}
		if !slices.Equal(banned, c.banned) {
			t.Errorf("%s: no word may begin before runes %v, want %v", c.in, banned, c.banned)
		}
	}
}

// The embedded lists are read whole and their tries hold every word.
func TestDictionaries(t *testing.T) {
	for sc := thai; sc < numScripts; sc++ {
		tr := dictionary(sc)
		n := 0
		for _, w := range tr.word {
			if w {
				n++
			}
		}
		if n != tr.words || n < 20000 {
			t.Errorf("%s: %d words in the trie, %d in the list", scriptFiles[sc], n, tr.words)
		}
	}
}

// benchText is Thai prose (the opening of Thai Wikipedia's article on the
// Thai language, paraphrased into plain sentences), repeated: Boundaries is
// asked for runs between spaces, but a paragraph may have none.
const benchText = "ภาษาไทยเป็นภาษาที่มีระดับเสียงของคำแน่นอนหรือวรรณยุกต์เช่นเดียวกับภาษาจีนและออกเสียงแยกคำต่อคำ" +
	"ภาษาไทยเป็นภาษาราชการของประเทศไทยและเป็นภาษาแม่ของชาวไทยซึ่งเป็นชนส่วนใหญ่ในประเทศ"

func BenchmarkBoundaries(b *testing.B) {
	var s Segmenter
	var dst []int
	text := strings.Repeat(benchText, 10)
	n := utf8.RuneCountInString(text)
	dst = s.Boundaries(dst, text) // the dictionary is read once, outside the timing
	b.ResetTimer()
	for b.Loop() {
		dst = s.Boundaries(dst[:0], text)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/char")
}
