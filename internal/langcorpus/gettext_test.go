package langcorpus

import (
	"encoding/binary"
	"slices"
	"testing"
)

// mo builds a little-endian gettext catalog of the given originals and
// translations, as msgfmt lays one out (without the hash table, which
// readers need not use).
func mo(originals, translations []string) []byte {
	n := len(originals)
	le := binary.LittleEndian
	head := make([]byte, 28+16*n)
	le.PutUint32(head, 0x950412de)
	le.PutUint32(head[8:], uint32(n))
	le.PutUint32(head[12:], 28)
	le.PutUint32(head[16:], uint32(28+8*n))
	data := head
	put := func(table, i int, s string) {
		le.PutUint32(data[table+8*i:], uint32(len(s)))
		le.PutUint32(data[table+8*i+4:], uint32(len(data)))
		data = append(data, s...)
		data = append(data, 0)
	}
	for i := range n {
		put(28, i, originals[i])
	}
	for i := range n {
		put(28+8*n, i, translations[i])
	}
	return data
}

func TestCatalogStrings(t *testing.T) {
	b := mo([]string{"", "Yes", "%s files", "apple\x00apples", "Done."},
		[]string{"Project-Id-Version: x\nLanguage: th\n", "ใช่", "แฟ้ม %s", "แอปเปิล\x00แอปเปิลหลายผล", "เสร็จ  แล้ว\n"})
	got, err := catalogStrings(b)
	if err != nil {
		t.Fatal(err)
	}
	// The header and the format go; a plural keeps its first form; white
	// space becomes single spaces.
	if want := []string{"ใช่", "แอปเปิล", "เสร็จ แล้ว"}; !slices.Equal(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
	if _, err := catalogStrings(b[:40]); err == nil {
		t.Error("a truncated catalog read without an error")
	}
	if _, err := catalogStrings([]byte("not a catalog at all, not at all")); err == nil {
		t.Error("a text read as a catalog")
	}
}

// FuzzCatalogStrings: any bytes give strings or an error, never a panic.
func FuzzCatalogStrings(f *testing.F) {
	f.Add(mo([]string{"a"}, []string{"ก"}))
	f.Add([]byte{0xde, 0x12, 0x04, 0x95})
	f.Fuzz(func(t *testing.T, b []byte) {
		catalogStrings(b)
	})
}
