package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

func TestDiscoveryAdvertisesOnlyServedURLs(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.do("GET", "/.well-known/openid-configuration", nil, "")
	wantJSON(t, res, http.StatusOK, "")
	m := decode(t, res.body)
	if m["issuer"] != v.srv.URL || m["jwks_uri"] != v.srv.URL+"/.well-known/jwks.json" ||
		m["userinfo_endpoint"] != v.srv.URL+"/v1/oidc/userinfo" {
		t.Errorf("discovery: %s", res.body)
	}
	n := 0
	for k, val := range m {
		u, ok := val.(string)
		if !ok || !strings.HasPrefix(u, "http") || k == "issuer" {
			continue
		}
		n++
		path := strings.TrimPrefix(u, v.srv.URL)
		if path == u {
			t.Errorf("%s %q is not on the emulator's origin %s", k, u, v.srv.URL)
			continue
		}
		// Any answer but 404: token wants POST (405), userinfo a token (401).
		if res := v.do("GET", path, nil, ""); res.status == http.StatusNotFound {
			t.Errorf("%s %s answers 404: %s", k, u, res.body)
		}
	}
	if n != 4 {
		t.Errorf("checked %d endpoint URLs, want 4", n)
	}
}
