package anypointtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/anypointtest"
)

func TestFailNext(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, srv.ClientCredentialsApp())

	srv.FailNext(2, 503)
	for range 2 {
		a := do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 503)
		if !strings.HasPrefix(a.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(a.body), "<html>") {
			t.Errorf("503 %v %s", a.Header, a.body)
		}
	}
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)

	srv.FailNext(1, 500)
	var e struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	}
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 500).json(t, &e)
	if e.Status != 500 || e.Message != "Internal Server Error" {
		t.Errorf("500 %+v", e)
	}

	srv.FailNext(1, 502, anypointtest.OnPath("/accounts/api/*"))
	if srv.PendingFaults() != 1 {
		t.Error("PendingFaults")
	}
	do(t, srv, "GET", "/designcenter/api-designer/projects", tok, nil, "x-organization-id", anypointtest.OrgID, "x-owner-id", anypointtest.UserID).want(t, 200)
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 502)

	srv.FailNext(5, 500)
	srv.ClearFaults()
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	if srv.Requests("GET", anypointtest.MePath) != 6 {
		t.Errorf("Requests = %d", srv.Requests("GET", anypointtest.MePath))
	}
}

func TestFaultOnTokenEndpoint(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, srv.ClientCredentialsApp())
	srv.FailNext(1, 500, anypointtest.OnTokenEndpoint())
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	app := srv.ClientCredentialsApp()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 500)
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 200)
	if srv.TokenRequests() != 3 {
		t.Errorf("TokenRequests = %d", srv.TokenRequests())
	}

	srv.TokenEndpointDown(time.Hour)
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 503)
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 503)
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	srv.ClearFaults()
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 200)
}

func TestRateLimitNext(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, srv.ClientCredentialsApp())
	srv.RateLimitNext(1, "2")
	a := do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 429)
	if a.Header.Get("Retry-After") != "2" {
		t.Errorf("Retry-After %q", a.Header.Get("Retry-After"))
	}
	date := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	srv.RateLimitNext(1, date, anypointtest.OnMethod("GET"))
	a = do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 429)
	if a.Header.Get("Retry-After") != date {
		t.Errorf("Retry-After %q", a.Header.Get("Retry-After"))
	}
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
}

func TestSlowNext(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, srv.ClientCredentialsApp())

	srv.SlowNext(1, 100*time.Millisecond)
	start := time.Now()
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("answered after %v", d)
	}

	// The client giving up ends the wait.
	srv.SlowNext(1, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+anypointtest.MePath, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	_, err := srv.Client().Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}

func TestSetTokenLatency(t *testing.T) {
	srv := anypointtest.NewTestServer(t, anypointtest.WithTokenLatency(50*time.Millisecond))
	start := time.Now()
	clientToken(t, srv, srv.ClientCredentialsApp())
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("token after %v", d)
	}
	srv.SetTokenLatency(0)
	start = time.Now()
	tok := clientToken(t, srv, srv.ClientCredentialsApp())
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	if d := time.Since(start); d > 40*time.Millisecond {
		t.Logf("slow without latency: %v", d)
	}
}

func TestCutNext(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, srv.ClientCredentialsApp())
	srv.CutNext(1)
	req, _ := http.NewRequest("GET", srv.URL+anypointtest.MePath, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err) // the headers arrive
	}
	if res.StatusCode != 200 || res.Header.Get("X-Request-Id") == "" {
		t.Errorf("status %d, headers %v", res.StatusCode, res.Header)
	}
	_, err = io.ReadAll(res.Body)
	res.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("reading the cut body: %v", err)
	}
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	log := srv.RequestLog()
	if log[len(log)-2].Status != 0 || log[len(log)-1].Status != 200 {
		t.Errorf("log statuses %d %d", log[len(log)-2].Status, log[len(log)-1].Status)
	}
}

func TestTruncateNext(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, srv.ClientCredentialsApp())
	srv.TruncateNext(1, anypointtest.OnPath(anypointtest.MePath))
	a := do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	var v any
	if err := json.Unmarshal(a.body, &v); err == nil {
		t.Errorf("truncated body decoded: %s", a.body)
	}
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200).json(t, &v)
}

func TestCloseEndsSlowAnswers(t *testing.T) {
	srv := anypointtest.NewServer()
	srv.SlowNext(1, time.Hour)
	done := make(chan struct{})
	go func() {
		defer close(done)
		res, err := http.Get(srv.URL + anypointtest.MePath)
		if err == nil {
			res.Body.Close()
		}
	}()
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	srv.Close()
	<-done
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v", d)
	}
	srv.Close()
}
