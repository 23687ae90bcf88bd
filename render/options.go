package render

import (
	"fmt"
	"strings"
	"time"
)

// ParseDate reads a calendar date as the API and the command line take
// them, 2017-01-04, for the option called name (named in the error).
func ParseDate(name, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %s %q is not a date like 2017-01-04", ErrOption, name, s)
	}
	return t, nil
}

// ParseDateRange reads an inclusive range of publication dates, from and
// to, as ParseDate does; an empty end leaves the range open on that side. A
// range that ends before it starts is an error, not an empty selection.
func ParseDateRange(from, to string) (start, end time.Time, err error) {
	if strings.TrimSpace(from) != "" {
		if start, err = ParseDate("from", from); err != nil {
			return time.Time{}, time.Time{}, err
		}
	}
	if strings.TrimSpace(to) != "" {
		if end, err = ParseDate("to", to); err != nil {
			return time.Time{}, time.Time{}, err
		}
	}
	if err := CheckDateRange(start, end); err != nil {
		return time.Time{}, time.Time{}, err
	}
	return start, end, nil
}

// CheckDateRange reports a range of publication dates that ends before it
// starts: an error, not an empty selection. A zero end leaves the range open
// on that side.
func CheckDateRange(start, end time.Time) error {
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		return fmt.Errorf("%w: from %s is after to %s, so the range holds no day; it runs from the first date to the last, both included",
			ErrOption, start.Format(time.DateOnly), end.Format(time.DateOnly))
	}
	return nil
}
