package pdfcheck

import (
	"regexp"
	"strconv"
	"time"
)

// instant is a moment read from a PDF or XMP date. zoned is false when the
// date names no time zone, which both formats allow: such a date is a local
// time whose offset from UT is unknown.
type instant struct {
	t     time.Time
	zoned bool
}

var (
	pdfDate = regexp.MustCompile(`^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz])|([+-])(\d{2})'?(?:(\d{2})'?)?)?$`)
	xmpDate = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?)?)?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$`)
)

// parsePDFDate reads a PDF date string (ISO 32000-1 7.9.4): D:YYYYMMDDHHmmSSOHH'mm',
// every part after the year optional.
func parsePDFDate(s string) (instant, bool) {
	m := pdfDate.FindStringSubmatch(s)
	if m == nil {
		return instant{}, false
	}
	return dateFrom(m[1:7], m[7] != "", m[8], m[9], m[10])
}

// parseXMPDate reads an XMP date (ISO 8601 as XMP restricts it).
func parseXMPDate(s string) (instant, bool) {
	m := xmpDate.FindStringSubmatch(s)
	if m == nil {
		return instant{}, false
	}
	return dateFrom(m[1:7], m[7] != "", m[8], m[9], m[10])
}

func dateFrom(parts []string, utc bool, sign, hh, mm string) (instant, bool) {
	n := make([]int, 6)
	defaults := []int{0, 1, 1, 0, 0, 0}
	for i, p := range parts {
		n[i] = defaults[i]
		if p != "" {
			n[i], _ = strconv.Atoi(p)
		}
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 || n[3] > 23 || n[4] > 59 || n[5] > 59 {
		return instant{}, false
	}
	loc := time.UTC
	zoned := utc
	if sign != "" {
		h, _ := strconv.Atoi(hh)
		mi, _ := strconv.Atoi(mm)
		off := h*3600 + mi*60
		if sign == "-" {
			off = -off
		}
		loc = time.FixedZone("", off)
		zoned = true
	}
	return instant{time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, loc), zoned}, true
}

// sameInstant compares two dates as moments. When either names no zone its
// offset is unknown, and the two agree when their clock readings do: that is
// the most a reader can conclude, and what a writer that omits the zone means.
func sameInstant(a, b instant) bool {
	if a.zoned && b.zoned {
		return a.t.Equal(b.t)
	}
	ya, ma, da := a.t.Date()
	yb, mb, db := b.t.Date()
	return ya == yb && ma == mb && da == db &&
		a.t.Hour() == b.t.Hour() && a.t.Minute() == b.t.Minute() && a.t.Second() == b.t.Second()
}
