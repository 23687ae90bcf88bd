package fpdf

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testdata/DejaVuSans-subset.ttf is DejaVu Sans cut to these glyphs
// (testdata/README.md says how), glyph ID = index.
var testGlyphNames = []string{".notdef", "space", "comma", "period", "A", "H", "T", "V", "W",
	"a", "c", "e", "f", "i", "l", "n", "o", "r", "s", "t", "x", "acutecomb"}

// testGlyphFont is the test font as a caller would hand it over: widths
// from its hmtx, and ToUnicode mapping most glyphs to their character, but
// "f" to "ffi" (as a ligature would) and "x" to U+1D400, beyond the BMP.
func testGlyphFont(t testing.TB) GlyphFont {
	t.Helper()
	prog, err := os.ReadFile(filepath.Join("testdata", "DejaVuSans-subset.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string][]byte{}
	n := int(binary.BigEndian.Uint16(prog[4:]))
	for i := range n {
		rec := prog[12+16*i:]
		off, size := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		tables[string(rec[:4])] = prog[off : off+size]
	}
	u16 := func(tag string, at int) int { return int(binary.BigEndian.Uint16(tables[tag][at:])) }
	s16 := func(tag string, at int) int { return int(int16(binary.BigEndian.Uint16(tables[tag][at:]))) }
	numGlyphs, numHMetrics := u16("maxp", 4), u16("hhea", 34)
	widths := make([]int, numGlyphs)
	for gid := range widths {
		widths[gid] = u16("hmtx", 4*min(gid, numHMetrics-1))
	}
	if numGlyphs != len(testGlyphNames) {
		t.Fatalf("the test font has %d glyphs, the test knows %d", numGlyphs, len(testGlyphNames))
	}
	toUnicode := []string{"", " ", ",", ".", "A", "H", "T", "V", "W", "a", "c", "e", "ffi", "i", "l", "n", "o", "r", "s", "t",
		"\U0001D400", "\u0301"}
	return GlyphFont{
		Program:    prog,
		UnitsPerEm: u16("head", 18),
		Widths:     widths,
		ToUnicode:  toUnicode,
		Ascent:     s16("hhea", 4),
		Descent:    s16("hhea", 6),
		CapHeight:  1493,
		BBox:       [4]int{s16("head", 36), s16("head", 38), s16("head", 40), s16("head", 42)},
		Flags:      32,
		StemV:      180,
		Name:       "DejaVu Sans (subset)",
	}
}

func glyphID(t testing.TB, name string) uint16 {
	for i, n := range testGlyphNames {
		if n == name {
			return uint16(i)
		}
	}
	t.Fatalf("no glyph %q", name)
	return 0
}

// run lays out glyphs by name with their advances at size pt, in user
// units of k pt, plus extra[i] user units before glyph i (kerning).
func run(t testing.TB, def GlyphFont, size, k float64, names string, extra map[int]float64) []PlacedGlyph {
	var out []PlacedGlyph
	x := 0.0
	for i, name := range strings.Fields(names) {
		x += extra[i]
		id := glyphID(t, name)
		out = append(out, PlacedGlyph{ID: id, X: x})
		x += float64(def.Widths[id]) * size / float64(def.UnitsPerEm) / k
	}
	return out
}

type glyphTestRun struct {
	x, y   float64
	glyphs []PlacedGlyph
	actual []ActualText
	text   string // what pdftotext should give back
}

// glyphTestDoc is an A4 document in millimetres (so that the scale factor
// is exercised) with core-font text and the glyph-font runs.
func glyphTestDoc(t testing.TB) (*Fpdf, []glyphTestRun) {
	def := testGlyphFont(t)
	const size = 14.0
	k := 72 / 25.4
	pdf := New("P", "mm", "A4", "")
	pdf.SetCreationDate(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	pdf.AddGlyphFont("Shaped", def)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	pdf.Text(20, 20, "Core font text")

	mark := run(t, def, size, k, "r o s e acutecomb", nil)
	// The mark sits over the "e": centred on it and raised a little, as a
	// shaper's mark positioning would put it.
	e := mark[3]
	eWidth := float64(def.Widths[e.ID]) * size / float64(def.UnitsPerEm) / k
	mark[4].X = e.X + eWidth/2
	mark[4].Y = -0.7
	runs := []glyphTestRun{
		{x: 20, y: 40, glyphs: run(t, def, size, k, "A V A space H o t e l space o f c e",
			map[int]float64{1: -0.6, 2: -0.6, 4: 0.25}), text: "AVA Hotel office"},
		{x: 20, y: 60, glyphs: mark, text: "rose\u0301"},
		{x: 20, y: 80, glyphs: run(t, def, size, k, "c a t space x", nil),
			actual: []ActualText{{From: 0, To: 3, Text: "dog"}}, text: "dog \U0001D400"},
	}
	pdf.SetTextColor(200, 0, 0)
	pdf.SetFont("Shaped", "", size)
	for _, r := range runs {
		pdf.GlyphText(r.x, r.y, r.glyphs, r.actual)
	}
	pdf.SetFont("Helvetica", "", 12)
	pdf.Text(20, 100, "More core text")
	// fpdf's own UTF-8 font from the same program, beside the glyph font.
	pdf.AddUTF8FontFromBytes("utf8", "", def.Program)
	pdf.SetFont("utf8", "", 12)
	pdf.Text(20, 120, "Hotel text")
	return pdf, runs
}

func writePDF(t testing.TB, pdf *Fpdf) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// needTool finds a reference tool, skipping the test where it is missing,
// but failing in CI, where it must be installed.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed, and CI must run this test", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return path
}

func savePDF(t *testing.T, data []byte) string {
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(needTool(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// The document passes qpdf's structural check, compressed, uncompressed
// and encrypted.
func TestGlyphTextQpdfCheck(t *testing.T) {
	for _, mode := range []string{"compressed", "uncompressed", "encrypted"} {
		t.Run(mode, func(t *testing.T) {
			pdf, _ := glyphTestDoc(t)
			pdf.SetCompression(mode != "uncompressed")
			if mode == "encrypted" {
				pdf.SetProtection(CnProtectPrint, "", "owner")
			}
			out := runTool(t, "qpdf", "--check", savePDF(t, writePDF(t, pdf)))
			if !strings.Contains(out, "No syntax or stream encoding errors found") {
				t.Errorf("qpdf --check:\n%s", out)
			}
		})
	}
}

// pdftotext gives the text back from the ToUnicode map (a glyph standing
// for "ffi", one for a character beyond the BMP) and from ActualText.
func TestGlyphTextPdftotext(t *testing.T) {
	pdf, runs := glyphTestDoc(t)
	text := runTool(t, "pdftotext", "-enc", "UTF-8", savePDF(t, writePDF(t, pdf)), "-")
	want := []string{"Core font text", "More core text", "Hotel text"}
	for _, r := range runs {
		want = append(want, r.text)
	}
	// Poppler may compose e and U+0301 into é.
	text = strings.ReplaceAll(text, "é", "e\u0301")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("pdftotext lacks %q:\n%s", w, text)
		}
	}
	if strings.Contains(text, "cat") {
		t.Errorf("the ActualText span's glyphs were extracted as themselves:\n%s", text)
	}
}

var (
	traceSpan  = regexp.MustCompile(`<span font="([^"]*)"`)
	traceGlyph = regexp.MustCompile(`<g unicode="[^"]*"(?: glyph="([^"]*)")? x="([-0-9.]+)" y="([-0-9.]+)"`)
)

// mutool trace shows every glyph drawn where it was placed: the glyph IDs
// in order, within 0.01 pt, including glyphs moved by kerning and a mark
// off the baseline.
func TestGlyphTextMutoolTrace(t *testing.T) {
	pdf, runs := glyphTestDoc(t)
	k, hPt := pdf.k, pdf.hPt
	trace := runTool(t, "mutool", "trace", savePDF(t, writePDF(t, pdf)))
	// The glyph font's spans (the core font's text is traced too), and in
	// them the glyphs: mutool adds an entry without a glyph for each
	// further character of a glyph's text ("ffi"), left out here.
	var got [][3]string
	spans := traceSpan.FindAllStringSubmatchIndex(trace, -1)
	for i, sp := range spans {
		if !strings.Contains(trace[sp[2]:sp[3]], "+DejaVuSans") {
			continue
		}
		end := len(trace)
		if i+1 < len(spans) {
			end = spans[i+1][0]
		}
		for _, m := range traceGlyph.FindAllStringSubmatch(trace[sp[0]:end], -1) {
			if m[1] != "" {
				got = append(got, [3]string{m[1], m[2], m[3]})
			}
		}
	}
	var want []PlacedGlyph
	var origins [][2]float64
	for _, r := range runs {
		for _, g := range r.glyphs {
			want = append(want, g)
			origins = append(origins, [2]float64{r.x, r.y})
		}
	}
	if len(got) != len(want) {
		t.Fatalf("mutool traced %d glyphs of the glyph font, want %d:\n%s", len(got), len(want), trace)
	}
	// mutool gives positions in PDF space, y up.
	for i, g := range want {
		id, err := strconv.Atoi(got[i][0])
		x, _ := strconv.ParseFloat(got[i][1], 64)
		y, _ := strconv.ParseFloat(got[i][2], 64)
		wantX, wantY := (origins[i][0]+g.X)*k, hPt-(origins[i][1]+g.Y)*k
		if err != nil || id != int(g.ID) || math.Abs(x-wantX) > 0.01 || math.Abs(y-wantY) > 0.01 {
			t.Errorf("glyph %d: traced glyph %s at (%s, %s), want glyph %d at (%.3f, %.3f)",
				i, got[i][0], got[i][1], got[i][2], g.ID, wantX, wantY)
		}
	}
}

// contentOf is the document's only page's content stream, uncompressed.
func contentOf(t testing.TB, pdf *Fpdf) string {
	t.Helper()
	if pdf.err != nil {
		t.Fatal(pdf.err)
	}
	return pdf.pages[1].String()
}

// tjOperand matches the parts of a text object that move glyphs.
var textOps = regexp.MustCompile(`(-?[0-9.]+) (-?[0-9.]+) Td|\[([^\]]*)\] TJ`)
var tjPart = regexp.MustCompile(`<([0-9A-F]+)>|-?[0-9.]+`)

// drawnPositions runs a text object as a viewer would: from the Td and TJ
// operands and the widths /W gives, where each glyph is drawn, in points.
func drawnPositions(t testing.TB, content string, g *glyphFont, size float64) (ids []uint16, pos [][2]float64) {
	var lineX, lineY, penX float64
	for _, op := range textOps.FindAllStringSubmatch(content, -1) {
		if op[1] != "" {
			dx, _ := strconv.ParseFloat(op[1], 64)
			dy, _ := strconv.ParseFloat(op[2], 64)
			lineX, lineY = lineX+dx, lineY+dy
			penX = lineX
			continue
		}
		for _, part := range tjPart.FindAllStringSubmatch(op[3], -1) {
			if part[1] == "" {
				adj, err := strconv.ParseFloat(part[0], 64)
				if err != nil {
					t.Fatal(err)
				}
				penX -= adj / 1000 * size
				continue
			}
			for h := part[1]; h != ""; h = h[4:] {
				id, _ := strconv.ParseUint(h[:4], 16, 16)
				ids = append(ids, uint16(id))
				pos = append(pos, [2]float64{penX, lineY})
				penX += g.width(int(id)) / 1000 * size
			}
		}
	}
	return ids, pos
}

// Every glyph is drawn within 0.001 pt of its place, whatever the size and
// however long the run: adjustments are computed from where the written
// widths put the pen, so rounding never adds up. Where the caller's
// advances are the font's own, adjustments are rare.
func TestGlyphTextPositions(t *testing.T) {
	def := testGlyphFont(t)
	for _, size := range []float64{6, 10.5, 14, 72, 333.3} {
		for _, kerned := range []bool{false, true} {
			pdf := New("P", "pt", "A4", "")
			pdf.SetCompression(false)
			pdf.AddGlyphFont("shaped", def)
			pdf.SetFont("shaped", "", size)
			pdf.AddPage()
			var glyphs []PlacedGlyph
			x := 0.0
			for i := range 500 {
				id := uint16(1 + i*5%(len(def.Widths)-1))
				y := 0.0
				if kerned {
					x += float64(i%5-2) * 0.0137 * size
					if i%9 == 4 {
						y = -0.3 * size
					}
				}
				glyphs = append(glyphs, PlacedGlyph{ID: id, X: x, Y: y})
				x += float64(def.Widths[id]) * size / float64(def.UnitsPerEm)
			}
			pdf.GlyphText(10.25, 400.5, glyphs, nil)
			content := contentOf(t, pdf)
			ids, pos := drawnPositions(t, content, pdf.fonts["shaped"].glyph, size)
			if len(ids) != len(glyphs) {
				t.Fatalf("size %g: %d glyphs drawn, want %d", size, len(ids), len(glyphs))
			}
			worst := 0.0
			for i, g := range glyphs {
				wantX, wantY := 10.25+g.X, pdf.hPt-400.5-g.Y
				d := math.Max(math.Abs(pos[i][0]-wantX), math.Abs(pos[i][1]-wantY))
				worst = math.Max(worst, d)
				if ids[i] != g.ID || d > 0.001 {
					t.Fatalf("size %g kerned %v: glyph %d is %d at %.4f %.4f, want %d at %.4f %.4f",
						size, kerned, i, ids[i], pos[i][0], pos[i][1], g.ID, wantX, wantY)
				}
			}
			// /W rounds a width by at most 0.0005/1000 em, so the pen
			// drifts from the caller's advances by at most
			// 0.0005*size/1000 pt a glyph, and an adjustment is due
			// each time that adds up to the 0.0005 pt tolerated.
			adjustments := len(regexp.MustCompile(`>-?[0-9]`).FindAllString(content, -1))
			if bound := int(float64(len(glyphs)) * size / 1000); !kerned && adjustments > bound {
				t.Errorf("size %g: %d TJ adjustments for a run at the font's own advances, more than %d:\n%s",
					size, adjustments, bound, content)
			}
			t.Logf("size %g kerned %v: worst error %.5f pt, %d adjustments, %d bytes", size, kerned, worst, adjustments, len(content))
		}
	}
}

// The text colour is set as Text sets it: inside q … Q when it differs
// from the fill colour.
func TestGlyphTextColour(t *testing.T) {
	def := testGlyphFont(t)
	text := func(r, g, b int, glyph bool) string {
		pdf := New("P", "pt", "A4", "")
		pdf.AddGlyphFont("shaped", def)
		pdf.AddPage()
		pdf.SetTextColor(r, g, b)
		if glyph {
			pdf.SetFont("shaped", "", 12)
			pdf.GlyphText(10, 20, []PlacedGlyph{{ID: 4}}, nil)
		} else {
			pdf.SetFont("helvetica", "", 12)
			pdf.Text(10, 20, "A")
		}
		lines := strings.Split(strings.TrimSpace(contentOf(t, pdf)), "\n")
		return lines[len(lines)-1]
	}
	for _, c := range [][3]int{{0, 0, 0}, {200, 10, 0}, {128, 128, 128}} {
		plain, glyph := text(c[0], c[1], c[2], false), text(c[0], c[1], c[2], true)
		prefix := func(s string) string { return s[:strings.Index(s, "BT")] }
		if prefix(plain) != prefix(glyph) || strings.HasPrefix(plain, "q") != strings.HasSuffix(glyph, "Q") {
			t.Errorf("colour %v: Text writes %q, GlyphText %q", c, plain, glyph)
		}
	}
}

// The font objects: a Type0 font over a CIDFontType2 with Identity
// encoding and CID-to-GID map, /W naming only the glyphs drawn, a font
// descriptor scaled to 1000 units per em, and a subset-tagged name.
func TestGlyphFontObjects(t *testing.T) {
	def := testGlyphFont(t)
	pdf := New("P", "pt", "A4", "")
	pdf.SetCompression(false)
	pdf.AddGlyphFont("shaped", def)
	pdf.SetFont("shaped", "", 12)
	pdf.AddPage()
	// A, V (same width as A), H, e, and o far away.
	pdf.GlyphText(10, 20, []PlacedGlyph{{ID: 4}, {ID: 7, X: 8}, {ID: 5, X: 16}, {ID: 11, X: 26}, {ID: 16, X: 33}, {ID: 4, X: 40}}, nil)
	out := string(writePDF(t, pdf))
	for _, want := range []string{
		"/Subtype /Type0 /BaseFont /GTZPEM+DejaVuSanssubset /Encoding /Identity-H /DescendantFonts [",
		"/Subtype /CIDFontType2 /BaseFont /GTZPEM+DejaVuSanssubset\n/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>",
		// No width is whole, so /DW (an integer, ISO 32000-1 table 117) is
		// the default and every width drawn is listed.
		"/CIDToGIDMap /Identity\n/DW 1000 /W [4 [684.082 751.953]\n7 [684.082]\n11 [615.234]\n16 [611.816]]\n>>",
		"/FontName /GTZPEM+DejaVuSanssubset /Flags 32 /FontBBox [-1021 -463 1793 1232] /ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 88 /FontFile2 ",
		"/Length1 2980>>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	if !strings.Contains(out, string(def.Program)) {
		t.Error("the font program is not embedded as it is")
	}
	if pdfFontName("Noto Sans/Devanagari (Bold)#2 ünï") != "NotoSansDevanagariBold2n" || pdfFontName("  ") != "Font" ||
		len(pdfFontName(strings.Repeat("x", 100))) != 56 {
		t.Error("font names are not sanitised")
	}
}

// The ToUnicode CMap: bfrange for consecutive glyphs standing for
// consecutive characters (not across a multiple of 256), bfchar for the
// rest, several characters for one glyph, surrogate pairs beyond the BMP,
// nothing for glyphs without text or never drawn, and at most 100 entries
// a section.
func TestGlyphFontToUnicode(t *testing.T) {
	n := 600
	g := &glyphFont{def: GlyphFont{Widths: make([]int, n), ToUnicode: make([]string, n), UnitsPerEm: 1000}, used: make([]uint64, (n+63)/64)}
	use := func(gids ...int) {
		for _, gid := range gids {
			g.used[gid>>6] |= 1 << (gid & 63)
		}
	}
	if g.toUnicodeCMap() != nil {
		t.Error("a CMap with no entries")
	}
	for i := range 5 {
		g.def.ToUnicode[10+i] = string(rune('a' + i))
	}
	g.def.ToUnicode[15] = "ffi"
	g.def.ToUnicode[16] = "\U0001D400"
	g.def.ToUnicode[17] = "" // drawn, no text
	g.def.ToUnicode[18] = "x"
	g.def.ToUnicode[19] = "y" // never drawn
	g.def.ToUnicode[254], g.def.ToUnicode[255], g.def.ToUnicode[256] = "\u00fe", "\u00ff", "\u0100"
	use(10, 11, 12, 13, 14, 15, 16, 17, 18, 254, 255, 256)
	for gid := 300; gid < 600; gid += 2 {
		g.def.ToUnicode[gid] = string(rune(0x4e00 + gid))
		use(gid)
	}
	cmap := string(g.toUnicodeCMap())
	for _, want := range []string{
		"<000A> <000E> <0061>\n",
		"<000F> <006600660069>\n",
		"<0010> <D835DC00>\n",
		"<0012> <0078>\n",
		"<00FE> <00FF> <00FE>\n",
		"<0100> <0100>\n",
		"<012C> <4F2C>\n",
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
		"100 beginbfchar\n",
		"54 beginbfchar\n",
		"2 beginbfrange\n",
	} {
		if !strings.Contains(cmap, want) {
			t.Errorf("the CMap lacks %q:\n%s", want, cmap)
		}
	}
	for _, unwanted := range []string{"<0011>", "<0013>", "<00FE> <0100>"} {
		if strings.Contains(cmap, unwanted) {
			t.Errorf("the CMap has %q:\n%s", unwanted, cmap)
		}
	}
}

// Two writes of a document give the same bytes: with a core font beside
// the glyph font and a sorted catalog, and with the glyph font alone.
func TestGlyphTextDeterministic(t *testing.T) {
	for _, sorted := range []bool{true, false} {
		doc := func() []byte {
			pdf, _ := glyphTestDoc(t)
			if !sorted {
				pdf = New("P", "mm", "A4", "")
				pdf.SetCreationDate(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
				pdf.SetModificationDate(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
				pdf.AddGlyphFont("shaped", testGlyphFont(t))
				pdf.SetFont("shaped", "", 11)
				pdf.AddPage()
				pdf.GlyphText(10, 20, run(t, testGlyphFont(t), 11, pdf.k, "H o t e l", map[int]float64{2: 0.1}), []ActualText{{1, 3, "ot"}})
			}
			pdf.SetCatalogSort(sorted)
			return writePDF(t, pdf)
		}
		if a, b := doc(), doc(); !bytes.Equal(a, b) {
			t.Errorf("sorted catalog %v: two writes differ (%d and %d bytes)", sorted, len(a), len(b))
		}
	}
}

// Mistakes are reported through the document's error, never as a panic,
// and leave the page as it was.
func TestGlyphTextErrors(t *testing.T) {
	def := testGlyphFont(t)
	with := func(change func(*GlyphFont)) GlyphFont {
		d := def
		change(&d)
		return d
	}
	cases := []struct {
		name string
		do   func(pdf *Fpdf)
		want string
	}{
		{"nil program", func(pdf *Fpdf) { pdf.AddGlyphFont("g", with(func(d *GlyphFont) { d.Program = nil })) }, "font program is empty"},
		{"empty program", func(pdf *Fpdf) { pdf.AddGlyphFont("g", with(func(d *GlyphFont) { d.Program = []byte{} })) }, "font program is empty"},
		{"no widths", func(pdf *Fpdf) { pdf.AddGlyphFont("g", with(func(d *GlyphFont) { d.Widths = nil })) }, "no glyph widths"},
		{"zero units per em", func(pdf *Fpdf) { pdf.AddGlyphFont("g", with(func(d *GlyphFont) { d.UnitsPerEm = 0 })) }, "UnitsPerEm is 0"},
		{"negative units per em", func(pdf *Fpdf) { pdf.AddGlyphFont("g", with(func(d *GlyphFont) { d.UnitsPerEm = -1 })) }, "UnitsPerEm is -1"},
		{"too many widths", func(pdf *Fpdf) {
			pdf.AddGlyphFont("g", with(func(d *GlyphFont) { d.Widths = make([]int, 70000) }))
		}, "more than the 65,536"},
		{"ToUnicode longer than Widths", func(pdf *Fpdf) {
			pdf.AddGlyphFont("g", with(func(d *GlyphFont) { d.ToUnicode = make([]string, 30) }))
		}, "30 ToUnicode entries for 22 glyphs"},
		{"another font under the family", func(pdf *Fpdf) {
			pdf.AddGlyphFont("shaped", with(func(d *GlyphFont) { d.Name = "Other" }))
		}, "already defined"},
		{"glyph ID beyond the font", func(pdf *Fpdf) {
			pdf.GlyphText(10, 10, []PlacedGlyph{{ID: 4}, {ID: 22, X: 5}}, nil)
		}, "glyph 1 has ID 22, but the font has 22 glyphs"},
		{"no glyph font selected", func(pdf *Fpdf) {
			pdf.currentFont, pdf.fontFamily = pdf.fonts["helvetica"], "helvetica"
			pdf.GlyphText(10, 10, []PlacedGlyph{{ID: 4}}, nil)
		}, `the current font "helvetica" is not a glyph font`},
		// These two make a document of their own and pass its error on.
		{"no font selected", func(pdf *Fpdf) {
			doc := New("P", "pt", "A4", "")
			doc.AddPage()
			doc.GlyphText(10, 10, []PlacedGlyph{{ID: 4}}, nil)
			pdf.SetError(doc.Error())
		}, `the current font "" is not a glyph font`},
		{"no page", func(pdf *Fpdf) {
			doc := New("P", "pt", "A4", "")
			doc.AddGlyphFont("shaped", def)
			doc.SetFont("shaped", "", 12)
			doc.GlyphText(10, 10, []PlacedGlyph{{ID: 4}}, nil)
			pdf.SetError(doc.Error())
		}, "no page to draw on"},
		{"font size zero", func(pdf *Fpdf) {
			pdf.fontSizePt = 0
			pdf.GlyphText(10, 10, []PlacedGlyph{{ID: 4}}, nil)
		}, "the font size is 0 pt"},
		{"position not finite", func(pdf *Fpdf) {
			pdf.GlyphText(10, 10, []PlacedGlyph{{ID: 4, X: math.NaN()}}, nil)
		}, "not finite"},
		{"ActualText empty range", func(pdf *Fpdf) {
			pdf.GlyphText(10, 10, []PlacedGlyph{{ID: 4}, {ID: 5}}, []ActualText{{1, 1, "x"}})
		}, "ActualText 0 covers glyphs [1, 1) of 2"},
		{"ActualText beyond the run", func(pdf *Fpdf) {
			pdf.GlyphText(10, 10, []PlacedGlyph{{ID: 4}, {ID: 5}}, []ActualText{{1, 3, "x"}})
		}, "ActualText 0 covers glyphs [1, 3) of 2"},
		{"ActualText overlapping", func(pdf *Fpdf) {
			pdf.GlyphText(10, 10, []PlacedGlyph{{ID: 4}, {ID: 5}, {ID: 6}}, []ActualText{{0, 2, "x"}, {1, 3, "y"}})
		}, "ActualText 1 covers glyphs [1, 3) of 3"},
		{"Text with a glyph font", func(pdf *Fpdf) { pdf.Text(10, 10, "A") }, "draw it with GlyphText"},
		{"GetStringWidth with a glyph font", func(pdf *Fpdf) { pdf.GetStringWidth("A") }, "it has no widths for text"},
		// Cell writes its text after GetStringWidth fails; the error
		// keeps the page from being output all the same.
		{"Cell with a glyph font", func(pdf *Fpdf) { pdf.CellFormat(0, 10, "A", "", 0, "C", false, 0, "") }, "it has no widths for text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pdf := New("P", "pt", "A4", "")
			pdf.AddGlyphFont("shaped", def)
			pdf.SetFont("helvetica", "", 12)
			pdf.SetFont("shaped", "", 12)
			pdf.AddPage()
			before := contentOf(t, pdf)
			c.do(pdf)
			if pdf.err == nil || !strings.Contains(pdf.err.Error(), c.want) {
				t.Fatalf("error %v, want one saying %q", pdf.err, c.want)
			}
			if after := pdf.pages[1].String(); after != before && !strings.HasPrefix(c.name, "Cell") {
				t.Errorf("the page changed: %q", after[len(before):])
			}
			if err := pdf.Output(new(bytes.Buffer)); err == nil {
				t.Error("Output succeeded after the error")
			}
		})
	}
	// The same definition again under the same family is no mistake.
	pdf := New("P", "pt", "A4", "")
	pdf.AddGlyphFont("Shaped", def)
	pdf.AddGlyphFont("shaped", def)
	pdf.AddGlyphFont("other", def)
	if pdf.err != nil {
		t.Error(pdf.err)
	}
	if pdf.fonts["shaped"].i == pdf.fonts["other"].i {
		t.Error("two families share a resource name")
	}
}

// A document with a glyph font builds no table indexed by character (fpdf's
// UTF-8 fonts build a 65,536-entry width table and CIDToGIDMap per face):
// a whole document, font program embedded and compressed, allocates about
// what the font program and the page take.
func TestGlyphFontAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop writers at random")
	}
	def := testGlyphFont(t)
	glyphs := run(t, def, 12, 1, "H o t e l space o f c e", nil)
	doc := func() {
		pdf := New("P", "pt", "A4", "")
		pdf.AddGlyphFont("shaped", def)
		pdf.SetFont("shaped", "", 12)
		pdf.AddPage()
		pdf.GlyphText(10, 20, glyphs, nil)
		if err := pdf.Output(io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	doc() // writers in the pool
	allocs := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			doc()
		}
	}).AllocedBytesPerOp()
	t.Logf("a document with one glyph font allocates %d bytes", allocs)
	if allocs > 128<<10 {
		t.Errorf("a document with one glyph font allocates %d bytes: a 65,536-entry width table alone is 512 KiB", allocs)
	}
}

// Drawing a run allocates nothing once the page's buffer has room: the
// operators are built in a buffer the font keeps and written to the page
// without a string copy (a run was two allocations, and a tenfold article
// draws a thousand).
func TestGlyphTextAllocatesNothing(t *testing.T) {
	def := testGlyphFont(t)
	glyphs := run(t, def, 12, 1, "H o t e l space o f c e", nil)
	pdf := New("P", "pt", "A4", "")
	pdf.AddGlyphFont("shaped", def)
	pdf.SetFont("shaped", "", 12)
	pdf.AddPage()
	pdf.GlyphText(10, 20, glyphs, nil)
	pdf.pages[pdf.page].Grow(1 << 20) // the page's own growth aside
	if n := testing.AllocsPerRun(100, func() { pdf.GlyphText(10, 20, glyphs, nil) }); n != 0 {
		t.Errorf("GlyphText allocates %v times a run", n)
	}
	if err := pdf.Error(); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkGlyphFontDocument(b *testing.B) {
	def := testGlyphFont(b)
	glyphs := run(b, def, 12, 1, "H o t e l space o f c e", nil)
	b.ReportAllocs()
	for b.Loop() {
		pdf := New("P", "pt", "A4", "")
		pdf.AddGlyphFont("shaped", def)
		pdf.SetFont("shaped", "", 12)
		pdf.AddPage()
		for i := range 40 {
			pdf.GlyphText(10, 20+float64(i)*18, glyphs, nil)
		}
		if err := pdf.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// A program compressed by the caller with CompressGlyphProgram gives the
// very bytes fpdf writes when it compresses the program itself, and is
// ignored by a document that is not compressed or is encrypted.
func TestGlyphFontCompressedProgram(t *testing.T) {
	def := testGlyphFont(t)
	glyphs := run(t, def, 12, 1, "H o t e l space o f c e", nil)
	doc := func(def GlyphFont, compress, encrypt bool) []byte {
		pdf := New("P", "pt", "A4", "")
		pdf.SetCompression(compress)
		if encrypt {
			pdf.SetProtection(0, "user", "owner")
		}
		pdf.SetCreationDate(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
		pdf.AddGlyphFont("shaped", def)
		pdf.SetFont("shaped", "", 12)
		pdf.AddPage()
		pdf.GlyphText(10, 20, glyphs, nil)
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	pre := def
	pre.Compressed = CompressGlyphProgram(def.Program)
	if !bytes.Equal(doc(def, true, false), doc(pre, true, false)) {
		t.Error("a compressed document differs with the program compressed beforehand")
	}
	wrong := def
	wrong.Compressed = []byte("not the program")
	if !bytes.Equal(doc(def, false, false), doc(wrong, false, false)) {
		t.Error("an uncompressed document uses Compressed")
	}
	if bytes.Contains(doc(wrong, true, true), wrong.Compressed) {
		t.Error("an encrypted document writes Compressed as it is")
	}
	if !bytes.Contains(doc(wrong, true, false), wrong.Compressed) {
		t.Error("a compressed document does not write Compressed")
	}
}

// Patch 15: the font descriptor names a CIDSet, a bit for every CID of the
// program (22 glyphs: 0xFF 0xFF 0xFC), compressed when the document is,
// and readable when it is encrypted.
func TestGlyphFontCIDSet(t *testing.T) {
	for n, want := range map[int][]byte{1: {0x80}, 8: {0xff}, 9: {0xff, 0x80}, 22: {0xff, 0xff, 0xfc}, 24: {0xff, 0xff, 0xff}} {
		if got := cidSet(n); !bytes.Equal(got, want) {
			t.Errorf("cidSet(%d) = % x, want % x", n, got, want)
		}
	}
	for _, mode := range []string{"compressed", "uncompressed", "encrypted"} {
		t.Run(mode, func(t *testing.T) {
			pdf, _ := glyphTestDoc(t)
			pdf.SetCompression(mode != "uncompressed")
			if mode == "encrypted" {
				pdf.SetProtection(CnProtectPrint, "", "owner")
			}
			d := readObjects(t, writePDF(t, pdf))
			found := 0
			for _, o := range d.objs {
				desc, ok := o.(map[string]any)
				if !ok || desc["/Type"] != "/FontDescriptor" || desc["/FontFile2"] == nil ||
					!strings.Contains(desc["/FontName"].(string), "+DejaVuSanssubset") {
					continue
				}
				found++
				set, ok := desc["/CIDSet"]
				if !ok {
					t.Fatal("the glyph font's descriptor has no /CIDSet")
				}
				if got := d.streams[ref(set)]; !bytes.Equal(got, []byte{0xff, 0xff, 0xfc}) {
					t.Errorf("the CIDSet is % x, want ff ff fc", got)
				}
				if filter := d.streamDicts[ref(set)]["/Filter"]; (filter == "/FlateDecode") != (mode != "uncompressed") {
					t.Errorf("the CIDSet's filter is %v", filter)
				}
			}
			if found != 1 {
				t.Errorf("%d glyph font descriptors, want 1", found)
			}
		})
	}
}
