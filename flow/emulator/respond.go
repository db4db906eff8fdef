package emulator

import (
	"html"
	"net/http"
	"strconv"
)

// ContentTypeJSON is the Content-Type of every JSON response, as Kakao sends it.
const ContentTypeJSON = "application/json;charset=UTF-8"

// writeJSON writes body with Kakao's JSON content type.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = []string{ContentTypeJSON}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeAuthError writes a kauth error:
// {"error":..,"error_description":..,"error_code":..}; code "" omits error_code.
func writeAuthError(w http.ResponseWriter, status int, errName, desc, code string) {
	var o object
	o.str("error", errName)
	o.str("error_description", desc)
	if code != "" {
		o.str("error_code", code)
	}
	writeJSON(w, status, o.bytes())
}

// parseAuthForm is parseAPIForm for kauth: a body it cannot parse is 400
// invalid_request.
func parseAuthForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		writeAuthError(w, http.StatusBadRequest, "invalid_request", "malformed request: "+err.Error(), "")
		return false
	}
	return true
}

// parseAPIForm reads a kapi request's query and form (at most maxFormBytes),
// answering 400 -2 as Kakao does for a body it cannot parse.
func parseAPIForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		writeAPIError(w, http.StatusBadRequest, "invalid request: "+err.Error(), -2)
		return false
	}
	return true
}

// writeAPIError writes a kapi error {"msg":..,"code":..}. A 401 also carries
// WWW-Authenticate: Bearer error=invalid_token.
func writeAPIError(w http.ResponseWriter, status int, msg string, code int64) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", "Bearer error=invalid_token")
	}
	var o object
	o.str("msg", msg)
	o.int("code", code)
	writeJSON(w, status, o.bytes())
}

// nullIfEmpty is how Kakao quotes a missing value: "null" (Java's).
func nullIfEmpty(s string) string {
	if s == "" {
		return "null"
	}
	return s
}

// pageError is an /oauth/authorize error that can't be redirected: Kakao
// shows it in the browser with its KOE code.
type pageError struct {
	code   string // KOExxx
	oauth  string // OAuth error name, e.g. invalid_request
	detail string
}

// writeErrorPage renders pe as a 400 HTML page.
func writeErrorPage(w http.ResponseWriter, pe pageError) {
	body := `<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><title>Kakao Login error ` + pe.code + `</title></head>
<body>
<h1>Error ` + pe.code + `</h1>
<p>Error code: <code>` + pe.code + `</code> (` + html.EscapeString(pe.oauth) + `)</p>
<p>` + html.EscapeString(pe.detail) + `</p>
<p><small>kakaologin emulator</small></p>
</body></html>
`
	h := w.Header()
	h.Set("Content-Type", "text/html;charset=UTF-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte(body))
}
