package unichar

import (
	"testing"
	"unicode"
)

// TestInvisibleIsUnicodes checks Invisible against the property's definition
// in DerivedCoreProperties.txt, for every code point: the fast paths must
// not change the answer.
func TestInvisibleIsUnicodes(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Variation_Selector, r) ||
			(unicode.Is(unicode.Cf, r) && formatIgnorable(r))
		if got := Invisible(r); got != want {
			t.Errorf("Invisible(%U) = %v, want %v", r, got, want)
		}
	}
}

func TestSymbol(t *testing.T) {
	for _, r := range "⤵→€¥^+°©🙂🂡" {
		if !Symbol(r) {
			t.Errorf("%q is a symbol", r)
		}
	}
	for _, r := range "aЖ漢.,-(\u0301" {
		if Symbol(r) {
			t.Errorf("%q is not a symbol", r)
		}
	}
}
