package emulator_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

func TestParseUsersErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{``, "parse users: EOF"},
		{`{"id":1}`, "not a JSON array"},
		{`[]`, "no users"},
		{`[1]`, "user[0]: not a JSON object"},
		{`[{"id":1},{"name":"x"}]`, `user[1]: missing "id"`},
		{`[{"id":1.5}]`, "user[0]: invalid id 1.5"},
		{`[{"id":"12"}]`, `user[0]: invalid id "12"`},
		{`[{"id":-3}]`, "user[0]: invalid id -3"},
		{`[{"id":0}]`, "user[0]: invalid id 0"},
		{`[{"id":1e3}]`, "user[0]: invalid id 1e3"},
		{`[{"id":9223372036854775808}]`, "does not fit in int64"},
		{`[{"id":1},{"id":2},{"id":1}]`, "user[2]: duplicate id 1 (also user[0])"},
		{`[{"id":1,"id":2}]`, `user[0]: duplicate key "id"`},
		{`[{"id":1,"kakao_account":[]}]`, "user[0]: kakao_account: not a JSON object"},
		{`[{"id":1,"kakao_account":{"profile":"x"}}]`, "user[0]: kakao_account.profile: not a JSON object"},
		{`[{"id":1,"properties":1}]`, "user[0]: properties: not a JSON object"},
		{`[{"id":1,"_emulator":{"cancle":true}}]`, `user[0]: _emulator: json: unknown field "cancle"`},
		{`[{"id":1,"_emulator":{"decline":["a b"]}}]`, `user[0]: _emulator: decline: invalid consent item "a b"`},
		{`[{"id":1}] []`, "trailing data"},
		{`[{"id":1}`, "parse users"},
	}
	for _, tt := range tests {
		_, err := emulator.ParseUsers([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseUsers(%s) = %v, want error containing %q", tt.in, err, tt.want)
		}
	}
}

func TestParseUsersKeepsIDAndJSON(t *testing.T) {
	in := `[ {"id": 9223372036854775807, "kakao_account": {"email": "a@b.c", "profile": {"nickname": "닉"}},
		"_emulator": {"cancel": true, "decline": ["account_email"]}} ]`
	users, err := emulator.ParseUsers([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	u := users[0]
	if u.ID() != 9223372036854775807 || u.Email() != "a@b.c" || u.Nickname() != "닉" || !u.Cancels() ||
		len(u.Declines()) != 1 {
		t.Errorf("user = %d %q %q %v %v", u.ID(), u.Email(), u.Nickname(), u.Cancels(), u.Declines())
	}
	b, _ := json.Marshal(users)
	want := `[{"id":9223372036854775807,"kakao_account":{"email":"a@b.c","profile":{"nickname":"닉"}},"_emulator":{"cancel":true,"decline":["account_email"]}}]`
	if string(b) != want {
		t.Errorf("Marshal = %s", b)
	}
	var back []emulator.User
	if err := json.Unmarshal(b, &back); err != nil || back[0].ID() != u.ID() {
		t.Errorf("Unmarshal: %v %v", back, err)
	}
}

func TestDefaultUsers(t *testing.T) {
	users := emulator.DefaultUsers()
	wantIDs := []int64{idFull, idNoEmail, idUnverified, idBig, idCancel}
	if len(users) != len(wantIDs) {
		t.Fatalf("%d users", len(users))
	}
	emails, nicks := map[string]bool{}, map[string]bool{}
	for i, u := range users {
		if u.ID() != wantIDs[i] {
			t.Errorf("user[%d] id = %d, want %d", i, u.ID(), wantIDs[i])
		}
		if u.Email() == "" || emails[u.Email()] || u.Nickname() == "" || nicks[u.Nickname()] {
			t.Errorf("user[%d]: email %q nickname %q not distinct", i, u.Email(), u.Nickname())
		}
		emails[u.Email()], nicks[u.Nickname()] = true, true
	}
	if !users[4].Cancels() || users[1].Declines()[0] != "account_email" {
		t.Error("switches of users 2 and 5 lost")
	}
	if again, err := emulator.ParseUsers(emulator.DefaultUsersJSON()); err != nil || len(again) != 5 {
		t.Errorf("DefaultUsersJSON: %v", err)
	}
}

func TestNewRejectsInvalidConfig(t *testing.T) {
	users := emulator.DefaultUsers()
	tests := []struct {
		name string
		cfg  emulator.Config
		want string
	}{
		{"relative redirect", emulator.Config{App: emulator.App{RedirectURIs: []string{"/callback"}}}, "absolute"},
		{"fragment", emulator.Config{App: emulator.App{RedirectURIs: []string{"http://x/cb#f"}}}, "fragment"},
		{"no redirect", emulator.Config{App: emulator.App{RedirectURIs: []string{}}}, "no redirect URIs"},
		{"duplicate consent", emulator.Config{App: emulator.App{Consent: []emulator.ConsentItem{{ID: "a"}, {ID: "a"}}}}, "duplicate"},
		{"bad consent", emulator.Config{App: emulator.App{Consent: []emulator.ConsentItem{{ID: "a,b"}}}}, "invalid ID"},
		{"zero user", emulator.Config{Users: []emulator.User{{}}}, "ParseUsers"},
		{"duplicate users", emulator.Config{Users: append(users, users[0])}, "duplicate id"},
		{"unknown default", emulator.Config{DefaultUserID: 42}, "no such user"},
		{"tiny ttl", emulator.Config{CodeTTL: time.Millisecond}, "at least 1s"},
		{"empty users", emulator.Config{Users: []emulator.User{}}, "no users"},
	}
	for _, tt := range tests {
		_, err := emulator.New(tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: New = %v, want error containing %q", tt.name, err, tt.want)
		}
	}
}

func TestDefaultUserID(t *testing.T) {
	v := newEnv(t, emulator.Config{DefaultUserID: idBig})
	tk := v.login("")
	res := v.api("GET", "/v1/user/access_token_info", tk.AccessToken, "")
	if !strings.HasPrefix(res.body, `{"id":1376016924429759243,`) {
		t.Errorf("default user: %s", res.body)
	}
}

func TestAdminEndpoints(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	wantJSON(t, v.do("GET", "/_emulator/health", nil, ""), http.StatusOK, `{"status":"ok"}`)
	v.login("no.email.consent@example.com")
	res := v.do("GET", "/_emulator/users", nil, "")
	wantJSON(t, res, http.StatusOK, "")
	for _, want := range []string{
		`{"id":3958471203,"email":"kakao.tester@example.com","nickname":"김카카오","connected":false,"scopes":[]}`,
		`{"id":4029183746,"email":"no.email.consent@example.com","nickname":"이동의","connected":true,"connected_at":"2026-03-01T09:00:00Z","scopes":["profile_image","profile_nickname"]}`,
		`{"id":1376016924429759243,`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("users %s lacks %s", res.body, want)
		}
	}
}

func TestDiscovery(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.do("GET", "/.well-known/openid-configuration", nil, "")
	wantJSON(t, res, http.StatusOK, "")
	m := decode(t, res.body)
	if m["issuer"] != v.srv.URL || m["token_endpoint"] != v.srv.URL+"/oauth/token" {
		t.Errorf("discovery: %s", res.body)
	}
}
