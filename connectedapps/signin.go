package connectedapps

import (
	"cmp"
	"context"
	"errors"
	"os"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/scopes"
)

// The environment variables of an app that acts on behalf of a user, read
// by AuthorizationCodeFromEnv and NewUserClientFromEnv. The control plane
// comes from the same variables as NewClientFromEnv's (see BaseURLFromEnv).
const (
	// EnvUserClientID and EnvUserClientSecret are the app's credentials.
	EnvUserClientID     = "ANYPOINT_USER_CLIENT_ID"
	EnvUserClientSecret = "ANYPOINT_USER_CLIENT_SECRET"
	// EnvRedirectURL is one of the app's redirect URIs on a loopback
	// address; DefaultRedirectURL when unset.
	EnvRedirectURL = "ANYPOINT_REDIRECT_URL"
	// EnvTokenFile is the file that keeps the user's sign-in between runs;
	// DefaultTokenFile when unset.
	EnvTokenFile = "ANYPOINT_TOKEN_FILE"
)

// The defaults of EnvRedirectURL and EnvTokenFile.
const (
	DefaultRedirectURL = "http://127.0.0.1:8765/callback"
	DefaultTokenFile   = "anypoint-token.json"
)

// ErrNoUserApp is what AuthorizationCodeFromEnv returns when
// ANYPOINT_USER_CLIENT_ID is not set.
var ErrNoUserApp = errors.New("anypoint: no user app in the environment: set ANYPOINT_USER_CLIENT_ID and ANYPOINT_USER_CLIENT_SECRET")

// AuthorizationCodeFromEnv returns the sign-in of the app that acts on
// behalf of a user that the environment names (EnvUserClientID,
// EnvUserClientSecret, EnvRedirectURL), asking for sc, with its Config
// from ConfigFromEnv(opts...): the control plane is named once, for the
// sign-in and for the client alike. It returns ErrNoUserApp when the app
// is not set.
func AuthorizationCodeFromEnv(sc []scopes.Scope, opts ...anypoint.Option) (AuthorizationCode, error) {
	cfg, err := ConfigFromEnv(opts...)
	if err != nil {
		return AuthorizationCode{}, err
	}
	id, secret := os.Getenv(EnvUserClientID), os.Getenv(EnvUserClientSecret)
	switch {
	case id == "" && secret == "":
		return AuthorizationCode{}, ErrNoUserApp
	case id == "" || secret == "":
		return AuthorizationCode{}, errors.New("anypoint: set both ANYPOINT_USER_CLIENT_ID and ANYPOINT_USER_CLIENT_SECRET")
	}
	return AuthorizationCode{
		ClientID: id, ClientSecret: secret,
		RedirectURL: cmp.Or(os.Getenv(EnvRedirectURL), DefaultRedirectURL),
		Scopes:      sc,
		Config:      cfg,
	}, nil
}

// TokenFileFromEnv returns the token file the environment names
// (EnvTokenFile), or DefaultTokenFile.
func TokenFileFromEnv() string {
	return cmp.Or(os.Getenv(EnvTokenFile), DefaultTokenFile)
}

// SignIn resumes the user's sign-in kept in store, refreshing it when its
// access token has ended, and signs in with the browser (Login, with opts)
// only when store holds none or the platform refused it (ErrLoginRequired,
// anypoint.ErrInvalidGrant: the refresh token expired after 90 days or an
// administrator revoked the grant). A program calls it at every start: the
// user signs in once, and later runs go on from the store.
//
// Any other error (a corrupt token file, a network failure) is returned as
// it is: signing in again would not cure it, and would replace a sign-in
// that may still be good. A grant revoked while the saved access token is
// still valid shows at the first call that refreshes it, as
// anypoint.ErrInvalidGrant: call SignIn again then.
func (ac AuthorizationCode) SignIn(ctx context.Context, store Store, opts ...LoginOption) (*TokenSource, error) {
	ts, err := ac.TokenSource(ctx, nil, WithStore(store))
	if err == nil {
		_, err = ts.TokenContext(ctx)
		if err == nil {
			return ts, nil
		}
	}
	if !errors.Is(err, ErrLoginRequired) && !errors.Is(err, anypoint.ErrInvalidGrant) {
		return nil, err
	}
	return ac.Login(ctx, append(opts, WithStore(store))...)
}

// NewUserClientFromEnv makes a client that acts on behalf of a user, from
// the environment: the app of AuthorizationCodeFromEnv asking for sc, its
// sign-in kept in the file TokenFileFromEnv names, resumed or made with
// SignIn (opts go to Login), and a client on the same control plane.
func NewUserClientFromEnv(ctx context.Context, sc []scopes.Scope, opts ...LoginOption) (*anypoint.Client, error) {
	ac, err := AuthorizationCodeFromEnv(sc)
	if err != nil {
		return nil, err
	}
	ts, err := ac.SignIn(ctx, NewFileStore(TokenFileFromEnv()), opts...)
	if err != nil {
		return nil, err
	}
	return anypoint.NewClient(ts, anypoint.WithConfig(ac.Config))
}
