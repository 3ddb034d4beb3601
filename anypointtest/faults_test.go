package anypointtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/anypointtest"
)

func TestFailStatus(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))

	srv.Fail(anypointtest.FaultSpec{Status: 503, Count: 2})
	for range 2 {
		a := do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 503)
		if !strings.HasPrefix(a.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(a.body), "<html>") {
			t.Errorf("503 %v %s", a.Header, a.body)
		}
	}
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)

	srv.Fail(anypointtest.FaultSpec{Status: 500})
	var e struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	}
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 500).json(t, &e)
	if e.Status != 500 || e.Message != "Internal Server Error" {
		t.Errorf("500 %+v", e)
	}

	srv.Fail(anypointtest.FaultSpec{Status: 502, Path: "/accounts/api/*"})
	do(t, srv, "GET", "/designcenter/api-designer/projects", tok, nil, "x-organization-id", anypointtest.OrgID, "x-owner-id", anypointtest.UserID).want(t, 200)
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 502)

	srv.Fail(anypointtest.FaultSpec{Status: 500, Count: 5})
	srv.ClearFaults()
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	if srv.Requests("GET", anypointtest.MePath) != 6 {
		t.Errorf("Requests = %d", srv.Requests("GET", anypointtest.MePath))
	}
}

func TestFaultOnTokenEndpoint(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	srv.Fail(anypointtest.FaultSpec{Status: 500, Path: anypointtest.TokenPath})
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	app := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 500)
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 200)
	if srv.TokenRequests() != 3 {
		t.Errorf("TokenRequests = %d", srv.TokenRequests())
	}

	srv.Fail(anypointtest.FaultSpec{Status: 503, Path: anypointtest.TokenPath, For: time.Hour})
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 503)
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 503)
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	srv.ClearFaults()
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 200)
}

func TestFailRateLimit(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	srv.Fail(anypointtest.FaultSpec{Status: 429, RetryAfter: "2"})
	a := do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 429)
	if a.Header.Get("Retry-After") != "2" {
		t.Errorf("Retry-After %q", a.Header.Get("Retry-After"))
	}
	date := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	srv.Fail(anypointtest.FaultSpec{Status: 429, RetryAfter: date, Method: "GET"})
	a = do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 429)
	if a.Header.Get("Retry-After") != date {
		t.Errorf("Retry-After %q", a.Header.Get("Retry-After"))
	}
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
}

func TestFailSlow(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))

	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultSlow, Delay: 100 * time.Millisecond})
	start := time.Now()
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("answered after %v", d)
	}

	// The client giving up ends the wait.
	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultSlow, Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+anypointtest.MePath, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	_, err := srv.Client().Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}

func TestWithTokenLatency(t *testing.T) {
	srv := anypointtest.NewTestServer(t, anypointtest.WithTokenLatency(50*time.Millisecond))
	start := time.Now()
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("token after %v", d)
	}
	// Only the token endpoint is slow.
	start = time.Now()
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	if d := time.Since(start); d > 40*time.Millisecond {
		t.Logf("slow without latency: %v", d)
	}
}

func TestFailCut(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultCut})
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

func TestFailTruncate(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultTruncate, Path: anypointtest.MePath})
	a := do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	var v any
	if err := json.Unmarshal(a.body, &v); err == nil {
		t.Errorf("truncated body decoded: %s", a.body)
	}
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200).json(t, &v)
}

func TestCloseEndsSlowAnswers(t *testing.T) {
	srv := anypointtest.NewServer()
	srv.Fail(anypointtest.FaultSpec{Kind: anypointtest.FaultSlow, Delay: time.Hour})
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

// A fault with For hits every matching request until its time, by the server's clock, has
// passed; faults added after it on the same requests wait until then.
func TestFailForAWhile(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	srv := anypointtest.NewTestServer(t, anypointtest.WithClock(clock))
	app := mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID)
	tok := clientToken(t, srv, app)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {app.ClientID}, "client_secret": {app.ClientSecret}}

	srv.Fail(anypointtest.FaultSpec{Status: 503, Path: anypointtest.TokenPath, For: time.Minute, Count: 1})
	srv.Fail(anypointtest.FaultSpec{Status: 500, Path: anypointtest.TokenPath})
	for range 3 {
		a := do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 503)
		if !strings.HasPrefix(a.Header.Get("Content-Type"), "text/html") {
			t.Errorf("503 Content-Type %q", a.Header.Get("Content-Type"))
		}
	}
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
	advance(59 * time.Second)
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 503)
	advance(time.Second)
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 500) // the next fault's turn
	do(t, srv, "POST", anypointtest.TokenPath, "", form).want(t, 200)
}

func TestFailRefusesAnIncompleteSpec(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	for _, spec := range []anypointtest.FaultSpec{
		{}, // FaultStatus without a Status
		{Path: anypointtest.MePath, RetryAfter: "2"}, // the same, with a path
		{Status: 503, Count: -1},
		{Kind: anypointtest.FaultSlow, For: -time.Second},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Fail(%+v) did not panic", spec)
				}
			}()
			srv.Fail(spec)
		}()
	}
	// Nothing was added.
	tok := clientToken(t, srv, mustApp(t, srv, anypointtest.DefaultClientCredentialsAppID))
	do(t, srv, "GET", anypointtest.MePath, tok, nil).want(t, 200)
}
