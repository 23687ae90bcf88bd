package text

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/go-text/typesetting/language"

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
// sharedMaxText.
func TestSharedCacheCopiesKeys(t *testing.T) {
	c := sharedCache{limit: 1 << 20}
	article := "the quick brown fox " + strings.Repeat("x", sharedMaxText+1)
	k := cacheKey{Key{Face: fonts.Serif, Lang: "en"}, article[4:9]}
	c.put(k, &Run{})
	for stored := range c.hot {
		if unsafe.StringData(stored.text) == unsafe.StringData(k.text) {
			t.Error("the cache keeps the caller's string, a slice of the article")
		}
	}
	c.put(cacheKey{Key{Face: fonts.Serif}, article[20:]}, &Run{})
	if len(c.hot) != 1 {
		t.Errorf("%d words cached, want 1: a %d-byte text is cached", len(c.hot), len(article[20:]))
	}
	if c.get(k) == nil {
		t.Error("a word put is not found")
	}
}

// The shared cache is bounded: however many words pass through it, it holds
// at most two generations of its limit, and keeps the words in use.
func TestSharedCacheBounded(t *testing.T) {
	c := sharedCache{limit: 64 << 10}
	used := cacheKey{Key{Face: fonts.Serif}, "used"}
	c.put(used, &Run{Glyphs: make([]Glyph, 4)})
	total := func() (n int) {
		for _, g := range []map[cacheKey]sharedEntry{c.hot, c.cold} {
			for k, e := range g {
				n += cost(k, e.run)
			}
		}
		return n
	}
	for i := range 100_000 {
		c.put(cacheKey{Key{Face: fonts.Serif}, strconv.Itoa(i)}, &Run{Glyphs: make([]Glyph, 6)})
		if i%100 == 0 && c.get(used) == nil { // a generation holds about 230 of these
			t.Fatalf("after %d words, a word in use is gone", i)
		}
	}
	if n := total(); n > 2*c.limit+512 {
		t.Errorf("the cache holds %d bytes of words, more than twice its limit of %d", n, c.limit)
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
