package pdfcheck

import (
	"reflect"
	"strings"
	"testing"
)

func ops(t *testing.T, content string) []op {
	t.Helper()
	p := newContentParser([]byte(content))
	var out []op
	for {
		o, ok, err := p.next()
		if err != nil {
			t.Fatalf("%q: %v", content, err)
		}
		if !ok {
			return out
		}
		out = append(out, o)
	}
}

func TestContentOperands(t *testing.T) {
	got := ops(t, `/Span <</MCID 3 /ActualText (a\(b\)\\c\101\n) /Lang <656e>>> BDC
		[(A) -120.5 <0041 004> +.5] TJ % a comment (not a string
		/Na#6De true false null 1.5 -2 Do`)
	want := []op{
		{"BDC", []any{name("Span"), map[name]any{"MCID": 3.0, "ActualText": []byte("a(b)\\cA\n"), "Lang": []byte("en")}}},
		{"TJ", []any{[]any{[]byte("A"), -120.5, []byte{0x00, 0x41, 0x00, 0x40}, 0.5}}},
		{"Do", []any{name("Name"), true, false, nil, 1.5, -2.0}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
}

func TestLiteralStrings(t *testing.T) {
	cases := map[string]string{
		`(nested (paren) ok)`:   "nested (paren) ok",
		"(line\\\ncontinued)":   "linecontinued",
		"(crlf\r\nis one)":      "crlf\nis one",
		`(\0053\53)`:            "\x053+",
		`(\q unknown escape)`:   "q unknown escape",
		`(\376\377\000\351)`:    "\xfe\xff\x00\xe9",
		"(tab\\t and \\b\\f)":   "tab\t and \b\f",
		"(\\r stays \\r)":       "\r stays \r",
		`()`:                    "",
		`<48 65 6C 6C 6F>`:      "Hello",
		`<4>`:                   "@",
		`<>`:                    "",
		`(unbalanced ( inside)`: "",
	}
	for in, want := range cases {
		l := lexer{b: []byte(in)}
		v, _, err := l.next()
		if want == "" && strings.Count(in, "(") > strings.Count(in, ")") {
			if err == nil {
				t.Errorf("%q: no error for an unterminated string", in)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := string(v.([]byte)); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// Inline image data is binary: bytes that spell " EI " inside it must not end
// the image when its length is known, and an image with a filter, whose
// length is not, ends at the first EI between white space.
func TestInlineImagesAreSkipped(t *testing.T) {
	got := ops(t, "q BI /W 2 /H 1 /CS /RGB /BPC 8 ID  EI \x00\xff EI Q "+
		"BI /W 4 /H 4 /F /AHx ID 0a0b> EI (after) Tj "+
		"BI /Width 8 /Height 1 /ImageMask true ID \x45 EI ET")
	var names []string
	for _, o := range got {
		names = append(names, o.name)
	}
	if want := "q BI Q BI Tj BI ET"; strings.Join(names, " ") != want {
		t.Fatalf("operators %q, want %q", strings.Join(names, " "), want)
	}
	if d := got[1].operands[0].(map[name]any); d["CS"] != name("RGB") || d["W"] != 2.0 {
		t.Errorf("first image dictionary %v", d)
	}
	if s := got[4].operands[0].([]byte); string(s) != "after" {
		t.Errorf("the operand after a filtered image is %q", s)
	}
}

func TestContentSyntaxErrors(t *testing.T) {
	for _, in := range []string{"(open", "<12", "<</A 1", "[1 2", "] Tj", "BI /W 1 ID no end", "<zz>", ">> x"} {
		p := newContentParser([]byte(in))
		var err error
		for range 10 {
			var ok bool
			if _, ok, err = p.next(); err != nil || !ok {
				break
			}
		}
		if err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestNumbers(t *testing.T) {
	for in, want := range map[string]float64{"0": 0, "-3": -3, "+.25": 0.25, "4.": 4, "1.2.3": 0} {
		f, ok := number(in)
		if !ok || f != want {
			t.Errorf("number(%q) = %v %v, want %v", in, f, ok, want)
		}
	}
	for _, in := range []string{"1e5", "abc", "-", ".", "--1"} {
		if _, ok := number(in); ok {
			t.Errorf("number(%q) is a number", in)
		}
	}
}

func TestPDFText(t *testing.T) {
	for in, want := range map[string]string{
		"\xfe\xff\x00\xe9\xd8\x3d\xde\x00": "é😀",
		"caf\xe9":                          "café",
		"\xef\xbb\xbfcafé":                 "café",
	} {
		if got := pdfText([]byte(in)); got != want {
			t.Errorf("pdfText(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzContentParser(f *testing.F) {
	for _, s := range []string{
		"/P <</MCID 0>> BDC BT /F1 12 Tf (Hello) Tj ET EMC",
		"BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI",
		"[(a) 1 <00>] TJ << /A [1 2 <<>>] >> BDC",
		"1 begincodespacerange <0000> <FFFF> endcodespacerange",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p := newContentParser(b)
		for range len(b) + 1 {
			_, ok, err := p.next()
			if err != nil || !ok {
				return
			}
		}
		// Every operation consumes at least one byte, so the loop above ends
		// before this line; reaching it means the parser stopped advancing.
		t.Fatalf("the parser did not finish %q", b)
	})
}
