package flow

import (
	"fmt"
	"io"
	"net/http"
)

// Limits on the bodies this package reads, far above what Kakao sends.
const (
	apiBodyLimit   = 4 << 20 // kapi answers: /v2/user/me and the others
	tokenBodyLimit = 1 << 20 // kauth token endpoint answers
)

// readLimited reads resp's body up to limit bytes. A longer body is not cut
// and then misread as malformed: it is a *ProtocolError that names the
// limit, from server.
func readLimited(resp *http.Response, limit int64, server Server) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(resp.StatusCode, resp.Header, limit, server, server.name())
	}
	return data, nil
}

func tooLarge(status int, header http.Header, limit int64, server Server, who string) *ProtocolError {
	return &ProtocolError{Status: status, ContentType: header.Get("Content-Type"), Server: server,
		Reason: fmt.Sprintf("%s answered with a body over the %s limit this client reads", who, byteSize(limit))}
}

// name is how a message names s: "the auth server", "the API server".
func (s Server) name() string {
	if s == ServerAPI {
		return "the API server"
	}
	return "the auth server"
}

// byteSize is n in the largest binary unit that divides it: "4 MiB".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
