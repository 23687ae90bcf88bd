// Package langcorpus loads a multilingual test corpus from text we did not
// write: Unicode's CLDR locale data, as Debian's unicode-cldr-core installs
// it (/usr/share/unicode/cldr/common). For each of about eighty locales,
// covering every script the renderer is meant to set, it builds running
// text from the locale's own localized strings: the names of languages,
// territories and scripts, the Gregorian months and weekdays, the names of
// cities, the labels of character categories, and the spoken names of
// emoji and symbols (common/annotations). Every string is written by the
// locale's translators, in the locale's own script.
//
// CLDR's data are © Unicode, Inc., distributed under the Unicode
// License (Unicode-DFS-2016, /usr/share/doc/unicode-cldr-core/copyright):
// free to use, copy and modify, provided the copyright and permission notice
// goes with copies of the data. The repository holds none of it; the tests
// read the installed copy, and testdata/ holds only a tiny CLDR-shaped
// fixture written for the parser's tests.
//
// What is taken, and why:
//
//   - Only the locale's own file (no inheritance from parent locales): what
//     a locale does not translate is not its text.
//   - Elements with an alt= attribute (variant forms such as "short" or
//     "variant") are skipped, so that one key gives one string.
//   - Strings with placeholders ({0}), CLDR's inheritance markers (↑↑↑,
//     ∅∅∅), and strings with a letter or mark outside the locale's script
//     (and Common and Inherited) are skipped: the sample is in one script.
//   - The default script of a locale without one in its name is CLDR's
//     likely script (supplemental/likelySubtags.xml: sr is Cyrillic, pa
//     Gurmukhi, ks Arabic); direction is the locale's own characterOrder.
//   - Within each kind of string, keys are sorted (numbers numerically), and
//     the paragraphs are filled in turn, one string at a time, until the
//     sample holds Target characters: deterministic, whatever the order of
//     the file, and balanced across kinds even for locales with little data.
//
// CLDR 41 (Debian 12) lacks Syriac (syr), Thaana (dv) and N'Ko (nqo): they
// are listed as optional and loaded when a newer CLDR has them. Every other
// listed locale must be present, or Load fails and says which.
package langcorpus

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultDir is CLDR's common/ directory as Debian's unicode-cldr-core
// installs it.
const DefaultDir = "/usr/share/unicode/cldr/common"

// Target and Max bound a sample's length in characters (white space
// included): the paragraphs are filled until they hold Target, and a
// string that would take them past Max is left out.
const (
	Target = 3000
	Max    = 4000
)

// Sample is one language's running text.
type Sample struct {
	Locale     string   // the CLDR locale: "sr", "zh_Hant"
	Lang       string   // its BCP 47 tag: "sr", "zh-Hant"
	Script     string   // ISO 15924 code of its script: "Cyrl", "Hant"
	Name       string   // the language's name for itself: "српски"
	RTL        bool     // written right to left
	Paragraphs []string // the running text
}

// Chars counts the sample's characters, the spaces between paragraphs
// aside.
func (s Sample) Chars() int {
	n := 0
	for _, p := range s.Paragraphs {
		n += utf8.RuneCountInString(p)
	}
	return n
}

// Locales are the locales Load reads, by script. Optional ones are read
// when the CLDR has them.
var Locales = []string{
	// Latin, with the diacritics of many orthographies.
	"az", "cs", "cy", "de", "en", "es", "et", "fi", "fr", "ga", "ha", "hu", "is", "it",
	"lt", "lv", "mt", "pl", "pt", "ro", "sk", "sv", "tr", "vi", "yo", "zu",
	"el",
	// Cyrillic.
	"be", "bg", "kk", "ky", "mk", "mn", "ru", "sr", "tg", "uk",
	"hy", "ka",
	// Hebrew, Arabic.
	"he", "yi", "ar", "ckb", "fa", "ks", "ps", "sd", "ug", "ur",
	// Indic: Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu,
	// Kannada, Malayalam, Sinhala.
	"hi", "mr", "ne", "as", "bn", "pa", "gu", "or", "ta", "te", "kn", "ml", "si",
	// South-east Asia, Tibetan, Ethiopic, Cherokee.
	"th", "lo", "km", "my", "bo", "dz", "am", "ti", "chr",
	// East Asia.
	"ja", "ko", "zh", "zh_Hant", "ii",
	// Others: Vai, Adlam (beyond the Basic Multilingual Plane), Ol Chiki,
	// Tifinagh.
	"vai", "ff_Adlm", "sat", "zgh",
}

// Optional lists locales missing from CLDR 41 that Load reads when present.
var Optional = []string{"syr", "dv", "nqo"}

// scripts maps the ISO 15924 codes of the listed locales to Unicode's
// script tables.
var scripts = map[string][]*unicode.RangeTable{
	"Latn": {unicode.Latin}, "Grek": {unicode.Greek}, "Cyrl": {unicode.Cyrillic},
	"Armn": {unicode.Armenian}, "Geor": {unicode.Georgian}, "Hebr": {unicode.Hebrew},
	"Arab": {unicode.Arabic}, "Syrc": {unicode.Syriac}, "Thaa": {unicode.Thaana}, "Nkoo": {unicode.Nko},
	"Deva": {unicode.Devanagari}, "Beng": {unicode.Bengali}, "Guru": {unicode.Gurmukhi},
	"Gujr": {unicode.Gujarati}, "Orya": {unicode.Oriya}, "Taml": {unicode.Tamil},
	"Telu": {unicode.Telugu}, "Knda": {unicode.Kannada}, "Mlym": {unicode.Malayalam},
	"Sinh": {unicode.Sinhala}, "Thai": {unicode.Thai}, "Laoo": {unicode.Lao},
	"Khmr": {unicode.Khmer}, "Mymr": {unicode.Myanmar}, "Tibt": {unicode.Tibetan},
	"Ethi": {unicode.Ethiopic}, "Cher": {unicode.Cherokee},
	"Hans": {unicode.Han}, "Hant": {unicode.Han},
	"Jpan": {unicode.Han, unicode.Hiragana, unicode.Katakana},
	"Kore": {unicode.Hangul, unicode.Han},
	"Yiii": {unicode.Yi}, "Vaii": {unicode.Vai}, "Adlm": {unicode.Adlam},
	"Olck": {unicode.Ol_Chiki}, "Tfng": {unicode.Tifinagh},
}

// Load reads the listed locales from dir, CLDR's common/ directory, in the
// order of Locales (then the optional ones found).
func Load(dir string) ([]Sample, error) { return loadLocales(dir, Locales, Optional) }

func loadLocales(dir string, required, optional []string) ([]Sample, error) {
	if _, err := os.Stat(filepath.Join(dir, "main", "root.xml")); err != nil {
		return nil, fmt.Errorf("langcorpus: %s is not CLDR's common/ directory (install Debian's unicode-cldr-core): %w", dir, err)
	}
	likely, err := likelyScripts(filepath.Join(dir, "supplemental", "likelySubtags.xml"))
	if err != nil {
		return nil, err
	}
	locales := slices.Clone(required)
	for _, loc := range optional {
		if _, err := os.Stat(filepath.Join(dir, "main", loc+".xml")); err == nil {
			locales = append(locales, loc)
		}
	}
	out := make([]Sample, 0, len(locales))
	for _, loc := range locales {
		s, err := load(dir, loc, likely)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// load reads one locale.
func load(dir, loc string, likely map[string]string) (Sample, error) {
	main, err := readLDML(filepath.Join(dir, "main", loc+".xml"))
	if errors.Is(err, fs.ErrNotExist) {
		return Sample{}, fmt.Errorf("langcorpus: the CLDR in %s has no locale %s: %w", dir, loc, err)
	}
	if err != nil {
		return Sample{}, err
	}
	lang, script, hasScript := strings.Cut(loc, "_")
	if !hasScript {
		script = likely[lang]
	}
	if script == "" {
		return Sample{}, fmt.Errorf("langcorpus: %s: no likely script in supplemental/likelySubtags.xml", loc)
	}
	tables, ok := scripts[script]
	if !ok {
		return Sample{}, fmt.Errorf("langcorpus: %s: script %s has no Unicode table here", loc, script)
	}
	s := Sample{Locale: loc, Lang: strings.ReplaceAll(loc, "_", "-"), Script: script, RTL: main.rtl}
	s.Name = main.languages[loc]
	if s.Name == "" {
		s.Name = main.languages[lang]
	}
	if s.Name == "" {
		return Sample{}, fmt.Errorf("langcorpus: %s: the locale does not name its own language", loc)
	}
	var ann map[string]string
	annPath := filepath.Join(dir, "annotations", loc+".xml")
	if a, err := readLDML(annPath); err == nil {
		ann = a.annotations
	} else if !errors.Is(err, fs.ErrNotExist) {
		return Sample{}, err
	}
	inScript := func(v string) bool { return usable(v, tables) }
	kinds := [][]string{
		values(main.languages, inScript), values(main.territories, inScript),
		append(values(main.months, inScript), values(main.days, inScript)...),
		values(main.scripts, inScript), values(main.cities, inScript),
		values(main.labels, inScript), values(ann, inScript),
	}
	s.Paragraphs = fill(kinds)
	if s.Chars() == 0 {
		return Sample{}, fmt.Errorf("langcorpus: %s: no string in script %s", loc, script)
	}
	return s, nil
}

// fill builds one paragraph per kind of string, adding one string to each
// in turn until the text holds Target characters. A string already used
// (a language named like its territory) is not used again.
func fill(kinds [][]string) []string {
	paras := make([][]string, len(kinds))
	next := make([]int, len(kinds))
	seen := map[string]bool{}
	total := 0
	for more := true; more && total < Target; {
		more = false
		for k, vs := range kinds {
			if total >= Target {
				break
			}
			for next[k] < len(vs) {
				v := vs[next[k]]
				next[k]++
				n := utf8.RuneCountInString(v) + 1
				if seen[v] || total+n > Max {
					continue
				}
				seen[v] = true
				paras[k] = append(paras[k], v)
				total += n
				more = true
				break
			}
		}
	}
	var out []string
	for _, p := range paras {
		if len(p) > 0 {
			out = append(out, strings.Join(p, " "))
		}
	}
	return out
}

// values returns the usable values of m, ordered by key, keys that are
// numbers (months) numerically.
func values(m map[string]string, ok func(string) bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		na, errA := strconv.Atoi(a)
		nb, errB := strconv.Atoi(b)
		if errA == nil && errB == nil {
			return na - nb
		}
		return strings.Compare(a, b)
	})
	var out []string
	for _, k := range keys {
		if v := m[k]; ok(v) {
			out = append(out, v)
		}
	}
	return out
}

// usable reports a string worth setting: a letter at least, no
// placeholder or inheritance marker, every letter and mark in the script.
func usable(v string, tables []*unicode.RangeTable) bool {
	if strings.ContainsAny(v, "{}↑∅") {
		return false
	}
	letters := 0
	for _, r := range v {
		if !unicode.In(r, unicode.L, unicode.M) {
			continue
		}
		if unicode.IsLetter(r) {
			letters++
		}
		if !unicode.In(r, tables...) && !unicode.In(r, unicode.Common, unicode.Inherited) {
			return false
		}
	}
	return letters > 0
}

// ldml holds what is read from one locale's main or annotations file.
type ldml struct {
	rtl                                           bool
	languages, territories, scripts, months, days map[string]string
	cities, labels, annotations                   map[string]string
}

// readLDML reads one LDML file, keeping the strings of the paths that
// build samples. Elements with an alt= attribute are skipped.
func readLDML(path string) (*ldml, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("langcorpus: %w", err)
	}
	defer f.Close()
	l := &ldml{
		languages: map[string]string{}, territories: map[string]string{}, scripts: map[string]string{},
		months: map[string]string{}, days: map[string]string{}, cities: map[string]string{},
		labels: map[string]string{}, annotations: map[string]string{},
	}
	type elem struct{ name, typ, alt, cp string }
	var stack []elem
	var text strings.Builder
	// in reports whether the open elements end with path, each step a name
	// or name=type.
	in := func(path ...string) bool {
		if len(stack) < len(path) {
			return false
		}
		for i, p := range path {
			e := stack[len(stack)-len(path)+i]
			name, typ, hasType := strings.Cut(p, "=")
			if e.name != name || (hasType && e.typ != typ) {
				return false
			}
		}
		return true
	}
	d := xml.NewDecoder(f)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("langcorpus: %s: %w", path, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := elem{name: t.Name.Local}
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "type":
					e.typ = a.Value
				case "alt":
					e.alt = a.Value
				case "cp":
					e.cp = a.Value
				}
			}
			stack = append(stack, e)
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			e := stack[len(stack)-1]
			v := strings.TrimSpace(text.String())
			text.Reset()
			if e.alt == "" && v != "" {
				parent := ""
				if len(stack) > 1 {
					parent = stack[len(stack)-2].typ
				}
				l.keep(e.typ, e.cp, parent, v, in)
			}
			stack = stack[:len(stack)-1]
		}
	}
	return l, nil
}

// keep files one element's text under its kind, if it has one.
// A city's key is its parent zone's type.
func (l *ldml) keep(typ, cp, parent, v string, in func(...string) bool) {
	switch {
	case in("localeDisplayNames", "languages", "language"):
		l.languages[typ] = v
	case in("localeDisplayNames", "territories", "territory"):
		l.territories[typ] = v
	case in("localeDisplayNames", "scripts", "script"):
		l.scripts[typ] = v
	case in("calendar=gregorian", "months", "monthContext=format", "monthWidth=wide", "month"):
		l.months[typ] = v
	case in("calendar=gregorian", "days", "dayContext=format", "dayWidth=wide", "day"):
		l.days[dayOrder[typ]] = v
	case in("timeZoneNames", "zone", "exemplarCity"):
		l.cities[parent] = v
	case in("characterLabels", "characterLabel"):
		l.labels[typ] = v
	case in("annotations", "annotation") && typ == "tts":
		l.annotations[cp] = v
	case in("layout", "orientation", "characterOrder"):
		l.rtl = v == "right-to-left"
	}
}

// dayOrder numbers the weekdays from Sunday, as CLDR lists them.
var dayOrder = map[string]string{"sun": "1", "mon": "2", "tue": "3", "wed": "4", "thu": "5", "fri": "6", "sat": "7"}

// likelyScripts reads the likely script of each bare language code.
func likelyScripts(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("langcorpus: %w", err)
	}
	defer f.Close()
	var doc struct {
		Likely []struct {
			From string `xml:"from,attr"`
			To   string `xml:"to,attr"`
		} `xml:"likelySubtags>likelySubtag"`
	}
	if err := xml.NewDecoder(f).Decode(&doc); err != nil {
		return nil, fmt.Errorf("langcorpus: %s: %w", path, err)
	}
	out := map[string]string{}
	for _, l := range doc.Likely {
		if strings.Contains(l.From, "_") {
			continue
		}
		if parts := strings.Split(l.To, "_"); len(parts) >= 2 {
			out[l.From] = parts[1]
		}
	}
	return out, nil
}
