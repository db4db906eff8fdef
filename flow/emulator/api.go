package emulator

import (
	"net/http"
	"strconv"
	"strings"
)

// session is what a valid access token (or the admin key and a target
// user) gives a kapi handler: a snapshot taken under e.mu (granted and
// connectedJSON are replaced, never mutated).
type session struct {
	a         *account
	granted   []bool
	connected []byte
	remaining int64 // seconds until the access token expires
	openid    bool  // the access token came with an id_token
}

// bearer authenticates a kapi request by its access token: the header
// "Authorization: Bearer <token>" or, on a GET without that header, the
// access_token query parameter (as passport-kakao sends it). Missing,
// unknown or revoked token: 401 -401 "this access token does not exist";
// expired: 401 -401 "this access token is already expired"; a header
// that isn't "Bearer <token>": 400 -2 (malformed token, Kakao's REST API docs); a KakaoAK
// admin key, which this API does not take: 401 -401 "invalid app key.".
func (e *Emulator) bearer(w http.ResponseWriter, r *http.Request) (session, bool) {
	return e.apiAuth(w, r, false)
}

// caller is bearer for the APIs that also take the admin key: with
// "Authorization: KakaoAK <Config.AdminKey>" and target_id_type=user_id,
// target_id=<id> it acts on that user (see adminTarget).
func (e *Emulator) caller(w http.ResponseWriter, r *http.Request) (session, bool) {
	return e.apiAuth(w, r, true)
}

// apiAuth is bearer, and caller when admin is set.
func (e *Emulator) apiAuth(w http.ResponseWriter, r *http.Request, admin bool) (session, bool) {
	h := r.Header.Get("Authorization")
	var tok string
	if h == "" {
		if r.Method == http.MethodGet {
			tok = r.URL.Query().Get("access_token")
		}
		if tok == "" {
			writeAPIError(w, http.StatusUnauthorized, "this access token does not exist", -401)
			return session{}, false
		}
	} else {
		scheme, cred, _ := strings.Cut(h, " ")
		switch {
		case strings.EqualFold(scheme, "KakaoAK"):
			if !admin || !e.adminKeyOK(cred) {
				writeAPIError(w, http.StatusUnauthorized, "invalid app key.", -401)
				return session{}, false
			}
			return e.adminTarget(w, r)
		case !strings.EqualFold(scheme, "Bearer") || cred == "" || strings.ContainsAny(cred, " \t"):
			writeAPIError(w, http.StatusBadRequest, "invalid authorization header: expected \"Bearer ${ACCESS_TOKEN}\"", -2)
			return session{}, false
		}
		tok = cred
	}
	now := e.now()
	e.mu.Lock()
	t := e.st.access[tok]
	var s session
	if t != nil {
		s = session{a: t.user, granted: t.user.granted, connected: t.user.connectedJSON,
			remaining: seconds(t.expires.Sub(now)), openid: t.id != nil}
	}
	e.mu.Unlock()
	switch {
	case t == nil:
		writeAPIError(w, http.StatusUnauthorized, "this access token does not exist", -401)
		return session{}, false
	case !now.Before(t.expires):
		writeAPIError(w, http.StatusUnauthorized, "this access token is already expired", -401)
		return session{}, false
	}
	return s, true
}

// userMe serves GET|POST /v2/user/me (Kakao's REST API docs): the user's JSON filtered by
// granted consent, then by property_keys; secure_resource=true rewrites
// image URLs to https. Bad parameters: 400 -2.
func (e *Emulator) userMe(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet, http.MethodPost) {
		return
	}
	s, ok := e.caller(w, r)
	if !ok {
		return
	}
	if !parseAPIForm(w, r) {
		return
	}
	sel, err := parseSelection(r.Form.Get("property_keys"))
	if err != nil {
		writeAPIError(w, http.StatusBadRequest, err.Error(), -2)
		return
	}
	secure := false
	if v := r.Form.Get("secure_resource"); v != "" {
		if secure, err = strconv.ParseBool(v); err != nil {
			writeAPIError(w, http.StatusBadRequest, "secure_resource must be true or false", -2)
			return
		}
	}
	v := view{granted: s.granted, sel: sel, secure: secure, connected: s.connected}
	writeJSON(w, http.StatusOK, v.render(make([]byte, 0, 1024), s.a.tmpl))
}

// tokenInfo serves GET /v1/user/access_token_info (Kakao's REST API docs):
// {"id":..,"expires_in":<seconds left>,"app_id":..}.
func (e *Emulator) tokenInfo(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet) {
		return
	}
	s, ok := e.bearer(w, r)
	if !ok {
		return
	}
	var o object
	o.int("id", s.a.id)
	o.int("expires_in", s.remaining)
	o.int("app_id", e.app.AppID)
	writeJSON(w, http.StatusOK, o.bytes())
}

// logout serves POST /v1/user/logout: every access and refresh token of the
// user is revoked; consent is kept. Answers {"id":..}.
func (e *Emulator) logout(w http.ResponseWriter, r *http.Request) { e.disconnect(w, r, false) }

// unlink serves POST /v1/user/unlink: like logout, and the user's consent
// and connection are forgotten, so the next authorize connects anew (and
// prompt=none gets consent_required). Answers {"id":..}.
func (e *Emulator) unlink(w http.ResponseWriter, r *http.Request) { e.disconnect(w, r, true) }

func (e *Emulator) disconnect(w http.ResponseWriter, r *http.Request, forget bool) {
	if !allow(w, r, false, http.MethodPost) {
		return
	}
	s, ok := e.caller(w, r)
	if !ok {
		return
	}
	a := s.a
	e.mu.Lock()
	e.st.revokeAll(a)
	if forget {
		a.connected, a.granted, a.scopes, a.connectedJSON, a.openid = false, nil, "", nil, false
	}
	e.mu.Unlock()
	var o object
	o.int("id", a.id)
	writeJSON(w, http.StatusOK, o.bytes())
}
