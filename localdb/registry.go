package localdb

import (
	"context"
	"path/filepath"
	"sync"
)

// The open registry tracks, per file, the DBs open on it in this process.
//
// POSIX record locks belong to the process, and closing any descriptor of a
// file drops them all, so probe's own open and close of the file must never
// happen while one of our connections may hold a lock on it: probe runs only
// for the first DB on a file.
//
// The DBs on a file also share a write queue. SQLite's busy handler polls
// (sleeping up to 100 ms between tries), which is unfair: a writer that just
// committed takes the lock again before a sleeping one wakes, so back-to-back
// writers can starve another past the busy timeout. Writers in one process
// therefore queue first on a FIFO semaphore, and only writers of different
// processes meet on SQLite's lock.
var registry struct {
	sync.Mutex
	files map[string]*fileEntry // made by the first acquire
}

type fileEntry struct {
	open  int
	write chan struct{} // capacity 1: holding the slot is holding the write turn
}

// fileKey identifies the file at abs, which may not exist yet: its nearest
// existing ancestor with symlinks resolved, then the rest of the path, so
// the key does not change when Open creates the file or its directories.
func fileKey(abs string) string {
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(p) == p {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

// acquire registers one more DB on key, running probe first if it is the
// only one, and returns the file's write queue. A failed probe registers
// nothing.
func acquire(key string, probe func() error) (chan struct{}, error) {
	registry.Lock()
	defer registry.Unlock()
	e := registry.files[key]
	if e == nil {
		if err := probe(); err != nil {
			return nil, err
		}
		e = &fileEntry{write: make(chan struct{}, 1)}
		if registry.files == nil {
			registry.files = make(map[string]*fileEntry)
		}
		registry.files[key] = e
	}
	e.open++
	return e.write, nil
}

func release(key string) {
	registry.Lock()
	defer registry.Unlock()
	if e := registry.files[key]; e != nil {
		if e.open--; e.open <= 0 {
			delete(registry.files, key)
		}
	}
}

// lockWrite waits for this process's write turn on the file: blocked
// senders on a channel are served first come, first served.
func (db *DB) lockWrite(ctx context.Context) error {
	select {
	case db.writeTurn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (db *DB) unlockWrite() { <-db.writeTurn }
