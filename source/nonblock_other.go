//go:build !unix

package source

// oNonblock is not needed where there are no named pipes in folders.
const oNonblock = 0
