package flow

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strings"
	"sync"
)

// BackendKind names what a backend's answer (or its absence) means.
type BackendKind string

// Kinds of backend answers. DiagnoseBackend recognises the answers of
// django-allauth + dj-rest-auth's SocialLoginView by their text, the rest
// by status.
const (
	BackendOK      BackendKind = "ok"       // 2xx with a JSON body
	BackendNotJSON BackendKind = "not_json" // 2xx with a body that is not JSON

	// No answer.
	BackendUnreachable BackendKind = "unreachable" // refused, DNS, TLS, reset
	BackendTimeout     BackendKind = "timeout"

	// dj-rest-auth's 400 answers ({"non_field_errors": [...]}).
	BackendEmailExists        BackendKind = "email_exists"         // "User is already registered with this e-mail address."
	BackendIncorrectValue     BackendKind = "incorrect_value"      // "Incorrect value": the profile fetch failed
	BackendMissingInput       BackendKind = "missing_input"        // "Incorrect input. access_token or code is required."
	BackendCodeExchangeFailed BackendKind = "code_exchange_failed" // "Failed to exchange code for access token"

	// A Kakao error the backend relayed.
	BackendCodeReused BackendKind = "code_reused" // KOE320: the code was exchanged twice
	BackendKakaoError BackendKind = "kakao_error" // another KOE code (see BackendResponse.KakaoCode)

	// Server errors with a known cause.
	BackendGetScope       BackendKind = "get_scope_typeerror"       // dj-rest-auth < 7.0.1 with django-allauth >= 0.62
	BackendScopeDelimiter BackendKind = "scope_delimiter_typeerror" // dj-rest-auth 7.0.1 with django-allauth >= 0.62
	BackendIntegrity      BackendKind = "integrity_error"           // a database constraint (e.g. a unique email "")

	// Recognised by status.
	BackendCSRF                 BackendKind = "csrf"                   // 403 from Django's CSRF check
	BackendRedirect             BackendKind = "redirect"               // 3xx (Location header)
	BackendAuthRequired         BackendKind = "auth_required"          // 401, or 403 without CSRF
	BackendNotFound             BackendKind = "not_found"              // 404
	BackendMethodNotAllowed     BackendKind = "method_not_allowed"     // 405
	BackendUnsupportedMediaType BackendKind = "unsupported_media_type" // 415

	// Not recognised.
	BackendRefused     BackendKind = "refused"      // another 4xx (or 1xx)
	BackendServerError BackendKind = "server_error" // another 5xx
)

var koeCode = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bKOE[0-9]{3}\b`) })

// DiagnoseBackend says what r means. known is false for the kinds that
// only repeat the status class (BackendRefused, BackendServerError).
func DiagnoseBackend(r *BackendResponse) (kind BackendKind, known bool) {
	if r.Status >= 200 && r.Status <= 299 {
		if _, ok := r.JSONBody(); !ok {
			return BackendNotJSON, true
		}
		return BackendOK, true
	}
	text := r.text()
	lower := strings.ToLower(text)
	has := func(s string) bool { return strings.Contains(lower, s) }
	switch code := r.KakaoCode(); {
	case code == "KOE320":
		return BackendCodeReused, true
	case code != "":
		return BackendKakaoError, true
	case has("already registered with this e-mail address"), has("already registered with this email address"):
		return BackendEmailExists, true
	case r.hasMessage("incorrect value"):
		return BackendIncorrectValue, true
	case has("access_token or code is required"):
		return BackendMissingInput, true
	case has("failed to exchange code for access token"):
		return BackendCodeExchangeFailed, true
	case has("get_scope() takes 1 positional argument"):
		return BackendGetScope, true
	case has("multiple values for argument") && has("scope_delimiter"):
		return BackendScopeDelimiter, true
	case has("integrityerror"), has("unique constraint failed"), has("violates unique constraint"):
		return BackendIntegrity, true
	case r.Status == http.StatusForbidden && has("csrf"):
		return BackendCSRF, true
	}
	switch {
	case r.Status >= 300 && r.Status <= 399:
		return BackendRedirect, true
	case r.Status == http.StatusUnauthorized, r.Status == http.StatusForbidden:
		return BackendAuthRequired, true
	case r.Status == http.StatusNotFound:
		return BackendNotFound, true
	case r.Status == http.StatusMethodNotAllowed:
		return BackendMethodNotAllowed, true
	case r.Status == http.StatusUnsupportedMediaType:
		return BackendUnsupportedMediaType, true
	case r.Status >= 500:
		return BackendServerError, false
	}
	return BackendRefused, false
}

// KakaoCode is the first Kakao auth error code (KOExxx) the body quotes,
// "" when there is none.
func (r *BackendResponse) KakaoCode() string {
	return koeCode().FindString(r.text())
}

// text is what the body says: every string and key of a JSON body, one a
// line, or the body with HTML entities decoded.
func (r *BackendResponse) text() string {
	if body, ok := r.JSONBody(); ok {
		var b strings.Builder
		dec := json.NewDecoder(bytes.NewReader(body))
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			if s, ok := tok.(string); ok {
				b.WriteString(s + "\n")
			}
		}
		return b.String()
	}
	return html.UnescapeString(string(r.Body))
}

// hasMessage reports whether the body is, or holds as a JSON string, the
// message msg (compared ignoring case and surrounding white space).
func (r *BackendResponse) hasMessage(msg string) bool {
	for _, line := range strings.Split(r.text(), "\n") {
		if strings.EqualFold(strings.TrimSpace(line), msg) {
			return true
		}
	}
	return false
}
