package cmd

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/localdb"
)

// On a terminal, users delete shows the user and deletes only on y or yes.
func TestUsersDeleteAsksFirst(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	path := filepath.Join(t.TempDir(), "users.db")
	open := func(ctx context.Context, path string, readOnly bool) (*localdb.DB, error) {
		return localdb.Open(ctx, path, localdb.Options{ReadOnly: readOnly})
	}
	add := func() {
		t.Helper()
		db, err := open(ctx, path, false)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.AddUser(ctx, localdb.NewUser{Email: "kim@example.com", Nickname: "kim\x1b[31m", Provider: "google", UID: "42"}); err != nil {
			t.Fatal(err)
		}
	}
	users := func() int {
		t.Helper()
		db, err := open(ctx, path, true)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		n := 0
		if err := db.EachUser(ctx, func(localdb.User) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// no store: nothing is asked, and no store is created
	var errOut bytes.Buffer
	none := filepath.Join(t.TempDir(), "none.db")
	err := runUsersDelete(ctx, &UsersDeleteOptions{IO: &IOStreams{In: strings.NewReader("y\n"), Out: &bytes.Buffer{}, ErrOut: &errOut},
		DB: none, Format: "json", Key: "1", Prompt: true, Open: open})
	if _, statErr := os.Stat(none); !errors.Is(err, localdb.ErrNotFound) || errOut.Len() != 0 || statErr == nil {
		t.Errorf("no store: %v, stderr %q, stat %v", err, errOut.String(), statErr)
	}

	add()
	for _, answer := range []string{"", "\n", "n\n", "no\n", "yess\n", " y es\n", strings.Repeat("y", 2000) + "\n"} {
		var out, errOut bytes.Buffer
		opts := &UsersDeleteOptions{IO: &IOStreams{In: strings.NewReader(answer), Out: &out, ErrOut: &errOut},
			DB: path, Format: "json", Key: "KIM@example.com", Prompt: true, Open: open}
		err := runUsersDelete(ctx, opts)
		if !errors.Is(err, errNotConfirmed) || exitCode(err) != ExitDenied || out.Len() != 0 || users() != 1 {
			t.Errorf("answer %q: %v (exit %d), stdout %q, %d users; want exit 3, nothing deleted", answer, err, exitCode(err), out.String(), users())
		}
		// the question names the user, control characters escaped
		if want := `Delete user 1 kim@example.com (kim\x1b[31m) with google:42? [y/N] `; errOut.String() != want {
			t.Errorf("answer %q: stderr %q, want %q", answer, errOut.String(), want)
		}
	}
	for _, answer := range []string{"y\n", "YES\r\n", " Yes", "y"} {
		var out, errOut bytes.Buffer
		opts := &UsersDeleteOptions{IO: &IOStreams{In: strings.NewReader(answer), Out: &out, ErrOut: &errOut},
			DB: path, Format: "json", Key: "kim@example.com", Prompt: true, Open: open}
		if err := runUsersDelete(ctx, opts); err != nil || !strings.Contains(out.String(), `"email": "kim@example.com"`) || users() != 0 {
			t.Errorf("answer %q: %v, stdout %q, %d users; want the user deleted and printed", answer, err, out.String(), users())
		}
		add()
	}

	// --yes asks nothing and reads nothing.
	var out bytes.Buffer
	errOut.Reset()
	in := strings.NewReader("n\n")
	opts := &UsersDeleteOptions{IO: &IOStreams{In: in, Out: &out, ErrOut: &errOut}, DB: path, Format: "json", Key: "kim@example.com", Yes: true, Prompt: true, Open: open}
	if err := runUsersDelete(ctx, opts); err != nil || errOut.Len() != 0 || in.Len() != 2 || users() != 0 {
		t.Errorf("--yes: %v, stderr %q, %d users", err, errOut.String(), users())
	}
}
