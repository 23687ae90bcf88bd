package extract

import (
	"fmt"
	"slices"
	"strings"

	"pdfexport/article"
)

// dump writes an article as the golden files in testdata have it: its
// fields one a line, the lead, then the body a block a line (its kind and
// what its kind has), with each run quoted and its style, link or note in
// brackets, and what the HTML left out.
func dump(a *article.Article) string {
	var sb strings.Builder
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(&sb, "%s: %q\n", name, v)
		}
	}
	field("title", a.Title)
	field("standfirst", a.Standfirst)
	field("byline", a.Byline)
	field("date", a.Date)
	if !a.Published.IsZero() {
		field("published", a.Published.Format("2006-01-02"))
	}
	field("url", a.URL)
	field("lang", a.Lang)
	if a.Lead != nil {
		sb.WriteString("lead:\n")
		dumpFigure(&sb, a.Lead.Figure)
	}
	for i, b := range a.Body {
		fmt.Fprintf(&sb, "%d %s", i+1, b.Kind)
		switch b.Kind {
		case article.Heading:
			fmt.Fprintf(&sb, " h%d", max(b.Level, 2))
		case article.ListItem:
			fmt.Fprintf(&sb, " level %d", b.Level)
			if b.Ordered {
				fmt.Fprintf(&sb, " #%d", b.Number)
			}
		case article.Note, article.Footnote:
			fmt.Fprintf(&sb, " %q", b.Label)
		case article.Embed:
			fmt.Fprintf(&sb, " %s %q %q", b.Embed.URL, b.Embed.Provider, b.Embed.Title)
		case article.Table:
			fmt.Fprintf(&sb, " head rows %d", b.Table.HeadRows)
		}
		if len(b.Runs) > 0 {
			fmt.Fprintf(&sb, ": %s", runs(b.Runs))
		}
		sb.WriteString("\n")
		if len(b.Cite) > 0 {
			fmt.Fprintf(&sb, "\tcite: %s\n", runs(b.Cite))
		}
		if b.Figure != nil {
			dumpFigure(&sb, b.Figure)
		}
		if t := b.Table; t != nil {
			if len(t.Caption) > 0 {
				fmt.Fprintf(&sb, "\tcaption: %s\n", runs(t.Caption))
			}
			for _, r := range t.Rows {
				var cells []string
				for _, c := range r.Cells {
					s := runs(c.Runs)
					if c.Header {
						s = "th " + s
					}
					if c.ColSpan > 1 || c.RowSpan > 1 {
						s += fmt.Sprintf(" (%d×%d)", max(c.ColSpan, 1), max(c.RowSpan, 1))
					}
					cells = append(cells, s)
				}
				fmt.Fprintf(&sb, "\trow: %s\n", strings.Join(cells, " | "))
			}
		}
	}
	sb.WriteString("dropped:")
	if len(a.Dropped) == 0 {
		sb.WriteString(" nothing")
	}
	keys := make([]string, 0, len(a.Dropped))
	for k := range a.Dropped {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&sb, " %s %d", k, a.Dropped[k])
	}
	sb.WriteString("\n")
	return sb.String()
}

func dumpFigure(sb *strings.Builder, f *article.FigureData) {
	for _, im := range f.Images {
		fmt.Fprintf(sb, "\timage %s alt %q", im.Src, im.Alt)
		if im.Width > 0 || im.Height > 0 {
			fmt.Fprintf(sb, " %d×%d", im.Width, im.Height)
		}
		sb.WriteString("\n")
	}
	if len(f.Caption) > 0 {
		fmt.Fprintf(sb, "\tcaption: %s\n", runs(f.Caption))
	}
	if f.Credit != "" {
		fmt.Fprintf(sb, "\tcredit: %q\n", f.Credit)
	}
}

func runs(rs []article.Run) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		var marks []string
		for _, s := range []struct {
			style article.Style
			name  string
		}{{article.Bold, "b"}, {article.Italic, "i"}, {article.Code, "code"}, {article.Super, "sup"}, {article.Sub, "sub"}, {article.Small, "small"}, {article.Strike, "s"}} {
			if r.Style&s.style != 0 {
				marks = append(marks, s.name)
			}
		}
		if r.Link != "" {
			marks = append(marks, "→ "+r.Link)
		}
		if r.Note != "" {
			marks = append(marks, "note "+r.Note)
		}
		parts[i] = fmt.Sprintf("%q", r.Text)
		if len(marks) > 0 {
			parts[i] += "[" + strings.Join(marks, " ") + "]"
		}
	}
	return strings.Join(parts, " ")
}
