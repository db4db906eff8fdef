package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// httpAnswer is one HTTP answer, body cut at 64 KiB.
type httpAnswer struct {
	status int
	header http.Header
	body   []byte
}

// get does one GET within the per-request timeout.
func (o *DoctorOptions) get(ctx context.Context, server, rawURL string) (httpAnswer, serverTime, error) {
	st := serverTime{server: server}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return httpAnswer{}, st, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := o.HTTPClient.Do(req)
	if err != nil {
		var uErr *url.Error
		if errors.As(err, &uErr) {
			err = uErr.Err // the URL is in the message already
		}
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within %s", o.Timeout)
		}
		return httpAnswer{}, st, err
	}
	defer resp.Body.Close()
	st.local = o.Now()
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		st.date = d
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return httpAnswer{status: resp.StatusCode, header: resp.Header, body: body}, st, err
}

// probeAuth asks the auth server for its OIDC discovery document. Any
// answer proves it reachable; a missing document is only a warning.
func (o *DoctorOptions) probeAuth(ctx context.Context, base string) probeResult {
	r := probeResult{check: doctorCheck{Name: "auth URL"}}
	a, st, err := o.get(ctx, "auth server", base+"/.well-known/openid-configuration")
	r.time = st
	if err != nil && a.status == 0 {
		r.check.Status = checkFail
		r.check.Message = fmt.Sprintf("cannot reach %s: %v: check --auth-url (or KAKAOLOGIN_AUTH_URL) and the network", base, err)
		return r
	}
	r.reached = true
	var doc struct {
		Issuer        string `json:"issuer"`
		TokenEndpoint string `json:"token_endpoint"`
	}
	switch {
	case a.status != http.StatusOK:
		r.check.Status = checkWarn
		r.check.Message = fmt.Sprintf("%s answers, but /.well-known/openid-configuration gave %s: no OIDC discovery (the emulator may not serve it; Kakao does)", base, describeAnswer(a))
	case !flow.IsJSON(a.header) || json.Unmarshal(a.body, &doc) != nil:
		r.check.Status = checkWarn
		r.check.Message = fmt.Sprintf("%s answers, but /.well-known/openid-configuration is not JSON (%s): is --auth-url the auth server, %s?", base, describeAnswer(a), flow.DefaultAuthURL)
	case doc.Issuer == "" || doc.TokenEndpoint == "":
		r.check.Status = checkWarn
		r.check.Message = fmt.Sprintf("%s answers, but its OIDC discovery document has no issuer or token_endpoint", base)
	case doc.TokenEndpoint != base+"/oauth/token":
		r.check.Status = checkWarn
		r.check.Message = fmt.Sprintf("%s answers, but its discovery says token_endpoint %s, not %s/oauth/token where kakaologin sends token requests: is --auth-url the server's base URL?", base, doc.TokenEndpoint, base)
	default:
		r.check.Status = checkOK
		r.check.Message = fmt.Sprintf("%s answers; OIDC discovery: issuer %s, token_endpoint %s", base, doc.Issuer, doc.TokenEndpoint)
	}
	return r
}

// probeAPI calls /v2/user/me without a token: a Kakao API server answers
// 401 with its {"msg","code"} error.
func (o *DoctorOptions) probeAPI(ctx context.Context, base string) probeResult {
	r := probeResult{check: doctorCheck{Name: "API URL"}}
	a, st, err := o.get(ctx, "API server", base+"/v2/user/me")
	r.time = st
	if err != nil && a.status == 0 {
		r.check.Status = checkFail
		r.check.Message = fmt.Sprintf("cannot reach %s: %v: check --api-url (or KAKAOLOGIN_API_URL) and the network", base, err)
		return r
	}
	r.reached = true
	var e struct {
		Msg  string       `json:"msg"`
		Code *json.Number `json:"code"`
	}
	kakaoShaped := flow.IsJSON(a.header) && json.Unmarshal(a.body, &e) == nil && e.Code != nil
	switch {
	case kakaoShaped && a.status == http.StatusUnauthorized:
		r.check.Status = checkOK
		r.check.Message = fmt.Sprintf("%s answers /v2/user/me without a token with 401 and Kakao's error JSON (code %s, %q)", base, e.Code, e.Msg)
	case kakaoShaped:
		r.check.Status = checkWarn
		r.check.Message = fmt.Sprintf("%s answers /v2/user/me without a token with HTTP %d (code %s, %q), not 401 as Kakao does", base, a.status, e.Code, e.Msg)
	default:
		r.check.Status = checkFail
		r.check.Message = fmt.Sprintf("%s answers /v2/user/me without a token with %s instead of Kakao's 401 JSON error: is --api-url (or KAKAOLOGIN_API_URL) the API server, %s?", base, describeAnswer(a), flow.DefaultAPIURL)
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

// describeAnswer names an answer for a message: "HTTP 200 (text/html)".
func describeAnswer(a httpAnswer) string {
	s := fmt.Sprintf("HTTP %d", a.status)
	if ct := a.header.Get("Content-Type"); ct != "" {
		s += " (" + ct + ")"
	}
	return s
}
