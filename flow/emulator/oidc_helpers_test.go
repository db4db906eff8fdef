package emulator_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// testNonce is the nonce sent at authorize in the OIDC tests.
const testNonce = "n-0S6_WzA2Mj"

// sharedKey is one 2048-bit key for tests that configure SigningKey, made
// once because key generation takes a while on a loaded machine.
var sharedKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// oidcLogin authorizes the user hint ("" = default) with extra authorize
// parameters (name, value pairs; scope=openid and the nonce by default),
// exchanges the code and returns the decoded tokens and the raw body.
func (v *env) oidcLogin(hint string, extra ...string) (tokens, string) {
	v.t.Helper()
	params := append([]string{"login_hint", hint, "scope", "openid", "nonce", testNonce}, extra...)
	res := v.tokenRequest(codeForm(v.code(authParams(params...))))
	if res.status != http.StatusOK {
		v.t.Fatalf("token: status %d, body %s", res.status, res.body)
	}
	return decodeTokens(v.t, res.body), res.body
}

// verifier is go-oidc's verifier for the emulator behind v: keys from its
// JWKS URL, issuer its URL, audience the default app, the fake clock.
func (v *env) verifier() *oidc.IDTokenVerifier {
	keys := oidc.NewRemoteKeySet(v.ctx, v.srv.URL+"/.well-known/jwks.json")
	return oidc.NewVerifier(v.srv.URL, keys, &oidc.Config{ClientID: emulator.DefaultClientID, Now: v.clock.Now})
}

// verify checks raw with go-oidc and returns its claims as a generic map.
func (v *env) verify(raw string) (*oidc.IDToken, map[string]any) {
	v.t.Helper()
	idt, err := v.verifier().Verify(v.ctx, raw)
	if err != nil {
		v.t.Fatalf("go-oidc rejects the id_token: %v\n%s", err, raw)
	}
	return idt, decode(v.t, payloadOf(v.t, raw))
}

// payloadOf returns the decoded payload (middle part) of a compact JWS.
func payloadOf(t *testing.T, jws string) string {
	t.Helper()
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		t.Fatalf("not a compact JWS: %q", jws)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("payload: %v", err)
	}
	return string(b)
}

// headerOf returns the decoded protected header of a compact JWS.
func headerOf(t *testing.T, jws string) map[string]any {
	t.Helper()
	h, _, _ := strings.Cut(jws, ".")
	b, err := base64.RawURLEncoding.DecodeString(h)
	if err != nil {
		t.Fatalf("header: %v", err)
	}
	return decode(t, string(b))
}
