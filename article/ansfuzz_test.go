package article

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseANS: on any input, ParseANS does not panic; it returns an
// article that passes Validate (checkParsed) with dropped counts of known
// kinds only, or an error wrapping ErrEmpty or ErrInvalid; it gives the
// same result twice; and Parse gives the same for what IsANS recognises.
// It also holds the plain-text shortcut of a text's content to what the
// HTML parser makes of the same text. Seeded with the fixtures and every
// element case.
func FuzzParseANS(f *testing.F) {
	for _, name := range ansFixtures {
		addFileSeed(f, filepath.Join("testdata", "ans", name+".json"))
	}
	for _, c := range ansElementCases {
		f.Add([]byte(ansWith(c.at, c.elements)))
	}
	for _, s := range []string{
		``,
		`{}`,
		`null`,
		`[]`,
		`{"type":"story"}`,
		`{"headlines":{"basic":"T"}}`,
		`{"headlines":{"basic":"T"},"content_elements":[{"type":"list","items":[{"type":"list","items":[{"type":"text","content":"a"}]}]}]}`,
		`{"headlines":{"basic":"T"},"content_elements":[{"type":"quote","content_elements":[{"type":"quote","content_elements":[]}],"citation":{"content":"c"}}]}`,
		`{"headlines":{"basic":"T"},"promo_items":{"basic":{"type":"gallery","content_elements":[{"type":"image","url":"a.jpg"}]}}}`,
		`{"headlines":{"basic":"T"},"content_elements":[{"type":"table","header":[{"content":"<td>x"}],"rows":[[{"content":"</table>"}]]}]}`,
		`{"headlines":{"basic":"T"},"content_elements":[{"type":"text","content":"<sup><a href=#fn1>1</a></sup>"},{"type":"raw_html","content":"<ol class=footnotes><li id=fn1>n</li></ol>"}]}`,
		`{"headlines":{"basic":"T"},"display_date":"2024-02-30T00:00:00Z"}`,
		`{"head\u006cines":{"ba\u0073ic":"T"},"content_elements":[{"typ\u0065":"divider"}]}`,
		"{\"headlines\":{\"basic\":\"T\"},\"content_elements\":[{\"type\":\"text\",\"content\":\"a\\u0000\\r\\n\\f\\u00a0b\\u2028\"}]}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseANS(data)
		checkParsed(t, data, a, err)
		if err == nil {
			for k, n := range a.Dropped {
				if !slices.Contains(DroppedKinds, k) || n <= 0 {
					t.Fatalf("input %q: dropped %s=%d; the kinds are %v", truncate(string(data)), k, n, DroppedKinds)
				}
			}
		}
		b, err2 := ParseANS(data)
		if !reflect.DeepEqual(a, b) || (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("input %q: a second parse differs: %v, %v", truncate(string(data)), err, err2)
		}
		if IsANS(data) {
			c, err3 := Parse(data)
			if !reflect.DeepEqual(a, c) || (err == nil) != (err3 == nil) {
				t.Fatalf("input %q: Parse differs from ParseANS: %v, %v", truncate(string(data)), err, err3)
			}
		}
		// The shortcut for text without markup: the same runs as the
		// HTML parser's, for the valid UTF-8 that ParseANS lets through
		// (the HTML tokenizer replaces invalid bytes in its own way).
		if s := string(data); !strings.ContainsAny(s, "<&") && utf8.ValidString(s) {
			p := &ansParser{w: newWalker(nil)}
			got, err := p.inline(s)
			want, _, err2 := parseInlineHTML(s, nil)
			if err != nil || err2 != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("input %q: the plain-text shortcut gives %s, the HTML parser %s (errors %v, %v)", truncate(s), dumpRuns(got), dumpRuns(want), err, err2)
			}
		}
	})
}
