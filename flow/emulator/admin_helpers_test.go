package emulator_test

import (
	"net/http"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// admin calls the emulator's own API under /_emulator/ with a JSON body.
func (v *env) admin(method, path, body string) response {
	v.t.Helper()
	return v.do(method, path, jsonHeader, body)
}

// adminOK calls the admin API and fails the test unless it answers status.
func (v *env) adminOK(method, path, body string, status int) response {
	v.t.Helper()
	res := v.admin(method, path, body)
	if res.status != status {
		v.t.Fatalf("%s %s %s: %d %s", method, path, body, res.status, res.body)
	}
	return res
}

// newEmulator builds an emulator for tests that call its Go API.
func newEmulator(t *testing.T, cfg emulator.Config) *emulator.Emulator {
	t.Helper()
	e, err := emulator.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
