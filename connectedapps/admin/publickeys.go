package admin

import (
	"context"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/connectedapps"
)

// SetPublicKeys replaces the PEM public keys of an app (public_keys), the
// keys that verify the assertions of its JWT bearer grant. To rotate a key,
// register the new one next to the old one, move the signer to the new
// key, then remove the old one. With no keys the platform refuses an app
// that holds connectedapps.GrantJWTBearer. connectedapps.PublicKeyPEM makes
// the PEM from a signer's public key.
//
// Each key must be a PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo), "RSA
// PUBLIC KEY" (PKCS #1) or "CERTIFICATE" block holding an RSA or ECDSA key.
// A private key is refused before anything is sent, so that a key pasted
// by mistake never leaves the program; the *anypoint.ValidationError does
// not quote it.
//
// It returns the app as it is now.
//
// PATCH /accounts/api/connectedApplications/{clientId} (access-management updateConnectedApplications): scope admin:orgclients (assumed).
func (s *Service) SetPublicKeys(ctx context.Context, clientID string, keys ...string) (*App, error) {
	list := append([]string{}, keys...)
	return s.UpdateApp(ctx, clientID, &UpdateAppRequest{PublicKeys: &list})
}

// SetGrantTypes replaces the grant types of an app (grant_types): an app
// acts either on its own behalf (connectedapps.GrantClientCredentials
// alone) or on behalf of users (any of GrantAuthorizationCode,
// GrantRefreshToken, GrantPassword, GrantJWTBearer, GrantImplicit). The
// platform refuses an app with GrantJWTBearer and no public key, and one
// with GrantAuthorizationCode or GrantImplicit and no redirect URI; set
// those first (or create the app with them, CreateAppRequest).
//
// It returns the app as it is now.
//
// PATCH /accounts/api/connectedApplications/{clientId} (access-management updateConnectedApplications): scope admin:orgclients (assumed).
func (s *Service) SetGrantTypes(ctx context.Context, clientID string, grants ...connectedapps.GrantType) (*App, error) {
	list := append([]connectedapps.GrantType{}, grants...)
	return s.UpdateApp(ctx, clientID, &UpdateAppRequest{GrantTypes: &list})
}

// maxPublicKey bounds one PEM key; a 16384-bit RSA certificate is under 8
// KiB.
const maxPublicKey = 64 << 10

// checkPublicKeys refuses what is not a PEM public key of a kind a JWT
// bearer assertion can be signed with, and above all a private key.
func checkPublicKeys(keys []string) error {
	for i, k := range keys {
		field := fmt.Sprintf("PublicKeys[%d]", i)
		if strings.TrimSpace(k) == "" {
			return &anypoint.ValidationError{Field: field, Reason: "must not be empty"}
		}
		if reason := checkPublicKeyPEM(k); reason != "" {
			return &anypoint.ValidationError{Field: field, Reason: reason}
		}
	}
	return nil
}

// checkPublicKeyPEM returns why text is not a registrable public key, or "".
// The reason never quotes text.
func checkPublicKeyPEM(text string) string {
	if len(text) > maxPublicKey {
		return "is larger than 64 KiB"
	}
	if strings.Contains(text, "PRIVATE KEY") {
		return "is a private key: register the public key only (connectedapps.PublicKeyPEM), and keep the private key to sign"
	}
	block, rest := pem.Decode([]byte(text))
	if block == nil {
		return `is not PEM (want a "-----BEGIN PUBLIC KEY-----" block)`
	}
	if strings.TrimSpace(string(rest)) != "" {
		return "holds more than one PEM block: give each key on its own"
	}
	var (
		pub any
		err error
	)
	switch block.Type {
	case "PUBLIC KEY":
		pub, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		pub, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
			pub = cert.PublicKey
		}
	default:
		return "is not a PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE block"
	}
	if err != nil {
		return fmt.Sprintf("is a %s block that does not parse", block.Type)
	}
	switch pub.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey:
		return ""
	}
	return fmt.Sprintf("holds a %T, not an RSA or ECDSA key", pub)
}
