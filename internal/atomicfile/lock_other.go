//go:build !unix

package atomicfile

import (
	"errors"
	"os"
)

const oNonblock = 0

// tryLock is not supported here: no temporary file is ever taken for stale.
func tryLock(*os.File) (bool, error) { return false, errors.ErrUnsupported }
