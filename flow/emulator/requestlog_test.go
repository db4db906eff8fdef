package emulator_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// requestLog is GET /_emulator/requests decoded.
type requestLog struct {
	Requests []emulator.Request `json:"requests"`
	Dropped  uint64             `json:"dropped"`
}

func (v *env) requests(query string) requestLog {
	v.t.Helper()
	res := v.adminOK("GET", "/_emulator/requests"+query, "", http.StatusOK)
	var l requestLog
	if err := json.Unmarshal([]byte(res.body), &l); err != nil {
		v.t.Fatalf("requests %s: %v", res.body, err)
	}
	return l
}

func TestRequestLogRecordsWhatWasSent(t *testing.T) {
	const secret = "s3cr3tS3cr3tS3cr3tS3cr3tS3cr3t00"
	v := newEnv(t, emulator.Config{App: emulator.App{ClientSecret: secret}, AdminKey: adminKey})
	code := v.code(authParams("scope", "account_email", "login_hint", "kakao.tester@example.com"))
	f := codeForm(code)
	f.Set("client_secret", secret)
	tk := decodeTokens(t, v.tokenRequest(f).body)
	v.api("GET", "/v2/user/me", tk.AccessToken, "")
	v.do("GET", "/v1/user/access_token_info?access_token="+url.QueryEscape(tk.AccessToken), nil, "")
	v.adminCall("POST", "/v1/user/logout", adminKey, target("3958471203"))
	basic := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	basic.Set("Authorization", "Basic "+secret)
	v.do("POST", "/oauth/token", basic, refreshForm(tk.RefreshToken).Encode())

	l := v.requests("")
	if len(l.Requests) != 6 || l.Dropped != 0 {
		t.Fatalf("log: %+v", l)
	}
	authz, token, me, param, logout, basicReq := l.Requests[0], l.Requests[1], l.Requests[2], l.Requests[3], l.Requests[4], l.Requests[5]
	if authz.Method != "GET" || authz.Path != "/oauth/authorize" || authz.Status != 302 || authz.Seq != 1 ||
		authz.Params["scope"] != "account_email" || authz.Params["code_challenge_method"] != "S256" ||
		authz.Params["login_hint"] != "kakao.tester@example.com" || !authz.Time.Equal(v.clock.Now()) {
		t.Errorf("authorize: %+v", authz)
	}
	if token.Status != 200 || token.Auth != "client_secret_post" || token.Params["grant_type"] != "authorization_code" ||
		token.Params["client_id"] != emulator.DefaultClientID || token.Params["redirect_uri"] != emulator.DefaultRedirectURI ||
		token.Params["client_secret"] != secret[:6]+"…" || token.Params["code"] != code[:6]+"…" ||
		token.Params["code_verifier"] != testVerifier[:6]+"…" {
		t.Errorf("token: %+v", token)
	}
	if me.Auth != "bearer" || me.Authorization != "Bearer "+tk.AccessToken[:6]+"…" || me.Status != 200 {
		t.Errorf("me: %+v", me)
	}
	if param.Auth != "access_token_param" || param.Params["access_token"] != tk.AccessToken[:6]+"…" {
		t.Errorf("access_token param: %+v", param)
	}
	if logout.Auth != "admin_key" || logout.Params["target_id"] != "3958471203" || logout.Authorization != "KakaoAK 012345…" {
		t.Errorf("admin logout: %+v", logout)
	}
	if basicReq.Auth != "client_secret_basic" || basicReq.Status != 401 || basicReq.Params["refresh_token"] != tk.RefreshToken[:6]+"…" {
		t.Errorf("basic: %+v", basicReq)
	}

	// No secret is in the log in full: not in any field, not anywhere.
	raw := v.admin("GET", "/_emulator/requests", "").body
	for name, s := range map[string]string{"client secret": secret, "code": code, "verifier": testVerifier,
		"access token": tk.AccessToken, "refresh token": tk.RefreshToken, "admin key": adminKey} {
		if strings.Contains(raw, s) || strings.Contains(raw, s[:9]) {
			t.Errorf("the log holds the %s: %s", name, raw)
		}
	}
}

func TestRequestLogFilters(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	v.clock.Advance(time.Minute)
	v.api("GET", "/v2/user/me", tk.AccessToken, "")
	v.api("GET", "/v2/user/scopes", tk.AccessToken, "")
	paths := func(l requestLog) string {
		var s []string
		for _, r := range l.Requests {
			s = append(s, r.Path)
		}
		return strings.Join(s, " ")
	}
	for q, want := range map[string]string{
		"?path=token":                                "/oauth/token",
		"?path=/v2/user/me":                          "/v2/user/me",
		"?path=/v2/user/*":                           "/v2/user/me /v2/user/scopes",
		"?after=2":                                   "/v2/user/me /v2/user/scopes",
		"?since=2026-03-01T09:01:00Z":                "/v2/user/me /v2/user/scopes",
		"?since=2026-03-01T09:01:00Z&after=3":        "/v2/user/scopes",
		"?path=authorize&since=2026-03-02T00:00:00Z": "",
	} {
		if got := paths(v.requests(q)); got != want {
			t.Errorf("requests%s = %q, want %q", q, got, want)
		}
	}
	wantJSON(t, v.admin("GET", "/_emulator/requests?since=yesterday", ""), http.StatusBadRequest, "")
	wantJSON(t, v.admin("GET", "/_emulator/requests?after=-1", ""), http.StatusBadRequest, "")
	// The admin API itself is not logged.
	if n := len(v.requests("").Requests); n != 4 {
		t.Errorf("%d requests logged, want 4", n)
	}
}

func TestRequestLogRecordsFaults(t *testing.T) {
	v := newEnv(t, emulator.Config{Faults: []emulator.Fault{{Target: "token", Error: "KOE237", Times: 1}}})
	code := v.code(authParams())
	v.tokenRequest(codeForm(code))
	l := v.requests("?path=token")
	if len(l.Requests) != 1 || l.Requests[0].Fault != "token:KOE237x1" || l.Requests[0].Status != 400 ||
		l.Requests[0].Params["code"] != code[:6]+"…" {
		t.Errorf("faulted request: %+v", l.Requests)
	}
}

func TestRequestLogIsBoundedUnderAFlood(t *testing.T) {
	v := newEnv(t, emulator.Config{RequestLogSize: 50})
	long := strings.Repeat("가", 1000) // 3 kB of multi-byte text per value
	form := url.Values{"grant_type": {long}, "client_id": {long}, "code": {long}, "state": {long}, "junk": {long}}.Encode()
	for i := range 500 {
		v.do("POST", "/oauth/token/"+long+"?scope="+url.QueryEscape(long), formHeader, form)
		if i%100 == 0 {
			v.do("GET", "/v2/user/me?access_token="+long, nil, "")
		}
	}
	res := v.admin("GET", "/_emulator/requests", "")
	var l requestLog
	if err := json.Unmarshal([]byte(res.body), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Requests) != 50 || l.Dropped != 455 || l.Requests[49].Seq != 505 {
		t.Fatalf("%d requests, %d dropped, last seq %d", len(l.Requests), l.Dropped, l.Requests[len(l.Requests)-1].Seq)
	}
	// Every value is cut to 256 bytes: 50 entries stay within a few kB each.
	if len(res.body) > 50*3000 {
		t.Errorf("log of 50 entries is %d bytes", len(res.body))
	}
	for _, r := range l.Requests {
		if len(r.Path) > 260 || len(r.Params["state"]) > 260 || r.Params["junk"] != "" || r.Params["code"] != "가가…" {
			t.Errorf("entry not cut: path %d bytes, params %v", len(r.Path), r.Params)
			break
		}
	}
}

func TestRequestLogOff(t *testing.T) {
	v := newEnv(t, emulator.Config{RequestLogSize: -1})
	v.login("")
	if l := v.requests(""); len(l.Requests) != 0 {
		t.Errorf("log off, yet %d requests", len(l.Requests))
	}
}
