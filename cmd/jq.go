package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"
)

// useJQ readies --jq: the expression compiled, and Out replaced by a jqOut
// that runs it on the JSON the command prints. A bad expression is a usage
// error. The root calls it before any command does its work; format calls
// it again for explain, which parses its own flags.
func (s *IOStreams) useJQ() error {
	if s.jqExpr == "" {
		return nil
	}
	if _, done := s.Out.(*jqOut); done {
		return nil
	}
	q, err := gojq.Parse(s.jqExpr)
	if err != nil {
		return usageErrorf(fmt.Errorf("--jq %q: %w", s.jqExpr, err))
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return usageErrorf(fmt.Errorf("--jq %q: %w", s.jqExpr, err))
	}
	ctx := s.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	s.Out = &jqOut{w: s.Out, expr: s.jqExpr, code: code, ctx: ctx, color: s.colorEnabled(), tty: s.OutTTY}
	return nil
}

// jqActive reports whether --jq is given.
func (s *IOStreams) jqActive() bool { return s.jqExpr != "" }

// printsNoJSON reports whether c prints no JSON for --jq to read: the
// emulator, which serves, and the shell completion scripts.
func printsNoJSON(c *cobra.Command) bool {
	for c.HasParent() && c.Parent().HasParent() {
		c = c.Parent() // the top-level command c is under
	}
	switch c.Name() {
	case "mock", "completion", "help", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
		return true
	}
	return false
}

// jqOut is Out under --jq. It collects what the command writes until it
// holds one whole JSON value, runs the expression on it and prints each
// result on a line of its own, as gh --jq does: strings as they are,
// anything else as compact JSON. Numbers are decoded as json.Number, which
// gojq takes and prints as it came: an id above 2^53 stays exact.
type jqOut struct {
	w     io.Writer
	expr  string
	code  *gojq.Code
	ctx   context.Context
	color bool // colour the JSON results
	tty   bool // Out is a terminal: escape control characters in strings

	buf   []byte
	depth int  // of [ and { in buf, outside strings
	str   bool // inside a string
	esc   bool // after a backslash inside a string
	value bool // buf holds the start of a value
}

// Write takes the JSON the command prints, in pieces of any size: a
// streamed list (users list) arrives in blocks.
func (j *jqOut) Write(p []byte) (int, error) {
	start := 0
	for i, c := range p {
		end := false
		switch {
		case j.str:
			switch {
			case j.esc:
				j.esc = false
			case c == '\\':
				j.esc = true
			case c == '"':
				j.str = false
				end = j.depth == 0
			}
		case c == '"':
			j.str, j.value = true, true
		case c == '{' || c == '[':
			j.depth++
			j.value = true
		case c == '}' || c == ']':
			j.depth--
			end = j.depth == 0
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			end = j.value && j.depth == 0 // after a number, true, false or null
		default:
			j.value = true
		}
		if end {
			j.buf = append(j.buf, p[start:i+1]...)
			start = i + 1
			err := j.run(j.buf)
			j.buf, j.value = j.buf[:0], false
			if err != nil {
				return i + 1, err
			}
		}
	}
	j.buf = append(j.buf, p[start:]...)
	return len(p), nil
}

// run runs the expression on the JSON value in doc and prints the results.
func (j *jqOut) run(doc []byte) error {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("--jq: read the output: %w", err)
	}
	var out bytes.Buffer
	iter := j.code.RunWithContext(j.ctx, v)
results:
	for {
		r, ok := iter.Next()
		if !ok {
			break
		}
		switch r := r.(type) {
		case error:
			var halt *gojq.HaltError
			if errors.As(r, &halt) && halt.Value() == nil {
				break results // halt: stop, as jq does
			}
			j.w.Write(out.Bytes()) // the results before the error
			if errors.Is(r, context.Canceled) || errors.Is(r, context.DeadlineExceeded) {
				return r
			}
			return usageErrorf(fmt.Errorf("--jq %q: %w", j.expr, r))
		case string:
			if j.tty {
				r = sanitizeLines(r)
			}
			out.WriteString(r)
		default:
			b, err := gojq.Marshal(r)
			if err != nil {
				return fmt.Errorf("--jq: %w", err)
			}
			if j.color {
				b = colorize(b)
			}
			out.Write(b)
		}
		out.WriteByte('\n')
	}
	_, err := j.w.Write(out.Bytes())
	return err
}

// sanitizeLines is sanitize line by line: a string of several lines
// prints as several lines.
func sanitizeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = sanitize(l)
	}
	return strings.Join(lines, "\n")
}
