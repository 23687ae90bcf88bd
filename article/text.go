package article

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxStandfirstRunes is the longest second block that is still read as a
// standfirst rather than as the first paragraph of the body.
const MaxStandfirstRunes = 320

// chromeWords are the words of the site's toolbar line ("Print Save as PDF +A A -A")
// that the archive stores above every article. Minus signs vary between archives.
var chromeWords = map[string]bool{
	"print": true, "save": true, "as": true, "pdf": true,
	"+a": true, "a": true, "-a": true, "−a": true, "–a": true,
}

// ParseText parses an article in the site's archive plain-text format:
//
//	Print Save as PDF +A A -A        the toolbar chrome line (optional, dropped)
//	4 January 2017                   the date line (optional)
//	The title                        first block
//	The standfirst                   second block, if short and more blocks follow
//	Paragraphs…                      one block each
//	© Publisher - rights …           the rights line (optional, last line)
//
// Blocks are separated by blank lines; the lines of one block are joined with a
// space (hard-wrapped archives). A text without any blank line between blocks
// has one block per line. Every character inside a paragraph is kept as
// written; only the white space around paragraphs and line joins is dropped.
// A byte-order mark is ignored and CRLF or CR line endings are accepted.
func ParseText(data []byte) (*Article, error) {
	if err := checkRaw(data); err != nil { // before the BOM goes, so offsets are the input's
		return nil, err
	}
	// One copy of the text; lines and one-line blocks are slices of it. The
	// lines are walked in place rather than split into a slice, which for a
	// body of a million short lines was larger than the body itself.
	text := trimBlankLines(string(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	if text == "" {
		return nil, fmt.Errorf("%w: the text has no content, only white space", ErrEmpty)
	}

	a := &Article{}
	if first, rest := firstLine(text); isChrome(first) {
		text = trimBlankLines(rest)
	}
	if rest, last := lastLine(text); text != "" && isRights(last) {
		a.Rights = strings.TrimSpace(last)
		text = trimBlankLines(rest)
	}
	if first, rest := firstLine(text); text != "" {
		if t, ok := ParseDate(first); ok {
			a.Date, a.Published = strings.TrimSpace(first), t
			text = trimBlankLines(rest)
		}
	}
	// The title, a standfirst and a byline come before the body's
	// paragraphs; beyond that many blocks the article is too long, and
	// reading on would only build what is then refused.
	blocks, more := splitBlocks(text, MaxParagraphs+3)
	if more {
		return nil, fmt.Errorf("%w: the article has more than %d paragraphs; at most %d are allowed", ErrInvalid, MaxParagraphs, MaxParagraphs)
	}
	if len(blocks) == 0 {
		return nil, fmt.Errorf("%w: the text has no title and no paragraphs", ErrInvalid)
	}
	a.Title, blocks = blocks[0], blocks[1:]
	if len(blocks) >= 2 && !isByline(blocks[0]) && utf8.RuneCountInString(blocks[0]) <= MaxStandfirstRunes {
		a.Standfirst, blocks = blocks[0], blocks[1:]
	}
	if len(blocks) >= 2 && isByline(blocks[0]) {
		a.Byline, blocks = blocks[0], blocks[1:]
	}
	if len(blocks) > 0 {
		a.Body = make([]Block, len(blocks))
		for i, b := range blocks {
			a.Body[i] = Para(b)
		}
	}
	// The format has no language field; guess it, for hyphenation and the
	// PDF's language tag.
	a.Lang = detectArticleLang(a)
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return a, nil
}

// firstLine splits text after its first line, which ends at LF, CR or
// CRLF.
func firstLine(text string) (line, rest string) {
	i := strings.IndexAny(text, "\r\n")
	if i < 0 {
		return text, ""
	}
	if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
		return text[:i], text[i+2:]
	}
	return text[:i], text[i+1:]
}

// lastLine splits text before its last line.
func lastLine(text string) (rest, line string) {
	i := strings.LastIndexAny(text, "\r\n")
	if i < 0 {
		return "", text
	}
	line = text[i+1:]
	if text[i] == '\n' && i > 0 && text[i-1] == '\r' {
		i--
	}
	return text[:i], line
}

// checkRaw reports invalid UTF-8 and control characters with their line
// number, which is what a person fixing the file needs.
func checkRaw(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%w: the text is empty", ErrEmpty)
	}
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return fmt.Errorf("%w: the text is not valid UTF-8 (line %d, byte %d)", ErrInvalid, line, i)
		case r == '\n':
			line++
		case r == '\r':
			if i+1 >= len(data) || data[i+1] != '\n' {
				line++ // a lone CR ends a line too
			}
		case r == '\t':
		case unicode.IsControl(r):
			return fmt.Errorf("%w: the text contains the control character U+%04X on line %d", ErrInvalid, r, line)
		}
		i += size
	}
	return nil
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// trimBlankLines drops the blank lines at both ends of text, with their
// line breaks, so that text starts and ends inside a line that is not blank
// (or is empty).
func trimBlankLines(text string) string {
	for text != "" {
		line, rest := firstLine(text)
		if !isBlank(line) {
			break
		}
		text = rest
	}
	for text != "" {
		rest, line := lastLine(text)
		if !isBlank(line) {
			break
		}
		text = rest
	}
	return text
}

func isChrome(line string) bool {
	words := strings.Fields(strings.ToLower(line))
	if len(words) < 3 {
		return false
	}
	for _, w := range words {
		if !chromeWords[w] {
			return false
		}
	}
	return true
}

func isRights(line string) bool {
	s := strings.TrimSpace(line)
	lower := strings.ToLower(s)
	return strings.HasPrefix(s, "©") || strings.HasPrefix(lower, "(c) ") || strings.HasPrefix(lower, "copyright ")
}

// isByline accepts a short "By Name" block that is not a sentence.
func isByline(s string) bool {
	if !strings.HasPrefix(s, "By ") || utf8.RuneCountInString(s) > 80 {
		return false
	}
	return !strings.ContainsAny(s[len(s)-1:], ".!?:;")
}

// splitBlocks groups the lines of text into blocks separated by blank
// lines, joining the lines of a block with a space. With no blank line at
// all, each line is a block. It stops after max blocks, reporting whether
// more followed.
func splitBlocks(text string, max int) (blocks []string, more bool) {
	hasBlank := false
	for rest := text; rest != "" && !hasBlank; {
		var line string
		line, rest = firstLine(rest)
		hasBlank = isBlank(line)
	}
	var cur strings.Builder
	lines := 0  // in the current block
	start := "" // the current block's first line, kept as a slice while it is the only one
	flush := func() bool {
		switch lines {
		case 0:
			return true
		case 1:
			blocks = append(blocks, start)
		default:
			blocks = append(blocks, cur.String())
		}
		lines = 0
		cur.Reset()
		return len(blocks) <= max
	}
	for text != "" {
		var line string
		line, text = firstLine(text)
		if isBlank(line) {
			if !flush() {
				break
			}
			continue
		}
		line = strings.TrimSpace(line)
		switch lines {
		case 0:
			start = line
		case 1:
			cur.WriteString(start)
			fallthrough
		default:
			cur.WriteByte(' ')
			cur.WriteString(line)
		}
		lines++
		if !hasBlank && !flush() {
			break
		}
	}
	if len(blocks) <= max {
		flush()
	}
	if len(blocks) > max {
		return blocks[:max], true
	}
	return blocks, false
}
