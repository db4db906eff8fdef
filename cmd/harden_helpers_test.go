package cmd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// runCLIStdin is runCLI with stdin, and an HTTP client that can only reach
// loopback: a test that leaves a URL at its default (Kakao) fails instead
// of going to the network.
func runCLIStdin(t *testing.T, env map[string]string, stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	dialer := &net.Dialer{Timeout: 2 * time.Second}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, _ := net.SplitHostPort(addr)
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return nil, fmt.Errorf("test: no network beyond loopback (dial %s)", addr)
			}
			return dialer.DialContext(ctx, network, addr)
		},
	}}
	f := &Factory{
		IO:          &IOStreams{In: stdin, Out: &out, ErrOut: &errOut},
		Getenv:      func(k string) string { return env[k] },
		HTTPClient:  client,
		OpenBrowser: func(string) error { t.Error("a browser was opened"); return nil },
		Now:         time.Now,
	}
	code = Run(ctx, f, args)
	return code, out.String(), errOut.String()
}
