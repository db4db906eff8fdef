package emulator_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// hostGet sends method path to srv with the Host header host.
func hostGet(ctx context.Context, t *testing.T, srv *httptest.Server, method, path, host string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, srv.URL+path, strings.NewReader(url.Values{"grant_type": {"authorization_code"}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Host = host
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var doc map[string]any
	json.Unmarshal(body, &doc)
	return resp.StatusCode, doc
}

// A DNS-rebinding page reaches a loopback emulator under its own name: it
// must not be able to read the users or use the token endpoint.
func TestEmulatorRefusesForeignHost(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	em, err := emulator.New(emulator.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	defer srv.Close()
	port := strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port)
	for _, host := range []string{"evil.example:" + port, "evil.example", "localhost.evil.example:" + port} {
		status, doc := hostGet(ctx, t, srv, http.MethodGet, "/_emulator/users", host)
		if status != http.StatusMisdirectedRequest || doc["msg"] == nil {
			t.Errorf("GET /_emulator/users for %s = %d %v, want 421 in the kapi shape", host, status, doc)
		}
		status, doc = hostGet(ctx, t, srv, http.MethodPost, "/oauth/token", host)
		if status != http.StatusMisdirectedRequest || doc["error"] != "misdirected_request" {
			t.Errorf("POST /oauth/token for %s = %d %v, want 421 in the kauth shape", host, status, doc)
		}
	}
	for _, host := range []string{"localhost:" + port, "LOCALHOST", "127.0.0.1:" + port, "127.9.9.9", "[::1]:" + port} {
		if status, _ := hostGet(ctx, t, srv, http.MethodGet, "/_emulator/users", host); status != http.StatusOK {
			t.Errorf("GET /_emulator/users for %s = %d, want 200", host, status)
		}
	}
}

func TestEmulatorAllowAnyHost(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	em, err := emulator.New(emulator.Config{AllowAnyHost: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	defer srv.Close()
	if status, _ := hostGet(ctx, t, srv, http.MethodGet, "/_emulator/users", "kakao-mock.internal:8735"); status != http.StatusOK {
		t.Errorf("AllowAnyHost: status %d, want 200", status)
	}
}
