package localdb

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// clock is a settable Options.Now, safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testCtx is a context that ends with the test (or after a minute).
func testCtx(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// openTest opens a fresh store in t.TempDir() on the given clock.
func openTest(t testing.TB, c *clock) *DB {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "users.db"), c)
}

func openAt(t testing.TB, path string, c *clock) *DB {
	t.Helper()
	opts := Options{}
	if c != nil {
		opts.Now = c.Now
	}
	db, err := Open(testCtx(t), path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// kakaoProfile is a /v2/user/me-like document; the store treats it as opaque.
func kakaoProfile(id int64, email, nickname string) json.RawMessage {
	acct := map[string]any{"profile": map[string]any{"nickname": nickname}}
	if email != "" {
		acct["email"] = email
		acct["is_email_verified"] = true
	}
	b, err := json.Marshal(map[string]any{"id": id, "kakao_account": acct})
	if err != nil {
		panic(err)
	}
	return b
}

// kakaoLogin is a login decided by the lenient rules, which the tests
// written before presets pin; the preset tables (rules_test.go) set theirs.
func kakaoLogin(id int64, email, nickname string) Login {
	return Login{
		Rules:         RulesLenient,
		Provider:      "kakao",
		UID:           fmt.Sprint(id),
		Email:         email,
		EmailVerified: email != "",
		Nickname:      nickname,
		Profile:       kakaoProfile(id, email, nickname),
	}
}

func record(t testing.TB, db *DB, l Login) Decision {
	t.Helper()
	d, err := db.RecordLogin(testCtx(t), l)
	if err != nil {
		t.Fatalf("RecordLogin(%s %s): %v", l.Provider, l.UID, err)
	}
	return d
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importAll runs ImportLogins on a slice and collects the decisions.
func importAll(ctx context.Context, db *DB, logins []Login) ([]Decision, error) {
	seq := func(yield func(Login, error) bool) {
		for _, l := range logins {
			if !yield(l, nil) {
				return
			}
		}
	}
	var ds []Decision
	_, err := db.ImportLogins(ctx, seq, func(_ int, _ Login, d Decision) error {
		ds = append(ds, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ds, nil
}
