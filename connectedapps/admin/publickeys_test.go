package admin_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
)

// testPublicKey is a P-256 public key in PEM, as connectedapps.PublicKeyPEM
// writes it.
const testPublicKey = "-----BEGIN PUBLIC KEY-----\n" +
	"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEGVGrNCd6eYggkqTbJ38Gz3asnKIa\n" +
	"qItP+QPH632EFWYYhh0G8T90EI2EYYCboXRdQC3ZkcGCIf2c3Q2ZhNTJNQ==\n" +
	"-----END PUBLIC KEY-----\n"

// testPublicKeyJSON is testPublicKey as a JSON string, as the request body
// carries it.
var testPublicKeyJSON = func() string {
	b, _ := json.Marshal(testPublicKey)
	return string(b)
}()

func TestSetPublicKeysAndGrantTypes(t *testing.T) {
	s := mgmtService(t,
		mgmtCall{method: "PATCH", path: "/accounts/api/connectedApplications/c1",
			body: `{"public_keys":[` + testPublicKeyJSON + `]}`,
			resp: `{"client_id":"c1","public_keys":[` + testPublicKeyJSON + `]}`},
		mgmtCall{method: "PATCH", path: "/accounts/api/connectedApplications/c1",
			body: `{"grant_types":["urn:ietf:params:oauth:grant-type:jwt-bearer"]}`,
			resp: `{"client_id":"c1","grant_types":["urn:ietf:params:oauth:grant-type:jwt-bearer"]}`},
		mgmtCall{method: "PATCH", path: "/accounts/api/connectedApplications/c1",
			body: `{"public_keys":[]}`,
			resp: `{"client_id":"c1","public_keys":[]}`},
	)
	ctx := context.Background()
	app, err := s.SetPublicKeys(ctx, "c1", testPublicKey)
	if err != nil || len(app.PublicKeys) != 1 || app.PublicKeys[0] != testPublicKey {
		t.Fatalf("SetPublicKeys = %+v, %v", app, err)
	}
	app, err = s.SetGrantTypes(ctx, "c1", connectedapps.GrantJWTBearer)
	if err != nil || len(app.GrantTypes) != 1 || app.GrantTypes[0] != connectedapps.GrantJWTBearer {
		t.Fatalf("SetGrantTypes = %+v, %v", app, err)
	}
	if _, err := s.SetPublicKeys(ctx, "c1"); err != nil {
		t.Fatalf("SetPublicKeys with none: %v", err)
	}
}

func TestPublicKeysAreCheckedBeforeSending(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	private := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	ecDER, _ := x509.MarshalECPrivateKey(key)
	ecPrivate := string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER}))
	good, err := connectedapps.PublicKeyPEM(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	for name, k := range map[string]string{
		"private key (PKCS #8)": private,
		"private key (SEC 1)":   ecPrivate,
		"not PEM":               "ssh-rsa AAAAB3NzaC1yc2E",
		"two keys in one":       good + good,
		"garbage in a block":    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
		"another block type":    "-----BEGIN OPENSSH PUBLIC KEY-----\nAAAA\n-----END OPENSSH PUBLIC KEY-----\n",
	} {
		t.Run(name, func(t *testing.T) {
			s := mgmtService(t) // any request fails the test
			_, err := s.SetPublicKeys(context.Background(), "c1", good, k)
			mgmtWantInvalid(t, err, "PublicKeys[1]")
			body := strings.TrimSpace(strings.SplitN(k, "\n", 3)[min(1, len(strings.SplitN(k, "\n", 3))-1)])
			if len(body) > 8 && strings.Contains(err.Error(), body) {
				t.Errorf("the error quotes the key: %v", err)
			}
			_, err = s.CreateApp(context.Background(), &admin.CreateAppRequest{ClientName: "a",
				GrantTypes: []connectedapps.GrantType{connectedapps.GrantJWTBearer}, PublicKeys: []string{k}})
			mgmtWantInvalid(t, err, "PublicKeys[0]")
		})
	}
	// A JWT bearer app cannot be left without keys in one update.
	s := mgmtService(t)
	_, err = s.UpdateApp(context.Background(), "c1", &admin.UpdateAppRequest{
		GrantTypes: &[]connectedapps.GrantType{connectedapps.GrantJWTBearer}, PublicKeys: &[]string{}})
	mgmtWantInvalid(t, err, "PublicKeys")
}
