package article

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// allocated reports the bytes f allocates. Two collections first empty the
// sync.Pools, so that a buffer left by an earlier call hides nothing.
func allocated(f func()) uint64 {
	runtime.GC()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// repeatTo repeats unit between prefix and suffix up to about size bytes.
func repeatTo(size int, prefix, unit, suffix string) string {
	return prefix + strings.Repeat(unit, (size-len(prefix)-len(suffix))/len(unit)) + suffix
}

// TestParagraphLimitStopsEarly: a body of 2 MiB of one-letter paragraphs
// holds 26 times MaxParagraphs. The parsers must refuse it after counting
// past the limit, not after building every paragraph: that cost over
// 100 MB per request, before the limiter and at any concurrency.
func TestParagraphLimitStopsEarly(t *testing.T) {
	const size = 2 << 20
	for _, c := range []struct {
		name  string
		parse func([]byte) (*Article, error)
		input string
	}{
		{"JSON", ParseJSON, repeatTo(size, `{"title":"t","body":[`, `"a",`, `"a"]}`)},
		{"JSON lists", ParseJSON, repeatTo(size, `{"title":"t","body":[{"type":"list","items":[`, `"a",`, `"a"]}]}`)},
		{"text", ParseText, repeatTo(size, "Title\n\n", "a\n\n", "a\n")},
		{"text without blank lines", ParseText, repeatTo(size, "Title\n", "a\n", "a\n")},
	} {
		var err error
		var a *Article
		n := allocated(func() { a, err = c.parse([]byte(c.input)) })
		checkErr(t, c.name, a, err, ErrInvalid, "paragraphs", fmt.Sprint(MaxParagraphs))
		// The input's copy, the decoder's buffer and MaxParagraphs
		// blocks (120 bytes each, with room for figures, tables and
		// notes): about 19 MiB. Building all 26 times as many would
		// cost hundreds.
		if n > 24<<20 {
			t.Errorf("%s: refusing 2 MiB of one-letter paragraphs allocated %.1f MiB; want at most 24", c.name, float64(n)/(1<<20))
		}
	}
}

// TestParagraphLimitIsExact: MaxParagraphs paragraphs are accepted, one
// more is refused, in both formats, a list's items counting one each.
func TestParagraphLimitIsExact(t *testing.T) {
	jsonBody := func(n int) string {
		return `{"title":"t","body":[` + strings.TrimSuffix(strings.Repeat(`"p",`, n), ",") + `]}`
	}
	jsonList := func(n int) string {
		return `{"title":"t","body":["p",{"type":"list","items":[` + strings.TrimSuffix(strings.Repeat(`"i",`, n-1), ",") + `]}]}`
	}
	text := func(n int) string { return "Title\n\nA standfirst\n\n" + strings.Repeat("p\n\n", n) }
	textWithStandfirstAndByline := func(n int) string {
		return "Title\n\nA standfirst\n\nBy Someone\n\n" + strings.Repeat("p\n\n", n)
	}
	for _, c := range []struct {
		name  string
		parse func([]byte) (*Article, error)
		input func(n int) string
	}{
		{"JSON", ParseJSON, jsonBody},
		{"JSON list", ParseJSON, jsonList},
		{"text", ParseText, text},
		{"text with standfirst and byline", ParseText, textWithStandfirstAndByline},
	} {
		a, err := c.parse([]byte(c.input(MaxParagraphs)))
		if err != nil || len(a.Body) != MaxParagraphs {
			t.Errorf("%s: %d paragraphs: error %v", c.name, MaxParagraphs, err)
		}
		a, err = c.parse([]byte(c.input(MaxParagraphs + 1)))
		checkErr(t, c.name, a, err, ErrInvalid, "paragraphs", fmt.Sprint(MaxParagraphs))
	}
}

// TestLangDetectionReadsAPrefix: detecting the language of one huge
// paragraph reads its first words, without copying or splitting the whole
// text.
func TestLangDetectionReadsAPrefix(t *testing.T) {
	input := []byte(repeatTo(2<<20, "Title\n\n", "the cat and the dog ", "end\n"))
	var a *Article
	var err error
	n := allocated(func() { a, err = ParseText(input) })
	if err != nil || a.Lang != "en" {
		t.Fatalf("lang %q, error %v", a.Lang, err)
	}
	// The text's one copy; splitting it into words took 16 MiB more.
	if n > 4<<20 {
		t.Errorf("parsing one paragraph of 2 MiB allocated %.1f MiB; want at most 4", float64(n)/(1<<20))
	}
}

// TestUnpairedSurrogatesAreRefused: encoding/json turns an escaped half of
// a surrogate pair into U+FFFD, silently changing the text; it must be a
// clear error, as invalid UTF-8 is.
func TestUnpairedSurrogatesAreRefused(t *testing.T) {
	for _, c := range []struct{ name, input, escape string }{
		{"high alone", `{"title":"a\ud800b"}`, `\ud800`},
		{"high at the end of a string", `{"title":"t","body":["x\uD83D"]}`, `\uD83D`},
		{"low alone", `{"title":"a\udc00"}`, `\udc00`},
		{"high then a letter escape", `{"title":"\ud800\u0041"}`, `\ud800`},
		{"high then high", `{"title":"\ud83d\ud83d\ude00"}`, `\ud83d`},
		{"low then high", `{"title":"\ude00\ud83d"}`, `\ude00`},
		{"in a run", `{"title":"t","body":[{"runs":[{"text":"\udfff"}]}]}`, `\udfff`},
		{"after an escaped backslash", `{"title":"\\\ud800"}`, `\ud800`},
	} {
		a, err := ParseJSON([]byte(c.input))
		checkErr(t, c.name, a, err, ErrInvalid, "unpaired surrogate", c.escape, "byte")
	}
	for _, c := range []struct{ name, input, title string }{
		{"a pair", `{"title":"smile \ud83d\ude00"}`, "smile 😀"},
		{"a pair in capitals", `{"title":"\uD83D\uDE00"}`, "😀"},
		{"an escaped backslash before u", `{"title":"C:\\ud800"}`, `C:\ud800`},
		{"U+FFFD itself", `{"title":"\ufffd"}`, "\uFFFD"},
		{"the last character before the surrogates", `{"title":"\ud7ff"}`, "\uD7FF"},
		{"the first after them", `{"title":"\ue000"}`, "\uE000"},
	} {
		a, err := ParseJSON([]byte(c.input))
		if err != nil || a.Title != c.title {
			t.Errorf("%s: title %q, error %v; want %q", c.name, a.Title, err, c.title)
		}
	}
}
