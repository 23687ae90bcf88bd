package dictbreak_test

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"pdfexport/internal/icuseg"
	"pdfexport/internal/langcorpus"
	"pdfexport/render/text/dictbreak"
)

func corpusFor(t *testing.T, locales ...string) map[string][]string {
	out := map[string][]string{}
	for _, s := range langcorpus.ForTest(t) {
		if slices.Contains(locales, s.Locale) {
			out[s.Locale] = s.Paragraphs
		}
	}
	for _, l := range locales {
		if len(out[l]) == 0 {
			t.Fatalf("no CLDR text for %s", l)
		}
	}
	return out
}

// TestAgainstICU segments CLDR's text in the four languages and compares
// the boundaries with ICU's own (node's Intl.Segmenter): every one of ours
// must be ICU's, and most of ICU's must be found.
func TestAgainstICU(t *testing.T) {
	corpus := corpusFor(t, "th", "lo", "km", "my")
	var seg dictbreak.Segmenter
	for _, lang := range []string{"th", "lo", "km", "my"} {
		paras := corpus[lang]
		icu, version := icuseg.ForTest(t, lang, paras)
		ours, inside, agree, chars, wrong := compare(&seg, paras, icu)
		t.Logf("%s (ICU %s, %d characters): %d boundaries, %d of them ICU's; ICU has %d inside these runs (%.1f %% found)",
			lang, version, chars, ours, agree, inside, 100*float64(agree)/float64(max(inside, 1)))
		// ICU 78's word lists are ICU 72's (gen -lib /usr/bin/node finds
		// the same words), and a boundary is kept only where ICU's own
		// way finds one too: every boundary must be ICU's.
		if ours != agree {
			t.Errorf("%s: %d boundaries ICU does not have, e.g. %s", lang, ours-agree, strings.Join(wrong, " "))
		}
		// Most of ICU's other boundaries are its guesses inside names
		// (อับ|ฮา|เซี|ย, Abkhazia): CLDR's text is full of them.
		if agree*100 < inside*60 {
			t.Errorf("%s: %d of ICU's %d boundaries found, under 60 %%", lang, agree, inside)
		}
	}
}

// TestAgainstICUSentences is TestAgainstICU on sentences: Debian's
// translations of dpkg, apt and others (langcorpus.Catalogs).
func TestAgainstICUSentences(t *testing.T) {
	var seg dictbreak.Segmenter
	for _, lang := range []string{"th", "km", "my"} {
		texts, err := langcorpus.Translations(langcorpus.LocaleDir, lang)
		if errors.Is(err, fs.ErrNotExist) {
			t.Skip(err) // optional, even under CI: see langcorpus.Catalogs
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(texts) < 50 {
			t.Skipf("%s: %d translated strings in /usr/share/locale: too few to measure", lang, len(texts))
		}
		icu, version := icuseg.ForTest(t, lang, texts)
		ours, inside, agree, chars, wrong := compare(&seg, texts, icu)
		t.Logf("%s (ICU %s, %d strings, %d characters): %d boundaries, %d of them ICU's; ICU has %d inside these runs (%.1f %% found)",
			lang, version, len(texts), chars, ours, agree, inside, 100*float64(agree)/float64(max(inside, 1)))
		if ours != agree {
			t.Errorf("%s: %d boundaries ICU does not have, e.g. %s", lang, ours-agree, strings.Join(wrong, " "))
		}
	}
}

// compare segments each paragraph's runs of the four scripts and counts,
// against ICU's boundaries of the same paragraphs: ours, ICU's inside those
// runs, ours that are ICU's, and the characters; wrong shows up to ten of
// ours that are not ICU's, in their context.
func compare(seg *dictbreak.Segmenter, paras []string, icu [][]int) (ours, inside, agree, chars int, wrong []string) {
	for pi, p := range paras {
		chars += utf8.RuneCountInString(p)
		for lo, hi := range dictbreak.Runs(p) {
			text := p[lo:hi]
			for _, b := range icu[pi] {
				if b > lo && b < hi {
					inside++
				}
			}
			for _, b := range seg.Boundaries(nil, text) {
				ours++
				if slices.Contains(icu[pi], lo+b) {
					agree++
				} else if len(wrong) < 10 {
					wrong = append(wrong, text[max(0, b-15):b]+"|"+text[b:min(len(text), b+15)])
				}
			}
		}
	}
	return ours, inside, agree, chars, wrong
}
