package localdb

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// FuzzFindUser: any key finds the right user, or fails with ErrNotFound or
// ErrInvalid; never another error, never a panic.
func FuzzFindUser(f *testing.F) {
	for _, s := range []string{"1", "2", " 1 ", "a@example.com", "A@EXAMPLE.COM", "", " ", "0", "-1", "+1", "01",
		"99999999999999999999", "0x1", "１", "a@example.com\x00", "1e3", "%", "'; DROP TABLE users; --"} {
		f.Add(s)
	}
	db := openTest(f, nil)
	ctx := testCtx(f)
	db.AddUser(ctx, NewUser{Email: "a@example.com", Nickname: "a"})
	db.AddUser(ctx, NewUser{Email: "b@example.com", Nickname: "b", Provider: "kakao", UID: "2"})
	f.Fuzz(func(t *testing.T, key string) {
		u, err := db.FindUser(ctx, key)
		if err != nil {
			if !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrInvalid) {
				t.Fatalf("FindUser(%q) = %v", key, err)
			}
			return
		}
		k := strings.TrimSpace(key)
		if id, perr := strconv.ParseInt(k, 10, 64); perr == nil && strings.Trim(k, "0123456789") == "" {
			if u.ID != id {
				t.Fatalf("FindUser(%q) = user %d", key, u.ID)
			}
		} else if u.Email == nil || !strings.EqualFold(*u.Email, k) {
			t.Fatalf("FindUser(%q) = user %d (%v)", key, u.ID, u.Email)
		}
	})
}

// FuzzRecordLogin: whatever strings a login carries, recording it twice is
// a signup (or a validation error) then a signin of the same user, with the
// nickname stored as wanted or suffixed, and the profile byte-exact.
func FuzzRecordLogin(f *testing.F) {
	f.Add("kakao", "1", "a@example.com", "mina", `{"id":1}`)
	f.Add("kakao", "2", "", "", ``)
	f.Add("kakao", "3", "", "mina", `{}`)
	f.Add("kakao", "4", "", "mina_2", `null`)
	f.Add("kakao", "5", "", "mina_", `[1, 2 ]`)
	f.Add("kakao", "6", "", "mina`", `"x"`)
	f.Add("k\x00", "7", "\xff@x", "\xff\x00", `{"a":"\u0000"}`)
	db := openTest(f, nil)
	ctx := testCtx(f)
	record(f, db, kakaoLogin(1000, "", "mina"))
	f.Fuzz(func(t *testing.T, provider, uid, email, nickname, profile string) {
		l := Login{Provider: provider, UID: uid, Email: email, Nickname: nickname, Profile: []byte(profile)}
		d, err := db.RecordLogin(ctx, l)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("RecordLogin(%+v) = %v", l, err)
			}
			return
		}
		if d.Result == ResultConflict {
			return // the email was taken
		}
		again, err := db.RecordLogin(ctx, l)
		if err != nil || again.Result != ResultSignin || again.User.ID != d.User.ID || again.User.Nickname != d.User.Nickname {
			t.Fatalf("second login = %+v, %v; first %+v", again, err, d)
		}
		want := nickname
		if want == "" {
			want = provider + "_" + uid
		}
		if got := d.User.Nickname; d.Result == ResultSignup && got != want && !strings.HasPrefix(got, want+"_") {
			t.Fatalf("nickname %q, wanted %q", got, want)
		}
		for _, s := range again.User.Socials {
			if s.Provider == provider && s.UID == uid && len(profile) > 0 && string(s.Profile) != profile {
				t.Fatalf("profile %q, stored %q", profile, s.Profile)
			}
		}
	})
}
