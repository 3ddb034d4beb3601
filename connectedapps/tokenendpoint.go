package connectedapps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/auth"
	"github.com/anypoint-go/anypoint/internal/retry"
	"github.com/anypoint-go/anypoint/internal/text"
	"github.com/anypoint-go/anypoint/internal/urls"
	"github.com/anypoint-go/anypoint/scopes"
	"golang.org/x/oauth2"
)

// The OAuth 2.0 endpoints of every control plane.
const (
	tokenPath     = "/accounts/api/v2/oauth2/token"
	authorizePath = "/accounts/api/v2/oauth2/authorize"
	revokePath    = "/accounts/api/v2/oauth2/revoke"
)

// maxTokenAnswer bounds a token endpoint answer; real ones are under 4 KiB.
const maxTokenAnswer = 1 << 20

// oauthEndpoint is where and how a credential reaches the token endpoint:
// the settings of its Config, fixed when the credential makes a request or
// a token source. Nothing changes them later.
type oauthEndpoint struct {
	baseURL    *url.URL
	httpClient *http.Client
	retry      retry.Policy
	logger     *slog.Logger
	userAgent  string
}

func newEndpoint(cfg anypoint.Config) oauthEndpoint {
	return oauthEndpoint{
		baseURL:    cfg.BaseURL(),
		httpClient: cfg.HTTPClient(),
		retry:      retry.Policy(cfg.RetryPolicy()),
		logger:     cfg.Logger(),
		userAgent:  cfg.UserAgent(),
	}
}

func (e *oauthEndpoint) url(path string) (*url.URL, error) {
	u := *e.baseURL
	u.Path = strings.TrimRight(u.Path, "/") + path
	return &u, nil
}

// tokenAnswer is a token endpoint answer (RFC 6749 section 5.1).
type tokenAnswer struct {
	AccessToken  string          `json:"access_token"`
	TokenType    string          `json:"token_type"`
	RefreshToken string          `json:"refresh_token"`
	ExpiresIn    json.RawMessage `json:"expires_in"`
	Scope        string          `json:"scope"`
	IDToken      string          `json:"id_token"`
}

// minted is a token fresh from the token endpoint.
type minted struct {
	token    *oauth2.Token
	lifetime time.Duration // as the server said, or the assumed lifetime
	scopes   []scopes.Scope
	at       time.Time
}

// postToken sends a token request and parses the answer. Nothing in form
// (secrets, codes, verifiers) reaches an error or a log.
func (e *oauthEndpoint) postToken(ctx context.Context, form url.Values, assumed time.Duration, now func() time.Time) (*minted, error) {
	return e.postTokenEach(ctx, sameForm(form), assumed, now)
}

// formBuilder makes the form of one attempt of an OAuth request.
type formBuilder func() (url.Values, error)

func sameForm(form url.Values) formBuilder {
	return func() (url.Values, error) { return form, nil }
}

// postTokenEach is postToken for a grant whose form must be made anew for
// each attempt: a JWT bearer assertion is single-use, so an attempt sent
// again after a lost answer carries a fresh one.
func (e *oauthEndpoint) postTokenEach(ctx context.Context, build formBuilder, assumed time.Duration, now func() time.Time) (*minted, error) {
	start := now()
	u, raw, contentType, err := e.postFormEach(ctx, tokenPath, "token request", build)
	if err != nil {
		return nil, err
	}
	m, err := parseTokenAnswer(raw, assumed, start)
	if err != nil {
		return nil, &anypoint.DecodeError{StatusCode: http.StatusOK, Method: http.MethodPost, URL: urls.Redact(u), ContentType: contentType, Err: err}
	}
	return m, nil
}

// postForm POSTs form to one of the OAuth endpoints (token, revoke) and
// returns its successful answer, read in full. The retry policy applies, and
// a connection lost in the middle of a successful answer is retried too (a
// token in a lost answer is unusable anyway). A refusal is a
// *anypoint.TokenError; a 429 or 5xx that outlasts the retries, the
// *anypoint.Error or *anypoint.RateLimitError. what names the request in
// errors and logs.
func (e *oauthEndpoint) postForm(ctx context.Context, path, what string, form url.Values) (u *url.URL, raw []byte, contentType string, err error) {
	return e.postFormEach(ctx, path, what, sameForm(form))
}

// postFormEach is postForm with a form made anew for each attempt. The
// first form is made before anything is sent, so that a credential that
// cannot make one fails without a request.
func (e *oauthEndpoint) postFormEach(ctx context.Context, path, what string, build formBuilder) (u *url.URL, raw []byte, contentType string, err error) {
	if u, err = e.url(path); err != nil {
		return nil, nil, "", err
	}
	form, err := build()
	if err != nil {
		return u, nil, "", err
	}
	// Every form sent: the answer may quote any of them.
	sent := []url.Values{form}
	first := true
	// Never follow a redirect: a 307 or 308 would send the form (client
	// secret, refresh token, code) wherever Location points.
	hc := *e.httpClient
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	// Every OAuth request is sent again after a 5xx or a lost answer, codes
	// and rotating refresh tokens too: if the server had already spent one,
	// the retry's invalid_grant says what the next attempt would have said
	// anyway; if it had not (a gateway's 502), the retry saves the sign-in.
	resp, err := e.retry.Send(ctx, true, func() (*http.Response, error) {
		if !first {
			next, err := build()
			if err != nil {
				return nil, err
			}
			form = next
			sent = append(sent, form)
		}
		first = false
		// The answer's error is scrubbed of every form sent so far before
		// its texts are cut to length (text.WithSecrets).
		var secrets []string
		for _, f := range sent {
			for _, v := range formSecrets(f) {
				if len(v) >= 4 { // shorter ones cannot be told from words
					secrets = append(secrets, v)
				}
			}
		}
		req, err := http.NewRequestWithContext(text.WithSecrets(ctx, secrets...), http.MethodPost, u.String(), strings.NewReader(form.Encode()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", e.userAgent)
		resp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		e.logger.LogAttrs(ctx, slog.LevelDebug, "anypoint: "+what, slog.String("grant_type", form.Get("grant_type")), slog.Int("status", resp.StatusCode))
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return resp, nil
		}
		raw, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenAnswer+1))
		_ = resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s answer: %w", what, err)
		}
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		return resp, nil
	})
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return u, nil, "", fmt.Errorf("anypoint: %s to %s: %w", what, urls.Redact(u), err)
	}
	if err := anypoint.CheckResponse(resp); err != nil {
		var apiErr *anypoint.Error
		if errors.As(err, &apiErr) {
			// The server may quote the form: the secret, the code, the
			// verifier, the refresh token never reach the message.
			secrets := text.Secrets(ctx)
			for _, f := range sent {
				secrets = append(secrets, formSecrets(f)...)
			}
			apiErr.Message = text.Scrub(apiErr.Message, secrets...)
			if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
				return u, nil, "", tokenError(apiErr, secrets...)
			}
		}
		return u, nil, "", err
	}
	raw, _ = io.ReadAll(resp.Body) // already in memory
	return u, raw, resp.Header.Get("Content-Type"), nil
}

// parseTokenAnswer reads a token answer. A missing expires_in means the
// lifetime is not known; the token is then assumed to live for assumed.
// Errors never quote the answer: it holds the token.
func parseTokenAnswer(raw []byte, assumed time.Duration, mintedAt time.Time) (*minted, error) {
	if len(raw) > maxTokenAnswer {
		return nil, errors.New("token answer larger than 1 MiB")
	}
	var a tokenAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("token answer is not JSON (syntax error at byte %d)", syn.Offset)
		}
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return nil, fmt.Errorf("token answer field %q has the wrong type", typ.Field)
		}
		return nil, errors.New("token answer is not a JSON object")
	}
	if a.AccessToken == "" {
		return nil, errors.New("token answer has no access_token")
	}
	if a.TokenType != "" && !strings.EqualFold(a.TokenType, "bearer") {
		return nil, fmt.Errorf("token answer has token_type %s; want bearer", describeTokenType(a.TokenType))
	}
	lifetime := assumed
	if len(a.ExpiresIn) > 0 && string(a.ExpiresIn) != "null" {
		secs, err := strconv.ParseInt(strings.Trim(string(a.ExpiresIn), `"`), 10, 64)
		if err != nil || secs < 0 || secs > 10*365*24*3600 {
			return nil, errors.New("token answer has an invalid expires_in")
		}
		if secs > 0 { // 0 says nothing useful: taken at its word, it means a token request per call
			lifetime = time.Duration(secs) * time.Second
		}
	}
	tok := &oauth2.Token{
		AccessToken:  a.AccessToken,
		TokenType:    "Bearer",
		RefreshToken: a.RefreshToken,
		Expiry:       mintedAt.Add(lifetime),
		ExpiresIn:    int64(lifetime / time.Second),
	}
	var granted []scopes.Scope
	if a.Scope != "" {
		if parsed, err := scopes.Parse(a.Scope); err == nil {
			granted = parsed
		}
	}
	extra := map[string]any{}
	if a.Scope != "" {
		extra["scope"] = a.Scope
	}
	if a.IDToken != "" {
		extra["id_token"] = a.IDToken
	}
	if len(extra) > 0 {
		tok = tok.WithExtra(extra)
	}
	return &minted{token: tok, lifetime: lifetime, scopes: granted, at: mintedAt}, nil
}

// tokenError reads a token endpoint's refusal into an *anypoint.TokenError,
// with secrets (the values the request sent) scrubbed from its texts.
func tokenError(apiErr *anypoint.Error, secrets ...string) *anypoint.TokenError {
	f := auth.TokenErrorFrom(apiErr.StatusCode, apiErr.Body, apiErr.Message)
	clean := func(s string, n int) string { return text.Clip(text.Scrub(s, secrets...), n) }
	return &anypoint.TokenError{StatusCode: apiErr.StatusCode, Code: clean(f.Code, 100), Description: clean(f.Description, 500), URI: clean(f.URI, 500), Err: apiErr}
}

// formSecrets returns the values of an OAuth request's form that must not
// be echoed anywhere: all but the grant type, client ID, hints, scopes and
// redirect URI. A user's name (password grant) is among them. So is each
// part of a JWT assertion: a server that quotes only its claims or its
// signature must not print them either.
func formSecrets(form url.Values) []string {
	var out []string
	for k, vs := range form {
		switch k {
		case "grant_type", "client_id", "token_type_hint", "scope", "redirect_uri":
			continue
		case "assertion":
			for _, v := range vs {
				out = append(out, strings.Split(v, ".")...)
			}
		}
		out = append(out, vs...)
	}
	return out
}

// describeTokenType names a token_type that is not bearer without quoting
// an unknown value, which may be anything the server put there, a token
// included: only the registered types are named.
func describeTokenType(t string) string {
	switch strings.ToLower(t) {
	case "mac", "dpop", "pop", "n_a":
		return strconv.Quote(t)
	}
	return "of an unknown kind"
}
