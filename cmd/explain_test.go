package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow"
)

// bufferFactory is a Factory on buffers with env as the environment.
func bufferFactory(env map[string]string) (f *Factory, stdout, stderr *bytes.Buffer) {
	stdout, stderr = new(bytes.Buffer), new(bytes.Buffer)
	return &Factory{
		IO:          &IOStreams{In: strings.NewReader(""), Out: stdout, ErrOut: stderr},
		Getenv:      func(k string) string { return env[k] },
		HTTPClient:  &http.Client{Timeout: 5 * time.Second},
		OpenBrowser: func(string) error { return errors.New("no browser in tests") },
		Now:         time.Now,
	}, stdout, stderr
}

// runWith runs the whole command tree on f and returns the exit code.
func runWith(t *testing.T, f *Factory, args ...string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return Run(ctx, f, args)
}

func TestExplainArgsToOptions(t *testing.T) {
	for _, tc := range []struct {
		args []string
		tty  bool
		want ExplainOptions
	}{
		{[]string{"KOE006"}, false, ExplainOptions{Code: "KOE006", Format: "json"}},
		{[]string{"KOE006"}, true, ExplainOptions{Code: "KOE006", Format: "table"}},
		{[]string{"-401"}, false, ExplainOptions{Code: "-401", Format: "json"}},
		{[]string{"-401", "-o", "table"}, false, ExplainOptions{Code: "-401", Format: "table"}},
		{[]string{"--output", "json", "-9798"}, true, ExplainOptions{Code: "-9798", Format: "json"}},
		{[]string{"--", "-401"}, false, ExplainOptions{Code: "-401", Format: "json"}},
		{[]string{"401"}, false, ExplainOptions{Code: "401", Format: "json"}},
		{[]string{"--list"}, false, ExplainOptions{List: true, Format: "json"}},
		{[]string{"--list", "--output=table"}, false, ExplainOptions{List: true, Format: "table"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			f, _, _ := bufferFactory(nil)
			f.IO.OutTTY = tc.tty
			var got *ExplainOptions
			c := NewCmdExplain(f, func(o *ExplainOptions) error { got = o; return nil })
			c.SetArgs(tc.args)
			if err := c.Execute(); err != nil {
				t.Fatal(err)
			}
			got.IO = nil
			if *got != tc.want {
				t.Errorf("options %+v, want %+v", *got, tc.want)
			}
		})
	}
}

func TestExplainUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "explain: give one error code"},
		{[]string{"KOE006", "KOE010"}, "explain: give one error code"},
		{[]string{"KOE006", "--list"}, "not both"},
		{[]string{"-401", "--list"}, "not both"},
		{[]string{"KOE006", "--output", "yaml"}, `--output "yaml": want json or table`},
		{[]string{"--bogus"}, "unknown flag: --bogus (see kakaologin explain --help)"},
		{[]string{"KOE999"}, `unknown error code "KOE999": kakaologin explain --list shows the known codes`},
		{[]string{" koe777 "}, `unknown error code "koe777"`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			f, stdout, stderr := bufferFactory(nil)
			if code := runWith(t, f, append([]string{"explain"}, tc.args...)...); code != ExitUsage {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(stderr.String(), tc.want) || strings.Count(stderr.String(), "\n") != 1 {
				t.Errorf("stderr %q, want one line with %q", stderr, tc.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
}

func TestExplainCodeJSON(t *testing.T) {
	for _, arg := range []string{"-401", "401", " -401 "} {
		f, stdout, stderr := bufferFactory(nil)
		if code := runWith(t, f, "explain", arg); code != 0 {
			t.Fatalf("explain %q: exit %d: %s", arg, code, stderr)
		}
		var got flow.ErrorInfo
		if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		want, _ := lookupError("-401") // the entry, its fix in CLI words
		if got != want {
			t.Errorf("explain %q = %+v, want %+v", arg, got, want)
		}
	}
	f, stdout, _ := bufferFactory(nil)
	runWith(t, f, "explain", "koe006")
	if !strings.Contains(stdout.String(), `[App] > [Platform keys] > [REST API key] > Redirect URI`) {
		t.Errorf("console path is escaped or missing:\n%s", stdout)
	}
}

func TestExplainCodeTable(t *testing.T) {
	f, stdout, _ := bufferFactory(nil)
	if code := runWith(t, f, "explain", "koe320", "-o", "table"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"Code:     KOE320\n", "HTTP:     400\n", "Error:    invalid_grant\n", "Sent by:  auth server", "Fix:      start the login again"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("missing %q in\n%s", want, stdout)
		}
	}
	f, stdout, _ = bufferFactory(nil)
	runWith(t, f, "explain", "KOE_MOCK_PKCE", "-o", "table")
	if !strings.Contains(stdout.String(), "emulator only") {
		t.Errorf("emulator-only code not marked:\n%s", stdout)
	}
}

func TestExplainList(t *testing.T) {
	f, stdout, _ := bufferFactory(nil)
	if code := runWith(t, f, "explain", "--list"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	var all []flow.ErrorInfo
	if err := json.Unmarshal(stdout.Bytes(), &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != len(flow.Catalog()) || all[0] != flow.Catalog()[0] {
		t.Errorf("--list gave %d entries, want the %d of the catalogue", len(all), len(flow.Catalog()))
	}

	f, stdout, _ = bufferFactory(nil)
	f.IO.OutTTY = true
	f.IO.NoColor = true // colour: table_test.go
	if code := runWith(t, f, "explain", "--list"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != len(all)+1 {
		t.Fatalf("%d lines, want a header and %d rows", len(lines), len(all))
	}
	if strings.Join(strings.Fields(lines[0]), " ") != "CODE HTTP ERROR MEANING" {
		t.Errorf("header %q", lines[0])
	}
	for _, l := range lines {
		if n := len([]rune(l)); n > 120 {
			t.Errorf("line of %d runes: %q", n, l)
		}
	}
	if !strings.HasPrefix(lines[len(lines)-1], "-9798 ") {
		t.Errorf("last row %q, want -9798", lines[len(lines)-1])
	}
}

func TestExplainHelp(t *testing.T) {
	f, stdout, stderr := bufferFactory(nil)
	if code := runWith(t, f, "explain", "--help"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout.String(), "kakaologin explain -401") || !strings.Contains(stdout.String(), "--list") {
		t.Errorf("help:\n%s", stdout)
	}
}

func TestExplainErrorUsesCatalogue(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("exchange code: %w", &flow.AuthError{Status: 400, Err: "invalid_grant", Description: "authorization code not found for code=Aq0FvR0rbKsAmFQYl_Nt7t", Code: "KOE320"}),
			"exchange code: KOE320 invalid_grant: authorization code not found for code=Aq0FvR…: start the login again (codes are single use and expire after about 10 minutes)"},
		{&flow.AuthError{Status: 401, Err: "invalid_client", Description: "Bad client credentials", Code: "KOE010"},
			"KOE010 invalid_client: Bad client credentials: the key has its client secret on: pass the right --client-secret (or KAKAO_CLIENT_SECRET), or turn the client secret off"},
		{&flow.AuthError{Status: 400, Err: "error page", Description: "redirect_uri mismatch", Code: "KOE006"},
			"KOE006 error page: redirect_uri mismatch: register exactly this redirect URI for this REST API key"},
		{&flow.AuthError{Status: 400, Err: "invalid_request", Description: "something new", Code: "KOE999"},
			"KOE999 invalid_request: something new"},
		{&flow.AuthError{Status: 400, Err: "invalid_request", Description: "no code"},
			"invalid_request: no code"},
		{&flow.APIError{Status: 401, Code: -401, Msg: "this access token does not exist"},
			"API error -401: this access token does not exist: the access token is invalid or expired: refresh it"},
		{&flow.APIError{Status: 400, Code: -7777, Msg: "new"}, "API error -7777: new"},
		{&flow.CallbackError{Err: "access_denied", Description: "User denied access"},
			"authorization failed: access_denied: User denied access: the user pressed Cancel"},
		{&flow.CallbackError{Err: "invalid_scope", Description: "bad scope", Code: "KOE205"},
			"authorization failed: invalid_scope: bad scope: a requested consent item is not set up"},
		{errors.New("plain"), "plain"},
	} {
		got := explainError(tc.err)
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("explainError(%v)\n got %q\nwant %q...", tc.err, got, tc.want)
		}
		if strings.HasSuffix(tc.want, "new") || tc.want == "plain" || strings.HasSuffix(tc.want, "no code") {
			if got != tc.want {
				t.Errorf("unknown code: got %q, want it unchanged", got)
			}
		}
	}
}
