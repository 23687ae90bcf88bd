package article

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// samplePath is the real archive article the site exports; see TestParseTextSample.
const samplePath = "../source/archive/illusions-of-moscow-tokyo-rapprochement.txt"

const chromeLine = "Print Save as PDF +A A -A"

func readSample(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(samplePath)
	if err != nil {
		tb.Fatalf("reading the sample article: %v", err)
	}
	return data
}

// paras builds a body of plain paragraphs.
func paras(texts ...string) []Block {
	var out []Block
	for _, t := range texts {
		out = append(out, Para(t))
	}
	return out
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// diffArticle lists the fields in which got differs from want, each with got and
// want, so that a failure says exactly what is wrong. Body is compared
// element-wise; a nil and an empty body are the same.
func diffArticle(got, want *Article) []string {
	var d []string
	str := func(name, g, w string) {
		if g != w {
			d = append(d, fmt.Sprintf("%s: got %q, want %q", name, g, w))
		}
	}
	str("Title", got.Title, want.Title)
	str("Standfirst", got.Standfirst, want.Standfirst)
	str("Byline", got.Byline, want.Byline)
	str("Date", got.Date, want.Date)
	str("URL", got.URL, want.URL)
	if want.Lang != "" { // "" leaves the detected language unchecked (see lang_test.go)
		str("Lang", got.Lang, want.Lang)
	}
	str("Rights", got.Rights, want.Rights)
	if !got.Published.Equal(want.Published) {
		d = append(d, fmt.Sprintf("Published: got %v, want %v", got.Published, want.Published))
	} else if !want.Published.IsZero() && got.Published.Location() != want.Published.Location() {
		d = append(d, fmt.Sprintf("Published: got location %v, want %v", got.Published.Location(), want.Published.Location()))
	}
	if g, w := got.Paragraphs(), want.Paragraphs(); !slices.Equal(g, w) {
		d = append(d, fmt.Sprintf("Body: got %d paragraphs %q, want %d paragraphs %q", len(g), g, len(w), w))
	}
	if !slices.EqualFunc(got.Body, want.Body, func(a, b Block) bool {
		return a.Kind == b.Kind && a.Ordered == b.Ordered && a.Number == b.Number && slices.Equal(a.Runs, b.Runs)
	}) {
		d = append(d, fmt.Sprintf("Body blocks: got %+v, want %+v", got.Body, want.Body))
	}
	return d
}

func checkArticle(t *testing.T, input string, got *Article, err error, want *Article) {
	t.Helper()
	if err != nil {
		t.Fatalf("input %q: unexpected error: %v", input, err)
	}
	if got == nil {
		t.Fatalf("input %q: got a nil article and no error", input)
	}
	if d := diffArticle(got, want); len(d) > 0 {
		t.Errorf("input %q:\n  %s", input, strings.Join(d, "\n  "))
	}
}

// checkErr checks that err wraps want and that its message contains every one
// of the given fragments.
func checkErr(t *testing.T, input string, a *Article, err, want error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("input %q: got no error and article %s, want an error wrapping %v", truncate(input), summary(a), want)
	}
	if a != nil {
		t.Errorf("input %q: got a non-nil article %s together with the error %v", truncate(input), summary(a), err)
	}
	if !errors.Is(err, want) {
		t.Errorf("input %q: got error %q, want one wrapping %q", truncate(input), err, want)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("input %q: error %q does not mention %q", truncate(input), err, f)
		}
	}
}

// summary describes an article briefly, for failure messages.
func summary(a *Article) string {
	if a == nil {
		return "<nil>"
	}
	return fmt.Sprintf("{Title: %q, Standfirst: %q, Date: %q, %d paragraphs}", truncate(a.Title), truncate(a.Standfirst), a.Date, len(a.Body))
}

func truncate(s string) string {
	if len(s) > 120 {
		return s[:120] + fmt.Sprintf("…(%d bytes)", len(s))
	}
	return s
}

func TestParseTextSample(t *testing.T) {
	data := readSample(t)
	a, err := ParseText(data)
	if err != nil {
		t.Fatalf("ParseText(sample): %v", err)
	}
	lines := strings.Split(string(data), "\n")

	// Header fields.
	for _, c := range []struct{ name, got, want string }{
		{"Date", a.Date, "4 January 2017"},
		{"Title", a.Title, "The illusions of Moscow-Tokyo rapprochement"},
		{"Standfirst", a.Standfirst, "Russia and Japan fail again to make peace"},
		{"Byline", a.Byline, ""},
		{"URL", a.URL, ""},
		{"Lang", a.Lang, "en"},
		{"Rights", a.Rights, lines[len(lines)-1]}, // the last line, which has no newline
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if want := date(2017, time.January, 4); !a.Published.Equal(want) || a.Published.Location() != time.UTC {
		t.Errorf("Published: got %v, want %v", a.Published, want)
	}
	if !strings.HasPrefix(a.Rights, "© Intersection - for republishing rights") {
		t.Errorf("Rights: got %q, want it to start with %q", a.Rights, "© Intersection - for republishing rights")
	}
	if !strings.HasSuffix(lines[5], "\u00a0") || strings.ContainsRune(a.Standfirst, '\u00a0') {
		t.Errorf("Standfirst: file line 6 is %q; got %q, want the trailing no-break space trimmed", lines[5], a.Standfirst)
	}

	// The chrome line is dropped and appears nowhere.
	all := append([]string{a.Title, a.Standfirst, a.Byline, a.Date, a.Rights}, a.Paragraphs()...)
	for i, s := range all {
		for _, frag := range []string{"Save as PDF", "+A A -A"} {
			if strings.Contains(s, frag) {
				t.Errorf("field %d (%q) contains the chrome text %q", i, truncate(s), frag)
			}
		}
	}

	// The body: every non-blank line between the standfirst and the rights
	// line, in order, each trimmed only at its ends.
	sf := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "Russia and Japan fail again") })
	if sf < 0 {
		t.Fatal("the standfirst line is not in the sample any more; the test needs updating")
	}
	var want []string
	for _, l := range lines[sf+1 : len(lines)-1] {
		if strings.TrimSpace(l) != "" {
			want = append(want, strings.TrimSpace(l))
		}
	}
	if len(want) != 9 {
		t.Fatalf("the sample should have 9 body lines between the standfirst and the rights line, found %d; the test needs updating", len(want))
	}
	if len(a.Body) != len(want) {
		t.Fatalf("Body: got %d paragraphs, want %d", len(a.Body), len(want))
	}
	for i := range want {
		if a.Paragraphs()[i] != want[i] {
			t.Errorf("paragraph %d:\n got  %q\n want %q", i+1, a.Paragraphs()[i], want[i])
		}
	}
	if !strings.Contains(a.Paragraphs()[0], "“anachronism”") {
		t.Errorf("paragraph 1 lost its curly quotes: %q", a.Paragraphs()[0])
	}
	if !strings.HasPrefix(a.Paragraphs()[0], "Seventy years after the end of the Second World War") {
		t.Errorf("paragraph 1 starts with %q", truncate(a.Paragraphs()[0]))
	}
	if !strings.HasSuffix(a.Paragraphs()[8], "enduring for a long time.") {
		t.Errorf("paragraph 9 should end at the last full stop (trailing no-break spaces trimmed): %q", a.Paragraphs()[8][max(0, len(a.Paragraphs()[8])-60):])
	}
	pairs := 0
	for _, p := range a.Paragraphs() {
		pairs += strings.Count(p, "\u00a0 ")
	}
	if pairs == 0 {
		t.Error(`no paragraph keeps the "no-break space + space" pair between sentences`)
	}
	var gotNBSP, wantNBSP int
	for i := range want {
		gotNBSP += strings.Count(a.Paragraphs()[i], "\u00a0")
		wantNBSP += strings.Count(want[i], "\u00a0")
	}
	if gotNBSP != wantNBSP || wantNBSP == 0 {
		t.Errorf("no-break spaces inside the body: got %d, want %d (the count in the file's trimmed body lines)", gotNBSP, wantNBSP)
	}
	// Every character of the body lines is kept: the body's bytes equal the
	// file's trimmed body lines', character class by character class.
	for _, r := range []rune{'“', '”', '’', '\u00a0'} {
		g, w := 0, 0
		for i := range want {
			g += strings.Count(a.Paragraphs()[i], string(r))
			w += strings.Count(want[i], string(r))
		}
		if g != w {
			t.Errorf("count of %q in the body: got %d, want %d", r, g, w)
		}
	}
}

// TestParseTextLineEndings checks that CRLF, lone CR and a byte-order mark
// give exactly the article that LF gives, on the sample and a small text.
func TestParseTextLineEndings(t *testing.T) {
	small := chromeLine + "\n4 January 2017\n\nTitle\n\nStandfirst\u00a0\n\nFirst paragraph.\u00a0 Second sentence.\n\nSecond paragraph\nwrapped.\n\n© Publisher"
	for _, base := range []struct{ name, text string }{
		{"sample", string(readSample(t))},
		{"small", small},
		{"small with trailing newline", small + "\n"},
	} {
		want, err := ParseText([]byte(base.text))
		if err != nil {
			t.Fatalf("%s with LF: %v", base.name, err)
		}
		if len(want.Body) < 2 {
			t.Fatalf("%s with LF: got %d paragraphs, the test needs at least 2", base.name, len(want.Body))
		}
		for _, v := range []struct{ name, text string }{
			{"CRLF", strings.ReplaceAll(base.text, "\n", "\r\n")},
			{"CR", strings.ReplaceAll(base.text, "\n", "\r")},
			{"BOM+LF", "\uFEFF" + base.text},
			{"BOM+CRLF", "\uFEFF" + strings.ReplaceAll(base.text, "\n", "\r\n")},
			{"mixed", strings.Replace(strings.ReplaceAll(base.text, "\n\n", "\r\n\r"), "\n", "\r\n", 1)},
		} {
			t.Run(base.name+"/"+v.name, func(t *testing.T) {
				got, err := ParseText([]byte(v.text))
				checkArticle(t, truncate(v.text), got, err, want)
			})
		}
	}
}

func TestParseTextVariations(t *testing.T) {
	long := strings.Repeat("x", MaxStandfirstRunes+1)
	// 320 runes but 640 bytes: the limit is in characters, not bytes.
	atLimit := strings.Repeat("é", MaxStandfirstRunes)
	maxTitle := strings.Repeat("é", MaxTitleRunes)
	d2017 := date(2017, time.January, 4)
	d2019 := date(2019, time.March, 12)

	tests := []struct {
		name  string
		input string
		want  Article
	}{
		{
			name:  "full article",
			input: chromeLine + "\n4 January 2017\n\nTitle\n\nStandfirst\n\nP1\n\nP2\n\n© Publisher",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Date: "4 January 2017", Published: d2017, Rights: "© Publisher", Body: paras("P1", "P2")},
		},
		{
			name:  "no chrome line",
			input: "4 January 2017\n\nTitle\n\nStandfirst\n\nP1\n\nP2",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Date: "4 January 2017", Published: d2017, Body: paras("P1", "P2")},
		},
		{
			name:  "no date line: title is the first line after the chrome",
			input: chromeLine + "\nTitle\n\nStandfirst\n\nP1\n\nP2",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Body: paras("P1", "P2")},
		},
		{
			name:  "no chrome and no date: title is the first line",
			input: "Title\n\nStandfirst\n\nP1\n\nP2",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Body: paras("P1", "P2")},
		},
		{
			name:  "chrome with double spaces and U+2212 minus",
			input: "Print  Save as PDF  +A A \u2212A\n4 January 2017\n\nTitle\n\nP1",
			want:  Article{Title: "Title", Date: "4 January 2017", Published: d2017, Body: paras("P1")},
		},
		{
			name:  "chrome upper case with en dash, tabs and trailing spaces",
			input: "PRINT\tSAVE AS PDF +A A \u2013A  \nTitle\n\nP1",
			want:  Article{Title: "Title", Body: paras("P1")},
		},
		{
			name:  "chrome after leading blank lines",
			input: "\n \n" + chromeLine + "\n\n\nTitle\n\nP1",
			want:  Article{Title: "Title", Body: paras("P1")},
		},
		{
			name:  "chrome words in a later line are kept",
			input: "Title\n\nStandfirst\n\nPrint Save as PDF +A A -A\n\nP2",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Body: paras("Print Save as PDF +A A -A", "P2")},
		},
		{
			name:  "hard-wrapped blocks are joined with one space",
			input: "A title\nin two lines\n\nA standfirst\n  wrapped  \n\nFirst paragraph,\nwrapped over\nthree lines.\n\nSecond\u00a0 paragraph.",
			want: Article{Title: "A title in two lines", Standfirst: "A standfirst wrapped",
				Body: paras("First paragraph, wrapped over three lines.", "Second\u00a0 paragraph.")},
		},
		{
			name:  "no blank lines at all: one block per line",
			input: "Title\nStandfirst\nP1\nP2\nP3",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Body: paras("P1", "P2", "P3")},
		},
		{
			name:  "no blank lines, with chrome, date and rights",
			input: chromeLine + "\n4 January 2017\nTitle\nStandfirst\nP1\nP2\n© Publisher",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Date: "4 January 2017", Published: d2017, Rights: "© Publisher", Body: paras("P1", "P2")},
		},
		{
			name:  "title only",
			input: "Just a title\n",
			want:  Article{Title: "Just a title"},
		},
		{
			name:  "date and title only",
			input: chromeLine + "\n4 January 2017\n\nJust a title",
			want:  Article{Title: "Just a title", Date: "4 January 2017", Published: d2017},
		},
		{
			name:  "two blocks: title and one paragraph, no standfirst",
			input: "Title\n\nThe only paragraph.",
			want:  Article{Title: "Title", Body: paras("The only paragraph.")},
		},
		{
			name:  "second block over MaxStandfirstRunes is a paragraph",
			input: "Title\n\n" + long + "\n\nP2",
			want:  Article{Title: "Title", Body: paras(long, "P2")},
		},
		{
			name:  "second block of exactly MaxStandfirstRunes characters (more bytes) is a standfirst",
			input: "Title\n\n" + atLimit + "\n\nP1",
			want:  Article{Title: "Title", Standfirst: atLimit, Body: paras("P1")},
		},
		{
			name:  "byline after the standfirst",
			input: "Title\n\nStandfirst\n\nBy Jane Doe\n\nP1\n\nP2",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Byline: "By Jane Doe", Body: paras("P1", "P2")},
		},
		{
			name:  "byline straight after the title, no standfirst",
			input: "Title\n\nBy Jane Doe\n\nP1\n\nP2",
			want:  Article{Title: "Title", Byline: "By Jane Doe", Body: paras("P1", "P2")},
		},
		{
			name:  "a sentence starting with By is a paragraph, not a byline",
			input: "Title\n\nStandfirst\n\nBy the end of the year, prices had doubled.\n\nP2",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Body: paras("By the end of the year, prices had doubled.", "P2")},
		},
		{
			name:  "a byline-like last block is a paragraph",
			input: "Title\n\nStandfirst\n\nBy Jane Doe",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Body: paras("By Jane Doe")},
		},
		{
			name:  "title that looks partly like a date is not a date",
			input: "May 2017 be better\n\nStandfirst\n\nP1",
			want:  Article{Title: "May 2017 be better", Standfirst: "Standfirst", Body: paras("P1")},
		},
		{
			name:  "title with a month and a year only is not a date",
			input: "March 2019\n\nP1",
			want:  Article{Title: "March 2019", Body: paras("P1")},
		},
		{
			name:  "date line with surrounding white space",
			input: "  4 January 2017 \u00a0\n\nTitle\n\nP1",
			want:  Article{Title: "Title", Date: "4 January 2017", Published: d2017, Body: paras("P1")},
		},
		{name: "French date", input: chromeLine + "\n12 mars 2019\n\nTitre\n\nParagraphe.",
			want: Article{Title: "Titre", Date: "12 mars 2019", Published: d2019, Body: paras("Paragraphe.")}},
		{name: "German date", input: chromeLine + "\n12. März 2019\n\nTitel\n\nAbsatz.",
			want: Article{Title: "Titel", Date: "12. März 2019", Published: d2019, Body: paras("Absatz.")}},
		{name: "Russian date", input: chromeLine + "\n12 марта 2019\n\nЗаголовок\n\nАбзац.",
			want: Article{Title: "Заголовок", Date: "12 марта 2019", Published: d2019, Body: paras("Абзац.")}},
		{name: "Russian date with г.", input: "12 марта 2019 г.\n\nЗаголовок\n\nАбзац.",
			want: Article{Title: "Заголовок", Date: "12 марта 2019 г.", Published: d2019, Body: paras("Абзац.")}},
		{name: "Greek date", input: chromeLine + "\n12 Μαρτίου 2019\n\nΤίτλος\n\nΠαράγραφος.",
			want: Article{Title: "Τίτλος", Date: "12 Μαρτίου 2019", Published: d2019, Body: paras("Παράγραφος.")}},
		{name: "Vietnamese date", input: chromeLine + "\nngày 12 tháng 3 năm 2019\n\nTiêu đề\n\nĐoạn văn.",
			want: Article{Title: "Tiêu đề", Date: "ngày 12 tháng 3 năm 2019", Published: d2019, Body: paras("Đoạn văn.")}},
		{name: "Spanish date", input: "12 de marzo de 2019\n\nTítulo\n\nPárrafo.",
			want: Article{Title: "Título", Date: "12 de marzo de 2019", Published: d2019, Body: paras("Párrafo.")}},
		{name: "ISO date", input: chromeLine + "\n2019-03-12\n\nTitle\n\nP1",
			want: Article{Title: "Title", Date: "2019-03-12", Published: d2019, Body: paras("P1")}},
		{
			name:  "rights variants: (c)",
			input: "Title\n\nP1\n\n(c) Publisher 2017",
			want:  Article{Title: "Title", Rights: "(c) Publisher 2017", Body: paras("P1")},
		},
		{
			name:  "rights variants: Copyright, after trailing blank lines",
			input: "Title\n\nP1\n\n  Copyright 2017 Publisher  \n\n\n",
			want:  Article{Title: "Title", Rights: "Copyright 2017 Publisher", Body: paras("P1")},
		},
		{
			name:  "a © line that is not the last line is a paragraph",
			input: "Title\n\nStandfirst\n\n© in the middle\n\nP2",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Body: paras("© in the middle", "P2")},
		},
		{
			name:  "lines of spaces, tabs and no-break spaces are blank",
			input: "Title\n \t \n\u00a0\nStandfirst\n\t\nP1\n\u00a0 \u00a0\nP2",
			want:  Article{Title: "Title", Standfirst: "Standfirst", Body: paras("P1", "P2")},
		},
		{
			name:  "characters inside a paragraph are kept: tabs, no-break spaces, quotes",
			input: "Title\n\n\u00a0 Start\tmiddle\u00a0 “quoted” end.\u00a0 \n\nP2",
			want:  Article{Title: "Title", Standfirst: "Start\tmiddle\u00a0 “quoted” end.", Body: paras("P2")},
		},
		{
			name:  "title of exactly MaxTitleRunes characters",
			input: maxTitle + "\n\nP1",
			want:  Article{Title: maxTitle, Body: paras("P1")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseText([]byte(tt.input))
			checkArticle(t, truncate(tt.input), got, err, &tt.want)
		})
	}
}

func TestParseTextErrors(t *testing.T) {
	tests := []struct {
		name      string
		input     string
		want      error
		fragments []string
	}{
		{name: "empty", input: "", want: ErrEmpty},
		{name: "only spaces and newlines", input: " \n\t\r\n  \n", want: ErrEmpty},
		{name: "only no-break spaces", input: "\u00a0\n\u00a0 \n", want: ErrEmpty},
		{name: "only a byte-order mark", input: "\uFEFF", want: ErrEmpty},
		{name: "byte-order mark and white space", input: "\uFEFF \r\n\t", want: ErrEmpty},
		{name: "only the chrome line and a rights line", input: chromeLine + "\n\n© Intersection - for republishing rights",
			want: ErrInvalid, fragments: []string{"no title"}},
		{name: "only the chrome line", input: chromeLine + "\n", want: ErrInvalid, fragments: []string{"no title"}},
		{name: "invalid UTF-8 on line 3", input: "Title\n\nPara\xffgraph\n", want: ErrInvalid, fragments: []string{"UTF-8", "line 3"}},
		{name: "invalid UTF-8 on line 1", input: "\xc3\x28 title", want: ErrInvalid, fragments: []string{"UTF-8", "line 1"}},
		{name: "truncated UTF-8 sequence at the end of line 5", input: "Title\n\nP1\n\nP2 \xe2\x80", want: ErrInvalid, fragments: []string{"UTF-8", "line 5"}},
		{name: "UTF-8 encoded surrogate", input: "Title\n\xed\xa0\x80", want: ErrInvalid, fragments: []string{"UTF-8", "line 2"}},
		{name: "invalid UTF-8 with CRLF line endings", input: "Title\r\n\r\nPara\xff\r\n", want: ErrInvalid, fragments: []string{"UTF-8", "line 3"}},
		{name: "invalid UTF-8 with lone CR line endings", input: "Title\r\rPara\xff\r", want: ErrInvalid, fragments: []string{"UTF-8", "line 3"}},
		{name: "invalid UTF-8 after a byte-order mark: byte offset in the input", input: "\uFEFFTitle\n\xff", want: ErrInvalid, fragments: []string{"line 2", "byte 9"}},
		{name: "NUL byte", input: "Title\n\nPara\x00graph", want: ErrInvalid, fragments: []string{"U+0000", "line 3"}},
		{name: "NUL in the title", input: "\x00", want: ErrInvalid, fragments: []string{"U+0000", "line 1"}},
		{name: "SOH", input: "Title\n\x01", want: ErrInvalid, fragments: []string{"U+0001", "line 2"}},
		{name: "ESC", input: "Title\n\nP1\n\nP2 \x1b[31mred", want: ErrInvalid, fragments: []string{"U+001B", "line 5"}},
		{name: "form feed", input: "Title\n\nP1\f", want: ErrInvalid, fragments: []string{"U+000C", "line 3"}},
		{name: "vertical tab", input: "Title\v\n\nP1", want: ErrInvalid, fragments: []string{"U+000B", "line 1"}},
		{name: "DEL", input: "Title\n\nP1\x7f", want: ErrInvalid, fragments: []string{"U+007F", "line 3"}},
		{name: "C1 control NEL", input: "Title\n\nP1\u0085", want: ErrInvalid, fragments: []string{"U+0085", "line 3"}},
		{name: "control character with CRLF", input: "Title\r\n\r\nP1\x02", want: ErrInvalid, fragments: []string{"U+0002", "line 3"}},
		{name: "title over MaxTitleRunes", input: strings.Repeat("é", MaxTitleRunes+1) + "\n\nP1", want: ErrInvalid,
			fragments: []string{"title", fmt.Sprint(MaxTitleRunes + 1), fmt.Sprint(MaxTitleRunes)}},
		{name: "hard-wrapped title over MaxTitleRunes", input: strings.Repeat("word ", 100) + "\n" + strings.Repeat("word ", 120) + "\n\nP1", want: ErrInvalid,
			fragments: []string{"title"}},
		{name: "more than MaxParagraphs paragraphs", input: "Title\nStandfirst\n" + strings.Repeat("p\n", MaxParagraphs+1), want: ErrInvalid,
			fragments: []string{"paragraphs", fmt.Sprint(MaxParagraphs)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseText([]byte(tt.input))
			checkErr(t, tt.input, a, err, tt.want, tt.fragments...)
		})
	}
	t.Run("nil input", func(t *testing.T) {
		a, err := ParseText(nil)
		checkErr(t, "<nil>", a, err, ErrEmpty)
	})
}

// TestParseTextArchiveFixtures checks the archive fixtures in other languages:
// they parse, keep their date, and every field is valid UTF-8.
func TestParseTextArchiveFixtures(t *testing.T) {
	tests := []struct {
		file      string
		date      string
		published time.Time
	}{
		{"athens-water-reform.txt", "12 Μαρτίου 2024", date(2024, time.March, 12)},
		{"baltic-energy-islands.txt", "18 June 2024", date(2024, time.June, 18)},
		{"hamburg-harbour-automation.txt", "12. März 2024", date(2024, time.March, 12)},
		{"illusions-of-moscow-tokyo-rapprochement.txt", "4 January 2017", date(2017, time.January, 4)},
		{"lyon-night-trains.txt", "3 février 2024", date(2024, time.February, 3)},
		{"mekong-delta-salinity.txt", "ngày 5 tháng 4 năm 2024", date(2024, time.April, 5)},
		{"novosibirsk-science-city.txt", "14 октября 2023", date(2023, time.October, 14)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("../source/archive/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			a, err := ParseText(data)
			if err != nil {
				t.Fatalf("ParseText: %v", err)
			}
			if a.Date != tt.date || !a.Published.Equal(tt.published) {
				t.Errorf("date: got %q (%v), want %q (%v)", a.Date, a.Published, tt.date, tt.published)
			}
			if a.Title == "" || a.Standfirst == "" || len(a.Body) == 0 {
				t.Errorf("got title %q, standfirst %q and %d paragraphs; want all three", a.Title, truncate(a.Standfirst), len(a.Body))
			}
			for i, p := range append([]string{a.Title, a.Standfirst, a.Rights}, a.Paragraphs()...) {
				if !utf8.ValidString(p) || strings.ContainsAny(p, "\r\n") || strings.Contains(p, "Save as PDF") {
					t.Errorf("field %d is not a clean single line: %q", i, truncate(p))
				}
			}
		})
	}
}
