package cmd

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
)

// defaultPager prints what fits on the screen and quits (-F), passes
// colour through (-R) and leaves the text on the screen when it quits (-X).
const defaultPager = "less -FRX"

// pagerCommand is the pager that tables go through on a terminal, chosen
// as gh and git choose theirs: KAKAOLOGIN_PAGER when set, PAGER otherwise,
// else less -FRX, but none on a dumb terminal (less would stop at its
// "terminal is not fully functional" prompt). Set but empty, or cat, means
// no pager.
func pagerCommand(lookup func(string) (string, bool)) string {
	p, ok := lookup("KAKAOLOGIN_PAGER")
	if !ok {
		p, ok = lookup("PAGER")
	}
	if !ok {
		if term, _ := lookup("TERM"); term == "dumb" {
			return ""
		}
		return defaultPager
	}
	if p = strings.TrimSpace(p); p == "cat" {
		return ""
	}
	return p
}

// pager is a running pager: what is written goes to its standard input.
type pager struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	gone bool // the pager quit before reading everything (q in less)
}

// startPager starts command with out as its standard output. A command
// with shell syntax in it runs through sh -c; a plain one (less -FRX) is
// run directly, so that a pager that is not installed fails here, and the
// caller prints without it, rather than in sh.
func startPager(command string, out, errOut io.Writer) (*pager, error) {
	var c *exec.Cmd
	if strings.ContainsAny(command, "|&;<>()$`\\\"'*?[#~=%") && runtime.GOOS != "windows" {
		c = exec.Command("sh", "-c", command)
	} else {
		args := strings.Fields(command)
		c = exec.Command(args[0], args[1:]...)
	}
	c.Stdout, c.Stderr = out, errOut
	c.Env = os.Environ()
	if _, ok := os.LookupEnv("LESS"); !ok { // for PAGER=less, as git and gh do
		c.Env = append(c.Env, "LESS=FRX")
	}
	if _, ok := os.LookupEnv("LV"); !ok {
		c.Env = append(c.Env, "LV=-c")
	}
	in, err := c.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := c.Start(); err != nil {
		return nil, err
	}
	return &pager{cmd: c, in: in}, nil
}

// Write writes to the pager. Once the pager has quit, what is left is
// dropped without an error: the reader has seen what they wanted.
func (p *pager) Write(b []byte) (int, error) {
	if p.gone {
		return len(b), nil
	}
	n, err := p.in.Write(b)
	if errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed) {
		p.gone = true
		return len(b), nil
	}
	return n, err
}

// close ends the pager's input and waits for the reader to quit it. The
// pager's own exit status is its business.
func (p *pager) close() {
	p.in.Close()
	p.cmd.Wait()
}
