// Package emulatortest starts the Kakao emulator for tests: the one test
// scaffold of kakaologin's flow and cmd tests. Start serves an emulator on
// a real loopback HTTP server, with a settable Clock, the test binary's
// shared SigningKey, a registered redirect URI on a free loopback port,
// and cleanup when the test ends.
//
// Like the emulator, it imports nothing of kakaologin but the emulator: a
// test points its own client (flow.Config, the CLI's environment) at
// Kakao.URL.
package emulatortest

import (
	"errors"
	"fmt"
	mathrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// Kakao is a started emulator and what a client needs to use it.
type Kakao struct {
	// Emulator is the emulator itself: Advance, Reset, AddUsers, faults,
	// the request log.
	Emulator *emulator.Emulator
	// Server serves the emulator (through the WithWrap handler, if any)
	// on a loopback address.
	Server *httptest.Server
	// URL is Server.URL, the base URL of both the auth and the API server.
	URL string
	// Clock is the emulator's clock (Config.Now); it stands still unless
	// the test moves it. Emulator.Advance moves the emulator alone.
	Clock *Clock
	// ClientID and ClientSecret are the registered app's REST API key
	// (default emulator.DefaultClientID) and client secret ("" when off).
	ClientID, ClientSecret string
	// RedirectURI is the client's redirect URI: one on a free loopback
	// port (http://127.0.0.1:PORT/callback) unless WithRedirectURI chose
	// another. It is the app's one registered redirect URI, unless a
	// WithConfig edit replaced App.RedirectURIs.
	RedirectURI string
	// Users are the accounts that can log in, the default user first
	// unless Config.DefaultUserID says otherwise.
	Users []emulator.User
	// Config is the configuration the emulator was built from, after the
	// options (zero fields are the emulator's defaults).
	Config emulator.Config
}

// Option sets up the emulator Start builds.
type Option func(*settings)

type settings struct {
	clock    *Clock
	redirect string
	secret   string
	users    []emulator.User
	edits    []func(*emulator.Config)
	wrap     func(http.Handler) http.Handler
	pages    bool
}

// WithPages has the emulator show Kakao's account and consent pages, as
// kakaologin mock does. Default: AutoApprove, so that a test's plain HTTP
// client (or FollowAuthorize) gets the redirect to the callback at once.
func WithPages() Option { return func(s *settings) { s.pages = true } }

// WithClock runs the emulator on c; default a new Clock at time.Now().
func WithClock(c *Clock) Option { return func(s *settings) { s.clock = c } }

// WithSecret turns the app's client secret on: every token request must
// send secret.
func WithSecret(secret string) Option { return func(s *settings) { s.secret = secret } }

// WithRedirectURI registers uri as the app's redirect URI instead of one on
// a free loopback port (e.g. "http://127.0.0.1:0/callback" with
// Config.AnyLoopbackPort, or a URI nothing listens on for a test that reads
// the code from the redirect itself).
func WithRedirectURI(uri string) Option { return func(s *settings) { s.redirect = uri } }

// WithUsers sets the accounts that can log in (build them with
// emulator.ParseUsers); default emulator.DefaultUsers().
func WithUsers(users ...emulator.User) Option { return func(s *settings) { s.users = users } }

// WithConfig edits the emulator's configuration after every other option
// has set it, just before emulator.New: the way to anything the other
// options don't cover (TTLs, OIDC off, faults, the app's consent items).
func WithConfig(edit func(*emulator.Config)) Option {
	return func(s *settings) { s.edits = append(s.edits, edit) }
}

// WithWrap serves wrap(emulator) instead of the emulator: a handler in
// front of it to observe or break it. A nil wrap is no wrap.
func WithWrap(wrap func(http.Handler) http.Handler) Option {
	return func(s *settings) { s.wrap = wrap }
}

// Start starts an emulator for t, stopped when t ends. It fails t if the
// emulator cannot be built or served.
func Start(t testing.TB, opts ...Option) *Kakao {
	t.Helper()
	k, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(k.Close)
	return k
}

// New starts an emulator like Start, for a caller without a testing.TB
// (a testscript command): the caller must Close it.
func New(opts ...Option) (*Kakao, error) {
	var s settings
	for _, o := range opts {
		o(&s)
	}
	if s.clock == nil {
		s.clock = NewClock(time.Now())
	}
	if s.redirect == "" {
		port, err := freePort()
		if err != nil {
			return nil, fmt.Errorf("emulatortest: %w", err)
		}
		s.redirect = "http://127.0.0.1:" + port + "/callback"
	}
	cfg := emulator.Config{
		App:         emulator.App{ClientSecret: s.secret, RedirectURIs: []string{s.redirect}},
		Users:       s.users,
		Now:         s.clock.Now,
		SigningKey:  SigningKey(),
		AutoApprove: !s.pages,
	}
	for _, edit := range s.edits {
		edit(&cfg)
	}
	em, err := emulator.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("emulatortest: %w", err)
	}
	var h http.Handler = em
	if s.wrap != nil {
		h = s.wrap(em)
	}
	srv := httptest.NewServer(h)
	k := &Kakao{
		Emulator: em, Server: srv, URL: srv.URL, Clock: s.clock,
		ClientID: cfg.App.ClientID, ClientSecret: cfg.App.ClientSecret, RedirectURI: s.redirect,
		Users: cfg.Users, Config: cfg,
	}
	if k.ClientID == "" {
		k.ClientID = emulator.DefaultClientID
	}
	if k.Users == nil {
		k.Users = emulator.DefaultUsers()
	}
	return k, nil
}

// Close stops the server.
func (k *Kakao) Close() { k.Server.Close() }

// freePort is a loopback TCP port free a moment ago, for a redirect URI
// whose callback server the test's client starts later.
func freePort() (string, error) {
	// Below Linux's ephemeral range (32768-60999): a port the kernel hands
	// to a ":0" listener or an outgoing connection of a test running beside
	// cannot take it between this check and its use.
	for range 100 {
		port := strconv.Itoa(20000 + mathrand.IntN(12000))
		ln, err := net.Listen("tcp", "127.0.0.1:"+port)
		if err == nil {
			ln.Close()
			return port, nil
		}
	}
	return "", errors.New("find a free port: 100 tries in 20000-31999 all taken")
}
