package connectedapps

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"

	anypoint "github.com/anypoint-go/anypoint"
)

// ErrRevoked is what a TokenSource answers after Revoke: its tokens are gone
// on the platform, in memory and in its store. Make a new token source (for
// a user: sign in again).
var ErrRevoked = errors.New("anypoint: the token source's tokens were revoked")

// revoker is a grant that can authenticate a revocation request.
type revoker interface {
	// revokeForm returns the client authentication form fields.
	revokeForm() url.Values
}

// Revoke ends the source's grant on the platform (RFC 7009): it revokes the
// refresh token when there is one, which ends the user's grant and the access
// tokens that came from it, else the access token. When the platform
// accepts, the token is forgotten in memory and cleared from the store, and
// every later call of the source fails with ErrRevoked. A source with no
// token at all only forgets and clears.
//
// Use it when a user signs out. To end every token of an app, for all
// users, use the Connected Apps API instead.
//
// Revoke waits for a token request in flight to finish, so that no token
// minted meanwhile survives it.
func (ts *TokenSource) Revoke(ctx context.Context) error {
	rv, ok := ts.grant.(revoker)
	if !ok {
		return errors.New("anypoint: this token source cannot revoke its tokens")
	}
	var result error
	for ran := false; !ran; {
		// The revocation runs as the source's token flight: a mint in
		// progress finishes (and saves) first, and callers who need a
		// token meanwhile wait for the revocation and get its outcome.
		ch := ts.flight.DoChan("token", func() (any, error) {
			// Callers waiting on this flight must not fail because the
			// revoker gave up: the revocation runs on its own clock.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), mintTimeout)
			defer cancel()
			ran = true
			result = ts.revoke(rctx, rv)
			if result != nil {
				return nil, fmt.Errorf("anypoint: no token while the source's grant was being revoked: %w", result)
			}
			return nil, ts.revokedErr()
		})
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return result
}

func (ts *TokenSource) revokedErr() error {
	return fmt.Errorf("%w: make a new token source (a user has to sign in again)", ErrRevoked)
}

// revoke runs inside the token flight.
func (ts *TokenSource) revoke(ctx context.Context, rv revoker) error {
	if err := ts.loadStore(ctx); err != nil {
		return err
	}
	ts.mu.RLock()
	tok, ep, dead := cloneToken(ts.tok), ts.ep, ts.dead
	ts.mu.RUnlock()
	if errors.Is(dead, ErrRevoked) {
		return nil
	}
	form := rv.revokeForm()
	switch {
	case tok != nil && tok.RefreshToken != "":
		form.Set("token", tok.RefreshToken)
		form.Set("token_type_hint", "refresh_token")
	case tok != nil && tok.AccessToken != "":
		form.Set("token", tok.AccessToken)
		form.Set("token_type_hint", "access_token")
	}
	if form.Get("token") != "" {
		if err := ep.postRevoke(ctx, form); err != nil {
			return err
		}
	}
	ts.mu.Lock()
	ts.tok = nil
	ts.granted = nil
	ts.dead = ts.revokedErr()
	ts.mu.Unlock()
	if ts.store != nil {
		if err := ts.store.Clear(ctx); err != nil {
			return fmt.Errorf("anypoint: the token was revoked, but clearing the store failed: %w", err)
		}
	}
	ep.logger.LogAttrs(ctx, slog.LevelDebug, "anypoint: token revoked", slog.String("token_type_hint", form.Get("token_type_hint")))
	return nil
}

// postRevoke sends a revocation request (RFC 7009). Nothing in form
// reaches an error.
func (e *oauthEndpoint) postRevoke(ctx context.Context, form url.Values) error {
	_, _, _, err := e.postForm(ctx, revokePath, "revocation request", form)
	var te *anypoint.TokenError
	if errors.As(err, &te) {
		return fmt.Errorf("anypoint: revocation refused: %w", err)
	}
	return err
}
