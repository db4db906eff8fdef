package emulator_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// TestConcurrentAdmin drives the admin API (faults, clock, reset, users,
// the log) while logins and API calls run; run it with -race.
func TestConcurrentAdmin(t *testing.T) {
	v := newEnv(t, emulator.Config{RateLimit: true, AdminKey: adminKey, RequestLogSize: 20})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 10 {
				res := v.tokenRequest(codeForm(v.code(authParams())))
				if res.status != http.StatusOK {
					continue // a reset, a fault or the rate limit came between
				}
				tk := decodeTokens(t, res.body)
				v.api("GET", "/v2/user/me", tk.AccessToken, "")
				v.api("GET", "/v2/user/scopes", tk.AccessToken, "")
				v.adminCall("GET", "/v1/user/ids", adminKey, nil)
			}
		})
	}
	wg.Go(func() {
		for i := range 10 {
			v.admin("POST", "/_emulator/faults", `{"spec":"me:-401x1"}`)
			v.admin("POST", "/_emulator/clock", `{"advance":"1m"}`)
			v.admin("POST", "/_emulator/users", fmt.Sprintf(`{"id":%d}`, 100+i))
			v.admin("GET", "/_emulator/requests", "")
			v.admin("GET", "/_emulator/users", "")
			if i%3 == 2 {
				v.admin("POST", "/_emulator/reset", "")
			}
		}
	})
	wg.Wait()
}
