package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// authRequest is a validated /oauth/authorize request.
type authRequest struct {
	redirectURI string
	target      *url.URL
	state       string
	challenge   string
	nonce       string
	hint        string   // login_hint
	prompt      []string // prompt, split on commas
	requested   []string // consent items in scope
	openid      bool     // scope asks for openid
}

// prompts reports whether prompt carries p.
func (ar *authRequest) prompts(p string) bool { return slices.Contains(ar.prompt, p) }

// authorize serves GET /oauth/authorize (Kakao's REST API docs). Errors that can't
// be redirected are 400 HTML pages with the KOE code. With AutoApprove the
// outcome is a 302 to redirect_uri at once, carrying code or error, and
// state when sent; otherwise Kakao's pages come first (pages.go).
func (e *Emulator) authorize(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, true, http.MethodGet) {
		return
	}
	ar, pe, ok := e.parseAuthorize(r.URL.Query())
	if !ok {
		writeErrorPage(w, pe)
		return
	}
	if !e.cfg.AutoApprove {
		e.showPages(w, r, ar)
		return
	}
	a := e.defaultUser
	if ar.hint != "" {
		if a = e.lookupUser(ar.hint); a == nil {
			writeErrorPage(w, pageError{"KOE_MOCK_LOGIN_HINT", "invalid_request",
				"The emulator has no test user matching login_hint [" + ar.hint + "]. Known users: " + e.knownUsers()})
			return
		}
	}
	now := e.now()
	e.mu.Lock()
	if ar.prompts("none") && e.needsConsent(a, ar) {
		e.mu.Unlock()
		redirect(w, ar.target, "error", "consent_required", "error_description", "user consent required.", "state", ar.state)
		return
	}
	if a.cancel {
		e.mu.Unlock()
		redirect(w, ar.target, "error", "access_denied", "error_description", "User denied access", "state", ar.state)
		return
	}
	e.agreeAuto(a, ar.requested, now)
	code := e.issueCode(a, ar, now, now)
	e.mu.Unlock()
	redirect(w, ar.target, "code", code, "state", ar.state)
}

// parseAuthorize checks an /oauth/authorize query in Kakao's order: app
// key, redirect URI, response_type, PKCE, scope.
func (e *Emulator) parseAuthorize(q url.Values) (*authRequest, pageError, bool) {
	if id := q.Get("client_id"); id != e.app.ClientID {
		return nil, pageError{"KOE101", "invalid_client", "Not exist client_id [" + nullIfEmpty(id) + "]"}, false
	}
	ar := &authRequest{redirectURI: q.Get("redirect_uri")}
	if ar.target = e.redirectTarget(ar.redirectURI); ar.target == nil {
		return nil, pageError{"KOE006", "invalid_request",
			"redirect_uri [" + ar.redirectURI + "] is not registered for this app key; registered: " +
				strings.Join(e.app.RedirectURIs, ", ")}, false
	}
	switch rt := q.Get("response_type"); rt {
	case "code":
	case "token":
		return nil, pageError{"KOE202", "invalid_request", "Implicit grant (response_type=token) is not supported"}, false
	default:
		return nil, pageError{"KOE201", "invalid_request", "Unsupported response type: " + rt}, false
	}
	ar.challenge = q.Get("code_challenge")
	if pe, ok := checkChallenge(ar.challenge, q.Get("code_challenge_method")); !ok {
		return nil, pe, false
	}
	var pe pageError
	var ok bool
	if ar.requested, ar.openid, pe, ok = e.parseScope(q.Get("scope")); !ok {
		return nil, pe, false
	}
	ar.state, ar.nonce, ar.hint = q.Get("state"), q.Get("nonce"), q.Get("login_hint")
	ar.prompt = strings.Split(q.Get("prompt"), ",")
	return ar, pageError{}, true
}

// needsConsent reports whether a must see the consent page for ar: not
// connected yet, a requested item not granted, or openid not consented.
// Caller holds e.mu.
func (e *Emulator) needsConsent(a *account, ar *authRequest) bool {
	return !a.connected || e.missing(a, ar.requested) || ar.openid && !a.openid
}

// issueCode records openid consent when asked for and stores a new code
// for a; authTime is when a authenticated. Caller holds e.mu.
func (e *Emulator) issueCode(a *account, ar *authRequest, authTime, now time.Time) string {
	if ar.openid && !a.openid { // consent to openid is remembered like any item
		a.openid = true
		a.scopes = e.scopeString(a.granted, true)
	}
	// An id_token comes with openid requested, or with openid consented
	// before and no scope asked for; a scope (additional consent) without
	// openid gets none (Kakao's REST API docs).
	withID := ar.openid || len(ar.requested) == 0 && a.openid
	code := randomString(64)
	e.st.addCode(code, &authCode{user: a, redirectURI: ar.redirectURI, challenge: ar.challenge,
		nonce: ar.nonce, scopes: a.scopes, openid: withID, authTime: authTime, expires: now.Add(e.cfg.CodeTTL)}, now)
	return code
}

// checkChallenge validates PKCE parameters. Kakao advertises only S256;
// what it answers to plain or an unknown method is undocumented, so the
// emulator shows an invalid_request page with KOE001 (malformed request).
// A challenge without a method means plain (RFC 7636 §4.3) and is refused.
func checkChallenge(challenge, method string) (pageError, bool) {
	if challenge == "" {
		return pageError{}, true
	}
	if method != "S256" {
		return pageError{"KOE001", "invalid_request",
			"code_challenge_method [" + method + "] is not supported; only S256 (emulator inference)"}, false
	}
	if len(challenge) != 43 || strings.Trim(challenge, base64URLAlphabet) != "" {
		return pageError{"KOE001", "invalid_request",
			"code_challenge must be BASE64URL(SHA256(code_verifier)) without padding: 43 characters"}, false
	}
	return pageError{}, true
}

const base64URLAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// parseScope splits scope on commas (Kakao's docs) and spaces (its SDKs and
// x/oauth2) into consent items and whether "openid" is asked for. Every
// item must be configured for the app, else KOE205; so is "openid" when
// the app has OIDC off (Config.DisableOIDC).
func (e *Emulator) parseScope(s string) ([]string, bool, pageError, bool) {
	var items []string
	openid := false
	for _, it := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if it == "openid" {
			if e.cfg.DisableOIDC {
				return nil, false, pageError{"KOE205", "invalid_scope",
					"Invalid scope: openid (OpenID Connect is not enabled for this app)"}, false
			}
			openid = true
			continue
		}
		if _, ok := e.consentSet.index[it]; !ok {
			return nil, false, pageError{"KOE205", "invalid_scope",
				"scope [" + it + "] is not a consent item configured for this app; configured: " +
					strings.Join(e.consentSet.ids(), ", ")}, false
		}
		items = append(items, it)
	}
	return items, openid, pageError{}, true
}

// missing reports whether some requested item isn't granted to a, so that
// the consent page would be needed. Caller holds e.mu.
func (e *Emulator) missing(a *account, requested []string) bool {
	for _, id := range requested {
		if !a.granted[e.consentSet.index[id]] {
			return true
		}
	}
	return false
}

// agreeAuto is AutoApprove's consent: on the first login every required
// item and every optional item the user doesn't decline (_emulator), later
// every requested item not declined (additional consent). Caller holds e.mu.
func (e *Emulator) agreeAuto(a *account, requested []string, now time.Time) {
	var g []bool
	if !a.connected {
		g = e.consentSet.grant(&a.User, nil)
	} else {
		g = slices.Clone(a.granted)
		for _, id := range requested {
			if !slices.Contains(a.decline, id) {
				g[e.consentSet.index[id]] = true
			}
		}
	}
	e.setConsent(a, g, now)
}

// setConsent connects a if needed (recording the connection time) and
// replaces its granted items with g, a fresh slice: sessions hold the old
// one. Caller holds e.mu.
func (e *Emulator) setConsent(a *account, g []bool, now time.Time) {
	if !a.connected {
		a.connected, a.connectedAt = true, now.UTC().Truncate(time.Second)
		a.connectedJSON = appendString(nil, a.connectedAt.Format("2006-01-02T15:04:05Z"))
	}
	a.granted = g
	a.scopes = e.scopeString(a.granted, a.openid)
}

// scopeString lists the granted items, plus openid when consented, sorted
// and space-separated as in a token response's scope.
func (e *Emulator) scopeString(granted []bool, openid bool) string {
	s := e.consentSet.scopes(granted)
	if openid {
		s = append(s, "openid")
		slices.Sort(s)
	}
	return strings.Join(s, " ")
}

// redirect answers 302 to base with the non-empty params (name, value
// pairs) appended to its query, spaces encoded as %20 like Kakao.
func redirect(w http.ResponseWriter, base *url.URL, params ...string) {
	u := *base
	var q strings.Builder
	q.WriteString(u.RawQuery)
	for i := 0; i+1 < len(params); i += 2 {
		if params[i+1] == "" {
			continue
		}
		if q.Len() > 0 {
			q.WriteByte('&')
		}
		q.WriteString(params[i])
		q.WriteByte('=')
		q.WriteString(strings.ReplaceAll(url.QueryEscape(params[i+1]), "+", "%20"))
	}
	u.RawQuery = q.String()
	h := w.Header()
	h.Set("Location", u.String())
	h.Set("Content-Length", "0")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusFound)
}

// knownUsers lists the users for the unknown-login_hint page.
func (e *Emulator) knownUsers() string {
	var s []string
	for _, a := range e.accountList() {
		s = append(s, a.Email()+" ("+strconv.FormatInt(a.ID(), 10)+")")
	}
	return strings.Join(s, ", ")
}

// validScopeID reports whether id looks like a consent item ID: 1 to 64
// letters, digits, '_', '-' or '.'.
func validScopeID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range []byte(id) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
