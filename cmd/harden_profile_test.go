package cmd

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// Regression: keys were matched ignoring case, so "ID" or "EMAIL" could
// stand in for Kakao's, and any integer json.Number ("-0") was a uid.
func TestLoginFromProfileExactKeys(t *testing.T) {
	for _, tc := range []struct {
		profile, uid, email, nickname string
		verified                      bool
	}{
		{`{"id":9,"ID":10}`, "9", "", "", false},
		{`{"ID":10,"id":9}`, "9", "", "", false},
		{`{"id":1,"kakao_account":{"email":"a@x","EMAIL":"victim@x"}}`, "1", "a@x", "", false},
		{`{"id":1,"kakao_account":{"EMAIL":"victim@x","is_email_verified":true}}`, "1", "", "", true},
		{`{"id":1,"kakao_account":{"email":"a@x","IS_EMAIL_VERIFIED":true}}`, "1", "a@x", "", false},
		{`{"id":1,"Kakao_Account":{"email":"victim@x"}}`, "1", "", "", false},
		{`{"id":1,"kakao_account":{"profile":{"Nickname":"fake"}},"properties":{"nickname":"prop"}}`, "1", "", "prop", false},
		{`{"id":1,"kakao_account":{"profile":{"nickname":"real"}},"properties":{"nickname":"prop"}}`, "1", "", "real", false},
		{`{"id":1,"kakao_account":null,"properties":{"nickname":null}}`, "1", "", "", false},
		{`{"\u0069d":7}`, "7", "", "", false}, // an escaped key is the same key
		{`{"id":0}`, "0", "", "", false},
		{`{"id":9007199254740993}`, "9007199254740993", "", "", false},
		{`{"id":9223372036854775807}`, "9223372036854775807", "", "", false},
	} {
		l, err := loginFromProfile([]byte(tc.profile), false)
		if err != nil {
			t.Errorf("%s: %v", tc.profile, err)
			continue
		}
		if l.UID != tc.uid || l.Email != tc.email || l.Nickname != tc.nickname || l.EmailVerified != tc.verified {
			t.Errorf("%s: uid %q email %q nickname %q verified %t; want %q %q %q %t", tc.profile,
				l.UID, l.Email, l.Nickname, l.EmailVerified, tc.uid, tc.email, tc.nickname, tc.verified)
		}
	}
}

func TestLoginFromProfileRejectsNonCanonicalUID(t *testing.T) {
	for profile, want := range map[string]string{
		`{"id":-0}`:                            `"id" is -0: want a non-negative integer`,
		`{"id":-5}`:                            `"id" is -5`,
		`{"id":1e3}`:                           `"id" is 1e3`,
		`{"id":9.0}`:                           `"id" is 9.0`,
		`{"id":"12"}`:                          `"id" is a JSON string`,
		`{"id":true}`:                          `"id" is true`,
		`{"id":null}`:                          `no "id"`,
		`{"ID":9}`:                             `no "id"`,
		`{"id":9223372036854775808}`:           `out of range`,
		`[1]`:                                  `not a Kakao /v2/user/me object`,
		`null`:                                 `not a Kakao /v2/user/me object`,
		`{"id":1,"kakao_account":{"email":5}}`: `kakao_account.email: is a JSON number, want a string`,
		`{"id":1,"kakao_account":[]}`:          `kakao_account: is a JSON array, want an object`,
	} {
		l, err := loginFromProfile([]byte(profile), false)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %+v, %v; want an error containing %q", profile, l, err, want)
		}
	}
}

// FuzzLoginFromProfile: whatever the bytes, a profile either maps to a
// Login the store accepts, with the uid and email read by exact key, or
// fails; never a panic.
func FuzzLoginFromProfile(f *testing.F) {
	for _, s := range []string{`{"id":9,"ID":10}`, `{"id":-0}`, `{"id":1,"kakao_account":{"email":"a@x","EMAIL":"b@x"}}`,
		`{"id":9007199254740993}`, `{"id":1,"kakao_account":null}`, "{\"id\":1,\"n\":\"\xff\"}", `[]`, `null`, `{"id":"1"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := loginFromProfile(data, false)
		if err != nil {
			return
		}
		if verr := l.Validate(); verr != nil {
			t.Fatalf("mapped login fails Validate: %v", verr)
		}
		var p map[string]json.RawMessage
		if err := json.Unmarshal(data, &p); err != nil {
			t.Fatalf("accepted a profile that is not an object: %v", err)
		}
		if string(p["id"]) != l.UID {
			t.Fatalf("uid %q, but \"id\" is %s", l.UID, p["id"])
		}
		if n, err := strconv.ParseInt(l.UID, 10, 64); err != nil || n < 0 || strconv.FormatInt(n, 10) != l.UID {
			t.Fatalf("uid %q is not a canonical non-negative int64", l.UID)
		}
	})
}

// FuzzReadProfiles: an import either fails or returns at least one login,
// and in array mode only when the input is exactly one JSON array.
func FuzzReadProfiles(f *testing.F) {
	for _, s := range []string{`[{"id":1}]`, `[{"id":1}][{"id":2}]`, ` [{"id":1}]]]garbage`, "{\"id\":1}\n{\"id\":2}\n", `[]`, `[{"id":1}] `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		logins, err := readProfiles(bytes.NewReader(data), false)
		if err != nil {
			return
		}
		if len(logins) == 0 {
			t.Fatal("no error and no logins")
		}
		trimmed := bytes.TrimLeft(data, " \t\r\n")
		if len(trimmed) > 0 && trimmed[0] == '[' {
			var arr []json.RawMessage
			if err := json.Unmarshal(data, &arr); err != nil || len(arr) != len(logins) {
				t.Fatalf("array input accepted as %d logins, but it is not one array of them: %v", len(logins), err)
			}
		}
	})
}
