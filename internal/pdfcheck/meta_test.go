package pdfcheck

import (
	"testing"
)

func TestDates(t *testing.T) {
	cases := []struct {
		pdf, xmp string
		same     bool
	}{
		{"D:20240102030405+01'00'", "2024-01-02T02:04:05Z", true},
		{"D:20240102030405+01'00", "2024-01-02T03:04:05+01:00", true},
		{"D:20240102030405Z", "2024-01-02T03:04:05.25Z", true},
		{"D:20240102030405-05'30'", "2024-01-02T08:34:05Z", true},
		{"D:20240102030405", "2024-01-02T03:04:05Z", true},       // no zone: clocks agree
		{"D:20240102030405+01'00'", "2024-01-02T03:04:05", true}, // no zone in XMP
		{"D:20240102", "2024-01-02", true},
		{"D:2024", "2024-01-01T00:00:00Z", true},
		{"D:20240102030405+01'00'", "2024-01-02T03:04:05Z", false},
		{"D:20240102030405", "2024-01-02T03:04:06Z", false},
	}
	for _, c := range cases {
		a, ok1 := parsePDFDate(c.pdf)
		b, ok2 := parseXMPDate(c.xmp)
		if !ok1 || !ok2 {
			t.Errorf("%q / %q do not parse: %v %v", c.pdf, c.xmp, ok1, ok2)
			continue
		}
		if got := sameInstant(a, b); got != c.same {
			t.Errorf("sameInstant(%q, %q) = %v", c.pdf, c.xmp, got)
		}
	}
	for _, bad := range []string{"yesterday", "D:20241302", "D:2024010203046"} {
		if _, ok := parsePDFDate(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestXMPProperties(t *testing.T) {
	x, err := parseXMP([]byte(xmpPacketText))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ ns, local, want string }{
		{nsDC, "title", "Water"},
		{nsDC, "description", "Rain"},
		{nsXMP, "CreateDate", "2024-01-02T02:04:05Z"},
		{nsPDF, "Producer", "pdfcheck"}, // an attribute of rdf:Description
		{nsPDF, "Keywords", "rain, water"},
		{nsPDFAID, "part", "2"},
		{nsPDFAID, "conformance", "U"},
		{nsPDFUAID, "part", "1"},
	} {
		if got, ok := x.simple(c.ns, c.local); !ok || got != c.want {
			t.Errorf("%s %s = %q %v, want %q", c.ns, c.local, got, ok, c.want)
		}
	}
	if p, _ := x.get(nsDC, "creator"); len(p.items) != 1 || p.items[0].value != "A Writer" {
		t.Errorf("dc:creator %+v", p)
	}
	if x.hasBytes || x.hasEncoding {
		t.Error("header attributes found where there are none")
	}
	if _, err := parseXMP([]byte("<x:xmpmeta xmlns:x='adobe:ns:meta/'>")); err == nil {
		t.Error("no error for XMP that does not close")
	}
}

func TestICCComponents(t *testing.T) {
	b := iccProfile()
	if n := iccComponents(b); n != 3 {
		t.Errorf("RGB profile: %d components", n)
	}
	copy(b[16:], "CMYK")
	if n := iccComponents(b); n != 4 {
		t.Errorf("CMYK profile: %d components", n)
	}
	if n := iccComponents([]byte("short")); n != 0 {
		t.Errorf("short profile: %d components", n)
	}
}

func TestTrueTypeGlyphCount(t *testing.T) {
	if n := trueTypeGlyphCount([]byte("not a font at all")); n != 0 {
		t.Errorf("%d glyphs in garbage", n)
	}
}
