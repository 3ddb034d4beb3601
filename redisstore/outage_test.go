package redisstore_test

import (
	"errors"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/redisstore"
	"github.com/anypoint-go/anypoint/scopes"
)

// Redis goes down while a replica's token ends: its calls fail with a
// clear error, no refresh token is spent, and once Redis is back the same
// token source goes on with the same grant.
func TestRedisOutageNeverKillsTheGrant(t *testing.T) {
	addr := redisAddr(t)
	ctx := ctxTimeout(t, 30*time.Second)
	srv := anypointtest.NewTestServer(t, anypointtest.WithTokenLifetime(time.Second))
	app := srv.AddApp(anypointtest.AppSpec{
		Name:       "outage",
		GrantTypes: []connectedapps.GrantType{connectedapps.GrantPassword, connectedapps.GrantRefreshToken},
		Scopes:     []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
	})
	p := newProxy(t, addr)
	prefix := testPrefix(t)
	st := newStore(t, p.Addr(), prefix, app.ClientID, anypointtest.Username, redisstore.Options{Timeout: 300 * time.Millisecond})
	signIn := connectedapps.Password{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Username: anypointtest.Username,
		Password: anypointtest.UserPassword, Config: configAt(srv.URL)}.TokenSource(connectedapps.WithStore(st))
	if _, err := signIn.TokenContext(ctx); err != nil {
		t.Fatal(err)
	}

	ts, err := connectedapps.AuthorizationCode{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: configAt(srv.URL)}.
		TokenSource(ctx, nil, connectedapps.WithStore(st))
	if err != nil {
		t.Fatal(err)
	}
	c, err := anypoint.NewClient(ts, anypoint.WithBaseURL(srv.URL), anypoint.WithRetry(anypoint.NoRetry()))
	if err != nil {
		t.Fatal(err)
	}
	svc := accounts.New(c)
	if _, err := svc.ListEnvironments(ctx, anypointtest.OrgID, nil); err != nil {
		t.Fatal(err)
	}

	p.setDown(true)
	srv.ResetRequestLog()
	time.Sleep(1200 * time.Millisecond) // the access token has ended
	_, err = svc.ListEnvironments(ctx, anypointtest.OrgID, nil)
	var se *redisstore.Error
	if !errors.As(err, &se) {
		t.Fatalf("a call needing a new token while Redis is down = %v; want a *redisstore.Error", err)
	}
	if errors.Is(err, anypoint.ErrInvalidGrant) {
		t.Fatalf("the outage looks like a dead grant: %v", err)
	}
	if n := srv.TokenRequests(); n != 0 {
		t.Fatalf("%d token requests while Redis was down: a refresh token was spent without the lock", n)
	}

	p.setDown(false)
	if _, err := svc.ListEnvironments(ctx, anypointtest.OrgID, nil); err != nil {
		t.Fatalf("the first call once Redis is back = %v; want the grant to go on", err)
	}
	if got, err := st.Load(ctx); err != nil || got == nil || got.RefreshToken == "" {
		t.Fatalf("the store after the outage holds %v, %v", got, err)
	}
}

// configAt is the settings of a fake platform at base, for a credential.
func configAt(base string) anypoint.Config {
	cfg, err := anypoint.NewConfig(anypoint.WithBaseURL(base))
	if err != nil {
		panic(err)
	}
	return cfg
}
