package main

import (
	"slices"
	"strings"
	"testing"
)

func TestDdmin(t *testing.T) {
	// The failure needs both "b" and "x", wherever they are.
	items := strings.Split("a b c x d e f", " ")
	tries := 0
	got := ddmin(items, func(c []string) bool {
		tries++
		return slices.Contains(c, "b") && slices.Contains(c, "x")
	})
	if strings.Join(got, " ") != "b x" {
		t.Errorf("ddmin = %q after %d tries", got, tries)
	}
	if got := ddmin([]int{1}, func([]int) bool { return true }); len(got) != 1 {
		t.Errorf("a single item is minimal: %v", got)
	}
}

func TestWordsAndChars(t *testing.T) {
	for _, s := range []string{"one two  three", "é\u200b x"} {
		if strings.Join(words(s), "") != s || strings.Join(chars(s), "") != s {
			t.Errorf("%q does not split and join back", s)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		item any
		want string
	}{
		{"p", "p"},
		{map[string]any{"type": "heading", "text": "h"}, "h"},
		{map[string]any{"runs": []any{map[string]any{"text": "a "}, map[string]any{"text": "b", "bold": true}}}, "a b"},
		{map[string]any{"type": "list", "items": []any{"x", map[string]any{"runs": []any{map[string]any{"text": "y"}}}}}, "x y"},
	}
	for _, tt := range tests {
		if got := plainText(tt.item); got != tt.want {
			t.Errorf("plainText(%v) = %v, want %q", tt.item, got, tt.want)
		}
	}
}

func TestEscapeInvisible(t *testing.T) {
	got := escapeInvisible("{\"a\":\"x\u200by\u00ad\U000E0041\u00a0é\"}")
	want := `{"a":"x\u200by\u00ad\udb40\udc41\u00a0é"}`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
