package cmd

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestBackendScripts runs testdata/backend: login --backend against a
// fake django-allauth backend, and mock -- CMD, through the whole CLI.
func TestBackendScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "../testdata/backend",
		Setup: func(env *testscript.Env) error {
			for _, k := range []string{"KAKAO_REST_API_KEY", "KAKAO_CLIENT_SECRET", "KAKAO_REDIRECT_URI",
				"KAKAOLOGIN_AUTH_URL", "KAKAOLOGIN_API_URL", "KAKAOLOGIN_DB", "KAKAO_ACCESS_TOKEN", "KAKAO_REFRESH_TOKEN"} {
				env.Setenv(k, "")
			}
			env.Setenv("XDG_DATA_HOME", env.WorkDir+"/xdg-data")
			env.Setenv("XDG_CONFIG_HOME", env.WorkDir+"/xdg-config")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"jsonfield":     cmdJSONField,
			"jsonget":       cmdJSONGet,
			"mockserver":    cmdMockServer,
			"exits":         cmdExits,
			"fakebackend":   cmdFakeBackend,
			"staticbackend": cmdStaticBackend,
			"waitfile":      cmdWaitFile,
			"freeport":      cmdFreePort,
		},
	})
}

// cmdFakeBackend: fakebackend KAKAO_URL [LOCAL_EMAIL] — starts the fake
// django-allauth backend (see fakeDjango) on loopback for the rest of the
// script, using the Kakao (or emulator) at KAKAO_URL, with a local
// password user LOCAL_EMAIL, and sets BACKEND_URL to its login URL.
func cmdFakeBackend(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: fakebackend KAKAO_URL [LOCAL_EMAIL]")
	}
	d := &fakeDjango{kakaoURL: args[0], users: map[string]int{}, social: map[string]int{}}
	if len(args) == 2 {
		d.seedLocalUser(args[1])
	}
	srv := httptest.NewServer(d)
	ts.Defer(srv.Close)
	ts.Setenv("BACKEND_URL", srv.URL+"/accounts/kakao/login/finish/")
}

// cmdStaticBackend: staticbackend VAR STATUS FILE — starts a server that
// answers every request with STATUS and FILE's content (application/json
// when it is JSON, else text/html), and sets VAR to its login URL.
// STATUS "slow" answers nothing for a minute.
func cmdStaticBackend(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: staticbackend VAR STATUS|slow FILE")
	}
	body := ts.ReadFile(args[2])
	status, err := strconv.Atoi(args[1])
	if err != nil && args[1] != "slow" {
		ts.Fatalf("staticbackend: status %q", args[1])
	}
	ct := "text/html; charset=utf-8"
	if json.Valid([]byte(body)) {
		ct = "application/json"
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		if args[1] == "slow" {
			select {
			case <-r.Context().Done():
			case <-time.After(time.Minute):
			}
			return
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	ts.Defer(srv.Close)
	ts.Setenv(args[0], srv.URL+"/accounts/kakao/login/finish/")
}

// cmdWaitFile: waitfile FILE [VAR] — waits up to 10 s for FILE to exist
// and hold a line, then sets VAR to its content without the newline.
func cmdWaitFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: waitfile FILE [VAR]")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	path := ts.MkAbs(args[0])
	for {
		if data, err := os.ReadFile(path); err == nil && strings.HasSuffix(string(data), "\n") {
			if len(args) == 2 {
				ts.Setenv(args[1], strings.TrimSuffix(string(data), "\n"))
			}
			return
		}
		select {
		case <-ctx.Done():
			ts.Fatalf("waitfile: %s did not appear in 10s", args[0])
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// cmdFreePort: freeport VAR — sets VAR to a loopback port that was free
// a moment ago (for a redirect URI both the emulator and the login use;
// the default port 8734 may be taken by a test running beside).
func cmdFreePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport VAR")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ts.Fatalf("%v", err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	ts.Setenv(args[0], port)
}
