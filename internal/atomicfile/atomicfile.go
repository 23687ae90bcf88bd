// Package atomicfile writes files so that they appear whole or not at all:
// through a temporary file in the same folder, renamed into place only when
// the write succeeded. A failed or interrupted write never leaves a partial
// file, and never destroys the file it would have replaced.
//
// A process killed outright (SIGKILL, the out-of-memory killer, a node
// lost) cannot remove its temporary file, so RemoveStale and
// RemoveStaleUnder remove those of dead writers. A temporary file is
// ".NAME.RANDOM.tmp" (RANDOM is digits), and its writer holds an exclusive
// flock(2) lock on it until the file is renamed or removed. The kernel
// drops the lock when the process dies, however it dies, so a temporary
// file whose lock can be taken is stale, and one whose lock cannot is being
// written: another export running into the same folder keeps its files. A
// lock was chosen over the other ways of telling: an age threshold would
// delete a slow writer's file or keep a dead one's for as long as the
// threshold, and a process ID means nothing across the containers and
// machines that share a volume. Where locks are not supported nothing is
// removed.
package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// File is a file being written under a temporary name beside path. Write
// to it, then Commit or Abort.
type File struct {
	*os.File        // the temporary file, open for writing
	path     string // where Commit puts it
	// lock is a second descriptor of the temporary file, holding its lock
	// from creation until after the rename: the lock belongs to the open
	// file, so closing the written descriptor first, which is where late
	// write errors show, does not release it. Nil where locks fail.
	lock *os.File
}

// Create starts writing path (creating its folder), mode 0644 once
// committed.
func Create(path string) (*File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	for {
		tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
		if err != nil {
			return nil, err
		}
		lock, err := lockOwn(tmp)
		if errors.Is(err, errLost) {
			// A cleaner took the lock between the creation and ours, and
			// removed the file: start again under another name.
			tmp.Close()
			continue
		}
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			return nil, err
		}
		return &File{File: tmp, path: path, lock: lock}, nil
	}
}

// Commit closes the file and renames it into place.
func (f *File) Commit() error {
	err := f.File.Chmod(0o644) // CreateTemp makes 0600; the folder's other files are 0644
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	f.unlock()
	return err
}

// Abort closes and removes the temporary file. It does nothing after
// Commit, so it can be deferred.
func (f *File) Abort() {
	if f.lock == nil && f.File == nil {
		return
	}
	f.File.Close()
	os.Remove(f.Name())
	f.unlock()
}

func (f *File) unlock() {
	if f.lock != nil {
		f.lock.Close()
	}
	f.lock = nil
	f.File = nil
}

// Name is the temporary file's name.
func (f *File) Name() string {
	if f.File == nil {
		return ""
	}
	return f.File.Name()
}

// Write creates path (and its folder) with what write writes, mode 0644.
// A path that names a device or a named pipe is written in place.
func Write(path string, write func(io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		// A device or a named pipe (-o /dev/null, -o /dev/stdout, a FIFO
		// a reader waits on) is written in place: it cannot be replaced
		// whole, and renaming over it put a regular file where /dev/null
		// was, for every program on the machine.
		return writeInPlace(path, write)
	}
	f, err := Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// tempName matches the temporary files of Create: a dot, the final name,
// a dot, CreateTemp's random digits, ".tmp".
var tempName = regexp.MustCompile(`^\..+\.[0-9]+\.tmp$`)

// RemoveStale removes the temporary files that writers of path killed
// before they could clean up left beside it. Those of live writers stay.
func RemoveStale(path string) error {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+"."
	des, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var errs []error
	for _, de := range des {
		rest, ok := strings.CutPrefix(de.Name(), prefix)
		if !ok {
			continue
		}
		if digits, ok := strings.CutSuffix(rest, ".tmp"); ok && digits != "" && strings.Trim(digits, "0123456789") == "" {
			errs = append(errs, removeIfStale(filepath.Join(dir, de.Name())))
		}
	}
	return errors.Join(errs...)
}

// RemoveStaleUnder removes every stale temporary file in the tree at root
// (a folder export's), whatever its final name.
func RemoveStaleUnder(root string) error {
	var errs []error
	err := filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			errs = append(errs, err)
			return nil
		}
		if de.Type().IsRegular() && tempName.MatchString(de.Name()) {
			errs = append(errs, removeIfStale(p))
		}
		return nil
	})
	return errors.Join(append(errs, err)...)
}

// removeIfStale removes the temporary file p if no live writer holds its
// lock. A file of another type, or one replaced meanwhile, is left alone.
func removeIfStale(p string) error {
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() {
		return nil // gone already, or not one of ours
	}
	f, err := os.OpenFile(p, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	if held, err := tryLock(f); err != nil || !held {
		return nil // a live writer's, or locks do not work here: cannot tell
	}
	if fst, err := f.Stat(); err != nil || !os.SameFile(st, fst) {
		return nil
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// errLost reports that a new temporary file was removed before its writer
// could lock it.
var errLost = errors.New("temporary file removed before it was locked")

// lockOwn locks the new temporary file tmp through a second descriptor,
// which it returns, and checks that the name still leads to tmp (a
// cleaner may have locked and removed it first). Where locks are not
// supported it returns no descriptor and no error.
func lockOwn(tmp *os.File) (*os.File, error) {
	lock, err := os.Open(tmp.Name())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errLost
	}
	if err != nil {
		return nil, err
	}
	held, err := tryLock(lock)
	if err != nil {
		lock.Close()
		return nil, nil // no locks here; the file is simply never cleaned
	}
	if !held {
		lock.Close()
		return nil, errLost
	}
	a, err1 := tmp.Stat()
	b, err2 := os.Lstat(tmp.Name())
	if err1 != nil || err2 != nil || !os.SameFile(a, b) {
		lock.Close()
		return nil, errLost
	}
	return lock, nil
}

// writeInPlace writes to the file at path as it is, for files that are not
// regular files.
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
