package flow

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json;charset=UTF-8"}}
}

func TestDecodeAuthError(t *testing.T) {
	err := decodeAuthError(400, jsonHeader(), []byte(`{"error":"invalid_grant","error_description":"authorization code not found for code=x","error_code":"KOE320"}`))
	var a *AuthError
	if !errors.As(err, &a) || a.Code != "KOE320" || a.Err != "invalid_grant" || a.Status != 400 {
		t.Fatalf("got %#v", err)
	}
	if !strings.HasPrefix(a.Error(), "KOE320 invalid_grant: authorization code") {
		t.Errorf("message %q", a.Error())
	}
}

func TestDecodeAPIError(t *testing.T) {
	body := `{"msg":"insufficient scopes.","code":-402,"required_scopes":["account_email"]}`
	err := decodeAPIError(403, jsonHeader(), []byte(body))
	var a *APIError
	if !errors.As(err, &a) || a.Code != -402 || a.Msg != "insufficient scopes." || string(a.Body) != body {
		t.Fatalf("got %#v", err)
	}
}

func TestAPIErrorRequiredScopes(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		want string
	}{
		"two":          {`{"msg":"insufficient scopes.","code":-402,"required_scopes":["account_email","gender"]}`, "account_email,gender"},
		"none":         {`{"msg":"x","code":-402}`, ""},
		"not an array": {`{"code":-402,"required_scopes":"gender"}`, ""},
		"not json":     {`<html>`, ""},
		"odd names":    {`{"code":-402,"required_scopes":["","gen der","x\u001b[31m","talk_message"]}`, "talk_message"},
	} {
		got := strings.Join((&APIError{Code: -402, Body: []byte(tc.body)}).RequiredScopes(), ",")
		if got != tc.want {
			t.Errorf("%s: RequiredScopes = %q, want %q", name, got, tc.want)
		}
	}
}

func TestDecodeNonJSONErrors(t *testing.T) {
	html := http.Header{"Content-Type": {"text/html"}}
	for name, tc := range map[string]struct {
		status int
		header http.Header
		body   string
		want   string
	}{
		"proxy page":     {502, html, "<html><body>Bad Gateway</body></html>", "server failed"},
		"html 400":       {400, html, "<html>nope</html>", "unexpected body"},
		"broken json":    {400, jsonHeader(), `{"error":`, "unexpected body"},
		"json no code":   {401, jsonHeader(), `{"hello":"world"}`, "unexpected body"},
		"float api code": {401, jsonHeader(), `{"msg":"x","code":-401.5}`, "unexpected body"},
	} {
		for _, decode := range []func(int, http.Header, []byte) error{decodeAuthError, decodeAPIError} {
			err := decode(tc.status, tc.header, []byte(tc.body))
			var p *ProtocolError
			if !errors.As(err, &p) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: got %v, want ProtocolError containing %q", name, err, tc.want)
			}
		}
	}
}

func TestProtocolErrorNamesServer(t *testing.T) {
	html := http.Header{"Content-Type": {"text/html;charset=utf-8"}}
	for server, decode := range map[Server]func(int, http.Header, []byte) error{ServerAuth: decodeAuthError, ServerAPI: decodeAPIError} {
		var p *ProtocolError
		if err := decode(404, html, []byte("<!DOCTYPE HTML>")); !errors.As(err, &p) || p.Server != server || !p.HTML() {
			t.Errorf("%s: got %#v, want a ProtocolError from %s with HTML() true", server, err, server)
		}
	}
	if (&ProtocolError{ContentType: "application/json"}).HTML() {
		t.Error("JSON is not HTML")
	}
}

func TestSnippetIsShortAndOneLine(t *testing.T) {
	s := snippet([]byte("  first line " + strings.Repeat("x", 300) + "\nsecond"))
	if strings.Contains(s, "\n") || len(s) > 130 || strings.Contains(s, "second") {
		t.Errorf("snippet = %q", s)
	}
}

func TestAuthErrorCutsTheAuthorizationCode(t *testing.T) {
	code := "Aq0FvR0rbKsAmFQYl_Nt7tUsngr803DpGWmV-oF1D7kmMyGWxlYJ9AAAAAQKFxBvAAABlr58vB4h5oEAb4_jFQ"
	err := decodeAuthError(400, jsonHeader(), []byte(`{"error":"invalid_grant","error_description":"authorization code not found for code=`+code+`","error_code":"KOE320"}`))
	if got, want := err.Error(), "KOE320 invalid_grant: authorization code not found for code=Aq0FvR…"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	var a *AuthError
	if errors.As(err, &a) && !strings.Contains(a.Description, code) {
		t.Errorf("Description %q: the field keeps what Kakao sent", a.Description)
	}
	// error_code=... is not a code to cut.
	e := &AuthError{Err: "invalid_grant", Description: "see error_code=KOE320"}
	if !strings.Contains(e.Error(), "error_code=KOE320") {
		t.Errorf("message %q", e.Error())
	}
}

func TestErrorSnippetsCutSecrets(t *testing.T) {
	const secret, token = "client-secret-0123456789", "AT-0123456789abcdefghij"
	for name, tc := range map[string]struct {
		contentType, body, want string
	}{
		"echoed form":     {"text/plain", "grant_type=authorization_code&client_secret=" + secret, "client_secret=client…"},
		"json, no kakao":  {"application/json", `{"message":"denied","access_token":"AT-01\/23456789abcdefghij"}`, `{"message":"denied","access_token":"AT-01/…"}`},
		"html with token": {"text/html", "<p>invalid Bearer " + token + "</p>", "bytes not shown"},
		"yaml":            {"text/plain", "client_secret: " + secret, "bytes not shown"},
	} {
		for _, decode := range []func(int, http.Header, []byte) error{decodeAuthError, decodeAPIError} {
			err := decode(400, http.Header{"Content-Type": {tc.contentType}}, []byte(tc.body))
			msg := err.Error()
			if strings.Contains(msg, secret) || strings.Contains(msg, "23456789abcdefghij") || !strings.Contains(msg, tc.want) {
				t.Errorf("%s: %q, want the secret cut (%q)", name, msg, tc.want)
			}
		}
	}
	// A body without secrets is still quoted.
	if err := decodeAuthError(400, http.Header{"Content-Type": {"text/html"}}, []byte("<html>blocked by proxy</html>")); !strings.Contains(err.Error(), "<html>blocked by proxy</html>") {
		t.Errorf("harmless body not quoted: %v", err)
	}
}

func TestErrorMessagesEscapeControlCharacters(t *testing.T) {
	// ESC OSC (retitle the terminal) BEL, C1 CSI as a rune and as a raw
	// byte, a right-to-left override, DEL, CR.
	evil := "\x1b]0;pwned\x07\u009b2J\x9b\u202eevil\x7f\rX"
	want := `\x1b]0;pwned\x07\u009b2J\x9b\u202eevil\x7f\x0dX`
	for _, err := range []error{
		&AuthError{Err: "invalid_grant", Description: evil, Code: "KOE320"},
		&APIError{Code: -401, Msg: evil},
		&ProtocolError{Status: 400, ContentType: "text/html", Reason: "unexpected", Snippet: evil},
		&CallbackError{Err: "access_denied", Description: evil},
	} {
		if msg := err.Error(); !strings.Contains(msg, want) {
			t.Errorf("%T: %q, want control characters escaped", err, msg)
		}
	}
	// A body quoted in a ProtocolError: its first line, escaped.
	err := decodeAuthError(400, http.Header{"Content-Type": {"text/plain\x1b[31m"}}, []byte(evil))
	if msg := err.Error(); !strings.Contains(msg, `text/plain\x1b[31m`) || !strings.HasSuffix(msg, `\x1b]0;pwned\x07\u009b2J\x9b\u202eevil\x7f`) {
		t.Errorf("%q, want control characters escaped", msg)
	}
}

// Kakao's error keys are exact: encoding/json's case-insensitive matching
// read {"Code":0} as the API error code and {"ERROR_CODE":...} as Kakao's.
func TestErrorKeysAreExact(t *testing.T) {
	h := http.Header{"Content-Type": {"application/json"}}
	err := decodeAPIError(400, h, []byte(`{"msg":"x","Code":-401}`))
	var pErr *ProtocolError
	if !errors.As(err, &pErr) {
		t.Errorf(`{"Code":-401} = %#v, want a ProtocolError (no "code" key)`, err)
	}
	err = decodeAuthError(400, h, []byte(`{"error":"invalid_grant","ERROR_CODE":"KOE320"}`))
	var aErr *AuthError
	if !errors.As(err, &aErr) || aErr.Code != "" || aErr.Err != "invalid_grant" {
		t.Errorf("ERROR_CODE read as error_code: %#v", err)
	}
}
