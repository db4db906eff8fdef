package localdb

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Several processes' worth of writers: each goroutine opens the file itself.
func TestConcurrentWritersSeparateDBs(t *testing.T) {
	const writers, each = 8, 200
	path := filepath.Join(t.TempDir(), "users.db")
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			db, err := Open(testCtx(t), path, Options{}) // concurrent creation + migration too
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			for i := range each {
				id := int64(w*each + i + 1)
				// Every writer wants nicknames n0, n1, ...: each is taken 8 times.
				d, err := db.RecordLogin(testCtx(t), kakaoLogin(id, fmt.Sprintf("u%d@example.com", id), fmt.Sprintf("n%d", i)))
				if err != nil {
					errs <- err
					return
				}
				if d.Result != ResultSignup {
					errs <- fmt.Errorf("login %d: %+v", id, d)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "BUSY") {
			t.Errorf("lock error: %v", err)
		} else {
			t.Error(err)
		}
	}
	db := openAt(t, path, nil)
	n, err := db.CountUsers(testCtx(t))
	if err != nil || n != writers*each {
		t.Fatalf("users = %d, %v; want %d", n, err, writers*each)
	}
	// Each wanted nickname went to one writer as is, and to the others as
	// n_2 ... n_8, whatever the interleaving.
	nicks := map[string]bool{}
	db.EachUser(testCtx(t), func(u User) error { nicks[u.Nickname] = true; return nil })
	for i := range each {
		for k := 1; k <= writers; k++ {
			nick := fmt.Sprintf("n%d", i)
			if k > 1 {
				nick += fmt.Sprintf("_%d", k)
			}
			if !nicks[nick] {
				t.Fatalf("no user %q among %d nicknames", nick, len(nicks))
			}
		}
	}
}

func TestConcurrentSameUser(t *testing.T) {
	const writers = 8
	path := filepath.Join(t.TempDir(), "users.db")
	openAt(t, path, nil).Close()
	var wg sync.WaitGroup
	results := make(chan Result, writers*10)
	for range writers {
		wg.Go(func() {
			db, err := Open(testCtx(t), path, Options{})
			if err != nil {
				t.Error(err)
				return
			}
			defer db.Close()
			for range 10 {
				d, err := db.RecordLogin(testCtx(t), kakaoLogin(42, "same@example.com", "same"))
				if err != nil {
					t.Error(err)
					return
				}
				results <- d.Result
			}
		})
	}
	wg.Wait()
	close(results)
	count := map[Result]int{}
	for r := range results {
		count[r]++
	}
	if count[ResultSignup] != 1 || count[ResultSignin] != writers*10-1 {
		t.Errorf("results = %v; want 1 signup, %d signins", count, writers*10-1)
	}
}

// Writers in separate processes meet on SQLite's own lock (the in-process
// write queue cannot help them): BEGIN IMMEDIATE plus the busy timeout must
// make them queue, not fail.
func TestConcurrentWriterProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	const procs, each = 4, 100
	path := filepath.Join(t.TempDir(), "users.db")
	var wg sync.WaitGroup
	for p := range procs {
		wg.Go(func() {
			cmd := exec.CommandContext(testCtx(t), os.Args[0], "-test.run=^TestWriterProcess$")
			cmd.Env = append(os.Environ(), "LOCALDB_WRITER="+path, fmt.Sprintf("LOCALDB_WRITER_RANGE=%d,%d", p*each+1, each))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("writer %d: %v\n%s", p, err, out)
			}
		})
	}
	wg.Wait()
	db := openAt(t, path, nil)
	if n, err := db.CountUsers(testCtx(t)); n != procs*each || err != nil {
		t.Errorf("users = %d, %v; want %d", n, err, procs*each)
	}
}

// TestWriterProcess is TestConcurrentWriterProcesses's child.
func TestWriterProcess(t *testing.T) {
	path := os.Getenv("LOCALDB_WRITER")
	if path == "" {
		t.Skip("child of TestConcurrentWriterProcesses")
	}
	var first, n int64
	fmt.Sscanf(os.Getenv("LOCALDB_WRITER_RANGE"), "%d,%d", &first, &n)
	db, err := Open(testCtx(t), path, Options{}) // racing the others to create and migrate
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for id := first; id < first+n; id++ {
		if _, err := db.RecordLogin(testCtx(t), kakaoLogin(id, "", "same")); err != nil {
			t.Fatal(err)
		}
	}
}
