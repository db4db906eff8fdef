package cmd

import (
	"path/filepath"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

// kakaoEnv is the environment that points kakaologin at k: both URLs, the
// app's REST API key and client secret, and its registered redirect URI.
func kakaoEnv(k *emulatortest.Kakao) map[string]string {
	return map[string]string{
		"KAKAOLOGIN_AUTH_URL": k.URL, "KAKAOLOGIN_API_URL": k.URL, "KAKAO_REDIRECT_URI": k.RedirectURI,
		"KAKAO_REST_API_KEY": k.ClientID, "KAKAO_CLIENT_SECRET": k.ClientSecret,
	}
}

// startKakao starts an emulator for t (emulatortest.Start with opts) and
// returns it with kakaoEnv plus a token file in a temp dir, so that no test
// reads or writes the user's own.
func startKakao(t *testing.T, opts ...emulatortest.Option) (*emulatortest.Kakao, map[string]string) {
	t.Helper()
	k := emulatortest.Start(t, opts...)
	env := kakaoEnv(k)
	env["KAKAOLOGIN_TOKEN_FILE"] = filepath.Join(t.TempDir(), "token.json")
	return k, env
}
