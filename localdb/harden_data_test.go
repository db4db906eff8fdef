package localdb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Regression: invalid UTF-8 was stored, and re-emitted as invalid JSON.
func TestRejectsInvalidUTF8(t *testing.T) {
	db := openTest(t, nil)
	ctx := testCtx(t)
	for name, l := range map[string]Login{
		"email":    {Provider: "kakao", UID: "1", Email: "a\xff@x.example"},
		"nickname": {Provider: "kakao", UID: "2", Nickname: "n\xc3"},
		"uid":      {Provider: "kakao", UID: "3\xff"},
		"provider": {Provider: "k\xffakao", UID: "4"},
		"profile":  {Provider: "kakao", UID: "5", Profile: []byte("{\"id\":5,\"n\":\"\xff\"}")},
	} {
		_, err := db.RecordLogin(ctx, l)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), name+" ") ||
			!strings.Contains(err.Error(), "not valid UTF-8") {
			t.Errorf("RecordLogin with invalid UTF-8 in the %s = %v, want ErrInvalid naming it", name, err)
		}
		if _, err := importAll(ctx, db, []Login{kakaoLogin(9, "", "ok"), l}); !errors.Is(err, ErrInvalid) {
			t.Errorf("ImportLogins with invalid UTF-8 in the %s = %v, want ErrInvalid", name, err)
		}
	}
	for name, nu := range map[string]NewUser{
		"email":    {Email: "\xffa@x.example", Nickname: "a"},
		"nickname": {Nickname: "\xe2\x82"},
		"uid":      {Nickname: "c", Provider: "kakao", UID: "\xff"},
	} {
		if _, err := db.AddUser(ctx, nu); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), name+" ") {
			t.Errorf("AddUser with invalid UTF-8 in the %s = %v, want ErrInvalid naming it", name, err)
		}
	}
	if n, _ := db.CountUsers(ctx); n != 0 {
		t.Errorf("%d users stored, want none", n)
	}
}

// Regression: a profile of any size was stored.
func TestProfileSizeLimit(t *testing.T) {
	db := openTest(t, nil)
	ctx := testCtx(t)
	profile := func(size int) []byte {
		head := fmt.Sprintf(`{"id":%d,"pad":"`, size)
		return []byte(head + strings.Repeat("x", size-len(head)-2) + `"}`)
	}
	if _, err := db.RecordLogin(ctx, Login{Provider: "kakao", UID: "1", Profile: profile(MaxProfileSize)}); err != nil {
		t.Errorf("profile of exactly MaxProfileSize: %v", err)
	}
	big := Login{Provider: "kakao", UID: "2", Profile: profile(MaxProfileSize + 1)}
	_, err := db.RecordLogin(ctx, big)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "65536") {
		t.Errorf("profile over MaxProfileSize = %v, want ErrInvalid naming the limit", err)
	}
	// A signin with a larger profile must not replace the stored one either.
	big.UID = "1"
	if _, err := db.RecordLogin(ctx, big); !errors.Is(err, ErrInvalid) {
		t.Errorf("signin with a profile over MaxProfileSize = %v, want ErrInvalid", err)
	}
	if n, _ := db.CountUsers(ctx); n != 1 {
		t.Errorf("%d users, want 1", n)
	}
}

// Regression: emails were unique ignoring ASCII case only, so École@ and
// école@ were two users, and a login as ÉCOLE@ signed up a third.
func TestEmailUniqueIgnoringUnicodeCase(t *testing.T) {
	db := openTest(t, nil)
	ctx := testCtx(t)
	if _, err := db.AddUser(ctx, NewUser{Email: "École@x.example", Nickname: "a"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddUser(ctx, NewUser{Email: "école@x.example", Nickname: "b"}); !errors.Is(err, ErrExists) {
		t.Errorf("AddUser(école@) = %v, want ErrExists", err)
	}
	d := record(t, db, kakaoLogin(7, "éCOLE@X.EXAMPLE", "c"))
	if d.Result != ResultConflict || d.Reason != ReasonEmailExistsNotSocial {
		t.Errorf("login as éCOLE@ = %s %s, want conflict %s", d.Result, d.Reason, ReasonEmailExistsNotSocial)
	}
	for _, key := range []string{"école@x.example", "ÉCOLE@X.EXAMPLE", "\u212Aelvin"} {
		u, err := db.FindUser(ctx, key)
		if key == "\u212Aelvin" { // KELVIN SIGN folds to k: no such user
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("FindUser(%q) = %+v, %v", key, u, err)
			}
			continue
		}
		if err != nil || u.Nickname != "a" {
			t.Errorf("FindUser(%q) = %+v, %v; want user a", key, u, err)
		}
	}
	// The stored email keeps its case.
	if u, _ := db.FindUser(ctx, "1"); u.Email == nil || *u.Email != "École@x.example" {
		t.Errorf("stored email %v", u.Email)
	}
	// Simple folding only: ß is not ss (full folding would say it is).
	if _, err := db.AddUser(ctx, NewUser{Email: "straße@x.example", Nickname: "d"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddUser(ctx, NewUser{Email: "STRASSE@x.example", Nickname: "e"}); err != nil {
		t.Errorf("AddUser(STRASSE@) = %v: ß and ss are different under simple folding", err)
	}
}

// A file of the previous schema is upgraded: its emails get their keys.
func TestMigrationFillsEmailKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.db")
	sqliteFile(t, path, migrations()[0].sql, "PRAGMA user_version = 1",
		`INSERT INTO users (email, nickname, joined_at) VALUES ('École@x.example', 'old', '2025-01-01T00:00:00Z'),
			(NULL, 'none', '2025-01-01T00:00:00Z')`)
	db := openAt(t, path, nil)
	ctx := testCtx(t)
	if u, err := db.FindUser(ctx, "ÉCOLE@x.example"); err != nil || u.Nickname != "old" {
		t.Errorf("FindUser after upgrade = %+v, %v", u, err)
	}
	if _, err := db.AddUser(ctx, NewUser{Email: "école@X.example", Nickname: "new"}); !errors.Is(err, ErrExists) {
		t.Errorf("AddUser(école@) after upgrade = %v, want ErrExists", err)
	}
}

// foldEmail picks one member of each simple case-folding orbit: two runes
// get the same key exactly when strings.EqualFold says they are equal.
func TestFoldEmailMatchesEqualFold(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		k := foldEmail(string(r))
		inOrbit := k == string(r)
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if foldEmail(string(f)) != k {
				t.Fatalf("foldEmail(%U) = %q but foldEmail(%U) = %q", r, k, f, foldEmail(string(f)))
			}
			inOrbit = inOrbit || k == string(f)
		}
		if !inOrbit { // keys of different orbits must differ: İ is not i
			t.Fatalf("foldEmail(%U) = %q, not a case variant of it", r, k)
		}
		if r < 0x80 && k != strings.ToLower(string(r)) {
			t.Fatalf("foldEmail(%q) = %q, want ASCII lower case", r, k)
		}
	}
	if got := foldEmail("École.Kelvin\u212A@X.example"); !bytes.Equal([]byte(got), []byte("école.kelvink@x.example")) {
		t.Errorf("foldEmail = %q", got)
	}
}

// Regression: invalid UTF-8 that an older version stored came back out
// byte for byte, so the JSON the CLI printed was not UTF-8. It now reads
// as U+FFFD, which keeps the profile valid JSON.
func TestStoredInvalidUTF8ProfileReadsAsUTF8(t *testing.T) {
	db := openTest(t, nil)
	ctx := testCtx(t)
	record(t, db, kakaoLogin(1, "a@x.example", "a"))
	if _, err := db.sql.Exec(`UPDATE social_accounts SET profile = CAST(X'7b226964223a312c226e223a22ff6b227d' AS TEXT)`); err != nil {
		t.Fatal(err)
	}
	check := func(how string, u User) {
		p := u.Socials[0].Profile
		if !utf8.Valid(p) || !json.Valid(p) || string(p) != `{"id":1,"n":"`+"\uFFFD"+`k"}` {
			t.Errorf("%s: profile %q, want valid UTF-8 JSON with U+FFFD", how, p)
		}
	}
	u, err := db.FindUser(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	check("FindUser", u)
	if err := db.EachUser(ctx, func(u User) error { check("EachUser", u); return nil }); err != nil {
		t.Fatal(err)
	}
}
