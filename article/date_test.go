package article

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		// English, the site's style and variants.
		{"4 January 2017", date(2017, time.January, 4)},
		{"04 January 2017", date(2017, time.January, 4)},
		{"  4 January 2017\u00a0 ", date(2017, time.January, 4)},
		{"4 JANUARY 2017", date(2017, time.January, 4)},
		{"January 4, 2017", date(2017, time.January, 4)},
		{"Wednesday, 4 January 2017", date(2017, time.January, 4)},
		{"4 Jan 2017", date(2017, time.January, 4)},
		{"4 Jan. 2017", date(2017, time.January, 4)},
		{"4 Sept 2017", date(2017, time.September, 4)},
		{"the 4th of January 2017", time.Time{}}, // "4th" is not a number: not a date
		{"29 February 2024", date(2024, time.February, 29)},
		{"31 December 1999", date(1999, time.December, 31)},
		{"1 May 2017", date(2017, time.May, 1)},
		// ISO.
		{"2019-03-12", date(2019, time.March, 12)},
		{" 2019-03-12 ", date(2019, time.March, 12)},
		// Other languages.
		{"12 mars 2019", date(2019, time.March, 12)},
		{"3 février 2024", date(2024, time.February, 3)},
		{"15 août 2019", date(2019, time.August, 15)},
		{"12. März 2019", date(2019, time.March, 12)},
		{"1. Dezember 2019", date(2019, time.December, 1)},
		{"12 марта 2019", date(2019, time.March, 12)},
		{"12 марта 2019 г.", date(2019, time.March, 12)},
		{"12 марта 2019 года", date(2019, time.March, 12)},
		{"12 Март 2019", date(2019, time.March, 12)},
		{"12 Μαρτίου 2019", date(2019, time.March, 12)},
		{"12 Μαΐου 2019", date(2019, time.May, 12)},
		{"12 Μάρτιος 2019", date(2019, time.March, 12)},
		{"ngày 12 tháng 3 năm 2019", date(2019, time.March, 12)},
		{"ngày 5 tháng 12 năm 2024", date(2024, time.December, 5)},
		{"12 de marzo de 2019", date(2019, time.March, 12)},
		{"12 marzo 2019", date(2019, time.March, 12)},
		{"12 de março de 2019", date(2019, time.March, 12)},
		{"12 maart 2019", date(2019, time.March, 12)},
		{"12 mei 2019", date(2019, time.May, 12)},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		wantOK := !tt.want.IsZero()
		if ok != wantOK || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, wantOK)
			continue
		}
		if ok && got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) location = %v, want UTC", tt.in, got.Location())
		}
	}
}

func TestParseDateInvalid(t *testing.T) {
	tests := []string{
		"",
		"   ",
		"2019",
		"January",
		"4 January",
		"January 2017",
		"May 2017 be better",
		"31 February 2019",
		"29 February 2023",
		"31 April 2019",
		"0 January 2017",
		"32 January 2017",
		"4 January 17",
		"4 January 20170",
		"4 January 2017 2018",
		"4 5 January 2017",
		"4 January March 2017",
		"4 Janvary 2017",
		"4 January 2017 at noon",
		"Print Save as PDF +A A -A",
		"The illusions of Moscow-Tokyo rapprochement",
		"2019-02-30",
		"2019-13-01",
		"2019-3-12",
		"12/03/2019",
		"ngày 12 tháng 13 năm 2019",
		"ngày 12 tháng năm 2019",
		"tháng",
		// Longer than 60 bytes, though only date words.
		"Wednesday, the 4 of January of the 2017 of the the the the the the",
		"4 January 2017" + strings.Repeat(" ", 50) + "x",
		strings.Repeat("4 January 2017 ", 10),
	}
	for _, in := range tests {
		if got, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q) = %v, true; want false", in, got)
		}
	}
	// A date padded to more than 60 bytes is still a date once trimmed.
	padded := strings.Repeat(" ", 40) + "4 January 2017" + strings.Repeat("\t", 40)
	if got, ok := ParseDate(padded); !ok || !got.Equal(date(2017, time.January, 4)) {
		t.Errorf("ParseDate(%q) = %v, %v; want 2017-01-04, true", padded, got, ok)
	}
}

func TestFormatDate(t *testing.T) {
	jan4 := date(2017, time.January, 4)
	mar12 := date(2019, time.March, 12)
	may31 := date(2020, time.May, 31)
	tests := []struct {
		t    time.Time
		lang string
		want string
	}{
		{jan4, "en", "4 January 2017"},
		{jan4, "", "4 January 2017"},
		{jan4, "en-GB", "4 January 2017"},
		{jan4, "xx", "4 January 2017"},
		{jan4, "fr", "4 janvier 2017"},
		{mar12, "fr", "12 mars 2019"},
		{mar12, "FR-ca", "12 mars 2019"},
		{jan4, "de", "4. Januar 2017"},
		{mar12, "de", "12. März 2019"},
		{mar12, "es", "12 de marzo de 2019"},
		{mar12, "it", "12 marzo 2019"},
		{mar12, "pt", "12 de março de 2019"},
		{mar12, "nl", "12 maart 2019"},
		{mar12, "ru", "12 марта 2019"},
		{may31, "ru", "31 мая 2020"},
		{mar12, "el", "12 Μαρτίου 2019"},
		{may31, "el", "31 Μαΐου 2020"},
		{mar12, "vi", "ngày 12 tháng 3 năm 2019"},
		{date(2024, time.December, 5), "vi", "ngày 5 tháng 12 năm 2024"},
		// The time of day and the zone do not change the calendar date.
		{time.Date(2017, 1, 4, 23, 59, 0, 0, time.FixedZone("", -5*60*60)), "en", "4 January 2017"},
	}
	for _, tt := range tests {
		if got := FormatDate(tt.t, tt.lang); got != tt.want {
			t.Errorf("FormatDate(%v, %q) = %q, want %q", tt.t, tt.lang, got, tt.want)
		}
	}
}

// TestDateRoundTrip checks that every language's written date reads back as
// the same date, for every month (so every month name is covered).
func TestDateRoundTrip(t *testing.T) {
	langs := make([]string, 0, len(datePatterns))
	for l := range datePatterns {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	if len(langs) < 10 {
		t.Fatalf("datePatterns has %d languages %v; want at least 10", len(langs), langs)
	}
	var dates []time.Time
	for m := time.January; m <= time.December; m++ {
		dates = append(dates, date(2017, m, 1), date(2024, m, 28))
	}
	dates = append(dates,
		date(2017, time.January, 31), date(2024, time.February, 29), date(2000, time.April, 30),
		date(1999, time.December, 31), date(1000, time.June, 9), date(9999, time.September, 15))
	for _, lang := range langs {
		for _, variant := range []string{lang, strings.ToUpper(lang) + "-XX"} {
			for _, d := range dates {
				s := FormatDate(d, variant)
				got, ok := ParseDate(s)
				if !ok || !got.Equal(d) {
					t.Errorf("lang %q: FormatDate(%s) = %q; ParseDate of it = %v, %v; want %s, true",
						variant, d.Format("2006-01-02"), s, got, ok, d.Format("2006-01-02"))
				}
			}
		}
	}
}

func TestParseDateScripts(t *testing.T) {
	want := time.Date(2024, time.March, 12, 0, 0, 0, 0, time.UTC)
	for _, line := range []string{"2024年3月12日", "2024 年 3 月 12 日", "2024년 3월 12일", "12 במרץ 2024", "12 מרץ 2024", "12 مارس 2024"} {
		got, ok := ParseDate(line)
		if !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", line, got, ok, want)
		}
	}
	for _, line := range []string{"2024年13月12日", "2024年2月30日", "深夜の東京を走る"} {
		if _, ok := ParseDate(line); ok {
			t.Errorf("ParseDate(%q) accepted", line)
		}
	}
	for _, lang := range []string{"ja", "zh", "ko", "he", "ar"} {
		if got, ok := ParseDate(FormatDate(want, lang)); !ok || !got.Equal(want) {
			t.Errorf("%s: %q does not read back", lang, FormatDate(want, lang))
		}
	}
}
