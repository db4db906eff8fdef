package emulatortest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestStartDefaults(t *testing.T) {
	before := time.Now()
	k := emulatortest.Start(t)
	if code, body := get(t, k.URL+"/_emulator/health"); code != http.StatusOK {
		t.Fatalf("health: %d %s", code, body)
	}
	if k.URL != k.Server.URL || k.ClientID != emulator.DefaultClientID || k.ClientSecret != "" ||
		!strings.HasPrefix(k.RedirectURI, "http://127.0.0.1:") || !strings.HasSuffix(k.RedirectURI, "/callback") ||
		len(k.Config.App.RedirectURIs) != 1 || k.Config.App.RedirectURIs[0] != k.RedirectURI ||
		len(k.Users) != len(emulator.DefaultUsers()) || k.Config.SigningKey != emulatortest.SigningKey() {
		t.Errorf("Start() = %+v", k)
	}
	if now := k.Clock.Now(); now.Before(before) || now.After(time.Now()) {
		t.Errorf("clock starts at %v, want about now", now)
	}
	if other := emulatortest.Start(t); other.RedirectURI == k.RedirectURI || other.URL == k.URL {
		t.Errorf("two emulators share %s or %s", k.RedirectURI, k.URL)
	}
}

// The emulator runs on the clock, which stands still until it is moved.
func TestClockDrivesEmulator(t *testing.T) {
	day := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	k := emulatortest.Start(t, emulatortest.WithClock(emulatortest.NewClock(day)))
	clockNow := func() time.Time {
		_, body := get(t, k.URL+"/_emulator/clock")
		var c struct{ Now time.Time }
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		return c.Now
	}
	if got := clockNow(); !got.Equal(day) || !k.Emulator.Now().Equal(day) {
		t.Fatalf("emulator clock %v, want %v", got, day)
	}
	k.Clock.Advance(time.Hour)
	if got := clockNow(); !got.Equal(day.Add(time.Hour)) {
		t.Errorf("after Advance: %v", got)
	}
	k.Clock.Set(day.Add(-time.Minute))
	if got := clockNow(); !got.Equal(day.Add(-time.Minute)) {
		t.Errorf("after Set: %v", got)
	}
}

func TestClockConcurrent(t *testing.T) {
	c := emulatortest.NewClock(time.Unix(0, 0))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				c.Advance(time.Second)
				c.Now()
			}
		})
	}
	wg.Wait()
	if got := c.Now(); !got.Equal(time.Unix(800, 0)) {
		t.Errorf("Now = %v, want 800 s", got)
	}
}

func TestOptions(t *testing.T) {
	users, err := emulator.ParseUsers([]byte(`[{"id":42,"kakao_account":{"email":"a@example.com"}}]`))
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	var mu sync.Mutex
	k := emulatortest.Start(t,
		emulatortest.WithSecret("s3cret"),
		emulatortest.WithRedirectURI("http://localhost:8734/callback"),
		emulatortest.WithUsers(users...),
		emulatortest.WithConfig(func(c *emulator.Config) { c.App.ClientID = "0123456789abcdef0123456789abcdef" }),
		emulatortest.WithConfig(func(c *emulator.Config) { c.DisableOIDC = true }),
		emulatortest.WithWrap(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				seen = append(seen, r.URL.Path)
				mu.Unlock()
				next.ServeHTTP(w, r)
			})
		}),
	)
	if k.ClientSecret != "s3cret" || k.ClientID != "0123456789abcdef0123456789abcdef" || k.RedirectURI != "http://localhost:8734/callback" ||
		k.Config.App.RedirectURIs[0] != k.RedirectURI || !k.Config.DisableOIDC || len(k.Users) != 1 || k.Users[0].ID() != 42 {
		t.Errorf("options not applied: %+v", k)
	}
	if code, body := get(t, k.URL+"/_emulator/users"); code != 200 || !strings.Contains(body, "a@example.com") {
		t.Errorf("users: %d %s", code, body)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0] != "/_emulator/users" {
		t.Errorf("the wrap saw %v", seen)
	}
}

// The shared key is one key, long enough, and the one the JWKS publishes.
func TestSigningKey(t *testing.T) {
	key := emulatortest.SigningKey()
	if key != emulatortest.SigningKey() || key.N.BitLen() != 2048 {
		t.Fatalf("SigningKey: %d bits, same %v", key.N.BitLen(), key == emulatortest.SigningKey())
	}
	a, b := emulatortest.Start(t), emulatortest.Start(t)
	_, ja := get(t, a.URL+"/.well-known/jwks.json")
	_, jb := get(t, b.URL+"/.well-known/jwks.json")
	if ja != jb || !strings.Contains(ja, `"kid"`) {
		t.Errorf("two emulators publish different keys:\n%s\n%s", ja, jb)
	}
}

// Closed with the test: the server no longer answers.
func TestCleanup(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) { url = emulatortest.Start(t).URL })
	if _, err := http.Get(url + "/_emulator/health"); err == nil {
		t.Error("the server still answers after its test ended")
	}
}

func TestNewError(t *testing.T) {
	_, err := emulatortest.New(emulatortest.WithConfig(func(c *emulator.Config) { c.CodeTTL = time.Millisecond }))
	if err == nil || !strings.HasPrefix(err.Error(), "emulatortest: emulator: code TTL") {
		t.Errorf("err = %v", err)
	}
}
