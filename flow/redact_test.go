package flow_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow"
)

// traceOf sends one request with body (form-encoded when form is set)
// through a Tracer to a server answering with contentType and answer, and
// returns the trace.
func traceOf(t *testing.T, showSecrets bool, contentType, answer string, form url.Values) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", contentType)
		io.WriteString(w, answer)
	}))
	defer srv.Close()
	var out strings.Builder
	tr := &flow.Tracer{W: &out, ShowSecrets: showSecrets}
	client := &http.Client{Transport: tr.Transport(nil)}
	req, err := http.NewRequestWithContext(testContext(t), http.MethodPost, srv.URL+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != answer {
		t.Fatalf("the tracer changed the body the client reads: %q", got)
	}
	return out.String()
}

const (
	secretAT = "AT-0123456789abcdefghij"
	secretRT = "RT-0123456789abcdefghij"
)

func TestTraceCutsTokensWithEscapedSlashes(t *testing.T) {
	// encoding/json and Kakao may both write "/" as "\/".
	answer := `{"token_type":"bearer","access_token":"AT-01\/23456789abcdefghij","refresh_token":"RT-0123456789\/abcdefghij","expires_in":21599}`
	trace := traceOf(t, false, "application/json;charset=UTF-8", answer, nil)
	for _, leak := range []string{`23456789abcdefghij`, `abcdefghij`} {
		if strings.Contains(trace, leak) {
			t.Fatalf("token shown whole (%q) in:\n%s", leak, trace)
		}
	}
	if !strings.Contains(trace, `{"token_type":"bearer","access_token":"AT-01/…","refresh_token":"RT-012…","expires_in":21599}`) {
		t.Errorf("body not shown field by field in order:\n%s", trace)
	}
}

func TestTraceCutsFormBodyWhateverItsContentType(t *testing.T) {
	answer := "access_token=" + secretAT + "&token_type=bearer&refresh_token=" + secretRT
	for _, ct := range []string{"text/plain", "application/octet-stream", ""} {
		trace := traceOf(t, false, ct, answer, nil)
		if strings.Contains(trace, secretAT) || strings.Contains(trace, secretRT) {
			t.Errorf("Content-Type %q: form token body shown whole:\n%s", ct, trace)
		}
		if !strings.Contains(trace, "access_token=AT-012…&token_type=bearer&refresh_token=RT-012…") {
			t.Errorf("Content-Type %q: form not shown pair by pair:\n%s", ct, trace)
		}
	}
}

func TestTraceHidesUndecodableBodyHoldingASecret(t *testing.T) {
	form := url.Values{"client_secret": {"client-secret-0123456789"}, "grant_type": {"authorization_code"}}
	for name, answer := range map[string]string{
		"yaml token":    "access_token: " + secretAT + "\nexpires_in: 21599\n",
		"echoed secret": "<html><body>bad secret client-secret-0123456789 sent</body></html>",
		"broken JSON":   `{"access_token":"` + secretAT,
	} {
		trace := traceOf(t, false, "text/html", answer, form)
		if strings.Contains(trace, secretAT) || strings.Contains(trace, "client-secret-0123456789") {
			t.Errorf("%s: shown whole:\n%s", name, trace)
		}
		if !strings.Contains(trace, "bytes not shown") {
			t.Errorf("%s: no note of the hidden body:\n%s", name, trace)
		}
	}
	// A page without secrets is still shown: that is what --verbose is for.
	page := "<html><body>Bad Gateway</body></html>"
	if trace := traceOf(t, false, "text/html", page, form); !strings.Contains(trace, page) {
		t.Errorf("harmless page not shown:\n%s", trace)
	}
}

func TestTraceCutsCodeInKOE320Description(t *testing.T) {
	code := "Aq0FvR0rbKsAmFQYl_Nt7tUsngr803DpGWmV"
	answer := `{"error":"invalid_grant","error_description":"authorization code not found for code=` + code + `","error_code":"KOE320"}`
	trace := traceOf(t, false, "application/json;charset=UTF-8", answer, nil)
	if strings.Contains(trace, code) || !strings.Contains(trace, "code=Aq0FvR…") {
		t.Errorf("code in error_description not cut:\n%s", trace)
	}
}

func TestTraceShowSecretsShowsBodiesAsSent(t *testing.T) {
	for _, answer := range []string{
		`{"access_token":"AT-01\/23456789abcdefghij"}`,
		"access_token=" + secretAT,
		"access_token: " + secretAT,
	} {
		if trace := traceOf(t, true, "text/plain", answer, nil); !strings.Contains(trace, answer) {
			t.Errorf("--show-secrets trace lacks %q:\n%s", answer, trace)
		}
	}
}

func TestTraceEscapesControlCharacters(t *testing.T) {
	answer := "<html>\x1b]0;pwned\x07\x1b[2J\u202ehello</html>"
	trace := traceOf(t, false, "text/html", answer, nil)
	if strings.ContainsAny(trace, "\x1b\x07\u202e") {
		t.Fatalf("control characters reach the terminal: %q", trace)
	}
	if !strings.Contains(trace, `<html>\x1b]0;pwned\x07\x1b[2J\u202ehello</html>`) {
		t.Errorf("body not shown escaped: %q", trace)
	}
}

func TestTraceCutsBackendCredentials(t *testing.T) {
	// What a dj-rest-auth backend answers login --backend: its own JWT
	// pair (simplejwt) or token key, as secret as Kakao's tokens.
	answer := `{"access":"eyJhbGciOiJIUzI1NiJ9.access-part","refresh":"eyJhbGciOiJIUzI1NiJ9.refresh-part","key":"0123456789abcdef","user":{"pk":1}}`
	trace := traceOf(t, false, "application/json", answer, nil)
	for _, leak := range []string{"access-part", "refresh-part", "0123456789abcdef"} {
		if strings.Contains(trace, leak) {
			t.Fatalf("backend credential shown whole (%q) in:\n%s", leak, trace)
		}
	}
	if !strings.Contains(trace, `"user":{"pk":1}`) {
		t.Errorf("the rest of the answer is not shown:\n%s", trace)
	}
}
