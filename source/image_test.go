package source

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"pdfexport/internal/fixture"
)

func TestCheckImageName(t *testing.T) {
	for name, want := range map[string]string{
		"photo.jpg": "", "images/harbour.PNG": "", "a/b/c.jpeg": "", "x.gif": "", "x.webp": "", "x.avif": "", "my photo.jpg": "",
		"":                          "the file name is empty",
		"../secret.jpg":             `leads out of the articles folder ("..")`,
		"images/../../secret.jpg":   `leads out of the articles folder ("..")`,
		"..":                        `leads out of the articles folder ("..")`,
		"/etc/photo.jpg":            "is an absolute path",
		`images\..\photo.jpg`:       "has a backslash",
		"./photo.jpg":               "is not a clean path",
		"images//photo.jpg":         "is not a clean path",
		".hidden/photo.jpg":         "names a hidden file or folder",
		"..data/photo.jpg":          "names a hidden file or folder",
		"story.txt":                 "is not an image",
		"logo.svg":                  "is not an image",
		"images/":                   "is not a clean path",
		"photo.jpg\x00.txt":         "control characters",
		strings.Repeat("a", 1100):   "at most 1024",
		"images/photo":              "is not an image",
		"images/photo.jpg/../x.png": `leads out of the articles folder ("..")`,
	} {
		err := CheckImageName(name)
		switch {
		case want == "" && err != nil:
			t.Errorf("CheckImageName(%q) = %v, want nil", name, err)
		case want != "" && (!errors.Is(err, ErrBadName) || !strings.Contains(err.Error(), want)):
			t.Errorf("CheckImageName(%q) = %v, want ErrBadName saying %q", name, err, want)
		}
	}
}

// imageFolder is an articles folder with one article and the files beside
// it that OpenImage must serve or refuse.
func imageFolder(t *testing.T) (dir string, a *Archive) {
	t.Helper()
	dir = t.TempDir()
	files := map[string][]byte{
		"story.txt":                  text("Story").Data,
		fixture.BlocksImage:          fixture.BlocksPNG(),
		"images/notes.txt":           []byte("not a picture"),
		"images/fake.png":            []byte("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
		"images/empty.jpg":           nil,
		".hidden/photo.png":          fixture.BlocksPNG(),
		"images/photo.gif":           []byte("GIF89a\x01\x00\x01\x00"),
		"images/photo.webp":          []byte("RIFF\x10\x00\x00\x00WEBPVP8 "),
		"images/photo.avif":          []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00"),
		"images/photo.jpg":           []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF"),
		"images/wrong-extension.jpg": fixture.BlocksPNG(), // served as what it is
	}
	for name, data := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A file one byte over the limit, sparse: no need to write 16 MiB.
	big, err := os.Create(filepath.Join(dir, "images", "big.png"))
	if err != nil {
		t.Fatal(err)
	}
	big.Write(fixture.BlocksPNG())
	if err := big.Truncate(MaxImageBytes + 1); err != nil {
		t.Fatal(err)
	}
	big.Close()
	if err := os.Mkdir(filepath.Join(dir, "images", "folder.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	a, err = Dir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return dir, a
}

func TestOpenImage(t *testing.T) {
	_, a := imageFolder(t)
	img, err := a.OpenImage("story", fixture.BlocksImage)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(img)
	img.Close()
	if err != nil || !bytes.Equal(data, fixture.BlocksPNG()) || img.Type != "image/png" || img.Size != int64(len(data)) || img.ModTime.IsZero() {
		t.Errorf("OpenImage: %d bytes, type %q, size %d, modified %v, error %v", len(data), img.Type, img.Size, img.ModTime, err)
	}
	for name, typ := range map[string]string{"images/photo.gif": "image/gif", "images/photo.webp": "image/webp",
		"images/photo.avif": "image/avif", "images/photo.jpg": "image/jpeg", "images/wrong-extension.jpg": "image/png"} {
		img, err := a.OpenImage("story", name)
		if err != nil || img.Type != typ {
			t.Errorf("%s: %v, %v; want %s", name, img, err, typ)
			continue
		}
		if first, _ := io.ReadAll(io.LimitReader(img, 3)); len(first) != 3 {
			t.Errorf("%s is not read from its start", name)
		}
		img.Close()
	}
}

// TestOpenImageErrors: one case per way a name or a file is refused, each
// with its error and a message that says what is wrong.
func TestOpenImageErrors(t *testing.T) {
	_, a := imageFolder(t)
	for _, c := range []struct {
		id, name string
		is       error // nil: the folder's failure, none of the three
		want     string
	}{
		{"../story", fixture.BlocksImage, ErrBadID, "invalid article ID"},
		{"nope", fixture.BlocksImage, ErrNotFound, "article not found: nope"},
		{"story", "../secret.png", ErrBadName, `"../secret.png" leads out of the articles folder`},
		{"story", "images/../../secret.png", ErrBadName, "leads out of the articles folder"},
		{"story", "/etc/secret.png", ErrBadName, "is an absolute path"},
		{"story", ".hidden/photo.png", ErrBadName, "names a hidden file or folder"},
		{"story", "story.txt", ErrBadName, "is not an image"},
		{"story", "images/notes.txt", ErrBadName, "is not an image"},
		{"story", "images/missing.png", ErrNotFound, "there is no file images/missing.png beside article story"},
		{"story", "images/fake.png", nil, "images/fake.png is not a JPEG, PNG, GIF, WebP or AVIF image"},
		{"story", "images/empty.jpg", nil, "is not a JPEG"},
		{"story", "images/big.png", nil, "larger than the 16777216-byte limit"},
		{"story", "images/folder.png", nil, "images/folder.png is a folder"},
	} {
		img, err := a.OpenImage(c.id, c.name)
		if err == nil {
			img.Close()
			t.Errorf("OpenImage(%q, %q) succeeded", c.id, c.name)
			continue
		}
		kinds := []error{ErrBadID, ErrNotFound, ErrBadName}
		ok := strings.Contains(err.Error(), c.want)
		for _, k := range kinds {
			ok = ok && errors.Is(err, k) == (k == c.is)
		}
		if !ok {
			t.Errorf("OpenImage(%q, %q) = %v, want %v saying %q", c.id, c.name, err, c.is, c.want)
		}
	}
}

// TestOpenImageOfAnyFS: the embedded archive is an fs.FS of its own kind.
func TestOpenImageOfAnyFS(t *testing.T) {
	a, err := Open(fstest.MapFS{"story.txt": text("Story"), "images/a.png": {Data: fixture.BlocksPNG()}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	img, err := a.OpenImage("story", "images/a.png")
	if err != nil {
		t.Fatal(err)
	}
	defer img.Close()
	if img.Type != "image/png" {
		t.Errorf("type %q", img.Type)
	}
}
