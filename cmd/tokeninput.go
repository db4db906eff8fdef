package cmd

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// maxTokenLen bounds a token from any source: Kakao's are a few hundred
// bytes, and stdin is never read past it.
const maxTokenLen = 64 << 10

// readLine reads one line of at most max bytes and returns it without its
// line ending and surrounding space. It never reads more than max+1 bytes
// of r, whatever r holds.
func readLine(r io.Reader, max int) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, int64(max)+1)).ReadString('\n')
	if len(strings.TrimRight(line, "\r\n")) > max {
		return "", fmt.Errorf("no end of line in the first %d KiB", max>>10)
	}
	if err == io.EOF {
		err = nil // a last line without a newline
	}
	return strings.TrimSpace(line), err
}

// checkToken refuses what cannot be a token before it reaches an HTTP
// header: more than maxTokenLen bytes, or a control character (a NUL, or a
// CR or LF that would end the header line). The error completes "the
// access token from X ...".
func checkToken(v string) error {
	if len(v) > maxTokenLen {
		return fmt.Errorf("is %d bytes, more than the %d KiB a token can be", len(v), maxTokenLen>>10)
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == 0x7f {
			return fmt.Errorf("has a control character (byte 0x%02x at offset %d)", c, i)
		}
	}
	return nil
}

// emptyTokenFlag refuses a token flag given as "", which is what a failed
// $(...) passes: falling back to the environment or the saved token would
// quietly use another token than the one meant.
func emptyTokenFlag(c *cobra.Command) error {
	for _, name := range []string{"token", "refresh-token"} {
		if fl := c.Flags().Lookup(name); fl != nil && fl.Changed && fl.Value.String() == "" {
			return usageErrorf(fmt.Errorf("--%s is empty (a failed $(...)?): pass the token, - to read it from stdin, or leave the flag out for the environment variable or the saved token", name))
		}
	}
	return nil
}
