package fpdf

import (
	"encoding/json"
	"testing"
)

func testFontDef() fontDefType {
	cw := make([]int, 65536)
	for i := range cw {
		cw[i] = 500 + i%7
	}
	return fontDefType{Tp: "UTF8", Name: "Face", Desc: FontDescType{Ascent: 900, Descent: -200, CapHeight: 700,
		FontBBox: fontBoxType{-100, -200, 1000, 900}, ItalicAngle: -12, StemV: 80, MissingWidth: 500},
		Up: -100, Ut: 50, Cw: cw, Enc: "cp1252", OriginalSize: 1234, N: 3}
}

// The ID names a font definition: equal definitions get equal IDs (whatever
// their file), and a change to any field gives another.
func TestGenerateFontID(t *testing.T) {
	id := func(d fontDefType) string {
		s, err := generateFontID(d)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := id(testFontDef())
	other := testFontDef()
	other.File = "elsewhere.z"
	if id(other) != base {
		t.Error("the file name changes the ID")
	}
	for name, edit := range map[string]func(*fontDefType){
		"Tp":          func(d *fontDefType) { d.Tp = "TrueType" },
		"Name":        func(d *fontDefType) { d.Name = "Face2" },
		"Ascent":      func(d *fontDefType) { d.Desc.Ascent++ },
		"FontBBox":    func(d *fontDefType) { d.Desc.FontBBox.Ymax++ },
		"ItalicAngle": func(d *fontDefType) { d.Desc.ItalicAngle = 0 },
		"Up":          func(d *fontDefType) { d.Up++ },
		"a width":     func(d *fontDefType) { d.Cw[40000]++ },
		"widths' len": func(d *fontDefType) { d.Cw = d.Cw[:100] },
		"Enc":         func(d *fontDefType) { d.Enc = "cp1250" },
		"Diff":        func(d *fontDefType) { d.Diff = "1 /a" },
		"Size1":       func(d *fontDefType) { d.Size1++ },
		"N":           func(d *fontDefType) { d.N++ },
		// Strings with their lengths: moving a letter from one to the next
		// is a change.
		"string edges": func(d *fontDefType) { d.Tp, d.Name = "UTF8F", "ace" },
	} {
		d := testFontDef()
		edit(&d)
		if id(d) == base {
			t.Errorf("changing %s leaves the ID as it was", name)
		}
	}
}

// BenchmarkGenerateFontID is the ID of a UTF-8 font's definition: its
// 65,536-entry width table hashed in binary, against the JSON encoding that
// the ID was once the hash of.
func BenchmarkGenerateFontID(b *testing.B) {
	d := testFontDef()
	b.Run("binary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			generateFontID(d)
		}
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			json.Marshal(&d)
		}
	})
}
