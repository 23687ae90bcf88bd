package article

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// monthNames maps lower-cased month names and abbreviations, in the languages the
// archive is written in, to months. Russian and Greek dates use the genitive
// ("4 января", "4 Ιανουαρίου"); both cases are listed. Accents are kept: the
// lookup lower-cases but does not fold.
var monthNames = map[string]time.Month{}

func init() {
	lists := [][]string{
		// English
		{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"},
		{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
		// French
		{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		// German
		{"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"},
		// Spanish
		{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		// Italian
		{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
		// Portuguese
		{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		// Dutch
		{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
		// Russian, genitive then nominative
		{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
		{"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"},
		// Greek, genitive then nominative
		{"ιανουαρίου", "φεβρουαρίου", "μαρτίου", "απριλίου", "μαΐου", "ιουνίου", "ιουλίου", "αυγούστου", "σεπτεμβρίου", "οκτωβρίου", "νοεμβρίου", "δεκεμβρίου"},
		{"ιανουάριος", "φεβρουάριος", "μάρτιος", "απρίλιος", "μάιος", "ιούνιος", "ιούλιος", "αύγουστος", "σεπτέμβριος", "οκτώβριος", "νοέμβριος", "δεκέμβριος"},
		// Hebrew (also with the prefix ב, "in": "12 במרץ 2024")
		{"ינואר", "פברואר", "מרץ", "אפריל", "מאי", "יוני", "יולי", "אוגוסט", "ספטמבר", "אוקטובר", "נובמבר", "דצמבר"},
		{"בינואר", "בפברואר", "במרץ", "באפריל", "במאי", "ביוני", "ביולי", "באוגוסט", "בספטמבר", "באוקטובר", "בנובמבר", "בדצמבר"},
		// Arabic (the Gregorian names used in most of the Arab world)
		{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
	}
	for _, l := range lists {
		for i, name := range l {
			monthNames[name] = time.Month(i + 1)
		}
	}
	monthNames["sept"] = time.September
}

// dateFillers are words that may stand in a written date without carrying the
// day, month or year: "4 de enero de 2017", "ngày 4 tháng 1 năm 2017",
// "Wednesday, 4 January 2017".
var dateFillers = map[string]bool{
	"de": true, "del": true, "of": true, "the": true, "г": true, "года": true,
	"ngày": true, "năm": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true,
}

var eastAsianDate = regexp.MustCompile(`^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]$`)

// ParseDate recognises a line that is nothing but a date, written as the site
// writes it ("4 January 2017"), in ISO form ("2017-01-04"), or in the usual
// written forms of the archive's languages. It returns false for any line with
// words that are not part of a date, so a title such as "May 2017 be better"
// is not mistaken for one.
func ParseDate(line string) (time.Time, bool) {
	line = strings.TrimSpace(line)
	if len(line) > 60 {
		return time.Time{}, false
	}
	if t, err := time.Parse("2006-01-02", line); err == nil {
		return t, true
	}
	// Chinese and Japanese "2024年3月12日", Korean "2024년 3월 12일".
	if m := eastAsianDate.FindStringSubmatch(line); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		return t, mo >= 1 && mo <= 12 && t.Day() == d
	}
	var day, year int
	var month time.Month
	tokens := strings.FieldsFunc(strings.ToLower(line), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i := 0; i < len(tokens); i++ {
		tok := tokens[i]
		if n, err := strconv.Atoi(tok); err == nil {
			switch {
			case len(tok) == 4 && year == 0:
				year = n
			case len(tok) <= 2 && n >= 1 && n <= 31 && day == 0:
				day = n
			default:
				return time.Time{}, false
			}
			continue
		}
		// Vietnamese: "tháng 3" names the month by number.
		if tok == "tháng" && i+1 < len(tokens) && month == 0 {
			n, err := strconv.Atoi(tokens[i+1])
			if err != nil || n < 1 || n > 12 {
				return time.Time{}, false
			}
			month = time.Month(n)
			i++
			continue
		}
		if m, ok := monthNames[tok]; ok && month == 0 {
			month = m
			continue
		}
		if !dateFillers[tok] {
			return time.Time{}, false
		}
	}
	if day == 0 || month == 0 || year == 0 {
		return time.Time{}, false
	}
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day { // 31 February and the like
		return time.Time{}, false
	}
	return t, true
}

// datePatterns say how each language writes a date; the month comes from the
// first list of monthNames for that language (genitive where the language
// needs it). Vietnamese names the month by number.
var datePatterns = map[string]struct {
	months []string
	format func(day int, month string, year int) string
}{
	"en": {nil, func(d int, m string, y int) string { return fmt.Sprintf("%d %s %d", d, m, y) }},
	"fr": {[]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		func(d int, m string, y int) string { return fmt.Sprintf("%d %s %d", d, m, y) }},
	"de": {[]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		func(d int, m string, y int) string { return fmt.Sprintf("%d. %s %d", d, m, y) }},
	"es": {[]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		func(d int, m string, y int) string { return fmt.Sprintf("%d de %s de %d", d, m, y) }},
	"it": {[]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
		func(d int, m string, y int) string { return fmt.Sprintf("%d %s %d", d, m, y) }},
	"pt": {[]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		func(d int, m string, y int) string { return fmt.Sprintf("%d de %s de %d", d, m, y) }},
	"nl": {[]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
		func(d int, m string, y int) string { return fmt.Sprintf("%d %s %d", d, m, y) }},
	"ru": {[]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
		func(d int, m string, y int) string { return fmt.Sprintf("%d %s %d", d, m, y) }},
	"el": {[]string{"Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"},
		func(d int, m string, y int) string { return fmt.Sprintf("%d %s %d", d, m, y) }},
	"vi": {nil, func(d int, m string, y int) string { return fmt.Sprintf("ngày %d tháng %s năm %d", d, m, y) }},
	"ja": {nil, func(d int, m string, y int) string { return fmt.Sprintf("%d年%s月%d日", y, m, d) }},
	"zh": {nil, func(d int, m string, y int) string { return fmt.Sprintf("%d年%s月%d日", y, m, d) }},
	"ko": {nil, func(d int, m string, y int) string { return fmt.Sprintf("%d년 %s월 %d일", y, m, d) }},
	"he": {[]string{"בינואר", "בפברואר", "במרץ", "באפריל", "במאי", "ביוני", "ביולי", "באוגוסט", "בספטמבר", "באוקטובר", "בנובמבר", "בדצמבר"},
		func(d int, m string, y int) string { return fmt.Sprintf("%d %s %d", d, m, y) }},
	"ar": {[]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
		func(d int, m string, y int) string { return fmt.Sprintf("%d %s %d", d, m, y) }},
}

// FormatDate writes t the way the article's language writes a date, in the
// site's style for English ("4 January 2017"), which is also the fallback.
func FormatDate(t time.Time, lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	p, ok := datePatterns[base]
	if !ok {
		p = datePatterns["en"]
	}
	month := t.Month().String()
	switch {
	case p.months != nil:
		month = p.months[t.Month()-1]
	case base == "vi" || base == "ja" || base == "zh" || base == "ko":
		month = strconv.Itoa(int(t.Month()))
	}
	return p.format(t.Day(), month, t.Year())
}
