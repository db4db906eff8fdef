package tokenfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrInsecure is wrapped by Load and Save when the token file, or a
// directory it is in, could have been written by someone else: owned by
// another user, or writable by group or others. Such a file is refused, as
// ssh refuses its keys: whoever planted it would choose the tokens used.
var ErrInsecure = errors.New("token file is not private")

// checkPrivate refuses path unless its directory, and with file the token
// file itself when it exists, are owned by the current user and writable by
// nobody else; for a symbolic link, its target and the target's directory
// too. Directories may also belong to root.
func checkPrivate(path string, file bool) error {
	dirs := []string{filepath.Dir(path)}
	target := path
	if real, err := filepath.EvalSymlinks(path); err == nil && real != path {
		target = real
		if d := filepath.Dir(real); d != dirs[0] {
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		if err := checkOwnerMode(d, true); err != nil {
			return err
		}
	}
	if !file {
		return nil
	}
	if err := checkOwnerMode(target, false); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func checkOwnerMode(path string, dir bool) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	what := "file"
	if dir {
		what = "directory"
	}
	if uid, mine := owner(fi); !mine && !(dir && uid == 0) {
		return fmt.Errorf("%w: %s %s belongs to uid %d, not to uid %d", ErrInsecure, what, path, uid, os.Getuid())
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%w: %s %s is writable by group or others (mode %04o)", ErrInsecure, what, path, fi.Mode().Perm())
	}
	return nil
}
