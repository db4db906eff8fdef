package cmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/localdb"
)

// Local I/O errors are not "server unreachable": syscall.Errno looks like a
// net.Error (it has Timeout and Temporary) but comes from a file.
func TestExitCodeByOrigin(t *testing.T) {
	for name, c := range map[string]struct {
		err  error
		want int
	}{
		"write to a full disk":    {fmt.Errorf("write: %w", &fs.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}), ExitError},
		"token save, read-only":   {fmt.Errorf("save token: %w", &fs.PathError{Op: "open", Path: "/x/.token-1.json", Err: syscall.EROFS}), ExitError},
		"bare errno":              {syscall.EACCES, ExitError},
		"read-only database":      {fmt.Errorf("open db: %w", errors.Join(localdb.ErrReadOnly, &fs.PathError{Op: "open", Path: "/x/db", Err: syscall.EROFS})), ExitStore},
		"unreadable database":     {fmt.Errorf("open db: %w", errors.Join(localdb.ErrNotDatabase, syscall.EACCES)), ExitStore},
		"HTTP request failed":     {&url.Error{Op: "Post", URL: "http://127.0.0.1:1/oauth/token", Err: syscall.ECONNREFUSED}, ExitProtocol},
		"dial failed":             {&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, ExitProtocol},
		"DNS lookup failed":       {fmt.Errorf("x: %w", &net.DNSError{Err: "no such host", Name: "kauth.kakao.invalid"}), ExitProtocol},
		"request timed out (url)": {&url.Error{Op: "Get", URL: "http://x", Err: context.DeadlineExceeded}, ExitProtocol},
	} {
		if got := exitCode(c.err); got != c.want {
			t.Errorf("%s: exitCode(%v) = %d, want %d", name, c.err, got, c.want)
		}
	}
}

// A failed write of the JSON document to a full device is an I/O error
// (exit 1), not an unreachable server (exit 6).
func TestWriteToDevFullExits1(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	var errOut strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	code := Main(ctx, []string{"explain", "KOE320", "--output", "json"}, strings.NewReader(""), full, &errOut)
	if code != ExitError {
		t.Errorf("exit %d, want %d; stderr %q", code, ExitError, errOut.String())
	}
	if !strings.Contains(errOut.String(), "no space left on device") || strings.Contains(errOut.String(), "cannot reach") {
		t.Errorf("stderr = %q", errOut.String())
	}
}
