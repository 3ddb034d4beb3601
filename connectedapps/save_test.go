package connectedapps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"golang.org/x/oauth2"
)

// failingStore refuses every save.
type failingStore struct{ MemoryStore }

var errDiskFull = errors.New("disk full")

func (*failingStore) Save(context.Context, *oauth2.Token) error { return errDiskFull }

// B3: a token that cannot be saved is never lost silently. The first save
// (of the token a user just got from Exchange) is returned by TokenSource;
// later saves reach OnSaveError.
func TestAFailedFirstSaveIsReturned(t *testing.T) {
	ac := AuthorizationCode{ClientID: "app", ClientSecret: "s", RedirectURL: "http://127.0.0.1:8765/cb"}
	ts, err := ac.TokenSource(context.Background(), &oauth2.Token{AccessToken: "AT", RefreshToken: "RT"}, WithStore(new(failingStore)))
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("err = %v, want the store's error", err)
	}
	if ts == nil {
		t.Fatal("no token source: the token works even when it cannot be saved")
	}
	if strings.Contains(err.Error(), "RT") || strings.Contains(err.Error(), "AT") {
		t.Errorf("error %q shows a token", err)
	}
}

func TestOnSaveErrorHearsOfEveryFailedSave(t *testing.T) {
	srv := newTokenServer(t)
	var got []error
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value"}.TokenSource(
		WithStore(new(failingStore)), OnSaveError(func(err error) { got = append(got, err) }))
	c := newClientFor(t, srv, ts)
	if err := listProjects(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !errors.Is(got[0], errDiskFull) {
		t.Fatalf("OnSaveError heard %v, want the one failed save", got)
	}
}

// B3: a logger set on the token source stays its logger when the source is
// handed to a client with a logger of its own.
func TestTheSourcesLoggerIsKept(t *testing.T) {
	srv := newTokenServer(t)
	var mine, clients bytes.Buffer
	ts := ClientCredentials{ClientID: "app-id", ClientSecret: "s3cr3t-value"}.TokenSource(
		WithStore(new(failingStore)), WithLogger(slog.New(slog.NewTextHandler(&mine, nil))))
	c, err := anypoint.NewClient(ts, anypoint.WithBaseURL(srv.URL), anypoint.WithRetry(anypoint.NoRetry()),
		anypoint.WithLogger(slog.New(slog.NewTextHandler(&clients, nil))))
	if err != nil {
		t.Fatal(err)
	}
	if err := listProjects(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(mine.String(), "could not save") {
		t.Errorf("the source's own logger got %q, want the failed save", mine.String())
	}
	if strings.Contains(clients.String(), "could not save") {
		t.Errorf("the client's logger took over the source's: %q", clients.String())
	}
}

// Login's own options cannot be given to a token source, where they would
// be ignored: they are LoginOptions, not Options. Every Option is a
// LoginOption, so Login takes WithStore too.
func TestLoginOptionsAreNotTokenSourceOptions(t *testing.T) {
	option := reflect.TypeFor[Option]()
	for name, lo := range map[string]LoginOption{
		"WithOpener":     WithOpener(nil),
		"WithPrompt":     WithPrompt(nil),
		"WithoutBrowser": WithoutBrowser(nil, nil),
	} {
		if reflect.TypeOf(lo).AssignableTo(option) {
			t.Errorf("%s is assignable to Option", name)
		}
	}
	var _ LoginOption = WithStore(nil)
}

// A struct holding an AuthRequest, logged through slog's JSON handler,
// prints none of its secrets.
func TestAuthRequestStaysSecretInJSON(t *testing.T) {
	req := AuthRequest{URL: "https://anypoint.mulesoft.com/accounts/api/v2/oauth2/authorize?state=ST4TE&code_challenge=CH4L", State: "ST4TE", Nonce: "N0NCE", Verifier: "VER1FIER"}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("pending", "session", map[string]any{"auth": req, "ptr": &req})
	raw, err := json.Marshal(struct{ R AuthRequest }{req})
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{buf.String(), string(raw)} {
		for _, secret := range []string{"ST4TE", "N0NCE", "VER1FIER", "CH4L"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s shows %s", out, secret)
			}
		}
	}
}
