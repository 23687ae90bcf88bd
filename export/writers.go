package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"pdfexport/internal/atomicfile"
)

// ManifestName is the manifest's file name at the root of an export.
const ManifestName = "manifest.jsonl"

// dirWriter writes PDFs into a directory tree and appends each article's
// manifest line once its PDF is complete, so the manifest never names a
// missing or partial file.
type dirWriter struct {
	root     string
	manifest *os.File
	have     map[string]bool // IDs already exported and verified
}

func newDirWriter(root string) (*dirWriter, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	w := &dirWriter{root: root, have: map[string]bool{}}
	if err := w.loadManifest(); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(root, ManifestName), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	w.manifest = f
	return w, nil
}

// loadManifest reads an earlier run's manifest and keeps the articles whose
// PDF is on disk with the recorded SHA-256. A truncated last line (a run
// killed mid-write) is ignored.
func (w *dirWriter) loadManifest() error {
	f, err := os.Open(filepath.Join(w.root, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var e Entry
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Error != "" || e.File == "" || e.SHA256 == "" {
			continue
		}
		pdf, err := os.ReadFile(filepath.Join(w.root, filepath.FromSlash(e.File)))
		if err != nil {
			continue
		}
		if sum := sha256.Sum256(pdf); hex.EncodeToString(sum[:]) == e.SHA256 {
			w.have[e.ID] = true
		}
	}
	return sc.Err()
}

func (w *dirWriter) done(id string) bool { return w.have[id] }

func (w *dirWriter) write(r result) error {
	if r.entry.Error == "" {
		path := filepath.Join(w.root, filepath.FromSlash(r.entry.File))
		if err := atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(r.pdf); return err }); err != nil {
			return err
		}
	}
	return writeLine(w.manifest, r.entry)
}

func (w *dirWriter) close(bool) error {
	if err := w.manifest.Sync(); err != nil {
		w.manifest.Close()
		return err
	}
	return w.manifest.Close()
}

// zipWriter streams PDFs into a ZIP as they are rendered, stored rather than
// compressed (a PDF's streams are compressed already); the manifest is its
// last member. finish completes the destination: for a file, the rename of
// the temporary file into place, so an interrupted export leaves no ZIP.
type zipWriter struct {
	zip *zip.Writer
	// manifest gathers the manifest's lines until the end: in memory for a
	// stream (bounded by the request's article limit), in a temporary file
	// for a ZIP file, so a large archive's manifest does not stay in memory.
	manifest io.ReadWriter
	finish   func(ok bool, err error) error
}

// newZipFile writes a ZIP to path, through a temporary file.
func newZipFile(path string) (*zipWriter, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	lines, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".manifest.*.tmp")
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	buf := bufio.NewWriterSize(tmp, 1<<20)
	w := &zipWriter{zip: zip.NewWriter(buf), manifest: lines}
	w.finish = func(ok bool, err error) error {
		defer os.Remove(tmp.Name()) // a no-op after the rename
		lines.Close()
		os.Remove(lines.Name())
		if !ok || err != nil {
			tmp.Close()
			return err
		}
		chmod := func() error { return os.Chmod(tmp.Name(), 0o644) } // as the folder's PDFs; CreateTemp makes 0600
		for _, step := range []func() error{buf.Flush, tmp.Close, chmod} {
			if err := step(); err != nil {
				tmp.Close()
				return fmt.Errorf("writing %s: %w", path, err)
			}
		}
		return os.Rename(tmp.Name(), path)
	}
	return w, nil
}

// newZipStream writes a ZIP to dst as it goes (an HTTP response).
func newZipStream(dst io.Writer) *zipWriter {
	return &zipWriter{zip: zip.NewWriter(dst), manifest: &bytes.Buffer{}, finish: func(_ bool, err error) error { return err }}
}

func (w *zipWriter) done(string) bool { return false }

func (w *zipWriter) write(r result) error {
	if r.entry.Error == "" {
		f, err := w.zip.CreateHeader(&zip.FileHeader{Name: r.entry.File, Method: zip.Store, Modified: time.Unix(0, 0).UTC()})
		if err != nil {
			return err
		}
		if _, err := f.Write(r.pdf); err != nil {
			return err
		}
	}
	return writeLine(w.manifest, r.entry)
}

func (w *zipWriter) close(ok bool) error {
	if !ok {
		return w.finish(false, nil)
	}
	f, err := w.zip.CreateHeader(&zip.FileHeader{Name: ManifestName, Method: zip.Deflate, Modified: time.Unix(0, 0).UTC()})
	if s, ok := w.manifest.(io.Seeker); ok && err == nil {
		_, err = s.Seek(0, io.SeekStart)
	}
	if err == nil {
		_, err = io.Copy(f, w.manifest)
	}
	if err == nil {
		err = w.zip.Close()
	}
	return w.finish(true, err)
}

// writeLine appends e to a manifest as one JSON line.
func writeLine(manifest io.Writer, e Entry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = manifest.Write(append(line, '\n'))
	return err
}
