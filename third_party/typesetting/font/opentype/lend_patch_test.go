package opentype

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// lender is a Resource over bytes in memory that lends them (patch 5).
type lender struct {
	*bytes.Reader
	b []byte
}

func (l lender) Bytes() []byte { return l.b }

// tinyFont is a font file of two tables, for the loader alone.
func tinyFont() []byte {
	tables := []struct {
		tag  string
		data []byte
	}{{"abcd", []byte("first table.")}, {"wxyz", []byte("second")}}
	var b []byte
	b = binary.BigEndian.AppendUint32(b, 0x00010000)
	b = binary.BigEndian.AppendUint16(b, uint16(len(tables)))
	b = append(b, 0, 0, 0, 0, 0, 0)
	off := 12 + 16*len(tables)
	for _, t := range tables {
		b = append(b, t.tag...)
		b = binary.BigEndian.AppendUint32(b, 0)
		b = binary.BigEndian.AppendUint32(b, uint32(off))
		b = binary.BigEndian.AppendUint32(b, uint32(len(t.data)))
		off += len(t.data)
	}
	for _, t := range tables {
		b = append(b, t.data...)
	}
	return b
}

// A table read from a lender is a slice of its bytes, capped to the
// table, even when a buffer is given; from any other Resource, a copy.
func TestRawTableLends(t *testing.T) {
	data := tinyFont()
	ld, err := NewLoader(lender{bytes.NewReader(data), data})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ld.RawTable(MustNewTag("wxyz"))
	if err != nil || string(got) != "second" {
		t.Fatalf("RawTable = %q, %v", got, err)
	}
	if &got[0] != &data[len(data)-len("second")] || cap(got) != len(got) {
		t.Error("the table is not a capped slice of the lent bytes")
	}
	// A lent table passed back as the buffer for the next table must not
	// be written into: the file is the lender's.
	before := append([]byte(nil), data...)
	first, err := ld.RawTableTo(MustNewTag("abcd"), got)
	if err != nil || string(first) != "first table." || &first[0] != &data[12+32] {
		t.Errorf("RawTableTo a lent buffer = %q, %v: not lent", first, err)
	}
	if !bytes.Equal(data, before) {
		t.Errorf("the lent file was written into: %q", data)
	}
	plain, err := NewLoader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := plain.RawTable(MustNewTag("wxyz"))
	if string(other) != "second" || &other[0] == &data[len(data)-len("second")] {
		t.Errorf("a plain reader's table %q is not a copy", other)
	}
}
