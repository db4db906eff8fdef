package emulator

import (
	"crypto/rsa"
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"time"
)

// DefaultClientID is the REST API key of the app registered by [DefaultApp]:
// 32 lower-case hex characters like a real key ("KakaoLoginMockKe" in hex).
const DefaultClientID = "4b616b616f4c6f67696e4d6f636b4b65"

// DefaultRedirectURI is the only redirect URI registered by [DefaultApp].
const DefaultRedirectURI = "http://localhost:8734/callback"

// DefaultAppID is the app_id reported by /v1/user/access_token_info for [DefaultApp].
const DefaultAppID int64 = 1234567

// Default lifetimes, as Kakao reports them for a REST API key (Kakao's REST API docs).
const (
	DefaultAccessTokenTTL  = 21599 * time.Second   // 6 h minus 1 s
	DefaultRefreshTokenTTL = 5183999 * time.Second // 60 days minus 1 s
	DefaultCodeTTL         = 10 * time.Minute      // undocumented; third-party notes say ~10 min
)

// DefaultAppName is the app name the login and consent pages show for
// [DefaultApp].
const DefaultAppName = "kakaologin 테스트 앱"

// App is the one Kakao app registered with the emulator. A zero field takes
// its default, except ClientSecret, where "" means "client secret OFF", and
// LogoutRedirectURIs, where nil means none registered (as a new Kakao app).
type App struct {
	// ClientID is the REST API key; default DefaultClientID.
	ClientID string
	// ClientSecret, when non-empty, must be sent as client_secret on every
	// token request (Kakao's "client secret ON"). Default "" (OFF).
	ClientSecret string
	// AppID is the numeric app id reported as app_id; default DefaultAppID.
	AppID int64
	// RedirectURIs are the registered redirect URIs, compared byte for byte
	// with redirect_uri (see Config.AnyLoopbackPort); default
	// [DefaultRedirectURI]. Each must be an absolute URI without fragment.
	RedirectURIs []string
	// LogoutRedirectURIs are the registered logout redirect URIs that
	// GET /oauth/logout may send the browser back to, compared byte for
	// byte with logout_redirect_uri (else KOE007). Default none. Each must
	// be an absolute URI without fragment.
	LogoutRedirectURIs []string
	// Name is the app name shown on the consent page; default DefaultAppName.
	Name string
	// Consent lists the consent items configured for the app; nil means
	// profile_nickname (required), profile_image and account_email
	// (optional); an empty non-nil slice configures none. IDs must be
	// unique, 1-64 letters, digits, '_', '-' or '.', and not "openid"
	// (OpenID Connect is switched by Config.DisableOIDC).
	Consent []ConsentItem
}

// ConsentItem is one consent item (scope) configured for the app, such as
// "profile_nickname" or "account_email".
type ConsentItem struct {
	// ID is the consent item ID as used in scope and in token responses.
	ID string
	// Required items are always granted on connect and can't be
	// unchecked on the consent page; optional ones are granted when the
	// person leaves them checked there (with AutoApprove: unless the user
	// declines them, _emulator.decline).
	Required bool
}

// Config builds an Emulator. Zero values take the documented defaults.
type Config struct {
	// App is the registered app; zero fields take DefaultApp's values.
	App App
	// Users are the Kakao accounts that can log in; nil means
	// DefaultUsers(). Build them with ParseUsers. Ids must be unique and
	// there must be at least one user.
	Users []User
	// DefaultUserID is the user who logs in when /oauth/authorize carries
	// no login_hint; default the first of Users. It must be one of Users.
	DefaultUserID int64
	// AutoApprove skips Kakao's pages: /oauth/authorize redirects at once
	// with a code for the login_hint user (else DefaultUserID), granting
	// every configured item on the first login and every item scope asks
	// for later, except what the user's _emulator switches decline or
	// cancel; an unknown login_hint is a 400 page; prompt only matters as
	// prompt=none (consent_required for a user not connected or missing a
	// requested item). This is what plain HTTP clients playing the browser
	// need.
	//
	// Default false, as on Kakao: /oauth/authorize shows the account page
	// (a chooser of the users and an id field that login_hint pre-fills)
	// unless the browser has a Kakao Account session, then the consent
	// page when the user has not agreed yet or scope asks for items not
	// granted; see the package documentation, "Login and consent pages".
	AutoApprove bool
	// AllowAnyHost serves requests whatever their Host header names.
	// Default false: only loopback hosts (localhost, 127.0.0.0/8, [::1],
	// any port) are served, so a DNS-rebinding web page cannot mint tokens
	// or read the users; others get 421 Misdirected Request.
	AllowAnyHost bool
	// AnyLoopbackPort lets a redirect_uri differ from a registered redirect
	// URI on a loopback host (localhost, 127.0.0.0/8, [::1]) in its port
	// alone, as RFC 8252 section 7.3 asks of servers for native apps that
	// take a free port when they start: same scheme, host, path and query,
	// any port. Default false: redirect_uri must equal a registered URI
	// byte for byte, as Kakao compares them (KOE006 otherwise).
	AnyLoopbackPort bool
	// Now is the clock; default time.Now. Tests inject a fake clock to
	// expire codes and tokens.
	Now func() time.Time
	// AccessTokenTTL is the access token lifetime; default DefaultAccessTokenTTL.
	AccessTokenTTL time.Duration
	// RefreshTokenTTL is the refresh token lifetime; default DefaultRefreshTokenTTL.
	RefreshTokenTTL time.Duration
	// CodeTTL is the authorization code lifetime; default DefaultCodeTTL.
	CodeTTL time.Duration
	// DisableOIDC models an app with OpenID Connect off: scope=openid at
	// /oauth/authorize is then a KOE205 error page and no id_token is ever
	// issued. The zero value means OIDC on (Kakao's app setting enabled).
	DisableOIDC bool
	// SigningKey signs id_tokens (RS256) and is published at
	// /.well-known/jwks.json. It must be at least 2048 bits. Nil means a
	// fresh 2048-bit key generated on first need (the first id_token,
	// JWKS or tokeninfo request), so tokens from an earlier run can't be
	// verified; pass a fixed key (see ParseSigningKey) to keep them
	// verifiable across restarts.
	SigningKey *rsa.PrivateKey
	// Issuer is the id_token iss claim and the discovery document's issuer.
	// Default "": the origin the request came to, "http://" or "https://"
	// (by TLS) plus its Host header, the way a client sees the emulator.
	Issuer string
	// RateLimit turns on Kakao's per-user token issuance limit: 20 access
	// tokens per 10 minutes and 30 refresh tokens per 60 minutes, beyond
	// which /oauth/token answers KOE237. Default off, so load tests and
	// benchmarks can log one user in as often as they like.
	RateLimit bool
	// AdminKey is the app's service admin key: "Authorization: KakaoAK
	// <AdminKey>" with target_id_type=user_id and target_id acts on that
	// user at /v2/user/me, /v1/user/logout, /v1/user/unlink,
	// /v2/user/scopes, /v2/user/revoke/scopes and /v1/user/ids. Default ""
	// refuses every KakaoAK header with -401 "invalid app key.".
	AdminKey string
	// Faults are armed when the Emulator is built and re-armed by Reset;
	// see Fault and ParseFault. Default none.
	Faults []Fault
	// RequestLogSize is how many requests the request log keeps, the
	// oldest dropped first; default DefaultRequestLogSize. Negative
	// turns the log off.
	RequestLogSize int
}

// DefaultApp returns the app the emulator registers when Config.App is zero:
// DefaultClientID, no client secret, DefaultAppID, DefaultRedirectURI, no
// logout redirect URI, DefaultAppName and the consent items profile_nickname (required), profile_image (optional) and
// account_email (optional).
func DefaultApp() App {
	return App{
		ClientID:     DefaultClientID,
		AppID:        DefaultAppID,
		RedirectURIs: []string{DefaultRedirectURI},
		Name:         DefaultAppName,
		Consent: []ConsentItem{
			{ID: "profile_nickname", Required: true},
			{ID: "profile_image"},
			{ID: "account_email"},
		},
	}
}

// withDefaults fills zero fields of cfg and checks the result.
func (cfg Config) withDefaults() (Config, error) {
	def := DefaultApp()
	if cfg.App.ClientID == "" {
		cfg.App.ClientID = def.ClientID
	}
	if cfg.App.AppID == 0 {
		cfg.App.AppID = def.AppID
	}
	if cfg.App.RedirectURIs == nil {
		cfg.App.RedirectURIs = def.RedirectURIs
	}
	if cfg.App.Consent == nil {
		cfg.App.Consent = def.Consent
	}
	if cfg.App.Name == "" {
		cfg.App.Name = def.Name
	}
	if cfg.Users == nil {
		cfg.Users = DefaultUsers()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
		nm  string
	}{
		{&cfg.AccessTokenTTL, DefaultAccessTokenTTL, "access token TTL"},
		{&cfg.RefreshTokenTTL, DefaultRefreshTokenTTL, "refresh token TTL"},
		{&cfg.CodeTTL, DefaultCodeTTL, "code TTL"},
	} {
		switch {
		case *d.v == 0:
			*d.v = d.def
		case *d.v < time.Second:
			return cfg, fmt.Errorf("%s %v: must be at least 1s", d.nm, *d.v)
		}
	}
	if k := cfg.SigningKey; k != nil {
		if err := k.Validate(); err != nil {
			return cfg, fmt.Errorf("signing key: %w", err)
		}
		if k.N.BitLen() < minKeyBits {
			return cfg, fmt.Errorf("signing key: %d bits: RS256 needs at least %d", k.N.BitLen(), minKeyBits)
		}
	}
	for i, f := range cfg.Faults {
		if err := f.validate(); err != nil {
			return cfg, fmt.Errorf("fault[%d]: %w", i, err)
		}
	}
	if cfg.RequestLogSize == 0 {
		cfg.RequestLogSize = DefaultRequestLogSize
	}
	if cfg.Issuer != "" {
		if u, err := url.Parse(cfg.Issuer); err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return cfg, fmt.Errorf("issuer %q: must be an http(s) URL without query or fragment", cfg.Issuer)
		}
	}
	return cfg, cfg.App.validate()
}

// validate reports the first problem with a defaulted App.
func (a App) validate() error {
	if a.AppID < 0 {
		return fmt.Errorf("app id %d: must be positive", a.AppID)
	}
	if len(a.RedirectURIs) == 0 {
		return errors.New("app: no redirect URIs registered")
	}
	for _, list := range []struct {
		name string
		uris []string
	}{{"redirect URI", a.RedirectURIs}, {"logout redirect URI", a.LogoutRedirectURIs}} {
		for _, s := range list.uris {
			u, err := url.Parse(s)
			if err != nil {
				return fmt.Errorf("%s %q: %w", list.name, s, err)
			}
			if !u.IsAbs() || u.Host == "" || u.Fragment != "" || u.Opaque != "" {
				return fmt.Errorf("%s %q: must be an absolute URI without fragment", list.name, s)
			}
		}
	}
	seen := make(map[string]bool)
	for _, c := range a.Consent {
		if !validScopeID(c.ID) {
			return fmt.Errorf("consent item %q: invalid ID", c.ID)
		}
		if c.ID == "openid" {
			return errors.New(`consent item "openid": not a consent item; OIDC is on unless Config.DisableOIDC`)
		}
		if seen[c.ID] {
			return fmt.Errorf("consent item %q: duplicate", c.ID)
		}
		seen[c.ID] = true
	}
	return nil
}

//go:embed default_users.json
var defaultUsersJSON []byte

// DefaultUsers returns the five built-in test users described in the package
// documentation, parsed from the embedded default_users.json. The first is
// the default user. Each call returns a fresh slice.
func DefaultUsers() []User {
	users, err := ParseUsers(defaultUsersJSON)
	if err != nil {
		panic(fmt.Sprintf("emulator: embedded default_users.json: %v", err)) // a build defect, caught by tests
	}
	return users
}

// DefaultUsersJSON returns the embedded default_users.json, a template for a
// users file accepted by ParseUsers.
func DefaultUsersJSON() []byte { return append([]byte(nil), defaultUsersJSON...) }
