package localdb

import (
	"errors"
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
	ds, err := db.ImportLogins(testCtx(t), logins)
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
	if _, err := db.ImportLogins(ctx, bad); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "login 2") {
		t.Errorf("ImportLogins(bad) = %v, want ErrInvalid naming login 2", err)
	}
	// A storage failure midway: the batch's earlier signups are rolled back.
	if _, err := db.sql.Exec(`CREATE TRIGGER no_d BEFORE INSERT ON users WHEN NEW.nickname = 'd'
		BEGIN SELECT RAISE(ABORT, 'no d'); END`); err != nil {
		t.Fatal(err)
	}
	batch := []Login{kakaoLogin(2, "", "b"), kakaoLogin(1, "", ""), kakaoLogin(3, "", "d")}
	if ds, err := db.ImportLogins(ctx, batch); err == nil || !strings.Contains(err.Error(), "login 2") {
		t.Errorf("ImportLogins(failing) = %v, %v", ds, err)
	}
	if n, _ := db.CountUsers(ctx); n != 1 {
		t.Errorf("users = %d after failed imports, want 1", n)
	}
	if u, _ := db.FindUser(ctx, "a@example.com"); u.LastLoginAt == nil {
		t.Error("lost the first login")
	}
	if ds, err := db.ImportLogins(ctx, nil); err != nil || len(ds) != 0 {
		t.Errorf("ImportLogins(nil) = %v, %v", ds, err)
	}
}
