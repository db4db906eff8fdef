package localdb

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSignupWithEmail(t *testing.T) {
	c := newClock()
	db := openTest(t, c)
	l := kakaoLogin(4242, "Mina@Example.com", "mina")
	d := record(t, db, l)
	if d.Result != ResultSignup || d.Reason != "" || len(d.Warnings) != 0 {
		t.Fatalf("decision = %+v, want a clean signup", d)
	}
	u := d.User
	if u.ID == 0 || u.Email == nil || *u.Email != "Mina@Example.com" || !u.EmailVerified || u.Nickname != "mina" {
		t.Errorf("user = %+v", u)
	}
	if !u.JoinedAt.Equal(c.Now()) || u.LastLoginAt == nil || !u.LastLoginAt.Equal(c.Now()) {
		t.Errorf("times = %v, %v; want %v", u.JoinedAt, u.LastLoginAt, c.Now())
	}
	if len(u.Socials) != 1 || u.Socials[0].UID != "4242" || !bytes.Equal(u.Socials[0].Profile, l.Profile) {
		t.Errorf("socials = %+v", u.Socials)
	}
	// What was stored is what was returned.
	got, err := db.FindUser(testCtx(t), "4242@nowhere") // not an id: an email nobody has
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("FindUser(other email) = %+v, %v", got, err)
	}
	got, err = db.FindUser(testCtx(t), "mina@example.COM")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != u.ID || !bytes.Equal(got.Socials[0].Profile, l.Profile) || !got.JoinedAt.Equal(u.JoinedAt) {
		t.Errorf("stored %+v, returned %+v", got, *u)
	}
}

func TestSignupWithoutEmail(t *testing.T) {
	db := openTest(t, newClock())
	d := record(t, db, kakaoLogin(7, "", "nomail"))
	if d.Result != ResultSignup || d.User.Email != nil || d.User.EmailVerified {
		t.Fatalf("decision = %+v", d)
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "requires email") {
		t.Errorf("warnings = %q, want the email-required warning", d.Warnings)
	}
}

func TestSignupRequireEmailConflict(t *testing.T) {
	db := openTest(t, newClock())
	l := kakaoLogin(7, "", "nomail")
	l.RequireEmail = true
	d := record(t, db, l)
	if d.Result != ResultConflict || d.Reason != ReasonEmailRequired || d.Message == "" || d.User != nil {
		t.Fatalf("decision = %+v", d)
	}
	if n, _ := db.CountUsers(testCtx(t)); n != 0 {
		t.Errorf("conflict stored %d users", n)
	}
	// An existing account signs in even without email.
	l.RequireEmail = false
	record(t, db, l)
	l.RequireEmail = true
	if d := record(t, db, l); d.Result != ResultSignin {
		t.Errorf("existing account without email = %+v, want signin", d)
	}
}

func TestSignin(t *testing.T) {
	c := newClock()
	db := openTest(t, c)
	first := record(t, db, kakaoLogin(99, "a@example.com", "first"))
	c.Advance(90 * time.Minute)
	l := kakaoLogin(99, "a@example.com", "renamed")
	l.Profile = []byte(`{"id":99,  "kakao_account":{"profile":{"nickname":"renamed"}}}`)
	d := record(t, db, l)
	if d.Result != ResultSignin || len(d.Warnings) != 0 {
		t.Fatalf("decision = %+v", d)
	}
	u := d.User
	if u.ID != first.User.ID || u.Nickname != "first" {
		t.Errorf("user = %+v: want id %d, nickname kept", u, first.User.ID)
	}
	if !u.JoinedAt.Equal(first.User.JoinedAt) || u.LastLoginAt == nil || !u.LastLoginAt.Equal(c.Now()) {
		t.Errorf("joined %v last %v; want joined kept, last login %v", u.JoinedAt, u.LastLoginAt, c.Now())
	}
	s := u.Socials[0]
	if !bytes.Equal(s.Profile, l.Profile) || !s.LastLoginAt.Equal(c.Now()) || !s.JoinedAt.Equal(first.User.JoinedAt) {
		t.Errorf("social = %+v (profile %s)", s, s.Profile)
	}
	// No profile this time: the stored one stays.
	l.Profile = nil
	if d := record(t, db, l); !bytes.Equal(d.User.Socials[0].Profile, []byte(`{"id":99,  "kakao_account":{"profile":{"nickname":"renamed"}}}`)) {
		t.Errorf("profile after a login without one = %s", d.User.Socials[0].Profile)
	}
	// The provider's email changed: signin, stored email kept, a warning.
	l.Email = "b@example.com"
	d = record(t, db, l)
	if d.Result != ResultSignin || *d.User.Email != "a@example.com" || len(d.Warnings) != 1 {
		t.Errorf("changed email = %+v", d)
	}
	if n, _ := db.CountUsers(testCtx(t)); n != 1 {
		t.Errorf("users = %d, want 1", n)
	}
}

func TestConflicts(t *testing.T) {
	ctx := testCtx(t)
	db := openTest(t, newClock())
	if _, err := db.AddUser(ctx, NewUser{Email: "plain@example.com", Nickname: "plain"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddUser(ctx, NewUser{Email: "g@example.com", Nickname: "g", Provider: "google", UID: "g1"}); err != nil {
		t.Fatal(err)
	}
	record(t, db, kakaoLogin(1, "k@example.com", "k"))

	tests := []struct {
		login        Login
		reason, msg  string
		conflictWith string
	}{
		{kakaoLogin(2, "PLAIN@example.com", "x"), ReasonEmailExistsNotSocial, "email exists but not social user", "plain"},
		{kakaoLogin(3, "g@EXAMPLE.com", "x"), ReasonNoMatchingSocialType, "no matching social type", "g"},
		{kakaoLogin(4, "k@example.com", "x"), ReasonEmailLinkedToOtherUID, "email linked to another kakao account (uid 1)", "k"},
	}
	for _, tt := range tests {
		d := record(t, db, tt.login)
		if d.Result != ResultConflict || d.Reason != tt.reason || d.Message != tt.msg {
			t.Errorf("%s: decision = %+v, want %s %q", tt.login.Email, d, tt.reason, tt.msg)
			continue
		}
		if d.User == nil || d.User.Nickname != tt.conflictWith {
			t.Errorf("%s: conflicting user = %+v, want %s", tt.login.Email, d.User, tt.conflictWith)
		}
	}
	if n, _ := db.CountUsers(ctx); n != 3 {
		t.Errorf("users = %d after conflicts, want 3", n)
	}
	if _, err := db.FindUser(ctx, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("conflicts wrote something: %v", err)
	}
}

func TestNicknameSuffix(t *testing.T) {
	db := openTest(t, newClock())
	want := []string{"mina", "mina_2", "mina_3"}
	for i, w := range want {
		d := record(t, db, kakaoLogin(int64(i+1), "", "mina"))
		if d.User.Nickname != w {
			t.Fatalf("login %d: nickname %q, want %q", i, d.User.Nickname, w)
		}
		if i > 0 && !containsWarning(d.Warnings, `"mina" is taken: stored as "`+w+`"`) {
			t.Errorf("login %d: warnings %q", i, d.Warnings)
		}
	}
	// First free: a gap at _2 after a deletion is reused; "mina_02" does not count.
	ctx := testCtx(t)
	if _, err := db.DeleteUser(ctx, "2"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddUser(ctx, NewUser{Nickname: "mina_02"}); err != nil {
		t.Fatal(err)
	}
	if d := record(t, db, kakaoLogin(10, "", "mina")); d.User.Nickname != "mina_2" {
		t.Errorf("nickname = %q, want mina_2", d.User.Nickname)
	}
	if d := record(t, db, kakaoLogin(11, "", "mina")); d.User.Nickname != "mina_4" {
		t.Errorf("nickname = %q, want mina_4", d.User.Nickname)
	}
}

func TestGeneratedNickname(t *testing.T) {
	db := openTest(t, newClock())
	d := record(t, db, kakaoLogin(55, "", ""))
	if d.User.Nickname != "kakao_55" || !containsWarning(d.Warnings, `generated "kakao_55"`) {
		t.Errorf("decision = %+v", d)
	}
}

func TestRecordLoginInvalid(t *testing.T) {
	db := openTest(t, newClock())
	for _, l := range []Login{
		{UID: "1"},
		{Provider: "kakao"},
		{Provider: "kakao", UID: "1", Profile: []byte(`{"id":`)},
	} {
		if _, err := db.RecordLogin(testCtx(t), l); !errors.Is(err, ErrInvalid) {
			t.Errorf("RecordLogin(%+v) = %v, want ErrInvalid", l, err)
		}
	}
}

func containsWarning(ws []string, sub string) bool {
	for _, w := range ws {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}
