package cmd

import (
	"io"
	"strings"
	"testing"
)

// endless is stdin that never ends a line; it gives up (EOF) after limit
// bytes so that a reader without a bound fails the test instead of
// exhausting memory.
type endless struct{ read, limit int }

func (e *endless) Read(p []byte) (int, error) {
	if e.read >= e.limit {
		return 0, io.EOF
	}
	n := min(len(p), e.limit-e.read)
	for i := range p[:n] {
		p[i] = 'a'
	}
	e.read += n
	return n, nil
}

// --token - reads at most 64 KiB of stdin: 300 MB on stdin used to take
// 905 MB of memory and then be sent as a header.
func TestTokenFromStdinIsBounded(t *testing.T) {
	srv, n := recorder(t)
	in := &endless{limit: 8 << 20}
	code, stdout, stderr := runCLIStdin(t, map[string]string{"KAKAOLOGIN_API_URL": srv.URL}, in, "profile", "--token", "-")
	if code != ExitUsage || stdout != "" || n.Load() != 0 {
		t.Fatalf("exit %d, %d requests, stderr %q", code, n.Load(), stderr)
	}
	if in.read > maxTokenLen+1 {
		t.Errorf("read %d bytes of stdin, want at most %d", in.read, maxTokenLen+1)
	}
	if !strings.Contains(stderr, "read access token from stdin: no end of line in the first 64 KiB") {
		t.Errorf("stderr = %q", stderr)
	}
}

// A token with a control character is bad input (exit 2, saying which
// source and where), not "cannot reach the server" (exit 6); nothing is sent.
func TestTokenWithControlCharacterIsUsageError(t *testing.T) {
	srv, n := recorder(t)
	base := map[string]string{"KAKAOLOGIN_API_URL": srv.URL, "KAKAOLOGIN_AUTH_URL": srv.URL, "KAKAO_REST_API_KEY": "k"}
	for _, c := range []struct {
		name  string
		env   map[string]string
		stdin string
		args  []string
		want  string
	}{
		{"NUL in --token", nil, "", []string{"profile", "--token", "abc\x00def"}, "the access token from --token has a control character (byte 0x00 at offset 3)"},
		{"CR LF in env", map[string]string{"KAKAO_ACCESS_TOKEN": "abc\r\nX-Injected: 1"}, "", []string{"token", "info"}, "the access token from KAKAO_ACCESS_TOKEN has a control character (byte 0x0d at offset 3)"},
		{"NUL on stdin", nil, "abc\x00def\n", []string{"logout", "--token", "-"}, "the access token from stdin has a control character (byte 0x00 at offset 3)"},
		{"LF in --refresh-token", nil, "", []string{"token", "refresh", "--refresh-token", "r1\nr2"}, "the refresh token from --refresh-token has a control character (byte 0x0a at offset 2)"},
		{"ESC in env refresh token", map[string]string{"KAKAO_REFRESH_TOKEN": "r\x1b[2J"}, "", []string{"token", "refresh"}, "the refresh token from KAKAO_REFRESH_TOKEN has a control character (byte 0x1b at offset 1)"},
		{"too long --token", nil, "", []string{"profile", "--token", strings.Repeat("a", maxTokenLen+1)}, "the access token from --token is 65537 bytes, more than the 64 KiB a token can be"},
	} {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for k, v := range c.env {
			env[k] = v
		}
		code, stdout, stderr := runCLIStdin(t, env, strings.NewReader(c.stdin), c.args...)
		if code != ExitUsage || stdout != "" || n.Load() != 0 {
			t.Errorf("%s: exit %d, %d requests, stderr %q", c.name, code, n.Load(), stderr)
		}
		if !strings.Contains(stderr, c.want) || strings.ContainsAny(stderr, "\x00\r\x1b") {
			t.Errorf("%s: stderr = %q, want %q", c.name, stderr, c.want)
		}
	}
}
