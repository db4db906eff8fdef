package flow

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A DNS-rebinding page reaches the callback port under its own host name:
// such requests are refused even with the right state.
func TestCallbackRefusesForeignHost(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := listenTest(t)
	var got reports
	srv.OnIgnored(got.add)
	u, _ := url.Parse(srv.RedirectURI())
	port := u.Port()
	answer := srv.RedirectURI() + "?code=c&state=" + srv.State()
	for _, host := range []string{"evil.example:" + port, "evil.example", "127.0.0.1.evil.example:" + port, "localhost.evil.example"} {
		if status, _ := request(ctx, t, answer, host); status != http.StatusMisdirectedRequest {
			t.Errorf("Host %s: status %d, want 421", host, status)
		}
	}
	stillWaiting(t, srv)
	if r := got.all(); len(r) != 4 || !strings.Contains(strings.Join(r, "|"), `host "evil.example:`+port+`"`) {
		t.Errorf("reports = %q, want one per refused answer naming the host", r)
	}
	// Loopback names in any form are served (404 off the callback path).
	for _, host := range []string{"localhost:" + port, "LOCALHOST:" + port, "127.0.0.1:" + port, "127.3.4.5", "[::1]:" + port} {
		if status, _ := request(ctx, t, "http://"+u.Host+"/favicon.ico", host); status != http.StatusNotFound {
			t.Errorf("Host %s: status %d, want 404", host, status)
		}
	}
	if status, _ := request(ctx, t, answer, "localhost:"+port); status != http.StatusOK {
		t.Errorf("real answer: status %d", status)
	}
	if cb, err := srv.Wait(ctx); err != nil || cb.Code != "c" {
		t.Fatalf("Wait = %+v, %v", cb, err)
	}
}
