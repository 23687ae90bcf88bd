package article

import (
	"fmt"
	"slices"
	"strings"
)

// dumpBlocks writes blocks and dropped counts as readable text, one block
// a header line with its fields (its language last), then its runs, each quoted with its style
// in braces: the form of the golden files in testdata/html.
func dumpBlocks(blocks []Block, dropped map[string]int) string {
	var sb strings.Builder
	for i, b := range blocks {
		dumpBlock(&sb, fmt.Sprint(i+1), b)
	}
	sb.WriteString("dropped:")
	if len(dropped) == 0 {
		sb.WriteString(" nothing")
	}
	for _, k := range DroppedKinds {
		if n := dropped[k]; n > 0 {
			fmt.Fprintf(&sb, " %s=%d", k, n)
		}
	}
	for k := range dropped {
		if !slices.Contains(DroppedKinds, k) {
			fmt.Fprintf(&sb, " UNKNOWN %s=%d", k, dropped[k])
		}
	}
	sb.WriteString("\n")
	return sb.String()
}

func dumpBlock(sb *strings.Builder, n string, b Block) {
	fmt.Fprintf(sb, "%s %s", n, b.Kind)
	switch b.Kind {
	case Heading:
		fmt.Fprintf(sb, " level=%d", b.Level)
	case ListItem:
		fmt.Fprintf(sb, " level=%d", b.Level)
		if b.Ordered {
			fmt.Fprintf(sb, " number=%d", b.Number)
		}
	case Note:
		if b.Label != "" {
			fmt.Fprintf(sb, " label=%q", b.Label)
		}
	case Footnote:
		fmt.Fprintf(sb, " id=%q label=%q", b.ID, b.Label)
	case Table:
		fmt.Fprintf(sb, " head=%d", b.Table.HeadRows)
	case Embed:
		fmt.Fprintf(sb, " %q", b.Embed.URL)
		if b.Embed.Provider != "" {
			fmt.Fprintf(sb, " provider=%q", b.Embed.Provider)
		}
		if b.Embed.Title != "" {
			fmt.Fprintf(sb, " title=%q", b.Embed.Title)
		}
	}
	if b.Lang != "" {
		fmt.Fprintf(sb, " lang=%s", b.Lang)
	}
	sb.WriteString("\n")
	if len(b.Runs) > 0 {
		fmt.Fprintf(sb, "    %s\n", dumpRuns(b.Runs))
	}
	if len(b.Cite) > 0 {
		fmt.Fprintf(sb, "    cite: %s\n", dumpRuns(b.Cite))
	}
	if f := b.Figure; f != nil {
		for _, im := range f.Images {
			fmt.Fprintf(sb, "    image %q", im.Src)
			if im.Alt != "" {
				fmt.Fprintf(sb, " alt=%q", im.Alt)
			}
			if im.Width != 0 || im.Height != 0 {
				fmt.Fprintf(sb, " %d×%d", im.Width, im.Height)
			}
			sb.WriteString("\n")
		}
		if len(f.Caption) > 0 {
			fmt.Fprintf(sb, "    caption: %s\n", dumpRuns(f.Caption))
		}
		if f.Credit != "" {
			fmt.Fprintf(sb, "    credit: %q\n", f.Credit)
		}
	}
	if t := b.Table; t != nil {
		if len(t.Caption) > 0 {
			fmt.Fprintf(sb, "    caption: %s\n", dumpRuns(t.Caption))
		}
		for i, r := range t.Rows {
			var cells []string
			for _, c := range r.Cells {
				s := "td"
				if c.Header {
					s = "th"
				}
				if c.ColSpan != 0 {
					s += fmt.Sprintf(" colspan=%d", c.ColSpan)
				}
				if c.RowSpan != 0 {
					s += fmt.Sprintf(" rowspan=%d", c.RowSpan)
				}
				if len(c.Runs) > 0 {
					s += " " + dumpRuns(c.Runs)
				}
				cells = append(cells, s)
			}
			fmt.Fprintf(sb, "    row %d: %s\n", i+1, strings.Join(cells, " | "))
		}
	}
}

// dumpRuns quotes each run, its style, link, note and language in braces.
func dumpRuns(runs []Run) string {
	var parts []string
	for _, r := range runs {
		s := fmt.Sprintf("%q", r.Text)
		var attrs []string
		for _, st := range []struct {
			s    Style
			name string
		}{{Bold, "bold"}, {Italic, "italic"}, {Code, "code"}, {Super, "super"}, {Sub, "sub"}, {Small, "small"}, {Strike, "strike"}} {
			if r.Style&st.s != 0 {
				attrs = append(attrs, st.name)
			}
		}
		if r.Link != "" {
			attrs = append(attrs, "link="+r.Link)
		}
		if r.Note != "" {
			attrs = append(attrs, "note="+r.Note)
		}
		if r.Lang != "" {
			attrs = append(attrs, "lang="+r.Lang)
		}
		if len(attrs) > 0 {
			s += "{" + strings.Join(attrs, ",") + "}"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}
