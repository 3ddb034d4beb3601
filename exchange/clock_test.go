package exchange_test

import (
	"context"
	"testing"
	"time"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/exchange"
	"github.com/anypoint-go/anypoint/scopes"
)

// With the fake's clock, the wait for an asynchronous publication sleeps by
// the fake's time: with the default intervals (and a fake whose time stands
// still otherwise) the fake's time moves by exactly the waits between reads.
func TestPublishWaitsByTheClock(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	srv := anypointtest.NewTestServer(t, anypointtest.WithClock(func() time.Time { return at }))
	app := srv.AddApp(anypointtest.AppSpec{Name: "publisher", Scopes: []scopes.Scope{scopes.EditExchange}})
	ex := exchange.New(clientFor(t, srv, app)) // the default poll intervals
	req := appRequest("1.0.0", jarOf("PK fake jar"))
	req.Clock = srv.Clock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pub, err := ex.Publish(ctx, anypointtest.OrgID, req)
	if err != nil {
		t.Fatal(err)
	}
	if pub.Status == nil || !pub.Status.Succeeded() {
		t.Fatalf("publication = %+v, want completed", pub)
	}
	// Two reads (running, then completed), each after a wait: the first
	// interval, then twice that.
	want := exchange.DefaultPollInterval + 2*exchange.DefaultPollInterval
	if moved := srv.Clock().Now().Sub(at); moved != want {
		t.Errorf("the fake's time moved %v, want %v", moved, want)
	}
}
