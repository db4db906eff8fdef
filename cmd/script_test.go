package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

// TestMain lets testscript run this test binary as the `kakaologin` command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kakaologin": func() {
			os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs the CLI scripts in testdata/script: one behaviour each.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "../testdata/script",
		Setup: func(env *testscript.Env) error {
			// Never let a developer's own settings leak into a script.
			for _, k := range []string{"KAKAO_REST_API_KEY", "KAKAO_CLIENT_SECRET", "KAKAO_REDIRECT_URI",
				"KAKAOLOGIN_AUTH_URL", "KAKAOLOGIN_API_URL", "KAKAOLOGIN_DB", "KAKAOLOGIN_RULES", "KAKAO_ACCESS_TOKEN", "KAKAO_REFRESH_TOKEN"} {
				env.Setenv(k, "")
			}
			env.Setenv("XDG_DATA_HOME", env.WorkDir+"/xdg-data")
			env.Setenv("XDG_CONFIG_HOME", env.WorkDir+"/xdg-config")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"jsonfield":  cmdJSONField,
			"jsonget":    cmdJSONGet,
			"mockserver": cmdMockServer,
			"exits":      cmdExits,
			"kmock":      cmdKMock,
			"emu":        cmdEmu,
		},
	})
}

// cmdJSONField: jsonfield FILE PATH WANT — FILE (or stdout) holds exactly
// one JSON document whose value at the dotted PATH is, as compact JSON
// text, WANT. Numbers in PATH index arrays. PATH "." means the whole document; WANT "-" only checks that
// the document is a single valid JSON value.
func cmdJSONField(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: jsonfield FILE PATH WANT")
	}
	data := []byte(ts.ReadFile(args[0]))
	got, err := jsonAt(data, args[1])
	if err != nil {
		if neg {
			return
		}
		ts.Fatalf("%v", err)
	}
	match := args[2] == "-" || got == args[2]
	if match == neg {
		ts.Fatalf("jsonfield %s = %s, want %s%s", args[1], got, map[bool]string{true: "not "}[neg], args[2])
	}
}

// cmdExits: exits N PROGRAM ARGS... — runs the program like exec and
// checks that its exit code is exactly N.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits N PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// cmdJSONGet: jsonget FILE PATH NAME — sets the environment variable NAME
// to the string at the dotted PATH of the JSON document in FILE.
func cmdJSONGet(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 || neg {
		ts.Fatalf("usage: jsonget FILE PATH NAME")
	}
	got, err := jsonAt([]byte(ts.ReadFile(args[0])), args[1])
	if err != nil {
		ts.Fatalf("%v", err)
	}
	var s string
	if err := json.Unmarshal([]byte(got), &s); err != nil {
		ts.Fatalf("%s is %s, not a string", args[1], got)
	}
	ts.Setenv(args[2], s)
}

// cmdMockServer: mockserver [SECRET] — starts an emulator on loopback for
// the rest of the script and points kakaologin at it through the
// environment, with a free callback port registered as the redirect URI.
func cmdMockServer(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 1 {
		ts.Fatalf("usage: mockserver [SECRET]")
	}
	secret := ""
	if len(args) == 1 {
		secret = args[0]
	}
	k, err := emulatortest.New(emulatortest.WithSecret(secret), emulatortest.WithPages()) // as kakaologin mock
	if err != nil {
		ts.Fatalf("%v", err)
	}
	ts.Defer(k.Close)
	for name, v := range kakaoEnv(k) {
		ts.Setenv(name, v)
	}
}

func jsonAt(data []byte, path string) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("not JSON: %v", err)
	}
	if dec.More() {
		return "", fmt.Errorf("more than one JSON document")
	}
	if path != "." {
		for _, k := range strings.Split(path, ".") {
			switch node := v.(type) {
			case map[string]any:
				var ok bool
				if v, ok = node[k]; !ok {
					return "", fmt.Errorf("%s: no key %q", path, k)
				}
			case []any:
				i, err := strconv.Atoi(k)
				if err != nil || i < 0 || i >= len(node) {
					return "", fmt.Errorf("%s: no index %q in an array of %d", path, k, len(node))
				}
				v = node[i]
			default:
				return "", fmt.Errorf("%s: nothing below %q", path, k)
			}
		}
	}
	out, err := json.Marshal(v)
	return string(out), err
}
