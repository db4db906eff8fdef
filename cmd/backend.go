package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
)

// backendFlags are login's --backend flags.
type backendFlags struct {
	URL     string
	JSON    bool
	Send    string
	Timeout time.Duration
	mock    bool // login --mock: the backend cannot know the in-process emulator
}

func (b *backendFlags) register(c *cobra.Command) {
	fl := c.Flags()
	fl.StringVar(&b.URL, "backend", "", "after the login, POST the token to this social-login URL (e.g. http://127.0.0.1:8000/accounts/kakao/login/finish/) and add its answer to the output; not 2xx: exit 9")
	fl.BoolVar(&b.JSON, "backend-json", false, "with --backend: send a JSON body instead of a form")
	fl.StringVar(&b.Send, "backend-send", string(flow.SendAccessToken), "with --backend: what to send: access_token, code (with redirect_uri; not exchanged here, the backend does it) or id_token (with the access token; asks for openid)")
	fl.DurationVar(&b.Timeout, "backend-timeout", 30*time.Second, "with --backend: how long to wait for the backend's answer")
}

// resolve checks the --backend flags against each other and against the
// login flags they cannot go with. Errors are usage errors.
func (b *backendFlags) resolve(c *cobra.Command) error {
	fl := c.Flags()
	if b.URL == "" {
		for _, name := range []string{"backend-json", "backend-send", "backend-timeout"} {
			if fl.Changed(name) {
				return usageErrorf(fmt.Errorf("--%s only goes with --backend URL", name))
			}
		}
		return nil
	}
	if _, err := flow.ParseBackendURL(b.URL); err != nil {
		return usageErrorf(fmt.Errorf("--backend: %w", err))
	}
	if !slices.Contains(flow.Credentials, flow.Credential(b.Send)) {
		return usageErrorf(fmt.Errorf("--backend-send %q is not one of access_token, code, id_token", b.Send))
	}
	if b.Timeout <= 0 {
		return usageErrorf(fmt.Errorf("--backend-timeout must be positive, got %s", b.Timeout))
	}
	if b.credential() == flow.SendCode {
		for _, name := range []string{"save", "record"} {
			if on, _ := fl.GetBool(name); on {
				return usageErrorf(fmt.Errorf("--backend-send code leaves the code to the backend: kakaologin gets no token or profile, so --%s cannot go with it", name))
			}
		}
	}
	b.mock, _ = fl.GetBool("mock")
	return nil
}

func (b *backendFlags) enabled() bool { return b.URL != "" }

func (b *backendFlags) credential() flow.Credential { return flow.Credential(b.Send) }

// exchangesCode reports whether the login exchanges the code itself: not
// when the backend is to (a code is single use: KOE320 for the second).
func (b *backendFlags) exchangesCode() bool {
	return !b.enabled() || b.credential() != flow.SendCode
}

// scopes is the login's scopes plus what the credential needs: openid
// for an ID token.
func (b *backendFlags) scopes(scopes []string) []string {
	if b.enabled() && b.credential() == flow.SendIDToken && !slices.Contains(scopes, "openid") {
		return append(slices.Clone(scopes), "openid")
	}
	return scopes
}

// backendOutput is the "backend" member of login's output: what was sent
// where, and the answer whole (body as JSON when it is JSON, else text).
type backendOutput struct {
	URL       string            `json:"url"`
	Sent      []string          `json:"sent"`
	Status    int               `json:"status,omitempty"`
	Headers   map[string]string `json:"headers,omitempty"`
	Body      json.RawMessage   `json:"body,omitempty"`
	Truncated bool              `json:"truncated,omitempty"`
	Error     string            `json:"error,omitempty"`
	Diagnosis *backendDiagnosis `json:"diagnosis,omitempty"`
}

// backendDiagnosis says, for a failure, what it is and what to do.
type backendDiagnosis struct {
	Kind flow.BackendKind `json:"kind"`
	Hint string           `json:"hint"`
}

// backendHeaders are the answer headers the output shows; of Set-Cookie
// only the cookie names (a JWT cookie is a credential).
var backendHeaders = []string{"Content-Type", "Location", "WWW-Authenticate", "Set-Cookie"}

// backendFailure is the error line of a backend failure; it wraps the
// *flow.BackendError.
type backendFailure struct {
	msg string
	err error
}

func (e *backendFailure) Error() string { return e.msg }
func (e *backendFailure) Unwrap() error { return e.err }

// forwardToBackend posts the login's credential to b.URL: tok's access
// token or ID token, or the unexchanged code and the redirect URI it was
// issued for. The output is returned whenever a request was made, with
// an error (exit 9) when the backend answered non-2xx or not at all.
func forwardToBackend(ctx context.Context, client *http.Client, errOut io.Writer, b *backendFlags, tok *flow.Token, code, redirectURI string) (*backendOutput, error) {
	fields, err := flow.SocialLoginFields(b.credential(), tok, code, redirectURI)
	if errors.Is(err, flow.ErrNoIDToken) {
		return nil, &exitError{code: ExitProtocol, err: fmt.Errorf("--backend-send id_token: %w: turn OpenID Connect on for the app (Kakao Developers console: [App] > [Product settings] > [Kakao Login] > OpenID Connect)", err)}
	}
	if err != nil {
		return nil, err
	}
	u, err := flow.ParseBackendURL(b.URL)
	if err != nil {
		return nil, usageErrorf(fmt.Errorf("--backend: %w", err))
	}
	if u.Scheme == "http" && !flow.IsLoopbackHost(u.Hostname()) {
		fmt.Fprintf(errOut, "warning: --backend %s is plain http on a host other than this machine: the %s travels unencrypted.\n", sanitize(u.Redacted()), b.Send)
	}
	out := &backendOutput{URL: u.Redacted()}
	for _, f := range fields {
		out.Sent = append(out.Sent, f.Name)
	}
	c := *client
	c.Timeout = 0 // --backend-timeout bounds the call
	callCtx, cancel := context.WithTimeout(ctx, b.Timeout)
	defer cancel()
	resp, err := flow.Forward(callCtx, &c, flow.BackendRequest{URL: b.URL, JSON: b.JSON, Fields: fields})
	if resp != nil {
		out.setResponse(resp)
	}
	var be *flow.BackendError
	if !errors.As(err, &be) {
		if err == nil {
			if kind, _ := flow.DiagnoseBackend(resp); kind == flow.BackendNotJSON {
				fmt.Fprintf(errOut, "warning: the backend answered HTTP %d with a body that is not JSON (%s): is --backend its social-login API?\n", resp.Status, sanitize(resp.Header.Get("Content-Type")))
			}
		}
		return out, err // nil, or cancelled (exit 130/143)
	}
	hint := b.hint(be)
	out.Diagnosis = &backendDiagnosis{Kind: be.Kind, Hint: hint}
	if be.Response == nil {
		out.Error = be.Error()
	}
	return out, &exitError{code: ExitBackend, err: &backendFailure{msg: be.Error() + ": " + hint, err: be}}
}

// setResponse copies the answer into the output.
func (o *backendOutput) setResponse(r *flow.BackendResponse) {
	o.Status, o.Truncated = r.Status, r.Truncated
	for _, k := range backendHeaders {
		vs := r.Header.Values(k)
		if len(vs) == 0 {
			continue
		}
		if k == "Set-Cookie" {
			names := make([]string, len(vs))
			for i, v := range vs {
				names[i], _, _ = strings.Cut(v, "=")
			}
			vs = names
		}
		if o.Headers == nil {
			o.Headers = map[string]string{}
		}
		o.Headers[k] = strings.Join(vs, ", ")
	}
	if body, ok := r.JSONBody(); ok {
		o.Body = body
		return
	}
	o.Body = jsonText(string(r.Body))
}

// jsonText is s as a JSON string, with <, > and & as they are.
func jsonText(s string) json.RawMessage { return appendString(nil, s) }

// hint is what to do about a backend failure, in a sentence.
func (b *backendFlags) hint(be *flow.BackendError) string {
	loc := ""
	if be.Response != nil {
		loc = be.Response.Header.Get("Location")
	}
	switch be.Kind {
	case flow.BackendUnreachable:
		return "is the backend running, and listening on that host and port?"
	case flow.BackendTimeout:
		return fmt.Sprintf("no answer within %s: is the backend stuck, or slow to start? raise --backend-timeout", b.Timeout)
	case flow.BackendEmailExists:
		return "the email of this Kakao account belongs to a user without a Kakao social account (signed up with a password or another provider), and the backend will not link them; " +
			"django-allauth 0.63.1 to 0.63.6 also answer this on a first signup that did create the user (fixed in 64.0.0): if the same login succeeds the second time, upgrade django-allauth"
	case flow.BackendIncorrectValue:
		h := "the backend could not fetch the Kakao profile with this token (/v2/user/me refused it): is it pointed at the same Kakao or emulator as kakaologin? (examples/django-allauth reads KAKAO_AUTH_URL/KAKAO_API_URL)"
		if b.mock {
			h += "; with --mock the emulator lives only inside this command and the backend cannot reach it: run kakaologin mock and point both at it"
		}
		return h
	case flow.BackendMissingInput:
		return "the backend found neither access_token nor code in the body: check --backend-send, and --backend-json (some backends read only JSON, others only forms)"
	case flow.BackendCodeExchangeFailed:
		return "the backend could not exchange the code at Kakao: a code is single use and expires in 10 minutes, the backend must send the redirect URI the login used, and its REST API key and client secret must be this app's"
	case flow.BackendCodeReused:
		return "KOE320: the code was exchanged twice and a code is single use; with --backend-send code only the backend exchanges it: does it (or a retry) exchange it twice?"
	case flow.BackendKakaoError:
		code := be.Response.KakaoCode()
		if fix := catalogFix(code); fix != "" {
			return "the backend relayed Kakao's " + code + ": " + fix
		}
		return "the backend relayed Kakao's " + code + ": see kakaologin explain " + code
	case flow.BackendGetScope:
		return "OAuth2Provider.get_scope() TypeError: dj-rest-auth before 7.0.1 with django-allauth 0.62 or later; upgrade to dj-rest-auth 7.0.2 with django-allauth 64.0.0 or later (or pin dj-rest-auth 7.0.0 with django-allauth 0.61.1)"
	case flow.BackendScopeDelimiter:
		return "OAuth2Client scope_delimiter TypeError: dj-rest-auth 7.0.1 with django-allauth 0.62 or later; upgrade to dj-rest-auth 7.0.2 (or give the view a client_class that passes scope by keyword)"
	case flow.BackendIntegrity:
		return "the backend broke a database constraint, e.g. a second user without email on a unique email column (a Kakao user who declined account_email): see the backend's log"
	case flow.BackendCSRF:
		return "Django's CSRF check refused the POST: the social-login view must not depend on a session (dj-rest-auth's views are exempt unless a session cookie is sent)"
	case flow.BackendRedirect:
		if u, err := url.Parse(b.URL); err == nil && (loc == u.Path+"/" || loc == b.URL+"/") {
			return fmt.Sprintf("the backend redirected to %q: add the trailing slash to --backend (Django's APPEND_SLASH cannot redirect a POST)", loc)
		}
		return fmt.Sprintf("the backend redirected to %q instead of answering: a missing trailing slash, http instead of https, or a login page in front of the view?", loc)
	case flow.BackendAuthRequired:
		return "the backend wants authentication for this URL: a social-login view must allow anonymous requests (permission_classes = [AllowAny])"
	case flow.BackendNotFound:
		return "no such path on the backend: check the URL, trailing slash included (a dj-rest-auth SocialLoginView route, e.g. /accounts/kakao/login/finish/)"
	case flow.BackendMethodNotAllowed:
		return "this URL does not take POST: is it the social-login API view (not allauth's browser callback)?"
	case flow.BackendUnsupportedMediaType:
		if b.JSON {
			return "the backend does not read JSON here: drop --backend-json"
		}
		return "the backend does not read forms here: add --backend-json"
	case flow.BackendServerError:
		return "the backend failed: see its log for the traceback (with DEBUG on, the body in the output has it too); known causes: mismatched dj-rest-auth and django-allauth versions, a unique constraint"
	}
	return "the backend refused the login: its answer is in the output under \"backend\""
}
