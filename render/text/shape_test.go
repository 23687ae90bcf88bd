package text

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unsafe"

	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/segmenter"

	"pdfexport/fonts"
)

// The rules the layout relies on: a ligature is one glyph standing for its
// letters (one cluster), a conjunct takes fewer glyphs than characters, a
// right-to-left run comes back in visual order, and a word is shaped the
// same way every time (the cache).
func TestShapeClusters(t *testing.T) {
	sh := NewShaper()
	defer sh.Close()
	latin := sh.Shape(Key{Face: fonts.Serif, Script: language.Latin}, "office")
	if len(latin.Glyphs) != 4 { // o, ffi, c, e
		t.Errorf("office: %d glyphs, want 4 (an ffi ligature)", len(latin.Glyphs))
	}
	if again := sh.Shape(Key{Face: fonts.Serif, Script: language.Latin}, "office"); again != latin {
		t.Error("a word is shaped twice: the cache missed")
	}
	deva := sh.Shape(Key{Face: fonts.Devanagari, Script: language.Devanagari}, "स्ते")
	// स + virama + त + e-sign: a half form joins the ta, no virama is seen.
	if len(deva.Glyphs) >= 4 || deva.Notdef > 0 {
		t.Errorf("स्ते: %+v; want a conjunct in fewer glyphs than characters", deva.Glyphs)
	}
	arabic := sh.Shape(Key{Face: fonts.Arabic, RTL: true, Script: language.Arabic}, "سلام")
	if n := len(arabic.Glyphs); n < 3 || arabic.Glyphs[0].Cluster < arabic.Glyphs[n-1].Cluster {
		t.Errorf("سلام: %+v; want joined glyphs in visual order, clusters descending", arabic.Glyphs)
	}
}

// Levels follow UAX #9: Hebrew inside an English paragraph is at level 1,
// digits inside a right-to-left paragraph at level 2.
func TestLevels(t *testing.T) {
	var it Itemiser
	lv := it.Levels("ab שלום", false)
	if lv[0] != 0 || lv[len(lv)-1] != 1 {
		t.Errorf("levels of \"ab שלום\" = %v", lv)
	}
	lv = it.Levels("שלום 12", true)
	if lv[0] != 1 || lv[len(lv)-1] != 2 {
		t.Errorf("levels of \"שלום 12\" = %v", lv)
	}
}

// Every character gets its own bidi level, not its run's: in a left-to-right
// paragraph a number after a right-to-left word is at level 2 and the words
// after it back at 0 (UAX #9, W and I rules).
func TestLevelsPerCharacter(t *testing.T) {
	var it Itemiser
	for _, tt := range []struct {
		text string
		rtl  bool
		want map[string]uint8 // a word of text → its level
	}{
		{"שלום 123 world", false, map[string]uint8{"שלום": 1, "123": 2, "world": 0}},
		{"She was born in תל אביב 1948 and moved", false, map[string]uint8{"She": 0, "אביב": 1, "1948": 2, "and": 0, "moved": 0}},
		{"Prices abc ١٢٣ אבג rose", false, map[string]uint8{"abc": 0, "١٢٣": 2, "אבג": 1, "rose": 0}},
		{"שלום world 123 עולם", true, map[string]uint8{"שלום": 1, "world": 2, "123": 2, "עולם": 1}},
		// A paragraph separator inside a paragraph (the text parsers keep
		// U+2029) is white space to the layout; the bidi algorithm went no
		// further than it, leaving what followed at the paragraph's level.
		{"abc\u2029אבג דהו", false, map[string]uint8{"abc": 0, "אבג": 1, "דהו": 1}},
		{"אבג\u2029abc def", true, map[string]uint8{"אבג": 1, "abc": 2, "def": 2}},
		{"abc\nאבג דהו", false, map[string]uint8{"abc": 0, "אבג": 1, "דהו": 1}},
		{"abc\rאבג דהו", false, map[string]uint8{"abc": 0, "אבג": 1, "דהו": 1}},
	} {
		levels := it.Levels(tt.text, tt.rtl)
		for word, want := range tt.want {
			at := strings.Index(tt.text, word)
			for b := at; b < at+len(word); b++ {
				if levels[b] != want {
					t.Errorf("%q: %q is at level %d, want %d", tt.text, word, levels[b], want)
					break
				}
			}
		}
	}
}

// A word found in the shared cache is the word as shaped: every word here
// is shaped by a fresh Shaper (through both caches) and again without any,
// and the glyphs must agree, in Latin, Devanagari, Arabic and Hebrew.
func TestSharedCacheAgrees(t *testing.T) {
	words := []struct {
		k    Key
		text string
	}{
		{Key{Face: fonts.Serif, Script: language.Latin}, "office"},
		{Key{Face: fonts.Serif, Script: language.Latin, Lang: "en"}, "Tokyo’s"},
		{Key{Face: fonts.SerifItalic, Script: language.Latin}, "office"},
		{Key{Face: fonts.Devanagari, Script: language.Devanagari}, "स्ते"},
		{Key{Face: fonts.Arabic, RTL: true, Script: language.Arabic}, "سلام"},
		{Key{Face: fonts.Hebrew, RTL: true, Script: language.Hebrew}, "שָׁלוֹם"},
	}
	for round := range 2 { // the second round finds every word shared
		sh := NewShaper()
		for _, w := range words {
			got := sh.Shape(w.k, w.text)
			want := sh.shape(w.k, w.text)
			if !slices.Equal(got.Glyphs, want.Glyphs) || got.Advance != want.Advance || got.Notdef != want.Notdef {
				t.Errorf("round %d, %q: cached %+v, shaped %+v", round, w.text, got, want)
			}
		}
		sh.Close()
	}
}

// The shared cache keeps its own copies of the words, so that it never
// keeps an article's text alive, and keeps no word longer than
// sharedMaxText. (That it is bounded is internal/twogen's test.)
func TestSharedCacheCopiesKeys(t *testing.T) {
	defer shared.Reset(sharedBytes)
	shared.Reset(1 << 20)
	article := "the quick brown fox " + strings.Repeat("x", sharedMaxText+1)
	k := cacheKey{Key{Face: fonts.Serif, Lang: "en"}, article[4:9]}
	sharedPut(k, &Run{})
	for _, stored := range shared.Keys() {
		if unsafe.StringData(stored.text) == unsafe.StringData(k.text) {
			t.Error("the cache keeps the caller's string, a slice of the article")
		}
	}
	sharedPut(cacheKey{Key{Face: fonts.Serif}, article[20:]}, &Run{})
	if n, _ := shared.Stats(); n != 1 {
		t.Errorf("%d words cached, want 1: a %d-byte text is cached", n, len(article[20:]))
	}
	if sharedGet(k) == nil {
		t.Error("a word put is not found")
	}
}

// Layouts on different goroutines share words; run with -race.
func TestSharedCacheConcurrent(t *testing.T) {
	words := strings.Fields("the committee said on Tuesday that the government would publish its report before the summer recess")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			sh := NewShaper()
			defer sh.Close()
			for range 20 {
				for _, w := range words {
					if r := sh.Shape(Key{Face: fonts.Serif, Script: language.Latin, Lang: "en"}, w); len(r.Glyphs) == 0 {
						t.Errorf("%q: no glyphs", w)
					}
				}
				sh.cache = map[cacheKey]*Run{} // each round asks the shared cache again
			}
		})
	}
	wg.Wait()
}

// Text of characters below U+0300 is itemised without the segmenter, each
// character a cluster of its own but CR LF: the segmenter must agree, for
// every pair of such characters, and the parts must be those the segmenter
// gives, for those pairs and for words mixing them with what needs the
// segmenter.
func TestItemiseShortcut(t *testing.T) {
	var seg segmenter.Segmenter
	for a := rune(0); a < simpleBelow; a++ {
		for b := rune(0); b < simpleBelow; b++ {
			seg.Init([]rune{a, b})
			g := seg.GraphemeIterator()
			n := 0
			for g.Next() {
				n++
			}
			if want := 2 - b2i(a == '\r' && b == '\n'); n != want {
				t.Fatalf("%+q: %d grapheme clusters, the shortcut takes %d", []rune{a, b}, n, want)
			}
		}
	}
	var it Itemiser
	check := func(s string) {
		t.Helper()
		levels := make([]uint8, len(s))
		for _, base := range []fonts.Face{fonts.Serif, fonts.Sans} {
			got := it.itemise(nil, s, 0, levels, base, it.locale, true)
			want := it.itemise(nil, s, 0, levels, base, it.locale, false)
			if !slices.Equal(got, want) {
				t.Fatalf("%+q in %s: parts %+v, the segmenter's %+v", s, base, got, want)
			}
		}
	}
	for a := rune(0); a < simpleBelow; a++ {
		for b := rune(0); b < simpleBelow; b += 7 {
			check(string([]rune{a, b, 'x'}))
		}
		check(string([]rune{'x', a, '\r', '\n', a}))
	}
	for _, s := range []string{"naïve", "Tokyo’s", "x\r\ny", "e\u0301", "a\u200db", "©\ufe0f", "\r\n", "x\u00adx", "Ǆǅ", "ɐʰ˥"} {
		check(s)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Levels skips the bidi algorithm for left-to-right text that has no
// character that could raise a level. The shortcut must agree with the
// algorithm: every character it lets through, alone or after a letter,
// is at level 0 by the algorithm too, and so is every mixture of them
// (numbers, separators, brackets, marks, joiners, controls, other scripts).
func TestLevelsShortcut(t *testing.T) {
	var it Itemiser
	full := func(s string) []uint8 { return it.levels(make([]uint8, len(s)), s, false) }
	step := rune(1)
	if testing.Short() {
		step = 17
	}
	for r := rune(0); r <= unicode.MaxRune; r += step {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := string(r) + "a" + string(r) + "1" + string(r)
		if !leftToRightOnly(s) {
			continue
		}
		if lv := full(s); slices.ContainsFunc(lv, func(l uint8) bool { return l != 0 }) {
			t.Fatalf("%U: the shortcut takes %+q as left to right only; the algorithm gives %v", r, s, lv)
		}
	}
	palette := []rune("aZ09 \t\n.,:;-+/%$#()[]{}<>«»“”'\"\u00a0\u200b\u200c\u200d\u00ad\u0301\u2066\u2069\u202c\u00b2ñЖ中あ한क्\u0e01©\U0001F600\ufe0f\u2212\u20ac")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteRune(palette[rng.IntN(len(palette))])
		}
		s := b.String()
		if !leftToRightOnly(s) {
			continue
		}
		if got, want := it.Levels(s, false), full(s); !slices.Equal(got, want) {
			t.Fatalf("%+q: levels %v, the algorithm's %v", s, got, want)
		}
	}
	if leftToRightOnly("ab שלום") || leftToRightOnly("x\u202bx") || leftToRightOnly("\u0661") {
		t.Error("the shortcut takes Hebrew, an embedding or an Arabic digit as left to right")
	}
}

// A run knows how far its ink reaches: a descender below the baseline, an
// accent on a capital above the cap height, a Khmer subscript consonant
// deep below.
func TestInkExtent(t *testing.T) {
	s := NewShaper()
	defer s.Close()
	upem := UnitsPerEm(fonts.Serif)
	latin := Key{Face: fonts.Serif, Script: language.Latin}
	x, g, e := s.Shape(latin, "x"), s.Shape(latin, "g"), s.Shape(latin, "É")
	if x.Bottom < -upem/50 || x.Top <= 0 || x.Top > upem*6/10 {
		t.Errorf("x reaches %d to %d (upem %d)", x.Bottom, x.Top, upem)
	}
	if g.Bottom > -upem/10 {
		t.Errorf("g reaches down to %d only", g.Bottom)
	}
	if e.Top <= x.Top*3/2 {
		t.Errorf("É reaches up to %d, x to %d", e.Top, x.Top)
	}
	face, _ := ClusterFace(fonts.Serif, []rune("ក"))
	plain := s.Shape(Key{Face: face, Script: language.Khmer}, "ក")
	stacked := s.Shape(Key{Face: face, Script: language.Khmer}, "ត្បូ") // ta, coeng ba, vowel uu below
	if stacked.Bottom >= plain.Bottom-UnitsPerEm(face)/5 {
		t.Errorf("a Khmer stack reaches down to %d, a lone consonant to %d", stacked.Bottom, plain.Bottom)
	}
}

// A Shaper's own cache is bounded: a document of ever new words keeps no
// more than maxLayoutCache of them.
func TestShaperCacheIsBounded(t *testing.T) {
	s := NewShaper()
	defer s.Close()
	k := Key{Face: fonts.Serif, Script: language.Latin}
	for i := range 3 * maxLayoutCache {
		s.Shape(k, "w"+strconv.Itoa(i))
		if len(s.cache) > maxLayoutCache {
			t.Fatalf("%d entries after %d words", len(s.cache), i+1)
		}
	}
}

// A span's language gives its ideographs that language's forms when it is
// Chinese, Japanese or Korean; a span in any other language keeps the
// paragraph's.
func TestItemiseInSpanLanguage(t *testing.T) {
	const s = "骨"
	faceIn := func(l fonts.Locale) fonts.Face {
		f, _ := fonts.ForClusterIn(fonts.Serif, l, []rune(s))
		return f
	}
	if faceIn(fonts.LocaleJa) == faceIn(fonts.LocaleZhHant) {
		t.Fatal("骨 comes from one face in Japanese and in Taiwan's Chinese: the case proves nothing")
	}
	levels := make([]uint8, len(s))
	for _, c := range []struct {
		paragraph, span string
		want            fonts.Locale
	}{
		{"en", "ja", fonts.LocaleJa},
		{"en", "zh-TW", fonts.LocaleZhHant},
		{"ja", "fr", fonts.LocaleJa},
		{"zh-TW", "en-GB", fonts.LocaleZhHant},
		{"ja", "zh-HK", fonts.LocaleZhHK},
	} {
		var it Itemiser
		it.SetLanguage(c.paragraph)
		parts := it.ItemiseIn(nil, s, 0, levels, fonts.Serif, c.span)
		if len(parts) != 1 || parts[0].Face != faceIn(c.want) {
			t.Errorf("%s in a %s span of a %s paragraph: parts %+v, want one in %s's face %s", s, c.span, c.paragraph, parts, c.want, faceIn(c.want))
		}
	}
}
