package cmd

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/localdb"
)

// stdJSON is what encoding/json makes of v, HTML escaping off.
func stdJSON(t testing.TB, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func TestAppendUserMatchesEncodingJSON(t *testing.T) {
	email := "a\"b\\c<d>&e@example.com"
	joined := time.Date(2026, 11, 26, 9, 30, 8, 0, time.UTC)
	for _, u := range []localdb.User{
		{ID: 1, Nickname: "plain", JoinedAt: joined, Socials: []localdb.SocialAccount{}},
		{ID: 1376016924429759243, Email: &email, EmailVerified: true, Nickname: "김카카오\n\t\x01\u2028\xff", JoinedAt: joined, LastLoginAt: &joined,
			Socials: []localdb.SocialAccount{
				{Provider: "kakao", UID: "1376016924429759243", Profile: json.RawMessage(`{"id":1376016924429759243,"n":"x"}`), JoinedAt: joined, LastLoginAt: &joined},
				{Provider: "google", UID: "7", Profile: json.RawMessage("{\n  \"id\": 7,\n  \"a\": [1, 2]\n}"), JoinedAt: joined},
				{Provider: "apple", UID: "8", JoinedAt: joined},
			}},
	} {
		got := appendUser(nil, u)
		if want := stdJSON(t, u); !bytes.Equal(got, want) {
			t.Errorf("appendUser:\n got %s\nwant %s", got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "김카카오", "\x00\x1f\"\\", "\u2028\u2029", "\xff\xfe", "<>&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := appendString(nil, s)
		if want := stdJSON(t, s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func TestSpaceOutsideStrings(t *testing.T) {
	for raw, want := range map[string]bool{
		`{"a":"b c","d":[1,2]}`: false, `{"a": 1}`: true, "{\"a\":1,\n\"b\":2}": true, `{"a":"x\"y z"}`: false,
		`{"a":"x\\"}`: false, `{"a":"x\\", "b":1}`: true, `{"a":"x\\\"", "b":1}`: true, `{"a":"x\\\" y"}`: false, `[ ]`: true, `"a b"`: false,
	} {
		if got := spaceOutsideStrings([]byte(raw)); got != want {
			t.Errorf("spaceOutsideStrings(%s) = %v, want %v", raw, got, want)
		}
	}
}
