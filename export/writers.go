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
	"strings"
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
	manifest *os.File // open for appending
	size     int64    // the manifest's length: whole lines only
	prev     map[string]exported
}

// exported is what an earlier run's latest manifest line says of an
// article: enough to tell whether its PDF can be kept.
type exported struct{ file, sha256, key string }

func newDirWriter(root string) (*dirWriter, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	// PDFs that a killed run was writing. Best effort: a file that cannot
	// be removed is in the way of nothing.
	_ = atomicfile.RemoveStaleUnder(root)
	w := &dirWriter{root: root, prev: map[string]exported{}}
	path := filepath.Join(root, ManifestName)
	size, err := w.loadManifest(path)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	// Cut what follows the last whole line: a line half-written when the
	// disk filled up, or when a run was killed mid-write. Appending after
	// it would spoil the next line too.
	if err := f.Truncate(size); err != nil {
		f.Close()
		return nil, fmt.Errorf("repairing %s: %w", path, err)
	}
	w.manifest, w.size = f, size
	return w, nil
}

// loadManifest reads an earlier run's manifest, keeping the latest line of
// each article, and returns the length of its whole lines. A last line
// without its newline counts as whole when it is a complete entry (the
// newline is added); otherwise it is cut off by the caller.
func (w *dirWriter) loadManifest(path string) (int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	var size int64
	for {
		line, err := r.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		if len(line) == 0 {
			return size, nil
		}
		last := err != nil // the file ends without a newline
		var e Entry
		whole := json.Unmarshal(line, &e) == nil && e.ID != ""
		if last {
			if !whole {
				return size, nil // cut off by the caller
			}
			if _, err := f.WriteAt([]byte("\n"), size+int64(len(line))); err != nil {
				return 0, fmt.Errorf("repairing %s: %w", path, err)
			}
			line = append(line, '\n')
		}
		size += int64(len(line))
		switch {
		case !whole:
			// Spoilt, by an older version appending after a partial line:
			// of no use, and harmless.
		case e.Error != "" || !ownFile(e.ID, e.File):
			// A later line supersedes an earlier one, a failure included;
			// the earlier PDF's file is remembered, to be removed if the
			// article's next PDF goes elsewhere.
			w.prev[e.ID] = exported{file: w.prev[e.ID].file}
		default:
			w.prev[e.ID] = exported{file: e.File, sha256: e.SHA256, key: e.RenderKey}
		}
		if last {
			return size, nil
		}
	}
}

// ownFile reports whether file is where this package puts the PDF of
// article id (fileName), so that a damaged or edited manifest cannot make
// an export read or remove anything else.
func ownFile(id, file string) bool {
	rest, ok := strings.CutSuffix(file, "/"+id+".pdf")
	if !ok {
		return false
	}
	if rest == "undated" {
		return true
	}
	_, err := time.Parse("2006/01", rest)
	return err == nil && len(rest) == len("2006/01")
}

// done reports whether the article's PDF from an earlier run can be kept:
// made with the same render key, and on disk with the recorded SHA-256.
// Called by the workers, concurrently; prev is not written after open.
func (w *dirWriter) done(id, key string) bool {
	p, ok := w.prev[id]
	if !ok || p.key == "" || p.key != key || p.sha256 == "" || !ownFile(id, p.file) {
		return false
	}
	pdf, err := os.ReadFile(filepath.Join(w.root, filepath.FromSlash(p.file)))
	if err != nil {
		return false
	}
	sum := sha256.Sum256(pdf)
	return hex.EncodeToString(sum[:]) == p.sha256
}

func (w *dirWriter) write(r result) error {
	if r.entry.File != "" {
		path := filepath.Join(w.root, filepath.FromSlash(r.entry.File))
		if err := atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(r.pdf); return err }); err != nil {
			return err
		}
	}
	if err := w.appendLine(r.entry); err != nil {
		return err
	}
	// The article moved (its date changed): its earlier PDF is no longer
	// named by any latest line, and would be left behind for ever. One no
	// longer public keeps its PDF: the CMS saying so may be a mistake of
	// its set-up (credentials that expired), and nothing is lost on its
	// word.
	if p := w.prev[r.entry.ID]; r.entry.File != "" && p.file != "" && p.file != r.entry.File && ownFile(r.entry.ID, p.file) {
		os.Remove(filepath.Join(w.root, filepath.FromSlash(p.file)))
	}
	return nil
}

// appendLine appends e's line to the manifest. A write that fails part-way
// (a full disk) is taken back, so that the manifest stays whole lines; if
// even that fails, the next run's open cuts the partial line.
func (w *dirWriter) appendLine(e Entry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	n, err := w.manifest.Write(append(line, '\n'))
	if err != nil {
		if n > 0 {
			if terr := w.manifest.Truncate(w.size); terr != nil {
				err = errors.Join(err, fmt.Errorf("removing the partial manifest line: %w", terr))
			}
		}
		return fmt.Errorf("appending to %s: %w", ManifestName, err)
	}
	w.size += int64(n)
	return nil
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

// newZipFile writes a ZIP to path, through a temporary file. The temporary
// files that an export to the same path left when it was killed are
// removed first; those of one still running stay (see package atomicfile).
func newZipFile(path string) (*zipWriter, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	// Best effort: a file that cannot be removed is in the way of nothing.
	_ = atomicfile.RemoveStale(path)
	_ = atomicfile.RemoveStale(path + ".manifest") // older versions' named scratch files
	zf, err := atomicfile.Create(path)
	if err != nil {
		return nil, err
	}
	// The manifest's scratch file is removed from the folder at once: it is
	// read back through its descriptor only, and a removed file cannot be
	// left behind by a killed process (where an open file cannot be
	// removed, it is removed at the end).
	lines, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".manifest.*.tmp")
	if err != nil {
		zf.Abort()
		return nil, err
	}
	unlinked := os.Remove(lines.Name()) == nil
	buf := bufio.NewWriterSize(zf, 1<<20)
	w := &zipWriter{zip: zip.NewWriter(buf), manifest: lines}
	w.finish = func(ok bool, err error) error {
		lines.Close()
		if !unlinked {
			os.Remove(lines.Name())
		}
		if !ok || err != nil {
			zf.Abort()
			return err
		}
		if err := buf.Flush(); err != nil {
			zf.Abort()
			return fmt.Errorf("writing %s: %w", path, err)
		}
		if err := zf.Commit(); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	}
	return w, nil
}

// newZipStream writes a ZIP to dst as it goes (an HTTP response).
func newZipStream(dst io.Writer) *zipWriter {
	return &zipWriter{zip: zip.NewWriter(dst), manifest: &bytes.Buffer{}, finish: func(_ bool, err error) error { return err }}
}

func (w *zipWriter) done(string, string) bool { return false }

func (w *zipWriter) write(r result) error {
	if r.entry.File != "" {
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
