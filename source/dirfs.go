package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// dirFS is an articles folder opened as an os.Root. Every name is resolved
// inside the folder, symbolic links included; only regular files open, and
// opening never blocks (see the package comment).
type dirFS struct{ root *os.Root }

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.root.FS(), name) }

// Stat describes the file name leads to, which must be a regular file.
func (d dirFS) Stat(name string) (fs.FileInfo, error) {
	st, err := d.root.Stat(name)
	if err != nil {
		return nil, d.explain(name, err)
	}
	return st, checkRegular(name, st.Mode())
}

// Open opens the regular file name for reading. The type is checked before
// the open, so that a named pipe or a device is never opened at all, and
// again after it, on the open file: a pipe swapped in between is opened
// without blocking (O_NONBLOCK, which regular files ignore) and refused.
func (d dirFS) Open(name string) (fs.File, error) {
	if _, err := d.Stat(name); err != nil {
		return nil, err
	}
	return openRegular(d.root, name)
}

// openRegular is Open's second half, apart so that a test can hand it a
// named pipe that the first half would have refused.
func openRegular(root *os.Root, name string) (*os.File, error) {
	f, err := root.OpenFile(name, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil {
		err = checkRegular(name, st.Mode())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// explain says why a file that failed to resolve did, when the reason is a
// symbolic link: the os.Root's own error ("path escapes from parent") says
// little to whoever reads the log or an export's manifest.
func (d dirFS) explain(name string, err error) error {
	lst, lerr := d.root.Lstat(name)
	if lerr != nil || lst.Mode()&fs.ModeSymlink == 0 {
		return err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s is a symbolic link to a file that does not exist: %w", name, err)
	}
	return fmt.Errorf("%s is a symbolic link that does not lead to a file inside the articles folder (links must stay inside it): %w", name, err)
}

// errNotRegular is wrapped by the errors about files of another type.
var errNotRegular = errors.New("not a regular file")

// checkRegular refuses every type of file but a regular one.
func checkRegular(name string, mode fs.FileMode) error {
	if mode.IsRegular() {
		return nil
	}
	kind := "a special file"
	switch {
	case mode.IsDir():
		kind = "a folder"
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case mode&fs.ModeSocket != 0:
		kind = "a socket"
	case mode&fs.ModeDevice != 0:
		kind = "a device"
	case mode&fs.ModeSymlink != 0:
		kind = "a symbolic link"
	}
	return fmt.Errorf("%s is %s, %w", name, kind, errNotRegular)
}
