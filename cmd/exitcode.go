package cmd

import (
	"context"
	"errors"
	"net"
	"net/url"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/tokenfile"
)

// Exit codes, the same for every command. README.md and `kakaologin --help`
// show this table; exit_test.go checks both against it.
const (
	ExitOK          = 0   // success
	ExitError       = 1   // unexpected failure (I/O, a bug)
	ExitUsage       = 2   // bad flag, argument or configuration
	ExitDenied      = 3   // the user cancelled or did not consent
	ExitTimeout     = 4   // no callback before --timeout
	ExitKakao       = 5   // Kakao answered with an error (KOE code or API error)
	ExitProtocol    = 6   // server unreachable, unexpected answer, or state mismatch
	ExitConflict    = 7   // login --record: the backend would refuse this login
	ExitStore       = 8   // the local database cannot be used
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
	{ExitDenied, "the user cancelled or did not consent (access_denied, consent_required)"},
	{ExitTimeout, "no callback arrived before --timeout"},
	{ExitKakao, "Kakao answered with an error (KOExxx or an API error code)"},
	{ExitProtocol, "server unreachable, unexpected answer, or state mismatch"},
	{ExitConflict, "login --record / users record: the backend would refuse this login"},
	{ExitStore, "the local database cannot be used (not SQLite, newer version, read-only)"},
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
	case errors.As(err, &aErr), errors.As(err, &apErr):
		return ExitKakao
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
