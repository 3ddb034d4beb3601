package anypointtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/scopes"
)

// This example gets a client-credentials token from the fake platform and lists the
// Design Center projects with it, using nothing but net/http.
func Example() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)

	res, err := http.PostForm(srv.URL+"/accounts/api/v2/oauth2/token", url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {app.ClientID},
		"client_secret": {app.ClientSecret},
	})
	if err != nil {
		panic(err)
	}
	var tok map[string]any
	_ = json.NewDecoder(res.Body).Decode(&tok)
	res.Body.Close()
	_, hasExpiry := tok["expires_in"]
	fmt.Println("token type:", tok["token_type"], "- expires_in sent:", hasExpiry)

	req, _ := http.NewRequest("GET", srv.URL+"/designcenter/api-designer/projects", nil)
	req.Header.Set("Authorization", "Bearer "+tok["access_token"].(string))
	req.Header.Set("x-organization-id", srv.OrgID)
	req.Header.Set("x-owner-id", srv.User.ID)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	var projects []struct{ Name, Type string }
	_ = json.NewDecoder(res.Body).Decode(&projects)
	res.Body.Close()
	for _, p := range projects {
		fmt.Printf("%s (%s)\n", p.Name, p.Type)
	}
	fmt.Println("token requests:", srv.TokenRequests())
	// Output:
	// token type: bearer - expires_in sent: false
	// Orders API (raml)
	// Customers API (oas)
	// Common Types (raml-fragment)
	// token requests: 1
}

// RemoveScope takes effect at once: the app's existing token gets a 401 (plain text, the
// default body; WithUnauthorizedBody(UnauthorizedJSON) makes it JSON).
func ExampleServer_RemoveScope() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	app, _ := srv.App(anypointtest.DefaultClientCredentialsAppID)

	token := func() string {
		res, err := http.PostForm(srv.URL+anypointtest.TokenPath, url.Values{"grant_type": {"client_credentials"},
			"client_id": {app.ClientID}, "client_secret": {app.ClientSecret}})
		if err != nil {
			panic(err)
		}
		defer res.Body.Close()
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		_ = json.NewDecoder(res.Body).Decode(&tok)
		return tok.AccessToken
	}()
	list := func() {
		req, _ := http.NewRequest("GET", srv.URL+anypointtest.DesignCenterPath+"/projects", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("x-organization-id", anypointtest.OrgID)
		req.Header.Set("x-owner-id", anypointtest.UserID)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		res.Body.Close()
		fmt.Println(res.Status, res.Header.Get("Content-Type"))
	}

	list()
	srv.RemoveScope(app.ClientID, scopes.Grant{Scope: scopes.EditDesignCenter})
	list()
	// Output:
	// 200 OK application/json; charset=utf-8
	// 401 Unauthorized text/plain; charset=utf-8
}

// Faults affect the next requests that match, then stop: here a 429 with
// Retry-After, then a slow answer. A request gets at most one fault.
func ExampleServer_Fail() {
	srv := anypointtest.NewServer()
	defer srv.Close()
	srv.Fail(anypointtest.FaultSpec{Status: http.StatusTooManyRequests, RetryAfter: "2", Path: anypointtest.MePath})
	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultSlow, Delay: 10 * time.Millisecond, Path: anypointtest.MePath})

	for range 3 {
		res, err := http.Get(srv.URL + anypointtest.MePath)
		if err != nil {
			panic(err)
		}
		res.Body.Close()
		fmt.Printf("%d Retry-After=%q\n", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// Output:
	// 429 Retry-After="2"
	// 401 Retry-After=""
	// 401 Retry-After=""
}
