package emulator_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

func TestJWKSPublishesTheSigningKey(t *testing.T) {
	key := sharedKey()
	v := newEnv(t, emulator.Config{SigningKey: key})
	res := v.do("GET", "/.well-known/jwks.json", nil, "")
	wantJSON(t, res, http.StatusOK, "")
	keys := decode(t, res.body)["keys"].([]any)
	if len(keys) != 1 {
		t.Fatalf("keys: %s", res.body)
	}
	k := keys[0].(map[string]any)
	kid, _ := k["kid"].(string)
	if k["kty"] != "RSA" || k["alg"] != "RS256" || k["use"] != "sig" || k["e"] != "AQAB" || len(kid) != 30 {
		t.Errorf("key %v", k)
	}
	if _, ok := k["d"]; ok {
		t.Fatalf("JWKS leaks the private key: %s", res.body)
	}
	// The kid is derived from the key: the same key, the same kid.
	again := newEnv(t, emulator.Config{SigningKey: key})
	if b := again.do("GET", "/.well-known/jwks.json", nil, "").body; b != res.body {
		t.Errorf("same key, different JWKS:\n%s\n%s", b, res.body)
	}
}

func TestSigningKeyKeepsTokensVerifiableAcrossRestarts(t *testing.T) {
	key := sharedKey()
	pkcs1 := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8 := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	const iss = "http://localhost:8735"
	var tokens []string
	for _, p := range [][]byte{pkcs1, pkcs8} {
		k, err := emulator.ParseSigningKey(p)
		if err != nil {
			t.Fatalf("ParseSigningKey: %v", err)
		}
		v := newEnv(t, emulator.Config{SigningKey: k, Issuer: iss})
		tk, _ := v.oidcLogin("")
		tokens = append(tokens, tk.IDToken)
	}
	// A "restarted" emulator with the key from the other PEM form publishes
	// a JWKS that verifies both.
	k, _ := emulator.ParseSigningKey(pkcs1)
	v := newEnv(t, emulator.Config{SigningKey: k, Issuer: iss})
	keys := oidc.NewRemoteKeySet(v.ctx, v.srv.URL+"/.well-known/jwks.json")
	ver := oidc.NewVerifier(iss, keys, &oidc.Config{ClientID: emulator.DefaultClientID, Now: v.clock.Now})
	for _, tok := range tokens {
		if _, err := ver.Verify(v.ctx, tok); err != nil {
			t.Errorf("restarted emulator's JWKS: %v", err)
		}
	}
}

func TestParseSigningKeyErrors(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	for name, in := range map[string]string{
		"no PEM":     "not a key",
		"public key": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{1}})),
		"garbage":    string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte{1, 2, 3}})),
		"EC key":     string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER})),
		"1024 bits":  string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(small)})),
	} {
		if k, err := emulator.ParseSigningKey([]byte(in)); err == nil || k != nil {
			t.Errorf("%s: key %v, err %v", name, k != nil, err)
		}
	}
	if _, err := emulator.New(emulator.Config{SigningKey: small}); err == nil {
		t.Error("New accepts a 1024-bit signing key")
	}
	if _, err := emulator.New(emulator.Config{Issuer: "kauth.kakao.com"}); err == nil {
		t.Error("New accepts an issuer that is not a URL")
	}
}

func TestConfiguredIssuer(t *testing.T) {
	const iss = "https://kauth.emulator.test"
	v := newEnv(t, emulator.Config{Issuer: iss})
	tk, _ := v.oidcLogin("")
	if c := decode(t, payloadOf(t, tk.IDToken)); c["iss"] != iss {
		t.Errorf("iss = %v", c["iss"])
	}
	m := decode(t, v.do("GET", "/.well-known/openid-configuration", nil, "").body)
	if m["issuer"] != iss || m["token_endpoint"] != v.srv.URL+"/oauth/token" {
		t.Errorf("discovery %v", m)
	}
}
