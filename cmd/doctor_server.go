package cmd

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/kakaologin/kakaologin/flow"
)

// The doctor's checks that ask the servers: auth URL, API URL, client
// credentials, clock.

// doctorProbeCode is the made-up authorization code of the credentials
// check: Kakao authenticates the client before it looks the code up.
const doctorProbeCode = "kakaologin-doctor-probe"

// serverTime is a server's Date header and the local time it arrived.
type serverTime struct {
	server string    // "auth server" or "API server"
	date   time.Time // zero when absent
	local  time.Time
}

// probeResult is what one server probe found.
type probeResult struct {
	check   doctorCheck
	reached bool // an HTTP answer came back, whatever its status
	time    serverTime
}

// answerRecorder is a transport that notes the last HTTP answer of a
// probe, for the messages and the clock check: flow decodes the answer,
// the doctor says what it was and when it came.
type answerRecorder struct {
	base        http.RoundTripper
	now         func() time.Time
	got         bool // an answer came back
	status      int
	contentType string
	time        serverTime
}

func (r *answerRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	r.got, r.status, r.contentType = true, resp.StatusCode, resp.Header.Get("Content-Type")
	r.time.local = r.now()
	r.time.date = time.Time{}
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		r.time.date = d
	}
	return resp, nil
}

// describe names the answer for a message: "HTTP 200 (text/html)".
func (r *answerRecorder) describe() string {
	s := fmt.Sprintf("HTTP %d", r.status)
	if r.contentType != "" {
		s += " (" + r.contentType + ")"
	}
	return s
}

// recording returns cfg with an HTTP client whose answers rec notes, and
// a context bounded by the per-request timeout.
func (o *DoctorOptions) recording(ctx context.Context, cfg flow.Config, server string) (context.Context, context.CancelFunc, flow.Config, *answerRecorder) {
	rec := &answerRecorder{base: cfg.HTTPClient.Transport, now: o.Now, time: serverTime{server: server}}
	if rec.base == nil {
		rec.base = http.DefaultTransport
	}
	client := *cfg.HTTPClient
	client.Transport = rec
	cfg.HTTPClient = &client
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	return ctx, cancel, cfg, rec
}

// noAnswer is why a request got no answer, for a message: the cause
// without the URL (the message names the server already), or the timeout.
func (o *DoctorOptions) noAnswer(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %s", o.Timeout)
	}
	var uErr *url.Error
	if errors.As(err, &uErr) {
		return uErr.Err
	}
	return err
}

// probeAuth asks the auth server for its OIDC discovery document (cfg is
// resolved). Any answer proves it reachable; a missing document is only a
// warning.
func (o *DoctorOptions) probeAuth(ctx context.Context, cfg flow.Config) probeResult {
	r := probeResult{check: doctorCheck{Name: "auth URL"}}
	ctx, cancel, cfg, rec := o.recording(ctx, cfg, "auth server")
	defer cancel()
	doc, err := cfg.Discover(ctx)
	base := cfg.AuthURL
	r.time, r.reached = rec.time, rec.got
	var (
		aErr *flow.AuthError
		pErr *flow.ProtocolError
	)
	switch {
	case err == nil:
		switch {
		case doc.Issuer == "" || doc.TokenEndpoint == "":
			r.check.Status = checkWarn
			r.check.Message = fmt.Sprintf("%s answers, but its OIDC discovery document has no issuer or token_endpoint", base)
		case doc.TokenEndpoint != cfg.TokenURL():
			r.check.Status = checkWarn
			r.check.Message = fmt.Sprintf("%s answers, but its discovery says token_endpoint %s, not %s where kakaologin sends token requests: is --auth-url the server's base URL?", base, doc.TokenEndpoint, cfg.TokenURL())
		default:
			r.check.Status = checkOK
			r.check.Message = fmt.Sprintf("%s answers; OIDC discovery: issuer %s, token_endpoint %s", base, doc.Issuer, doc.TokenEndpoint)
		}
	case errors.As(err, &pErr) && pErr.Status >= 200 && pErr.Status <= 299:
		r.check.Status = checkWarn
		r.check.Message = fmt.Sprintf("%s answers, but %s is not JSON (%s): is --auth-url the auth server, %s?", base, flow.DiscoveryPath, rec.describe(), flow.DefaultAuthURL)
	case errors.As(err, &pErr), errors.As(err, &aErr):
		r.check.Status = checkWarn
		r.check.Message = fmt.Sprintf("%s answers, but %s gave %s: no OIDC discovery (the emulator may not serve it; Kakao does)", base, flow.DiscoveryPath, rec.describe())
	default:
		r.check.Status = checkFail
		r.check.Message = fmt.Sprintf("cannot reach %s: %v: check --auth-url (or KAKAOLOGIN_AUTH_URL) and the network", base, o.noAnswer(err))
	}
	return r
}

// probeAPI calls /v2/user/me without a token (cfg is resolved): a Kakao
// API server answers 401 with its {"msg","code"} error, which flow
// decodes into *flow.APIError.
func (o *DoctorOptions) probeAPI(ctx context.Context, cfg flow.Config) probeResult {
	r := probeResult{check: doctorCheck{Name: "API URL"}}
	ctx, cancel, cfg, rec := o.recording(ctx, cfg, "API server")
	defer cancel()
	_, err := cfg.Me(ctx, "", flow.MeParams{})
	base := cfg.APIURL
	r.time, r.reached = rec.time, rec.got
	var (
		apErr *flow.APIError
		pErr  *flow.ProtocolError
	)
	switch {
	case errors.As(err, &apErr) && apErr.Status == http.StatusUnauthorized:
		r.check.Status = checkOK
		r.check.Message = fmt.Sprintf("%s answers /v2/user/me without a token with 401 and Kakao's error JSON (code %d, %q)", base, apErr.Code, apErr.Msg)
	case errors.As(err, &apErr):
		r.check.Status = checkWarn
		r.check.Message = fmt.Sprintf("%s answers /v2/user/me without a token with HTTP %d (code %d, %q), not 401 as Kakao does", base, apErr.Status, apErr.Code, apErr.Msg)
	case err == nil, errors.As(err, &pErr):
		r.check.Status = checkFail
		r.check.Message = fmt.Sprintf("%s answers /v2/user/me without a token with %s instead of Kakao's 401 JSON error: is --api-url (or KAKAOLOGIN_API_URL) the API server, %s?", base, rec.describe(), flow.DefaultAPIURL)
	default:
		r.check.Status = checkFail
		r.check.Message = fmt.Sprintf("cannot reach %s: %v: check --api-url (or KAKAOLOGIN_API_URL) and the network", base, o.noAnswer(err))
	}
	return r
}

// checkCredentials sends a made-up code to the token endpoint. Kakao
// checks client_id and client_secret first, so KOE320 (code not found)
// proves both right, and KOE101 or KOE010 names the wrong one. No token is
// issued.
func (o *DoctorOptions) checkCredentials(ctx context.Context, cfg flow.Config, authReached bool) doctorCheck {
	c := doctorCheck{Name: "client credentials", Status: checkWarn}
	switch {
	case cfg.ClientID == "":
		c.Message = "not checked: no REST API key"
		return c
	case !authReached:
		c.Message = "not checked: the auth server did not answer"
		return c
	}
	what := "REST API key"
	if cfg.ClientSecret != "" {
		what = "REST API key and client secret"
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	_, err := cfg.Exchange(ctx, doctorProbeCode, "", cfg.RedirectURI)
	var aErr *flow.AuthError
	switch {
	case err == nil:
		c.Message = "the token endpoint issued a token for a made-up code: it is not Kakao's (check --auth-url)"
	case errors.As(err, &aErr) && (aErr.Code == "KOE320" || (aErr.Code == "" && aErr.Err == "invalid_grant")):
		c.Status = checkOK
		c.Message = fmt.Sprintf("the token endpoint accepts the %s (a made-up code was refused with %s, as expected)", what, orDefault(aErr.Code, aErr.Err))
	case errors.As(err, &aErr):
		if aErr.Err == "invalid_client" || aErr.Code == "KOE010" || aErr.Code == "KOE101" {
			c.Status = checkFail
		}
		c.Message = "the token endpoint answered " + aErr.Error()
		if fix := catalogFix(aErr.Code); fix != "" {
			c.Message += ": " + fix
		}
	default:
		c.Message = "not checked: " + err.Error()
	}
	return c
}

// checkClock compares the local clock with the servers' Date headers and
// reports the largest difference. A skewed clock puts the expiry of saved
// tokens and ID token checks (iat, exp) off.
func checkClock(times []serverTime) doctorCheck {
	c := doctorCheck{Name: "clock"}
	var worst serverTime
	var skew time.Duration
	for _, t := range times {
		if t.date.IsZero() {
			continue
		}
		// Date has whole seconds: the server's time was half a second
		// later on average.
		if d := t.local.Sub(t.date.Add(time.Second / 2)); worst.date.IsZero() || d.Abs() > skew.Abs() {
			worst, skew = t, d
		}
	}
	if worst.date.IsZero() {
		c.Status = checkWarn
		c.Message = "not checked: no server answered with a Date header"
		return c
	}
	skew = skew.Round(time.Second)
	way := "ahead of"
	if skew < 0 {
		way = "behind"
	}
	switch abs := skew.Abs(); {
	case abs > 5*time.Minute:
		c.Status = checkFail
	case abs > time.Minute:
		c.Status = checkWarn
	default:
		c.Status = checkOK
		c.Message = fmt.Sprintf("the local clock is within %s of the %s's Date header", max(abs, time.Second), worst.server)
		return c
	}
	c.Message = fmt.Sprintf("the local clock is %s %s the %s's (Date: %s): token expiry times and ID token checks will be off: set the clock right (turn on network time sync)",
		skew.Abs(), way, worst.server, worst.date.UTC().Format(http.TimeFormat))
	return c
}
