package layout

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"pdfexport/fonts"
	"pdfexport/render/page"
)

// style is a face at a size, with its leading and colour.
type style struct {
	face    fonts.Face
	size    page.Unit
	leading page.Unit
	color   page.Color
	metrics *fonts.Metrics
}

func newStyle(face fonts.Face, size, leading page.Unit, color page.Color) *style {
	return &style{face: face, size: size, leading: leading, color: color, metrics: face.Metrics()}
}

// scaled converts font units to a length at the style's size. Summing font
// units first and scaling once keeps a word's width independent of how it was
// split into pieces.
func (s *style) scaled(fontUnits int64) page.Unit {
	return page.Unit(fontUnits * int64(s.size) / int64(s.metrics.UnitsPerEm))
}

func (s *style) width(text string) page.Unit {
	var sum int64
	for _, r := range text {
		sum += int64(s.metrics.Advance(r))
	}
	return s.scaled(sum)
}

// spaceWidth is the width of an interword space in this style.
func (s *style) spaceWidth() page.Unit { return s.width(" ") }

// baseline is the distance from the top of a line to its baseline: the line's
// capitals are centred in the leading, so mixed sizes sit evenly.
func (s *style) baseline() page.Unit {
	return s.leading/2 + s.size*357/1000
}

// shaper turns text into boxes, glue and penalties for one style, replacing
// characters the face cannot draw.
type shaper struct {
	missing int // characters replaced by fonts.Replacement so far
}

// drawable returns text with every character the face cannot draw replaced by
// fonts.Replacement, counting the replacements.
func (sh *shaper) drawable(st *style, text string) string {
	ok := true
	for _, r := range text {
		if !st.metrics.Has(r) {
			ok = false
			break
		}
	}
	if ok {
		return text
	}
	var b strings.Builder
	for _, r := range text {
		if !st.metrics.Has(r) {
			sh.missing++
			r = fonts.Replacement
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Space classes: a breakable space becomes stretchable glue; a no-break space
// binds its neighbours; a zero-width space is a break opportunity with no width.
func isNoBreakSpace(r rune) bool   { return r == '\u00A0' || r == '\u2007' || r == '\u202F' }
func isZeroWidthBreak(r rune) bool { return r == '\u200B' }
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) || isZeroWidthBreak(r)
}

const (
	exHyphenPenalty = 50 // a break after an explicit hyphen or dash, as TeX's \exhyphenpenalty
	hyphenPenalty   = 50 // a break at a soft hyphen
)

// paragraphOpts say how one paragraph is set.
type paragraphOpts struct {
	indent page.Unit // first-line indent
	ragged bool      // ragged-right instead of justified
	link   string    // every box links here
}

// items builds the horizontal list of one paragraph. Words become boxes;
// white-space runs become one interword glue (a run of only no-break spaces
// becomes glue that cannot break); explicit hyphens and dashes between letters
// may break after them; soft hyphens (U+00AD) are invisible break points that
// show a hyphen when used. Boxes wider than the measure are split into pieces
// that fit, so no line is ever overfull.
func (sh *shaper) items(text string, st *style, measure page.Unit, o paragraphOpts) []item {
	var out []item
	if o.indent > 0 {
		out = append(out, item{kind: boxItem, width: o.indent})
	}
	space := st.spaceWidth()
	glue := item{kind: glueItem, width: space, stretch: space / 2, shrink: space / 3}
	if o.ragged {
		glue.stretch, glue.shrink = 0, 0
	}
	hyphen := &run{text: "-", style: st, link: o.link}

	var word strings.Builder
	flushWord := func() {
		if word.Len() == 0 {
			return
		}
		s := sh.drawable(st, word.String())
		word.Reset()
		r := &run{text: s, style: st, link: o.link}
		out = append(out, item{kind: boxItem, width: st.width(s), run: r})
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isSpace(r) {
			j, breakable, zeroWidth := i, false, true
			for j < len(text) {
				r2, sz := utf8.DecodeRuneInString(text[j:])
				if !isSpace(r2) {
					break
				}
				if !isNoBreakSpace(r2) {
					breakable = true
				}
				if !isZeroWidthBreak(r2) {
					zeroWidth = false
				}
				j += sz
			}
			flushWord()
			switch {
			case i == 0 || j == len(text):
				// Leading and trailing white space carries nothing.
			case zeroWidth:
				out = append(out, item{kind: penaltyItem})
			case breakable:
				out = append(out, glue)
			default:
				out = append(out, item{kind: penaltyItem, penalty: infPenalty, tie: true}, glue)
			}
			i = j
			continue
		}
		i += size
		switch {
		case r == '\u00AD':
			flushWord()
			out = append(out, item{kind: penaltyItem, penalty: hyphenPenalty, flagged: true, width: st.width("-"), run: hyphen})
			continue
		case r == '\t':
			continue
		}
		word.WriteRune(r)
		if isBreakingDash(r) && word.Len() > size && i < len(text) {
			next, _ := utf8.DecodeRuneInString(text[i:])
			if unicode.IsLetter(next) || unicode.IsDigit(next) {
				flushWord()
				out = append(out, item{kind: penaltyItem, penalty: exHyphenPenalty, flagged: r == '-' || r == '\u2010'})
			}
		}
	}
	flushWord()
	out = splitWideBoxes(out, st, measure-o.indent)
	return append(out,
		item{kind: penaltyItem, penalty: infPenalty},
		item{kind: glueItem, stretch: fill},
		item{kind: penaltyItem, penalty: ejectPenalty})
}

func isBreakingDash(r rune) bool {
	return r == '-' || r == '\u2010' || r == '\u2013' || r == '\u2014'
}

// splitWideBoxes cuts every box wider than limit into pieces no wider than
// limit, with a free break between pieces: a 5,000-character word or a long
// URL then fills lines instead of running off the page.
func splitWideBoxes(items []item, st *style, limit page.Unit) []item {
	wide := false
	for _, it := range items {
		if it.kind == boxItem && it.width > limit && it.run != nil {
			wide = true
			break
		}
	}
	if !wide {
		return items
	}
	var out []item
	for _, it := range items {
		if it.kind != boxItem || it.width <= limit || it.run == nil {
			out = append(out, it)
			continue
		}
		text := it.run.text
		for len(text) > 0 {
			cut, sum := 0, int64(0) // in font units, as style.width measures
			for cut < len(text) {
				r, sz := utf8.DecodeRuneInString(text[cut:])
				adv := int64(st.metrics.Advance(r))
				if cut > 0 && st.scaled(sum+adv) > limit {
					break
				}
				sum += adv
				cut += sz
			}
			piece := &run{text: text[:cut], style: it.run.style, link: it.run.link}
			out = append(out, item{kind: boxItem, width: st.width(piece.text), run: piece})
			text = text[cut:]
			if len(text) > 0 {
				out = append(out, item{kind: penaltyItem})
			}
		}
	}
	return out
}
