package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// TestResetIsolatesTests runs two "tests" against one emulator, as a CI
// suite does with one `kakaologin mock`: whatever the first leaves behind,
// the second starts from the state the emulator started in.
func TestResetIsolatesTests(t *testing.T) {
	v := newEnv(t, emulator.Config{RateLimit: true,
		Faults: []emulator.Fault{{Target: "/v1/user/unlink", Error: "-7", Times: 1}}})
	fresh := v.admin("GET", "/_emulator/users", "").body

	// Test one: logs in up to the rate limit, moves the clock, arms a
	// fault, uses up the configured one, adds a user.
	var first tokens
	for i := range 20 {
		tk := v.login("")
		if i == 0 {
			first = tk
		}
	}
	code := v.code(authParams())
	v.adminOK("POST", "/_emulator/clock", `{"advance":"1h"}`, http.StatusOK)
	v.adminOK("POST", "/_emulator/faults", `{"spec":"me:-401"}`, http.StatusCreated)
	wantJSON(t, v.api("POST", "/v1/user/unlink", first.AccessToken, ""), http.StatusBadRequest, "")
	v.adminOK("POST", "/_emulator/users", `{"id":77,"kakao_account":{"email":"new@example.com"}}`, http.StatusCreated)

	wantJSON(t, v.admin("POST", "/_emulator/reset", ""), http.StatusOK, `{"status":"ok"}`)

	// Test two sees none of it.
	wantJSON(t, v.api("GET", "/v2/user/me", first.AccessToken, ""), http.StatusUnauthorized,
		`{"msg":"this access token does not exist","code":-401}`)
	wantJSON(t, v.tokenRequest(refreshForm(first.RefreshToken)), http.StatusBadRequest, koe322)
	wantJSON(t, v.tokenRequest(codeForm(code)), http.StatusBadRequest, "") // KOE320: codes forgotten
	wantJSON(t, v.admin("GET", "/_emulator/clock", ""), http.StatusOK, `{"now":"2026-03-01T09:00:00Z","offset":"0s"}`)
	wantJSON(t, v.admin("GET", "/_emulator/faults", ""), http.StatusOK,
		`{"faults":[{"id":1,"spec":"/v1/user/unlink:-7x1","path":"/v1/user/unlink","remaining":1,"hits":0}]}`)
	users := v.admin("GET", "/_emulator/users", "").body
	wantUsers := strings.TrimSuffix(fresh, "]") + `,{"id":77,"email":"new@example.com","nickname":"","connected":false,"scopes":[]}]`
	if users != wantUsers {
		t.Errorf("users after reset:\n%s\nwant\n%s", users, wantUsers)
	}
	if l := v.requests(""); len(l.Requests) != 3 || l.Requests[0].Seq != 1 { // the three calls above
		t.Errorf("log after reset: %+v", l)
	}
	// The rate limit's history is gone: 20 more logins pass.
	for range 20 {
		v.login("")
	}
	wantJSON(t, v.admin("GET", "/_emulator/reset", ""), http.StatusMethodNotAllowed, "")
}

func TestAddUsers(t *testing.T) {
	v := newEnv(t, emulator.Config{AdminKey: adminKey})
	one := `{"id":9007199254740993,"kakao_account":{"profile":{"nickname":"큰아이디"},"email":"big@example.com"}}`
	wantJSON(t, v.admin("POST", "/_emulator/users", one), http.StatusCreated,
		`[{"id":9007199254740993,"email":"big@example.com","nickname":"큰아이디","connected":false,"scopes":[]}]`)
	tk := v.login("big@example.com")
	me := v.api("GET", "/v2/user/me", tk.AccessToken, "")
	if !strings.HasPrefix(me.body, `{"id":9007199254740993,`) {
		t.Errorf("new user's /v2/user/me: %s", me.body)
	}
	two := `[{"id":11,"kakao_account":{"email":"a@example.com"}},{"id":12}]`
	wantJSON(t, v.admin("POST", "/_emulator/users", two), http.StatusCreated,
		`[{"id":11,"email":"a@example.com","nickname":"","connected":false,"scopes":[]},{"id":12,"email":"","nickname":"","connected":false,"scopes":[]}]`)
	for body, want := range map[string]string{
		`{"id":11}`:             "id 11 is already a user",
		`{"id":3958471203}`:     "id 3958471203 is already a user",
		`[{"id":13},{"id":13}]`: "duplicate id 13",
		`{"id":"x"}`:            "user[0]",
		`[]`:                    "no users",
		`{"kakao_account":{}}`:  "user[0]",
	} {
		res := v.admin("POST", "/_emulator/users", body)
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, want) {
			t.Errorf("POST users %s: %d %s, want %q", body, res.status, res.body, want)
		}
	}
	if n := strings.Count(v.admin("GET", "/_emulator/users", "").body, `"id":`); n != 8 {
		t.Errorf("%d users, want 5 + 3", n)
	}
}
