package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Images beside the articles. An article's figure may name its picture by a
// path relative to the article's folder ("images/harbour.jpg"), which is
// the archive's folder: OpenImage opens such a file, so that a reader page
// can show it. It opens only what is safe to hand to anyone who asks:
//
//   - a name that stays inside the folder: relative, slash-separated,
//     clean (no "..", ".", empty or hidden parts, no backslashes), and
//     resolved through the folder's os.Root like the articles, so that no
//     symbolic link leads out either;
//   - a regular file of at most MaxImageBytes;
//   - an image: its name ends in .jpg, .jpeg, .png, .gif, .webp or .avif,
//     and its first bytes are those of a JPEG, PNG, GIF, WebP or AVIF
//     image, which give the type it is served as. SVG is not served: it
//     can carry script.

// MaxImageBytes is the largest image file OpenImage opens.
const MaxImageBytes = 16 << 20

// maxImageName bounds the length of an image's name.
const maxImageName = 1024

// ErrBadName is wrapped by the errors about a file name OpenImage refuses
// whatever the folder holds: one that leads out of the folder, names a
// hidden file, or is not an image's.
var ErrBadName = errors.New("invalid file name")

var imageExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".avif": true}

// CheckImageName says why name cannot be the name of an image beside an
// article (see OpenImage), wrapping ErrBadName, or returns nil.
func CheckImageName(name string) error {
	shown := name
	if len(shown) > 64 {
		shown = shown[:64] + "…"
	}
	bad := func(why string) error { return fmt.Errorf("%w: %q %s", ErrBadName, shown, why) }
	switch {
	case name == "":
		return fmt.Errorf("%w: the file name is empty", ErrBadName)
	case len(name) > maxImageName:
		return bad(fmt.Sprintf("is %d bytes long; at most %d are allowed", len(name), maxImageName))
	case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
		return bad("has invalid UTF-8 or control characters")
	case strings.Contains(name, `\`):
		return bad(`has a backslash; separate folders with "/"`)
	case strings.HasPrefix(name, "/"):
		return bad("is an absolute path; name the file by its path inside the articles folder, such as images/photo.jpg")
	}
	for _, part := range strings.Split(name, "/") {
		switch {
		case part == "..":
			return bad(`leads out of the articles folder ("..")`)
		case part == "" || part == ".":
			return bad("is not a clean path (an empty or \".\" part)")
		case strings.HasPrefix(part, "."):
			return bad("names a hidden file or folder")
		}
	}
	if !imageExts[strings.ToLower(path.Ext(name))] {
		return bad("is not an image; only .jpg, .jpeg, .png, .gif, .webp and .avif files are served")
	}
	return nil
}

// Image is an image file beside an article, open for reading from its
// start. The caller closes it.
type Image struct {
	io.ReadSeekCloser
	Type    string // the media type its first bytes say: image/jpeg, image/png, image/gif, image/webp or image/avif
	Size    int64
	ModTime time.Time
}

// OpenImage opens the image file name beside the article id; see the
// comment above for what it opens. It returns an error wrapping ErrBadID
// for a malformed ID, ErrNotFound for an unknown article or a file that is
// not there, and ErrBadName for a name it refuses; any other error is the
// folder's (a file too large, not an image, a link out of the folder).
func (a *Archive) OpenImage(id, name string) (*Image, error) {
	if _, err := a.name(id); err != nil {
		return nil, err
	}
	if err := CheckImageName(name); err != nil {
		return nil, err
	}
	f, err := a.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: there is no file %s beside article %s", ErrNotFound, name, id)
	}
	if err != nil {
		return nil, fileError(name, err)
	}
	img, err := checkImage(name, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return img, nil
}

func checkImage(name string, f fs.File) (*Image, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fileError(name, err)
	}
	if err := checkRegular(name, st.Mode()); err != nil {
		return nil, err
	}
	if st.Size() > MaxImageBytes {
		return nil, fmt.Errorf("%s is %d bytes, larger than the %d-byte limit of an image", name, st.Size(), MaxImageBytes)
	}
	rs, ok := f.(io.ReadSeekCloser)
	if !ok {
		return nil, fmt.Errorf("%s cannot be served: its file system cannot seek in it", name)
	}
	head := make([]byte, 16)
	n, err := io.ReadFull(rs, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fileError(name, err)
	}
	typ := imageType(head[:n])
	if typ == "" {
		return nil, fmt.Errorf("%s is not a JPEG, PNG, GIF, WebP or AVIF image", name)
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return nil, fileError(name, err)
	}
	return &Image{ReadSeekCloser: rs, Type: typ, Size: st.Size(), ModTime: st.ModTime()}, nil
}

// imageType is the media type of the image whose file begins with head,
// or "" when it is none of the types served.
func imageType(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\xFF\xD8\xFF")):
		return "image/jpeg"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1A\n")):
		return "image/png"
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return "image/gif"
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return "image/webp"
	case len(head) >= 12 && string(head[4:8]) == "ftyp" && (string(head[8:12]) == "avif" || string(head[8:12]) == "avis"):
		return "image/avif"
	}
	return ""
}

// Files is the archive's folder, for the images loader to open a figure's
// relative source in: through the folder's os.Root like the articles, so
// that no path or symbolic link leads out of it.
func (a *Archive) Files() fs.FS { return a.fsys }
