package emulator_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// TestConcurrentUse runs logins, profile reads, refreshes, logouts and
// unlinks from several goroutines at once; run it with -race.
func TestConcurrentUse(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	hints := []string{"kakao.tester@example.com", "no.email.consent@example.com", "unverified@example.com", "choonsik@example.com"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			hint := hints[g%len(hints)]
			for i := range 15 {
				res := v.tokenRequest(codeForm(v.code(authParams("login_hint", hint))))
				if res.status == http.StatusBadRequest {
					continue // another goroutine unlinked this user between authorize and token
				}
				if res.status != http.StatusOK {
					t.Errorf("token: %d %s", res.status, res.body)
					return
				}
				tk := decodeTokens(t, res.body)
				if s := v.api("GET", "/v2/user/me", tk.AccessToken, "").status; s != http.StatusOK && s != http.StatusUnauthorized {
					t.Errorf("user/me: %d", s)
				}
				if s := v.tokenRequest(refreshForm(tk.RefreshToken)).status; s != http.StatusOK && s != http.StatusBadRequest {
					t.Errorf("refresh: %d", s)
				}
				switch i % 5 {
				case 3:
					v.api("POST", "/v1/user/logout", tk.AccessToken, "")
				case 4:
					v.api("POST", "/v1/user/unlink", tk.AccessToken, "")
				}
				v.do("GET", "/_emulator/users", nil, "")
			}
		})
	}
	wg.Wait()
}

// TestConcurrentOIDC races OIDC logins on a fresh emulator, so the first
// id_tokens, JWKS and tokeninfo requests all load the key at once; every
// id_token must verify. Run it with -race.
func TestConcurrentOIDC(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	ver := v.verifier()
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for range 5 {
				switch g % 3 {
				case 0:
					v.do("GET", "/.well-known/jwks.json", nil, "")
				case 1:
					v.idTokenInfo("not-a-jwt")
				}
				tk, _ := v.oidcLogin("")
				if _, err := ver.Verify(v.ctx, tk.IDToken); err != nil {
					t.Errorf("go-oidc: %v", err)
				}
				if s := v.api("GET", "/v1/oidc/userinfo", tk.AccessToken, "").status; s != http.StatusOK {
					t.Errorf("userinfo: %d", s)
				}
				if s := v.idTokenInfo(tk.IDToken).status; s != http.StatusOK {
					t.Errorf("tokeninfo: %d", s)
				}
				nt := decodeTokens(t, v.tokenRequest(refreshForm(tk.RefreshToken)).body)
				if _, err := ver.Verify(v.ctx, nt.IDToken); err != nil {
					t.Errorf("refreshed id_token: %v", err)
				}
			}
		})
	}
	wg.Wait()
}
