package emulator

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"time"
)

// rotateWithin is the remaining refresh-token lifetime under which a
// refresh also issues a new refresh token ("less than one month", Kakao's REST API docs).
const rotateWithin = 30 * 24 * time.Hour

// maxFormBytes bounds a token request body.
const maxFormBytes = 64 << 10

// token serves POST /oauth/token (Kakao's REST API docs). Checks run in this
// order: form, grant_type, client authentication, then the grant.
func (e *Emulator) token(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !allow(w, r, true, http.MethodPost) {
		return
	}
	if !parseAuthForm(w, r) {
		return
	}
	f := r.Form // body first, then query: f.Get prefers the body
	switch gt := f.Get("grant_type"); gt {
	case "authorization_code", "refresh_token":
	case "":
		writeAuthError(w, http.StatusBadRequest, "invalid_request", "grant_type is required", "")
		return
	default:
		writeAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type: "+gt, "")
		return
	}
	if !e.authenticate(w, f) {
		return
	}
	if f.Get("grant_type") == "authorization_code" {
		e.exchangeCode(w, r, f)
	} else {
		e.refresh(w, f)
	}
}

// authenticate checks client_id and client_secret in the form
// (client_secret_post, the only method Kakao advertises) and answers 401
// invalid_client when they are wrong. Nothing is consumed on failure.
// HTTP Basic credentials are ignored, as Kakao does: a request that sends
// its client_id only there gets what Kakao's users report, KOE101 "Not
// exist client_id [null]", and x/oauth2's AuthStyleAutoDetect then
// retries with the credentials in the form.
func (e *Emulator) authenticate(w http.ResponseWriter, f url.Values) bool {
	if id := f.Get("client_id"); id != e.app.ClientID {
		writeAuthError(w, http.StatusUnauthorized, "invalid_client", "Not exist client_id ["+nullIfEmpty(id)+"]", "KOE101")
		return false
	}
	if s := e.app.ClientSecret; s != "" && subtle.ConstantTimeCompare([]byte(f.Get("client_secret")), []byte(s)) != 1 {
		writeAuthError(w, http.StatusUnauthorized, "invalid_client", "Bad client credentials", "KOE010")
		return false
	}
	return true
}

// exchangeCode handles grant_type=authorization_code. The code is consumed
// before the redirect_uri and PKCE checks, so a failed attempt burns it.
// A code issued with openid also gets an id_token, signed outside e.mu.
func (e *Emulator) exchangeCode(w http.ResponseWriter, r *http.Request, f url.Values) {
	code := f.Get("code")
	at, rt := randomString(48), randomString(48)
	now := e.now()
	var g *idGrant
	var granted []bool
	e.mu.Lock()
	// Inference: a rate-limited exchange leaves the code for a later try.
	if p := e.st.codes[code]; p != nil && now.Before(p.expires) && p.user.connected && e.overLimit(p.user, now, true) {
		e.mu.Unlock()
		writeRateLimited(w)
		return
	}
	c, errCode, msg := e.redeem(code, f, now)
	if c != nil {
		a := c.user
		e.countIssue(a, now, true)
		if c.openid {
			g = &idGrant{iss: e.issuer(r), authTime: c.authTime.Unix()}
			granted = a.granted
		}
		addToken(e.st.access, &a.access, at, &token{user: a, expires: now.Add(e.cfg.AccessTokenTTL), id: g}, now)
		addToken(e.st.refresh, &a.refresh, rt, &token{user: a, expires: now.Add(e.cfg.RefreshTokenTTL), id: g}, now)
	}
	e.mu.Unlock()
	if c == nil {
		writeAuthError(w, http.StatusBadRequest, "invalid_grant", msg, errCode)
		return
	}
	var o object
	o.str("access_token", at)
	o.str("token_type", "bearer")
	if g != nil {
		idt, err := e.sign(e.idClaims(c.user, granted, g, c.nonce, now))
		if err != nil {
			writeAuthError(w, http.StatusInternalServerError, "server_error", err.Error(), "")
			return
		}
		o.str("id_token", idt)
	}
	o.str("refresh_token", rt)
	o.int("expires_in", seconds(e.cfg.AccessTokenTTL))
	if c.scopes != "" {
		o.str("scope", c.scopes)
	}
	o.int("refresh_token_expires_in", seconds(e.cfg.RefreshTokenTTL))
	writeJSON(w, http.StatusOK, o.bytes())
}

// redeem consumes code and checks it against the request: KOE320 (unknown,
// used, expired, or its user unlinked since), KOE303 (redirect_uri differs)
// and PKCE. It returns the code, or nil with the error code and description.
// Caller holds e.mu.
func (e *Emulator) redeem(code string, f url.Values, now time.Time) (*authCode, string, string) {
	c := e.st.takeCode(code)
	if c == nil || !now.Before(c.expires) || !c.user.connected {
		return nil, "KOE320", "authorization code not found for code=" + code
	}
	if f.Get("redirect_uri") != c.redirectURI {
		return nil, "KOE303", "Redirect URI mismatch."
	}
	if c.challenge != "" {
		if msg := verifyPKCE(c.challenge, f.Get("code_verifier")); msg != "" {
			return nil, "KOE_MOCK_PKCE", msg
		}
	}
	return c, "", ""
}

// verifyPKCE checks code_verifier against an S256 challenge in constant
// time and returns "" or the error description. Kakao documents neither the
// check nor its error, hence the mock-only error_code KOE_MOCK_PKCE.
func verifyPKCE(challenge, verifier string) string {
	if verifier == "" {
		return "code_verifier is required: code_challenge was sent to /oauth/authorize (emulator: PKCE)"
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	if subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) != 1 {
		return "code_verifier does not match code_challenge (emulator: PKCE)"
	}
	return ""
}

// refresh handles grant_type=refresh_token. A refresh token with at least
// 30 days left stays valid and none is returned; with less, it is revoked
// and a new one is returned. Access tokens already issued stay valid. A
// refresh token issued with an id_token gets a new one, with the original
// iss and auth_time, the current consent and no nonce (OIDC Core §12.2).
func (e *Emulator) refresh(w http.ResponseWriter, f url.Values) {
	old := f.Get("refresh_token")
	if old == "" {
		writeAuthError(w, http.StatusBadRequest, "invalid_grant", "refresh_token is required", "KOE319")
		return
	}
	at, rt := randomString(48), randomString(48)
	now := e.now()
	e.mu.Lock()
	t := e.st.refresh[old]
	if t == nil || !now.Before(t.expires) {
		e.mu.Unlock()
		writeAuthError(w, http.StatusBadRequest, "invalid_grant", "expired_or_invalid_refresh_token", "KOE322")
		return
	}
	a, g, granted := t.user, t.id, t.user.granted
	rotate := t.expires.Sub(now) < rotateWithin
	if e.overLimit(a, now, rotate) {
		e.mu.Unlock()
		writeRateLimited(w)
		return
	}
	e.countIssue(a, now, rotate)
	addToken(e.st.access, &a.access, at, &token{user: a, expires: now.Add(e.cfg.AccessTokenTTL), id: g}, now)
	if rotate {
		delete(e.st.refresh, old)
		addToken(e.st.refresh, &a.refresh, rt, &token{user: a, expires: now.Add(e.cfg.RefreshTokenTTL), id: g}, now)
	}
	e.mu.Unlock()

	var o object
	o.str("access_token", at)
	o.str("token_type", "bearer")
	if g != nil {
		idt, err := e.sign(e.idClaims(a, granted, g, "", now))
		if err != nil {
			writeAuthError(w, http.StatusInternalServerError, "server_error", err.Error(), "")
			return
		}
		o.str("id_token", idt)
	}
	if rotate {
		o.str("refresh_token", rt)
		o.int("refresh_token_expires_in", seconds(e.cfg.RefreshTokenTTL))
	}
	o.int("expires_in", seconds(e.cfg.AccessTokenTTL))
	writeJSON(w, http.StatusOK, o.bytes())
}

func seconds(d time.Duration) int64 { return int64(d / time.Second) }
