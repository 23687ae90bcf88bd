package article

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stopwords are frequent short words that tell the archive's Latin-script
// languages apart. Ten to fifteen per language are enough on a paragraph or
// more: a news text is dense with them.
var stopwords = map[string][]string{
	"en": {"the", "and", "of", "to", "in", "is", "that", "it", "for", "was", "with", "on", "as", "are", "not"},
	"de": {"der", "die", "und", "das", "den", "nicht", "ist", "mit", "sich", "auf", "für", "von", "dem", "ein", "eine"},
	"fr": {"le", "la", "les", "et", "des", "est", "une", "dans", "que", "pour", "pas", "qui", "sur", "du", "au"},
	"es": {"el", "los", "las", "y", "que", "del", "en", "por", "una", "para", "con", "se", "es", "su", "al"},
	"it": {"il", "che", "di", "e", "della", "per", "non", "sono", "una", "gli", "nel", "del", "con", "le", "è"},
	"pt": {"o", "os", "que", "do", "da", "em", "não", "uma", "para", "com", "dos", "no", "na", "é", "as"},
	"nl": {"de", "het", "een", "en", "van", "dat", "niet", "is", "op", "te", "voor", "met", "zijn", "ook", "maar"},
	"vi": {"và", "của", "là", "có", "không", "những", "được", "trong", "cho", "với", "người", "một", "các", "này", "đã"},
}

var stopwordIndex = func() map[string][]string {
	idx := map[string][]string{}
	for lang, words := range stopwords {
		for _, w := range words {
			idx[w] = append(idx[w], lang)
		}
	}
	return idx
}()

// scriptLangs name the language of a text written mostly in one script that
// the archive uses for one language only.
var scriptLangs = []struct {
	table *unicode.RangeTable
	lang  string
}{
	{unicode.Cyrillic, "ru"}, {unicode.Greek, "el"}, {unicode.Hebrew, "he"}, {unicode.Arabic, "ar"},
	{unicode.Hangul, "ko"}, {unicode.Thai, "th"}, {unicode.Devanagari, "hi"},
}

// ValidLang reports whether tag has the shape of a BCP 47 language tag, as
// an article's Lang must.
func ValidLang(tag string) bool { return langPattern.MatchString(tag) }

// DetectLang guesses the language of a text that does not declare one (the
// site's plain-text archive does not): by its main script (Cyrillic: Russian,
// Greek, Hebrew, Arabic, Hangul: Korean, Thai, Devanagari: Hindi; Han with
// kana: Japanese, Han alone: Chinese), and for Latin-script text by the
// frequent words it uses most, when it clearly does. It returns "" when it
// cannot tell, and looks at most at the first 2,000 words.
func DetectLang(text string) string {
	var d langDetector
	d.add(text)
	return d.lang()
}

// maxLangWords is how many words the detector reads: plenty for a
// confident guess, and a bound on the work whatever the article's length.
const maxLangWords = 2000

// langDetector counts an article's words piece by piece (title, standfirst,
// paragraphs), so that the parsers need not join the whole text into one
// string first: that copy was the size of the article, for a guess that
// reads 2,000 words.
type langDetector struct {
	latin, han, kana int
	scripts          []int // by scriptLangs
	counts           map[string]int
	words            int
}

func isNotLetter(r rune) bool { return !unicode.IsLetter(r) }

// add reads the words of text; it reports false once it has read enough,
// so that the caller can stop feeding it.
func (d *langDetector) add(text string) bool {
	if d.counts == nil {
		d.counts, d.scripts = map[string]int{}, make([]int, len(scriptLangs))
	}
	for w := range strings.FieldsFuncSeq(text, isNotLetter) {
		if d.words >= maxLangWords {
			return false
		}
		d.words++
		for _, r := range w {
			switch {
			case r < 0x2E80: // below every Han, Hiragana and Katakana character
			case unicode.Is(unicode.Han, r):
				d.han++
			case unicode.In(r, unicode.Hiragana, unicode.Katakana):
				d.kana++
			}
		}
		r, _ := utf8.DecodeRuneInString(w)
		if r < utf8.RuneSelf || unicode.Is(unicode.Latin, r) { // words hold only letters: ASCII ones are Latin
			d.latin++
			for _, lang := range stopwordIndex[strings.ToLower(w)] {
				d.counts[lang]++
			}
			continue
		}
		for i, sl := range scriptLangs {
			if unicode.Is(sl.table, r) {
				d.scripts[i]++
			}
		}
	}
	return d.words < maxLangWords
}

// detectArticleLang guesses a's language from its title, standfirst and
// body, in that order, reading no further than the detector needs.
func detectArticleLang(a *Article) string {
	var d langDetector
	if d.add(a.Title) && d.add(a.Standfirst) {
		for _, b := range a.Body {
			if !d.add(b.Text()) {
				break
			}
		}
	}
	return d.lang()
}

func (d *langDetector) lang() string {
	latin, han, kana, scripts, counts := d.latin, d.han, d.kana, d.scripts, d.counts
	// Chinese and Japanese are written without spaces: count characters
	// against Latin words, generously.
	switch {
	case kana > 0 && (han+kana)/4 > latin:
		return "ja"
	case han > 0 && han/4 > latin:
		return "zh"
	}
	for i, n := range scripts {
		if n > latin && n > 0 {
			return scriptLangs[i].lang
		}
	}
	if latin == 0 {
		return ""
	}
	best, second := "", ""
	for _, lang := range []string{"en", "de", "fr", "es", "it", "pt", "nl", "vi"} {
		switch {
		case best == "" || counts[lang] > counts[best]:
			best, second = lang, best
		case second == "" || counts[lang] > counts[second]:
			second = lang
		}
	}
	// Clear means: stopwords are a fifteenth of the words or more, and the
	// winner has half again as many as the runner-up.
	if counts[best]*15 < latin || counts[best]*2 < counts[second]*3 {
		return ""
	}
	return best
}
