package redisstore_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/accounts"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/redisstore"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// The fleet: child processes are this test binary run again with
// fleetChildEnv set; TestMain sends them to fleetChild instead of the tests.
const (
	fleetChildEnv = "REDISSTORE_FLEET_CHILD" // the child's number
	fleetConfEnv  = "REDISSTORE_FLEET_CONF"  // fleetConf as JSON
)

func TestMain(m *testing.M) {
	if os.Getenv(fleetChildEnv) != "" {
		os.Exit(fleetChild())
	}
	os.Exit(m.Run())
}

// fleetConf is what a child needs: where Redis and the fake platform are,
// the app, how long to run, and whether to freeze while holding the lock.
type fleetConf struct {
	Redis        string
	Prefix       string
	BaseURL      string
	ClientID     string
	ClientSecret string
	User         string
	Run          time.Duration
	Lease        time.Duration
	Every        time.Duration // between one call and the next
	FreezeOnLock int           // freeze holding the lock taken this many times (0: never)
}

// childResult is the last line a child prints.
type childResult struct {
	Calls  int
	Errors []string
}

const (
	holdingLine = "HOLDING-THE-LOCK"
	resultLine  = "RESULT "
)

// freezer is the killed replica's store: on its n-th lock it says so and
// stops, holding the lock (its lease renewals go on), until it is killed.
type freezer struct {
	*redisstore.Store
	n     int
	mu    sync.Mutex
	locks int
}

func (f *freezer) Lock(ctx context.Context) (func(), error) {
	unlock, err := f.Store.Lock(ctx)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.locks++
	freeze := f.locks == f.n
	f.mu.Unlock()
	if freeze {
		fmt.Println(holdingLine)
		select {} // killed here, the lock held
	}
	return unlock, nil
}

func fleetChild() int {
	var c fleetConf
	if err := json.Unmarshal([]byte(os.Getenv(fleetConfEnv)), &c); err != nil {
		fmt.Fprintln(os.Stderr, "fleet child:", err)
		return 2
	}
	rdb := newChildClient(c.Redis)
	defer rdb.Close()
	st, err := redisstore.New(rdb, c.ClientID, c.User, redisstore.Options{Prefix: c.Prefix, Lease: c.Lease})
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleet child:", err)
		return 2
	}
	var store connectedapps.Store = st
	if c.FreezeOnLock > 0 {
		store = &freezer{Store: st, n: c.FreezeOnLock}
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	ts, err := connectedapps.AuthorizationCode{ClientID: c.ClientID, ClientSecret: c.ClientSecret, Config: configAt(c.BaseURL)}.
		TokenSource(ctx, nil, connectedapps.WithStore(store), connectedapps.WithLogger(quiet))
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleet child:", err)
		return 2
	}
	client, err := anypoint.NewClient(ts, anypoint.WithBaseURL(c.BaseURL), anypoint.WithLogger(quiet))
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleet child:", err)
		return 2
	}
	svc := accounts.New(client)
	var res childResult
	end := time.Now().Add(c.Run)
	for time.Now().Before(end) {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_, err := svc.ListEnvironments(cctx, anypointtest.OrgID, nil)
		cancel()
		res.Calls++
		if err != nil {
			res.Errors = append(res.Errors, err.Error())
			if errors.Is(err, anypoint.ErrInvalidGrant) {
				break // a dead grant: nothing more will work
			}
		}
		time.Sleep(c.Every)
	}
	b, _ := json.Marshal(res)
	fmt.Println(resultLine + string(b))
	return 0
}

// fleetReport is what a fleet run measured.
type fleetReport struct {
	Replicas      int
	Run           time.Duration
	TokenLifetime time.Duration
	Calls         int
	Errors        []string
	Killed        bool          // the freezing replica was killed holding the lock
	TokenRequests int           // refresh requests the platform received
	Refused       int           // token requests the platform refused (a spent refresh token)
	Expected      float64       // refreshes one replica alone would make in Run
	LiveAfter     bool          // the stored refresh token still works afterwards
	StoredAfter   *oauth2.Token // the token in Redis afterwards
}

// runFleet starts replicas processes that share one user's grant through
// Redis for run, with tokens of lifetime; the first one freezes holding the
// lock on its second lock and is killed.
func runFleet(t testing.TB, replicas int, run, lifetime time.Duration) fleetReport {
	t.Helper()
	addr := redisAddr(t)
	// The fleet makes about 300 calls a second: far above the fake's
	// default 1000 a minute, by which the clients would pace the calls.
	srv := anypointtest.NewTestServer(t, anypointtest.WithTokenLifetime(lifetime), anypointtest.WithRateLimit(1_000_000, time.Minute))
	app := srv.AddApp(anypointtest.AppSpec{
		Name:       "fleet",
		GrantTypes: []connectedapps.GrantType{connectedapps.GrantPassword, connectedapps.GrantRefreshToken},
		Scopes:     []scopes.Scope{scopes.ViewEnvironment, scopes.OfflineAccess},
	})
	prefix := testPrefix(t)
	user := anypointtest.Username
	lease := 2 * time.Second // renewed every third; a killed holder blocks the others this long
	ctx := ctxTimeout(t, run+time.Minute)

	// The user signs in once; the token goes to Redis.
	st := newStore(t, addr, prefix, app.ClientID, user, redisstore.Options{})
	signIn := connectedapps.Password{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Username: user,
		Password: anypointtest.UserPassword, Config: configAt(srv.URL)}.TokenSource(connectedapps.WithStore(st))
	if _, err := signIn.TokenContext(ctx); err != nil {
		t.Fatal(err)
	}
	if tok, err := st.Load(ctx); err != nil || tok == nil || tok.RefreshToken == "" {
		t.Fatalf("the sign-in stored %v, %v; want a token with a refresh token", tok, err)
	}
	srv.ResetRequestLog()

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	type child struct {
		cmd     *exec.Cmd
		result  chan *childResult
		holding chan struct{}
	}
	children := make([]*child, replicas)
	for i := range children {
		conf := fleetConf{Redis: addr, Prefix: prefix, BaseURL: srv.URL, ClientID: app.ClientID, ClientSecret: app.ClientSecret,
			User: user, Run: run, Lease: lease, Every: 20 * time.Millisecond}
		if i == 0 {
			conf.FreezeOnLock = 2
		}
		b, _ := json.Marshal(conf)
		cmd := exec.CommandContext(ctx, exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), fleetChildEnv+"="+strconv.Itoa(i), fleetConfEnv+"="+string(b))
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		c := &child{cmd: cmd, result: make(chan *childResult, 1), holding: make(chan struct{}, 1)}
		children[i] = c
		go func() {
			var res *childResult
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				line := sc.Text()
				switch {
				case line == holdingLine:
					c.holding <- struct{}{}
				case strings.HasPrefix(line, resultLine):
					res = new(childResult)
					_ = json.Unmarshal([]byte(strings.TrimPrefix(line, resultLine)), res)
				}
			}
			c.result <- res
		}()
	}
	t.Cleanup(func() {
		for _, c := range children {
			if c.cmd.ProcessState == nil {
				_ = c.cmd.Process.Kill()
			}
		}
	})

	rep := fleetReport{Replicas: replicas, Run: run, TokenLifetime: lifetime}
	select {
	case <-children[0].holding:
		if err := children[0].cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		rep.Killed = true
	case <-time.After(run):
	}
	for i, c := range children {
		res := <-c.result
		err := c.cmd.Wait()
		if i == 0 && rep.Killed {
			continue
		}
		if err != nil || res == nil {
			t.Fatalf("replica %d ended with %v and no result", i, err)
		}
		rep.Calls += res.Calls
		rep.Errors = append(rep.Errors, res.Errors...)
	}

	rep.TokenRequests = srv.TokenRequests(connectedapps.GrantRefreshToken)
	for _, r := range srv.RequestLog() {
		if r.Path == anypointtest.TokenPath && r.Status != 200 {
			rep.Refused++
		}
	}
	// One token source refreshes a token ahead of its end (see
	// connectedapps.TokenSource): after 1 - 1/10 - 1/3 of its lifetime.
	rep.Expected = float64(run) / (float64(lifetime) * (1 - 0.1 - 1.0/3))

	// No lost token: the refresh token in Redis is the live one.
	rep.StoredAfter, _ = st.Load(ctx)
	srv.ExpireTokens()
	after, err := connectedapps.AuthorizationCode{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Config: configAt(srv.URL)}.
		TokenSource(ctx, nil, connectedapps.WithStore(st))
	if err == nil {
		c, _ := anypoint.NewClient(after, anypoint.WithBaseURL(srv.URL))
		_, err = accounts.New(c).ListEnvironments(ctx, anypointtest.OrgID, nil)
	}
	rep.LiveAfter = err == nil
	if err != nil {
		t.Logf("the stored grant after the run: %v", err)
	}
	return rep
}

// Eight processes share one user's grant with refresh-token rotation and
// one-second tokens; one is killed while it holds the lock.
func TestFleetSharesOneGrant(t *testing.T) {
	if testing.Short() {
		t.Skip("the fleet runs for seconds")
	}
	const replicas = 8
	lifetime := time.Second
	run := 10 * time.Second
	rep := runFleet(t, replicas, run, lifetime)

	if !rep.Killed {
		t.Fatal("the replica that was to freeze holding the lock never did")
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("%d of %d calls failed; first: %s", len(rep.Errors), rep.Calls, rep.Errors[0])
	}
	if min := (replicas - 1) * int(run/time.Second) * 10; rep.Calls < min {
		t.Fatalf("the surviving replicas made %d calls in %v; want at least %d", rep.Calls, run, min)
	}
	if rep.Refused != 0 {
		t.Fatalf("the platform refused %d token requests: replicas spent the same refresh token", rep.Refused)
	}
	if !rep.LiveAfter {
		t.Fatal("the refresh token in Redis no longer works after the run: a token was lost")
	}
	// About one token request per token for the whole fleet, as many as
	// one replica alone makes; eight replicas each refreshing would make
	// eight times as many.
	if got, want := float64(rep.TokenRequests), rep.Expected; got > 1.5*want || got < 0.5*want {
		t.Fatalf("the fleet made %d refresh requests in %v of %v tokens; one replica alone makes about %.0f", rep.TokenRequests, run, lifetime, want)
	}
	t.Logf("%d replicas (one killed holding the lock), %v: %d calls, %d refresh requests (one replica alone: about %.0f), 0 refused",
		replicas, run, rep.Calls, rep.TokenRequests, rep.Expected)
}

// BenchmarkFleet reports the fleet's token requests per token lifetime
// (scripts/bench's "Fleet" row). Run it with -test.benchtime 1x.
func BenchmarkFleet(b *testing.B) {
	const replicas = 8
	lifetime := time.Second
	run := 10 * time.Second
	var rep fleetReport
	for b.Loop() {
		rep = runFleet(b, replicas, run, lifetime)
	}
	if !rep.Killed || !rep.LiveAfter {
		b.Fatalf("killed %v, grant alive after %v", rep.Killed, rep.LiveAfter)
	}
	lifetimes := float64(run) / float64(lifetime)
	b.ReportMetric(float64(rep.TokenRequests), "token-requests")
	b.ReportMetric(float64(rep.TokenRequests)/lifetimes, "requests/lifetime")
	b.ReportMetric(rep.Expected, "one-replica-requests")
	b.ReportMetric(float64(rep.Refused), "refused")
	b.ReportMetric(float64(len(rep.Errors)), "failed-calls")
	b.ReportMetric(float64(rep.Calls), "calls")
}
