package fpdf

import (
	"encoding/hex"
	"testing"
)

// Text strings (the document information, outline titles) are UTF-16BE: a
// character beyond the BMP is a surrogate pair, and bytes that are not
// UTF-8 are U+FFFD, not a panic.
func TestUTF8ToUTF16(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"A", "feff0041"},
		{"é€", "feff00e920ac"},
		{"🎉", "feffd83cdf89"},
		{"a\xe2\x82", "feff0061fffdfffd"}, // one for each byte, as Go ranges over them
		{"", "feff"},
	} {
		if got := hex.EncodeToString([]byte(utf8toutf16(c.in))); got != c.want {
			t.Errorf("utf8toutf16(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
