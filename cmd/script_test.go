package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
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
				"KAKAOLOGIN_AUTH_URL", "KAKAOLOGIN_API_URL", "KAKAOLOGIN_DB", "KAKAO_ACCESS_TOKEN", "KAKAO_REFRESH_TOKEN"} {
				env.Setenv(k, "")
			}
			env.Setenv("XDG_DATA_HOME", env.WorkDir+"/xdg-data")
			env.Setenv("XDG_CONFIG_HOME", env.WorkDir+"/xdg-config")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"jsonfield": cmdJSONField,
		},
	})
}

// cmdJSONField: jsonfield FILE PATH WANT — FILE (or stdout) holds exactly
// one JSON document whose value at the dotted PATH is, as compact JSON
// text, WANT. PATH "." means the whole document; WANT "-" only checks that
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
			m, ok := v.(map[string]any)
			if !ok {
				return "", fmt.Errorf("%s: not an object at %q", path, k)
			}
			if v, ok = m[k]; !ok {
				return "", fmt.Errorf("%s: no key %q", path, k)
			}
		}
	}
	out, err := json.Marshal(v)
	return string(out), err
}
