package cmd

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestPagerCommand(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{nil, "less -FRX"},
		{map[string]string{"PAGER": "more"}, "more"},
		{map[string]string{"PAGER": "more", "KAKAOLOGIN_PAGER": "less -S"}, "less -S"}, // ours wins
		{map[string]string{"PAGER": "more", "KAKAOLOGIN_PAGER": ""}, ""},               // set but empty: none
		{map[string]string{"PAGER": ""}, ""},
		{map[string]string{"PAGER": "cat"}, ""},
		{map[string]string{"KAKAOLOGIN_PAGER": " cat "}, ""},
		{map[string]string{"TERM": "dumb"}, ""},                      // less would stop at a prompt
		{map[string]string{"TERM": "dumb", "PAGER": "more"}, "more"}, // asked for: given
		{map[string]string{"TERM": "xterm-256color"}, "less -FRX"},
	} {
		got := pagerCommand(func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
		if got != tc.want {
			t.Errorf("%v: %q, want %q", tc.env, got, tc.want)
		}
	}
}

// fakePager is a pager that writes what it reads to a file, and the path
// of that file.
func fakePager(t *testing.T) (command, paged string) {
	t.Helper()
	dir := t.TempDir()
	paged = filepath.Join(dir, "paged.txt")
	script := filepath.Join(dir, "pager.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\ncat > '"+paged+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return script, paged
}

// On a terminal a table goes through the pager, which gets the whole
// layout, colour included; nothing reaches stdout past it.
func TestTablePagedOnTerminal(t *testing.T) {
	pager, paged := fakePager(t)
	f, stdout, stderr := bufferFactory(nil)
	f.IO.OutTTY, f.IO.Pager = true, pager
	if code := runWith(t, f, "explain", "--list"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, err := os.ReadFile(paged)
	if err != nil {
		t.Fatalf("not paged: %v; stdout:\n%s", err, stdout)
	}
	if !strings.HasPrefix(string(got), "\x1b[1mCODE\x1b[0m") || !strings.Contains(string(got), "KOE006") {
		t.Errorf("paged:\n%q", got)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout besides the pager: %q", stdout)
	}
}

// Never when piped, nor with --no-pager; and JSON is never paged.
func TestTableNotPaged(t *testing.T) {
	for _, tc := range []struct {
		name string
		tty  bool
		args []string
	}{
		{"piped", false, []string{"explain", "--list", "--output", "table"}},
		{"--no-pager", true, []string{"--no-pager", "explain", "--list"}},
		{"--no-pager after the command", true, []string{"explain", "--list", "--no-pager"}},
		{"json", true, []string{"explain", "--list", "--output", "json"}},
		{"--jq", true, []string{"explain", "--list", "--jq", ".[0].code"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pager, paged := fakePager(t)
			f, stdout, stderr := bufferFactory(nil)
			f.IO.OutTTY, f.IO.Pager = tc.tty, pager
			if code := runWith(t, f, tc.args...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if _, err := os.Stat(paged); err == nil {
				t.Errorf("paged")
			}
			if !strings.Contains(stdout.String(), "KOE001") {
				t.Errorf("stdout:\n%s", stdout)
			}
		})
	}
}

// The pager comes from the environment as newIOStreams reads it:
// KAKAOLOGIN_PAGER, set but empty, turns PAGER off.
func TestPagerFromEnvironment(t *testing.T) {
	pager, paged := fakePager(t)
	run := func() string {
		t.Helper()
		f, stdout, stderr := bufferFactory(nil)
		f.IO = newIOStreams(f.IO.In, stdout, stderr, func(string) string { return "" })
		f.IO.OutTTY = true // a fake terminal
		if code := runWith(t, f, "explain", "--list"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return stdout.String()
	}

	t.Setenv("PAGER", pager)
	os.Unsetenv("KAKAOLOGIN_PAGER")
	if out := run(); out != "" {
		t.Errorf("PAGER set: stdout %q, want all in the pager", out)
	}
	if _, err := os.Stat(paged); err != nil {
		t.Errorf("PAGER set: not paged: %v", err)
	}
	os.Remove(paged)

	t.Setenv("KAKAOLOGIN_PAGER", "")
	if out := run(); !strings.Contains(out, "KOE001") {
		t.Errorf("KAKAOLOGIN_PAGER=: stdout %q", out)
	}
	if _, err := os.Stat(paged); err == nil {
		t.Errorf("KAKAOLOGIN_PAGER=: paged through PAGER")
	}
}

// A pager that quits before reading everything (q in less) is no error,
// however much was left to write; a pager that is not installed means no
// pager.
func TestPagerQuitsOrIsMissing(t *testing.T) {
	tb := newTable(true, column{name: "ID"}, column{name: "NICKNAME"})
	for i := range 20000 { // far more than a pipe holds
		tb.addRow(strconv.Itoa(i), "닉네임")
	}
	var stdout, stderr bytes.Buffer
	s := &IOStreams{Out: &stdout, ErrOut: &stderr, OutTTY: true, Pager: "head -c 1 >/dev/null"}
	s.useTable()
	if _, err := io.Copy(s.Out, tb); err != nil || stderr.Len() != 0 {
		t.Errorf("pager quit early: %v, stderr %q", err, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout past the pager: %d bytes", stdout.Len())
	}

	s = &IOStreams{Out: &stdout, ErrOut: &stderr, OutTTY: true, NoColor: true, Pager: "no-such-pager-kakaologin -R"}
	s.useTable()
	if _, err := io.Copy(s.Out, tb); err != nil {
		t.Errorf("missing pager: %v", err)
	}
	if !strings.HasPrefix(stdout.String(), "ID     NICKNAME\n0      닉네임\n") {
		t.Errorf("missing pager: stdout %.40q", stdout.String())
	}
}
