package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Emulator is the emulated Kakao auth and API server. It implements
// http.Handler and is safe for concurrent use. All state lives in memory
// and is lost with the Emulator.
type Emulator struct {
	app             App
	cfg             Config
	consentSet      *consentSet
	redirects       map[string]*url.URL // registered URI -> parsed
	logoutRedirects map[string]*url.URL // registered logout redirect URI -> parsed
	accounts        []*account          // in Config.Users order
	byID            map[int64]*account
	byEmail         map[string]*account // lower-cased email
	defaultUser     *account
	mux             http.Handler // the routes, instrumented
	keys            keyring      // id_token signing key, loaded on first need
	instruments                  // clock offset, faults, request log

	usersMu sync.RWMutex // guards accounts, byID and byEmail (AddUsers appends)

	mu sync.Mutex // guards st and the mutable fields of accounts
	st state
}

// New builds an Emulator from cfg, filling zero fields with the defaults
// documented on Config and App. It returns an error for an invalid config:
// a malformed redirect URI, a duplicate or invalid consent item ID, a TTL
// under one second, a zero User (not built by ParseUsers), duplicate user
// ids, or a DefaultUserID that is not one of the users.
func New(cfg Config) (*Emulator, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	if len(cfg.Users) == 0 {
		return nil, fmt.Errorf("emulator: no users")
	}
	e := &Emulator{
		app: cfg.App, cfg: cfg, consentSet: newConsentSet(cfg.App.Consent),
		redirects: make(map[string]*url.URL), byID: make(map[int64]*account),
		byEmail: make(map[string]*account), st: newState(),
	}
	for _, u := range cfg.App.RedirectURIs {
		e.redirects[u], _ = url.Parse(u) // validated by withDefaults
	}
	e.logoutRedirects = make(map[string]*url.URL)
	for _, u := range cfg.App.LogoutRedirectURIs {
		e.logoutRedirects[u], _ = url.Parse(u)
	}
	for i, u := range cfg.Users {
		if u.raw == nil {
			return nil, fmt.Errorf("emulator: user[%d]: not parsed; build users with ParseUsers", i)
		}
		if _, dup := e.byID[u.id]; dup {
			return nil, fmt.Errorf("emulator: user[%d]: duplicate id %d", i, u.id)
		}
		e.addAccount(u)
	}
	e.defaultUser = e.accounts[0]
	if cfg.DefaultUserID != 0 {
		if e.defaultUser = e.byID[cfg.DefaultUserID]; e.defaultUser == nil {
			return nil, fmt.Errorf("emulator: default user id %d: no such user", cfg.DefaultUserID)
		}
	}
	e.routes()
	e.log.setSize(cfg.RequestLogSize)
	e.faults.reset(cfg.Faults, e.Now())
	return e, nil
}

// routes registers every path; methods are checked by the handlers so that a
// wrong method gets a Kakao-shaped 405 rather than ServeMux's plain text.
func (e *Emulator) routes() {
	m := http.NewServeMux()
	m.HandleFunc("/oauth/authorize", e.authorize)
	m.HandleFunc("/oauth/authorize/account", e.accountSubmit)
	m.HandleFunc("/oauth/authorize/consent", e.consentSubmit)
	m.HandleFunc("/oauth/logout", e.accountLogout)
	m.HandleFunc("/oauth/token", e.token)
	m.HandleFunc("/v2/user/me", e.userMe)
	m.HandleFunc("/v1/user/access_token_info", e.tokenInfo)
	m.HandleFunc("/v1/user/logout", e.logout)
	m.HandleFunc("/v1/user/unlink", e.unlink)
	m.HandleFunc("/.well-known/openid-configuration", e.discovery)
	m.HandleFunc("/.well-known/jwks.json", e.jwks)
	m.HandleFunc("/oauth/tokeninfo", e.idTokenInfo)
	m.HandleFunc("/v1/oidc/userinfo", e.userInfo)
	m.HandleFunc("/_emulator/health", e.health)
	m.HandleFunc("/_emulator/users", e.users)
	m.HandleFunc("/v2/user/scopes", e.scopes)
	m.HandleFunc("/v2/user/revoke/scopes", e.revokeScopes)
	m.HandleFunc("/v1/user/ids", e.userIDs)
	m.HandleFunc("/v2/api/talk/memo/default/send", e.memo)
	e.adminRoutes(m)
	m.HandleFunc("/", notFound)
	e.mux = e.instrument(m)
}

// ServeHTTP serves the kauth and kapi endpoints listed in the package
// documentation. Unknown paths get 404 in the error shape of the host they
// would belong to; a Host that is not loopback gets 421 unless
// Config.AllowAnyHost.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !e.cfg.AllowAnyHost && !loopbackHost(r.Host) {
		misdirected(w, r)
		return
	}
	e.mux.ServeHTTP(w, r)
}

// now is the emulator's clock (see Now).
func (e *Emulator) now() time.Time { return e.Now() }

// lookupUser finds a user by login_hint: an email (case-insensitive) or a
// decimal id.
func (e *Emulator) lookupUser(hint string) *account {
	e.usersMu.RLock()
	defer e.usersMu.RUnlock()
	if a := e.byEmail[strings.ToLower(hint)]; a != nil {
		return a
	}
	if id, err := strconv.ParseInt(hint, 10, 64); err == nil {
		return e.byID[id]
	}
	return nil
}

// allow answers 405 unless r uses one of methods; kauth selects the error shape.
func allow(w http.ResponseWriter, r *http.Request, kauth bool, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	msg := "Request method '" + r.Method + "' not supported"
	if kauth {
		writeAuthError(w, http.StatusMethodNotAllowed, "invalid_request", msg, "")
	} else {
		writeAPIError(w, http.StatusMethodNotAllowed, msg, -2)
	}
	return false
}

// notFound answers unknown paths: kauth shape under /oauth/ and
// /.well-known/ (KOE002, "request sent to a wrong URL"), kapi shape elsewhere.
func notFound(w http.ResponseWriter, r *http.Request) {
	if isAuthPath(r.URL.Path) {
		writeAuthError(w, http.StatusNotFound, "not_found", "no such endpoint: "+r.URL.Path, "KOE002")
		return
	}
	writeAPIError(w, http.StatusNotFound, "no such API: "+r.URL.Path, -2)
}

func isAuthPath(p string) bool {
	return strings.HasPrefix(p, "/oauth/") || strings.HasPrefix(p, "/.well-known/")
}

// addAccount makes u a test user, found by id and (the first user with it)
// by email. Callers check u's id is new.
func (e *Emulator) addAccount(u User) *account {
	a := &account{User: u}
	a.tmpl = e.consentSet.buildTemplate(&a.User)
	e.accounts = append(e.accounts, a)
	e.byID[u.id] = a
	if key := strings.ToLower(u.email); key != "" && e.byEmail[key] == nil {
		e.byEmail[key] = a
	}
	return a
}
