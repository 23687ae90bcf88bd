package article

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// checkParsed holds for every article a parser returns, and for every error:
// errors wrap ErrEmpty or ErrInvalid and come without an article; articles pass
// Validate, have a title, and all their fields are single, trimmed, non-empty
// (for paragraphs) lines.
func checkParsed(t *testing.T, data []byte, a *Article, err error) {
	t.Helper()
	if err != nil {
		if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrInvalid) {
			t.Fatalf("input %q: error %q wraps neither ErrEmpty nor ErrInvalid", truncate(string(data)), err)
		}
		if a != nil {
			t.Fatalf("input %q: got an article together with the error %v", truncate(string(data)), err)
		}
		return
	}
	if a == nil {
		t.Fatalf("input %q: got neither an article nor an error", truncate(string(data)))
	}
	if verr := a.Validate(); verr != nil {
		t.Fatalf("input %q: the parsed article does not pass Validate: %v", truncate(string(data)), verr)
	}
	if strings.TrimSpace(a.Title) == "" {
		t.Fatalf("input %q: empty title", truncate(string(data)))
	}
	for _, f := range a.fields() {
		if strings.ContainsAny(f.text, "\r\n") || f.text != strings.TrimSpace(f.text) {
			t.Fatalf("input %q: %s %q is not a trimmed single line", truncate(string(data)), f.name, truncate(f.text))
		}
	}
	for i, p := range a.Paragraphs() {
		switch a.Body[i].Kind {
		case Figure, Table, Embed, Divider:
			continue // blocks without text
		case Preformatted:
			p = strings.ReplaceAll(p, "\n", " ") // its lines are kept, its leading spaces too
			if p == "" || p != strings.TrimRightFunc(p, unicode.IsSpace) {
				t.Fatalf("input %q: preformatted block %d is empty or ends in white space: %q", truncate(string(data)), i+1, truncate(p))
			}
			continue
		}
		if p == "" {
			t.Fatalf("input %q: paragraph %d is empty", truncate(string(data)), i+1)
		}
		if strings.ContainsAny(p, "\r\n") {
			t.Fatalf("input %q: paragraph %d contains a line break: %q", truncate(string(data)), i+1, truncate(p))
		}
		if p != strings.TrimSpace(p) {
			t.Fatalf("input %q: paragraph %d has white space at its ends: %q", truncate(string(data)), i+1, truncate(p))
		}
	}
	if !a.Published.IsZero() && a.Date == "" {
		t.Fatalf("input %q: Published is %v but Date is empty", truncate(string(data)), a.Published)
	}
}

func addFileSeed(f *testing.F, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatalf("reading seed %s: %v", path, err)
	}
	f.Add(data)
}

func FuzzParseText(f *testing.F) {
	sample := readSample(f)
	f.Add(sample)
	f.Add([]byte(strings.ReplaceAll(string(sample), "\n", "\r\n")))
	f.Add([]byte(strings.ReplaceAll(string(sample), "\n", "\r")))
	f.Add([]byte("\uFEFF" + string(sample)))
	for _, name := range []string{"athens-water-reform.txt", "hamburg-harbour-automation.txt", "mekong-delta-salinity.txt", "novosibirsk-science-city.txt"} {
		addFileSeed(f, "../source/archive/"+name)
	}
	for _, s := range []string{
		"",
		" \n\t",
		"\uFEFF",
		"Title",
		"Title\n\nP1",
		"Title\nStandfirst\nP1\nP2",
		chromeLine + "\n© Publisher",
		"Print  Save as PDF  +A A \u2212A\n12 mars 2019\n\nTitre\n\nBy Jean\n\nP1\n\nP2",
		"ngày 12 tháng 3 năm 2019\n\nTiêu đề\n\nĐoạn văn.",
		"May 2017 be better\n\nP1",
		"Title\n\nPara\xffgraph",
		"Title\n\x00",
		"Title\u2028line separator\n\nP\u0085",
		"Title\n\nBy X\n\n" + strings.Repeat("x", MaxStandfirstRunes+1),
		"\r\r\n\n\r",
		"\u00a0 \u00a0\n\u00a0",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseText(data)
		checkParsed(t, data, a, err)
		if err != nil {
			return
		}
		for i, s := range append([]string{a.Title, a.Standfirst, a.Byline, a.Date, a.Rights}, a.Paragraphs()...) {
			if !utf8.ValidString(s) {
				t.Fatalf("input %q: field %d is not valid UTF-8: %q", truncate(string(data)), i, truncate(s))
			}
		}
		// Parse sends text (anything not starting with '{') to ParseText.
		if trimmed := strings.TrimLeft(strings.TrimPrefix(string(data), "\uFEFF"), " \t\r\n"); !strings.HasPrefix(trimmed, "{") {
			b, err := Parse(data)
			if err != nil {
				t.Fatalf("input %q: ParseText succeeded but Parse failed: %v", truncate(string(data)), err)
			}
			if d := diffArticle(b, a); len(d) > 0 {
				t.Fatalf("input %q: Parse and ParseText differ:\n  %s", truncate(string(data)), strings.Join(d, "\n  "))
			}
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	addFileSeed(f, fixtureJSON)
	for _, s := range []string{
		``,
		` `,
		`{}`,
		`null`,
		`[]`,
		`"x"`,
		`{"title":"T"}`,
		`{"title":"T","body":["a\nb","", " "]}`,
		`{"title":"T","published":"2017-01-04T09:30:00+03:00","lang":"ru"}`,
		`{"title":"T","published":"2017-01-04","lang":"vi","url":"https://example.org/a","rights":"© X","byline":"By Y","standfirst":"S"}`,
		`{"title":"T","url":"javascript:alert(1)"}`,
		`{"title":"T","lang":"en_US"}`,
		`{"title":"T","autor":"x"}`,
		`{"title":5}`,
		`{"title":"T","body":"p"}`,
		`{"title":"T","body":[[[[[]]]]]}`,
		`{"title":"T"} {}`,
		`{"title":"T"`,
		`{"title":"a\u0000b"}`,
		"{\"title\":\"\xff\"}",
		"\uFEFF{\"title\":\"T\"}",
		`{"title":"T","html":"<p>a<br>b</p><pre>x\n y</pre><img src=a.jpg><hr><script></script>"}`,
		`{"title":"T","url":"https://e.org/a/","html":"<a href=b>b</a><img src=/c.jpg>","lead_image":{"src":"d.jpg","caption":"<i>c</i>"}}`,
		`{"title":"T","body":[],"html":""}`,
		`{"title":"T","lead_image":{"src":"javascript:x","width":-1}}`,
		`{"title":"T","lead_image":{"src":"a.jpg","caption":"<b>","credit":"c\nd","alt":5}}`,
	} {
		f.Add([]byte(s))
	}
	// The HTML fixtures seed FuzzParseHTMLBody; here, where a minimisation
	// runs at every new input, their size stalled the fuzzer.
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseJSON(data)
		checkParsed(t, data, a, err)
	})
}
