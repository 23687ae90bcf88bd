package render

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"pdfexport/article"
	"pdfexport/internal/pdftest"
)

// emojiTestFile is Unicode's list of emoji sequences (UTS #51), from
// Debian's unicode-data, which .ci/run installs.
const emojiTestFile = "/usr/share/unicode/emoji/emoji-test.txt"

// emojiKinds sorts a sequence into the kinds the README promises to draw.
func emojiKind(seq []rune) string {
	has := func(lo, hi rune) bool {
		for _, r := range seq {
			if r >= lo && r <= hi {
				return true
			}
		}
		return false
	}
	switch {
	case has(0x20E3, 0x20E3):
		return "keycap"
	case has(0xE0020, 0xE007F):
		return "tag"
	case has(0x200D, 0x200D):
		return "zwj"
	case has(0x1F1E6, 0x1F1FF):
		return "flag"
	case has(0x1F3FB, 0x1F3FF):
		return "modifier"
	case has(0xFE0F, 0xFE0F):
		return "fe0f"
	}
	return "plain"
}

// emojiSample reads the fully-qualified sequences of emoji-test.txt and
// takes a spread: every 17th, every keycap, every tag sequence and every
// 8th flag. It skips without the file, except under CI.
func emojiSample(t testing.TB) []string {
	t.Helper()
	f, err := os.Open(emojiTestFile)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI (unicode-data, see .ci/run): %v", emojiTestFile, err)
		}
		t.Skip(err)
	}
	defer f.Close()
	var out []string
	n, flags := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cps, rest, ok := strings.Cut(sc.Text(), ";")
		if !ok || !strings.HasPrefix(strings.TrimSpace(rest), "fully-qualified") {
			continue
		}
		var seq []rune
		for _, h := range strings.Fields(cps) {
			v, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatalf("%s: bad line %q", emojiTestFile, sc.Text())
			}
			seq = append(seq, rune(v))
		}
		kind := emojiKind(seq)
		take := n%17 == 0 || kind == "keycap" || kind == "tag"
		if kind == "flag" {
			take = take || flags%8 == 0
			flags++
		}
		if take {
			out = append(out, string(seq))
		}
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// colourGlyph finds the glyphs mutool traces in the colour face's Type 3
// fonts: their spans name the font by its resource ("F" and a hash), where
// every outline face is named by its subset tag and PostScript name
// ("ABCDEF+NotoSerif-Regular").
var (
	traceSpan      = regexp.MustCompile(`<span font="([^"]*)"`)
	traceGlyphDraw = regexp.MustCompile(`<g unicode="[^"]*" glyph="[^"]*"`)
	// The word space after an emoji is the colour face's space glyph (the
	// layout draws a run's space in its face), which paints nothing.
	traceSpace = regexp.MustCompile(`<g unicode=" " glyph="[^"]*"`)
)

// colourGlyphs counts the glyphs drawn from Type 3 fonts, and all others,
// spaces left out.
func colourGlyphs(t *testing.T, pdfBytes []byte) (colour, other int) {
	t.Helper()
	path := savePDF(t, pdfBytes)
	trace := runTool(t, "mutool", "trace", path)
	spans := traceSpan.FindAllStringSubmatchIndex(trace, -1)
	for i, sp := range spans {
		end := len(trace)
		if i+1 < len(spans) {
			end = spans[i+1][0]
		}
		n := len(traceGlyphDraw.FindAllString(trace[sp[0]:end], -1)) - len(traceSpace.FindAllString(trace[sp[0]:end], -1))
		if strings.Contains(trace[sp[2]:sp[3]], "+") {
			other += n
		} else {
			colour += n
		}
	}
	return colour, other
}

func savePDF(t *testing.T, data []byte) string {
	t.Helper()
	path := t.TempDir() + "/doc.pdf"
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(pdftest.Tool(t, name), args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// Every sequence of the sample is drawn as one glyph of the colour face's
// Type 3 fonts, and pdftotext gives back its characters, in order.
func TestEmojiSequences(t *testing.T) {
	seqs := emojiSample(t)
	kinds := map[string]int{}
	for _, s := range seqs {
		kinds[emojiKind([]rune(s))]++
	}
	for _, k := range []string{"plain", "fe0f", "keycap", "modifier", "flag", "tag", "zwj"} {
		if kinds[k] == 0 {
			t.Errorf("the sample has no sequence of kind %s", k)
		}
	}
	if len(seqs) < 200 || kinds["keycap"] != 12 {
		t.Fatalf("%d sequences (%v), want at least 200 and the 12 keycaps", len(seqs), kinds)
	}
	a := &article.Article{Title: "Emoji", Lang: "en"}
	for i := 0; i < len(seqs); i += 10 {
		a.Body = append(a.Body, article.Para(strings.Join(seqs[i:min(i+10, len(seqs))], " ")))
	}
	data, _ := renderPDF(t, a, Options{})
	pdftest.Check(t, data)
	colour, _ := colourGlyphs(t, data)
	if colour != len(seqs) {
		t.Errorf("%d sequences drew %d colour glyphs, want one each", len(seqs), colour)
	}
	got := pdftest.RawText(t, data, 0)
	at := 0
	for _, s := range seqs {
		i := strings.Index(got[at:], s)
		if i < 0 {
			t.Errorf("pdftotext lost %+q (%s) or gave it out of order", s, emojiKind([]rune(s)))
			continue
		}
		at += i + len(s)
	}
	t.Logf("%d sequences: %v", len(seqs), kinds)
}

// Text presentation stays in the text faces: "☺︎" and "☺" are drawn from
// outline faces, "☺️" from the colour face; each comes back as written.
func TestEmojiTextPresentation(t *testing.T) {
	for _, c := range []struct {
		s      string
		colour int
	}{
		{"smile \u263A\uFE0E here", 0},
		{"smile \u263A here", 0},
		{"smile \u263A\uFE0F here", 1},
		{"\u263A\uFE0E \u263A \u263A\uFE0F \u00A9 \u00A9\uFE0F \u2122 7 7\uFE0F\u20E3", 3},
	} {
		data, _ := renderPDF(t, &article.Article{Title: "T", Lang: "en", Body: []article.Block{article.Para(c.s)}}, Options{})
		if colour, _ := colourGlyphs(t, data); colour != c.colour {
			t.Errorf("%+q: %d colour glyphs, want %d", c.s, colour, c.colour)
		}
		// pdftotext drops a word space after a variation selector (it
		// did so before colour emoji too, with ☺︎ from DejaVu Sans): the
		// text is compared without spaces.
		got := strings.ReplaceAll(pdftest.RawText(t, data, 0), " ", "")
		if !strings.Contains(got, strings.ReplaceAll(c.s, " ", "")) {
			t.Errorf("%+q: pdftotext gave %+q", c.s, got)
		}
	}
}

// emojiArticle is an article of n paragraphs, each a sentence with the
// given emoji in turn.
func emojiArticle(emoji []string, n int) *article.Article {
	a := &article.Article{Title: "Emoji in the news", Lang: "en"}
	for i := range n {
		a.Body = append(a.Body, article.Para(fmt.Sprintf("The ferry %s left the harbour at %d o'clock %s and reached the island %s before noon.",
			emoji[(3*i)%len(emoji)], i%12+1, emoji[(3*i+1)%len(emoji)], emoji[(3*i+2)%len(emoji)])))
	}
	return a
}

// hundredEmoji is 100 distinct emoji from the sample.
func hundredEmoji(t testing.TB) []string {
	seqs := emojiSample(t)
	var out []string
	for i := 0; len(out) < 100; i++ {
		out = append(out, seqs[i*len(seqs)/100])
	}
	return out
}

var imageObject = regexp.MustCompile(`/Subtype /Image`)

// Each picture is embedded once, however often it is drawn: an emoji
// repeated 50 times is one picture (and its soft mask), 100 distinct ones
// a hundred. Reports the size of an article with 100 distinct emoji.
func TestEmojiPicturesOnce(t *testing.T) {
	one := emojiArticle([]string{"🚢"}, 17) // 51 times
	data, _ := renderPDF(t, one, Options{})
	if n := len(imageObject.FindAllString(pdftest.Uncompressed(t, data), -1)); n != 2 {
		t.Errorf("one emoji drawn 51 times: %d image objects, want 2 (the picture and its mask)", n)
	}
	hundred := hundredEmoji(t)
	a := emojiArticle(hundred, 100) // each drawn three times
	with, _ := renderPDF(t, a, Options{})
	n := len(imageObject.FindAllString(pdftest.Uncompressed(t, with), -1))
	if n < 100 || n > 200 {
		t.Errorf("100 distinct emoji: %d image objects, want one picture and at most one mask each", n)
	}
	if colour, _ := colourGlyphs(t, with); colour != 300 {
		t.Errorf("%d colour glyphs drawn, want 300", colour)
	}
	plain := emojiArticle([]string{"x"}, 100)
	without, _ := renderPDF(t, plain, Options{})
	t.Logf("100 distinct emoji, 300 drawn: %d bytes, %d image objects; the same article with 'x' for each: %d bytes (%.1f KB an emoji)",
		len(with), n, len(without), float64(len(with)-len(without))/100/1024)
}

// BenchmarkEmoji renders the article with 100 distinct emoji (and, for
// comparison, the same article with a letter in their place).
func BenchmarkEmoji(b *testing.B) {
	hundred := hundredEmoji(b)
	for _, c := range []struct {
		name string
		a    *article.Article
	}{{"100-emoji", emojiArticle(hundred, 100)}, {"no-emoji", emojiArticle([]string{"x"}, 100)}} {
		b.Run(c.name, func(b *testing.B) {
			var size int64
			for b.Loop() {
				var buf bytes.Buffer
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				res, err := Render(ctx, &buf, c.a, Options{})
				cancel()
				if err != nil {
					b.Fatal(err)
				}
				size = res.Bytes
			}
			b.ReportMetric(float64(size), "bytes/doc")
		})
	}
}

// A character of an emoji's cluster that the colour face lacks (here a
// combining mark no face has with the emoji: DejaVu Sans, which has a
// monochrome 😀 and the common accents, would take those whole) is its .notdef, which has no picture in Noto: it paints
// nothing, the document is sound, and the text comes back whole.
func TestEmojiClusterWithAMissingCharacter(t *testing.T) {
	s := "smile \U0001F600\u0350 here"
	data, res := renderPDF(t, &article.Article{Title: "T", Lang: "en", Body: []article.Block{article.Para(s)}}, Options{})
	pdftest.Check(t, data)
	if colour, _ := colourGlyphs(t, data); colour != 2 { // the picture and the .notdef
		t.Errorf("%d colour glyphs, want 2", colour)
	}
	if res.MissingGlyphs != 1 {
		t.Errorf("%d missing characters, want 1", res.MissingGlyphs)
	}
	if got := pdftest.RawText(t, data, 0); !strings.Contains(got, "\U0001F600\u0350") {
		t.Errorf("pdftotext gave %+q", got)
	}
}
