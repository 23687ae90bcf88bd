package article

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

const fixtureJSON = "../source/archive/copenhagen-bike-bridges.json"

func TestParseJSONFull(t *testing.T) {
	input := `{
		"title": "The title",
		"standfirst": "The standfirst",
		"byline": "By Jane Doe",
		"published": "2017-01-04",
		"url": "https://example.org/articles/the-title?x=1#top",
		"lang": "en",
		"rights": "© Publisher - for republishing rights, contact us",
		"body": ["First “paragraph”.\u00a0 Second sentence.", "Second\tparagraph."]
	}`
	want := &Article{
		Title: "The title", Standfirst: "The standfirst", Byline: "By Jane Doe",
		Date: "4 January 2017", Published: date(2017, time.January, 4),
		URL: "https://example.org/articles/the-title?x=1#top", Lang: "en",
		Rights: "© Publisher - for republishing rights, contact us",
		Body:   paras("First “paragraph”.\u00a0 Second sentence.", "Second\tparagraph."),
	}
	got, err := ParseJSON([]byte(input))
	checkArticle(t, input, got, err, want)
}

func TestParseJSONFixture(t *testing.T) {
	data, err := os.ReadFile(fixtureJSON)
	if err != nil {
		t.Fatal(err)
	}
	// The fixture's paragraphs, read independently of ParseJSON.
	var raw struct{ Body []string }
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("the fixture is not valid JSON: %v", err)
	}
	if len(raw.Body) != 6 {
		t.Fatalf("the fixture should have 6 paragraphs, has %d; the test needs updating", len(raw.Body))
	}
	want := &Article{
		Title:      "Copenhagen’s bridges built for bikes, not cars",
		Standfirst: "A string of slender crossings over the harbour has quietly reshaped how the Danish capital gets to work.",
		Byline:     "By Maren Holt",
		Date:       "14 September 2023",
		Published:  date(2023, time.September, 14),
		URL:        "https://example.org/articles/copenhagen-bike-bridges",
		Lang:       "en",
		Rights:     "© Intersection - for republishing rights, please contact the editorial team at",
		Body:       paras(raw.Body...),
	}
	got, err := ParseJSON(data)
	checkArticle(t, fixtureJSON, got, err, want)
	if err == nil && !strings.HasPrefix(got.Body[0].Text(), "On a grey weekday morning") {
		t.Errorf("paragraph 1: got %q", truncate(got.Body[0].Text()))
	}
	// Parse picks the JSON parser for the fixture.
	got, err = Parse(data)
	checkArticle(t, "Parse("+fixtureJSON+")", got, err, want)
}

func TestParseJSONPublished(t *testing.T) {
	sep14 := date(2023, time.September, 14)
	plus3 := time.FixedZone("", 3*60*60)
	tests := []struct {
		name      string
		published string
		lang      string
		wantTime  time.Time
		wantDate  string
	}{
		{"date, English", "2023-09-14", "en", sep14, "14 September 2023"},
		{"date, no language falls back to English", "2023-09-14", "", sep14, "14 September 2023"},
		{"date, unknown language falls back to English", "2023-09-14", "tlh", sep14, "14 September 2023"},
		{"date, French", "2023-09-14", "fr", sep14, "14 septembre 2023"},
		{"date, German", "2023-09-14", "de", sep14, "14. September 2023"},
		{"date, German with region", "2023-03-14", "de-AT", date(2023, time.March, 14), "14. März 2023"},
		{"date, Russian genitive", "2023-09-14", "ru", sep14, "14 сентября 2023"},
		{"date, Greek genitive", "2023-09-14", "el", sep14, "14 Σεπτεμβρίου 2023"},
		{"date, Spanish", "2023-09-14", "es", sep14, "14 de septiembre de 2023"},
		{"date, Portuguese (Brazil)", "2023-09-14", "pt-BR", sep14, "14 de setembro de 2023"},
		{"date, Vietnamese", "2023-09-14", "vi", sep14, "ngày 14 tháng 9 năm 2023"},
		{"date, language in upper case", "2023-09-14", "FR", sep14, "14 septembre 2023"},
		{"date with surrounding spaces", "  2023-09-14 ", "en", sep14, "14 September 2023"},
		{"RFC 3339 UTC", "2017-01-04T09:30:00Z", "en", time.Date(2017, 1, 4, 9, 30, 0, 0, time.UTC), "4 January 2017"},
		{"RFC 3339 with offset: the date as written", "2017-01-04T01:30:00+03:00", "en", time.Date(2017, 1, 4, 1, 30, 0, 0, plus3), "4 January 2017"},
		{"RFC 3339 with fraction", "2017-01-04T09:30:00.123456789Z", "en", time.Date(2017, 1, 4, 9, 30, 0, 123456789, time.UTC), "4 January 2017"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, _ := json.Marshal(map[string]any{"title": "T", "published": tt.published, "lang": tt.lang})
			a, err := ParseJSON(in)
			if err != nil {
				t.Fatalf("input %s: %v", in, err)
			}
			if !a.Published.Equal(tt.wantTime) {
				t.Errorf("input %s: Published got %v, want %v", in, a.Published, tt.wantTime)
			}
			if a.Date != tt.wantDate {
				t.Errorf("input %s: Date got %q, want %q", in, a.Date, tt.wantDate)
			}
		})
	}
	t.Run("no published", func(t *testing.T) {
		a, err := ParseJSON([]byte(`{"title":"T","published":"  "}`))
		if err != nil {
			t.Fatal(err)
		}
		if !a.Published.IsZero() || a.Date != "" {
			t.Errorf("got Published %v and Date %q, want the zero time and an empty date", a.Published, a.Date)
		}
	})
}

func TestParseJSONBlocks(t *testing.T) {
	input := `{"title": "T", "body": [
		"A plain paragraph.",
		{"type": "heading", "text": "A\nheading"},
		{"text": "An object paragraph."},
		{"type": "paragraph", "runs": [
			{"text": "  Plain, "}, {"text": "italic", "italic": true}, {"text": ", "},
			{"text": "bold", "bold": true}, {"text": " and ", "bold": true, "italic": true},
			{"text": "a link", "link": " https://example.org/x "}, {"text": "", "bold": true}, {"text": ".  "},
			{"text": "à bientôt", "lang": " fr ", "italic": true}]},
		{"type": "quote", "text": "To be, or not to be."},
		{"type": "list", "items": ["one", {"text": "two"}, {"runs": [{"text": "three", "link": "mailto:desk@example.org"}]}]},
		{"type": "list", "ordered": true, "start": 4, "items": ["four", "five"]},
		{"type": "heading", "text": "  "},
		{"runs": [{"text": " "}]}
	]}`
	a, err := ParseJSON([]byte(input))
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{
		Para("A plain paragraph."),
		{Kind: Heading, Runs: []Run{{Text: "A heading"}}},
		Para("An object paragraph."),
		{Kind: Paragraph, Runs: []Run{{Text: "Plain, "}, {Text: "italic", Style: Italic}, {Text: ", "},
			{Text: "bold", Style: Bold}, {Text: " and ", Style: Bold | Italic},
			{Text: "a link", Link: "https://example.org/x"}, {Text: ".  "}, {Text: "à bientôt", Style: Italic, Lang: "fr"}}},
		{Kind: Quote, Runs: []Run{{Text: "To be, or not to be."}}},
		{Kind: ListItem, Number: 1, Runs: []Run{{Text: "one"}}},
		{Kind: ListItem, Number: 2, Runs: []Run{{Text: "two"}}},
		{Kind: ListItem, Number: 3, Runs: []Run{{Text: "three", Link: "mailto:desk@example.org"}}},
		{Kind: ListItem, Ordered: true, Number: 4, Runs: []Run{{Text: "four"}}},
		{Kind: ListItem, Ordered: true, Number: 5, Runs: []Run{{Text: "five"}}},
	}
	if d := diffArticle(a, &Article{Title: "T", Body: want}); len(d) > 0 {
		t.Errorf("blocks differ:\n%s", strings.Join(d, "\n"))
	}
}

func TestParseJSONNormalisation(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  Article
	}{
		{
			name:  "title only",
			input: `{"title":"T"}`,
			want:  Article{Title: "T"},
		},
		{
			name:  "newlines inside strings become single spaces",
			input: `{"title":"Line one\nline two","standfirst":"a\r\nb","byline":"By\n\nJane","rights":"© A\r\rB","body":["one\ntwo\r\n\r\nthree"]}`,
			want:  Article{Title: "Line one line two", Standfirst: "a b", Byline: "By Jane", Rights: "© A B", Body: paras("one two three")},
		},
		{
			name:  "white space around a line break collapses with it",
			input: `{"title":"a \n b","body":["one \t\n\n  two"]}`,
			want:  Article{Title: "a b", Body: paras("one two")},
		},
		{
			name:  "white space around fields is trimmed",
			input: `{"title":"  T \n","url":" https://example.org/a ","lang":" en ","body":["  p  "]}`,
			want:  Article{Title: "T", URL: "https://example.org/a", Lang: "en", Body: paras("p")},
		},
		{
			name:  "empty and blank paragraphs are dropped",
			input: `{"title":"T","body":["", "  ", "\n", "\r\n\t", "a", "", "b", " \u00a0 "]}`,
			want:  Article{Title: "T", Body: paras("a", "b")},
		},
		{
			name:  "null and empty body",
			input: `{"title":"T","body":null,"standfirst":null}`,
			want:  Article{Title: "T"},
		},
		{
			name:  "empty array body",
			input: `{"title":"T","body":[]}`,
			want:  Article{Title: "T"},
		},
		{
			name:  "escapes and non-ASCII are kept",
			input: `{"title":"\u201cQuoted\u201d \u00e9t\u00e9","body":["tab\there", "\ud83d\ude00 emoji"]}`,
			want:  Article{Title: "“Quoted” été", Body: paras("tab\there", "😀 emoji")},
		},
		{
			name:  "leading white space and trailing newline around the object",
			input: " \n\t{\"title\":\"T\"}\n\n ",
			want:  Article{Title: "T"},
		},
		{
			// A fuzzer's find: the space of an all-blank first run was
			// trimmed, the next run's kept.
			name:  "white space at a block's ends spans runs",
			input: `{"title":"T","lang":"en","body":[{"runs":[{"text":" "},{"text":" of road","italic":true},{"text":" end\u200b "},{"text":"\n"}]}]}`,
			want: Article{Title: "T", Lang: "en", Body: []Block{{Kind: Paragraph, Runs: []Run{
				{Text: "of road", Style: Italic}, {Text: " end\u200b"}}}}},
		},
		{
			name:  "http URL and language with region",
			input: `{"title":"T","url":"http://example.org","lang":"pt-BR"}`,
			want:  Article{Title: "T", URL: "http://example.org", Lang: "pt-BR"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseJSON([]byte(tt.input))
			checkArticle(t, tt.input, got, err, &tt.want)
		})
	}
}

func TestParseJSONErrors(t *testing.T) {
	longTitle := strings.Repeat("é", MaxTitleRunes+1)
	manyParagraphs := `{"title":"T","body":[` + strings.TrimSuffix(strings.Repeat(`"p",`, MaxParagraphs+1), ",") + `]}`
	tests := []struct {
		name      string
		input     string
		want      error
		fragments []string
	}{
		{"empty body", ``, ErrEmpty, []string{"empty"}},
		{"whitespace-only body", " \r\n\t ", ErrEmpty, []string{"empty"}},
		{"syntax error", `{"title": x}`, ErrInvalid, []string{"malformed", "byte"}},
		{"single quotes", `{'title': 'x'}`, ErrInvalid, []string{"malformed"}},
		{"trailing comma", `{"title": "x",}`, ErrInvalid, []string{"malformed"}},
		{"truncated object", `{"title": "x"`, ErrInvalid, []string{"ends before"}},
		{"truncated string", `{"title": "x`, ErrInvalid, []string{"ends before"}},
		{"truncated body array", `{"title": "x", "body": ["a", `, ErrInvalid, []string{"ends before"}},
		{"only an opening brace", `{`, ErrInvalid, []string{"ends before"}},
		{"unknown field", `{"title":"x","autor":"y"}`, ErrInvalid, []string{`"autor"`, "allowed fields", "title, standfirst, byline, published, url, lang, rights, body"}},
		{"unknown field date", `{"title":"x","date":"2017-01-04"}`, ErrInvalid, []string{`"date"`, "allowed fields"}},
		{"title is a number", `{"title":5}`, ErrInvalid, []string{`"title"`, "string", "number"}},
		{"title is an object", `{"title":{"en":"x"}}`, ErrInvalid, []string{`"title"`, "string", "object"}},
		{"lang is a boolean", `{"title":"x","lang":true}`, ErrInvalid, []string{`"lang"`, "string", "bool"}},
		{"run lang is no tag", `{"title":"x","body":[{"runs":[{"text":"a"},{"text":"b","lang":"French"}]}]}`, ErrInvalid, []string{`lang "French"`, "paragraph 1", "language tag"}},
		{"run lang is a number", `{"title":"x","body":[{"runs":[{"text":"b","lang":7}]}]}`, ErrInvalid, []string{`"runs.lang"`, "number"}},
		{"body is a string", `{"title":"x","body":"one paragraph"}`, ErrInvalid, []string{`"body"`, "an array of paragraphs", "string"}},
		{"body is an array of numbers", `{"title":"x","body":[1,2]}`, ErrInvalid, []string{"body item 1", "string", "object", "number"}},
		{"body item is an array", `{"title":"x","body":["p",["q"]]}`, ErrInvalid, []string{"body item 2", "an array"}},
		{"body item is null", `{"title":"x","body":[null]}`, ErrInvalid, []string{"body item 1", "null"}},
		{"block of unknown type", `{"title":"x","body":[{"type":"table","text":"p"}]}`, ErrInvalid, []string{"body item 1", `"table"`, "paragraph, heading, quote, list"}},
		{"block with text and runs", `{"title":"x","body":[{"text":"p","runs":[{"text":"q"}]}]}`, ErrInvalid, []string{"text or runs, not both"}},
		{"block with an unknown field", `{"title":"x","body":[{"text":"p","style":"bold"}]}`, ErrInvalid, []string{`"style"`, "type, text, runs"}},
		{"run with an unknown field", `{"title":"x","body":[{"runs":[{"text":"p","underline":true}]}]}`, ErrInvalid, []string{`"underline"`, "italic, bold, link"}},
		{"run text is a number", `{"title":"x","body":[{"runs":[{"text":5}]}]}`, ErrInvalid, []string{"body item 1", "number"}},
		{"paragraph with items", `{"title":"x","body":[{"text":"p","items":["a"]}]}`, ErrInvalid, []string{"only a list"}},
		{"list without items", `{"title":"x","body":[{"type":"list","ordered":true}]}`, ErrInvalid, []string{"at least one item"}},
		{"list with text", `{"title":"x","body":[{"type":"list","text":"p","items":["a"]}]}`, ErrInvalid, []string{"items, not text"}},
		{"empty list item", `{"title":"x","body":[{"type":"list","items":["a"," "]}]}`, ErrInvalid, []string{"list item 2", "empty"}},
		{"list item is a number", `{"title":"x","body":[{"type":"list","items":[3]}]}`, ErrInvalid, []string{"list item 1", "a number"}},
		{"nested list", `{"title":"x","body":[{"type":"list","items":[{"items":["a"]}]}]}`, ErrInvalid, []string{"list item 1", `"items"`}},
		{"link that is not a URL", `{"title":"x","body":[{"runs":[{"text":"p","link":"javascript:alert(1)"}]}]}`, ErrInvalid, []string{"javascript:alert(1)", "http, https or mailto"}},
		{"relative link", `{"title":"x","body":[{"runs":[{"text":"p","link":"/a/b"}]}]}`, ErrInvalid, []string{`"/a/b"`}},
		{"control character in a run", `{"title":"x","body":[{"runs":[{"text":"a\u0007b"}]}]}`, ErrInvalid, []string{"U+0007"}},
		{"top-level array", `[{"title":"x"}]`, ErrInvalid, []string{"must be an object", "title, standfirst"}},
		{"top-level string", `"title"`, ErrInvalid, []string{"must be an object"}},
		{"top-level number", `42`, ErrInvalid, []string{"must be an object"}},
		{"top-level null", `null`, ErrInvalid, []string{"no title"}},
		{"second object after the first", `{"title":"x"} {"title":"y"}`, ErrInvalid, []string{"after the JSON object"}},
		{"garbage after the object", `{"title":"x"} trailing`, ErrInvalid, []string{"after the JSON object"}},
		{"extra closing brace", `{"title":"x"}}`, ErrInvalid, []string{"after the JSON object"}},
		{"bad published month", `{"title":"x","published":"2017-13-01"}`, ErrInvalid, []string{"published", `"2017-13-01"`, "2017-01-04"}},
		{"published in another format", `{"title":"x","published":"04/01/2017"}`, ErrInvalid, []string{"published", "04/01/2017"}},
		{"published as written in English", `{"title":"x","published":"4 January 2017"}`, ErrInvalid, []string{"published"}},
		{"published with a time but no zone", `{"title":"x","published":"2017-01-04T09:30:00"}`, ErrInvalid, []string{"published"}},
		{"relative url", `{"title":"x","url":"/articles/x"}`, ErrInvalid, []string{"url", `"/articles/x"`, "absolute"}},
		{"javascript url", `{"title":"x","url":"javascript:alert(1)"}`, ErrInvalid, []string{"url", "javascript:alert(1)"}},
		{"ftp url", `{"title":"x","url":"ftp://example.org/a"}`, ErrInvalid, []string{"url"}},
		{"url without host", `{"title":"x","url":"https://"}`, ErrInvalid, []string{"url"}},
		{"lang with underscore", `{"title":"x","lang":"en_US"}`, ErrInvalid, []string{"lang", `"en_US"`}},
		{"lang with punctuation", `{"title":"x","lang":"english!"}`, ErrInvalid, []string{"lang", `"english!"`}},
		{"lang too long", `{"title":"x","lang":"english"}`, ErrInvalid, []string{"lang"}},
		{"missing title", `{"body":["p"]}`, ErrInvalid, []string{"no title"}},
		{"empty object", `{}`, ErrInvalid, []string{"no title"}},
		{"blank title", `{"title":" \n\t "}`, ErrInvalid, []string{"no title"}},
		{"title over MaxTitleRunes", `{"title":"` + longTitle + `"}`, ErrInvalid, []string{"title", "1001"}},
		{"too many paragraphs", manyParagraphs, ErrInvalid, []string{"paragraphs", "20000"}},
		{"NUL in the title", `{"title":"a\u0000b"}`, ErrInvalid, []string{"title", "U+0000"}},
		{"control character in a paragraph", `{"title":"x","body":["ok","bell\u0007"]}`, ErrInvalid, []string{"paragraph 2", "U+0007"}},
		{"C1 control in the byline", `{"title":"x","byline":"By \u0085X"}`, ErrInvalid, []string{"byline", "U+0085"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseJSON([]byte(tt.input))
			checkErr(t, tt.input, a, err, tt.want, tt.fragments...)
		})
	}
	t.Run("nil input", func(t *testing.T) {
		a, err := ParseJSON(nil)
		checkErr(t, "<nil>", a, err, ErrEmpty)
	})
}

// TestParseJSONDeepNesting checks that pathological nesting is an error, not a
// crash or a stack overflow.
func TestParseJSONDeepNesting(t *testing.T) {
	for _, depth := range []int{100, 10000, 100000} {
		for _, tt := range []struct{ name, input string }{
			{"arrays in body", `{"title":"x","body":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`},
			{"unclosed arrays in body", `{"title":"x","body":` + strings.Repeat("[", depth)},
			{"objects in title", `{"title":` + strings.Repeat(`{"a":`, depth) + `1` + strings.Repeat("}", depth) + `}`},
			{"top-level arrays", strings.Repeat("[", depth) + strings.Repeat("]", depth)},
		} {
			a, err := ParseJSON([]byte(tt.input))
			if err == nil {
				t.Errorf("%s, depth %d: got no error and article %s", tt.name, depth, summary(a))
				continue
			}
			if a != nil {
				t.Errorf("%s, depth %d: got an article with the error %v", tt.name, depth, err)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%s, depth %d: error %q does not wrap ErrInvalid", tt.name, depth, truncate(err.Error()))
			}
		}
	}
}

// TestParse checks the format sniffing: the first character that is not
// white space (after a byte-order mark) decides between JSON and text.
func TestParse(t *testing.T) {
	jsonArticle := `{"title":"From JSON","body":["p"]}`
	wantJSON := &Article{Title: "From JSON", Body: paras("p")}
	tests := []struct {
		name  string
		input string
		want  *Article // nil: the article ParseText gives for the input
	}{
		{name: "JSON", input: jsonArticle, want: wantJSON},
		{name: "JSON after white space", input: " \t\r\n\n " + jsonArticle, want: wantJSON},
		{name: "JSON after a byte-order mark", input: "\uFEFF" + jsonArticle, want: wantJSON},
		{name: "JSON after a byte-order mark and white space", input: "\uFEFF\n " + jsonArticle, want: wantJSON},
		{name: "text", input: "Title\n\nP1"},
		{name: "text after white space", input: "\n\n  Title\n\nP1"},
		{name: "text after a byte-order mark", input: "\uFEFFTitle\n\nP1"},
		{name: "text with braces later on", input: "Title {not JSON}\n\n{neither}"},
		{name: "text starting with a bracket", input: `["not", "an", "article"]`},
		{name: "sample", input: string(readSample(t))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == nil {
				var err error
				if want, err = ParseText([]byte(tt.input)); err != nil {
					t.Fatalf("ParseText(%q): %v", truncate(tt.input), err)
				}
			}
			got, err := Parse([]byte(tt.input))
			checkArticle(t, truncate(tt.input), got, err, want)
		})
	}

	// Errors come from the parser the input was sent to.
	for _, tt := range []struct {
		name, input, fragment string
	}{
		{"truncated JSON", " {\"title\":", "ends before"},
		{"JSON with an unknown field", `{"titel":"x"}`, `unknown field "titel"`},
		{"text with a NUL", "Title\n\x00", "U+0000"},
		{"empty", "", "empty"},
	} {
		t.Run("error/"+tt.name, func(t *testing.T) {
			a, err := Parse([]byte(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.fragment) {
				t.Errorf("Parse(%q): got article %s and error %v, want an error mentioning %q", tt.input, summary(a), err, tt.fragment)
			}
		})
	}
}
