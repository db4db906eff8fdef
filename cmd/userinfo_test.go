package cmd

import (
	"context"
	"strings"
	"testing"
)

func TestUserinfoArgsToOptions(t *testing.T) {
	env := map[string]string{"KAKAO_ACCESS_TOKEN": "env-token", "KAKAOLOGIN_API_URL": "http://api.test", "KAKAOLOGIN_AUTH_URL": "http://auth.test"}
	for _, tc := range []struct {
		args                []string
		stdin               string
		token, from, apiURL string
	}{
		{nil, "", "env-token", "env", "http://api.test"},
		{[]string{"--token", "-", "--api-url", "http://other.test"}, "stdin-token\n", "stdin-token", "stdin", "http://other.test"},
		{[]string{"--token", "flag-token"}, "", "flag-token", "flag", "http://api.test"},
	} {
		f, _, _ := bufferFactory(env)
		f.IO.In = strings.NewReader(tc.stdin)
		var got *UserinfoOptions
		c := NewCmdUserinfo(f, func(_ context.Context, o *UserinfoOptions) error { got = o; return nil })
		c.SetArgs(tc.args)
		if err := c.Execute(); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if got.Token.value != tc.token || got.Token.from != tc.from || got.Config.APIURL != tc.apiURL || got.Config.AuthURL != "" || got.Config.HTTPClient != f.HTTPClient {
			t.Errorf("%v: options %+v", tc.args, got)
		}
	}
}

// userinfo prints what the user consented to, as Kakao sent it.
func TestUserinfoFollowsConsent(t *testing.T) {
	_, env := startKakao(t)
	if code, _, stderr := runCLI(t, env, "login", "--headless", "--scope", "openid", "--save"); code != 0 {
		t.Fatalf("login: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLIStdin(t, env, nil, "userinfo")
	want := `{
  "sub": "3958471203",
  "nickname": "김카카오",
  "picture": "http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_110x110.jpg",
  "email": "kakao.tester@example.com",
  "email_verified": true
}
`
	if code != 0 || stdout != want || stderr != "" {
		t.Errorf("userinfo: exit %d, stdout %s, stderr %q; want %s", code, stdout, stderr, want)
	}

	// The user who declined the email, given on stdin: no email at all.
	code, stdout, stderr = runCLI(t, env, "login", "--headless", "--scope", "openid", "--login-hint", "4029183746")
	if code != 0 {
		t.Fatalf("login: exit %d: %s", code, stderr)
	}
	at := jsonString(t, stdout, "token.access_token")
	code, stdout, stderr = runCLIStdin(t, env, strings.NewReader(at+"\n"), "userinfo", "--token", "-")
	if want := "{\n  \"sub\": \"4029183746\",\n  \"nickname\": \"이동의\"\n}\n"; code != 0 || stdout != want {
		t.Errorf("declined email: exit %d, stdout %s, stderr %q; want %s", code, stdout, stderr, want)
	}
}

func TestUserinfoWithoutOpenID(t *testing.T) {
	_, env := startKakao(t)
	if code, _, stderr := runCLI(t, env, "login", "--headless", "--save"); code != 0 {
		t.Fatalf("login: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLIStdin(t, env, nil, "userinfo")
	if code != ExitKakao || stdout != "" || strings.Count(stderr, "\n") != 1 ||
		!strings.HasPrefix(stderr, "kakaologin: userinfo: API error -402: insufficient scopes. (the token's login did not ask for openid: log in again with --scope openid)") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func jsonString(t *testing.T, doc, path string) string {
	t.Helper()
	got, err := jsonAt([]byte(doc), path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Trim(got, `"`)
}
