package cmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/tokenfile"
	"github.com/kakaologin/kakaologin/localdb"
)

// This file is the one place where an error becomes what the user sees.
// Run, in main.go, calls it once, at the top:
//
//   - exitCode: the documented exit code (the table below), by the
//     error's type: flow's typed errors, the store's, exitError;
//   - message: the one line on stderr, with explainError's hint: the
//     catalogue's fix for a Kakao code, flagHint's for a typed flow error,
//     or storeHint's for a local store error. flow and localdb speak no CLI words: the flags, variables and
//     commands that fix their errors are named here (flagHint, storeHint,
//     callbackHints, cliFixes), and the doctor and explain use the same
//     words.

// Exit codes, the same for every command. README.md and `kakaologin --help`
// show this table; errors_test.go checks both against it.
const (
	ExitOK          = 0   // success
	ExitError       = 1   // unexpected failure (I/O, a bug)
	ExitUsage       = 2   // bad flag, argument or configuration
	ExitDenied      = 3   // the user cancelled or did not consent (or did not confirm users delete)
	ExitTimeout     = 4   // no callback before --timeout
	ExitKakao       = 5   // Kakao answered with an error (KOE code or API error)
	ExitProtocol    = 6   // server unreachable, unexpected answer, or state mismatch
	ExitConflict    = 7   // login --record: the backend would refuse this login
	ExitStore       = 8   // the local database cannot be used
	ExitBackend     = 9   // login --backend: the backend refused the login or could not be reached
	ExitInterrupted = 130 // Ctrl-C (SIGINT)
	ExitTerminated  = 143 // SIGTERM
)

// exitCodeTable is the documented table, in order.
var exitCodeTable = []struct {
	Code    int
	Meaning string
}{
	{ExitOK, "success"},
	{ExitError, "unexpected failure (I/O error, bug)"},
	{ExitUsage, "bad flag, argument or configuration"},
	{ExitDenied, "the user cancelled or did not consent (access_denied, consent_required), or did not confirm users delete"},
	{ExitTimeout, "no callback arrived before --timeout"},
	{ExitKakao, "Kakao answered with an error (KOExxx or an API error code)"},
	{ExitProtocol, "server unreachable, unexpected answer, or state mismatch"},
	{ExitConflict, "login --record / users record: the backend would refuse this login"},
	{ExitStore, "the local database cannot be used (not SQLite, newer version, read-only)"},
	{ExitBackend, "login --backend: the backend refused the login (not 2xx) or could not be reached"},
	{ExitInterrupted, "interrupted (Ctrl-C)"},
	{ExitTerminated, "terminated (SIGTERM)"},
}

// exitError carries an explicit exit code for errors that have no type of
// their own (usage errors, conflicts).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErrorf(err error) error { return &exitError{code: ExitUsage, err: err} }

// redirectURIError is a login's error with the redirect URI the login
// asked for: the KOE006 hint depends on it (see redirectHint).
type redirectURIError struct {
	uri string
	err error
}

func (e *redirectURIError) Error() string { return e.err.Error() }
func (e *redirectURIError) Unwrap() error { return e.err }

// errTimeout is the cause of a login wait that ran out of time.
var errTimeout = errors.New("timed out waiting for the login callback: finish the login in the browser sooner or raise --timeout")

// exitCode maps an error to its documented exit code.
func exitCode(err error) int {
	var (
		ee    *exitError
		cbErr *flow.CallbackError
		aErr  *flow.AuthError
		apErr *flow.APIError
		pErr  *flow.ProtocolError
		idErr *flow.IDTokenError
		sig   *signalError
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, errTimeout):
		return ExitTimeout
	case errors.As(err, &sig):
		return sig.exitCode()
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &cbErr):
		if cbErr.Denied() {
			return ExitDenied
		}
		return ExitKakao
	case errors.As(err, &aErr), errors.As(err, &apErr), errors.As(err, &idErr):
		return ExitKakao // an id_token failing a check is as final as KOE400-403
	case errors.Is(err, flow.ErrStateMismatch), errors.Is(err, flow.ErrNeedsPerson), errors.As(err, &pErr):
		return ExitProtocol
	case errors.Is(err, flow.ErrBadRedirectURI), errors.Is(err, flow.ErrPortInUse), errors.Is(err, tokenfile.ErrInsecure):
		return ExitUsage
	}
	// The store's errors carry the syscall error that caused them: they are
	// mapped before anything that looks at causes.
	if code, ok := storeExitCode(err); ok {
		return code
	}
	if unreachable(err) {
		return ExitProtocol
	}
	return ExitError
}

// storeExitCode maps local store errors to exit codes: a database that
// cannot be used is ExitStore; a wrong key or duplicate is a usage error.
func storeExitCode(err error) (int, bool) {
	switch {
	case errors.Is(err, localdb.ErrNotDatabase), errors.Is(err, localdb.ErrNewerSchema),
		errors.Is(err, localdb.ErrOlderSchema), errors.Is(err, localdb.ErrReadOnly):
		return ExitStore, true
	case errors.Is(err, localdb.ErrNotFound), errors.Is(err, localdb.ErrExists), errors.Is(err, localdb.ErrInvalid):
		return ExitUsage, true
	}
	return 0, false
}

// unreachable reports whether err comes from talking to a server: an HTTP
// request that failed, a dial, a DNS lookup. It looks at the error's type,
// never at net.Error: syscall.Errno has Timeout and Temporary too, so a
// full disk or a read-only file would pass for a network error.
func unreachable(err error) bool {
	var (
		uErr   *url.Error
		opErr  *net.OpError
		dnsErr *net.DNSError
	)
	return errors.As(err, &uErr) || errors.As(err, &opErr) || errors.As(err, &dnsErr)
}

// message is the one line printed for err: unreachable servers are named
// by host (not by a URL long with parameters), Kakao errors get a hint.
func message(err error) string {
	var sig *signalError
	if errors.As(err, &sig) {
		return sig.Error()
	}
	if errors.Is(err, context.Canceled) {
		return "interrupted"
	}
	var uErr *url.Error
	if errors.As(err, &uErr) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		host := uErr.URL
		if u, perr := url.Parse(uErr.URL); perr == nil {
			host = u.Scheme + "://" + u.Host
		}
		return fmt.Sprintf("cannot reach %s: %v: is the server running? check --auth-url/--api-url (KAKAOLOGIN_AUTH_URL/KAKAOLOGIN_API_URL)", host, uErr.Err)
	}
	return explainError(err)
}

// callbackHints explain the error values of an authorize redirect, which
// carry no Kakao code of their own. Built on first use, as cliFixes: only
// an error message needs them.
var callbackHints = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"access_denied":        "the user pressed Cancel on the Kakao login or consent screen",
		"consent_required":     "--prompt none only works for a user who already consented to this app: log in once without it",
		"login_required":       "--prompt none needs a Kakao Account session in the browser: log in once without it",
		"interaction_required": "--prompt none cannot show the page the user needs: log in once without it",
	}
})

// explainError is the one-line message for err, followed by the fix from
// flow's catalogue (in CLI words) when Kakao's code is known, or by the
// flag that fixes a typed flow error. An unknown code is shown as Kakao
// sent it: the error's own text already carries code and description.
func explainError(err error) string {
	var (
		aErr  *flow.AuthError
		apErr *flow.APIError
		cbErr *flow.CallbackError
		idErr *flow.IDTokenError
	)
	msg := err.Error()
	hint := ""
	switch {
	case errors.As(err, &cbErr):
		if h, ok := callbackHints()[cbErr.Err]; ok {
			hint = h
		} else {
			hint = catalogFix(cbErr.Code)
		}
	case errors.As(err, &aErr):
		if hint = redirectHint(err, aErr); hint == "" {
			hint = catalogFix(aErr.Code)
		}
	case errors.As(err, &apErr):
		hint = apiHint(apErr)
	case errors.As(err, &idErr):
		hint = idTokenHint(idErr.Check)
	default:
		if h := storeHint(err); h != "" {
			return msg + "; " + h
		}
		hint = flagHint(err)
	}
	if hint != "" {
		msg += ": " + hint
	}
	return msg
}

// redirectHint is the fix for a KOE006 of a login whose redirect URI asked
// for any free port (port 0): no registered URI can match it, and
// kakaologin mock, like Kakao, compares the port unless told not to
// (login --mock does not). It stands in for the catalogue's "register
// exactly this redirect URI", which no one can do for a port picked at
// random. "" for other errors.
func redirectHint(err error, e *flow.AuthError) string {
	var rErr *redirectURIError
	if e.Code != "KOE006" || !errors.As(err, &rErr) {
		return ""
	}
	if u, perr := url.Parse(rErr.uri); perr != nil || u.Port() != "0" {
		return ""
	}
	return "kakaologin mock compares the port as Kakao does: start it with --any-loopback-port (scheme, host and path must still match a registered redirect URI), " +
		"or use a fixed port registered with --redirect-uri"
}

// apiHint is the catalogue's fix for a kapi error; for -402 it names the
// scopes the server listed in required_scopes, when it listed any.
func apiHint(e *flow.APIError) string {
	if scopes := e.RequiredScopes(); e.Code == -402 && len(scopes) > 0 {
		return "the user has not consented to an item this call needs: log in again with --scope " +
			strings.Join(scopes, ",") + " (set up under " + flow.ConsoleConsentMenu + ")"
	}
	return catalogFix(strconv.Itoa(e.Code))
}

// storeHint names the flag or command that fixes a local store error:
// localdb speaks no CLI words and says only what is wrong with the file,
// so the fix is added here, after "; ". "" when err has none.
func storeHint(err error) string {
	switch {
	case errors.Is(err, localdb.ErrNoDatabase):
		return "run `kakaologin login --record` or `kakaologin users add` first"
	case errors.Is(err, localdb.ErrNotDatabase):
		return "pass another --db path"
	case errors.Is(err, localdb.ErrNewerSchema):
		return "upgrade kakaologin or pass another --db path"
	case errors.Is(err, localdb.ErrOlderSchema):
		return "run a command that writes to it (e.g. `kakaologin login --record`) once to upgrade it"
	case errors.Is(err, localdb.ErrReadOnly):
		return "fix the permissions or pass another --db path"
	case errors.Is(err, localdb.ErrNotFound): // after ErrNoDatabase, which is one too
		return "kakaologin users list shows the ids and emails"
	}
	return ""
}

// flagHint names the flag that fixes a typed flow error: flow speaks no
// CLI words, so the hint is added here. "" when err has none.
func flagHint(err error) string {
	var (
		lErr *flow.ListenError
		pErr *flow.ProtocolError
	)
	switch {
	case errors.As(err, &lErr) && errors.Is(err, flow.ErrPortInUse):
		return "stop what uses port " + lErr.Port() + " or pass --redirect-uri with another port (registered for your key)"
	case errors.As(err, &lErr):
		return "pass --redirect-uri with another port (registered for your key)"
	case errors.Is(err, flow.ErrNeedsPerson):
		return "--headless plays only the emulator's pages (kakaologin mock, login --mock): open the URL in a browser instead (drop --headless)"
	case errors.As(err, &pErr):
		return serverURLHint(pErr)
	}
	return ""
}

// serverURLHint asks whether the URL flag points at Kakao when the answer
// looks like another web server's: a 404, or an HTML page that is not a
// 5xx (a proxy's error page for a Kakao that failed says nothing of the
// URL). "" otherwise.
func serverURLHint(e *flow.ProtocolError) string {
	if e.Status != 404 && (!e.HTML() || e.Status >= 500) {
		return ""
	}
	switch e.Server {
	case flow.ServerAPI:
		return "is --api-url (KAKAOLOGIN_API_URL) Kakao's API server or kakaologin mock?"
	case flow.ServerAuth:
		return "is --auth-url (KAKAOLOGIN_AUTH_URL) Kakao's auth server or kakaologin mock?"
	}
	return "are --auth-url and --api-url (KAKAOLOGIN_AUTH_URL, KAKAOLOGIN_API_URL) Kakao's servers or kakaologin mock?"
}

// catalogFix is the catalogue's fix for code, in CLI words (see
// cliFixes), "" when there is none.
func catalogFix(code string) string {
	if code == "" {
		return ""
	}
	if e, ok := lookupError(code); ok {
		return e.Fix
	}
	return ""
}

// cliFixes are the fixes of flow's catalogue for the codes a kakaologin
// flag, variable or command fixes. flow's own fix speaks of the request
// (client_id, redirect_uri, scope), as a library must; these say which
// flag sets it. errors_test.go checks each code is in the catalogue.
var cliFixes = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"KOE002": "check --auth-url (or KAKAOLOGIN_AUTH_URL): it must be the auth server's base URL, https://kauth.kakao.com, without a path",
		"KOE006": "register exactly this redirect URI for this REST API key (Kakao Developers console: " + flow.ConsoleKeyMenu +
			" > Redirect URI; scheme, host, port and path must match), or pass --redirect-uri with one that is",
		"KOE008": "use the REST API key (" + flow.ConsoleKeyMenu + ") as --client-id or KAKAO_REST_API_KEY",
		"KOE010": "the key has its client secret on: pass the right --client-secret (or KAKAO_CLIENT_SECRET), or turn the client secret off (Kakao Developers console: " +
			flow.ConsoleKeyMenu + " > Client secret)",
		"KOE101": "the client_id is not a REST API key of a registered app: check --client-id (or KAKAO_REST_API_KEY) against " + flow.ConsoleKeyMenu,
		"KOE205": "a requested consent item is not set up for the app: configure it in the Kakao Developers console (" + flow.ConsoleConsentMenu +
			"; account_email needs a business app; for openid, turn OpenID Connect on under " + flow.ConsoleLoginMenu + ") or drop it from --scope",
		"KOE319": "no refresh token was sent: pass --refresh-token (or log in with --save so one is kept)",
		"KOE_MOCK_LOGIN_HINT": "pass --login-hint with the email or id of a test user (GET /_emulator/users lists them), " +
			"or add the user: start kakaologin mock --test-users FILE, or POST /_emulator/users to the running mock",
		"-301": "check the app key (--client-id or KAKAO_REST_API_KEY) against " + flow.ConsoleKeyMenu,
		"-401": "the access token is invalid or expired: refresh it (kakaologin token refresh) or log in again",
		"-402": "the user has not consented to an item this call needs: log in again with --scope listing the required_scopes (set up under " +
			flow.ConsoleConsentMenu + ")",
	}
})

// cliErrorInfo is e with its fix in CLI words.
func cliErrorInfo(e flow.ErrorInfo) flow.ErrorInfo {
	if fix, ok := cliFixes()[e.Code]; ok {
		e.Fix = fix
	}
	return e
}

// lookupError is flow.LookupError with the fix in CLI words.
func lookupError(code string) (flow.ErrorInfo, bool) {
	e, ok := flow.LookupError(code)
	return cliErrorInfo(e), ok
}

// cliCatalog is flow.Catalog with the fixes in CLI words.
func cliCatalog() []flow.ErrorInfo {
	all := flow.Catalog()
	for i := range all {
		all[i] = cliErrorInfo(all[i])
	}
	return all
}

// isCobraUsage recognises the errors cobra makes itself for unknown
// commands, which have no type of their own.
func isCobraUsage(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") || strings.HasPrefix(msg, "unknown shorthand flag") ||
		strings.HasPrefix(msg, "unknown flag")
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
