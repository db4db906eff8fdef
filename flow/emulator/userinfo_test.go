package emulator_test

import (
	"net/http"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// allItems configures every consent item the userinfo claims come from.
var allItems = emulator.Config{App: emulator.App{Consent: []emulator.ConsentItem{
	{ID: "profile_nickname", Required: true}, {ID: "profile_image"}, {ID: "account_email"},
	{ID: "name"}, {ID: "gender"}, {ID: "birthyear"}, {ID: "birthday"}, {ID: "phone_number"},
}}}

func TestUserInfoFullConsent(t *testing.T) {
	v := newEnv(t, allItems)
	tk, _ := v.oidcLogin("")
	want := `{"sub":"3958471203","name":"김카카오","nickname":"김카카오","picture":"` + fullThumb +
		`","email":"` + fullEmail + `","email_verified":true,"gender":"male","birthdate":"1991-04-15",` +
		`"phone_number":"+82 10-1234-5678","phone_number_verified":true}`
	wantJSON(t, v.api("GET", "/v1/oidc/userinfo", tk.AccessToken, ""), http.StatusOK, want)
	wantJSON(t, v.api("POST", "/v1/oidc/userinfo", tk.AccessToken, ""), http.StatusOK, want)
}

func TestUserInfoFollowsConsent(t *testing.T) {
	items := func(ids ...string) emulator.Config {
		c := []emulator.ConsentItem{} // non-nil: nil would mean the default items
		for _, id := range ids {
			c = append(c, emulator.ConsentItem{ID: id})
		}
		return emulator.Config{App: emulator.App{Consent: c}}
	}
	for _, tc := range []struct {
		name string
		cfg  emulator.Config
		hint string
		want string
	}{
		{"default app", emulator.Config{}, "",
			`{"sub":"3958471203","nickname":"김카카오","picture":"` + fullThumb + `","email":"` + fullEmail + `","email_verified":true}`},
		{"email declined", emulator.Config{}, "no.email.consent@example.com", `{"sub":"4029183746","nickname":"이동의"}`},
		{"email unverified", emulator.Config{}, "unverified@example.com",
			`{"sub":"4120567891","nickname":"박미인증","email":"unverified@example.com","email_verified":false}`},
		{"id above 2^53", items("profile_nickname"), "choonsik@example.com", `{"sub":"1376016924429759243","nickname":"춘식이"}`},
		{"birthday only", items("birthday"), "", `{"sub":"3958471203","birthdate":"0000-04-15"}`},
		{"birth year only", items("birthyear"), "", `{"sub":"3958471203","birthdate":"1991"}`},
		{"no items", items(), "", `{"sub":"3958471203"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := newEnv(t, tc.cfg)
			tk, _ := v.oidcLogin(tc.hint)
			wantJSON(t, v.api("GET", "/v1/oidc/userinfo", tk.AccessToken, ""), http.StatusOK, tc.want)
		})
	}
}

func TestUserInfoErrors(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	res := v.api("GET", "/v1/oidc/userinfo", "no-such-token", "")
	wantJSON(t, res, http.StatusUnauthorized, `{"msg":"this access token does not exist","code":-401}`)
	if h := res.header.Get("WWW-Authenticate"); h != "Bearer error=invalid_token" {
		t.Errorf("WWW-Authenticate = %q", h)
	}
	wantJSON(t, v.api("GET", "/v1/oidc/userinfo", "", ""), http.StatusUnauthorized, `{"msg":"this access token does not exist","code":-401}`)

	tk, _ := v.oidcLogin("")
	v.clock.Advance(emulator.DefaultAccessTokenTTL)
	wantJSON(t, v.api("GET", "/v1/oidc/userinfo", tk.AccessToken, ""), http.StatusUnauthorized,
		`{"msg":"this access token is already expired","code":-401}`)

	// An access token from a login without openid: no OIDC consent.
	plain := v.login("no.email.consent@example.com")
	wantJSON(t, v.api("GET", "/v1/oidc/userinfo", plain.AccessToken, ""), http.StatusForbidden,
		`{"msg":"insufficient scopes.","code":-402,"required_scopes":["openid"],"allowed_scopes":["profile_image","profile_nickname"]}`)

	wantJSON(t, v.api("DELETE", "/v1/oidc/userinfo", tk.AccessToken, ""), http.StatusMethodNotAllowed, "")
}
