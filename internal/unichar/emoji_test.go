package unichar

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestEmojiTablesMatchUnicode compares the generated tables with
// emoji-data.txt, for every code point. The file comes from Debian's
// unicode-data (installed by .ci/run): the test is skipped without it,
// except under CI.
func TestEmojiTablesMatchUnicode(t *testing.T) {
	const path = "/usr/share/unicode/emoji/emoji-data.txt"
	f, err := os.Open(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("emoji-data.txt is required under CI (unicode-data, see .ci/run): %v", err)
		}
		t.Skip(err)
	}
	defer f.Close()
	tables := map[string]*unicode.RangeTable{
		"Emoji_Presentation": emojiPresentation, "Emoji_Modifier_Base": emojiModifierBase, "Extended_Pictographic": extendedPictographic,
	}
	want := map[string]map[rune]bool{}
	sc := bufio.NewScanner(f)
	version := ""
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "# Used with Emoji Version "); ok {
			version, _, _ = strings.Cut(v, " ")
		}
		line, _, _ := strings.Cut(sc.Text(), "#")
		cps, prop, ok := strings.Cut(line, ";")
		prop = strings.TrimSpace(prop)
		if !ok || tables[prop] == nil {
			continue
		}
		lo, hi, isRange := strings.Cut(strings.TrimSpace(cps), "..")
		if !isRange {
			hi = lo
		}
		a, err1 := strconv.ParseUint(lo, 16, 32)
		b, err2 := strconv.ParseUint(hi, 16, 32)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad line %q", sc.Text())
		}
		if want[prop] == nil {
			want[prop] = map[rune]bool{}
		}
		for r := rune(a); r <= rune(b); r++ {
			want[prop][r] = true
		}
	}
	if version != emojiVersion {
		t.Errorf("the file is Emoji Version %q, the tables %q: run go generate ./internal/unichar", version, emojiVersion)
	}
	for prop, tab := range tables {
		if len(want[prop]) == 0 {
			t.Fatalf("%s: not in the file", prop)
		}
		bad := 0
		for r := rune(0); r <= unicode.MaxRune; r++ {
			if unicode.Is(tab, r) != want[prop][r] && bad < 10 {
				t.Errorf("%s(%U): table says %v, the file %v", prop, r, !want[prop][r], want[prop][r])
				bad++
			}
		}
	}
}

func TestEmoji(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"😀", true},                // Emoji_Presentation
		{"☺", false},               // text by default
		{"☺\uFE0F", true},          // emoji presentation selector
		{"☺\uFE0E", false},         // text presentation selector
		{"😀\uFE0E", false},         // text asked for, though emoji by default
		{"©", false}, {"™", false}, // text by default
		{"©\uFE0F", true},          //
		{"1", false}, {"#", false}, // digits and keycap bases alone
		{"1\uFE0F\u20E3", true}, // keycap
		{"🇫🇷", true},            // flag: regional indicators
		{"☝\U0001F3FD", true},   // modifier sequence on a text-default base
		{"a\U0001F3FD", false},  // a skin tone after a letter is no sequence
		{"👍\U0001F3FD", true},   //
		{"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", true}, // tag sequence
		{"❤\u200D🔥", true}, // ZWJ sequence without FE0F
		{"x\u200D", false}, // a joiner with nothing after it
		{"a", false}, {"", false},
	} {
		if got := Emoji([]rune(c.s)); got != c.want {
			t.Errorf("Emoji(%+q) = %v, want %v", c.s, got, c.want)
		}
	}
}

// The shortcut for one character agrees with the table everywhere.
func TestEmojiOneCharacter(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := Emoji([]rune{r}), unicode.Is(emojiPresentation, r); got != want {
			t.Fatalf("Emoji(%U) = %v, want %v", r, got, want)
		}
	}
}
