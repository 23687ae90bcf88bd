// Package atomicfile writes files so that they appear whole or not at all:
// through a temporary file in the same folder, renamed into place only when
// the write succeeded. A failed or interrupted write never leaves a partial
// file, and never destroys the file it would have replaced.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write creates path (and its folder) with what write writes, mode 0644.
func Write(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
