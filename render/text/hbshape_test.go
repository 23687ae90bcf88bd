package text

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/go-text/typesetting/language"

	"pdfexport/fonts"
	"pdfexport/internal/langcorpus"
)

// hbAllowed lists the parts whose shaping may differ from hb-shape's, by
// locale and then by the part's text, each with the reason. Everything else
// must match glyph for glyph. An entry that no longer differs fails the test,
// so the table only ever holds real, explained differences.
//
// Empty: every part of every language matches. The first run found 1,579
// of 25,936 parts differing, in 22 languages (Cyrillic, Greek, accented
// Latin, Ethiopic, Kannada, Telugu, Tibetan), all in advances: kerning that
// go-text's port skipped through a bug of its own, not a difference between
// HarfBuzz 6.0 and 12.3; third_party/typesetting's patch 1 fixes it. A
// difference that a newer HarfBuzz explains (an Indic or USE change since
// 6.0, say) belongs here, with the HarfBuzz change named.
var hbAllowed = map[string]map[string]string{}

// hbResult is one row of TestHBShape's table.
type hbResult struct {
	sample  langcorpus.Sample
	parts   int // distinct parts shaped (the layout's word cache shapes each once)
	glyphs  int // glyphs of those parts, as we shape them
	runs    int // hb-shape invocations: one per face, direction, script and language
	differ  int // parts whose glyphs differ from hb-shape's
	allowed int // of those, the ones hbAllowed explains
}

// TestHBShape is a differential test of our shaping against HarfBuzz's own
// hb-shape, over the running text of every language of the CLDR corpus
// (internal/langcorpus). Each paragraph is cut as the layout cuts it (words
// at white space, each word itemised with the body face, Noto Serif, and its
// fallbacks), and every part is shaped twice: by Shaper.Shape, with the Key
// the layout gives it, and by hb-shape, with the same font file, direction,
// script and language. Glyph IDs, clusters (as UTF-8 byte offsets),
// advances and offsets must be equal, in font units.
//
// What this catches is a wrong use of the shaper (a script, language or
// direction not passed, or passed wrongly, a feature set differently) and a
// divergence of go-text's port from HarfBuzz. The two are not the same
// version: go-text v0.3.5 follows HarfBuzz 12.3, Debian 12 ships 6.0, so a
// difference may be a change HarfBuzz made since; such a difference is
// listed, with its reason, in hbAllowed.
//
// hb-shape is run once per face, direction, script and language, with every
// part of that kind as one line of a text file: hb-shape shapes each line as
// a separate buffer, with no context, as Shaper.Shape does (nor does it set
// the beginning- or end-of-text flags, unless told).
//
// Broken on purpose, it fails: with the Key's language not passed to the
// buffer, Serbian and Macedonian (their Cyrillic forms) and Marathi and
// Nepali (theirs of Devanagari) differ; with every direction flipped, 25,618
// parts; with every script Common, 7,730 parts in 32 languages.
func TestHBShape(t *testing.T) {
	hb := hbTool(t)
	samples := langcorpus.ForTest(t)
	for loc := range hbAllowed {
		found := false
		for _, s := range samples {
			found = found || s.Locale == loc
		}
		if !found {
			t.Errorf("hbAllowed names %s, which the corpus does not hold", loc)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	version, err := hbRun(ctx, hb, "--version")
	if err != nil {
		t.Fatal(err)
	}
	version, _, _ = strings.Cut(version, "\n")

	files := &hbFonts{dir: t.TempDir(), paths: map[fonts.Face]string{}}
	start := time.Now()
	results := make([]hbResult, len(samples))
	t.Run("lang", func(t *testing.T) {
		for i, s := range samples {
			t.Run(s.Locale, func(t *testing.T) {
				t.Parallel() // as many languages at once as -parallel (GOMAXPROCS) allows
				results[i] = hbLanguage(ctx, t, hb, files, s)
			})
		}
	})
	var total hbResult
	for _, r := range results {
		total.parts += r.parts
		total.glyphs += r.glyphs
		total.runs += r.runs
		total.differ += r.differ
		total.allowed += r.allowed
	}
	t.Logf("%s; %d languages, %d parts, %d glyphs, %d hb-shape runs, %d parts differ (%d allowed) in %v:\n%s",
		version, len(samples), total.parts, total.glyphs, total.runs, total.differ, total.allowed,
		time.Since(start).Round(time.Millisecond), hbTable(results))
}

// hbTool finds hb-shape; it skips without it, except under CI, where it
// fails.
func hbTool(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("hb-shape")
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("hb-shape is required under CI but not installed (Debian's libharfbuzz-bin, see .ci/run)")
	}
	t.Skip("hb-shape not installed (Debian's libharfbuzz-bin)")
	return ""
}

// hbFonts writes each face's font file once, for hb-shape to read. The
// bytes are the whole TrueType file the package embeds (gzip-compressed or
// not, Face.Data gives it back as it was stored), so both shapers read the
// same tables.
type hbFonts struct {
	mu    sync.Mutex
	dir   string
	paths map[fonts.Face]string
}

func (h *hbFonts) path(f fonts.Face) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if p, ok := h.paths[f]; ok {
		return p, nil
	}
	p := filepath.Join(h.dir, f.String()+".ttf")
	if err := os.WriteFile(p, f.Data(), 0o644); err != nil {
		return "", err
	}
	h.paths[f] = p
	return p, nil
}

// hbGroup is the parts of one language shaped as one kind, in the order
// they were met.
type hbGroup struct {
	key   Key
	texts []string
}

// hbLanguage shapes one sample's parts both ways and compares them.
func hbLanguage(ctx context.Context, t *testing.T, hb string, files *hbFonts, s langcorpus.Sample) hbResult {
	res := hbResult{sample: s}
	lang := language.NewLanguage(s.Lang) // as the layout makes its Key's language
	var groups []*hbGroup
	byKey := map[Key]*hbGroup{}
	seen := map[cacheKey]bool{}
	var it Itemiser
	var parts []Part
	for _, p := range s.Paragraphs {
		levels := it.Levels(p, it.ParagraphRTL(p, s.RTL))
		for _, w := range hbWords(p) {
			parts = it.Itemise(parts[:0], p[w[0]:w[1]], w[0], levels, fonts.Serif)
			for _, part := range parts {
				// The layout takes soft hyphens out of a word before shaping
				// it (they are break points, drawn only when used).
				txt := strings.ReplaceAll(p[part.Start:part.End], "\u00AD", "")
				k := Key{Face: part.Face, RTL: part.RTL(), Script: part.Script, Lang: lang}
				if txt == "" || seen[cacheKey{k, txt}] {
					continue
				}
				seen[cacheKey{k, txt}] = true
				g := byKey[k]
				if g == nil {
					g = &hbGroup{key: k}
					byKey[k] = g
					groups = append(groups, g)
				}
				g.texts = append(g.texts, txt)
			}
		}
	}

	sh := NewShaper()
	defer sh.Close()
	allowed := hbAllowed[s.Locale]
	used := map[string]bool{}
	dir := t.TempDir()
	for gi, g := range groups {
		want, err := hbShape(ctx, hb, files, g, filepath.Join(dir, fmt.Sprintf("parts-%d.txt", gi)))
		if err != nil {
			t.Fatal(err)
		}
		res.runs++
		for i, txt := range g.texts {
			got := sh.Shape(g.key, txt)
			res.parts++
			res.glyphs += len(got.Glyphs)
			diff := hbDiff(got.Glyphs, want[i])
			if diff == "" {
				continue
			}
			res.differ++
			if reason, ok := allowed[txt]; ok {
				res.allowed++
				used[txt] = true
				t.Logf("%q (%s): differs, allowed: %s", txt, hbKeyString(g.key), reason)
				continue
			}
			t.Errorf("%q (%s): %s\n  ours:     %s\n  hb-shape: %s", txt, hbKeyString(g.key), diff,
				hbGlyphsString(got.Glyphs), hbGlyphsString(want[i]))
		}
	}
	for txt := range allowed {
		if !used[txt] {
			t.Errorf("hbAllowed[%s][%q] no longer differs from hb-shape: remove it", s.Locale, txt)
		}
	}
	return res
}

// hbWords returns the byte ranges of a paragraph's words: its runs of
// characters other than white space, as the layout cuts them (its isSpace:
// Unicode white space, the Zs spaces, and the zero-width space).
func hbWords(p string) [][2]int {
	space := func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) || r == '\u200B' }
	var out [][2]int
	start := -1
	for i, r := range p {
		switch {
		case space(r) && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		case !space(r) && start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(p)})
	}
	return out
}

// hbShape runs hb-shape once over a group's parts, one a line, and returns
// each line's glyphs.
func hbShape(ctx context.Context, hb string, files *hbFonts, g *hbGroup, input string) ([][]Glyph, error) {
	font, err := files.path(g.key.Face)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(input, []byte(strings.Join(g.texts, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	dir := "ltr"
	if g.key.RTL {
		dir = "rtl"
	}
	out, err := hbRun(ctx, hb,
		"--font-file="+font, "--text-file="+input,
		// Font units, from the font's own tables (no FreeType hinting):
		// what Shaper.Shape measures in.
		"--font-size=upem", "--font-funcs=ot",
		"--direction="+dir, "--script="+hbScriptTag(g.key.Script), "--language="+string(g.key.Lang),
		// Clusters as byte offsets, as Glyph.Cluster; hb-shape counts
		// characters unless told.
		"--utf8-clusters", "--no-glyph-names", "--output-format=json")
	if err != nil {
		return nil, err
	}
	type hbGlyph struct {
		G      uint16 `json:"g"`
		Cl     int32  `json:"cl"`
		Dx, Dy int32
		Ax, Ay int32
	}
	dec := json.NewDecoder(strings.NewReader(out))
	var lines [][]Glyph
	for {
		var line []hbGlyph
		if err := dec.Decode(&line); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("hb-shape output: %w", err)
		}
		gs := make([]Glyph, len(line))
		for i, h := range line {
			gs[i] = Glyph{ID: h.G, Advance: h.Ax, XOff: h.Dx, YOff: h.Dy, Cluster: h.Cl}
		}
		lines = append(lines, gs)
	}
	if len(lines) != len(g.texts) {
		return nil, fmt.Errorf("hb-shape gave %d lines for %d parts (%s)", len(lines), len(g.texts), hbKeyString(g.key))
	}
	return lines, nil
}

// hbRun runs hb-shape and returns its standard output.
func hbRun(ctx context.Context, hb string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, hb, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("hb-shape %s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// hbScriptTag is a script's ISO 15924 code, as hb-shape takes it: go-text
// keeps it as the four letters' bytes ("Latn", "Zyyy" for Common).
func hbScriptTag(s language.Script) string {
	return string([]byte{byte(s >> 24), byte(s >> 16), byte(s >> 8), byte(s)})
}

// hbDiff says how two glyph runs differ, or "" when they are equal.
func hbDiff(got, want []Glyph) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d glyphs, hb-shape %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		switch {
		case g.ID != w.ID:
			return fmt.Sprintf("glyph %d is %d, hb-shape %d", i, g.ID, w.ID)
		case g.Cluster != w.Cluster:
			return fmt.Sprintf("glyph %d has cluster %d, hb-shape %d", i, g.Cluster, w.Cluster)
		case g.Advance != w.Advance:
			return fmt.Sprintf("glyph %d advances %d, hb-shape %d", i, g.Advance, w.Advance)
		case g.XOff != w.XOff || g.YOff != w.YOff:
			return fmt.Sprintf("glyph %d is offset %d,%d, hb-shape %d,%d", i, g.XOff, g.YOff, w.XOff, w.YOff)
		}
	}
	return ""
}

// hbGlyphsString writes glyphs as hb-shape's text format does:
// id=cluster@x,y+advance.
func hbGlyphsString(gs []Glyph) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, g := range gs {
		if i > 0 {
			b.WriteByte('|')
		}
		fmt.Fprintf(&b, "%d=%d", g.ID, g.Cluster)
		if g.XOff != 0 || g.YOff != 0 {
			fmt.Fprintf(&b, "@%d,%d", g.XOff, g.YOff)
		}
		fmt.Fprintf(&b, "+%d", g.Advance)
	}
	b.WriteByte(']')
	return b.String()
}

func hbKeyString(k Key) string {
	dir := "ltr"
	if k.RTL {
		dir = "rtl"
	}
	return fmt.Sprintf("%s %s %s %s", k.Face, dir, hbScriptTag(k.Script), k.Lang)
}

// hbTable formats the results, one row per language.
func hbTable(results []hbResult) string {
	var buf bytes.Buffer
	w := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "locale\tscript\thb-shape runs\tparts\tglyphs\tdiffer\tallowed\t")
	for _, r := range results {
		if r.sample.Locale == "" {
			continue // its subtest did not finish
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t\n", r.sample.Locale, r.sample.Script, r.runs, r.parts, r.glyphs, r.differ, r.allowed)
	}
	w.Flush()
	return buf.String()
}
