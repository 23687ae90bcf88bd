package text

import (
	"strings"
	"testing"

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
