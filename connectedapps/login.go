package connectedapps

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/anypoint-go/anypoint/internal/text"
	"github.com/anypoint-go/anypoint/internal/urls"
)

// LoginOption configures AuthorizationCode.Login: WithOpener, WithPrompt
// and WithoutBrowser, and every Option of the token source Login returns
// (WithStore, WithLogger, OnSaveError). A LoginOption cannot be given
// where it would be ignored: ClientCredentials.TokenSource takes Options
// only.
type LoginOption interface {
	applyLogin(*loginConfig)
}

// loginOption is a LoginOption that only Login understands.
type loginOption func(*loginConfig)

func (f loginOption) applyLogin(l *loginConfig) { f(l) }

// loginConfig is what Login's options set.
type loginConfig struct {
	opener    func(ctx context.Context, url string) error
	prompt    io.Writer
	noBrowser bool
	in        io.Reader
	out       io.Writer
	source    []Option // for the token source Login returns
}

// WithOpener replaces how Login opens the authorization URL: open is called
// once with the URL (and Login's context) and should make a browser go
// there. When open fails, Login returns at once with an error that wraps
// open's error and names the control plane the URL was on (a forgotten
// Config shows there), unless the browser's redirect has
// already arrived: nothing else will follow the URL. (The system browser,
// used without WithOpener, is different: when it cannot be opened, Login
// prints the URL to the prompt writer for the user to open by hand and
// keeps waiting; the error when ctx ends then carries the cause.)
//
// The callback listener is already serving when open is called, so open may
// follow the whole sign-in itself, synchronously: fetch the URL, follow the
// platform's redirect back to RedirectURL, and return once the callback page
// has loaded. That is what a test does to play the browser (see
// anypointtest's Server.Browser). open may equally return at once and leave
// the browser to it: Login keeps waiting for the redirect after open
// returns. Either way open should return when ctx ends.
func WithOpener(open func(ctx context.Context, url string) error) LoginOption {
	return loginOption(func(l *loginConfig) { l.opener = open })
}

// WithPrompt sets where Login writes the authorization URL when it opens
// the system browser (which may open on another screen, or not at all),
// and the browser's error when that fails. An opener given with WithOpener
// writes nothing there: its failure is Login's error. The default is
// os.Stderr.
func WithPrompt(w io.Writer) LoginOption {
	return loginOption(func(l *loginConfig) { l.prompt = w })
}

// WithoutBrowser makes Login work on a machine without a browser, such as
// over SSH: it writes the authorization URL to out for the user to open on
// any machine, then reads from in the address that the browser was sent
// back to (the redirect URL with ?code=…&state=…, which fails to load on
// that other machine: the user copies it from the address bar). It does
// not listen on any port.
func WithoutBrowser(in io.Reader, out io.Writer) LoginOption {
	return loginOption(func(l *loginConfig) {
		l.noBrowser = true
		l.in = in
		l.out = out
	})
}

// ListenError says that Login could not listen on the redirect URL's
// address, most often because another program (or another Login) holds
// the port. It unwraps to the system error, so
// errors.Is(err, syscall.EADDRINUSE) tells that case.
type ListenError struct {
	// Addr is the host:port of the redirect URL.
	Addr string
	// Err is the error of net.Listen.
	Err error
}

// Error names the address and, for a port in use, what to do.
func (e *ListenError) Error() string {
	msg := fmt.Sprintf("anypoint: login cannot listen on %s for the browser's redirect: %v", e.Addr, e.Err)
	if isAddrInUse(e.Err) {
		msg += "; another program (or another login) is using that port: stop it, or register another redirect URI with the connected app and use that"
	}
	return msg
}

// Unwrap returns the error of net.Listen.
func (e *ListenError) Unwrap() error { return e.Err }

// Login signs a user in with the browser and returns their token source:
// it listens on the redirect URL's loopback address, opens the system
// browser at the authorization URL, waits for the platform to send the
// browser back with a code, and exchanges the code. The browser shows a
// short page saying whether it worked. opts configure both the login
// (WithOpener, WithPrompt, WithoutBrowser) and the token source (WithStore:
// the new token is saved there).
//
// With WithStore, Login first loads the store, before it listens or opens
// anything, and returns the store's error (a *StoreError for a FileStore)
// when that fails: a corrupt or foreign token file, which Save would refuse
// to replace once the user had signed in for nothing, or one that other
// users can read (revoke its tokens and delete it). An empty store, or one
// holding an earlier token, is fine: Login signs in and replaces it.
//
// The authorization request is Begin's: AuthParams (prompt, login_hint,
// max_age, …) and prompt=consent for scopes.OfflineAccess apply, and a
// reserved parameter in AuthParams is refused before anything listens.
//
// RedirectURL must be a plain-http loopback URL with an explicit port, such
// as "http://127.0.0.1:8765/callback", registered with the connected app
// exactly. A web server, whose redirect URL is its own, uses Begin and
// Exchange instead.
//
// Login takes one redirect: a request to another path (404), for another
// host name (400, which foils DNS rebinding), or with the wrong state (400:
// a stale tab, a forged link) is refused and the wait goes on. Give ctx a
// deadline: Login waits until the user acts or ctx ends, and then returns
// an error wrapping ctx.Err() (and the system browser's error, if it could
// not be opened). An opener given with WithOpener that fails ends the wait
// at once with a *BrowserError. The listener is closed before Login returns.
//
// The authorization URL is on the credential's control plane (BaseURL or
// Region), not the anypoint.Client's: on any control plane but the US one,
// give both the same value, as BaseURLFromEnv reads it.
//
// To sign in only when needed, try the stored token first:
//
//	ts, err := ac.TokenSource(ctx, nil, connectedapps.WithStore(store))
//	if err == nil {
//		_, err = ts.TokenContext(ctx)
//	}
//	if errors.Is(err, connectedapps.ErrLoginRequired) || errors.Is(err, anypoint.ErrInvalidGrant) {
//		ts, err = ac.Login(ctx, connectedapps.WithStore(store))
//	}
//
// GET /accounts/api/v2/oauth2/authorize (in the browser), then
// POST /accounts/api/v2/oauth2/token (grant_type=authorization_code).
func (ac AuthorizationCode) Login(ctx context.Context, opts ...LoginOption) (*TokenSource, error) {
	var lc loginConfig
	for _, opt := range opts {
		if opt != nil {
			opt.applyLogin(&lc)
		}
	}
	o := collect(lc.source)
	redirect, err := loginRedirect(ac.RedirectURL)
	if err != nil {
		return nil, err
	}
	req, err := ac.Begin()
	if err != nil {
		return nil, err
	}
	if o.store != nil {
		if _, err := o.store.Load(ctx); err != nil {
			return nil, err
		}
	}
	ep := ac.oauthEndpoint()
	if o.logger != nil {
		ep.logger = o.logger
	}
	var m *minted
	if lc.noBrowser {
		m, err = ac.pastedLogin(ctx, ep, req, redirect, lc)
	} else {
		m, err = ac.browserLogin(ctx, ep, req, redirect, lc)
	}
	if err != nil {
		return nil, err
	}
	ts := ac.newSource(m.token, o)
	ts.lifetime = m.lifetime
	if err := ts.save(ctx, m.token, ts.logger()); err != nil {
		return nil, fmt.Errorf("anypoint: signed in, but the token could not be saved: %w", err)
	}
	return ts, nil
}

// loginRedirect checks that Login can serve the redirect URL.
func loginRedirect(raw string) (*url.URL, error) {
	u, err := parseRedirectURL(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("anypoint: Login serves the redirect over plain http on a loopback address, so RedirectURL must start with http:// (got %s://…); a web server uses Begin and Exchange", text.Clip(u.Scheme, 10))
	}
	if !urls.IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("anypoint: Login can only receive the redirect on a loopback address (127.0.0.1, [::1], localhost), not %q: a web server whose redirect URL is its own uses Begin and Exchange instead", u.Hostname())
	}
	if p := u.Port(); p == "" || p == "0" {
		return nil, errors.New("anypoint: Login needs RedirectURL with an explicit port, such as http://127.0.0.1:8765/callback: the platform compares the redirect URI with the registered one exactly, so the port cannot be chosen at random")
	}
	return u, nil
}

// loginResult is what the callback handler hands to Login.
type loginResult struct {
	m   *minted
	err error
}

// browserLogin serves the redirect on the loopback address.
func (ac AuthorizationCode) browserLogin(ctx context.Context, ep oauthEndpoint, req *AuthRequest, redirect *url.URL, lo loginConfig) (*minted, error) {
	ln, err := net.Listen("tcp", redirect.Host)
	if err != nil {
		return nil, &ListenError{Addr: redirect.Host, Err: err}
	}
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()

	cb := &callbackHandler{
		ac: ac, ep: ep, req: req, ctx: lctx,
		host:    redirect.Host,
		path:    redirectPath(redirect),
		results: make(chan loginResult, 1),
	}
	srv := &http.Server{
		Handler:           cb,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // a CLI's terminal is not the place for stray connection errors
	}
	srv.SetKeepAlivesEnabled(false)
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln)
	}()
	defer func() {
		// Handlers end quickly once lctx is cancelled (an exchange in
		// progress is cut short), so a short grace is enough: it lets the
		// browser's result page go out. A connection that never sent a
		// request (Shutdown waits five seconds for those) must not hold
		// Login up, and nothing is owed to anyone once the caller gave up.
		cancel()
		grace := shutdownGrace
		if ctx.Err() != nil {
			grace = 0
		}
		sctx, scancel := context.WithTimeout(context.Background(), grace)
		defer scancel()
		if srv.Shutdown(sctx) != nil {
			_ = srv.Close()
		}
		<-served
		cb.handlers.Wait()
	}()

	prompt := lo.prompt
	if prompt == nil {
		prompt = os.Stderr
	}
	open := lo.opener
	if open == nil {
		// The system browser may open on another screen, or not at all
		// (xdg-open without a desktop): the address is always shown too.
		open = systemBrowser
		fmt.Fprintf(prompt, "Opening a browser to sign in to Anypoint Platform. If none opens, open this address:\n\n  %s\n\n", req.URL)
	}
	openErr := open(lctx, req.URL)
	if openErr != nil && lo.opener == nil {
		fmt.Fprintf(prompt, "Could not open a browser (%v).\nOpen this address to sign in to Anypoint Platform:\n\n  %s\n\n", openErr, req.URL)
	}
	if openErr != nil && lo.opener != nil && ctx.Err() == nil {
		// The opener given is the browser: when it fails, no redirect
		// will come, so waiting would only hide the cause.
		select {
		case r := <-cb.results:
			return r.m, r.err
		default:
		}
		if !cb.redirected() {
			return nil, &BrowserError{URL: req.endpoint(), Err: openErr}
		}
	}

	select {
	case r := <-cb.results:
		return r.m, r.err
	case <-ctx.Done():
		select {
		case r := <-cb.results: // it came in at the last moment
			return r.m, r.err
		default:
		}
		if cb.redirected() {
			return nil, loginEnded(ctx, "the token endpoint to exchange the authorization code (the browser's redirect had arrived)")
		}
		err := loginEnded(ctx, "the browser's redirect to "+redirect.Host+" (the browser was sent to "+req.endpoint()+"; if that is not the control plane to sign in to, give AuthorizationCode a Config for it)")
		if openErr != nil {
			return nil, fmt.Errorf("%w; the browser could not be opened: %w", err, openErr)
		}
		return nil, err
	}
}

// BrowserError says that the browser could not be opened at the
// authorization URL, so Login ended without waiting for a redirect that
// could not come. It unwraps to the opener's error.
type BrowserError struct {
	// URL is the authorization URL without its query (which holds the
	// state and the PKCE challenge): its host is the control plane the
	// sign-in went to.
	URL string
	// Err is the opener's error.
	Err error
}

// Error names the URL, the cause, and the setting that picks the control
// plane.
func (e *BrowserError) Error() string {
	return fmt.Sprintf("anypoint: login: the browser could not open %s: %v (if that is not the control plane to sign in to, give AuthorizationCode a Config for it: anypoint.NewConfig with WithBaseURL or WithRegion)", e.URL, e.Err)
}

// Unwrap returns the opener's error.
func (e *BrowserError) Unwrap() error { return e.Err }

// shutdownGrace is how long Login lets the callback server finish the
// browser's result page before it closes every connection.
const shutdownGrace = 250 * time.Millisecond

// redirected reports whether the redirect was accepted and its code is
// being (or was) exchanged.
func (h *callbackHandler) redirected() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.accepted
}

func loginEnded(ctx context.Context, waitingFor string) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("anypoint: login timed out waiting for %s: %w", waitingFor, ctx.Err())
	}
	return fmt.Errorf("anypoint: login cancelled while waiting for %s: %w", waitingFor, ctx.Err())
}

func redirectPath(u *url.URL) string {
	if u.Path == "" {
		return "/"
	}
	return u.Path
}

// callbackHandler serves the redirect URL until one redirect is accepted.
type callbackHandler struct {
	ac         AuthorizationCode
	ep         oauthEndpoint
	req        *AuthRequest
	ctx        context.Context
	host, path string
	results    chan loginResult
	handlers   sync.WaitGroup

	mu       sync.Mutex
	accepted bool
}

func (h *callbackHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.handlers.Add(1)
	defer h.handlers.Done()
	// DNS rebinding: a web page whose host name resolves to 127.0.0.1 can
	// make the browser send requests here, but with its own Host header.
	if !strings.EqualFold(r.Host, h.host) {
		writePage(w, http.StatusBadRequest, pageData{Title: "Wrong address", Message: "This address is not the one the sign-in was started with."})
		return
	}
	if r.URL.Path != h.path {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		writePage(w, http.StatusMethodNotAllowed, pageData{Title: "Method not allowed", Message: "Only GET is served here."})
		return
	}
	q := r.URL.Query()
	if _, err := h.req.checkCallback(q); errors.Is(err, ErrStateMismatch) {
		writePage(w, http.StatusBadRequest, pageData{Title: "Sign-in link not recognized", Message: "This page does not belong to the sign-in in progress. Go back to the program and start the sign-in again if needed."})
		return
	}
	h.mu.Lock()
	first := !h.accepted
	h.accepted = true
	h.mu.Unlock()
	if !first {
		writePage(w, http.StatusGone, pageData{Title: "Already signed in", Message: "This sign-in has already finished. You can close this tab."})
		return
	}
	m, err := h.ac.exchange(h.ctx, h.ep, h.req, q, time.Now)
	h.results <- loginResult{m: m, err: err} // buffered; only the first redirect gets here
	if err != nil {
		writePage(w, http.StatusOK, pageData{Title: "Sign-in failed", Message: failureMessage(err), Failed: true})
		return
	}
	writePage(w, http.StatusOK, pageData{Title: "Signed in", Message: "You are signed in to Anypoint Platform. You can close this tab and go back to the program."})
}

// failureMessage says what went wrong for the browser page. It never
// includes the code, the state or a token.
func failureMessage(err error) string {
	var ae *AuthorizationError
	switch {
	case errors.Is(err, ErrAccessDenied):
		return "Access was not allowed. Go back to the program and sign in again if that was a mistake."
	case errors.As(err, &ae):
		return "Anypoint Platform refused the sign-in (" + ae.Code + "). The program has the details."
	case errors.Is(err, ErrMissingCode):
		return "Anypoint Platform sent no authorization code. The program has the details."
	}
	return "The sign-in could not be completed. The program has the details."
}

type pageData struct {
	Title, Message string
	Failed         bool
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}} - Anypoint Platform</title>
<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}h1{color:{{if .Failed}}#b00020{{else}}#00796b{{end}}}</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
</body>
</html>
`))

// writePage answers with a small HTML page. The headers keep the page (and
// the address with the code) out of caches, frames and Referer headers.
func writePage(w http.ResponseWriter, status int, d pageData) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(status)
	_ = pageTemplate.Execute(w, d)
}

// maxPastedLine bounds a pasted redirect address.
const maxPastedLine = 64 << 10

// pastedLogin is Login without a browser: the user opens the URL anywhere
// and pastes back the address the browser was sent to.
func (ac AuthorizationCode) pastedLogin(ctx context.Context, ep oauthEndpoint, req *AuthRequest, redirect *url.URL, lo loginConfig) (*minted, error) {
	if lo.in == nil || lo.out == nil {
		return nil, errors.New("anypoint: WithoutBrowser needs a reader and a writer")
	}
	fmt.Fprintf(lo.out, "Open this address in a browser on any machine and sign in to Anypoint Platform:\n\n  %s\n\n"+
		"The browser is then sent to %s…, which may fail to load. Copy that whole address from the browser's address bar and paste it here:\n",
		req.URL, redirect.Scheme+"://"+redirect.Host+redirectPath(redirect))

	// Reading cannot be interrupted, so it runs on its own. It reads a line
	// only when asked, byte by byte, so that once Login returns it takes
	// nothing more from in: the program's next input stays the program's
	// (if ctx ends during a read, that one line is lost).
	type lineResult struct {
		line string
		err  error
	}
	want := make(chan struct{})
	got := make(chan lineResult, 1)
	defer close(want)
	go func() {
		for range want {
			line, err := readLine(lo.in, maxPastedLine)
			got <- lineResult{line, err}
			if err != nil {
				return
			}
		}
	}()
	for {
		var line string
		want <- struct{}{}
		select {
		case r := <-got:
			if r.err != nil {
				if errors.Is(r.err, io.EOF) {
					return nil, errors.New("anypoint: login ended: no redirect address was pasted")
				}
				return nil, fmt.Errorf("anypoint: login ended: reading the pasted address: %w", r.err)
			}
			line = r.line
		case <-ctx.Done():
			return nil, loginEnded(ctx, "the pasted redirect address")
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		u, err := url.Parse(line)
		if err != nil || u.RawQuery == "" {
			fmt.Fprintf(lo.out, "That is not the address the browser was sent to (it should start with %s and end with ?code=…&state=…). Paste it again:\n", redirect.Scheme+"://"+redirect.Host+redirectPath(redirect))
			continue
		}
		m, err := ac.exchange(ctx, ep, req, u.Query(), time.Now)
		if errors.Is(err, ErrStateMismatch) {
			fmt.Fprintln(lo.out, "That address belongs to another sign-in (its state does not match). Paste the address of this sign-in:")
			continue
		}
		return m, err
	}
}

// readLine reads one line from r, and not a byte past it.
func readLine(r io.Reader, limit int) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for {
		n, err := r.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				return strings.TrimSuffix(string(b), "\r"), nil
			}
			if len(b) >= limit {
				return "", bufio.ErrTooLong
			}
			b = append(b, one[0])
		}
		if err != nil {
			if errors.Is(err, io.EOF) && len(b) > 0 {
				return string(b), nil
			}
			return "", err
		}
	}
}

// systemBrowser is how Login opens the system browser: openBrowser, which
// the package's tests replace (export_test.go).
var systemBrowser = openBrowser

// openBrowser opens u in the system browser. The URL is passed as one
// argument, never through a shell. It starts the opener and does not wait
// for it: xdg-open may keep a browser it started in the foreground, and
// Login must not wait for the browser to exit.
func openBrowser(_ context.Context, u string) error {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return errors.New("not an http(s) URL")
	}
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		cmd = exec.Command("xdg-open", u)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	// An opener that fails does so at once (no desktop, no browser); one
	// still running after a moment has started a browser.
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		return err
	case <-time.After(2 * time.Second):
		return nil
	}
}

func isAddrInUse(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE)
}
