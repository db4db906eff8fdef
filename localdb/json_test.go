package localdb

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
)

// The CLI prints decisions as JSON: pin the shape.
func TestDecisionJSON(t *testing.T) {
	db := openTest(t, newClock())
	tests := []struct {
		login Login
		want  string
	}{
		{Login{Provider: "kakao", UID: "1", Email: "a@example.com", EmailVerified: true, Nickname: "a", Profile: []byte(`{"id": 1}`)},
			`{"result":"signup","rules":"seed","user":{"id":1,"email":"a@example.com","email_verified":true,"nickname":"a",` +
				`"joined_at":"2026-04-01T09:00:00Z","last_login_at":"2026-04-01T09:00:00Z","social_accounts":[` +
				`{"provider":"kakao","uid":"1","profile":{"id":1},"joined_at":"2026-04-01T09:00:00Z","last_login_at":"2026-04-01T09:00:00Z"}]}}`},
		{Login{Provider: "kakao", UID: "2", RequireEmail: true},
			`{"result":"conflict","rules":"seed","reason":"email_required","message":"email required but the provider returned none"}`},
		{Login{Provider: "kakao", UID: "4", Email: "a@example.com", Nickname: "b"},
			`{"result":"conflict","rules":"seed","reason":"email_linked_to_other_uid","message":"email linked to another kakao account (uid 1)",` +
				`"response":{"status":400,"content_type":"application/json","body":{"non_field_errors":["User is already registered with this e-mail address."]}},` +
				`"user":{"id":1,"email":"a@example.com","email_verified":true,"nickname":"a",` +
				`"joined_at":"2026-04-01T09:00:00Z","last_login_at":"2026-04-01T09:00:00Z","social_accounts":[` +
				`{"provider":"kakao","uid":"1","profile":{"id":1},"joined_at":"2026-04-01T09:00:00Z","last_login_at":"2026-04-01T09:00:00Z"}]}}`},
		{Login{Provider: "kakao", UID: "3", Nickname: "a", Rules: RulesLenient},
			`{"result":"signup","rules":"lenient","warnings":["nickname \"a\" is taken: stored as \"a_2\"","` + warnNoEmail + `"],` +
				`"user":{"id":2,"email":null,"email_verified":false,"nickname":"a_2",` +
				`"joined_at":"2026-04-01T09:00:00Z","last_login_at":"2026-04-01T09:00:00Z","social_accounts":[` +
				`{"provider":"kakao","uid":"3","joined_at":"2026-04-01T09:00:00Z","last_login_at":"2026-04-01T09:00:00Z"}]}}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(record(t, db, tt.login))
		if err != nil || string(b) != tt.want {
			t.Errorf("decision JSON:\n got %s (%v)\nwant %s", b, err, tt.want)
		}
	}
	u, err := db.AddUser(testCtx(t), NewUser{Nickname: "admin"})
	b, _ := json.Marshal(u)
	if want := `{"id":3,"email":null,"email_verified":false,"nickname":"admin","joined_at":"2026-04-01T09:00:00Z","last_login_at":null,"social_accounts":[]}`; err != nil || string(b) != want {
		t.Errorf("user JSON:\n got %s (%v)\nwant %s", b, err, want)
	}
}

func TestImportLoginsCanceled(t *testing.T) {
	db := openTest(t, nil)
	ctx, cancel := context.WithCancel(testCtx(t))
	cancel()
	_, err := importAll(ctx, db, []Login{kakaoLogin(1, "", "a")})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ImportLogins(canceled) = %v", err)
	}
	if n, _ := db.CountUsers(testCtx(t)); n != 0 {
		t.Errorf("users = %d", n)
	}
}
