package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pdfexport/fonts"
)

// TestFontsFlagIsChecked gives each command each kind of bad --fonts, on the
// command line and through PDFEXPORT_FONTS, and expects a usage error that
// says what is wrong, before any work starts.
func TestFontsFlagIsChecked(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	file := filepath.Join(tmp, "font.ttf")
	os.WriteFile(file, []byte("x"), 0o644)
	empty := filepath.Join(tmp, "empty")
	os.Mkdir(empty, 0o755)
	noFonts := filepath.Join(tmp, "nofonts")
	os.Mkdir(noFonts, 0o755)
	os.WriteFile(filepath.Join(noFonts, "README"), []byte("fonts go here"), 0o644)
	cff := filepath.Join(tmp, "cff")
	os.Mkdir(cff, 0o755)
	otf, _ := fonts.Serif.Subset([]rune("abc"))
	copy(otf, "OTTO") // a CFF font's signature
	os.WriteFile(filepath.Join(cff, "House-Regular.otf"), otf, 0o644)
	before := len(fonts.Faces())
	for _, cmd := range [][]string{{"serve"}, {"render"}, {"export", "--out", out}} {
		for _, c := range []struct {
			args []string
			env  string
			want string
		}{
			{[]string{"--fonts", ""}, "", "empty"},
			{[]string{"--fonts", filepath.Join(tmp, "missing")}, "", "no such folder"},
			{[]string{"--fonts", file}, "", "a file, not a folder"},
			{[]string{"--fonts", empty}, "", "holds no font file"},
			{[]string{"--fonts", noFonts}, "", "holds no font file"},
			{[]string{"--fonts", cff}, "", "House-Regular.otf: not a TrueType font: its glyphs are CFF"},
			{nil, filepath.Join(tmp, "missing"), "PDFEXPORT_FONTS"},
			{nil, cff, "CFF"},
		} {
			args := append(append([]string{}, cmd...), c.args...)
			t.Run(strings.Join(args, " ")+" "+c.env, func(t *testing.T) {
				if c.env != "" {
					t.Setenv("PDFEXPORT_FONTS", c.env)
				}
				ctx, cancel := context.WithCancel(context.Background())
				cancel() // a command that wrongly accepts its flags stops at once
				err := run(ctx, args, strings.NewReader("Title\n\nText."), io.Discard, io.Discard)
				if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%v: %v, want a usage error about %q", args, err, c.want)
				}
			})
		}
	}
	if n := len(fonts.Faces()); n != before {
		t.Errorf("refused folders added %d faces", n-before)
	}
	if des, _ := os.ReadDir(out); len(des) != 0 {
		t.Errorf("a refused export wrote %v", des)
	}
}

// TestFontsFlagAddsFaces renders with a folder of fonts. The face added is
// cut from the embedded Chinese face, so other tests in this process that
// draw the same ideograph draw the same glyph.
func TestFontsFlagAddsFaces(t *testing.T) {
	dir := t.TempDir()
	data, err := fonts.CJK.Subset([]rune("漢"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "house-cjk.ttf"), data, 0o644)
	path := filepath.Join(t.TempDir(), "out.pdf")
	if _, _, err := runCmd(t, "A title\n\nA paragraph with 漢 in it.", "render", "--fonts", dir, "-o", path, "-"); err != nil {
		t.Fatal(err)
	}
	faces := fonts.Faces()
	last := faces[len(faces)-1]
	if !strings.HasPrefix(last.String(), "house-cjk") {
		t.Fatalf("the last face is %s, not the folder's", last)
	}
	if f, _ := fonts.ForCluster(fonts.Serif, []rune("漢")); f != last {
		t.Errorf("漢 is drawn with %s, not the added face", f)
	}
}
