package hyphen

import (
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// hyphenate inserts "-" into word at points.
func hyphenate(word string, points []int) string {
	var b strings.Builder
	last := 0
	for _, p := range points {
		b.WriteString(word[last:p])
		b.WriteByte('-')
		last = p
	}
	b.WriteString(word[last:])
	return b.String()
}

func mustLang(t testing.TB, tag string) *Hyphenator {
	t.Helper()
	h, ok := ForLang(tag)
	if !ok || h == nil {
		t.Fatalf("ForLang(%q) = %v, %v; want a hyphenator", tag, h, ok)
	}
	return h
}

// fresh returns an unloaded hyphenator with h's settings but other minimums.
func fresh(h *Hyphenator, left, right int) *Hyphenator {
	return &Hyphenator{tag: h.tag, left: left, right: right, exceptions: h.exceptions}
}

// allHyphenators is every distinct hyphenator, US English first.
var allHyphenators = []*Hyphenator{enUS, enGB, de, fr, es, it, pt, nl, ru}

// The expected forms are what TeX does with the same pattern files: each was
// checked against LuaTeX 1.15 (TeX Live 2022), which loaded the same
// hyph-*.pat.txt and hyph-*.hyp.txt files with the same minimums and
// hyphenated the words with lang.hyphenate.
var known = []struct {
	lang string
	want string
}{
	// US English (hyph-en-us, Knuth's patterns plus Kuiken's ushyphmax).
	{"en-US", "hy-phen-ation"},
	{"en-US", "rap-proche-ment"},
	{"en-US", "ne-go-ti-a-tions"},
	{"en-US", "in-tran-si-gence"},
	{"en-US", "com-ple-men-tar-ity"},
	{"en-US", "type-set-ting"},
	{"en-US", "al-go-rithm"},
	{"en-US", "en-cy-clo-pe-dia"},
	{"en-US", "char-ac-ter-is-ti-cally"},
	{"en-US", "com-puter"},
	{"en-US", "acad-emy"},
	{"en-US", "or-gan-i-sa-tion"},
	// A known flaw of the patterns, faithfully reproduced (hyph-utf8's
	// "known_bugs" list has it).
	{"en-US", "de-mo-c-rat"},
	// From the exception list, hyph-en-us.hyp.txt.
	{"en-US", "ta-ble"},
	{"en-US", "present"},
	{"en-US", "project"},
	{"en-US", "as-so-ciate"},
	{"en-US", "as-so-ciates"},
	{"en-US", "uni-ver-si-ties"},
	{"en-US", "reci-procity"},
	{"en", "hy-phen-ation"},
	{"", "hy-phen-ation"},

	// British English: different patterns and exceptions.
	{"en-GB", "hy-phen-a-tion"},
	{"en-GB", "ne-go-ti-ations"},
	{"en-GB", "com-ple-ment-ar-ity"},
	{"en-GB", "char-ac-ter-ist-ic-ally"},
	{"en-GB", "demo-crat"},
	{"en-GB", "col-our"},
	{"en-GB", "or-gan-isa-tion"},
	{"en-GB", "table"},
	{"en-GB", "pro-ject"},
	{"en-GB", "as-so-ci-ate"},
	{"en-GB", "re-ci-pro-city"}, // exception
	{"en-GB", "how-ever"},       // exception
	{"en-GB", "ma-nu-script"},   // exception
	{"en-GB", "some-thing"},     // exception

	// German, reformed orthography.
	{"de", "Con-tai-ner-ter-mi-nal-au-to-ma-ti-sie-rung"},
	{"de", "Ha-fen-be-triebs-ge-sell-schaft"},
	{"de", "Sil-ben-tren-nung"},
	{"de", "Do-nau-dampf-schiff-fahrts-ge-sell-schaft"},
	{"de", "Recht-schreib-re-form"},
	{"de", "Schiff-fahrt"},
	{"de", "Fuß-ball-welt-meis-ter-schaft"},
	{"de", "Über-grö-ßen-trä-ger"},
	{"de", "Stra-ße"},
	{"de", "STRAS-SE"},
	{"de-CH", "Ka-pi-tän"},

	// French: the patterns know elision (l', d', entr').
	{"fr", "hy-phé-na-tion"},
	{"fr", "an-ti-cons-ti-tu-tion-nel-le-ment"},
	{"fr", "dé-ve-lop-pe-ment"},
	{"fr", "bi-blio-thèque"},
	{"fr", "ty-po-gra-phie"},
	{"fr", "ex-tra-or-di-naire"},
	{"fr", "au-jour-d'hui"},
	{"fr", "au-jour-d’hui"},
	{"fr", "l'or-di-na-teur"},
	{"fr", "œuvre"},

	// Spanish: rr and ll stay together.
	{"es", "elec-tro-en-ce-fa-lo-gra-fis-ta"},
	{"es", "oto-rri-no-la-rin-go-lo-gía"},
	{"es", "de-sa-rro-llo"},
	{"es", "pe-rro"},
	{"es", "lla-ma-da"},
	{"es", "cons-ti-tu-cio-nal"},
	{"es", "hi-per-en-la-ce"},

	// Italian.
	{"it", "pre-ci-pi-te-vo-lis-si-me-vol-men-te"},
	{"it", "bi-blio-te-ca"},
	{"it", "in-ge-gne-ria"},
	{"it", "ri-sto-ran-te"},
	{"it", "san-t'An-to-nio"},
	{"it", "del-l'an-no"},

	// Portuguese, right minimum 3.
	{"pt", "pa-ra-le-le-pí-pedo"},
	{"pt", "de-sen-vol-vi-mento"},
	{"pt", "hi-po-pó-tamo"},
	{"pt", "co-ra-ção"},
	{"pt-BR", "in-for-ma-ção"},
	{"pt-BR", "so-ci-e-dade"},
	{"pt", "hard-ware"}, // exception

	// Dutch.
	{"nl", "ont-wik-ke-lings-sa-men-wer-king"},
	{"nl", "ver-ant-woor-de-lijk-heid"},
	{"nl", "kin-de-ren"},
	{"nl", "bi-bli-o-theek"},
	{"nl", "aan-dachts-trek-ker"},         // exception
	{"nl", "mi-nis-ters-por-te-feuil-le"}, // exception
	{"nl", "meest-al"},                    // exception
	{"nl", "spie-gel-ei"},                 // exception
	{"nl", "au-to's"},                     // the apostrophe separates, as in TeX

	// Russian.
	{"ru", "Но-во-си-бирск"},
	{"ru", "НО-ВО-СИ-БИРСК"},
	{"ru", "на-у-ко-град"},
	{"ru", "до-сто-при-ме-ча-тель-ность"},
	{"ru", "элек-тро-стан-ция"},
	{"ru", "здрав-ствуй-те"},
	{"ru", "биз-нес-мен"}, // exception
	{"ru", "вопль"},       // exception: no break at all

	// Apostrophes in languages whose patterns lack them: each side is a
	// word of its own, as in TeX, so "n't" is never split off.
	{"en", "hy-phen-ation's"},
	{"en", "hy-phen-ation’s"},
	{"en", "shouldn't"},
	{"en", "doesn't"},
	{"en", "o'clock"},
	{"en", "rock'n'roll"},
	{"en", "don'thy-phen-ation"},
}

func TestKnownHyphenations(t *testing.T) {
	for _, tc := range known {
		word := strings.ReplaceAll(tc.want, "-", "")
		h := mustLang(t, tc.lang)
		if got := hyphenate(word, h.Points(word)); got != tc.want {
			t.Errorf("ForLang(%q).Points(%q): %s, want %s", tc.lang, word, got, tc.want)
		}
	}
}

// TestExceptionsOverridePatterns shows that the exception lists are in use:
// without them the patterns alone break these words differently.
func TestExceptionsOverridePatterns(t *testing.T) {
	for _, tc := range []struct {
		h                     *Hyphenator
		patterns, exceptional string
	}{
		{enUS, "pre-sent", "present"},
		{enUS, "pro-ject", "project"},
		{enUS, "as-so-ci-ate", "as-so-ciate"},
		{enUS, "rec-i-proc-ity", "reci-procity"},
		{enGB, "however", "how-ever"},
		{enGB, "manuscript", "ma-nu-script"},
	} {
		word := strings.ReplaceAll(tc.exceptional, "-", "")
		noExc := &Hyphenator{tag: tc.h.tag, left: tc.h.left, right: tc.h.right}
		if got := hyphenate(word, noExc.Points(word)); got != tc.patterns {
			t.Errorf("%s without exceptions: %s, want %s", tc.h.tag, got, tc.patterns)
		}
		if got := hyphenate(word, tc.h.Points(word)); got != tc.exceptional {
			t.Errorf("%s: %s, want %s", tc.h.tag, got, tc.exceptional)
		}
		upper := strings.ToUpper(word)
		if got, want := hyphenate(upper, tc.h.Points(upper)), strings.ToUpper(tc.exceptional); got != want {
			t.Errorf("%s: %s, want %s", tc.h.tag, got, want)
		}
	}
}

func TestMinimums(t *testing.T) {
	wantMins := map[*Hyphenator][2]int{
		enUS: {2, 3}, enGB: {2, 3}, de: {2, 2}, fr: {2, 2}, es: {2, 2},
		it: {2, 2}, pt: {2, 3}, nl: {2, 2}, ru: {2, 2},
	}
	for h, m := range wantMins {
		if h.left != m[0] || h.right != m[1] {
			t.Errorf("%s: minimums %d/%d, want %d/%d", h.tag, h.left, h.right, m[0], m[1])
		}
	}

	words := []string{"academy", "ideal", "only", "story", "into", "another", "Abend", "Ofen",
		"Ufer", "oben", "яма", "ёлка", "аорта", "idea", "area", "aéreo", "ações", "ónibus",
		"uomo", "aiuola", "eenheid", "étage"}
	for _, tc := range known {
		words = append(words, strings.ReplaceAll(tc.want, "-", ""))
	}
	// With the minimums relaxed to 1/1 the patterns allow breaks that the
	// real minimums must filter out, and nothing else may differ.
	filtered := 0
	for _, h := range allHyphenators {
		loose := fresh(h, 1, 1)
		for _, w := range words {
			got := h.Points(w)
			for _, p := range got {
				if l, r := utf8.RuneCountInString(w[:p]), utf8.RuneCountInString(w[p:]); l < h.left || r < h.right {
					t.Errorf("%s: %s leaves a fragment of %d|%d characters, minimums %d/%d",
						h.tag, hyphenate(w, got), l, r, h.left, h.right)
				}
			}
			if strings.ContainsAny(w, "'’") {
				continue // the minimums apply to each side of it
			}
			var want []int
			for _, p := range loose.Points(w) {
				if utf8.RuneCountInString(w[:p]) >= h.left && utf8.RuneCountInString(w[p:]) >= h.right {
					want = append(want, p)
				} else {
					filtered++
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %s, want %s (1/1 gives %s)", h.tag, hyphenate(w, got), hyphenate(w, want),
					hyphenate(w, loose.Points(w)))
			}
		}
	}
	if filtered < 10 {
		t.Errorf("the minimums filtered only %d breaks; the test words no longer exercise them", filtered)
	}
	// Examples, so that a reader sees what is being filtered.
	if got := hyphenate("academy", fresh(enUS, 1, 1).Points("academy")); got != "a-cad-e-my" {
		t.Errorf("academy at 1/1: %s, want a-cad-e-my", got)
	}
	if got := hyphenate("academy", enUS.Points("academy")); got != "acad-emy" {
		t.Errorf("academy at 2/3: %s, want acad-emy", got)
	}

	// Words shorter than left+right characters: nil.
	for _, tc := range []struct {
		h    *Hyphenator
		word string
	}{
		{enUS, "a"}, {enUS, "an"}, {enUS, "able"}, {enUS, "ABLE"}, {enGB, "idea"},
		{de, "Tee"}, {de, "Öl"}, {ru, "яма"}, {fr, "été"}, {pt, "ação"}, {nl, "ui"},
		{it, "ora"}, {es, "más"},
	} {
		if got := tc.h.Points(tc.word); got != nil {
			t.Errorf("%s: Points(%q) = %v, want nil", tc.h.tag, tc.word, got)
		}
	}
}

func TestCase(t *testing.T) {
	for _, tc := range []struct {
		lang, want string
	}{
		{"en", "hy-phen-ation"},
		{"en", "Hy-phen-ation"},
		{"en", "HY-PHEN-ATION"},
		{"en", "hY-pHeN-aTiOn"},
		// İ (2 bytes) lower-cases to i (1 byte); ẞ (3 bytes) to ß (2).
		{"en", "HY-PHEN-ATİON"},
		{"en", "İn-tran-si-gence"},
		{"de", "ÜBER-GRÖ-ẞEN-TRÄ-GER"},
		{"de", "Über-grö-ßen-trä-ger"},
		{"de", "FUẞ-BALL-WELT-MEIS-TER-SCHAFT"},
		// The Kelvin sign (3 bytes) lower-cases to k (1 byte).
		{"en", "kalei-do-scope"},
		{"en", "KALEI-DO-SCOPE"},
		{"en", "char-ac-ter-is-ti-cally"},
		{"en", "CHAR-AC-TER-IS-TI-CALLY"},
		{"ru", "на-у-ко-град"},
		{"ru", "НА-У-КО-ГРАД"},
		{"fr", "AU-JOUR-D’HUI"},
	} {
		h := mustLang(t, tc.lang)
		word := strings.ReplaceAll(tc.want, "-", "")
		got := h.Points(word)
		checkOffsets(t, h, word, got)
		if s := hyphenate(word, got); s != tc.want {
			t.Errorf("%s: Points(%q): %s, want %s", tc.lang, word, s, tc.want)
		}
	}

	// Letters whose lower-case form is longer or shorter in UTF-8: the
	// offsets must stay rune boundaries of the original word.
	for _, word := range []string{
		"Ⱥcademically", // Ⱥ (2 bytes) lower-cases to ⱥ (3 bytes)
		"ȺȺ" + "ALEIDOSCOPE",
		"\u212Aakademisk",
		"ȺȺȺȺȺȺȺȺȺȺȺȺ",
		"İİİİİİİİİİİİİİ",
		"ẞẞẞẞẞẞẞẞẞẞ",
		"HYPHENATİONẞȺ",
	} {
		for _, h := range allHyphenators {
			checkOffsets(t, h, word, h.Points(word))
		}
	}
	kelvin := "\u212A" + "ALEIDOSCOPE" // KALEIDOSCOPE with a Kelvin sign
	if got, want := hyphenate(kelvin, enUS.Points(kelvin)), hyphenate(kelvin,
		shift(enUS.Points("KALEIDOSCOPE"), 2)); got != want || got == kelvin {
		t.Errorf("Kelvin sign: %s, want %s", got, want)
	}
}

// shift adds d to every offset.
func shift(points []int, d int) []int {
	out := make([]int, len(points))
	for i, p := range points {
		out[i] = p + d
	}
	return out
}

// checkOffsets fails t unless points are strictly increasing rune
// boundaries inside word that leave the minimum number of runes on each side.
func checkOffsets(t testing.TB, h *Hyphenator, word string, points []int) {
	t.Helper()
	last := 0
	for _, p := range points {
		if p <= last || p >= len(word) {
			t.Fatalf("%s: Points(%q) = %v: %d out of order or out of (0, %d)", h.tag, word, points, p, len(word))
		}
		if !utf8.RuneStart(word[p]) {
			t.Fatalf("%s: Points(%q) = %v: %d is not a rune boundary", h.tag, word, points, p)
		}
		last = p
	}
	if len(points) > 0 {
		if n := utf8.RuneCountInString(word[:points[0]]); n < h.left {
			t.Fatalf("%s: Points(%q) = %v: left fragment of %d runes", h.tag, word, points, n)
		}
		if n := utf8.RuneCountInString(word[points[len(points)-1]:]); n < h.right {
			t.Fatalf("%s: Points(%q) = %v: right fragment of %d runes", h.tag, word, points, n)
		}
	}
}

func TestNotLetters(t *testing.T) {
	for _, word := range []string{
		"", "hyphenation1", "1hyphenation", "hy2phenation", "well-known", "hyphenation-",
		"-hyphenation", "hyphenation.", "(hyphenation", "hyphenation!", "\"hyphenation\"",
		"hyphen ation", " hyphenation", "hyphenation\n", "hyphen\u00ADation", "hyphen\u200Bation",
		"hyphenation\x00", "hyph\xffenation", "\xff\xfe\xfd\xfc\xfb\xfa", "hyphenation\u2013",
		"'hyphenation", "hyphenation'", "hyph''enation", "’hyphenation", "\u0301hyphenation",
		"hyphenation😀", "hyphenation_", "e-mail", "Stra\u00DFe2", "ИНН7707083893",
	} {
		for _, h := range allHyphenators {
			if got := h.Points(word); got != nil {
				t.Errorf("%s: Points(%q) = %v, want nil", h.tag, word, got)
			}
		}
	}
	var zero Hyphenator
	if got := zero.Points("hyphenation"); got != nil {
		t.Errorf("zero Hyphenator: %v, want nil", got)
	}
	var nilH *Hyphenator
	if got := nilH.Points("hyphenation"); got != nil {
		t.Errorf("nil Hyphenator: %v, want nil", got)
	}
}

func TestCombiningMarks(t *testing.T) {
	for _, tc := range []struct {
		lang, word, want string
	}{
		// A decomposed é (e + U+0301) is composed before matching.
		{"fr", "de\u0301veloppement", "de\u0301-ve-lop-pe-ment"},
		{"fr", "hyphe\u0301nation", "hy-phe\u0301-na-tion"},
		{"es", "otorrinolaringologi\u0301a", "oto-rri-no-la-rin-go-lo-gi\u0301a"},
		{"de", "U\u0308bergro\u0308\u00DFentra\u0308ger", "U\u0308ber-gro\u0308-\u00DFen-tra\u0308-ger"},
		// A Russian stress accent cannot be composed; it is ignored and
		// stays with its vowel.
		{"ru", "Новосиби\u0301рск", "Но-во-си-би\u0301рск"},
		{"ru", "нау\u0301коград", "на-у\u0301-ко-град"},
		{"ru", "на\u0301укоград", "на\u0301-у-ко-град"},
	} {
		h := mustLang(t, tc.lang)
		got := h.Points(tc.word)
		checkOffsets(t, h, tc.word, got)
		if s := hyphenate(tc.word, got); s != tc.want {
			t.Errorf("%s: Points(%q): %q, want %q", tc.lang, tc.word, s, tc.want)
		}
	}
}

func TestApostrophes(t *testing.T) {
	// A break never touches an apostrophe, and ’ behaves as '.
	for _, tc := range []struct{ lang, word string }{
		{"fr", "aujourd'hui"}, {"fr", "aujourd’hui"}, {"fr", "l'anticonstitutionnellement"},
		{"fr", "entr'apercevez"}, {"it", "dell'anno"}, {"it", "sant'Antonio"},
		{"en", "hyphenation's"}, {"en", "characteristically's"}, {"nl", "ministersportefeuille's"},
	} {
		h := mustLang(t, tc.lang)
		for _, w := range []string{tc.word, strings.ReplaceAll(tc.word, "'", "’"), strings.ReplaceAll(tc.word, "’", "'")} {
			got := h.Points(w)
			if got == nil {
				t.Errorf("%s: Points(%q) = nil", tc.lang, w)
			}
			for _, p := range got {
				if r, _ := utf8.DecodeRuneInString(w[p:]); r == '\'' || r == '’' {
					t.Errorf("%s: %s breaks before an apostrophe", tc.lang, hyphenate(w, got))
				}
				if r, _ := utf8.DecodeLastRuneInString(w[:p]); r == '\'' || r == '’' {
					t.Errorf("%s: %s breaks after an apostrophe", tc.lang, hyphenate(w, got))
				}
			}
		}
		a, b := h.Points(strings.ReplaceAll(tc.word, "’", "'")), h.Points(strings.ReplaceAll(tc.word, "'", "’"))
		if len(a) != len(b) {
			t.Errorf("%s: %q and its ’ form break differently: %v, %v", tc.lang, tc.word, a, b)
		}
	}
}

func TestForLang(t *testing.T) {
	for _, tc := range []struct {
		tag  string
		want *Hyphenator
	}{
		{"", enUS}, {"en", enUS}, {"EN", enUS}, {"en-US", enUS}, {"en-us", enUS}, {"EN-US", enUS},
		{"en-GB", enGB}, {"en-gb", enGB}, {"EN-GB", enGB}, {"en_GB", enGB}, {" en-GB ", enGB},
		{"en-Latn-GB", enGB}, {"en-GB-oxendict", enGB}, {"en-GB-x-foo", enGB},
		{"en-AU", enUS}, {"en-CA", enUS}, {"en-IE", enUS}, {"en-001", enUS}, {"en-x-gb", enUS},
		{"de", de}, {"DE", de}, {"de-DE", de}, {"de-CH", de}, {"de-ch", de}, {"de-AT", de}, {"de-1996", de},
		{"fr", fr}, {"fr-FR", fr}, {"fr-CA", fr}, {"FR-ch", fr},
		{"es", es}, {"es-ES", es}, {"es-419", es}, {"es-MX", es},
		{"it", it}, {"it-IT", it}, {"It-CH", it},
		{"pt", pt}, {"pt-BR", pt}, {"pt-br", pt}, {"pt-PT", pt},
		{"nl", nl}, {"nl-NL", nl}, {"nl-BE", nl},
		{"ru", ru}, {"ru-RU", ru}, {"RU", ru},
	} {
		h, ok := ForLang(tc.tag)
		if !ok || h != tc.want {
			var tag string
			if h != nil {
				tag = h.tag
			}
			t.Errorf("ForLang(%q) = %q, %v; want %q", tc.tag, tag, ok, tc.want.tag)
		}
	}
	for _, tag := range []string{"xx", "zh", "zh-Hans", "ZH", "ja", "pl", "sv", "eng", "english",
		"deu", "ger", "-en", "x-en", "en.GB", "e", "tr", "uk", "be", "ca", "*"} {
		if h, ok := ForLang(tag); ok || h != nil {
			t.Errorf("ForLang(%q) = %v, %v; want nil, false", tag, h, ok)
		}
	}
}

func TestLanguages(t *testing.T) {
	want := []string{"de", "en", "es", "fr", "it", "nl", "pt", "ru"}
	got := Languages()
	if !slices.Equal(got, want) {
		t.Fatalf("Languages() = %v, want %v", got, want)
	}
	got[0] = "changed"
	if Languages()[0] != "de" {
		t.Error("Languages shares its slice with the caller")
	}
	for _, tag := range want {
		mustLang(t, tag)
	}
}

// TestPatternFiles checks that every language's files are embedded and
// parsed whole, and that no embedded file is unused.
func TestPatternFiles(t *testing.T) {
	used := map[string]bool{}
	total := 0
	for _, h := range allHyphenators {
		pat := "patterns/hyph-" + h.tag + ".pat.txt"
		src, err := patternFiles.ReadFile(pat)
		if err != nil {
			t.Fatalf("%s: %v", h.tag, err)
		}
		used[pat] = true
		p := h.load()
		distinct := map[string]bool{}
		for _, tok := range strings.Fields(string(src)) {
			distinct[strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return -1
				}
				return r
			}, tok)] = true
		}
		if p.npatterns != len(distinct) || p.npatterns < 300 {
			t.Errorf("%s: %d patterns parsed, file has %d", h.tag, p.npatterns, len(distinct))
		}
		hyp := "patterns/hyph-" + h.tag + ".hyp.txt"
		exc, err := patternFiles.ReadFile(hyp)
		if h.exceptions != (err == nil) {
			t.Errorf("%s: exceptions %v, but reading %s: %v", h.tag, h.exceptions, hyp, err)
		}
		if err == nil {
			used[hyp] = true
			if n := len(strings.Fields(string(exc))); len(p.exceptions) != n || n == 0 {
				t.Errorf("%s: %d exceptions parsed, file has %d", h.tag, len(p.exceptions), n)
			}
		}
		t.Logf("%-8s %6d patterns %5d exceptions, %7d bytes parsed, left/right %d/%d, apostrophes %v",
			h.tag, p.npatterns, len(p.exceptions), p.size(), h.left, h.right, p.apostrophes)
	}
	err := fs.WalkDir(patternFiles, "patterns", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += int(info.Size())
		if !used[path] {
			t.Errorf("%s is embedded but not used", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("embedded pattern files: %d bytes", total)
}

func TestParsing(t *testing.T) {
	ents := parsePatterns("% comment 1a2\n.hy3p he2n % trailing 9x\n\n  hena4 1na 2'2 1na\r\n.ab2c.\n")
	var got []string
	for _, e := range ents {
		got = append(got, string(e.key)+":"+string(rune('0'+len(e.vals))))
	}
	want := []string{".hyp:5", "hen:4", "hena:5", "na:3", "':2", "na:3", ".abc.:6"}
	if !slices.Equal(got, want) {
		t.Errorf("parsePatterns: %v, want %v", got, want)
	}
	exc := parseExceptions("ta-ble\npresent  Hy-phen-ation\n% as-so-ciate\n-odd- x--y\n")
	wantExc := map[string][]uint8{"table": {2}, "present": nil, "hyphenation": {2, 6}, "odd": nil, "xy": {1}}
	if len(exc) != len(wantExc) {
		t.Errorf("parseExceptions: %v, want %v", exc, wantExc)
	}
	for k, v := range wantExc {
		if g, ok := exc[k]; !ok || !slices.Equal(g, v) {
			t.Errorf("parseExceptions[%q] = %v, %v; want %v", k, g, ok, v)
		}
	}
	// Duplicate patterns merge by taking the higher value at each gap.
	p := buildPatterns(parsePatterns("a1b 2ab ab3"), nil)
	h := &Hyphenator{tag: "test", left: 1, right: 1, pats: p}
	h.once.Do(func() {})
	if p.npatterns != 1 {
		t.Errorf("duplicates: %d patterns, want 1", p.npatterns)
	}
	if got := hyphenate("xabx", h.Points("xabx")); got != "xa-b-x" {
		t.Errorf("merged duplicates: %s, want xa-b-x", got)
	}
	// An empty pattern set hyphenates nothing.
	empty := &Hyphenator{tag: "empty", left: 1, right: 1, pats: buildPatterns(nil, nil)}
	empty.once.Do(func() {})
	if got := empty.Points("hyphenation"); got != nil {
		t.Errorf("empty patterns: %v", got)
	}
}

func TestLongWords(t *testing.T) {
	// Longer than the stack buffers.
	word := strings.Repeat("Donaudampfschifffahrtsgesellschaft", 5)
	got := de.Points(word)
	checkOffsets(t, de, word, got)
	want := strings.Repeat("Do-nau-dampf-schiff-fahrts-ge-sell-schaft-", 5)
	if s := hyphenate(word, got); s != want[:len(want)-1] {
		t.Errorf("long word: %s", s)
	}
	for _, h := range allHyphenators {
		w := strings.Repeat("ab", 10000)
		checkOffsets(t, h, w, h.Points(w))
	}
}

func TestConcurrency(t *testing.T) {
	// Unloaded copies, so that loading itself races.
	var hs []*Hyphenator
	for _, h := range allHyphenators {
		hs = append(hs, fresh(h, h.left, h.right))
	}
	words := []string{"hyphenation", "Containerterminalautomatisierung", "Новосибирск",
		"anticonstitutionnellement", "precipitevolissimevolmente", "desarrollo", "coração",
		"ontwikkelingssamenwerking", "table"}
	want := make([][][]int, len(hs))
	for i, h := range allHyphenators {
		for _, w := range words {
			want[i] = append(want[i], h.Points(w))
		}
	}
	tags := []string{"en", "en-GB", "de-CH", "fr", "es", "it", "pt-BR", "nl", "ru", "zh"}
	var wg sync.WaitGroup
	for g := range 32 {
		wg.Go(func() {
			for k := range 50 {
				i := (g + k) % len(hs)
				for j, w := range words {
					if got := hs[i].Points(w); !slices.Equal(got, want[i][j]) {
						t.Errorf("%s: Points(%q) = %v, want %v", hs[i].tag, w, got, want[i][j])
						return
					}
				}
				if h, ok := ForLang(tags[(g+k)%len(tags)]); ok {
					h.Points(words[k%len(words)])
				}
			}
		})
	}
	wg.Wait()
}

func FuzzPoints(f *testing.F) {
	for _, tc := range known {
		f.Add(strings.ReplaceAll(tc.want, "-", ""))
	}
	for _, s := range []string{"", "a", "İİİİİİ", "ẞẞẞẞẞ", "de\u0301veloppement", "на\u0301укоград",
		"l'homme", "rock'n'roll", "x\xff", "hyphen-ation", "ǅemal", "ΣΊΣΥΦΟΣ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		for _, h := range allHyphenators {
			checkOffsets(t, h, word, h.Points(word))
		}
	})
}

// paragraph is an ordinary paragraph of English prose.
const paragraph = `The production of a printed document from structured data involves
many small decisions that a reader never notices unless they are made badly. Justified
text needs hyphenation: without it, the spaces between words stretch unevenly and
rivers of white appear down the page. Frank Liang's algorithm, published in his
dissertation at Stanford University, finds the admissible hyphenation points of a word
by consulting a compact set of patterns that were generated automatically from a
dictionary. Each pattern contributes numbers between letters; odd numbers permit a break,
even numbers forbid one, and the highest number at each position wins. The method is
remarkably accurate for English and has been adapted to dozens of other languages,
including German, French, Spanish, Italian, Portuguese, Dutch and Russian, whose
communities maintain their own carefully reviewed pattern collections`

func BenchmarkPoints(b *testing.B) {
	words := strings.Fields(strings.NewReplacer(",", "", ".", "", ":", "", ";", "").Replace(paragraph))
	h := mustLang(b, "en")
	h.Points("warm")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, w := range words {
			h.Points(w)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
}

func BenchmarkPointsWord(b *testing.B) {
	for _, tc := range []struct{ lang, word string }{
		{"en", "hyphenation"},
		{"en", "table"},
		{"en", "characteristically"},
		{"de", "Containerterminalautomatisierung"},
		{"fr", "anticonstitutionnellement"},
		{"ru", "Новосибирск"},
		{"fr", "de\u0301veloppement"}, // decomposed: the normalising path
	} {
		b.Run(tc.lang+"/"+tc.word, func(b *testing.B) {
			h := mustLang(b, tc.lang)
			h.Points(tc.word)
			b.ReportAllocs()
			for b.Loop() {
				h.Points(tc.word)
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, h := range allHyphenators {
		b.Run(h.tag, func(b *testing.B) {
			b.ReportAllocs()
			var p *patterns
			for b.Loop() {
				p = loadPatterns(h.tag, h.exceptions)
			}
			b.ReportMetric(float64(p.size()), "parsed-bytes")
		})
	}
}
