package cmd

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// jqStreams are streams on a buffer with --jq expr readied, as the root
// readies them.
func jqStreams(t *testing.T, expr string, tty bool) (*IOStreams, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	s := &IOStreams{Out: &out, ErrOut: &out, OutTTY: tty, NoColor: true, jqExpr: expr}
	if err := s.useJQ(); err != nil {
		t.Fatal(err)
	}
	return s, &out
}

// Numbers come out as they went in: ids above 2^53, which float64 (and
// Debian's jq) round, and decimals with their trailing zeros.
func TestJQKeepsNumbersExact(t *testing.T) {
	doc := `{"id":1376016924429759243,"ids":[9007199254740993,-9223372036854775809],"f":1.50,"e":1e400}`
	for expr, want := range map[string]string{
		".id":                 "1376016924429759243\n",
		".ids[]":              "9007199254740993\n-9223372036854775809\n",
		".ids":                "[9007199254740993,-9223372036854775809]\n",
		".f":                  "1.50\n",
		"{id}":                `{"id":1376016924429759243}` + "\n",
		".id | tostring":      "1376016924429759243\n",
		".id + 1":             "1376016924429759244\n", // gojq's big integers
		".ids[0] == .ids[0]":  "true\n",
		"[.id, .f] | sort[0]": "1.50\n",
	} {
		s, out := jqStreams(t, expr, false)
		if err := writeJSON(s.Out, []byte(doc), s.ColorOut()); err != nil {
			t.Errorf("%s: %v", expr, err)
			continue
		}
		if out.String() != want {
			t.Errorf("--jq %s: %q, want %q", expr, out.String(), want)
		}
	}
}

// Strings print raw, everything else as compact JSON, one result a line;
// on a terminal, control characters in strings are escaped (line breaks
// kept), and JSON results are coloured when colour is on.
func TestJQOutput(t *testing.T) {
	doc := []byte(`{"nickname":"김카카오","bio":"line one\nline \u001b]0;two","n":null,"ok":true,"list":["a",1]}`)
	s, out := jqStreams(t, ".nickname, .n, .ok, .list, .list[], empty, .bio", false)
	writeJSON(s.Out, doc, false)
	if want := "김카카오\nnull\ntrue\n[\"a\",1]\na\n1\nline one\nline \x1b]0;two\n"; out.String() != want {
		t.Errorf("piped:\n%q\nwant\n%q", out.String(), want)
	}

	s, out = jqStreams(t, ".bio, .list", true)
	s.Out.(*jqOut).color = true
	writeJSON(s.Out, doc, s.ColorOut())
	if want := "line one\nline \\x1b]0;two\n[" + ansiString + `"a"` + ansiReset + "," + ansiNumber + "1" + ansiReset + "]\n"; out.String() != want {
		t.Errorf("terminal:\n%q\nwant\n%q", out.String(), want)
	}
}

// JSON written in pieces of any size, as users list streams it, is run
// once it is whole; one document after another are run one by one.
func TestJQReadsJSONInPieces(t *testing.T) {
	doc := "[\n{\"id\":1,\"s\":\"a]}\\\"[{\"},\n{\"id\":9007199254740993}\n]\n"
	for _, size := range []int{1, 2, 7, len(doc)} {
		s, out := jqStreams(t, ".[].id", false)
		for i := 0; i < len(doc); i += size {
			if _, err := s.Out.Write([]byte(doc[i:min(i+size, len(doc))])); err != nil {
				t.Fatal(err)
			}
		}
		if want := "1\n9007199254740993\n"; out.String() != want {
			t.Errorf("pieces of %d: %q, want %q", size, out.String(), want)
		}
	}
	s, out := jqStreams(t, ".", false)
	s.Out.Write([]byte(`{"a":1} "two" 3` + "\n" + `[true]`))
	if want := "{\"a\":1}\ntwo\n3\n[true]\n"; out.String() != want {
		t.Errorf("documents: %q, want %q", out.String(), want)
	}
}

// A bad expression is a usage error when it is readied; a failing one is
// a usage error when it runs; halt stops quietly.
func TestJQErrors(t *testing.T) {
	for _, expr := range []string{".foo(", "nosuchfunction", "$undefined"} {
		s := &IOStreams{Out: &bytes.Buffer{}, jqExpr: expr}
		if err := s.useJQ(); exitCode(err) != ExitUsage || !strings.Contains(err.Error(), "--jq") {
			t.Errorf("--jq %s: %v (exit %d), want a usage error", expr, err, exitCode(err))
		}
	}
	s, out := jqStreams(t, `.a, .a.b`, false)
	err := writeJSON(s.Out, []byte(`{"a":[1]}`), false)
	if exitCode(err) != ExitUsage || !strings.Contains(err.Error(), "expected an object but got: array") {
		t.Errorf("runtime error: %v (exit %d)", err, exitCode(err))
	}
	if out.String() != "[1]\n" {
		t.Errorf("the results before the error: %q", out.String())
	}
	s, out = jqStreams(t, `1, halt, 2`, false)
	if err := writeJSON(s.Out, []byte(`{}`), false); err != nil || out.String() != "1\n" {
		t.Errorf("halt: %v, %q", err, out.String())
	}
}

// The expression runs under the command's context: Ctrl-C stops one that
// never ends.
func TestJQStopsWithTheCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := &IOStreams{Out: &bytes.Buffer{}, jqExpr: `def f: f; f`, ctx: ctx}
	if err := s.useJQ(); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() { done <- writeJSON(s.Out, []byte(`{}`), false) }()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still running after the context ended")
	}
}

// --jq on the command line: every JSON command takes it, through the
// shared writers; it means JSON output, refuses a table and refuses the
// commands that print no JSON.
func TestJQFlag(t *testing.T) {
	f, stdout, stderr := bufferFactory(nil)
	f.IO.OutTTY, f.IO.NoColor = true, true // a table by default, JSON with --jq
	if code := runWith(t, f, "explain", "KOE320", "--jq", ".code, .status"); code != 0 || stdout.String() != "KOE320\n400\n" {
		t.Errorf("explain --jq: exit %d, %q, %s", code, stdout, stderr)
	}
	f, stdout, stderr = bufferFactory(nil)
	if code := runWith(t, f, "--jq", ".version", "version"); code != 0 || stdout.String() != "dev\n" {
		t.Errorf("version --jq: exit %d, %q, %s", code, stdout, stderr)
	}
	for _, args := range [][]string{
		{"explain", "KOE006", "--jq", ".", "--output", "table"},
		{"users", "list", "--output", "table", "--jq", "."},
		{"mock", "--jq", "."},
		{"completion", "bash", "--jq", "."},
		{"explain", "KOE006", "--jq", "{"},
	} {
		f, stdout, stderr = bufferFactory(nil)
		if code := runWith(t, f, args...); code != ExitUsage || stdout.Len() != 0 || !strings.Contains(stderr.String(), "--jq") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 naming --jq", args, code, stdout, stderr)
		}
	}
}
