package localdb

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestAddFindDeleteUser(t *testing.T) {
	ctx := testCtx(t)
	c := newClock()
	db := openTest(t, c)
	u, err := db.AddUser(ctx, NewUser{Email: "Admin@Example.com", EmailVerified: true, Nickname: "admin", Provider: "kakao", UID: "77"})
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || *u.Email != "Admin@Example.com" || !u.EmailVerified || u.LastLoginAt != nil ||
		len(u.Socials) != 1 || u.Socials[0].UID != "77" || u.Socials[0].Profile != nil || !u.JoinedAt.Equal(c.Now()) {
		t.Fatalf("AddUser = %+v", u)
	}
	for _, key := range []string{fmt.Sprint(u.ID), " " + fmt.Sprint(u.ID) + " ", "admin@example.com", "ADMIN@EXAMPLE.COM"} {
		got, err := db.FindUser(ctx, key)
		if err != nil || got.ID != u.ID || len(got.Socials) != 1 {
			t.Errorf("FindUser(%q) = %+v, %v", key, got, err)
		}
	}
	for _, key := range []string{"999", "nobody@example.com", "99999999999999999999999", "admin"} {
		if _, err := db.FindUser(ctx, key); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "no user with") {
			t.Errorf("FindUser(%q) = %v, want ErrNotFound", key, err)
		}
	}
	if _, err := db.FindUser(ctx, "  "); !errors.Is(err, ErrInvalid) {
		t.Errorf("FindUser(blank) = %v, want ErrInvalid", err)
	}

	// The social account came along: a login with it signs in.
	if d := record(t, db, kakaoLogin(77, "", "")); d.Result != ResultSignin || d.User.ID != u.ID {
		t.Errorf("login after AddUser = %+v", d)
	}

	del, err := db.DeleteUser(ctx, "admin@EXAMPLE.com")
	if err != nil || del.ID != u.ID || len(del.Socials) != 1 {
		t.Fatalf("DeleteUser = %+v, %v", del, err)
	}
	var socials int
	if err := db.sql.QueryRow("SELECT count(*) FROM social_accounts").Scan(&socials); err != nil || socials != 0 {
		t.Errorf("social accounts left after delete: %d, %v", socials, err)
	}
	if _, err := db.DeleteUser(ctx, fmt.Sprint(u.ID)); !errors.Is(err, ErrNotFound) {
		t.Errorf("second DeleteUser = %v, want ErrNotFound", err)
	}
	// Deleted: the same account signs up again.
	if d := record(t, db, kakaoLogin(77, "admin@example.com", "admin")); d.Result != ResultSignup || d.User.Nickname != "admin" {
		t.Errorf("login after delete = %+v", d)
	}
}

func TestAddUserErrors(t *testing.T) {
	ctx := testCtx(t)
	db := openTest(t, nil)
	if _, err := db.AddUser(ctx, NewUser{Email: "a@example.com", Nickname: "a", Provider: "kakao", UID: "1"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		nu   NewUser
		kind error
		msg  string
	}{
		{NewUser{Email: "A@EXAMPLE.COM", Nickname: "b"}, ErrExists, "email A@EXAMPLE.COM is already used by user 1"},
		{NewUser{Nickname: "a"}, ErrExists, `nickname "a" is already used by user 1`},
		{NewUser{Nickname: "c", Provider: "kakao", UID: "1"}, ErrExists, "kakao account 1 is already used by user 1"},
		{NewUser{Nickname: "d", Provider: "kakao"}, ErrInvalid, "provider and uid go together"},
		{NewUser{Email: "e@example.com"}, ErrInvalid, "nickname is required"},
	}
	for _, tt := range tests {
		_, err := db.AddUser(ctx, tt.nu)
		if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("AddUser(%+v) = %v, want %v %q", tt.nu, err, tt.kind, tt.msg)
		}
	}
	if u, err := db.AddUser(ctx, NewUser{Provider: "kakao", UID: "2"}); err != nil || u.Nickname != "kakao_2" {
		t.Errorf("AddUser without nickname = %+v, %v", u, err)
	}
	if n, _ := db.CountUsers(ctx); n != 2 {
		t.Errorf("users = %d, want 2", n)
	}
}

func TestEachUser(t *testing.T) {
	ctx := testCtx(t)
	db := openTest(t, nil)
	if err := db.EachUser(ctx, func(User) error { return errors.New("called on an empty store") }); err != nil {
		t.Fatal(err)
	}
	db.AddUser(ctx, NewUser{Nickname: "plain"})
	record(t, db, kakaoLogin(1, "", "one"))
	db.AddUser(ctx, NewUser{Nickname: "two", Provider: "google", UID: "g2"})
	record(t, db, Login{Provider: "kakao", UID: "k2", Nickname: "x", Rules: RulesLenient})
	if _, err := db.sql.Exec(`INSERT INTO social_accounts (provider, uid, user_id, joined_at) VALUES ('kakao', '2', 3, '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}

	var got []string
	err := db.EachUser(ctx, func(u User) error {
		s := fmt.Sprintf("%d:%s:", u.ID, u.Nickname)
		for _, a := range u.Socials {
			s += a.Provider + "/" + a.UID + ","
		}
		got = append(got, s)
		return nil
	})
	want := []string{"1:plain:", "2:one:kakao/1,", "3:two:google/g2,kakao/2,", "4:x:kakao/k2,"}
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("EachUser = %q, %v; want %q", got, err, want)
	}

	stop := errors.New("stop")
	calls := 0
	err = db.EachUser(ctx, func(User) error {
		if calls++; calls == 2 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 2 {
		t.Errorf("early stop: err %v after %d calls", err, calls)
	}
}
