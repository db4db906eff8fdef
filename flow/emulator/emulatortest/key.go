package emulatortest

import (
	"crypto/rand"
	"crypto/rsa"
	"sync"
)

// SigningKey returns the id_token signing key every emulator of this test
// binary shares unless a test sets its own: one 2048-bit RSA key,
// generated on the first call (generating one per test would cost more
// than the test). Do not modify it.
func SigningKey() *rsa.PrivateKey { return signingKey() }

var signingKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("emulatortest: generate signing key: " + err.Error()) // crypto/rand does not fail
	}
	k.Precompute() // done by GenerateKey already; the emulator must never have to, on a shared key
	return k
})
