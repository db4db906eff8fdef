package flow_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
)

// claimsOf is the verified id_token's claims, decoded.
func claimsOf(t *testing.T, k *oidcKakao, tok *flow.Token) map[string]any {
	t.Helper()
	idt, err := k.cfg.VerifyIDToken(testContext(t), tok.IDToken, k.opts())
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(idt.Claims, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestUserInfoFollowsConsent(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	for _, tc := range []struct {
		hint, want string
		idEmail    bool
	}{
		{"", `{"sub":"3958471203","nickname":"김카카오","picture":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_110x110.jpg","email":"kakao.tester@example.com","email_verified":true}`, true},
		// Declined the email: neither userinfo nor the id_token has it.
		{"4029183746", `{"sub":"4029183746","nickname":"이동의"}`, false},
		// An unverified email: in userinfo with email_verified false, not in the id_token.
		{"4120567891", `"email":"unverified@example.com","email_verified":false}`, false},
		{"1376016924429759243", `{"sub":"1376016924429759243",`, true},
	} {
		tok := k.login(t, flow.AuthorizeParams{LoginHint: tc.hint})
		info, err := k.cfg.UserInfo(testContext(t), tok.AccessToken)
		if err != nil {
			t.Fatalf("%s: %v", tc.hint, err)
		}
		if !strings.Contains(string(info), tc.want) {
			t.Errorf("%s: userinfo = %s, want %s", tc.hint, info, tc.want)
		}
		c := claimsOf(t, k, tok)
		if _, has := c["email"]; has != tc.idEmail {
			t.Errorf("%s: id_token email present %t, want %t: %v", tc.hint, has, tc.idEmail, c)
		}
		var u struct{ Sub string }
		if json.Unmarshal(info, &u); u.Sub != c["sub"] {
			t.Errorf("%s: userinfo sub %q, id_token sub %v", tc.hint, u.Sub, c["sub"])
		}
	}
}

func TestUserInfoMoreItems(t *testing.T) {
	k := newOIDCKakao(t, newClock(), func(c *emulator.Config) {
		c.App.Consent = []emulator.ConsentItem{{ID: "profile_nickname", Required: true}, {ID: "name"},
			{ID: "gender"}, {ID: "birthyear"}, {ID: "birthday"}, {ID: "phone_number"}}
	})
	tok := k.login(t, flow.AuthorizeParams{})
	info, err := k.cfg.UserInfo(testContext(t), tok.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"sub":"3958471203","name":"김카카오","nickname":"김카카오","gender":"male","birthdate":"1991-04-15","phone_number":"+82 10-1234-5678","phone_number_verified":true}`
	if string(info) != want {
		t.Errorf("userinfo = %s, want %s", info, want)
	}
}

func TestUserInfoNeedsOpenID(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	res, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, browser)
	if err != nil {
		t.Fatal(err)
	}
	_, err = k.cfg.UserInfo(testContext(t), res.Token.AccessToken)
	wantAPIError(t, err, -402, "insufficient scopes")
	var a *flow.APIError
	errors.As(err, &a)
	if a.Status != 403 || !strings.Contains(string(a.Body), `"required_scopes":["openid"]`) || !strings.HasPrefix(err.Error(), "userinfo: ") {
		t.Errorf("err = %v, status %d, body %s", err, a.Status, a.Body)
	}
}

func TestUserInfoExpiredToken(t *testing.T) {
	k := newOIDCKakao(t, newClock())
	tok := k.login(t, flow.AuthorizeParams{})
	k.clk.Advance(6 * time.Hour)
	_, err := k.cfg.UserInfo(testContext(t), tok.AccessToken)
	wantAPIError(t, err, -401, "expired")
}
