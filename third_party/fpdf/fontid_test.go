package fpdf

import (
	"encoding/json"
	"reflect"
	"strings"
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
	// Every exported field, found by reflection, changes the ID; a field
	// added to the definition and left out of the hash fails here.
	n := 0
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		for i := range v.NumField() {
			f, name := v.Field(i), path+v.Type().Field(i).Name
			if !v.Type().Field(i).IsExported() || name == "File" {
				continue
			}
			if f.Kind() == reflect.Struct {
				walk(name+".", f)
				continue
			}
			d := testFontDef()
			target := reflect.ValueOf(&d).Elem().FieldByIndex(fieldIndex(reflect.TypeOf(d), name))
			switch target.Kind() {
			case reflect.Int:
				target.SetInt(target.Int() + 1)
			case reflect.String:
				target.SetString(target.String() + "x")
			case reflect.Slice:
				target.Index(40000).SetInt(target.Index(40000).Int() + 1)
			default:
				t.Fatalf("field %s: teach the test (and the hash) about %s", name, target.Kind())
			}
			n++
			if id(d) == base {
				t.Errorf("changing %s leaves the ID as it was", name)
			}
		}
	}
	walk("", reflect.ValueOf(testFontDef()))
	if n < 20 {
		t.Errorf("only %d fields checked", n)
	}
	// Strings are hashed with their lengths: moving a letter from one to
	// the next is a change.
	d := testFontDef()
	d.Tp, d.Name = "UTF8F", "ace"
	if id(d) == base {
		t.Error("moving a letter from Name to Tp leaves the ID as it was")
	}
}

// fieldIndex finds a field by its dotted path ("Desc.FontBBox.Xmin").
func fieldIndex(t reflect.Type, path string) []int {
	var index []int
	for _, name := range strings.Split(path, ".") {
		f, _ := t.FieldByName(name)
		index = append(index, f.Index...)
		t = f.Type
	}
	return index
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
