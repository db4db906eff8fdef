package cmd

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
	"github.com/kakaologin/kakaologin/flow/tokenfile"
)

// oidcLogin logs the default user in with scope openid, saves the token
// and returns the saved id_token.
func oidcLogin(t *testing.T, env map[string]string) string {
	t.Helper()
	if code, _, stderr := runCLI(t, env, "login", "--headless", "--scope", "openid", "--save"); code != 0 {
		t.Fatalf("login: exit %d: %s", code, stderr)
	}
	saved, err := tokenfile.Load(env["KAKAOLOGIN_TOKEN_FILE"])
	if err != nil {
		t.Fatal(err)
	}
	if saved.IDToken == "" {
		t.Fatal("no id_token saved")
	}
	return saved.IDToken
}

// unverifiedIDToken saves and returns an id_token of the emulator at env
// that login itself would refuse (e.g. already expired): the code is
// exchanged directly, with no check of the id_token.
func unverifiedIDToken(t *testing.T, env map[string]string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cfg := flow.Config{ClientID: env["KAKAO_REST_API_KEY"], RedirectURI: env["KAKAO_REDIRECT_URI"],
		AuthURL: env["KAKAOLOGIN_AUTH_URL"], APIURL: env["KAKAOLOGIN_API_URL"]}
	follow := func(ctx context.Context, u string) error { return flow.FollowAuthorize(ctx, http.DefaultClient, u) }
	res, err := cfg.Login(ctx, flow.AuthorizeParams{Scopes: []string{"openid"}}, follow, flow.CodeOnly())
	if err != nil {
		t.Fatal(err)
	}
	tok, err := cfg.Exchange(ctx, res.Code, "", res.RedirectURI)
	if err != nil {
		t.Fatal(err)
	}
	if err := tokenfile.Save(env["KAKAOLOGIN_TOKEN_FILE"], savedFrom(tok, cfg, time.Now())); err != nil {
		t.Fatal(err)
	}
	return tok.IDToken
}

// signJWT signs claims (a JSON object) with key, kid in the header.
func signJWT(t *testing.T, key *rsa.PrivateKey, kid string, claims []byte) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	jws, err := signer.Sign(claims)
	if err != nil {
		t.Fatal(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func claimsPart(t *testing.T, jwt string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(jwt, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTokenVerifyArgsToOptions(t *testing.T) {
	env := map[string]string{"KAKAO_REST_API_KEY": "env-key", "KAKAOLOGIN_AUTH_URL": "http://auth.test", "KAKAOLOGIN_API_URL": "http://ignored.test"}
	for _, tc := range []struct {
		args                    []string
		stdin                   string
		clientID, authURL, from string
		nonce, token            string
	}{
		{[]string{"a.b.c"}, "", "env-key", "http://auth.test", "flag", "", "a.b.c"},
		{[]string{"-", "--nonce", "n1"}, "x.y.z\n", "env-key", "http://auth.test", "stdin", "n1", "x.y.z"},
		{[]string{"--client-id", "flag-key", "--auth-url", "http://other.test", "a.b.c"}, "", "flag-key", "http://other.test", "flag", "", "a.b.c"},
	} {
		f, _, _ := bufferFactory(env)
		f.IO.In = strings.NewReader(tc.stdin)
		var got *TokenVerifyOptions
		c := NewCmdTokenVerify(f, func(_ context.Context, o *TokenVerifyOptions) error { got = o; return nil })
		c.SetArgs(tc.args)
		if err := c.Execute(); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if got.Config.ClientID != tc.clientID || got.Config.AuthURL != tc.authURL || got.Config.APIURL != "" || got.Token.from != tc.from ||
			got.Token.value != tc.token || got.Verify.Nonce != tc.nonce || got.Verify.Now == nil || got.Config.HTTPClient != f.HTTPClient {
			t.Errorf("%v: options %+v", tc.args, got)
		}
	}
}

// Each failed check: one line on stderr naming it, with the fix, nothing
// on stdout, exit 5.
func TestTokenVerifyRejects(t *testing.T) {
	_, env := startKakao(t)
	idt := oidcLogin(t, env)
	parts := strings.Split(idt, ".")
	sig := []byte(parts[2])
	sig[len(sig)/2] = map[bool]byte{true: 'B', false: 'A'}[sig[len(sig)/2] == 'A']
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	forged := signJWT(t, other, "another-kid", claimsPart(t, idt))

	// An id_token issued 7 hours ago has expired (it lives as long as the
	// access token: 6 hours). login refuses it, so it is fetched directly.
	_, old := startKakao(t, emulatortest.WithClock(emulatortest.NewClock(time.Now().Add(-7*time.Hour))))
	expired := unverifiedIDToken(t, old)
	if code, stdout, stderr := runCLI(t, old, "login", "--headless", "--scope", "openid"); code != ExitKakao || stdout != "" ||
		!strings.Contains(stderr, "invalid id_token: expiry: ") {
		t.Errorf("login with an expired id_token: exit %d, stdout %q, stderr %q; want exit 5, no output", code, stdout, stderr)
	}

	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{env, []string{parts[0] + "." + parts[1] + "." + string(sig)}, "invalid id_token: signature: the signature does not verify with the key"},
		{env, []string{forged}, `invalid id_token: unknown kid: no key with kid "another-kid" in ` + env["KAKAOLOGIN_AUTH_URL"] + "/.well-known/jwks.json (1 key(s))"},
		{old, []string{expired}, "invalid id_token: expiry: expired at 20"},
		{old, []string{}, "invalid id_token: expiry: expired at 20"}, // the saved one
		{env, []string{"--client-id", "0123456789abcdef0123456789abcdef", idt}, "invalid id_token: audience: "},
		{env, []string{"--nonce", "n", idt}, `invalid id_token: nonce: nonce is "`}, // login sent a random nonce
	} {
		code, stdout, stderr := runCLI(t, tc.env, append([]string{"token", "verify"}, tc.args...)...)
		if code != ExitKakao || stdout != "" || !strings.HasPrefix(stderr, "kakaologin: "+tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%.40q: exit %d, stdout %q, stderr %q; want exit 5 and one line %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
	// The same token passes.
	if code, stdout, stderr := runCLI(t, env, "token", "verify", idt); code != 0 || !strings.Contains(stdout, `"verified": true`) {
		t.Errorf("the emulator's id_token: exit %d, %s %s", code, stdout, stderr)
	}
}

// A JWKS that cannot be fetched is not a failed check: it keeps the exit
// code of an unreachable server (6).
func TestTokenVerifyJWKSUnreachable(t *testing.T) {
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	idt := signJWT(t, emulatortest.SigningKey(), "k", []byte(`{"aud":"`+emulator.DefaultClientID+`","sub":"1","iss":"`+gone.URL+`","exp":9999999999,"iat":1}`))
	env := map[string]string{"KAKAO_REST_API_KEY": emulator.DefaultClientID, "KAKAOLOGIN_AUTH_URL": gone.URL}
	code, stdout, stderr := runCLI(t, env, "token", "verify", idt)
	if code != ExitProtocol || stdout != "" || !strings.Contains(stderr, "cannot reach "+gone.URL) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// The id_token is bounded and checked like the other tokens, whatever its
// source; a saved one goes only to the server that issued it.
func TestTokenVerifyInput(t *testing.T) {
	_, env := startKakao(t)
	oidcLogin(t, env)
	f, stdout, stderr := bufferFactory(env)
	f.IO.In = strings.NewReader(strings.Repeat("a", maxTokenLen+10))
	if code := runWith(t, f, "token", "verify", "-"); code != ExitUsage || stdout.Len() != 0 || !strings.Contains(stderr.String(), "read id_token from stdin: no end of line in the first 64 KiB") {
		t.Errorf("long stdin: exit %d, %q", code, stderr)
	}
	code, _, errOut := runCLI(t, env, "token", "verify", "a.b\x1b[2J.c")
	if code != ExitUsage || !strings.Contains(errOut, "the id_token from the argument has a control character (byte 0x1b at offset 3)") {
		t.Errorf("control character: exit %d, %q", code, errOut)
	}

	elsewhere := map[string]string{"KAKAO_REST_API_KEY": env["KAKAO_REST_API_KEY"], "KAKAOLOGIN_TOKEN_FILE": env["KAKAOLOGIN_TOKEN_FILE"]}
	code, _, errOut = runCLI(t, elsewhere, "token", "verify")
	if code != ExitUsage || !strings.Contains(errOut, "was issued by "+env["KAKAOLOGIN_AUTH_URL"]+", not by https://kauth.kakao.com") {
		t.Errorf("saved token, default server: exit %d, %q", code, errOut)
	}

	_, plain := startKakao(t)
	if code, _, errOut := runCLI(t, plain, "login", "--headless", "--save"); code != 0 {
		t.Fatal(errOut)
	}
	code, _, errOut = runCLI(t, plain, "token", "verify")
	if code != ExitUsage || !strings.Contains(errOut, "has no id_token: log in again with --scope openid --save") {
		t.Errorf("saved token without id_token: exit %d, %q", code, errOut)
	}
}
