package layout

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-text/typesetting/language"

	"pdfexport/fonts"
	"pdfexport/internal/icuseg"
	"pdfexport/internal/langcorpus"
	"pdfexport/render/page"
	"pdfexport/render/text/dictbreak"
)

// dictMeasures are the widths the Thai, Lao, Khmer and Burmese paragraphs
// are set at, in points: a narrow column, the body at scale 2 and at 1.
var dictMeasures = []float64{180, 300, 451}

// lineFigures count what the README promises of the lines of a paragraph.
type lineFigures struct {
	lines, insideWord, loose, overfull, atDict int
	examples                                   []string
}

func (f lineFigures) String() string {
	return fmt.Sprintf("%d lines: %d end inside an ICU word, %d loose (%.1f %%), %d overfull, %d end between words written without a space",
		f.lines, f.insideWord, f.loose, 100*float64(f.loose)/float64(max(f.lines, 1)), f.overfull, f.atDict)
}

// setParagraph breaks one paragraph at width and counts its lines but the
// last (which is set at its natural width): where each ends (against ICU's
// word boundaries), whether it is loose (its glue stretched past twice its
// stretchability: the breaker's looseBadness, a space more than twice its
// width) and whether it is overfull.
func setParagraph(sh *shaper, st *style, p string, width page.Unit, icu []int, noDict bool, f *lineFigures) {
	if noDict {
		// The paragraph as it was set before the dictionary: breaks at
		// spaces and zero-width spaces only, none stretching but spaces.
		dictionaryWords = false
		defer func() { dictionaryWords = true }()
	}
	items := sh.items(plain(p, st), paragraphOpts{measure: width})
	lines, err := (&breaker{}).breakLines(items, breakParams{width: width})
	if err != nil {
		panic(err)
	}
	// Where each box ends in the paragraph's text: a word's first box
	// knows where the word starts, and its boxes follow one another.
	ends := make([]int, len(items))
	at := 0
	for i, it := range items {
		if it.kind == boxItem && it.run != nil {
			if it.wordAt > 0 {
				at = int(it.wordAt) - 1
			}
			at += len(it.run.text)
			ends[i] = at
		}
	}
	for _, l := range lines[:len(lines)-1] {
		f.lines++
		end := ends[l.end-1]
		if items[l.breakAt].joint {
			f.atDict++
		}
		// Only ends beside these scripts' letters are the dictionary's: a
		// URL or an e-mail address breaks by its own rules ("apt@packages.|
		// debian.org" is inside ICU's word, and meant to be).
		prev, _ := utf8.DecodeLastRuneInString(p[:end])
		next, _ := utf8.DecodeRuneInString(p[end:])
		if (dictbreak.Applies(prev) || dictbreak.Applies(next)) && !slices.Contains(icu, end) {
			f.insideWord++
			if len(f.examples) < 5 {
				f.examples = append(f.examples, p[max(0, end-24):end]+"|"+p[end:min(len(p), end+24)])
			}
		}
		if l.target-l.natural > 2*l.stretch {
			f.loose++
		}
		if l.natural-l.shrink > l.target {
			f.overfull++
		}
	}
}

// TestDictionaryScriptLines sets CLDR's Thai, Lao, Khmer and Burmese text
// (text we did not write, internal/langcorpus) at three widths, justified,
// and checks every line against ICU's own word boundaries (node's
// Intl.Segmenter): no line may end inside a word, none may be overfull, and
// the loose lines must be under half as many as without the dictionary. Set
// DICT_LINES_REPORT=1 to print the figures of the README's table.
func TestDictionaryScriptLines(t *testing.T) {
	samples := langcorpus.ForTest(t)
	st := newStyle(fonts.Serif, pts(11), pts(15), black)
	var report strings.Builder
	type corpus struct {
		name, lang string
		paras      []string
	}
	var corpora []corpus
	for _, lang := range []string{"th", "lo", "km", "my"} {
		i := slices.IndexFunc(samples, func(s langcorpus.Sample) bool { return s.Locale == lang })
		if i < 0 {
			t.Fatalf("no CLDR text for %s", lang)
		}
		corpora = append(corpora, corpus{lang + " (CLDR)", lang, samples[i].Paragraphs})
	}
	// Sentences too, where there are (optional: see langcorpus.Catalogs),
	// in paragraphs of about 800 characters.
	for _, lang := range []string{"th", "km", "my"} {
		texts, err := langcorpus.Translations(langcorpus.LocaleDir, lang)
		if errors.Is(err, fs.ErrNotExist) {
			t.Logf("%s: no translations: %v", lang, err)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		var paras []string
		var b strings.Builder
		for _, s := range texts {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
			if utf8.RuneCountInString(b.String()) > 800 {
				paras = append(paras, b.String())
				b.Reset()
			}
		}
		corpora = append(corpora, corpus{lang + " (Debian's translations)", lang, paras})
	}
	for _, c := range corpora {
		lang, paras := c.lang, c.paras
		icu, version := icuseg.ForTest(t, lang, paras)
		// One shaper each: the word cache keeps a word's breaks.
		sh, before := &shaper{lang: language.NewLanguage(lang)}, &shaper{lang: language.NewLanguage(lang)}
		for _, w := range dictMeasures {
			var with, without lineFigures
			for pi, p := range paras {
				setParagraph(sh, st, p, pts(w), icu[pi], false, &with)
				setParagraph(before, st, p, pts(w), icu[pi], true, &without)
			}
			fmt.Fprintf(&report, "%s at %g pt (ICU %s): %v; without the dictionary: %d loose (%.1f %%)\n", c.name, w, version, with,
				without.loose, 100*float64(without.loose)/float64(max(without.lines, 1)))
			if with.insideWord > 0 {
				t.Errorf("%s at %g pt: %d lines end inside an ICU word: %s", c.name, w, with.insideWord, strings.Join(with.examples, "  "))
			}
			if with.overfull > 0 {
				t.Errorf("%s at %g pt: %d overfull lines", c.name, w, with.overfull)
			}
			// Breaking between words is not enough: the gaps there must
			// stretch too, or lines stay loose at their spaces. (Glue that
			// breaks but does not stretch left two thirds as many.)
			if with.loose*2 > without.loose {
				t.Errorf("%s at %g pt: %d loose lines, %d without the dictionary: not under half", c.name, w, with.loose, without.loose)
			}
			if with.atDict == 0 {
				t.Errorf("%s at %g pt: no line ends between words written without a space: the dictionary is not used", lang, w)
			}
		}
	}
	t.Log("\n" + report.String())
	if os.Getenv("DICT_LINES_REPORT") != "" {
		fmt.Print(report.String())
	}
}
