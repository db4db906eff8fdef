package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// readyFileUsage is the help of `mock --ready-file`.
const readyFileUsage = "once the emulator serves, write its base URL and a newline to this file (atomically, mode 0644); removed when the emulator stops"

// readyFile is `mock --ready-file PATH`: a script waits for the file
// instead of polling the port. A file left by an earlier run is removed
// before the emulator listens, so it is never taken for this run's; the
// file is written whole (temporary file and rename) once the emulator
// listens, and removed when it stops, unless another run rewrote it.
// The zero value (no path) does nothing.
type readyFile struct {
	path string
	base string // what this run wrote
}

// clear removes a file left by an earlier run. Call it before listening.
func (r *readyFile) clear() error {
	if r.path == "" {
		return nil
	}
	if err := os.Remove(r.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return usageErrorf(fmt.Errorf("--ready-file: %w", err))
	}
	return nil
}

// write puts base in the file, atomically: a reader sees no file or the
// whole URL.
func (r *readyFile) write(base string) error {
	if r.path == "" {
		return nil
	}
	if err := writeFileAtomic(r.path, []byte(base+"\n"), 0o644); err != nil {
		// The error names the temporary file, which the user never
		// asked for: say what it means for the path given.
		dir := filepath.Dir(r.path)
		if _, serr := os.Stat(dir); errors.Is(serr, fs.ErrNotExist) {
			return usageErrorf(fmt.Errorf("write --ready-file %s: the directory %s does not exist", r.path, dir))
		}
		return usageErrorf(fmt.Errorf("write --ready-file %s: %w", r.path, unwrapPath(err)))
	}
	r.base = base
	return nil
}

// remove deletes the file if it still holds what this run wrote.
func (r *readyFile) remove() {
	if r.path == "" || r.base == "" {
		return
	}
	if data, err := os.ReadFile(r.path); err == nil && string(data) == r.base+"\n" {
		os.Remove(r.path)
	}
}

// writeFileAtomic writes data to a temporary file next to path and
// renames it over path.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
