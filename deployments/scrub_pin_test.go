package deployments_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/deployments"
	"golang.org/x/oauth2"
)

// secureShapes are secure property values of several lengths and shapes:
// one inside another, short ones, JSON and URL specials, non-ASCII.
var secureShapes = deployments.SecureProperties{
	"pin":         "42x",
	"db.password": "hunter2",
	"api.key":     "Xq9-hunter2-Wz7",
	"quoted":      `quo"te\back`,
	"markup":      "<a&b>",
	"spaced":      "a b+c/d=e",
	"unicode":     "pässwört-ü",
	"cleared":     "", // nothing to scrub, and nothing to spoil
}

// echoPlatform answers every deployment write with a 400 that quotes the
// request: asJSON quotes the decoded secure values inside a JSON message
// (so the raw body holds them JSON-escaped), or with escaped their URL-
// escaped forms; otherwise it quotes the raw request body as plain text (so
// the secure values arrive as the request's JSON encoded them). Each
// message stays under the 500 bytes an *anypoint.Error keeps of it.
func echoPlatform(t *testing.T, asJSON, escaped bool) *deployments.Service {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		if !asJSON {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write(append([]byte("cannot parse "), raw...))
			return
		}
		var body struct {
			Application struct {
				Configuration map[string]struct {
					SecureProperties map[string]string `json:"secureProperties"`
				} `json:"configuration"`
			} `json:"application"`
		}
		_ = json.Unmarshal(raw, &body)
		var quoted []string
		for _, c := range body.Application.Configuration {
			for k, v := range c.SecureProperties {
				if escaped {
					quoted = append(quoted, url.QueryEscape(v)+" "+url.PathEscape(v))
				} else {
					quoted = append(quoted, k+"="+v, "value "+v)
				}
			}
		}
		if len(quoted) == 0 {
			t.Errorf("the request carried no secure properties: %s", raw)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"status": 400, "message": "invalid secure properties: " + strings.Join(quoted, ", ")})
	}))
	t.Cleanup(srv.Close)
	c, err := anypoint.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"}),
		anypoint.WithBaseURL(srv.URL), anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatal(err)
	}
	return deployments.New(c)
}

// secureLeaks returns the secure values found in err's texts, Message or
// Body, in their plain, JSON-escaped and URL-escaped forms, and in the
// pieces left when a value inside another is replaced first.
func secureLeaks(err error, sp deployments.SecureProperties) []string {
	var apiErr *anypoint.Error
	if !errors.As(err, &apiErr) {
		return []string{fmt.Sprintf("err = %T %v, want an *anypoint.Error", err, err)}
	}
	texts := []string{err.Error(), fmt.Sprintf("%+v", err), apiErr.Message, string(apiErr.Body)}
	var found []string
	for name, v := range sp {
		if v == "" {
			continue
		}
		q, _ := json.Marshal(v.Reveal())
		forms := []string{v.Reveal(), strings.Trim(string(q), `"`), url.QueryEscape(v.Reveal())}
		if name == "api.key" {
			forms = append(forms, "Xq9-", "-Wz7")
		}
		for _, f := range forms {
			for _, txt := range texts {
				if strings.Contains(txt, f) {
					found = append(found, fmt.Sprintf("%s: %q in %q", name, f, txt))
					break
				}
			}
		}
	}
	return found
}

// A platform that quotes secure values (plainly, JSON-escaped, one inside
// another, however short) has every one replaced in the error's text, its
// Message and its Body, on create and on update.
func TestEchoedSecureValuesAreScrubbed(t *testing.T) {
	for _, mode := range []struct{ asJSON, escaped bool }{{true, false}, {true, true}, {false, false}} {
		asJSON := mode.asJSON
		svc := echoPlatform(t, asJSON, mode.escaped)
		_, err := svc.CreateDeployment(context.Background(), org, env, &deployments.CreateDeploymentRequest{
			Name: "orders-sync", TargetID: "target-1", Asset: ref("1.0.0"), SecureProperties: secureShapes,
		})
		if err == nil {
			t.Fatal("create succeeded")
		}
		if found := secureLeaks(err, secureShapes); len(found) > 0 {
			t.Errorf("create, %+v: %d leaks: %v", mode, len(found), found)
		}
		var apiErr *anypoint.Error
		if errors.As(err, &apiErr) && (!strings.Contains(apiErr.Message, "REDACTED") || !strings.Contains(string(apiErr.Body), "REDACTED")) {
			t.Errorf("create, JSON=%v: message %q, body %q; want the server's text with REDACTED", asJSON, apiErr.Message, apiErr.Body)
		}
		// The server's own words are left whole.
		words := "cannot parse {"
		if asJSON {
			words = "invalid secure properties: "
		}
		if apiErr != nil && (!strings.Contains(apiErr.Message, words) || !strings.Contains(string(apiErr.Body), words)) {
			t.Errorf("create, JSON=%v: message %q, body %q; want the server's words %q intact", asJSON, apiErr.Message, apiErr.Body, words)
		}

		_, err = svc.UpdateDeployment(context.Background(), org, env, "dep-1", &deployments.UpdateDeploymentRequest{SecureProperties: secureShapes})
		if err == nil {
			t.Fatal("update succeeded")
		}
		if found := secureLeaks(err, secureShapes); len(found) > 0 {
			t.Errorf("update, %+v: %d leaks: %v", mode, len(found), found)
		}
	}
}

// A secure value that straddles the 500 bytes an *anypoint.Error keeps of
// its message leaks none of its beginning: scrubbing comes before clipping.
func TestSecureValueAtTheMessageCutIsScrubbed(t *testing.T) {
	const secret = "Xq9-hunter2-Wz7"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, strings.Repeat("x", 490)+" "+secret+" is not valid")
	}))
	t.Cleanup(srv.Close)
	c, err := anypoint.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"}),
		anypoint.WithBaseURL(srv.URL), anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatal(err)
	}
	sp := deployments.SecureProperties{"api.key": secret}
	_, err = deployments.New(c).CreateDeployment(context.Background(), org, env, &deployments.CreateDeploymentRequest{
		Name: "orders-sync", TargetID: "target-1", Asset: ref("1.0.0"), SecureProperties: sp,
	})
	if found := secureLeaks(err, sp); len(found) > 0 {
		t.Errorf("%d leaks: %v", len(found), found)
	}
}
