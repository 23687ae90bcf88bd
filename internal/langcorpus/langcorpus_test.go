package langcorpus

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

const fixtureDir = "testdata/common"

// TestLoadFixture reads the hand-written CLDR-shaped fixture: alt variants,
// placeholders, inheritance markers, strings in another script, other
// calendars and widths are left out; keys sort numerically; a string
// already used is not used again; the default script comes from
// likelySubtags, an explicit one from the locale's name; direction from
// characterOrder.
func TestLoadFixture(t *testing.T) {
	got, err := loadLocales(fixtureDir, []string{"sr", "sr_Latn", "ar"}, []string{"zz"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Sample{
		{Locale: "sr", Lang: "sr", Script: "Cyrl", Name: "српски", Paragraphs: []string{
			"немачки енглески српски",
			"Немачка",
			"јануар фебруар октобар недеља понедељак",
			"Београд",
			"животиња",
			"Србија мачка пас",
		}},
		{Locale: "sr_Latn", Lang: "sr-Latn", Script: "Latn", Name: "srpski", Paragraphs: []string{"nemački srpski"}},
		{Locale: "ar", Lang: "ar", Script: "Arab", Name: "العربية", RTL: true, Paragraphs: []string{"العربية الإنجليزية"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%#v\nwant\n%#v", got, want)
	}
	again, err := loadLocales(fixtureDir, []string{"sr", "sr_Latn", "ar"}, nil)
	if err != nil || !reflect.DeepEqual(again, got) {
		t.Errorf("a second load differs: %v", err)
	}
}

func TestLoadOptional(t *testing.T) {
	got, err := loadLocales(fixtureDir, []string{"sr"}, []string{"zz", "ar"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].Locale != "ar" {
		t.Errorf("an optional locale present must be loaded, an absent one ignored: got %d samples", len(got))
	}
}

func TestLoadErrors(t *testing.T) {
	for _, c := range []struct {
		dir     string
		locales []string
		want    string
	}{
		{filepath.Join(t.TempDir(), "nothing"), nil, "unicode-cldr-core"},
		{fixtureDir, []string{"sr", "zz"}, "has no locale zz"},
		{fixtureDir, []string{"xx"}, "script Zzzz"},
		{fixtureDir, []string{"yy"}, "yy.xml"},
		{fixtureDir, []string{"qq"}, "has no locale qq"},
	} {
		_, err := loadLocales(c.dir, c.locales, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %v: err = %v, want one saying %q", c.dir, c.locales, err, c.want)
		}
	}
	if _, err := Load(fixtureDir); err == nil || !strings.Contains(err.Error(), "has no locale") {
		t.Errorf("Load of the fixture: err = %v, want a missing locale named", err)
	}
}

// TestFill: paragraphs are filled in turn up to Target characters, never
// past Max, and a string that does not fit is passed over for shorter ones.
func TestFill(t *testing.T) {
	long := strings.Repeat("а", Max-10)
	kinds := [][]string{{"a1", "a2", "a3"}, {"b1", long, "b2"}, {"c1"}}
	got := fill(kinds)
	want := []string{"a1 a2 a3", "b1 b2", "c1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fill = %q, want %q", got, want)
	}
	var many [][]string
	for k := range 3 {
		var vs []string
		for i := range 1000 {
			vs = append(vs, fmt.Sprintf("%c%0*d", 'a'+k, 5+i%7, i))
		}
		many = append(many, vs)
	}
	n := 0
	for _, p := range fill(many) {
		n += utf8.RuneCountInString(p)
	}
	if n < Target-20 || n > Max {
		t.Errorf("filled %d characters, want about %d and at most %d", n, Target, Max)
	}
}

func TestUsable(t *testing.T) {
	cyrl := scripts["Cyrl"]
	for s, want := range map[string]bool{
		"руски": true, "руски (Србија)": true, "& знак": true, "2020.": false, "": false,
		"руски {0}": false, "↑↑↑": false, "∅∅∅": false, "Russian": false, "руски r": false,
	} {
		if got := usable(s, cyrl); got != want {
			t.Errorf("usable(%q) = %v, want %v", s, got, want)
		}
	}
}

// requiredScripts are the scripts the corpus must cover (ISO 15924).
var requiredScripts = []string{
	"Latn", "Grek", "Cyrl", "Armn", "Geor", "Hebr", "Arab", "Deva", "Beng", "Guru", "Gujr", "Orya",
	"Taml", "Telu", "Knda", "Mlym", "Sinh", "Thai", "Laoo", "Khmr", "Mymr", "Tibt", "Ethi", "Cher",
	"Hans", "Hant", "Jpan", "Kore", "Yiii",
}

// thin are the locales whose CLDR data hold fewer than 1,500 usable
// characters (CLDR 41: Yi 178, Vai about 1,500).
var thin = map[string]bool{"ii": true, "vai": true}

// TestLoadCLDR reads the installed CLDR: at least 60 languages, every
// required script, each sample within bounds. It skips without CLDR, except
// under CI (CI=true), where .ci/run installs unicode-cldr-core.
func TestLoadCLDR(t *testing.T) {
	samples := ForTest(t)
	if len(samples) < 60 {
		t.Errorf("%d languages, want at least 60", len(samples))
	}
	scriptsSeen := map[string]bool{}
	langs := map[string]bool{}
	for _, s := range samples {
		scriptsSeen[s.Script] = true
		if langs[s.Lang] {
			t.Errorf("%s: twice", s.Lang)
		}
		langs[s.Lang] = true
		n := s.Chars()
		if n > Max || (n < 1500 && !thin[s.Locale]) || n < 150 {
			t.Errorf("%s: %d characters, want 1,500 to %d", s.Locale, n, Max)
		}
		if s.Name == "" {
			t.Errorf("%s: no name", s.Locale)
		}
		for _, p := range s.Paragraphs {
			if strings.ContainsAny(p, "{}") || strings.TrimSpace(p) != p {
				t.Errorf("%s: paragraph %.40q", s.Locale, p)
			}
		}
	}
	for _, sc := range requiredScripts {
		if !scriptsSeen[sc] {
			t.Errorf("no language in script %s", sc)
		}
	}
	for _, rtl := range []string{"he", "ar", "fa", "ur"} {
		for _, s := range samples {
			if s.Locale == rtl && !s.RTL {
				t.Errorf("%s is not marked right to left", rtl)
			}
		}
	}
}
