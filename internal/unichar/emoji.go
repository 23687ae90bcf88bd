package unichar

import "unicode"

//go:generate go run genemoji.go

// Emoji reports whether a grapheme cluster is to be shown as an emoji
// (emoji presentation, UTS #51 §4) rather than as text, whatever face is
// then found for it:
//
//   - a character followed by U+FE0E (text presentation selector) is text,
//     whatever follows;
//   - anything with U+FE0F (emoji presentation selector) is an emoji: "☺️",
//     "❤️", keycaps ("1️⃣", base FE0F 20E3) and most ZWJ sequences;
//   - a cluster whose first character has Emoji_Presentation=Yes is an
//     emoji: "😀", flags (pairs of regional indicators), tag sequences
//     ("🏴󠁧󠁢󠁥󠁮󠁧󠁿", whose black flag is an emoji by default);
//   - an emoji modifier sequence (an Emoji_Modifier_Base followed by a
//     skin tone, "☝🏽") is an emoji though its base is text by default;
//   - a ZWJ sequence is an emoji when a pictograph follows a joiner;
//   - everything else is text: "☺", "❤", "©", "™" and the digits, which
//     Unicode shows as text by default (Emoji_Presentation=No).
//
// The properties come from Unicode's emoji-data.txt through a generated
// table (emoji_tables.go, genemoji.go), which a test compares with the file
// when it is installed.
func Emoji(cluster []rune) bool {
	if len(cluster) == 0 {
		return false
	}
	first := cluster[0]
	if len(cluster) == 1 {
		// Nearly every cluster of running text: one character, which is an
		// emoji only by default, and none is below U+231A (⌚).
		return first >= 0x231A && unicode.Is(emojiPresentation, first)
	}
	if cluster[1] == textSelector {
		return false
	}
	if unicode.Is(emojiPresentation, first) {
		return true
	}
	for i, r := range cluster[1:] {
		switch {
		case r == emojiSelector:
			return true
		case i == 0 && isSkinTone(r) && unicode.Is(emojiModifierBase, first):
			return true
		case r == zwj && i+2 < len(cluster) && unicode.Is(extendedPictographic, cluster[i+2]):
			return true
		}
	}
	return false
}

const (
	textSelector  = '\uFE0E'
	emojiSelector = '\uFE0F'
	zwj           = '\u200D'
)

// isSkinTone reports the emoji modifiers, U+1F3FB to U+1F3FF (Fitzpatrick
// types 1-2 to 6): a fixed range, UTS #51 ED-4.
func isSkinTone(r rune) bool { return r >= 0x1F3FB && r <= 0x1F3FF }
