package connectedapps

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"testing"
)

// The password and JWT bearer credentials print none of their secrets in
// any form a program may print or log them: on their own, inside a struct
// or a map, and through their token source.
func TestUserCredentialsNeverPrint(t *testing.T) {
	testKeys(t)
	pw := Password{ClientID: "app-id", ClientSecret: "client-s3cret-value", Username: "max.mule.secret", Password: "pa55word-value"}
	jb := JWTBearer{ClientID: "app-id", ClientSecret: "client-s3cret-value", Signer: ecP256, KeyID: "key-1",
		Subject: Subject{IdentityProviderID: "idp-1", Username: "max.mule.secret", Email: "max.secret@acme.example"}}
	rsaJB := jb
	rsaJB.Signer = rsa2048
	ecRaw, err := ecP256.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	ecD := new(big.Int).SetBytes(ecRaw)
	secrets := []string{"client-s3cret-value", "max.mule.secret", "pa55word-value", "max.secret@acme.example",
		ecD.String(), fmt.Sprintf("%x", ecRaw), rsa2048.D.String(), rsa2048.Primes[0].String(), fmt.Sprintf("%x", rsa2048.D)}
	for _, k := range []any{ecP256, rsa2048} {
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, base64.StdEncoding.EncodeToString(der)[40:80])
	}

	var out bytes.Buffer
	text := slog.New(slog.NewTextHandler(&out, nil))
	js := slog.New(slog.NewJSONHandler(&out, nil))
	values := []any{pw, &pw, jb, &jb, rsaJB, pw.TokenSource(), jb.TokenSource(),
		struct {
			P Password
			J JWTBearer
		}{pw, jb},
		map[string]any{"p": pw, "j": jb}, []any{pw, jb}}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			fmt.Fprintf(&out, verb+"\n", v)
		}
		fmt.Fprintln(&out, v)
		text.Info("creds", "v", v)
		js.Info("creds", "v", v)
		text.Info("creds", slog.Any("v", v))
		b, err := json.Marshal(v)
		if err == nil {
			out.Write(b)
		}
	}
	for _, s := range secrets {
		if strings.Contains(out.String(), s) {
			t.Errorf("a secret was printed: %.6s…", s)
		}
	}
	if !strings.Contains(out.String(), "app-id") {
		t.Error("the client ID should be shown")
	}
}
