package emulator

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"sync"

	jose "github.com/go-jose/go-jose/v4"
)

// minKeyBits is the smallest RSA key accepted for RS256 (RFC 7518 §3.3).
const minKeyBits = 2048

// ParseSigningKey parses an RSA private key from PEM, for Config.SigningKey:
// the first PEM block must be "RSA PRIVATE KEY" (PKCS#1) or "PRIVATE KEY"
// (PKCS#8) holding an RSA key of at least 2048 bits. It returns an error
// for no PEM block, another block type, an encrypted or malformed key, a
// non-RSA key or a shorter key.
func ParseSigningKey(pemBytes []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return nil, errors.New("parse signing key: no PEM block")
	}
	var key *rsa.PrivateKey
	switch block.Type {
	case "RSA PRIVATE KEY":
		k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse signing key: %w", err)
		}
		key = k
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse signing key: %w", err)
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("parse signing key: %T is not an RSA key", k)
		}
		key = rk
	default:
		return nil, fmt.Errorf(`parse signing key: PEM block %q: want "RSA PRIVATE KEY" or "PRIVATE KEY"`, block.Type)
	}
	if n := key.N.BitLen(); n < minKeyBits {
		return nil, fmt.Errorf("parse signing key: %d bits: RS256 needs at least %d", n, minKeyBits)
	}
	return key, nil
}

// keyring holds the id_token signing key. Its zero value is ready to use;
// the key is loaded on first need (the first id_token, JWKS or tokeninfo
// request), so that New and flows that never see OIDC don't pay for RSA key
// generation. The signer and the JWKS document are built once, not per
// request.
type keyring struct {
	once   sync.Once
	key    *rsa.PrivateKey // nil until loaded
	kid    string
	signer jose.Signer
	jwks   []byte // the encoded /.well-known/jwks.json document
	err    error
}

// load prepares the keyring on the first call, from given
// (Config.SigningKey) or, when nil, a newly generated 2048-bit key. The
// error is sticky (and never expected: key generation reads crypto/rand).
func (k *keyring) load(given *rsa.PrivateKey) error {
	k.once.Do(func() { k.err = k.init(given) })
	return k.err
}

func (k *keyring) init(key *rsa.PrivateKey) error {
	if key == nil {
		var err error
		if key, err = rsa.GenerateKey(rand.Reader, minKeyBits); err != nil {
			return fmt.Errorf("generate signing key: %w", err)
		}
	} else if key.Precomputed.Dp == nil {
		key.Precompute() // CRT values make every signature several times faster
	}
	pub := jose.JSONWebKey{Key: &key.PublicKey, Algorithm: string(jose.RS256), Use: "sig"}
	tp, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return fmt.Errorf("signing key thumbprint: %w", err)
	}
	// A kid derived from the key (RFC 7638 thumbprint), 30 hex characters
	// like Kakao's, so that the same key always publishes the same kid.
	pub.KeyID = hex.EncodeToString(tp[:15])
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256,
		Key: jose.JSONWebKey{Key: key, KeyID: pub.KeyID, Algorithm: string(jose.RS256)}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return fmt.Errorf("id_token signer: %w", err)
	}
	jwks, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{pub}})
	if err != nil {
		return fmt.Errorf("encode JWKS: %w", err)
	}
	k.key, k.kid, k.signer, k.jwks = key, pub.KeyID, signer, jwks
	return nil
}

// keyring returns the emulator's signing keys, loading them on first use.
func (e *Emulator) keyring() (*keyring, error) {
	return &e.keys, e.keys.load(e.cfg.SigningKey)
}

// sign returns the compact RS256 JWS of payload, a JSON object, signed
// with the emulator's key (kid in the header, typ JWT).
func (e *Emulator) sign(payload []byte) (string, error) {
	k, err := e.keyring()
	if err != nil {
		return "", err
	}
	jws, err := k.signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("sign id_token: %w", err)
	}
	return jws.CompactSerialize()
}

// jwks serves GET /.well-known/jwks.json: {"keys":[...]} with the one
// signing key (kid, kty RSA, alg RS256, use sig, n, e), as encoded by
// go-jose. It loads the key on first use.
func (e *Emulator) jwks(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, true, http.MethodGet) {
		return
	}
	k, err := e.keyring()
	if err != nil {
		writeAuthError(w, http.StatusInternalServerError, "server_error", err.Error(), "")
		return
	}
	writeJSON(w, http.StatusOK, k.jwks)
}
