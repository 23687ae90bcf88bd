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
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")
	lines = trimBlankLines(lines)
	if len(lines) == 0 {
		return nil, fmt.Errorf("%w: the text has no content, only white space", ErrEmpty)
	}

	a := &Article{}
	if isChrome(lines[0]) {
		lines = trimBlankLines(lines[1:])
	}
	if n := len(lines); n > 0 && isRights(lines[n-1]) {
		a.Rights = strings.TrimSpace(lines[n-1])
		lines = trimBlankLines(lines[:n-1])
	}
	if len(lines) > 0 {
		if t, ok := ParseDate(lines[0]); ok {
			a.Date, a.Published = strings.TrimSpace(lines[0]), t
			lines = trimBlankLines(lines[1:])
		}
	}
	blocks := splitBlocks(lines)
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
	for _, b := range blocks {
		a.Body = append(a.Body, Para(b))
	}
	// The format has no language field; guess it, for hyphenation and the
	// PDF's language tag.
	a.Lang = DetectLang(a.Title + "\n" + a.Standfirst + "\n" + strings.Join(blocks, "\n"))
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return a, nil
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

func trimBlankLines(lines []string) []string {
	for len(lines) > 0 && isBlank(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && isBlank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return lines
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

// splitBlocks groups lines into blocks separated by blank lines, joining the
// lines of a block with a space. With no blank line at all, each line is a block.
func splitBlocks(lines []string) []string {
	hasBlank := false
	for _, l := range lines {
		if isBlank(l) {
			hasBlank = true
			break
		}
	}
	var blocks []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, l := range lines {
		if isBlank(l) {
			flush()
			continue
		}
		cur = append(cur, strings.TrimSpace(l))
		if !hasBlank {
			flush()
		}
	}
	flush()
	return blocks
}
