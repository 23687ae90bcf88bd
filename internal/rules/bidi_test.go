package rules

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/render/page"
)

// TestBidiLines checks lines that mix directions, drawn as the layout draws
// them: runs in visual order (UAX #9, L2), each holding its text in logical
// order. Each correct layout is followed by the mistakes a layout could
// make with it (runs swapped, a number or phrase on the wrong side, a word
// dropped, logical order drawn as if it were visual), which must be found.
func TestBidiLines(t *testing.T) {
	he := func(blocks ...article.Block) *article.Article {
		return &article.Article{Title: "כותרת", Lang: "he", Body: blocks}
	}
	en := func(blocks ...article.Block) *article.Article {
		return &article.Article{Title: "The title", Lang: "en", Body: blocks}
	}
	ar := func(blocks ...article.Block) *article.Article {
		return &article.Article{Title: "العنوان", Lang: "ar", Body: blocks}
	}
	// A Hebrew paragraph with an English phrase and numbers: the phrase and
	// each number read left to right, in the place of their first
	// character, which in a right-to-left line is on the right.
	conference := para("הכנס נערך ב New York בשנת 2024 עם 1,500 משתתפים")
	// A number after a Hebrew word and before an English phrase is a
	// stretch of its own (the space between them is at the paragraph's
	// level), so it stands right of the phrase; the layout draws the two as
	// one run, in visual order.
	visit := para("ביקרנו ב 2024 New York עם חברים")
	// An English paragraph with a Hebrew phrase, and with a Hebrew place
	// name followed by a year: the year follows a right-to-left word, so it
	// joins the right-to-left stretch and stands on its left.
	sign := para("The sign read שלום עולם in large letters")
	born := para("She was born in תל אביב 1948 and moved")
	// A right-to-left paragraph with an English word broken by a hyphen.
	broken := para("שלום international עולם גדול")
	item := article.Block{Kind: article.ListItem, Ordered: true, Number: 3, Runs: []article.Run{{Text: "פריט ראשון כאן"}}}
	// Arabic: a number after an Arabic letter is an Arabic number (W2),
	// at level 2 like any other.
	year := para("كان عام 2024 عاما طويلا")
	for _, c := range []struct {
		name   string
		a      *article.Article
		sheets []sheet
		want   []Rule
	}{
		{"Hebrew with English and numbers", he(conference), []sheet{{lines: []string{
			"כותרת", "New | York | ב | נערך | הכנס", "1,500 | עם | 2024 | בשנת", "משתתפים"}}}, nil},
		{"Hebrew with English and numbers, runs merged", he(conference), []sheet{{lines: []string{
			"כותרת", "New York | ב | נערך | הכנס", "1,500 | עם | 2024 | בשנת", "משתתפים"}}}, nil},
		{"two Hebrew words swapped", he(conference), []sheet{{lines: []string{
			"כותרת", "New | York | נערך | ב | הכנס", "1,500 | עם | 2024 | בשנת", "משתתפים"}}}, []Rule{Text}},
		{"the numbers swapped", he(conference), []sheet{{lines: []string{
			"כותרת", "New | York | ב | נערך | הכנס", "2024 | עם | 1,500 | בשנת", "משתתפים"}}}, []Rule{Text}},
		{"the English phrase read right to left", he(conference), []sheet{{lines: []string{
			"כותרת", "York | New | ב | נערך | הכנס", "1,500 | עם | 2024 | בשנת", "משתתפים"}}}, []Rule{Text}},
		{"a number's digits reversed", he(conference), []sheet{{lines: []string{
			"כותרת", "New | York | ב | נערך | הכנס", "005,1 | עם | 2024 | בשנת", "משתתפים"}}}, []Rule{Text}},
		{"a Hebrew word dropped", he(conference), []sheet{{lines: []string{
			"כותרת", "New | York | נערך | הכנס", "1,500 | עם | 2024 | בשנת", "משתתפים"}}}, []Rule{Text}},
		{"a right-to-left line drawn in logical order", he(conference), []sheet{{lines: []string{
			"כותרת", "הכנס | נערך | ב | New | York", "1,500 | עם | 2024 | בשנת", "משתתפים"}}}, []Rule{Text}},
		{"a number beside a phrase, drawn as one run", he(visit), []sheet{{lines: []string{
			"כותרת", "New York 2024 | ב | ביקרנו", "חברים | עם"}}}, nil},
		{"a number beside a phrase, on the wrong side", he(visit), []sheet{{lines: []string{
			"כותרת", "2024 New York | ב | ביקרנו", "חברים | עם"}}}, []Rule{Text}},
		{"English with a Hebrew phrase", en(sign), []sheet{{lines: []string{
			"The title", "The | sign | read | עולם | שלום | in", "large letters"}}}, nil},
		{"a Hebrew phrase in logical order", en(sign), []sheet{{lines: []string{
			"The title", "The | sign | read | שלום | עולם | in", "large letters"}}}, []Rule{Text}},
		{"a year after a Hebrew name", en(born), []sheet{{lines: []string{
			"The title", "She was born in | 1948 | אביב | תל | and moved"}}}, nil},
		{"a year after a Hebrew name, English after it mirrored with them", en(born), []sheet{{lines: []string{
			"The title", "She was born in | 1948 and moved | אביב | תל"}}}, []Rule{Text}},
		{"a year after a Hebrew name, on the right", en(born), []sheet{{lines: []string{
			"The title", "She was born in | אביב | תל | 1948 | and moved"}}}, []Rule{Text}},
		{"an English word hyphenated in a Hebrew paragraph", he(broken), []sheet{{lines: []string{
			"כותרת", "interna- | שלום", "גדול | עולם | tional"}}}, nil},
		{"a hyphenated English word on the wrong side", he(broken), []sheet{{lines: []string{
			"כותרת", "שלום | interna-", "גדול | עולם | tional"}}}, []Rule{Text}},
		{"a Hebrew list item, its marker on the right", he(item), []sheet{{lines: []string{
			"כותרת", "כאן | ראשון | פריט | . | 3"}}}, nil},
		{"a Hebrew list item, its marker on the left", he(item), []sheet{{lines: []string{
			"כותרת", ". | 3 | כאן | ראשון | פריט"}}}, []Rule{Text}},
		{"a Hebrew list item, its marker read left to right", he(item), []sheet{{lines: []string{
			"כותרת", "כאן | ראשון | פריט | 3."}}}, []Rule{Text}},
		// Right-to-left marks between two English words of a Hebrew
		// paragraph part them: each word is its own left-to-right stretch,
		// in right-to-left order (the structured fuzzer's "‏RLM‏die").
		{"English words parted by right-to-left marks", he(para("שלום \u200fabc\u200fdef")), []sheet{{lines: []string{
			"כותרת", "def | abc | שלום"}}}, nil},
		{"English words parted by right-to-left marks, read as one", he(para("שלום \u200fabc\u200fdef")), []sheet{{lines: []string{
			"כותרת", "abc | def | שלום"}}}, []Rule{Text}},
		// The lowest level of the marks between two atoms parts them: a
		// left-to-right mark after the right-to-left one does not join
		// the words again.
		{"English words parted by a right-to-left mark among others", he(para("שלום \u200fabc\u200f\u200edef")), []sheet{{lines: []string{
			"כותרת", "def | abc | שלום"}}}, nil},
		{"Arabic with a year", ar(year), []sheet{{lines: []string{
			"العنوان", "2024 | عام | كان", "طويلا | عاما"}}}, nil},
		{"Arabic with a year, on the wrong side", ar(year), []sheet{{lines: []string{
			"العنوان", "عام | 2024 | كان", "طويلا | عاما"}}}, []Rule{Text}},
		{"a Hebrew paragraph over two pages", he(para("אחת שתיים שלוש ארבע חמש שש שבע שמונה")), []sheet{
			{lines: []string{"כותרת", "שתיים | אחת", "ארבע | שלוש"}},
			{lines: []string{"שש | חמש", "שמונה | שבע"}},
		}, nil},
		{"a Hebrew paragraph's last line alone overleaf", he(para("אחת שתיים שלוש ארבע חמש שש")), []sheet{
			{lines: []string{"כותרת", "שתיים | אחת", "ארבע | שלוש"}},
			{lines: []string{"שש | חמש"}},
		}, []Rule{Widow}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := rulesOf(t, c.a, build(c.sheets...)); !slices.Equal(got, c.want) {
				t.Errorf("rules broken: %q, want %q", got, c.want)
			}
		})
	}
}

// TestLevels checks the levels the checker gives characters, by UAX #9, on
// cases worked by hand.
func TestLevels(t *testing.T) {
	for _, c := range []struct {
		text string
		rtl  bool
		want string // one digit a character; "" when not resolved
	}{
		{"abc 123", false, "0000000"},
		// The space between a Hebrew word and a number is right to left;
		// the number after it is at level 2, and the English after that at 0.
		{"abc אבג 123 def", false, "00001111222" + "0000"},
		// Arabic-Indic digits are numbers wherever they stand.
		{"ab ١٢ cd", false, "00022000"},
		// In a right-to-left paragraph, English and numbers are at 2. A
		// number after English is English (W7), and the space between them
		// too; after a Hebrew word, the space before English is at 1, so the
		// two are stretches of their own.
		{"אבג abc 123 דהו", true, "111122222221111"},
		{"אבג 123 abc דהו", true, "111122212221111"},
		{"عام 2024", true, "11112222"},
		// A separator between digits joins them (W4); one after them is
		// neutral.
		{"א 1,500.", false, "1122222" + "0"},
		{"a\u2067b\u2069", false, ""},
	} {
		got, ok := bidiLevels([]rune(c.text), c.rtl)
		var s strings.Builder
		for _, l := range got {
			s.WriteString(strconv.Itoa(int(l)))
		}
		if !ok && c.want != "" || ok && s.String() != c.want {
			t.Errorf("%q (rtl %v): levels %q (%v), want %q", c.text, c.rtl, s.String(), ok, c.want)
		}
	}
}

// bidiCharacterTest is Unicode's conformance test for UAX #9, from Debian's
// unicode-data package (Unicode 15.0.0 in Debian 12). go-text's own copy is
// not at hand: the module is an in-tree copy without its test data
// (third_party/typesetting/PATCHES.md).
const bidiCharacterTest = "/usr/share/unicode/BidiCharacterTest.txt"

// TestLevelsConform checks the checker's levels, and the order it puts a
// line's characters in, against Unicode's conformance test,
// BidiCharacterTest.txt: every case without explicit embeddings, overrides
// or isolates, as one line. The file is Debian's; without it the test
// skips, except under CI (.ci/run installs unicode-data), where it fails.
func TestLevelsConform(t *testing.T) {
	f, err := os.Open(bidiCharacterTest)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("BidiCharacterTest.txt is required under CI (Debian's unicode-data, see .ci/run): %v", err)
		}
		t.Skipf("BidiCharacterTest.txt not installed (Debian's unicode-data): %v", err)
	}
	defer f.Close()
	c := &checker{norm: newNormalizer()}
	sc := bufio.NewScanner(f)
	var tested, wrong int
	version := ""
	for sc.Scan() {
		line := sc.Text()
		if version == "" {
			version = strings.TrimPrefix(line, "# ")
		}
		if line == "" || line[0] == '#' {
			continue
		}
		// code points; direction asked; paragraph level; levels; order
		field := strings.Split(line, ";")
		var rs []rune
		for _, h := range strings.Fields(field[0]) {
			v, _ := strconv.ParseUint(h, 16, 32)
			rs = append(rs, rune(v))
		}
		rtl := field[2] == "1"
		got, ok := bidiLevels(rs, rtl)
		if !ok {
			continue
		}
		tested++
		want := strings.Fields(field[3])
		bad := false
		for i, w := range want {
			if w != "x" && w != strconv.Itoa(int(got[i])) {
				bad = true
			}
		}
		// The order of the characters that are atoms (not white space,
		// not drawn as nothing), when every one is.
		var order []rune
		for _, s := range strings.Fields(field[4]) {
			i, _ := strconv.Atoi(s)
			if r := rs[i]; !isSpace(r) && !isIgnorable(r) && r != '\u00AD' {
				order = append(order, r)
			}
		}
		u := c.newUnit(paragraph, 0, "", string(rs), rtl)
		var drawn []rune
		for _, v := range u.visualOrder(nil, 0, len(u.atoms), false) {
			drawn = append(drawn, v.a.r)
		}
		if bad || !slices.Equal(drawn, order) {
			if wrong++; wrong <= 10 {
				t.Errorf("%s: levels %v, order %q, want %q", line, got, string(drawn), string(order))
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if tested < 90000 {
		t.Errorf("only %d cases tested", tested)
	}
	t.Logf("%s: %d cases, %d wrong", version, tested, wrong)
}

// glyphs is a run drawn in pieces, each from its own point, a glyph a
// character 6 pt apart: as the layout draws words that follow each other in
// the text as one run, wherever each stands on the line.
func glyphs(y page.Unit, parts ...part) page.Text {
	t := page.Text{X: pt(parts[0].x), Y: y, Face: fonts.Serif, Size: pt(11)}
	for _, p := range parts {
		for i, r := range []rune(p.s) {
			t.Glyphs = append(t.Glyphs, page.Glyph{ID: 1, X: pt(p.x+6*float64(i)) - t.X, Cluster: int32(len(t.S))})
			t.S += string(r)
			t.W = pt(p.x+6*float64(i+1)) - t.X // each glyph 6 pt wide
		}
	}
	return t
}

type part struct {
	x float64
	s string
}

// TestRunsReadWhereTheirGlyphsStand: the layout draws "1948" and "and" of
// "born in ירושלים 1948 and" as one run, "1948" left of the Hebrew and
// "and" right of it (UAX #9 puts the number, which follows a right-to-left
// word, in that word's stretch, and the English after it back at level 0).
// The checker reads the run's glyphs where they stand; the same run with
// "and" drawn left of the Hebrew is a line in the wrong order.
func TestRunsReadWhereTheirGlyphsStand(t *testing.T) {
	a := &article.Article{Title: "The title", Lang: "en", Body: []article.Block{para("born in ירושלים 1948 and moved")}}
	y := pt(85)
	line := func(texts ...page.Text) *page.Document {
		doc := build(sheet{lines: []string{"The title", "placeholder"}})
		pg := &doc.Pages[0]
		pg.Texts = slices.DeleteFunc(pg.Texts, func(t page.Text) bool { return t.Y == y })
		pg.Texts = append(pg.Texts, texts...)
		return doc
	}
	born := glyphs(y, part{72, "born in "})
	hebrew := glyphs(y, part{240, "ירושלים"})
	for _, c := range []struct {
		name string
		run  page.Text
		want []Rule
	}{
		{"a run on both sides of the Hebrew", glyphs(y, part{140, "1948 "}, part{290, "and moved"}), nil},
		// The number's run ends where the Hebrew starts: the space drawn
		// after "1948" stands at the first Hebrew word's origin.
		{"a run touching the Hebrew", glyphs(y, part{216, "1948 "}, part{290, "and moved"}), nil},
		{"a run left of the Hebrew", glyphs(y, part{140, "1948 and moved"}), []Rule{Text}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := line(born, c.run, hebrew)
			if got := rulesOf(t, a, doc); !slices.Equal(got, c.want) {
				t.Errorf("rules broken: %q, want %q", got, c.want)
			}
		})
	}
}
