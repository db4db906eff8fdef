package cmd

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// mockAdmin holds the `kakaologin mock` flags that make the emulator a test
// instrument: faults, the code lifetime, the rate limit, the admin key and
// the request log. Each changes nothing unless given.
type mockAdmin struct {
	faults     faultFlags
	codeTTL    minDuration
	rateLimit  bool
	adminKey   string
	requestLog count
}

// mockAdminHelp is appended to `kakaologin mock --help`.
const mockAdminHelp = `

Testing failure paths: the emulator answers like Kakao and nothing else
unless asked. --fault makes calls fail (repeatable), as TARGET:ACTION[xN]
[,for=DURATION][,scopes=A+B]:

  token:KOE237          every token request answers KOE237 (rate limit)
  me:-401x3             the next 3 /v2/user/me calls answer -401
  me:-402,scopes=gender -402 with required_scopes ["gender"]
  /v2/user/*:-7,for=10m every /v2/user/ call for 10 minutes: maintenance
  token:status=503x1    one 503 page, as from a proxy in front of Kakao
  token:latency=2s      every token request waits 2 s first
  me:malformed          a 200 with a truncated JSON body

TARGET is an endpoint (authorize, token, tokeninfo, discovery, jwks, me,
access_token_info, logout, unlink, scopes, revoke_scopes, ids, userinfo,
memo) or a path, a trailing * matching a prefix. ACTION is a Kakao error
code (KOE320, -401, ...: a code the emulator doesn't know is refused with
the list), answered with Kakao's status and body; or status=NNN,
malformed or latency=D. xN fires on the next N calls only, for=D keeps
the fault for a while; without either it fires on every call.

The same, and more, while it runs (JSON; POST needs Content-Type:
application/json):

  POST /_emulator/faults    {"spec":"token:KOE237x3"}   GET lists, DELETE clears
  POST /_emulator/clock     {"advance":"6h"}            expire codes and tokens
  GET  /_emulator/requests  ?path=token&since=RFC3339   what your backend sent
  POST /_emulator/reset                                 forget tokens, consent, log
  POST /_emulator/users     {"id":123,...}              add a test user`

// register adds the flags to the mock command and its help.
func (m *mockAdmin) register(c *cobra.Command) {
	c.Long += mockAdminHelp
	c.Example += `
  kakaologin mock --fault 'token:KOE237x1' --fault 'me:-401,for=1m'
  kakaologin mock --rate-limit --code-ttl 30s --admin-key $KAKAO_ADMIN_KEY`
	m.codeTTL = minDuration(emulator.DefaultCodeTTL)
	m.requestLog = count(emulator.DefaultRequestLogSize)
	fl := c.Flags()
	fl.Var(&m.faults, "fault", "make calls fail: TARGET:ACTION[xN][,for=D], e.g. token:KOE237x1 (repeatable; see above)")
	fl.Var(&m.codeTTL, "code-ttl", "authorization code lifetime (at least 1s)")
	fl.BoolVar(&m.rateLimit, "rate-limit", false, "enforce Kakao's per-user token limit: 20 access tokens per 10m, 30 refresh tokens per 1h (KOE237)")
	fl.StringVar(&m.adminKey, "admin-key", "", "service admin key accepted as 'Authorization: KakaoAK KEY' (default: none accepted)")
	fl.Var(&m.requestLog, "request-log", "requests kept for GET /_emulator/requests (0: none)")
}

// apply sets cfg from the flags.
func (m *mockAdmin) apply(cfg *emulator.Config) {
	cfg.Faults = m.faults.list
	cfg.CodeTTL = time.Duration(m.codeTTL)
	cfg.RateLimit = m.rateLimit
	cfg.AdminKey = m.adminKey
	cfg.RequestLogSize = int(m.requestLog)
	if m.requestLog == 0 {
		cfg.RequestLogSize = -1
	}
}

// faultFlags is a repeatable --fault, each parsed when given so that a bad
// spec is a usage error naming it.
type faultFlags struct{ list []emulator.Fault }

func (f *faultFlags) Set(s string) error {
	fault, err := emulator.ParseFault(s)
	if err != nil {
		return err
	}
	f.list = append(f.list, fault)
	return nil
}

func (f *faultFlags) String() string {
	s := make([]string, len(f.list))
	for i, x := range f.list {
		s[i] = x.String()
	}
	return strings.Join(s, " ")
}

func (f *faultFlags) Type() string { return "SPEC" }

// minDuration is a duration flag of at least a second (the emulator's
// smallest lifetime).
type minDuration time.Duration

func (d *minDuration) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	if v < time.Second {
		return fmt.Errorf("%v: want at least 1s", v)
	}
	*d = minDuration(v)
	return nil
}

func (d *minDuration) String() string { return time.Duration(*d).String() }
func (d *minDuration) Type() string   { return "duration" }

// count is an int flag that refuses negative values, as the other
// numeric flags refuse theirs: -1 is a typo, not "none" (that is 0).
type count int

func (n *count) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil {
		return errors.New("not a whole number")
	}
	if v < 0 {
		return fmt.Errorf("%d: want 0 or more", v)
	}
	*n = count(v)
	return nil
}

func (n *count) String() string { return strconv.Itoa(int(*n)) }
func (n *count) Type() string   { return "int" }
