// Package pdfcheck checks a PDF against the machine-checkable rules of PDF/UA-1
// (ISO 14289-1, as the Matterhorn Protocol 1.1 lists its failure conditions)
// and PDF/A-2u (ISO 19005-2, level U) that apply to what pdfexport writes, and
// reads back the text of the structure tree so that a test can compare it with
// the article. It exists because no validator (veraPDF) is available where the
// tests run; it is not a general validator.
//
// qpdf reads the file (see load): this package interprets content streams,
// CMaps, the structure tree and XMP itself, and reports each broken rule with
// its number: "Matterhorn 13-004" for a failure condition of the Matterhorn
// Protocol, "PDF/A-2 6.2.11.8" for a clause of ISO 19005-2, "PDF/UA-1 6.2"
// for a requirement of ISO 14289-1 that has no failure condition of its own,
// "ISO 32000-1 14.7.4.4" for a structure-tree inconsistency that no
// conformance standard numbers. rules_ua.go and rules_a.go list every rule,
// with the failure condition or clause it implements, in the comments of the
// rule constants.
//
// # What is not checked
//
// Matterhorn failure conditions marked "Human" need a person's judgement and
// are never reported here. Whoever signs a release off must check these by
// reading the document and write down how:
//
//   - 01-001, 01-002: artifacts tagged as real content, or real content marked as artifact
//     (page furniture, rules and decorations versus the article)
//   - 01-006, 09-003: structure types and attributes semantically appropriate
//   - 02-002: non-standard types mapped to semantically appropriate standard ones
//   - 03-001..03-003 flickering, 04-001 meaning by colour or layout alone,
//     05-001..05-003 sound
//   - 06-004: dc:title identifies the document
//   - 08-001, 08-002: OCR text (the product writes none)
//   - 09-001: tags in logical reading order; 09-002: nesting semantically appropriate
//   - 11-007: the declared language is the language of the text
//   - 12-001: stretched characters
//   - 13-001: graphics other than artifacts tagged as Figure; 13-002 links over
//     meaningful backgrounds; 13-003 captions tagged Caption; 13-005 and 13-008
//     ActualText versus Alt for figures; 13-006 groups of graphics; 13-007 a more
//     accessible representation
//   - 14-001: headings tagged; 14-004, 14-005: numbering of deeper headings
//   - 15-001, 15-002: header cells tagged as headers; 15-004: tables used for
//     layout; 15-005: every cell's headers unambiguous
//   - 16-001..16-003: list numbering and content that is a list
//   - 17-001: formulas tagged Formula
//   - 18-001, 18-002: page headers and footers marked as pagination artifacts of
//     the right subtype
//   - 19-001, 19-002: notes and references tagged Note and Reference
//   - 22-001 article threads, 24-001 non-interactive forms, 28-001 annotation
//     order, 28-003 annotations used for formatting, 28-013 IsMap, 29-001 timing
//
// Machine-checkable conditions that cannot occur in pdfexport's output (optional
// content, forms, media, XFA, encryption permissions, CMaps other than
// Identity, Type 1 CharSets, TrueType cmap subtables, glyph widths) are not
// implemented either; if the product starts writing such things, their
// conditions must be added.
//
// # Text of the structure tree
//
// TreeText reads the structure tree depth first in the order of its /K arrays.
// An element with /ActualText contributes that text and nothing of its
// content. Otherwise each MCID kid contributes the text shown inside that
// marked content on its page, in content order, with a marked-content span's
// ActualText standing in for what the span shows; each code's text comes from
// its font's ToUnicode CMap. Spaces are those the content shows as glyphs:
// none is made up from glyph positions. After each block-level element
// (blockTypes: P, H, H1–H6, LI, Caption, TD, TH, Note, BlockQuote, TOCI,
// BibEntry, Code, after role mapping) and before each such element and
// each list (L) comes a newline, unless the text already ends in one or is
// empty, and after a label (Lbl) a space, unless it ends in white space;
// the text never starts with a newline. Artifacts, Alt text and
// annotations contribute nothing.
package pdfcheck

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Profile is a set of conformance levels to check.
type Profile int

const (
	// PDFA2U checks ISO 19005-2 level U.
	PDFA2U Profile = 1 << iota
	// PDFUA1 checks ISO 14289-1 through the Matterhorn Protocol 1.1.
	PDFUA1
	// PDFA3U checks ISO 19005-3 level U, which is PDF/A-2u plus embedded files
	// of any kind; its rules are reported with "PDF/A-3" and the same clause
	// numbers, which ISO 19005-3 keeps.
	PDFA3U
)

// Violation is one broken rule.
type Violation struct {
	Rule   string // "Matterhorn 13-004", "PDF/A-2 6.2.11.8", ...
	Page   int    // 1-based; 0 for the document as a whole
	Detail string
}

func (v Violation) String() string {
	where := "document"
	if v.Page > 0 {
		where = fmt.Sprintf("page %d", v.Page)
	}
	return fmt.Sprintf("%s (%s): %s", v.Rule, where, v.Detail)
}

// Check reads a PDF and returns every violation of the profile's rules,
// sorted by page, then rule. An error means the PDF could not be checked:
// qpdf is missing, or the file or one of its content streams cannot be read.
func Check(ctx context.Context, pdf []byte, p Profile) ([]Violation, error) {
	d, err := load(ctx, pdf)
	if err != nil {
		return nil, err
	}
	scans, err := d.scanPages(ctx)
	if err != nil {
		return nil, err
	}
	c := &checker{d: d, scans: scans, tree: d.readTree()}
	if s := d.stream(d.catalog()["/Metadata"]); s != nil && s.decoded {
		c.xmp, c.xmpErr = parseXMP(s.data)
	}
	if p&PDFUA1 != 0 {
		c.checkUA()
	}
	switch {
	case p&PDFA3U != 0:
		c.checkA(3)
	case p&PDFA2U != 0:
		c.checkA(2)
	}
	return c.result(), nil
}

// TreeText returns the text of the structure tree in tree order, as the
// package comment defines it.
func TreeText(ctx context.Context, pdf []byte) (string, error) {
	text, _, err := readText(ctx, pdf)
	return text, err
}

// Tagged is a structure element with a language of its own (/Lang).
type Tagged struct {
	Role string // its structure type as written
	Lang string
	Text string // its text, as TreeText reads it, trimmed
}

// Languages returns the structure elements that declare a language, in
// tree order.
func Languages(ctx context.Context, pdf []byte) ([]Tagged, error) {
	_, tagged, err := readText(ctx, pdf)
	return tagged, err
}

// readText is TreeText's text and the elements with a /Lang.
func readText(ctx context.Context, pdf []byte) (string, []Tagged, error) {
	d, err := load(ctx, pdf)
	if err != nil {
		return "", nil, err
	}
	scans, err := d.scanPages(ctx)
	if err != nil {
		return "", nil, err
	}
	t := d.readTree()
	if t == nil {
		return "", nil, nil
	}
	var tagged []Tagged
	textOf := map[string]map[int]*strings.Builder{}
	for i, s := range scans {
		textOf[d.pages[i]] = s.text
	}
	var b strings.Builder
	newline := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
	}
	var walk func(e *elem)
	walk = func(e *elem) {
		if blockTypes[e.std] || e.std == "L" {
			newline() // a list nested in an item's body starts a line too
		}
		if lang, ok := d.text(e.dict["/Lang"]); ok {
			at := len(tagged)
			tagged = append(tagged, Tagged{Role: e.typ, Lang: lang})
			from := b.Len()
			defer func() { tagged[at].Text = strings.TrimSpace(b.String()[from:]) }()
		}
		if at, ok := d.text(e.dict["/ActualText"]); ok {
			b.WriteString(at)
		} else {
			for _, k := range e.kids {
				switch {
				case k.elem != nil:
					walk(k.elem)
				case k.mcid >= 0:
					if s := textOf[k.page][k.mcid]; s != nil {
						b.WriteString(s.String())
					}
				}
			}
		}
		if blockTypes[e.std] {
			newline()
		} else if e.std == "Lbl" && b.Len() > 0 && !strings.HasSuffix(b.String(), " ") && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte(' ') // a list item's label is a word of its own
		}
	}
	for _, r := range t.roots {
		walk(r)
	}
	return b.String(), tagged, nil
}

// blockTypes are the structure types after which TreeText starts a new line.
var blockTypes = map[string]bool{
	"P": true, "H": true, "H1": true, "H2": true, "H3": true, "H4": true, "H5": true, "H6": true,
	"LI": true, "Caption": true, "TD": true, "TH": true, "Note": true, "BlockQuote": true,
	"TOCI": true, "BibEntry": true, "Code": true,
}

type checker struct {
	d      *document
	scans  []*pageScan
	tree   *tree
	xmp    *xmpPacket
	xmpErr error
	out    []Violation
}

func (c *checker) add(rule string, page int, format string, args ...any) {
	c.out = append(c.out, Violation{Rule: rule, Page: page, Detail: fmt.Sprintf(format, args...)})
}

func (c *checker) result() []Violation {
	sort.SliceStable(c.out, func(i, j int) bool {
		a, b := c.out[i], c.out[j]
		if a.Page != b.Page {
			return a.Page < b.Page
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Detail < b.Detail
	})
	var out []Violation
	for i, v := range c.out {
		if i > 0 && v == c.out[i-1] {
			continue
		}
		out = append(out, v)
	}
	return out
}
