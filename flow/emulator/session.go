package emulator

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// Kakao Account sessions: what the account page leaves in the browser.
// Kakao keeps one for 24 hours by default (Kakao's REST API docs); the
// emulator's lives on its clock, in memory, behind a cookie naming it.
const (
	sessionCookie = "kakaologin_emulator_session"
	sessionTTL    = 24 * time.Hour
	maxSessions   = 10000
)

// kakaoSession is a browser logged in to a Kakao Account.
type kakaoSession struct {
	user     *account
	authTime time.Time // when the person picked the account (OIDC auth_time)
	expires  time.Time
}

// sessionOf returns the live session r's cookie names, or nil. Caller
// holds e.mu.
func (e *Emulator) sessionOf(r *http.Request, now time.Time) *kakaoSession {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	s := e.st.sessions[c.Value]
	if s == nil || !now.Before(s.expires) {
		return nil
	}
	return s
}

// startSession logs the browser of r in as a, ending the session it had,
// and returns the cookie to set. Caller holds e.mu.
func (e *Emulator) startSession(r *http.Request, a *account, now time.Time) *http.Cookie {
	if c, err := r.Cookie(sessionCookie); err == nil {
		delete(e.st.sessions, c.Value)
	}
	s := &e.st
	// expired, ended and excess sessions go, oldest first
	pruneOldest(s.sessions, &s.sessionOrder, func(k *kakaoSession) bool { return now.Before(k.expires) },
		func() bool { return len(s.sessions) < maxSessions })
	id := randomString(32)
	s.sessions[id] = &kakaoSession{user: a, authTime: now, expires: now.Add(sessionTTL)}
	s.sessionOrder.push(id)
	return &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode}
}

// accountLogout serves GET /oauth/logout (Kakao's REST API docs): it ends the
// browser's Kakao Account session, so the next authorize shows the
// account page, and redirects to logout_redirect_uri with state. A
// client_id that isn't the app's is a KOE101 page; a logout_redirect_uri
// not registered (App.LogoutRedirectURIs) a KOE007 page. Tokens and
// consent are kept: this is not /v1/user/logout.
func (e *Emulator) accountLogout(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, true, http.MethodGet) {
		return
	}
	q := r.URL.Query()
	if id := q.Get("client_id"); id != e.app.ClientID {
		writeErrorPage(w, pageError{"KOE101", "invalid_client", "Not exist client_id [" + nullIfEmpty(id) + "]"})
		return
	}
	back := q.Get("logout_redirect_uri")
	if !slices.Contains(e.app.LogoutRedirectURIs, back) {
		registered := strings.Join(e.app.LogoutRedirectURIs, ", ")
		if registered == "" {
			registered = "none"
		}
		writeErrorPage(w, pageError{"KOE007", "invalid_request",
			"logout_redirect_uri [" + nullIfEmpty(back) + "] is not registered for this app key; registered: " + registered})
		return
	}
	target := e.logoutRedirects[back]
	if c, err := r.Cookie(sessionCookie); err == nil {
		e.mu.Lock()
		delete(e.st.sessions, c.Value)
		e.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	redirect(w, target, "state", q.Get("state"))
}
