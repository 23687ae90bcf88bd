package fonts

import (
	"os"
	"testing"
)

func TestFacesCoverTheirScripts(t *testing.T) {
	samples := map[string]string{
		"Latin":      "The quick brown fox — “quoted” ‘single’ … café, naïve, Straße, Łódź, ©",
		"Vietnamese": "Đồng bằng sông Cửu Long chạy đua với nước mặn",
		"Greek":      "Η Αθήνα ξανασκέφτεται κάθε σταγόνα νερού",
		"Cyrillic":   "Новосибирск — наукоград «Академгородок» ёЁ",
		"Spaces":     "\u00a0\u202f\u2009",
	}
	for _, f := range Faces()[:Hebrew] { // the text faces
		m := f.Metrics()
		if m.UnitsPerEm <= 0 || m.Ascent <= 0 || m.Descent <= 0 {
			t.Errorf("%s: metrics %+v", f, m)
		}
		for script, s := range samples {
			for _, r := range s {
				if r != ' ' && !m.Has(r) {
					t.Errorf("%s has no glyph for %q (%U, %s)", f, r, r, script)
				}
			}
		}
		if !m.Has(Replacement) || m.Advance(Replacement) == 0 {
			t.Errorf("%s cannot draw the replacement character", f)
		}
		if m.Advance(' ') == 0 || m.Advance('m') <= m.Advance('i') {
			t.Errorf("%s: implausible advances: space %d, m %d, i %d", f, m.Advance(' '), m.Advance('m'), m.Advance('i'))
		}
	}
}

func TestFallbackChain(t *testing.T) {
	for _, c := range []struct {
		text string
		want Face
	}{
		{"Αθήνα Москва Hà Nội", Serif},
		{"ירושלים", Hebrew},
		{"ﺍﻟﻘﺎﻫﺮﺓ", Arabic}, // presentation forms, as layout shapes Arabic
		{"नमस्ते", Devanagari},
		{"กรุงเทพ", Thai},
		{"東京こんにちは北京「」、。", umingCN}, // Chinese forms, outside a CJK language
		{"서울", Korean},
		{"☕✈", Symbols},
		{"▶", Symbols}, // symbols go to the symbol faces before the East Asian ones
		{"↑∑≠∞", DejaVu},
	} {
		for _, r := range c.text {
			if r == ' ' {
				continue
			}
			got, ok := For(Serif, r)
			if !ok || got != c.want {
				t.Errorf("For(Serif, %q) = %s, %v; want %s", r, got, ok, c.want)
			}
		}
	}
	for _, r := range "∑≠∞→⇒€¥" {
		if _, ok := For(Serif, r); !ok {
			t.Errorf("no face draws %q", r)
		}
	}
	for _, r := range []rune{'🙂', 0x2000B, 0x10FFFF} {
		if f, ok := For(Serif, r); ok {
			t.Errorf("For(Serif, %U) = %s: nothing beyond the BMP may be drawn", r, f)
		}
	}
	if f, ok := For(SansBold, 'a'); !ok || f != SansBold {
		t.Errorf("a face that has the character is kept: got %s", f)
	}
}

func TestBeyondBMPIsNeverCovered(t *testing.T) {
	m := Serif.Metrics()
	for _, r := range []rune{'🙂', 0x1F600, 0x20000, 0x10FFFF, -1, 0x110000} {
		if m.Has(r) || m.Advance(r) != 0 {
			t.Errorf("%U reported as drawable", r)
		}
	}
	if m.Has('漢') {
		t.Error("the serif claims a CJK glyph it does not have")
	}
}

func TestFaceNamesAndLicence(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Faces() {
		if seen[f.String()] || len(f.Data()) < 1000 {
			t.Errorf("%s: duplicate name or missing data", f)
		}
		seen[f.String()] = true
	}
	if s := Face(200).String(); s != "Face(200)" {
		t.Errorf("out-of-range face prints as %q", s)
	}
	for _, lic := range []string{"noto/OFL.txt", "droid/LICENSE.txt", "nanum/LICENSE.txt", "dejavu/LICENSE.txt", "emoji/LICENSE.txt"} {
		if _, err := os.Stat(lic); err != nil {
			t.Errorf("the fonts' licences must be kept beside them: %v", err)
		}
	}
}

func BenchmarkMetricsParse(b *testing.B) {
	data := Serif.Data()
	for b.Loop() {
		if _, err := parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
