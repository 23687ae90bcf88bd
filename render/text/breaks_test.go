package text

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// lineBreakTest is Unicode's own conformance test for UAX #14, from Debian's
// unicode-data package (Unicode 15.0.0 in Debian 12).
const lineBreakTest = "/usr/share/unicode/auxiliary/LineBreakTest.txt"

// lineBreakAllowed are the lines of LineBreakTest-15.0.0 where go-text's
// segmenter answers differently, because it follows the rules of a later
// Unicode (the rule numbers are those its own copy of the test, for Unicode
// 17.0, cites). Each entry is a rule that changed after 15.0; the test
// fails if a line outside these differs, and if one of these no longer does
// (then the entry goes).
var lineBreakAllowed = map[string]struct {
	why   string
	lines []int
}{
	"LB20a": {"a hyphen at the start of a word no longer breaks before a letter (\"-foo\" is a negative or a prefix, not a line end); 15.0 broke there by LB31",
		[]int{2265, 2267, 2313, 2315, 2421, 2423, 2425, 2427, 2429, 2431}},
	"LB25": {"numbers: a digit after IS no longer breaks from it (\"a.2\", \",0\"); 15.0's number rule needed a digit before the full stop or comma",
		[]int{2873, 2875, 7576, 7577, 7578, 7579, 7580, 7581, 7583, 7584, 7585, 7586, 7587}},
	"LB15a-b": {"LB15 (QU SP* × OP) became LB15a and LB15b, which hold only for an initial (Pi) quotation mark after a space or an opening bracket and a final (Pf) one before a space or a closing bracket: \" or « after a letter may now break before spaces and a bracket, and « and » inside brackets bind across spaces",
		[]int{4770, 4772, 4818, 4820, 7514, 7515, 7519, 7520}},
	"LB15c-d": {"a full stop after a space and before a digit opens a number (\"equals .35\"): it breaks before the full stop and not after, where 15.0 did the reverse",
		[]int{7477}},
	"LB21a": {"a Hebrew letter, a hyphen and another Hebrew letter may break after the hyphen: LB21a now binds the hyphen only to what is not a Hebrew letter",
		[]int{7680}},
}

// TestLineBreaksConformance compares Breaker with every line of Unicode's
// LineBreakTest.txt: the byte offsets where a line may break, which are
// where the segmenter's rune indices land in the UTF-8 text. The file is
// Debian's; without it the test skips, except under CI (.ci/run installs
// unicode-data), where it fails.
func TestLineBreaksConformance(t *testing.T) {
	f, err := os.Open(lineBreakTest)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("LineBreakTest.txt is required under CI (Debian's unicode-data, see .ci/run): %v", err)
		}
		t.Skipf("LineBreakTest.txt not installed (Debian's unicode-data): %v", err)
	}
	defer f.Close()
	allowed := map[int]string{}
	for rule, a := range lineBreakAllowed {
		for _, n := range a.lines {
			allowed[n] = rule
		}
	}
	var br Breaker
	var got []Break
	version := ""
	cases, passed, differ := 0, 0, map[string]int{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if n == 1 {
			version = strings.TrimPrefix(line, "# ")
		}
		data, _, _ := strings.Cut(line, "#")
		if strings.TrimSpace(data) == "" {
			continue
		}
		text, want, err := parseBreakTest(data)
		if err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		cases++
		got = br.LineBreaks(got[:0], text)
		var at []int
		for _, b := range got {
			at = append(at, b.At)
		}
		same := slices.Equal(at, want)
		switch rule, ok := allowed[n]; {
		case same && ok:
			t.Errorf("line %d is allowed to differ (%s) but no longer does: remove it from lineBreakAllowed", n, rule)
		case same:
			passed++
		case ok && version == "LineBreakTest-15.0.0.txt":
			differ[rule]++
		default:
			t.Errorf("line %d, %+q: breaks at %v, want %v\n%s", n, text, at, want, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cases < 7000 {
		t.Fatalf("only %d test lines read from %s", cases, lineBreakTest)
	}
	t.Logf("%s: %d lines, %d the same, allowed to differ by later rules: %v", version, cases, passed, differ)
}

// parseBreakTest reads the data of one test line, "× 0023 ÷ 0020 ÷": the
// text, and the byte offsets of the ÷ marks.
func parseBreakTest(data string) (string, []int, error) {
	var text strings.Builder
	var breaks []int
	for _, f := range strings.Fields(data) {
		switch f {
		case "×":
		case "÷":
			breaks = append(breaks, text.Len())
		default:
			cp, err := strconv.ParseUint(f, 16, 32)
			if err != nil {
				return "", nil, fmt.Errorf("code point %q: %w", f, err)
			}
			text.WriteRune(rune(cp))
		}
	}
	return text.String(), breaks, nil
}

func TestLineBreaks(t *testing.T) {
	for _, c := range []struct {
		in     string
		hangul bool // HangulAsLetters
		want   []Break
	}{
		{"", false, nil},
		{"well-known", false, []Break{{5, false}, {10, true}}},
		{"and/or", false, []Break{{4, false}, {6, true}}},
		{"a\nb", false, []Break{{2, true}, {3, true}}},
		{"a\r\nb", false, []Break{{3, true}, {4, true}}},
		// Rune indices become byte offsets: "東" is three bytes.
		{"東京。", false, []Break{{3, false}, {9, true}}},
		// Each invalid byte is one character, as range reads it.
		{"東\xff東", false, []Break{{3, false}, {4, false}, {7, true}}},
		{"서울역", false, []Break{{3, false}, {6, false}, {9, true}}},
		{"서울역", true, []Break{{9, true}}},
		{"서울(Seoul)에서", true, []Break{{19, true}}},
		{"大韓民國은", true, []Break{{3, false}, {6, false}, {9, false}, {12, false}, {15, true}}},
		// Thai, Lao, Khmer and Burmese words (SA), by the dictionary: ภาษา|ไทย
		// and ភាសា|ខ្មែរ|ជា|ភាសា, but not before the bracket (UAX #14's
		// LB30 keeps a letter and an opening bracket together).
		{"ภาษาไทย", false, []Break{{12, false}, {21, true}}},
		{"ภาษาไทย(ไทย)", false, []Break{{12, false}, {32, true}}},
		{"ພາສາລາວ ດີ", false, []Break{{12, false}, {22, false}, {28, true}}},
		{"မြန်မာစကား", false, []Break{{18, false}, {30, true}}},
		// A run under five characters is left whole.
		{"ไปมา", false, []Break{{12, true}}},
	} {
		br := Breaker{HangulAsLetters: c.hangul}
		if got := br.LineBreaks(nil, c.in); !slices.Equal(got, c.want) {
			t.Errorf("%+q (Hangul as letters: %v): %v, want %v", c.in, c.hangul, got, c.want)
		}
	}
}

// A Breaker is asked once per word of every paragraph: once its buffers have
// grown, it allocates nothing.
func TestLineBreaksAllocateNothing(t *testing.T) {
	var br Breaker
	dst := br.LineBreaks(nil, "東京の夜、well-known and/or 😀😀 — and more ภาษาไทยเป็นภาษาที่สวยงาม")
	allocs := testing.AllocsPerRun(100, func() {
		dst = br.LineBreaks(dst[:0], "東京の夜、well-known")
		dst = br.LineBreaks(dst[:0], "ภาษาไทยเป็นภาษาที่สวยงาม")
	})
	if allocs != 0 {
		t.Errorf("%g allocations per call, want 0", allocs)
	}
}

func BenchmarkLineBreaks(b *testing.B) {
	var br Breaker
	var dst []Break
	for _, c := range []struct{ name, text string }{
		{"latin-word", "rapprochement"},
		{"japanese", "東京の夜行列車は、今も走っている。"},
		{"thai", "ภาษาไทยเป็นภาษาที่มีระดับเสียงของคำแน่นอนหรือวรรณยุกต์"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			b.ReportAllocs()
			for b.Loop() {
				dst = br.LineBreaks(dst[:0], c.text)
			}
		})
	}
}

// TestSimpleBreaks holds the shortcut for the simplest text to what the
// segmenter says: on every string of one to three of its characters (the
// rules look at most one character beyond the two around a break, but for
// LB25's runs of digits and punctuation, which only forbid), Latin letters
// beyond ASCII taken all in pairs and a few of them in triples.
func TestSimpleBreaks(t *testing.T) {
	var all, few []rune
	for r := rune(0); r <= 0x24F; r++ {
		if r < 0x80 && simpleASCII[r] != notSimple || r >= 0x80 && simpleKind(r) != notSimple {
			all = append(all, r)
			if r < 0x80 || strings.ContainsRune("éßŁș", r) {
				few = append(few, r)
			}
		}
	}
	quotes := []rune("‘’“”")
	all, few = append(all, quotes...), append(few, quotes...)
	if len(all) < 450 || len(few) < 70 {
		t.Fatalf("%d simple characters, %d in triples: the tables are broken", len(all), len(few))
	}
	var br Breaker
	var fast, slow []Break
	n := 0
	check := func(s string) {
		n++
		var ok bool
		if fast, ok = simpleBreaks(fast[:0], s); !ok {
			t.Fatalf("%+q: not simple", s)
		}
		if slow = br.segment(slow[:0], s); !slices.Equal(fast, slow) {
			t.Errorf("%+q: shortcut %v, segmenter %v", s, fast, slow)
		}
	}
	for _, a := range all {
		check(string(a))
		for _, b := range all {
			check(string([]rune{a, b}))
		}
	}
	for _, a := range few {
		for _, b := range few {
			for _, c := range few {
				check(string([]rune{a, b, c}))
			}
		}
	}
	for _, s := range []string{"well-known", "a--b", "-foo", "x-1", "1-x", "“well-known,”", "Japan’s", "12,345.67-fold"} {
		check(s)
	}
	t.Logf("%d strings", n)
	if _, ok := simpleBreaks(nil, "a/b"); ok {
		t.Error("a slash is taken as simple: UAX #14 breaks after it")
	}
}
