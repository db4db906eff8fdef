package cmd

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// notKakao is a web server that is not Kakao's: 404 with an HTML page for
// every path, as a mistyped --api-url or --auth-url meets.
func notKakao(t *testing.T, status int, contentType string) string {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		w.Write([]byte("<!DOCTYPE HTML>\n<html><body>Not Found</body></html>"))
	}))
	t.Cleanup(s.Close)
	return s.URL
}

// An answer from a server that is not Kakao's names the URL flag to check:
// --api-url for API calls, --auth-url for auth calls.
func TestNotKakaoNamesTheURLFlag(t *testing.T) {
	html := "text/html;charset=utf-8"
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"profile, 404 HTML", map[string]string{"KAKAOLOGIN_API_URL": notKakao(t, 404, html), "KAKAO_ACCESS_TOKEN": "t"}, []string{"profile"},
			"kakaologin: user/me: the API server answered with an unexpected body instead of a Kakao error (HTTP 404, text/html;charset=utf-8): <!DOCTYPE HTML>: " +
				"is --api-url (KAKAOLOGIN_API_URL) Kakao's API server or kakaologin mock?\n"},
		{"profile, 200 HTML", map[string]string{"KAKAOLOGIN_API_URL": notKakao(t, 200, html), "KAKAO_ACCESS_TOKEN": "t"}, []string{"profile"},
			"kakaologin: user/me: the API server answered with a body that is not JSON (HTTP 200, text/html;charset=utf-8): <!DOCTYPE HTML>: " +
				"is --api-url (KAKAOLOGIN_API_URL) Kakao's API server or kakaologin mock?\n"},
		{"profile, 404 text", map[string]string{"KAKAOLOGIN_API_URL": notKakao(t, 404, "text/plain"), "KAKAO_ACCESS_TOKEN": "t"}, []string{"profile"},
			"kakaologin: user/me: the API server answered with an unexpected body instead of a Kakao error (HTTP 404, text/plain): <!DOCTYPE HTML>: " +
				"is --api-url (KAKAOLOGIN_API_URL) Kakao's API server or kakaologin mock?\n"},
		{"login --headless, 404 HTML", map[string]string{"KAKAOLOGIN_AUTH_URL": notKakao(t, 404, html)},
			[]string{"login", "--client-id", "k", "--headless", "--redirect-uri", "http://127.0.0.1:0/callback"},
			"kakaologin: authorize: the authorize page answered unexpectedly (HTTP 404, text/html;charset=utf-8): <!DOCTYPE HTML>: " +
				"is --auth-url (KAKAOLOGIN_AUTH_URL) Kakao's auth server or kakaologin mock?\n"},
		// a proxy's page for a Kakao that failed says nothing of the URL
		{"profile, 502 HTML", map[string]string{"KAKAOLOGIN_API_URL": notKakao(t, 502, html), "KAKAO_ACCESS_TOKEN": "t"}, []string{"profile"},
			"kakaologin: user/me: the server failed (try again later) (HTTP 502, text/html;charset=utf-8): <!DOCTYPE HTML>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.env, tc.args...)
			if code != ExitProtocol || stderr != tc.want {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, ExitProtocol, tc.want)
			}
		})
	}
}
