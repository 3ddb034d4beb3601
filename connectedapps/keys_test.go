package connectedapps

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/testsupport/sdktest"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var (
	keyOnce   sync.Once
	rsa2048   *rsa.PrivateKey
	rsa1024   *rsa.PrivateKey
	ecP256    *ecdsa.PrivateKey
	ecP224    *ecdsa.PrivateKey
	edPrivate ed25519.PrivateKey
)

func testKeys(t testing.TB) {
	t.Helper()
	keyOnce.Do(func() {
		var err error
		if rsa2048, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if rsa1024, err = rsa.GenerateKey(rand.Reader, 1024); err != nil {
			panic(err)
		}
		if ecP256, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			panic(err)
		}
		if ecP224, err = ecdsa.GenerateKey(elliptic.P224(), rand.Reader); err != nil {
			panic(err)
		}
		if _, edPrivate, err = ed25519.GenerateKey(rand.Reader); err != nil {
			panic(err)
		}
	})
}

func pemBlock(typ string, der []byte, headers ...string) string {
	b := &pem.Block{Type: typ, Bytes: der}
	for i := 0; i+1 < len(headers); i += 2 {
		if b.Headers == nil {
			b.Headers = map[string]string{}
		}
		b.Headers[headers[i]] = headers[i+1]
	}
	return string(pem.EncodeToMemory(b))
}

func pkcs8(t *testing.T, k any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// pemBody is the base64 of a PEM text, which no error may quote: its lines
// of 16 characters or more that are base64 alone.
func pemBody(text string) []string {
	var out []string
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		isBase64 := !strings.ContainsFunc(line, func(r rune) bool {
			return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/' || r == '=')
		})
		if len(line) >= 16 && isBase64 {
			out = append(out, line)
		}
	}
	return out
}

func TestParsePrivateKeyPEM(t *testing.T) {
	testKeys(t)
	ecDER, _ := x509.MarshalECPrivateKey(ecP256)
	cert := pemBlock("CERTIFICATE", []byte("not really a certificate, skipped"))
	for name, tc := range map[string]struct {
		pem  string
		want crypto.PublicKey
	}{
		"PKCS #8 RSA":               {pemBlock("PRIVATE KEY", pkcs8(t, rsa2048)), rsa2048.Public()},
		"PKCS #1 RSA":               {pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsa2048)), rsa2048.Public()},
		"PKCS #8 EC":                {pemBlock("PRIVATE KEY", pkcs8(t, ecP256)), ecP256.Public()},
		"SEC 1 EC with parameters":  {pemBlock("EC PARAMETERS", []byte{6, 8, 42, 134, 72, 206, 61, 3, 1, 7}) + pemBlock("EC PRIVATE KEY", ecDER), ecP256.Public()},
		"a certificate, then a key": {cert + pemBlock("PRIVATE KEY", pkcs8(t, ecP256)), ecP256.Public()},
	} {
		t.Run(name, func(t *testing.T) {
			s, err := ParsePrivateKeyPEM([]byte(tc.pem))
			if err != nil {
				t.Fatal(err)
			}
			type equaler interface{ Equal(crypto.PublicKey) bool }
			if !s.Public().(equaler).Equal(tc.want) {
				t.Error("a different key came back")
			}
		})
	}

	for name, tc := range map[string]struct {
		pem  string
		want string
	}{
		"encrypted PKCS #8":  {pemBlock("ENCRYPTED PRIVATE KEY", []byte("x")), "encrypted"},
		"legacy encrypted":   {pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsa2048), "Proc-Type", "4,ENCRYPTED", "DEK-Info", "AES-256-CBC,00"), "encrypted"},
		"Ed25519":            {pemBlock("PRIVATE KEY", pkcs8(t, edPrivate)), "cannot sign"},
		"RSA 1024":           {pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsa1024)), "2048"},
		"P-224":              {pemBlock("PRIVATE KEY", pkcs8(t, ecP224)), "P-256"},
		"public key only":    {pemBlock("PUBLIC KEY", []byte("x")), "no PEM private key"},
		"OpenSSH key":        {pemBlock("OPENSSH PRIVATE KEY", pkcs8(t, ecP256)), "OPENSSH PRIVATE KEY"},
		"broken DER":         {pemBlock("PRIVATE KEY", pkcs8(t, ecP256)[:40]), "does not hold a valid key"},
		"not PEM":            {"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg", "no PEM private key"},
		"empty":              {"", "no PEM private key"},
		"PKCS #1 as PKCS #8": {pemBlock("PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsa2048)), "does not hold a valid key"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParsePrivateKeyPEM([]byte(tc.pem))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want one saying %q", err, tc.want)
			}
			for _, b := range pemBody(tc.pem) {
				if strings.Contains(err.Error(), b[:16]) {
					t.Fatalf("the error quotes the key: %v", err)
				}
			}
		})
	}
	if _, err := ParsePrivateKeyPEM([]byte(pemBlock("ENCRYPTED PRIVATE KEY", []byte("x")))); !errors.Is(err, ErrEncryptedKey) {
		t.Errorf("encrypted: %v; want ErrEncryptedKey", err)
	}
}

func TestPublicKeyPEM(t *testing.T) {
	testKeys(t)
	for _, k := range []crypto.Signer{rsa2048, ecP256} {
		text, err := PublicKeyPEM(k.Public())
		if err != nil {
			t.Fatal(err)
		}
		block, rest := pem.Decode([]byte(text))
		if block == nil || block.Type != "PUBLIC KEY" || len(rest) != 0 {
			t.Fatalf("PublicKeyPEM = %q", text)
		}
		pub, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil || !pub.(interface{ Equal(crypto.PublicKey) bool }).Equal(k.Public()) {
			t.Fatalf("the PEM holds another key: %v", err)
		}
	}
	for _, pub := range []crypto.PublicKey{rsa1024.Public(), ecP224.Public(), edPrivate.Public(), nil} {
		if _, err := PublicKeyPEM(pub); err == nil {
			t.Errorf("PublicKeyPEM(%T) accepted a key JWTBearer cannot sign with", pub)
		}
	}
}

// The assertions verify with the standard library, as any JWS
// implementation would verify them.
func TestSignJWTVerifies(t *testing.T) {
	testKeys(t)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	for _, k := range []crypto.Signer{rsa2048, ecP256, p384, p521} {
		g := &jwtBearerGrant{id: "client-1", signer: k, kid: "k1", lifetime: time.Minute,
			subject: Subject{IdentityProviderID: "idp", Username: "max", ExternalGroups: []string{"a", "b"}}}
		now := time.Unix(1_800_000_000, 0)
		raw, err := g.assertion("https://cp.test/accounts/api/v2/oauth2/token", now)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(raw, ".")
		alg, _ := signingAlgorithm(k.Public())
		h := alg.hash.New()
		h.Write([]byte(parts[0] + "." + parts[1]))
		sig, err := base64.RawURLEncoding.DecodeString(parts[2])
		if err != nil {
			t.Fatal(err)
		}
		switch pub := k.Public().(type) {
		case *rsa.PublicKey:
			if err := rsa.VerifyPKCS1v15(pub, alg.hash, h.Sum(nil), sig); err != nil {
				t.Errorf("RS256: %v", err)
			}
		case *ecdsa.PublicKey:
			n := len(sig) / 2
			if len(sig) != 2*alg.ecSize || !ecdsa.Verify(pub, h.Sum(nil), new(big.Int).SetBytes(sig[:n]), new(big.Int).SetBytes(sig[n:])) {
				t.Errorf("%s: the signature does not verify", alg.name)
			}
		}
		var header, claims map[string]any
		hb, _ := base64.RawURLEncoding.DecodeString(parts[0])
		cb, _ := base64.RawURLEncoding.DecodeString(parts[1])
		_ = json.Unmarshal(hb, &header)
		_ = json.Unmarshal(cb, &claims)
		if header["alg"] != alg.name || header["kid"] != "k1" || header["typ"] != "JWT" {
			t.Errorf("header %v", header)
		}
		if claims["iss"] != "client-1" || claims["sub"] != "1|idp|max||||a,b" || claims["aud"] != "https://cp.test/accounts/api/v2/oauth2/token" ||
			claims["exp"] != float64(now.Unix()+60) || claims["iat"] != float64(now.Unix()) || len(claims["jti"].(string)) < 20 {
			t.Errorf("claims %v", claims)
		}
	}
}

// signerFunc is a crypto.Signer whose Sign is given.
type signerFunc struct {
	pub  crypto.PublicKey
	sign func() ([]byte, error)
}

func (s signerFunc) Public() crypto.PublicKey { return s.pub }
func (s signerFunc) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) {
	return s.sign()
}

func TestSignJWTRefusesBadECDSASignatures(t *testing.T) {
	testKeys(t)
	sum := sha256.Sum256([]byte("x"))
	good, _ := ecP256.Sign(rand.Reader, sum[:], crypto.SHA256)
	huge, _ := asn1Sig(new(big.Int).Lsh(big.NewInt(1), 300), big.NewInt(1))
	negative, _ := asn1Sig(big.NewInt(-1), big.NewInt(1))
	for name, sig := range map[string][]byte{
		"not DER":       []byte("nonsense"),
		"trailing data": append(append([]byte{}, good...), 0),
		"r too large":   huge,
		"r negative":    negative,
	} {
		s := signerFunc{pub: ecP256.Public(), sign: func() ([]byte, error) { return sig, nil }}
		if _, err := signJWT(s, "", map[string]any{"a": 1}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	failing := signerFunc{pub: ecP256.Public(), sign: func() ([]byte, error) { return nil, errors.New("hsm offline") }}
	if _, err := signJWT(failing, "", map[string]any{}); err == nil || !strings.Contains(err.Error(), "hsm offline") {
		t.Errorf("a failing signer: %v", err)
	}
}

func asn1Sig(r, s *big.Int) ([]byte, error) {
	return asn1.Marshal(struct{ R, S *big.Int }{r, s})
}

// A signer that answers with an empty signature, or one of the wrong length
// for its key (an HSM or a KMS answering badly), is refused before any
// token request: never an assertion without a signature.
func TestBadSignerIsRefusedBeforeSending(t *testing.T) {
	testKeys(t)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"AT","token_type":"bearer"}`)
	}))
	t.Cleanup(srv.Close)
	sum := sha256.Sum256([]byte("x"))
	goodRSA, _ := rsa2048.Sign(rand.Reader, sum[:], crypto.SHA256)
	cases := []struct {
		name string
		pub  crypto.PublicKey
		sig  []byte
	}{
		{"RSA empty", rsa2048.Public(), nil},
		{"RSA zero bytes", rsa2048.Public(), []byte{}},
		{"RSA short", rsa2048.Public(), goodRSA[:255]},
		{"RSA long", rsa2048.Public(), append(append([]byte{}, goodRSA...), 0)},
		{"RSA one byte", rsa2048.Public(), []byte{1}},
		{"ECDSA empty", ecP256.Public(), nil},
		{"ECDSA raw r||s of the wrong size", ecP256.Public(), make([]byte, 63)},
	}
	for _, tc := range cases {
		s := signerFunc{pub: tc.pub, sign: func() ([]byte, error) { return tc.sig, nil }}
		ts := JWTBearer{ClientID: "app", Signer: s, Subject: Subject{IdentityProviderID: "idp", Username: "max"}, Config: sdktest.Config(anypoint.WithBaseURL(srv.URL))}.TokenSource()
		if tok, err := ts.TokenContext(context.Background()); err == nil {
			t.Errorf("%s: got a token %v", tc.name, tok != nil)
		} else if !strings.Contains(err.Error(), "signature") {
			t.Errorf("%s: err = %v, want it to name the signature", tc.name, err)
		}
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d token requests sent with a bad signature, want 0", n)
	}
	// The good signature of the same key is accepted: the check is not
	// refusing everything.
	s := signerFunc{pub: rsa2048.Public(), sign: func() ([]byte, error) { return goodRSA, nil }}
	if _, err := signJWT(s, "", map[string]any{}); err != nil {
		t.Errorf("a well-sized RSA signature: %v", err)
	}
}
