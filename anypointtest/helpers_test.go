package anypointtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
)

// answer is a response with its body read.
type answer struct {
	*http.Response
	body []byte
}

func (a answer) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("%s %s: decoding %q: %v", a.Request.Method, a.Request.URL.Path, a.body, err)
	}
}

func (a answer) want(t *testing.T, status int) answer {
	t.Helper()
	if a.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body %s", a.Request.Method, a.Request.URL.Path, a.StatusCode, status, a.body)
	}
	return a
}

// do sends a request; body may be nil, a string (form) or anything else (JSON).
func do(t *testing.T, srv *anypointtest.Server, method, path, token string, body any, hdr ...string) answer {
	t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ct = strings.NewReader(b), "application/x-www-form-urlencoded"
	case url.Values:
		rd, ct = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, ct = strings.NewReader(string(j)), "application/json"
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return answer{res, b}
}

// dcHeaders are the headers every Design Center call needs.
var dcHeaders = []string{"x-organization-id", anypointtest.OrgID, "x-owner-id", anypointtest.UserID}

func dcDo(t *testing.T, srv *anypointtest.Server, method, path, token string, body any, hdr ...string) answer {
	t.Helper()
	return do(t, srv, method, anypointtest.DesignCenterPath+path, token, body, append(append([]string{}, dcHeaders...), hdr...)...)
}

// mustApp returns an app as the server knows it now (its current secret and scopes).
func mustApp(t *testing.T, srv *anypointtest.Server, clientID string) anypointtest.App {
	t.Helper()
	app, ok := srv.App(clientID)
	if !ok {
		t.Fatalf("no app %s", clientID)
	}
	return app
}

// clientToken gets a client-credentials token for an app.
func clientToken(t *testing.T, srv *anypointtest.Server, app anypointtest.App) string {
	t.Helper()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	do(t, srv, "POST", anypointtest.TokenPath, "", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret},
	}).want(t, 200).json(t, &tok)
	if tok.AccessToken == "" {
		t.Fatal("no access_token")
	}
	return tok.AccessToken
}

func wantUnauthorized(t *testing.T, a answer) {
	t.Helper()
	a.want(t, 401)
	if ct := a.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("401 Content-Type %q, want text/plain", ct)
	}
	if string(a.body) != "Unauthorized" {
		t.Errorf("401 body %q, want Unauthorized", a.body)
	}
	if a.Header.Get("WWW-Authenticate") != "" {
		t.Errorf("401 carries WWW-Authenticate %q", a.Header.Get("WWW-Authenticate"))
	}
}
