//go:build unix

package tokenfile

import (
	"io/fs"
	"os"
	"syscall"
)

// owner is the uid owning fi and whether that is the current user.
func owner(fi fs.FileInfo) (uid int, mine bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return -1, true
	}
	return int(st.Uid), int(st.Uid) == os.Getuid()
}
