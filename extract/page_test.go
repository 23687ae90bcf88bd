package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestDecode(t *testing.T) {
	head := "<!DOCTYPE html><html><head>"
	tests := []struct {
		name string
		page string
		want string
	}{
		{"UTF-8", head + "<title>Café</title>", "Café"},
		{"UTF-8 with a byte order mark", "\uFEFF" + head + "<title>Café</title>", "Café"},
		{"UTF-8 declared ISO-8859-1 stays UTF-8", head + `<meta charset="iso-8859-1"><title>Café</title>`, "Café"},
		{"windows-1252 declared", head + `<meta charset="windows-1252"><title>Caf` + "\xe9 \x93quoted\x94</title>", "Café “quoted”"},
		{"ISO-8859-1 in http-equiv", head + `<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><title>Caf` + "\xe9</title>", "Café"},
		{"windows-1250 declared after 2 KB of head", head + "<style>" + strings.Repeat("x", 2048) + `</style><meta charset="windows-1250"><title>P` + "\xf8\xedli\x9a</title>", "Příliš"},
		{"undeclared: windows-1252", head + "<title>Caf\xe9</title>", "Café"},
		{"UTF-16LE with a byte order mark", utf16le("\uFEFF" + head + "<title>Café</title>"), "Café"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(decode([]byte(tt.page))))
			if err != nil {
				t.Fatal(err)
			}
			if got := readPage(doc).title; got != tt.want {
				t.Errorf("title = %q, want %q", got, tt.want)
			}
		})
	}
}

func utf16le(s string) string {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

func TestReadPage(t *testing.T) {
	tests := []struct {
		name string
		head string
		want pageFacts
	}{
		{"html lang", `<html lang="pt-BR"><head><title>T</title>`, pageFacts{lang: "pt-BR", title: "T"}},
		{"Open Graph locale", `<html><head><meta property="og:locale" content="en_GB">`, pageFacts{lang: "en-GB"}},
		{"content-language, first of a list", `<html><head><meta http-equiv="Content-Language" content="de, en">`, pageFacts{lang: "de"}},
		{"html lang before the others", `<html lang="fr"><head><meta property="og:locale" content="en_GB">`, pageFacts{lang: "fr"}},
		{"not a language tag", `<html lang="english"><head>`, pageFacts{}},
		{"image facts", `<html><head><meta property="og:image:alt" content=" Two
			cranes "><meta property="og:image:width" content="1600"><meta property="og:image:height" content="x">`,
			pageFacts{imageAlt: "Two cranes", width: 1600}},
		{"title over lines", "<html><head><title>\n  A title\n  | Site\n</title>", pageFacts{title: "A title | Site"}},
		{"metadata in the body is not read", `<html><head></head><body><meta property="og:image:alt" content="x">`, pageFacts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.head))
			if err != nil {
				t.Fatal(err)
			}
			if got := readPage(doc); got != tt.want {
				t.Errorf("readPage = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"  a \n\t b  ":       "a b",
		"a\u2028b":           "a b",
		"bell\a and back\b":  "bell and back",
		"10\u00a0km":         "10\u00a0km", // a no-break space is text
		"":                   "",
		"\uFFFD stays valid": "\uFFFD stays valid",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}
