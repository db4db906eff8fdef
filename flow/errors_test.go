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

func TestSnippetIsShortAndOneLine(t *testing.T) {
	s := snippet([]byte("  first line " + strings.Repeat("x", 300) + "\nsecond"))
	if strings.Contains(s, "\n") || len(s) > 130 || strings.Contains(s, "second") {
		t.Errorf("snippet = %q", s)
	}
}
