package emulator_test

import (
	"net/http"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// FuzzParseFault: a spec from a flag or the admin API never panics, and
// one that parses prints back to itself through String.
func FuzzParseFault(f *testing.F) {
	for _, s := range []string{"token:KOE237", "me:-401x3", "me:status=503", "token:latency=2s",
		"token:malformed", "/v2/user/*:-7,for=10m", "me:-402,scopes=account_email+gender",
		"token:status=503x1,for=1m", "::", "me:x", "me:-401x", "/*:-7", "token:koe320x01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		fault, err := emulator.ParseFault(spec)
		if err != nil {
			return
		}
		again, err := emulator.ParseFault(fault.String())
		if err != nil || again.String() != fault.String() {
			t.Errorf("%q -> %q -> %q, %v", spec, fault.String(), again.String(), err)
		}
	})
}

// FuzzAdminAPI: any body posted to the admin API is answered (never a 5xx
// or a panic), and the emulator keeps serving afterwards.
func FuzzAdminAPI(f *testing.F) {
	for _, s := range []string{`{"spec":"token:KOE237x1"}`, `{"target":"me","error":"-402","required_scopes":["a"]}`,
		`{"advance":"1h"}`, `{"id":5}`, `[{"id":6},{"id":7}]`, `{"target":"me","latency":"1ns","times":1}`, `null`, `[`, ``} {
		f.Add("/_emulator/faults", s)
		f.Add("/_emulator/users", s)
		f.Add("/_emulator/clock", s)
	}
	f.Add("/_emulator/reset", "")
	f.Fuzz(func(t *testing.T, path, body string) {
		e, err := emulator.New(emulator.Config{RequestLogSize: 5})
		if err != nil {
			t.Fatal(err)
		}
		w := serve(e, "POST", path, http.Header{"Content-Type": {"application/json"}}, body)
		if w.Code >= 500 {
			t.Errorf("POST %s %q: %d %s", path, body, w.Code, w.Body)
		}
		e.ClearFaults() // a fuzzed latency fault must not slow the check below
		if w := serve(e, "GET", "/_emulator/health", nil, ""); w.Code != http.StatusOK {
			t.Errorf("health after POST %s %q: %d", path, body, w.Code)
		}
		serve(e, "GET", "/v2/user/me", nil, "")
		if w := serve(e, "GET", "/_emulator/requests", nil, ""); w.Code != http.StatusOK {
			t.Errorf("requests: %d %s", w.Code, w.Body)
		}
	})
}
