//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// oNonblock keeps a named pipe planted under a temporary file's name from
// blocking the cleaner.
const oNonblock = syscall.O_NONBLOCK

// tryLock takes an exclusive flock(2) lock on f without waiting: false when
// another open file holds it.
func tryLock(f *os.File) (bool, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return false, err
	}
	var lerr error
	if err := rc.Control(func(fd uintptr) { lerr = syscall.Flock(int(fd), syscall.LOCK_EX|syscall.LOCK_NB) }); err != nil {
		return false, err
	}
	if errors.Is(lerr, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return lerr == nil, lerr
}
