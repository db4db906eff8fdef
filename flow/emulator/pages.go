package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Kakao's pages: unless Config.AutoApprove, /oauth/authorize shows what a
// person sees on Kakao, the account page then the consent page, each a
// form that posts back here with a one-time token. The redirect URI and
// everything else of the request stay on the server (pending), so a form
// can only choose a user, tick items and agree or cancel.

const (
	pageTTL  = 10 * time.Minute // a rendered form can be submitted this long
	maxForms = 10000            // pending forms kept, the oldest dropped first
)

// step names the page a form token was issued for.
type step uint8

const (
	stepAccount step = iota + 1
	stepConsent
)

// pending is an authorization waiting for the person on the pages.
type pending struct {
	*authRequest
	user     *account  // picked on the account page, or the session's
	authTime time.Time // when user logged in (OIDC auth_time)
	shown    []int     // consentSet indices of the items on the consent page
}

// pageForm is one rendered form: its token is good for one submission of
// its step until expires.
type pageForm struct {
	p       *pending
	step    step
	expires time.Time
}

// errFormExpired answers a form whose token is unknown, used or old.
var errFormExpired = pageError{"KOE_MOCK_FORM", "invalid_request",
	"This page has expired or was already submitted (a form is good once, for 10 minutes): start the login again from the app."}

// outcome is what a step answers: a page, or a redirect to the app.
type outcome struct {
	target *url.URL
	params []string // redirect query, when page is nil
	page   *pageView
	cookie *http.Cookie
}

func (o outcome) write(w http.ResponseWriter) {
	if o.cookie != nil {
		http.SetCookie(w, o.cookie)
	}
	if o.page != nil {
		writePage(w, o.page)
		return
	}
	redirect(w, o.target, o.params...)
}

// showPages answers a valid /oauth/authorize without AutoApprove. With
// prompt=none nothing is shown: no session is login_required, a consent
// still to give consent_required. Otherwise the account page comes first
// when the browser has no session or prompt asks for login,
// select_account or create; then the consent page if needed.
func (e *Emulator) showPages(w http.ResponseWriter, r *http.Request, ar *authRequest) {
	users := e.accountList() // before e.mu: users are locked first
	now := e.now()
	e.mu.Lock()
	sess := e.sessionOf(r, now)
	p := &pending{authRequest: ar}
	var out outcome
	switch {
	case ar.prompts("none") && sess == nil:
		out = denied(ar, "login_required", "user authentication required.")
	case ar.prompts("none") && e.needsConsent(sess.user, ar):
		out = denied(ar, "consent_required", "user consent required.")
	case ar.prompts("none"):
		out = outcome{target: ar.target, params: []string{"code", e.issueCode(sess.user, ar, sess.authTime, now), "state", ar.state}}
	case sess == nil || ar.prompts("login") || ar.prompts("select_account") || ar.prompts("create"):
		out = e.accountPage(p, users, sess, ar.hint, "", now)
	default:
		p.user, p.authTime = sess.user, sess.authTime
		out = e.afterAccount(p, now)
	}
	e.mu.Unlock()
	out.write(w)
}

func denied(ar *authRequest, errName, desc string) outcome {
	return outcome{target: ar.target, params: []string{"error", errName, "error_description", desc, "state", ar.state}}
}

// accountPage renders the account page for p with a new form token.
// Caller holds e.mu.
func (e *Emulator) accountPage(p *pending, users []*account, sess *kakaoSession, loginID, problem string, now time.Time) outcome {
	v := &pageView{Step: "account", Token: e.addForm(p, stepAccount, now), LoginID: loginID, Error: problem}
	current := e.defaultUser
	if sess != nil {
		current = sess.user
	}
	for _, a := range users {
		c := choiceOf(a)
		c.Current = sess != nil && a == sess.user
		c.Default = a == current
		v.Users = append(v.Users, c)
	}
	return outcome{page: e.finishView(v, p)}
}

// afterAccount goes on once p has a user: the consent page when the user
// has not connected or scope asks for items not granted, else a code.
// openid alone asks nothing: its consent is recorded with the code, and
// an app with no consent item connects without a page. Caller holds e.mu.
func (e *Emulator) afterAccount(p *pending, now time.Time) outcome {
	a := p.user
	if !a.connected && len(e.consentSet.items) == 0 {
		e.setConsent(a, []bool{}, now)
	}
	if a.connected && !e.missing(a, p.requested) {
		return outcome{target: p.target, params: []string{"code", e.issueCode(a, p.authRequest, p.authTime, now), "state", p.state}}
	}
	v := &pageView{Step: "consent", User: choiceOf(a), Additional: a.connected, Cancels: a.cancel}
	p.shown = nil
	for i, it := range e.consentSet.items {
		if a.connected && (a.granted[i] || !slices.Contains(p.requested, it.ID)) {
			continue // additional consent asks only for the new items
		}
		p.shown = append(p.shown, i)
		ko, en := itemNames(it.ID)
		v.Items = append(v.Items, consentChoice{ID: it.ID, Korean: ko, English: en, Required: it.Required,
			Checked: it.Required || !slices.Contains(a.decline, it.ID)})
	}
	v.Token = e.addForm(p, stepConsent, now)
	return outcome{page: e.finishView(v, p)}
}

// addForm issues a token for one submission of st's form for p, pruning
// expired and excess forms. Caller holds e.mu.
func (e *Emulator) addForm(p *pending, st step, now time.Time) string {
	s := &e.st
	pruneOldest(s.forms, &s.formOrder, func(f *pageForm) bool { return now.Before(f.expires) },
		func() bool { return len(s.forms) < maxForms })
	tok := randomString(32)
	s.forms[tok] = &pageForm{p: p, step: st, expires: now.Add(pageTTL)}
	s.formOrder.push(tok)
	return tok
}

// takeForm spends a form token: the pending authorization it was issued
// for, or nil when unknown, spent, expired or for another step. Caller
// holds e.mu.
func (e *Emulator) takeForm(tok string, st step, now time.Time) *pending {
	f := e.st.forms[tok]
	if f == nil {
		return nil
	}
	delete(e.st.forms, tok)
	if f.step != st || !now.Before(f.expires) {
		return nil
	}
	return f.p
}

// readPageForm accepts a page's form post: POST only, from a page of this
// host when the browser says (Origin; the host alone, as a TLS proxy in
// front may change the scheme), a form body within limits.
func readPageForm(w http.ResponseWriter, r *http.Request) bool {
	if !allow(w, r, true, http.MethodPost) {
		return false
	}
	if o := r.Header.Get("Origin"); o != "" && !sameHost(o, r.Host) {
		writeErrorPage(w, pageError{"KOE_MOCK_FORM", "invalid_request", "The form was posted from another site (" + o + "): only the emulator's own pages may post it."})
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		writeErrorPage(w, pageError{"KOE001", "invalid_request", "Malformed form: " + err.Error()})
		return false
	}
	return true
}

// sameHost reports whether the Origin header o names host (with port).
func sameHost(o, host string) bool {
	u, err := url.Parse(o)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && strings.EqualFold(u.Host, host)
}

// accountSubmit serves POST /oauth/authorize/account, the account page's
// forms: user=<id> from the chooser, or login_id=<email or id> typed. An
// unknown entry shows the page again with the problem next to the field,
// as Kakao does; a known one logs the browser in (session cookie) and
// goes on to consent.
func (e *Emulator) accountSubmit(w http.ResponseWriter, r *http.Request) {
	if !readPageForm(w, r) {
		return
	}
	f := r.PostForm
	entry := strings.TrimSpace(f.Get("login_id"))
	if id := f.Get("user"); id != "" {
		entry = id
	}
	var a *account
	if entry != "" {
		a = e.lookupUser(entry)
	}
	users := e.accountList()
	now := e.now()
	e.mu.Lock()
	p := e.takeForm(f.Get("csrf_token"), stepAccount, now)
	var out outcome
	switch {
	case p == nil:
		e.mu.Unlock()
		writeErrorPage(w, errFormExpired)
		return
	case a == nil && entry == "":
		out = e.accountPage(p, users, e.sessionOf(r, now), entry, "카카오계정을 입력해 주세요. / Enter a Kakao Account: an email or an id.", now)
	case a == nil:
		out = e.accountPage(p, users, e.sessionOf(r, now), entry,
			"카카오계정 정보가 올바르지 않습니다. / No test user matches “"+entry+"”: pick one above, or enter a test user's email or id.", now)
	default:
		cookie := e.startSession(r, a, now)
		p.user, p.authTime = a, now
		out = e.afterAccount(p, now)
		out.cookie = cookie
	}
	e.mu.Unlock()
	out.write(w)
}

// consentSubmit serves POST /oauth/authorize/consent, the consent page's
// form: action=agree grants the required items and the shown optional
// items posted as scope (others shown stay not granted), then redirects
// with a code; action=cancel redirects access_denied. Items not on the
// page can't be granted through it.
func (e *Emulator) consentSubmit(w http.ResponseWriter, r *http.Request) {
	if !readPageForm(w, r) {
		return
	}
	f := r.PostForm
	now := e.now()
	e.mu.Lock()
	p := e.takeForm(f.Get("csrf_token"), stepConsent, now)
	var out outcome
	switch action := f.Get("action"); {
	case p == nil:
		e.mu.Unlock()
		writeErrorPage(w, errFormExpired)
		return
	case action == "cancel":
		out = denied(p.authRequest, "access_denied", "User denied access")
	case action == "agree":
		a := p.user
		g := make([]bool, len(e.consentSet.items))
		if a.connected {
			copy(g, a.granted)
		}
		for i, it := range e.consentSet.items {
			g[i] = g[i] || it.Required
		}
		for _, i := range p.shown {
			g[i] = g[i] || slices.Contains(f["scope"], e.consentSet.items[i].ID)
		}
		e.setConsent(a, g, now)
		out = outcome{target: p.target, params: []string{"code", e.issueCode(a, p.authRequest, p.authTime, now), "state", p.state}}
	default:
		e.mu.Unlock()
		writeErrorPage(w, pageError{"KOE001", "invalid_request", "The consent form needs action=agree or action=cancel."})
		return
	}
	e.mu.Unlock()
	out.write(w)
}
