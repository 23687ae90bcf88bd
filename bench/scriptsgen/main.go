// Command scriptsgen writes the articles of docs/scripts.md: one short
// paragraph per script, in the language's own words, taken from Unicode's
// CLDR as installed by Debian's unicode-cldr-core (internal/langcorpus), so
// that nothing shown is text we wrote. bench/scripts-goldens.sh renders
// them and crops the pictures.
//
//	go run ./bench/scriptsgen -out DIR
//
// Each article is NAME.json: the language's name for itself as the title,
// its BCP 47 tag as lang, and one paragraph of the locale's own strings,
// whole words up to a length. The repository holds none of CLDR's text (see
// internal/langcorpus); only the pictures made from it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"pdfexport/internal/langcorpus"
)

// picture is one article: which locale, which of its sample's paragraphs
// (langcorpus fills them by kind: 0 languages, 1 territories, 2 months and
// weekdays, 3 scripts, 4 cities, 5 character labels, 6 symbol names), and
// how many characters of it.
type picture struct {
	name   string
	locale string
	para   int
	chars  int
	// pick, when set, chooses the words instead: from every paragraph of
	// the sample, in order, each word once.
	pick func(word string) bool
}

// latinShowcase chooses the English words that hold a ligature of Noto
// Serif (fi, fl, ff) or one of its kerning pairs (hb-shape with and without
// kern: Av, Aw, Ay, To, We, Va and Ta are each 30 to 60 units tighter).
func latinShowcase(w string) bool {
	for _, s := range []string{"fi", "fl", "ff", "Av", "Aw", "Ay", "To", "We", "Va", "Ta"} {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

var pictures = []picture{
	{name: "latin", locale: "en", pick: latinShowcase},
	{name: "vietnamese", locale: "vi", para: 1, chars: 170},
	{name: "greek", locale: "el", para: 1, chars: 170},
	{name: "cyrillic", locale: "ru", para: 1, chars: 170},
	{name: "armenian", locale: "hy", para: 1, chars: 150},
	{name: "georgian", locale: "ka", para: 1, chars: 150},
	{name: "arabic", locale: "ar", para: 1, chars: 170},
	{name: "hebrew", locale: "he", para: 1, chars: 170},
	{name: "devanagari", locale: "hi", para: 1, chars: 150},
	{name: "bengali", locale: "bn", para: 1, chars: 150},
	{name: "tamil", locale: "ta", para: 1, chars: 130},
	{name: "thai", locale: "th", para: 1, chars: 170},
	{name: "khmer", locale: "km", para: 1, chars: 150},
	{name: "myanmar", locale: "my", para: 1, chars: 130},
	{name: "sinhala", locale: "si", para: 1, chars: 150},
	{name: "ethiopic", locale: "am", para: 1, chars: 120},
	{name: "chinese", locale: "zh", para: 1, chars: 80},
	{name: "japanese", locale: "ja", para: 1, chars: 80},
	{name: "korean", locale: "ko", para: 1, chars: 90},
}

// bidi is the mixed-direction article: the languages' names for
// themselves, those written right to left among those written left to
// right, in a left-to-right paragraph and then in a right-to-left one.
var bidi = struct{ ltr, rtl []string }{
	ltr: []string{"en", "ar", "he", "fr", "fa", "yi", "de", "ur", "el"},
	rtl: []string{"he", "en", "ar", "ru", "fa", "ja", "ur", "hi"},
}

type article struct {
	Title string   `json:"title"`
	Lang  string   `json:"lang"`
	Body  []string `json:"body"`
}

func main() {
	out := flag.String("out", "", "folder to write NAME.json files into")
	dir := flag.String("cldr", langcorpus.DefaultDir, "CLDR's common/ folder")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: scriptsgen -out DIR [-cldr DIR]")
		os.Exit(2)
	}
	if err := run(*out, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "scriptsgen:", err)
		os.Exit(1)
	}
}

func run(out, dir string) error {
	samples, err := langcorpus.Load(dir)
	if err != nil {
		return err
	}
	byLocale := map[string]langcorpus.Sample{}
	for _, s := range samples {
		byLocale[s.Locale] = s
	}
	write := func(name string, a article) error {
		b, err := json.MarshalIndent(a, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, name+".json"), append(b, '\n'), 0o644)
	}
	for _, p := range pictures {
		s, ok := byLocale[p.locale]
		if !ok {
			return fmt.Errorf("the corpus has no locale %s", p.locale)
		}
		var text string
		if p.pick != nil {
			text = pick(s.Paragraphs, p.pick)
		} else {
			text = words(s.Paragraphs[p.para], p.chars)
		}
		if err := write(p.name, article{Title: s.Name, Lang: s.Lang, Body: []string{text}}); err != nil {
			return err
		}
	}
	names := func(locales []string) (string, error) {
		var ns []string
		for _, loc := range locales {
			s, ok := byLocale[loc]
			if !ok {
				return "", fmt.Errorf("the corpus has no locale %s", loc)
			}
			ns = append(ns, s.Name)
		}
		return strings.Join(ns, ", "), nil
	}
	ltr, err := names(bidi.ltr)
	if err != nil {
		return err
	}
	rtl, err := names(bidi.rtl)
	if err != nil {
		return err
	}
	return write("bidi", article{Title: byLocale["en"].Name + " · " + byLocale["ar"].Name + " · " + byLocale["he"].Name,
		Lang: "en", Body: []string{ltr, rtl}})
}

// words returns p's first whole words, as many as fit in n characters.
func words(p string, n int) string {
	var b strings.Builder
	for _, w := range strings.Fields(p) {
		if b.Len() > 0 && utf8.RuneCountInString(b.String())+1+utf8.RuneCountInString(w) > n {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// pick returns the words of paras that ok chooses, each once, in order.
func pick(paras []string, ok func(string) bool) string {
	var out []string
	for _, p := range paras {
		for _, w := range strings.Fields(p) {
			if ok(w) && !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return strings.Join(out, " ")
}
