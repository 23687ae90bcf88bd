package pdfcheck

import (
	"reflect"
	"testing"
)

func TestToUnicodeCMap(t *testing.T) {
	m, err := parseCMap([]byte(`begincmap
2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
3 beginbfchar
<41> <0042>
<8001> <D83DDE00>
<42> <00660069>
endbfchar
3 beginbfrange
<8010> <8012> <0061>
<80FE> <8101> <00FE>
<60> <61> [<0031> <00320033>]
endbfrange
1 begincidrange <8000> <80FF> 100 endcidrange
1 begincidchar <7F> 7 endcidchar
endcmap`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"A": "B", "\x80\x01": "😀", "B": "fi", // bfchar; a surrogate pair; a ligature's two characters
		"\x80\x10": "a", "\x80\x11": "b", "\x80\x12": "c", // bfrange with a start value
		"\x80\xfe": "þ", "\x80\xff": "ÿ", "\x81\x00": "Ā", "\x81\x01": "ā", // the increment carries past FF
		"`": "1", "a": "23", // bfrange with an array
	}
	if !reflect.DeepEqual(m.uni, want) {
		t.Errorf("unicode map %q, want %q", m.uni, want)
	}
	if m.cids["\x80\x05"] != 105 || m.cids["\x7f"] != 7 {
		t.Errorf("cids %v", m.cids)
	}
	// One- and two-byte codes mixed, by the codespace ranges; a byte in no
	// range is a one-byte code.
	got := m.split([]byte("A\x80\x01B\x00\x7f"))
	wantCodes := [][]byte{[]byte("A"), []byte("\x80\x01"), []byte("B"), {0}, {0x7f}}
	if !reflect.DeepEqual(got, wantCodes) {
		t.Errorf("split %q, want %q", got, wantCodes)
	}
}

func TestUTF16(t *testing.T) {
	for in, want := range map[string]string{
		"\x00A\x00B":           "AB",
		"\xd8\x3d\xde\x00":     "😀",
		"\xd8\x3d\x00A":        "\uFFFDA", // a high surrogate alone
		"\x00A\x00":            "A",       // an odd last byte
		"\xfe\xff":             "\uFEFF",
		"\x00\x00":             "\x00",
		"\x03\x01\x00\x65":     "\u0301e",
		"\xdb\xff\xdf\xff\x00": "\U0010FFFF",
	} {
		if got := utf16BE([]byte(in)); got != want {
			t.Errorf("utf16BE(%q) = %q, want %q", in, got, want)
		}
	}
}

// A range too large to be a real ToUnicode range is ignored rather than
// expanded into millions of entries.
func TestHugeRangeIsIgnored(t *testing.T) {
	m, err := parseCMap([]byte("1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.uni) != 0 {
		t.Errorf("%d entries from a 4-byte range", len(m.uni))
	}
}

func FuzzCMap(f *testing.F) {
	f.Add([]byte("2 beginbfchar <0001> <0020> <0015> <D83DDE00> endbfchar"))
	f.Add([]byte("1 beginbfrange <0000> <00FF> [<0041>] endbfrange 1 begincodespacerange <00> <FF> endcodespacerange"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, _ := parseCMap(b)
		if m == nil {
			t.Fatal("nil CMap")
		}
		codes := m.split(b)
		n := 0
		for _, c := range codes {
			if len(c) == 0 {
				t.Fatal("an empty code")
			}
			n += len(c)
		}
		if n != len(b) {
			t.Fatalf("split lost bytes: %d of %d", n, len(b))
		}
	})
}
