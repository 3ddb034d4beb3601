package connectedapps

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strconv"
)

// minRSABits is the smallest RSA key that signs an assertion: RFC 7518
// section 3.3 requires 2048 bits for RS256.
const minRSABits = 2048

// maxPEM bounds what ParsePrivateKeyPEM reads; a 16384-bit RSA key in PEM is
// under 13 KiB.
const maxPEM = 1 << 20

// ErrEncryptedKey is what ParsePrivateKeyPEM answers for a private key
// protected by a passphrase. Go's standard library has no safe decryption of
// legacy encrypted PEM; decrypt the key first (for example with
// "openssl pkcs8 -topk8 -nocrypt"), or load it from a key manager that gives
// a crypto.Signer.
var ErrEncryptedKey = errors.New("anypoint: the private key is encrypted; decrypt it first")

// ParsePrivateKeyPEM reads the private key that signs JWT bearer assertions
// from PEM: a "PRIVATE KEY" (PKCS #8), "RSA PRIVATE KEY" (PKCS #1) or "EC
// PRIVATE KEY" (SEC 1) block. The first private-key block is used; other
// blocks (certificates of a bundle, EC PARAMETERS) are skipped. RSA keys of
// at least 2048 bits and ECDSA keys on P-256, P-384 or P-521 are accepted:
// the algorithms RS256, ES256, ES384 and ES512. Any other key is refused.
//
// The result is a crypto.Signer for JWTBearer.Signer. A key kept in a
// hardware module or a cloud key manager needs no PEM: give JWTBearer that
// module's crypto.Signer instead.
//
// Errors never quote the PEM: it is the private key.
func ParsePrivateKeyPEM(data []byte) (crypto.Signer, error) {
	if len(data) > maxPEM {
		return nil, errors.New("anypoint: private key PEM larger than 1 MiB")
	}
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, errors.New("anypoint: no PEM private key found (want a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)")
		}
		switch block.Type {
		case "ENCRYPTED PRIVATE KEY":
			return nil, ErrEncryptedKey
		case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY":
		default:
			if bytes.Contains([]byte(block.Type), []byte("PRIVATE KEY")) {
				return nil, fmt.Errorf("anypoint: a PEM %s block is not a supported private key (want PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)", describeBlockType(block.Type))
			}
			continue
		}
		if _, encrypted := block.Headers["DEK-Info"]; encrypted {
			return nil, ErrEncryptedKey
		}
		key, err := parsePrivateKeyDER(block.Type, block.Bytes)
		if err != nil {
			return nil, err
		}
		if _, err := signingAlgorithm(key.Public()); err != nil {
			return nil, err
		}
		return key, nil
	}
}

// parsePrivateKeyDER decodes a key of a PEM block. x509's errors name only
// the structure that failed, never the key's bytes.
func parsePrivateKeyDER(blockType string, der []byte) (crypto.Signer, error) {
	var (
		key any
		err error
	)
	switch blockType {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(der)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(der)
	default:
		key, err = x509.ParsePKCS8PrivateKey(der)
	}
	if err != nil {
		return nil, fmt.Errorf("anypoint: the PEM %s block does not hold a valid key", blockType)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("anypoint: a %T cannot sign assertions", key)
	}
	return signer, nil
}

// describeBlockType names a PEM block type for an error: the type is the
// file's own text, so only a short, printable one is quoted.
func describeBlockType(t string) string {
	if len(t) > 40 {
		return "of an unknown type"
	}
	for _, r := range t {
		if r < 0x20 || r > 0x7e {
			return "of an unknown type"
		}
	}
	return strconv.Quote(t)
}

// PublicKeyPEM encodes the public half of a signing key as the PEM that a
// connected app registers for the JWT bearer grant (admin.CreateAppRequest's
// PublicKeys): a "PUBLIC KEY" block (X.509 SubjectPublicKeyInfo), the form
// "openssl pkey -pubout" writes. Pass signer.Public(). Only keys that
// JWTBearer can sign with are accepted.
func PublicKeyPEM(pub crypto.PublicKey) (string, error) {
	if _, err := signingAlgorithm(pub); err != nil {
		return "", err
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("anypoint: encode public key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// jwsAlgorithm is how an assertion is signed: the JWS "alg" name, the
// digest, and for ECDSA the size of each of r and s in the signature.
type jwsAlgorithm struct {
	name   string
	hash   crypto.Hash
	ecSize int // 0 for RSA
}

// signingAlgorithm chooses the JWS algorithm for a public key (RFC 7518
// section 3.1): RS256 for RSA, which every JWT bearer server supports, and
// for ECDSA the one its curve defines.
func signingAlgorithm(pub crypto.PublicKey) (jwsAlgorithm, error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N == nil || k.N.BitLen() < minRSABits {
			return jwsAlgorithm{}, fmt.Errorf("anypoint: an RSA key that signs assertions needs at least %d bits", minRSABits)
		}
		return jwsAlgorithm{name: "RS256", hash: crypto.SHA256}, nil
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			return jwsAlgorithm{name: "ES256", hash: crypto.SHA256, ecSize: 32}, nil
		case elliptic.P384():
			return jwsAlgorithm{name: "ES384", hash: crypto.SHA384, ecSize: 48}, nil
		case elliptic.P521():
			return jwsAlgorithm{name: "ES512", hash: crypto.SHA512, ecSize: 66}, nil
		}
		return jwsAlgorithm{}, errors.New("anypoint: an ECDSA key that signs assertions must be on P-256, P-384 or P-521")
	case nil:
		return jwsAlgorithm{}, errors.New("anypoint: no key")
	}
	return jwsAlgorithm{}, fmt.Errorf("anypoint: a %T key cannot sign assertions: use RSA (RS256) or ECDSA (ES256, ES384, ES512)", pub)
}
