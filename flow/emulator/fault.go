package emulator

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Fault makes matching requests fail the way Kakao (or the network in
// front of it) sometimes does. Exactly one of Error, Status, Malformed and
// Latency is set. A fault fires on the next Times requests to Target
// (every one when Times is 0), for For after it was armed (until removed
// when 0); a request matched by several faults gets the earliest armed.
// Requests under /_emulator/ are never faulted. A fault that answers
// itself (all but Latency) leaves the emulator's state as it was: no code
// is consumed, no token issued.
//
// ParseFault reads the same fault from its one-line form, which String
// writes.
type Fault struct {
	// Target is an endpoint name (see FaultTargets: "token", "me", ...),
	// an exact path ("/v2/user/me"), or a path prefix ending in "*"
	// ("/v2/user/*").
	Target string
	// Error is a code of KakaoErrors, answered with Kakao's status and
	// body: "KOE237", "-401". kauth codes need a kauth target (/oauth/,
	// /.well-known/) and kapi codes a kapi one; on /oauth/authorize a KOE
	// code is Kakao's error page.
	Error string
	// RequiredScopes are the required_scopes of a -402 answer; default
	// ["account_email"].
	RequiredScopes []string
	// Status answers this HTTP status (400-599) with an HTML page, as a
	// proxy or load balancer in front of Kakao would.
	Status int
	// Malformed answers 200 with a JSON content type and a truncated body.
	Malformed bool
	// Latency delays the request, then serves it normally; at most 5m.
	Latency time.Duration
	// Times is how many requests the fault fires on; 0 means every one.
	Times int
	// For is how long the fault stays armed, on the emulator's clock;
	// 0 means until removed (or Reset).
	For time.Duration
}

// maxLatency bounds Fault.Latency.
const maxLatency = 5 * time.Minute

// faultTargets maps endpoint names to paths. Built on first use, as the
// emulator's other tables: every kakaologin command links the emulator,
// few run it, and package init would build them for all.
var faultTargets = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"authorize":         "/oauth/authorize",
		"token":             "/oauth/token",
		"tokeninfo":         "/oauth/tokeninfo",
		"discovery":         "/.well-known/openid-configuration",
		"jwks":              "/.well-known/jwks.json",
		"me":                "/v2/user/me",
		"access_token_info": "/v1/user/access_token_info",
		"logout":            "/v1/user/logout",
		"unlink":            "/v1/user/unlink",
		"scopes":            "/v2/user/scopes",
		"revoke_scopes":     "/v2/user/revoke/scopes",
		"ids":               "/v1/user/ids",
		"userinfo":          "/v1/oidc/userinfo",
		"memo":              "/v2/api/talk/memo/default/send",
	}
})

// FaultTargets returns the endpoint names a Fault may target, with their
// paths.
func FaultTargets() map[string]string {
	targets := faultTargets()
	m := make(map[string]string, len(targets))
	for k, v := range targets {
		m[k] = v
	}
	return m
}

// path is the target as a path or a prefix ending in "*".
func (f Fault) path() string {
	if p, ok := faultTargets()[f.Target]; ok {
		return p
	}
	return f.Target
}

// matches reports whether the fault's target covers path.
func (f Fault) matches(path string) bool {
	p := f.path()
	if prefix, ok := strings.CutSuffix(p, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return path == p
}

var scopeList = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`) })

// validate reports the first problem with f.
func (f Fault) validate() error {
	p := f.path()
	switch {
	case p == "":
		return errors.New("fault: no target")
	case !strings.HasPrefix(p, "/"):
		return fmt.Errorf("fault target %q: want an endpoint name (%s) or a path starting with /", f.Target, targetNames())
	case strings.HasPrefix(p, "/_emulator"):
		// A broader prefix such as "/*" is fine: /_emulator/ is skipped.
		return fmt.Errorf("fault target %q: the emulator's own /_emulator/ API cannot be faulted", f.Target)
	case strings.Contains(strings.TrimSuffix(p, "*"), "*"):
		return fmt.Errorf("fault target %q: '*' may only end the path", f.Target)
	}
	n := 0
	for _, set := range []bool{f.Error != "", f.Status != 0, f.Malformed, f.Latency != 0} {
		if set {
			n++
		}
	}
	if n != 1 {
		return errors.New("fault: set exactly one of a Kakao error code, status, malformed or latency")
	}
	switch {
	case f.Error != "":
		k, ok := lookupKakaoError(f.Error)
		if !ok {
			return fmt.Errorf("fault error %q: not a Kakao error the emulator knows; known: %s", f.Error, knownCodes())
		}
		prefix := strings.TrimSuffix(p, "*")
		if k.kauth() && !isAuthPath(prefix) {
			return fmt.Errorf("fault error %s: a kauth (auth server) error needs a target under /oauth/ or /.well-known/, not %s", k.Code, p)
		}
		if !k.kauth() && isAuthPath(prefix) {
			return fmt.Errorf("fault error %s: an API server error needs a kapi target, not %s", k.Code, p)
		}
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("fault status %d: want 400-599", f.Status)
	case f.Latency < 0 || f.Latency > maxLatency:
		return fmt.Errorf("fault latency %v: want more than 0 and at most %v", f.Latency, maxLatency)
	}
	if len(f.RequiredScopes) > 0 && !strings.EqualFold(f.Error, "-402") {
		return errors.New("fault: required scopes only go with -402")
	}
	for _, s := range f.RequiredScopes {
		if !scopeList().MatchString(s) {
			return fmt.Errorf("fault required scope %q: not a consent item ID", s)
		}
	}
	if f.Times < 0 || f.For < 0 {
		return errors.New("fault: times and duration must not be negative")
	}
	return nil
}

func targetNames() string {
	targets := faultTargets()
	names := make([]string, 0, len(targets))
	for k := range targets {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

var timesSuffix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.+?)x([0-9]+)$`) })

// ParseFault reads a fault's one-line form:
//
//	TARGET:ACTION[xN][,for=DURATION][,scopes=ITEM+ITEM]
//
// Space around the spec is trimmed; space inside it is an error.
// TARGET is Fault.Target; ACTION is a Kakao error code ("KOE237",
// "-401"), "status=503", "malformed" or "latency=2s"; xN fires on the
// next N requests only; for= keeps the fault armed for a Go duration;
// scopes= sets the required_scopes of -402. Examples:
//
//	token:KOE237          every token request answers KOE237
//	me:-401x3             the next 3 /v2/user/me calls answer -401
//	me:-402,scopes=account_email+gender
//	/v2/user/*:-7,for=10m every /v2/user/ call for 10 minutes: maintenance
//	token:status=503x1    one 503 page from a "proxy"
//	token:latency=2s      every token request waits 2 s first
//	me:malformed          a 200 with a truncated JSON body
func ParseFault(spec string) (Fault, error) {
	bad := func(msg string) (Fault, error) {
		return Fault{}, fmt.Errorf("fault %q: %s; want TARGET:ACTION[xN][,for=DURATION][,scopes=A+B], e.g. token:KOE237x3", spec, msg)
	}
	trimmed := strings.TrimSpace(spec)
	if i := strings.IndexFunc(trimmed, unicode.IsSpace); i >= 0 {
		return bad(fmt.Sprintf("unexpected space after %q", trimmed[:i]))
	}
	target, rest, ok := strings.Cut(trimmed, ":")
	if !ok || target == "" || rest == "" {
		return bad("no ':' between target and action")
	}
	parts := strings.Split(rest, ",")
	action := parts[0]
	f := Fault{Target: target}
	if m := timesSuffix().FindStringSubmatch(action); m != nil {
		n, err := strconv.Atoi(m[2])
		if err != nil || n < 1 {
			return bad("xN needs N of at least 1")
		}
		action, f.Times = m[1], n
	}
	name, value, hasValue := strings.Cut(action, "=")
	switch {
	case name == "status" && hasValue:
		n, err := strconv.Atoi(value)
		if err != nil {
			return bad("status=" + value + " is not a number")
		}
		f.Status = n
	case name == "latency" && hasValue:
		d, err := time.ParseDuration(value)
		if err != nil || d <= 0 {
			return bad("latency=" + value + " is not a positive duration such as 2s")
		}
		f.Latency = d
	case action == "malformed":
		f.Malformed = true
	case !hasValue && action != "":
		k, ok := lookupKakaoError(action)
		if !ok {
			return bad(fmt.Sprintf("%q is not a Kakao error the emulator knows (known: %s)", action, knownCodes()))
		}
		f.Error = k.Code
	default:
		return bad("unknown action " + strconv.Quote(action))
	}
	for _, opt := range parts[1:] {
		k, v, _ := strings.Cut(opt, "=")
		switch k {
		case "for":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return bad("for=" + v + " is not a positive duration such as 10m")
			}
			f.For = d
		case "scopes":
			f.RequiredScopes = strings.Split(v, "+")
		default:
			return bad("unknown option " + strconv.Quote(opt))
		}
	}
	if err := f.validate(); err != nil {
		return Fault{}, err
	}
	return f, nil
}

// String is the fault's one-line form, as ParseFault reads it.
func (f Fault) String() string {
	var b strings.Builder
	b.WriteString(f.Target + ":")
	switch {
	case f.Error != "":
		b.WriteString(f.Error)
	case f.Status != 0:
		b.WriteString("status=" + strconv.Itoa(f.Status))
	case f.Malformed:
		b.WriteString("malformed")
	case f.Latency != 0:
		b.WriteString("latency=" + f.Latency.String())
	}
	if f.Times > 0 {
		b.WriteString("x" + strconv.Itoa(f.Times))
	}
	if f.For > 0 {
		b.WriteString(",for=" + f.For.String())
	}
	if len(f.RequiredScopes) > 0 {
		b.WriteString(",scopes=" + strings.Join(f.RequiredScopes, "+"))
	}
	return b.String()
}
