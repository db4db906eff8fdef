package localdb

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestImportLogins(t *testing.T) {
	db := openTest(t, newClock())
	logins := []Login{
		kakaoLogin(1, "a@example.com", "a"),
		kakaoLogin(2, "b@example.com", "a"), // nickname taken by the first, same batch
		kakaoLogin(1, "a@example.com", "a"), // signs in to the first
		kakaoLogin(3, "A@example.com", "c"), // email of the first
	}
	ds, err := importAll(testCtx(t), db, logins)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"signup a", "signup a_2", "signin a", "conflict a"}
	for i, d := range ds {
		if got := string(d.Result) + " " + d.User.Nickname; got != want[i] {
			t.Errorf("login %d: %s, want %s", i, got, want[i])
		}
	}
	if ds[3].Reason != ReasonEmailLinkedToOtherUID {
		t.Errorf("reason = %s", ds[3].Reason)
	}
}

func TestImportLoginsAllOrNothing(t *testing.T) {
	ctx := testCtx(t)
	db := openTest(t, nil)
	record(t, db, kakaoLogin(1, "a@example.com", "a"))

	// Invalid input: refused before anything starts.
	bad := []Login{kakaoLogin(2, "", "b"), kakaoLogin(3, "", "c"), {Provider: "kakao", UID: ""}}
	if _, err := importAll(ctx, db, bad); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "login 2") {
		t.Errorf("ImportLogins(bad) = %v, want ErrInvalid naming login 2", err)
	}
	// A storage failure midway: the batch's earlier signups are rolled back.
	if _, err := db.sql.Exec(`CREATE TRIGGER no_d BEFORE INSERT ON users WHEN NEW.nickname = 'd'
		BEGIN SELECT RAISE(ABORT, 'no d'); END`); err != nil {
		t.Fatal(err)
	}
	batch := []Login{kakaoLogin(2, "", "b"), kakaoLogin(1, "", ""), kakaoLogin(3, "", "d")}
	if ds, err := importAll(ctx, db, batch); err == nil || !strings.Contains(err.Error(), "login 2") {
		t.Errorf("ImportLogins(failing) = %v, %v", ds, err)
	}
	if n, _ := db.CountUsers(ctx); n != 1 {
		t.Errorf("users = %d after failed imports, want 1", n)
	}
	if u, _ := db.FindUser(ctx, "a@example.com"); u.LastLoginAt == nil {
		t.Error("lost the first login")
	}
	if ds, err := importAll(ctx, db, nil); err != nil || len(ds) != 0 {
		t.Errorf("ImportLogins(nil) = %v, %v", ds, err)
	}
}

// A source that fails after some logins (a bad profile at the end of a
// file) leaves nothing written, and its error comes back as is.
func TestImportLoginsSourceError(t *testing.T) {
	ctx := testCtx(t)
	db := openTest(t, nil)
	errBad := errors.New("profile 3: bad")
	seq := func(yield func(Login, error) bool) {
		for i := range 2 {
			if !yield(kakaoLogin(int64(i+1), "", fmt.Sprint("n", i)), nil) {
				return
			}
		}
		yield(Login{}, errBad)
	}
	seen := 0
	n, err := db.ImportLogins(ctx, seq, func(int, Login, Decision) error { seen++; return nil })
	if err != errBad || n != 0 || seen != 2 {
		t.Errorf("ImportLogins = %d, %v (saw %d); want 0, errBad (saw 2)", n, err, seen)
	}
	if c, _ := db.CountUsers(ctx); c != 0 {
		t.Errorf("users = %d after a failed source, want 0", c)
	}
	// each's error stops the import the same way.
	errStop := errors.New("stop")
	_, err = db.ImportLogins(ctx, seq, func(int, Login, Decision) error { return errStop })
	if err != errStop {
		t.Errorf("ImportLogins(each fails) = %v, want errStop", err)
	}
	if c, _ := db.CountUsers(ctx); c != 0 {
		t.Errorf("users = %d after each failed, want 0", c)
	}
}
