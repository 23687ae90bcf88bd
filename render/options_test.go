package render

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	got, err := ParseDate("from", " 2024-02-29 ")
	if err != nil || !got.Equal(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("2024-02-29: %v, %v", got, err)
	}
	for _, bad := range []string{"", "2023-02-29", "2024-13-01", "04/01/2017", "4 January 2017", "2017-01-04T00:00:00Z", "2017-1-4"} {
		_, err := ParseDate("from", bad)
		if !errors.Is(err, ErrOption) || !strings.Contains(err.Error(), "from") || !strings.Contains(err.Error(), "2017-01-04") {
			t.Errorf("%q: error %v, want ErrOption naming the option and an example", bad, err)
		}
	}
}

func TestParseDateRange(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, c := range []struct{ from, to string }{{"", ""}, {"2024-01-01", ""}, {"", "2024-01-01"}, {"2024-01-01", "2024-01-01"}, {"2024-01-01", "2024-12-31"}} {
		start, end, err := ParseDateRange(c.from, c.to)
		if err != nil {
			t.Errorf("%q..%q: %v", c.from, c.to, err)
			continue
		}
		if (c.from == "" && !start.IsZero()) || (c.from != "" && !start.Equal(day(c.from))) || (c.to == "" && !end.IsZero()) || (c.to != "" && !end.Equal(day(c.to))) {
			t.Errorf("%q..%q: got %v..%v", c.from, c.to, start, end)
		}
	}
	for _, c := range []struct{ from, to, want string }{
		{"2024-12-31", "2024-01-01", "after"},
		{"2024-13-01", "", "from"},
		{"", "next week", "to"},
	} {
		if _, _, err := ParseDateRange(c.from, c.to); !errors.Is(err, ErrOption) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q..%q: error %v, want ErrOption mentioning %q", c.from, c.to, err, c.want)
		}
	}
}
