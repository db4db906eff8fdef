package tokenfile

import (
	"os"
	"path/filepath"
	"time"
)

// tempPattern names Save's temporary files.
const tempPattern = ".token-*.json"

// staleAfter is the age past which a temporary file is left over from a
// save that was killed (kill -9, power loss) rather than one in progress in
// another process: a save takes milliseconds.
const staleAfter = time.Minute

// removeStale deletes the temporary files a killed Save left in dir: they
// hold full tokens and nothing else ever removes them. Errors are ignored:
// this is housekeeping, and the directory is private (checkPrivate).
func removeStale(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if ok, _ := filepath.Match(tempPattern, e.Name()); !ok || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) >= staleAfter {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
