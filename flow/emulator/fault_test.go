package emulator_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

func TestParseFault(t *testing.T) {
	tests := []struct {
		spec string
		want emulator.Fault
	}{
		{"token:KOE237", emulator.Fault{Target: "token", Error: "KOE237"}},
		{"me:-401x3", emulator.Fault{Target: "me", Error: "-401", Times: 3}},
		{"me:status=503", emulator.Fault{Target: "me", Status: 503}},
		{"token:latency=2s", emulator.Fault{Target: "token", Latency: 2 * time.Second}},
		{"token:malformed", emulator.Fault{Target: "token", Malformed: true}},
		{"/v2/user/*:-7,for=10m0s", emulator.Fault{Target: "/v2/user/*", Error: "-7", For: 10 * time.Minute}},
		{"me:-402,scopes=account_email+gender", emulator.Fault{Target: "me", Error: "-402", RequiredScopes: []string{"account_email", "gender"}}},
		{"token:status=503x1,for=1m0s", emulator.Fault{Target: "token", Status: 503, Times: 1, For: time.Minute}},
	}
	for _, tt := range tests {
		f, err := emulator.ParseFault(tt.spec)
		if err != nil {
			t.Errorf("ParseFault(%q): %v", tt.spec, err)
			continue
		}
		if f.String() != tt.want.String() || f.String() != tt.spec {
			t.Errorf("ParseFault(%q) = %q, want %q", tt.spec, f, tt.want)
		}
	}
	for spec, want := range map[string]string{
		"token":                     "no ':'",
		"token:":                    "no ':'",
		"nowhere:KOE237":            "want an endpoint name",
		"token:KOE999":              "not a Kakao error the emulator knows",
		"token:-401":                "needs a kapi target",
		"me:KOE320":                 "needs a target under /oauth/",
		"me:status=200":             "want 400-599",
		"me:status=abc":             "not a number",
		"me:latency=forever":        "not a positive duration",
		"me:latency=10m":            "at most 5m",
		"me:-401x0":                 "at least 1",
		"me:-401,for=soon":          "not a positive duration",
		"me:-401,scopes=a":          "only go with -402",
		"me:-401,colour=red":        "unknown option",
		"/_emulator/users:-2":       "cannot be faulted",
		"/v2/*/me:-2":               "may only end the path",
		"me:-402,scopes=bad scope":  `unexpected space after "me:-402,scopes=bad"`,
		"me:-402,scopes=bad.scope!": "not a consent item ID",
	} {
		if _, err := emulator.ParseFault(spec); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseFault(%q) = %v, want %q", spec, err, want)
		}
	}
}

// A space inside a spec is named as such, with the spec quoted as given;
// an unknown code is quoted as given, not upper-cased. Space around the
// spec is trimmed, and a known code in any case is Kakao's.
func TestParseFaultQuotesTheSpecAsGiven(t *testing.T) {
	for spec, want := range map[string]string{
		"token:malformed x1": `fault "token:malformed x1": unexpected space after "token:malformed"`,
		"token:\tKOE237":     `fault "token:\tKOE237": unexpected space after "token:"`,
		"token:koe999":       `fault "token:koe999": "koe999" is not a Kakao error the emulator knows`,
	} {
		_, err := emulator.ParseFault(spec)
		if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "MALFORMED") {
			t.Errorf("ParseFault(%q) = %v, want it to start %q", spec, err, want)
		}
	}
	if f, err := emulator.ParseFault(" token:koe237x1\n"); err != nil || f.String() != "token:KOE237x1" {
		t.Errorf("ParseFault with space around = %q, %v; want token:KOE237x1", f, err)
	}
}

func TestFaultKakaoErrorsAnswerLikeKakao(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	code := v.code(authParams())
	v.adminOK("POST", "/_emulator/faults", `{"spec":"token:KOE320x1"}`, http.StatusCreated)
	v.adminOK("POST", "/_emulator/faults", `{"target":"me","error":"-401","times":1}`, http.StatusCreated)
	v.adminOK("POST", "/_emulator/faults", `{"target":"access_token_info","error":"-402","times":1,"required_scopes":["gender"]}`, http.StatusCreated)
	v.adminOK("POST", "/_emulator/faults", `{"target":"/v1/user/*","error":"-7","times":1}`, http.StatusCreated)
	v.adminOK("POST", "/_emulator/faults", `{"spec":"authorize:KOE006x1"}`, http.StatusCreated)

	// The description quotes the request's own code, as Kakao's does.
	wantJSON(t, v.tokenRequest(codeForm(code)), http.StatusBadRequest,
		`{"error":"invalid_grant","error_description":"authorization code not found for code=`+code+`","error_code":"KOE320"}`)
	res := v.api("GET", "/v2/user/me", tk.AccessToken, "")
	wantJSON(t, res, http.StatusUnauthorized, `{"msg":"this access token does not exist","code":-401}`)
	if res.header.Get("WWW-Authenticate") != "Bearer error=invalid_token" {
		t.Errorf("-401 without WWW-Authenticate: %v", res.header)
	}
	wantJSON(t, v.api("GET", "/v1/user/access_token_info", tk.AccessToken, ""), http.StatusForbidden,
		`{"msg":"insufficient scopes.","code":-402,"required_scopes":["gender"]}`)
	wantJSON(t, v.api("POST", "/v1/user/logout", tk.AccessToken, ""), http.StatusBadRequest,
		`{"msg":"service under maintenance","code":-7}`)
	page := v.authorize(authParams())
	if page.status != http.StatusBadRequest || !strings.Contains(page.body, "KOE006") {
		t.Errorf("authorize fault: %d %s", page.status, page.body)
	}

	// Each fired once and left the state alone: the code still works, and
	// the token too (the -7 logout did not log out).
	wantJSON(t, v.tokenRequest(codeForm(code)), http.StatusOK, "")
	wantJSON(t, v.api("GET", "/v2/user/me", tk.AccessToken, ""), http.StatusOK, "")
	wantJSON(t, v.admin("GET", "/_emulator/faults", ""), http.StatusOK, `{"faults":[]}`)
}

func TestFaultKOE101QuotesNull(t *testing.T) {
	v := newEnv(t, emulator.Config{Faults: []emulator.Fault{{Target: "token", Error: "KOE101"}}})
	f := codeForm("x")
	f.Del("client_id")
	wantJSON(t, v.tokenRequest(f), http.StatusUnauthorized,
		`{"error":"invalid_client","error_description":"Not exist client_id [null]","error_code":"KOE101"}`)
}

func TestFaultStatusMalformedAndLatency(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	v.adminOK("POST", "/_emulator/faults", `{"spec":"me:status=503x1"}`, http.StatusCreated)
	res := v.api("GET", "/v2/user/me", tk.AccessToken, "")
	if res.status != 503 || res.header.Get("Content-Type") != "text/html" || !strings.Contains(res.body, "503 Service Unavailable") {
		t.Errorf("status fault: %d %q %s", res.status, res.header.Get("Content-Type"), res.body)
	}
	v.adminOK("POST", "/_emulator/faults", `{"target":"token","malformed":true,"times":1}`, http.StatusCreated)
	res = v.tokenRequest(refreshForm(tk.RefreshToken))
	if res.status != 200 || res.header.Get("Content-Type") != emulator.ContentTypeJSON || res.body != `{"emulator_fault":"malformed` {
		t.Errorf("malformed fault: %d %s", res.status, res.body)
	}
	v.adminOK("POST", "/_emulator/faults", `{"target":"me","latency":"300ms","times":1}`, http.StatusCreated)
	start := time.Now()
	wantJSON(t, v.api("GET", "/v2/user/me", tk.AccessToken, ""), http.StatusOK, "")
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("latency fault answered after %v", d)
	}
}

func TestFaultForDurationOnTheEmulatorClock(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	v.adminOK("POST", "/_emulator/faults", `{"spec":"/v2/user/*:-9798,for=10m"}`, http.StatusCreated)
	res := v.admin("GET", "/_emulator/faults", "")
	wantJSON(t, res, http.StatusOK, `{"faults":[{"id":1,"spec":"/v2/user/*:-9798,for=10m0s","path":"/v2/user/*","until":"2026-03-01T09:10:00Z","hits":0}]}`)
	for range 3 {
		wantJSON(t, v.api("GET", "/v2/user/me", tk.AccessToken, ""), http.StatusServiceUnavailable, `{"msg":"service maintenance","code":-9798}`)
	}
	// Other paths, and /oauth/ for a kapi code, are untouched.
	wantJSON(t, v.api("GET", "/v1/user/access_token_info", tk.AccessToken, ""), http.StatusOK, "")
	v.clock.Advance(10 * time.Minute)
	wantJSON(t, v.api("GET", "/v2/user/me", tk.AccessToken, ""), http.StatusOK, "")
}

func TestFaultWideTargetKeepsHosts(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	v.adminOK("POST", "/_emulator/faults", `{"spec":"/*:-7"}`, http.StatusCreated)
	wantJSON(t, v.api("GET", "/v2/user/me", tk.AccessToken, ""), http.StatusBadRequest, `{"msg":"service under maintenance","code":-7}`)
	// A kapi error never answers on kauth, nor on the admin API.
	wantJSON(t, v.tokenRequest(refreshForm(tk.RefreshToken)), http.StatusOK, "")
	wantJSON(t, v.do("GET", "/_emulator/health", nil, ""), http.StatusOK, `{"status":"ok"}`)
}

func TestFaultAdminAPI(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.adminOK("POST", "/_emulator/faults", `{"spec":"me:-401x2"}`, http.StatusCreated)
	wantJSON(t, res, http.StatusCreated, `{"faults":[{"id":1,"spec":"me:-401x2","path":"/v2/user/me","remaining":2,"hits":0}]}`)
	v.adminOK("POST", "/_emulator/faults", `{"target":"token","error":"koe237"}`, http.StatusCreated)
	v.api("GET", "/v2/user/me", "x", "")
	wantJSON(t, v.admin("GET", "/_emulator/faults", ""), http.StatusOK,
		`{"faults":[{"id":1,"spec":"me:-401x2","path":"/v2/user/me","remaining":1,"hits":1},{"id":2,"spec":"token:KOE237","path":"/oauth/token","hits":0}]}`)
	wantJSON(t, v.admin("DELETE", "/_emulator/faults/1", ""), http.StatusOK,
		`{"faults":[{"id":2,"spec":"token:KOE237","path":"/oauth/token","hits":0}]}`)
	wantJSON(t, v.admin("DELETE", "/_emulator/faults/1", ""), http.StatusNotFound, `{"msg":"no armed fault \"1\"","code":-2}`)
	wantJSON(t, v.admin("DELETE", "/_emulator/faults", ""), http.StatusOK, `{"faults":[]}`)

	for body, want := range map[string]string{
		`{"spec":"me:KOE237"}`:                   "needs a target under /oauth/",
		`{"spec":"me:-401","target":"token"}`:    "spec or the fields, not both",
		`{"target":"me","error":"-401","x":1}`:   "unknown field",
		`{"target":"me"}`:                        "exactly one of",
		`{"target":"me","status":503,"for":"1"}`: "Go duration",
		`[`:                                      "malformed JSON",
	} {
		res := v.admin("POST", "/_emulator/faults", body)
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, want) {
			t.Errorf("POST %s: %d %s, want %q", body, res.status, res.body, want)
		}
	}
	// Not JSON: refused, so that no web page can arm faults.
	res = v.do("POST", "/_emulator/faults", http.Header{"Content-Type": {"text/plain"}}, `{"spec":"me:-401"}`)
	wantJSON(t, res, http.StatusUnsupportedMediaType, `{"msg":"the emulator's admin API takes Content-Type: application/json","code":-2}`)
	wantJSON(t, v.admin("GET", "/_emulator/faults", ""), http.StatusOK, `{"faults":[]}`)
}

func TestFaultLimit(t *testing.T) {
	e := newEmulator(t, emulator.Config{})
	for i := range 100 {
		if _, err := e.AddFault(emulator.Fault{Target: "me", Error: "-401"}); err != nil {
			t.Fatalf("fault %d: %v", i, err)
		}
	}
	if _, err := e.AddFault(emulator.Fault{Target: "me", Error: "-401"}); err == nil {
		t.Error("101st fault armed")
	}
	e.ClearFaults()
	if _, err := e.AddFault(emulator.Fault{Target: "me", Error: "-401"}); err != nil {
		t.Error(err)
	}
}

func TestConfigFaultsAreValidated(t *testing.T) {
	_, err := emulator.New(emulator.Config{Faults: []emulator.Fault{{Target: "me", Error: "KOE237"}}})
	if err == nil || !strings.Contains(err.Error(), "fault[0]") {
		t.Errorf("New with a bad fault: %v", err)
	}
}

func TestKakaoErrorsAreConsistent(t *testing.T) {
	for _, k := range emulator.KakaoErrors() {
		kauth := strings.HasPrefix(k.Code, "KOE")
		if k.Status < 400 || k.Status > 599 || k.Message == "" || kauth != (k.Error != "") || k.Page && !kauth {
			t.Errorf("%+v", k)
		}
	}
}
