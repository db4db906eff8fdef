package flow

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets for what the client reads from outside: the callback query
// a browser delivers, the token endpoint's answer, Kakao's two error
// shapes, the authorize page a headless login reads and the discovery
// document. Each asserts properties of the result, not only "no panic";
// scripts/fuzz.sh runs every Fuzz function of the module.

// controlIn returns the first rune of s a terminal could act on instead of
// showing (what printable promises to escape), and false when there is
// none. Written apart from printable so that a bug there cannot hide.
func controlIn(s string) (rune, bool) {
	if !utf8.ValidString(s) {
		return utf8.RuneError, true
	}
	for _, r := range s {
		switch {
		case r < 0x20, r >= 0x7f && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e, r == 0x200f, r == 0x061c, r == 0x2028, r == 0x2029:
			return r, true
		}
	}
	return 0, false
}

func checkPrintable(t *testing.T, what, s string) {
	t.Helper()
	if r, bad := controlIn(s); bad {
		t.Fatalf("%s holds control character %U: %q", what, r, s)
	}
}

// fuzzStatus maps any int to an HTTP status from lo to 599.
func fuzzStatus(n, lo int) int {
	if n < 0 {
		n = -(n + 1)
	}
	return lo + n%(600-lo)
}

func fuzzHeader(contentType string) http.Header {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return h
}

// isLoopbackName is the test's own reading of a Host header: a loopback
// IP or localhost, with or without port.
func isLoopbackName(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// FuzzCallback: a request to the callback path either ends the login,
// with a code and this login's state or a *CallbackError, or is ignored
// (foreign Host or state) and reported once; never both. Error texts,
// reports and pages show no control character and no markup of the
// request's.
func FuzzCallback(f *testing.F) {
	const state = "st4te-0f-this-login"
	for _, seed := range [][2]string{
		{"127.0.0.1:8734", "code=Aq0FvR0rbKsAmFQYl&state=" + state},
		{"localhost:8734", "error=access_denied&error_description=User%20denied%20access&state=" + state},
		{"[::1]:8734", "state=" + state},
		{"LOCALHOST", "code=&error=&state=" + state},
		{"kakao.evil.test:8734", "code=x&state=" + state},
		{"127.0.0.1:8734", "code=x&state=another"},
		{"127.0.0.1:8734", "error=%1b%5b31mred&error_description=%e2%80%aeevil%0d%0a&error_code=KOE%00&state=" + state},
		{"127.0.0.1:8734", "error=%3Cscript%3E&error_description=%3Cb%3E&state=" + state},
		{"127.0.0.1:8734", "state=" + state + "&state=x&code=a;b=c"},
		{"127.0.0.1:8734", "%zz&code=%ff&state=" + state},
		{"127.0.0.1:8734", "error=server_error&code=Aq0FvR0rbKsAmFQYl&state=" + state}, // an error wins
	} {
		f.Add(seed[0], seed[1])
	}
	tags := strings.Count(string(renderPage("t", "m")), "<")
	f.Fuzz(func(t *testing.T, host, rawQuery string) {
		s := &CallbackServer{state: state, path: "/callback", result: make(chan callbackResult, 1)}
		var reports []string
		s.OnIgnored(func(reason string) { reports = append(reports, reason) })
		req := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/callback", RawQuery: rawQuery}, Host: host, Header: http.Header{}}
		w := httptest.NewRecorder()
		s.handle(w, req)
		q, _ := url.ParseQuery(rawQuery)

		for _, r := range reports {
			checkPrintable(t, "ignored-answer report", r)
		}
		var res *callbackResult
		select {
		case r := <-s.result:
			res = &r
		default:
		}
		if res == nil {
			if len(reports) != 1 {
				t.Fatalf("ignored answer reported %d times: %q", len(reports), reports)
			}
			if w.Code == http.StatusOK {
				t.Fatalf("ignored answer got HTTP 200")
			}
			if isLoopbackName(host) && q.Get("state") == state {
				t.Fatalf("answer with loopback Host %q and this login's state ignored (HTTP %d)", host, w.Code)
			}
			return
		}
		if len(reports) != 0 {
			t.Fatalf("an answer that ended the login was also reported ignored: %q", reports)
		}
		if !isLoopbackName(host) {
			t.Fatalf("answer addressed to Host %q ended the login", host)
		}
		if q.Get("state") != state {
			t.Fatalf("answer with state %q ended the login", q.Get("state"))
		}
		if strings.Count(w.Body.String(), "<") != tags {
			t.Fatalf("the page carries markup of the request's: %q", w.Body.String())
		}
		if res.err == nil {
			if res.cb.Code == "" || res.cb.Code != q.Get("code") || res.cb.State != state || q.Get("error") != "" {
				t.Fatalf("callback %+v from query %q", res.cb, rawQuery)
			}
			if w.Code != http.StatusOK {
				t.Fatalf("a code was delivered with HTTP %d", w.Code)
			}
			return
		}
		var cbErr *CallbackError
		if !errors.As(res.err, &cbErr) || res.cb != (Callback{}) {
			t.Fatalf("result %+v, %#v: want a *CallbackError and no code", res.cb, res.err)
		}
		if e := q.Get("error"); e != "" && cbErr.Err != e || e == "" && q.Get("code") != "" {
			t.Fatalf("error %q from query %q", cbErr.Err, rawQuery)
		}
		if w.Code != http.StatusBadRequest {
			t.Fatalf("an error was delivered with HTTP %d", w.Code)
		}
		checkPrintable(t, "callback error", res.err.Error())
	})
}

// FuzzTokenResponse: the token endpoint's answer is a token with an access
// token and its JSON kept exactly, or an *AuthError (only for a non-2xx
// status) or a *ProtocolError; never both, never a control character in
// the error, and no part of a 2xx body (which may hold tokens) in it.
func FuzzTokenResponse(f *testing.F) {
	for _, seed := range []struct {
		status int
		ct     string
		body   string
	}{
		{200, "application/json;charset=UTF-8", `{"access_token":"AT-0123456789abcdef","token_type":"bearer","refresh_token":"RT-0123456789abcdef","expires_in":21599,"scope":"profile_nickname","refresh_token_expires_in":5183999}`},
		{200, "application/json", `{"access_token":"","expires_in":1}`},
		{200, "text/html", `<html>{"access_token":"AT-0123456789abcdef"}</html>`},
		{200, "", `{"access_token":"AT-0123456789abcdef","expires_in":"soon"}`},
		{200, "application/json", `{"access_token":"AT-0123456789abcdef"} trailing`},
		{400, "application/json", `{"error":"invalid_grant","error_description":"authorization code not found for code=Aq0FvR0rbKsAmFQYl_Nt7t","error_code":"KOE320"}`},
		{401, "application/json", `{"error":"invalid_client","error_description":"Bad client credentials\u001b[2J","error_code":"KOE010"}`},
		{502, "text/html", "<html>Bad Gateway\r\n</html>"},
	} {
		f.Add(seed.status, seed.ct, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		status = fuzzStatus(status, 100)
		header := fuzzHeader(contentType)
		ct := &captureTransport{status: status, header: header, body: body, got: true, over: len(body) > tokenBodyLimit}
		tok, err := ct.token(nil)
		if (tok == nil) == (err == nil) {
			t.Fatalf("token %+v and error %v", tok, err)
		}
		ok2xx := status >= 200 && status <= 299
		if err == nil {
			if !ok2xx || tok.AccessToken == "" {
				t.Fatalf("HTTP %d gave token %+v", status, tok)
			}
			if !bytes.Equal(tok.Raw, bytes.TrimSpace(body)) || !json.Valid(tok.Raw) {
				t.Fatalf("Raw %q is not the body %q", tok.Raw, body)
			}
			var again Token
			if err := json.Unmarshal(tok.Raw, &again); err != nil || again.AccessToken != tok.AccessToken || again.ExpiresIn != tok.ExpiresIn {
				t.Fatalf("Raw decodes to %+v (%v), the token is %+v", again, err, tok)
			}
			return
		}
		var (
			aErr *AuthError
			pErr *ProtocolError
		)
		switch {
		case errors.As(err, &aErr):
			if ok2xx || aErr.Status != status || aErr.Err == "" && aErr.Code == "" {
				t.Fatalf("HTTP %d gave %#v", status, aErr)
			}
		case errors.As(err, &pErr):
			if pErr.Status != status {
				t.Fatalf("HTTP %d gave %#v", status, pErr)
			}
			if ok2xx && pErr.Snippet != "" {
				t.Fatalf("a 2xx body, which may hold tokens, is quoted: %q", pErr.Snippet)
			}
		default:
			t.Fatalf("error %#v is neither *AuthError nor *ProtocolError", err)
		}
		checkPrintable(t, "token error", err.Error())
	})
}

// koe320Body is Kakao's answer to a used code, quoting it.
func koe320Body(code string) []byte {
	b, _ := json.Marshal(map[string]string{"error": "invalid_grant", "error_code": "KOE320",
		"error_description": "authorization code not found for code=" + code})
	return b
}

var codeChars = regexp.MustCompile(`^[A-Za-z0-9_-]{16,}$`)

// FuzzDecodeAuthError: a non-2xx auth server answer is an *AuthError with
// an error or a code, or a *ProtocolError, with the status, one printable
// line; and an authorization code quoted by KOE320 never shows whole.
func FuzzDecodeAuthError(f *testing.F) {
	for _, seed := range []struct {
		status int
		ct     string
		body   string
	}{
		{400, "application/json;charset=UTF-8", `{"error":"invalid_grant","error_description":"authorization code not found for code=Aq0FvR0rbKsAmFQYl_Nt7t","error_code":"KOE320"}`},
		{401, "application/json", `{"error":"invalid_client","error_description":"Bad client credentials","error_code":"KOE010"}`},
		{400, "", `{"error_code":"KOE\u202e101"}`},
		{400, "application/problem+json", `{"error":1}`},
		{400, "application/json", `{"error":"x","error_description":"line\nbreak\u0007"}`},
		{503, "text/html", "<html>\x1b[31mdown\n</html>"},
		{400, "text/plain", "client_secret=s3cret-value&x=1"},
	} {
		f.Add(seed.status, seed.ct, []byte(seed.body), "Aq0FvR0rbKsAmFQYl_Nt7tUsngr803DpGWmV")
	}
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte, code string) {
		status = fuzzStatus(status, 300)
		header := fuzzHeader(contentType)
		err := decodeAuthError(status, header, body)
		var (
			aErr *AuthError
			pErr *ProtocolError
		)
		switch {
		case errors.As(err, &aErr):
			if aErr.Status != status || aErr.Err == "" && aErr.Code == "" {
				t.Fatalf("%#v from HTTP %d %q", aErr, status, body)
			}
			if _, bad := controlIn(aErr.Code); !bad && !strings.Contains(err.Error(), aErr.Code) {
				t.Fatalf("message %q lacks the code %q", err, aErr.Code)
			}
		case errors.As(err, &pErr):
			if pErr.Status != status || len(pErr.Snippet) > 4*130 {
				t.Fatalf("%#v from HTTP %d", pErr, status)
			}
		default:
			t.Fatalf("error %#v is neither *AuthError nor *ProtocolError", err)
		}
		checkPrintable(t, "auth error", err.Error())

		if codeChars.MatchString(code) {
			msg := decodeAuthError(400, jsonHeader(), koe320Body(code)).Error()
			if strings.Contains(msg, code) {
				t.Fatalf("the authorization code shows whole: %q", msg)
			}
		}
	})
}

// FuzzDecodeAPIError: a non-2xx API server answer is an *APIError whose
// code is the JSON's integer code, or a *ProtocolError, with the status
// and one printable line.
func FuzzDecodeAPIError(f *testing.F) {
	for _, seed := range []struct {
		status int
		ct     string
		body   string
	}{
		{401, "application/json;charset=UTF-8", `{"msg":"this access token does not exist","code":-401}`},
		{403, "application/json", `{"msg":"insufficient scopes.","code":-402,"api_type":"TALK_MEMO_DEFAULT_SEND","required_scopes":["talk_message"]}`},
		{400, "application/json", `{"msg":"x","code":-401.5}`},
		{400, "application/json", `{"msg":"\u001b]0;title\u0007","code":-2,"code":-3}`},
		{400, "", `{"code":99999999999999999999}`},
		{502, "text/html", "<html>Bad Gateway</html>"},
	} {
		f.Add(seed.status, seed.ct, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		status = fuzzStatus(status, 300)
		err := decodeAPIError(status, fuzzHeader(contentType), body)
		var (
			apErr *APIError
			pErr  *ProtocolError
		)
		switch {
		case errors.As(err, &apErr):
			var m map[string]json.RawMessage
			if apErr.Status != status || !bytes.Equal(apErr.Body, body) || json.Unmarshal(body, &m) != nil {
				t.Fatalf("%#v from HTTP %d %q", apErr, status, body)
			}
			if n, perr := strconv.ParseInt(string(m["code"]), 10, 64); perr != nil || int64(apErr.Code) != n {
				t.Fatalf("code %d, but the JSON says %s", apErr.Code, m["code"])
			}
			if !strings.HasPrefix(err.Error(), "API error "+strconv.Itoa(apErr.Code)+": ") {
				t.Fatalf("message %q", err)
			}
		case errors.As(err, &pErr):
			if pErr.Status != status {
				t.Fatalf("%#v from HTTP %d", pErr, status)
			}
		default:
			t.Fatalf("error %#v is neither *APIError nor *ProtocolError", err)
		}
		checkPrintable(t, "API error", err.Error())
	})
}

// fakeAuthorize answers the authorize URL with a fuzzed page, or
// redirects it to a callback that answers with the fuzzed status.
type fakeAuthorize struct {
	status     int
	header     http.Header
	body       []byte
	redirected bool
}

// fuzzCode is the authorization code in the fake redirect: a secret no
// error may show.
const fuzzCode = "Aq0FvR0rbKsAmFQYl_Nt7tUsngr803DpGWmV"

func (f *fakeAuthorize) RoundTrip(r *http.Request) (*http.Response, error) {
	resp := &http.Response{StatusCode: f.status, Header: f.header.Clone(), Body: io.NopCloser(bytes.NewReader(f.body)), Request: r}
	if f.redirected && r.URL.Path == "/oauth/authorize" {
		resp.StatusCode, resp.Body = http.StatusFound, http.NoBody
		resp.Header = http.Header{"Location": {"http://127.0.0.1:8734/callback?code=" + fuzzCode + "&state=s"}}
	}
	return resp, nil
}

// FuzzFollowAuthorize: the headless page reader ends with nil only when
// the redirect reached a callback that took it; a page is an *AuthError
// when it shows a KOE code, ErrNeedsPerson when it is a 200 without one,
// a *ProtocolError otherwise. No error shows a control character or the
// authorization code, and the page's message is one line of text.
func FuzzFollowAuthorize(f *testing.F) {
	for _, seed := range []struct {
		status              int
		ct, body            string
		redirected, ignored bool
	}{
		{200, "text/html", "<html><p>Kakao Account</p><form>log in</form></html>", false, false},
		{400, "text/html;charset=utf-8", "<h1>KOE006</h1><p>앱 관리자 설정 오류 (KOE006)</p><p class=x>The <b>redirect_uri</b> is not registered &amp; more</p>", false, false},
		{400, "text/html", "<p>KOE320\x1b[2J code=Aq0FvR0rbKsAmFQYl_Nt7tUsngr803DpGWmV</p>", false, false},
		{502, "text/html", "<html>Bad Gateway</html>", false, false},
		{200, "text/html", "<p>Login complete</p>", true, false},
		{400, "text/html", "<p>Answer ignored</p>", true, true},
		{404, "text/plain", "404 page not found", true, false},
	} {
		f.Add(seed.status, seed.ct, []byte(seed.body), seed.redirected, seed.ignored)
	}
	koe := regexp.MustCompile(`KOE[0-9A-Z_]+`)
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte, redirected, ignored bool) {
		status = fuzzStatus(status, 200)
		if redirected && status >= 300 && status <= 399 {
			status += 100 // the callback server never redirects
		}
		header := fuzzHeader(contentType)
		if ignored {
			header.Set(ignoredHeader, "ignored")
		}
		client := &http.Client{Transport: &fakeAuthorize{status: status, header: header, body: body, redirected: redirected}}
		err := FollowAuthorize(t.Context(), client, "https://kauth.kakao.test/oauth/authorize?client_id=k&state=s")
		if m := pageMessage(body); m != strings.Join(strings.Fields(m), " ") {
			t.Fatalf("page message %q is not one line of single-spaced text", m)
		}
		if err != nil {
			checkPrintable(t, "authorize error", err.Error())
			if strings.Contains(err.Error(), fuzzCode) && !bytes.Contains(body, []byte(fuzzCode)) { // a page may show it itself
				t.Fatalf("the authorization code shows: %q", err)
			}
		}
		if redirected {
			took := status == http.StatusOK || status == http.StatusBadRequest
			switch {
			case took && !ignored && err != nil, !took && err == nil:
				t.Fatalf("callback answered HTTP %d: %v", status, err)
			case took && ignored && !errors.Is(err, ErrStateMismatch):
				t.Fatalf("ignored answer: %v, want ErrStateMismatch", err)
			}
			return
		}
		var (
			aErr *AuthError
			pErr *ProtocolError
		)
		code := koe.Find(body)
		switch {
		case code != nil:
			if !errors.As(err, &aErr) || aErr.Code != string(code) || aErr.Status != status {
				t.Fatalf("page with %s: %#v", code, err)
			}
		case status == http.StatusOK:
			if !errors.Is(err, ErrNeedsPerson) {
				t.Fatalf("200 page without a KOE code: %v, want ErrNeedsPerson", err)
			}
		default:
			if !errors.As(err, &pErr) || pErr.Status != status {
				t.Fatalf("HTTP %d page: %#v, want a *ProtocolError", status, err)
			}
		}
	})
}

// FuzzDiscovery: a discovery answer is a document kept exactly as sent
// (only for a 2xx JSON object) or an *AuthError or *ProtocolError with
// the status, one printable line.
func FuzzDiscovery(f *testing.F) {
	for _, seed := range []struct {
		status int
		ct     string
		body   string
	}{
		{200, "application/json;charset=utf-8", `{"issuer":"https://kauth.kakao.com","authorization_endpoint":"https://kauth.kakao.com/oauth/authorize","token_endpoint":"https://kauth.kakao.com/oauth/token","jwks_uri":"https://kauth.kakao.com/.well-known/jwks.json"}`},
		{200, "application/json", `{"issuer":1}`},
		{200, "application/json", `null`},
		{200, "text/html", "<html>\x1b[0m</html>"},
		{404, "application/json", `{"error":"not_found","error_code":"KOE002"}`},
	} {
		f.Add(seed.status, seed.ct, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		status = fuzzStatus(status, 200)
		d, err := decodeDiscovery(status, fuzzHeader(contentType), body)
		if (d == nil) == (err == nil) {
			t.Fatalf("document %+v and error %v", d, err)
		}
		if err == nil {
			if status > 299 || !bytes.Equal(d.Raw, bytes.TrimSpace(body)) || !json.Valid(d.Raw) || d.Raw[0] != '{' {
				t.Fatalf("HTTP %d %q gave document %+v", status, body, d)
			}
			return
		}
		var (
			aErr *AuthError
			pErr *ProtocolError
		)
		switch {
		case errors.As(err, &aErr):
			if aErr.Status != status || status <= 299 {
				t.Fatalf("HTTP %d gave %#v", status, aErr)
			}
		case errors.As(err, &pErr):
			if pErr.Status != status {
				t.Fatalf("HTTP %d gave %#v", status, pErr)
			}
		default:
			t.Fatalf("error %#v is neither *AuthError nor *ProtocolError", err)
		}
		checkPrintable(t, "discovery error", err.Error())
	})
}
