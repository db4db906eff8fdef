package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"time"
)

// Memory bounds. Kakao itself limits a user to 20 access tokens per 10
// minutes (KOE237, emulated only with Config.RateLimit, so benchmarks can
// run); besides, the emulator keeps at most maxTokensPerUser live tokens of each kind per user,
// evicting the oldest, and at most maxPendingCodes unexchanged codes.
// Expired entries are kept for expiredGrace (so a late call still gets the
// precise "already expired" error) and then pruned lazily on later issues.
const (
	maxTokensPerUser = 1000
	maxPendingCodes  = 100000
	expiredGrace     = 24 * time.Hour
)

// authCode is an issued, not yet exchanged authorization code.
type authCode struct {
	user        *account
	redirectURI string
	challenge   string // S256 code_challenge, "" without PKCE
	nonce       string // OIDC nonce for the id_token, "" if not sent
	scopes      string // space-separated granted items at issue time
	openid      bool   // the token response carries an id_token
	authTime    time.Time
	expires     time.Time
}

// token is an access or refresh token. id is set when it was issued with
// an id_token: refreshing then issues a new one, and an access token
// serves /v1/oidc/userinfo.
type token struct {
	user    *account
	expires time.Time
	id      *idGrant
}

// account is a user plus their connection to the app. Its mutable fields
// are guarded by Emulator.mu.
type account struct {
	User
	tmpl          []node
	connected     bool
	connectedAt   time.Time
	granted       []bool
	openid        bool   // consented to openid
	scopes        string // granted item IDs and openid, sorted, space-separated
	connectedJSON []byte // connectedAt as an encoded JSON string
	access        fifo   // this user's live access tokens, oldest first
	refresh       fifo
	issued        issuance // recent token issues, for Config.RateLimit
}

// fifo is a queue of token strings in issue (and so expiry) order.
type fifo struct {
	q    []string
	head int
}

func (f *fifo) push(s string) { f.q = append(f.q, s) }
func (f *fifo) len() int      { return len(f.q) - f.head }
func (f *fifo) front() string { return f.q[f.head] }

func (f *fifo) pop() {
	f.q[f.head] = ""
	f.head++
	if f.head > 64 && f.head*2 > len(f.q) { // compact so memory follows the live size
		f.q = append(f.q[:0:0], f.q[f.head:]...)
		f.head = 0
	}
}

func (f *fifo) clear() { f.q, f.head = nil, 0 }

// state is everything the emulator remembers; guarded by Emulator.mu.
type state struct {
	codes     map[string]*authCode
	codeOrder fifo
	access    map[string]*token
	refresh   map[string]*token

	forms        map[string]*pageForm // form token -> the page it was rendered for
	formOrder    fifo
	sessions     map[string]*kakaoSession // session cookie -> Kakao Account session
	sessionOrder fifo
}

func newState() state {
	return state{codes: make(map[string]*authCode), access: make(map[string]*token),
		refresh: make(map[string]*token), forms: make(map[string]*pageForm),
		sessions: make(map[string]*kakaoSession)}
}

// addCode stores a code, pruning expired and excess pending codes.
func (s *state) addCode(code string, c *authCode, now time.Time) {
	// The cap counts pending codes, not the order queue, which also holds
	// codes already exchanged: counting those evicted live codes under load.
	pruneOldest(s.codes, &s.codeOrder, func(c *authCode) bool { return now.Before(c.expires) },
		func() bool { return len(s.codes) < maxPendingCodes })
	if s.codeOrder.len() >= 2*maxPendingCodes {
		// Exchanged codes pile up behind a live one: keep only pending ones.
		live := fifo{}
		for ; s.codeOrder.len() > 0; s.codeOrder.pop() {
			if k := s.codeOrder.front(); s.codes[k] != nil {
				live.push(k)
			}
		}
		s.codeOrder = live
	}
	s.codes[code] = c
	s.codeOrder.push(code)
}

// takeCode removes and returns a code (nil if unknown); expiry is the caller's check.
func (s *state) takeCode(code string) *authCode {
	c := s.codes[code]
	delete(s.codes, code)
	return c
}

// addToken stores t under tok in m and in the user's queue q, pruning
// long-expired and excess tokens of that user.
func addToken(m map[string]*token, q *fifo, tok string, t *token, now time.Time) {
	pruneOldest(m, q, func(t *token) bool { return now.Before(t.expires.Add(expiredGrace)) },
		func() bool { return q.len() < maxTokensPerUser })
	m[tok] = t
	q.push(tok)
}

// pruneOldest deletes entries of m oldest first, in q's order, until the
// oldest is still in m, live, and there is room: what bounds the emulator's
// memory under a flood of codes, tokens, forms or sessions.
func pruneOldest[V any](m map[string]V, q *fifo, live func(V) bool, room func() bool) {
	for q.len() > 0 {
		v, ok := m[q.front()]
		if ok && live(v) && room() {
			return
		}
		delete(m, q.front())
		q.pop()
	}
}

// revokeAll deletes every token of a.
func (s *state) revokeAll(a *account) {
	for _, tok := range a.access.q[a.access.head:] {
		delete(s.access, tok)
	}
	for _, tok := range a.refresh.q[a.refresh.head:] {
		delete(s.refresh, tok)
	}
	a.access.clear()
	a.refresh.clear()
}

// randomString returns n random bytes from crypto/rand, base64url-encoded
// without padding: 48 bytes give Kakao's 64-char tokens, 64 bytes its
// 86-char codes.
func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails since Go 1.24 (it crashes the program instead)
	return base64.RawURLEncoding.EncodeToString(b)
}
