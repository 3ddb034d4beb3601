package exchange

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/retry"
	"github.com/anypoint-go/anypoint/internal/service"
	"github.com/anypoint-go/anypoint/internal/text"
)

// PublishRequest describes an asset version to publish. The multipart form
// it becomes is the one the Exchange Experience API documents ("Asset
// Creation"): name, description, type, status, properties.*, dependencies,
// keywords, tags, and a part files.{classifier}.{packaging} per file.
//
// # POM
//
// An asset's properties come either from the form or from a POM file
// (a File with Packaging "pom" and no Classifier, files.pom, or Classifier
// "pom" and Packaging "xml", files.pom.xml), never both: Exchange refuses
// properties in both ("Asset Creation"). With a POM, the POM names the
// asset and holds its description, properties, dependencies and keywords,
// so Name, Description, Properties, Dependencies and Keywords must be
// empty (an *anypoint.ValidationError otherwise) and none is sent; Type,
// Status and Tags still are. The POM's groupId, artifactId and version
// must match GroupID, AssetID and Version (Exchange checks it).
type PublishRequest struct {
	// GroupID is the asset's group; empty means the organization it is
	// published to (Exchange wants the business group's ID there).
	GroupID string
	// AssetID identifies the asset within its group, such as
	// "orders-sync". Required.
	AssetID string
	// Version is the new version, a semantic version such as "1.0.0".
	// Required; publishing a version that exists is a conflict.
	Version string

	// Name is the asset's display name. Required, unless Files hold a POM
	// (see POM below).
	Name string
	// Description describes the asset.
	Description string
	// Type is the kind of asset. It may be left empty when a file's
	// classifier tells it (a "mule-application" jar is an app).
	Type AssetType
	// Status is the lifecycle state of the new version: "development", or
	// "published" (stable), the platform's default when empty.
	Status string
	// Properties become properties.{key} fields, such as "apiVersion",
	// "mainFile" or "assetLink".
	Properties map[string]string
	// Dependencies are the assets this one depends on.
	Dependencies []Dependency
	// Keywords are saved as the asset's attributes, which Exchange's search
	// finds it by. Keywords and Tags are sent comma-separated, so no value
	// may hold a comma.
	Keywords []string
	// Tags are the asset's tags, sent comma-separated like Keywords.
	Tags []string

	// Files are the asset's files. Each is streamed from its Content as the
	// request is sent, never held in memory.
	Files []File

	// Sync asks for the synchronous answer (x-sync-publication: true): the
	// platform answers 201 once the asset is published. Otherwise it
	// answers 202 at once, with a status link that Publish polls until the
	// publication is done; MuleSoft recommends that for automation.
	Sync bool
	// OnStatus, when set, is called with the first status of an
	// asynchronous publication and with every change after it, from the
	// goroutine that called Publish.
	OnStatus func(*PublicationStatus)
	// Clock is the time the wait for an asynchronous publication sleeps
	// by between its reads; nil is the system's. A test on the fake
	// platform passes its clock (anypointtest's Server.Clock), and the
	// wait takes no real time.
	Clock anypoint.Clock
}

// File is one file of an asset version.
type File struct {
	// Classifier is what the file is, such as "mule-application", "oas",
	// "raml" or "docs"; empty for a POM (the part is then files.pom).
	Classifier string
	// Packaging is its format, such as "jar", "zip", "yaml" or "pom".
	// Required.
	Packaging string
	// Name is the file name sent with the part; empty gives
	// "{assetId}-{version}[-{classifier}].{packaging}".
	Name string
	// Content is read once, as the request is sent, and never buffered
	// whole: a file of any size takes a few kilobytes of memory. Publish
	// does not close it.
	//
	// An io.ReadSeeker (an *os.File, a *bytes.Reader) can be sent again:
	// the SDK then replays the upload after a 429 or a token that expired
	// mid-call, rewinding Content to where it stood when Publish was
	// called. Any other reader is sent once, and such a failure is
	// returned (call Publish again with a fresh reader).
	Content io.Reader
}

// isPOM reports whether the file is the asset's POM: files.pom, or
// files.pom.xml (both in the spec repository's Asset Creation guide).
func (f *File) isPOM() bool {
	return f.field() == "files.pom" || f.field() == "files.pom.xml"
}

// hasPOM reports whether the request publishes a POM file, whose properties
// then describe the asset.
func (r *PublishRequest) hasPOM() bool {
	return slices.ContainsFunc(r.Files, func(f File) bool { return f.isPOM() })
}

// field is the multipart field name of the file.
func (f *File) field() string {
	if f.Classifier == "" {
		return "files." + f.Packaging
	}
	return "files." + f.Classifier + "." + f.Packaging
}

// Publication is an asset version that Publish published.
type Publication struct {
	// OrganizationID is the organization the asset was published to. For
	// an asynchronous publication, the SDK fills this and the fields below
	// from the request when the platform's answer leaves them out.
	OrganizationID string `json:"organizationId"`
	// GroupID is the asset's group.
	GroupID string `json:"groupId"`
	// AssetID identifies the asset within its group.
	AssetID string `json:"assetId"`
	// Version is the version published, such as "1.0.0".
	Version string `json:"version"`
	// Name is the asset's display name. For an asynchronous publication
	// with a POM (which names the asset), it is what the platform's answer
	// says, possibly empty.
	Name string `json:"name"`
	// Type is the kind of asset, such as MuleApplication; for an
	// asynchronous publication left empty by the platform, the request's
	// Type or else the final status's AssetType.
	Type AssetType `json:"type"`
	// StatusLink is the status link of an asynchronous publication, empty
	// for a synchronous one.
	StatusLink string `json:"publicationStatusLink"`
	// Status is the final status of an asynchronous publication, nil for a
	// synchronous one.
	Status *PublicationStatus `json:"-"`
}

// The states of a publication. Only "running" is in the published spec;
// "completed" and "error" are what public clients wait for (not confirmed
// by MuleSoft's documents), so any other state is taken as a failure too.
const (
	PublicationRunning   = "running"
	PublicationCompleted = "completed"
	PublicationError     = "error"
)

// PublicationStatus is where an asynchronous publication stands.
type PublicationStatus struct {
	// Status is PublicationRunning, PublicationCompleted or
	// PublicationError.
	Status string `json:"status"`
	// AssetType is the kind of asset being published, such as RESTAPI
	// ("rest-api" in the spec's example).
	AssetType AssetType `json:"assetType"`
	// Steps are the publication's steps so far, in the platform's order.
	Steps []PublicationStep `json:"steps"`
}

// Done reports whether the publication has ended, one way or the other.
func (p *PublicationStatus) Done() bool { return p.Status != PublicationRunning && p.Status != "" }

// Succeeded reports whether the publication ended with the asset published.
func (p *PublicationStatus) Succeeded() bool { return p.Status == PublicationCompleted }

// PublicationStep is one step of a publication, such as "Files processing".
type PublicationStep struct {
	// Description names the step, such as "Files processing" or
	// "Inferring type".
	Description string `json:"description"`
	// Status is the step's state, such as "completed"; the spec shows no
	// other value.
	Status string `json:"status"`
	// Errors are the step's errors as the platform wrote them (text or
	// objects); Messages renders them.
	Errors []json.RawMessage `json:"errors"`
}

// Messages returns the step's errors as text: a string as it is, an object
// by its "message" (or "description"), anything else as its JSON.
func (s PublicationStep) Messages() []string {
	out := make([]string, 0, len(s.Errors))
	for _, raw := range s.Errors {
		var str string
		if json.Unmarshal(raw, &str) == nil {
			out = append(out, text.Clip(str, 500))
			continue
		}
		var obj struct {
			Message     string `json:"message"`
			Description string `json:"description"`
		}
		if json.Unmarshal(raw, &obj) == nil && (obj.Message != "" || obj.Description != "") {
			out = append(out, text.Clip(cmp.Or(obj.Message, obj.Description), 500))
			continue
		}
		out = append(out, text.Clip(string(raw), 500))
	}
	return out
}

// ErrPublicationFailed matches a *PublicationFailedError.
var ErrPublicationFailed = errors.New("anypoint: exchange publication failed")

// PublicationFailedError is an asynchronous publication that ended without
// publishing the asset. Status holds the steps and their errors.
type PublicationFailedError struct {
	// GroupID, AssetID and Version name the asset version whose
	// publication failed, as Publish sent them.
	GroupID, AssetID, Version string
	// Status is the publication's final status; Publish always sets it.
	Status *PublicationStatus
}

// Error names the asset version, the final state and the steps' errors.
func (e *PublicationFailedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "anypoint: exchange: publishing %s/%s/%s ended %q", e.GroupID, e.AssetID, e.Version, e.Status.Status)
	for _, st := range e.Status.Steps {
		if msgs := st.Messages(); len(msgs) > 0 {
			fmt.Fprintf(&b, "; %s: %s", st.Description, strings.Join(msgs, ", "))
		}
	}
	return b.String()
}

// Is matches ErrPublicationFailed.
func (e *PublicationFailedError) Is(target error) bool { return target == ErrPublicationFailed }

// semver is the version pattern of the spec's Version parameter.
var semver = regexp.MustCompile(`^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// fieldName is what a classifier, packaging or property key may hold: it
// becomes part of a multipart field name.
var fieldName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_-]*$`)

func (r *PublishRequest) validate(orgID string) error {
	if err := service.RequireID("orgID", orgID); err != nil {
		return err
	}
	if r == nil {
		return &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	if err := service.RequireID("AssetID", r.AssetID); err != nil {
		return err
	}
	if !semver.MatchString(r.Version) {
		return &anypoint.ValidationError{Field: "Version", Reason: fmt.Sprintf("%q is not a semantic version such as 1.0.0", text.Clip(r.Version, 40))}
	}
	if r.hasPOM() {
		// "Attempting to create an asset with defined asset properties in
		// both multipart form data and a POM file causes an error" (the
		// spec repository's docs/v2/Asset Creation.md): the POM names the
		// asset and holds its properties.
		for _, f := range []struct {
			field string
			set   bool
		}{
			{"Name", r.Name != ""}, {"Description", r.Description != ""}, {"Properties", len(r.Properties) > 0},
			{"Dependencies", len(r.Dependencies) > 0}, {"Keywords", len(r.Keywords) > 0},
		} {
			if field := f.field; f.set {
				return &anypoint.ValidationError{Field: field, Reason: "must be empty when a POM file is published: the asset's properties come from the POM (name, description, properties, dependencies, keywords), and Exchange refuses them in both"}
			}
		}
	} else if strings.TrimSpace(r.Name) == "" {
		return &anypoint.ValidationError{Field: "Name", Reason: "must not be empty (unless a POM file names the asset)"}
	}
	for k := range r.Properties {
		if !fieldName.MatchString(k) {
			return &anypoint.ValidationError{Field: "Properties[" + k + "]", Reason: "a property key may hold only letters, digits, '-' and '_'"}
		}
	}
	for i, d := range r.Dependencies {
		for name, v := range map[string]string{"GroupID": d.GroupID, "AssetID": d.AssetID, "Version": d.Version} {
			if strings.TrimSpace(v) == "" || strings.ContainsAny(v, ":,") {
				return &anypoint.ValidationError{Field: fmt.Sprintf("Dependencies[%d].%s", i, name), Reason: "must be set and hold no ':' or ','"}
			}
		}
	}
	for name, list := range map[string][]string{"Keywords": r.Keywords, "Tags": r.Tags} {
		for i, v := range list {
			if strings.Contains(v, ",") {
				return &anypoint.ValidationError{Field: fmt.Sprintf("%s[%d]", name, i), Reason: "is sent comma-separated, so it may not hold a comma"}
			}
		}
	}
	seen := map[string]bool{}
	for i := range r.Files {
		f := &r.Files[i]
		switch {
		case !fieldName.MatchString(f.Packaging):
			return &anypoint.ValidationError{Field: fmt.Sprintf("Files[%d].Packaging", i), Reason: "must be set, with only letters, digits, '-' and '_'"}
		case f.Classifier != "" && !fieldName.MatchString(f.Classifier):
			return &anypoint.ValidationError{Field: fmt.Sprintf("Files[%d].Classifier", i), Reason: "may hold only letters, digits, '-' and '_'"}
		case f.Content == nil:
			return &anypoint.ValidationError{Field: fmt.Sprintf("Files[%d].Content", i), Reason: "must not be nil"}
		case seen[f.field()]:
			return &anypoint.ValidationError{Field: fmt.Sprintf("Files[%d]", i), Reason: "a second file with the same classifier and packaging (" + f.field() + ")"}
		}
		seen[f.field()] = true
	}
	return nil
}

// Publish publishes a new asset version to organization orgID and returns
// once it is published: at once for a synchronous publication (req.Sync),
// else after polling the status link the platform answers with, first after
// the service's poll interval and then less and less often, for as long as
// ctx allows. A publication that ends in error is a
// *PublicationFailedError (errors.Is ErrPublicationFailed).
//
// The files are streamed: the request's body is written from each
// File.Content as it is sent, so memory stays flat whatever their size.
// Such a body can be sent again only when every Content is an
// io.ReadSeeker; otherwise a 429 is not retried, and a token that expired
// during the call is dropped (the next call gets a new one) and the 401
// returned, wrapped with that advice, rather than replayed with a body that
// was already read.
//
// Empty IDs, a version that is not a semantic version, an empty Name
// without a POM (or asset properties beside one: see PublishRequest), and
// files without packaging or content are refused before any request, with
// an *anypoint.ValidationError.
//
// POST /exchange/api/v2/organizations/{organizationId}/assets/{groupId}/{assetId}/{version} (exchange-experience createOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersion): scope edit:exchange or manage:exchange (docs).
// GET /exchange/api/v2/organizations/{organizationId}/assets/{groupId}/{assetId}/{version}/publication/status/{runId} (exchange-experience getOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersionPublicationStatusByRunid): scope read:exchange or edit:exchange or manage:exchange (docs).
func (s *Service) Publish(ctx context.Context, orgID string, req *PublishRequest) (*Publication, error) {
	if err := req.validate(orgID); err != nil {
		return nil, err
	}
	groupID := cmp.Or(req.GroupID, orgID)
	up := newUpload(req)
	body, err := up.open()
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("Content-Type", "multipart/form-data; boundary="+up.boundary)
	h.Set("x-sync-publication", fmt.Sprint(req.Sync))
	httpReq, err := service.NewRequest(ctx, s.client, service.Request{
		Endpoint: publishAsset, Args: []string{orgID, groupID, req.AssetID, req.Version}, Body: body, Header: h,
	})
	if err != nil {
		_ = up.finish()
		return nil, err
	}
	if up.replayable() {
		httpReq.GetBody = up.open
	}
	pub := new(Publication)
	_, err = s.client.Do(httpReq, pub)
	if werr := up.finish(); werr != nil {
		// The caller's reader failed: that is the cause, whatever the
		// transport made of the cut body.
		return nil, werr
	}
	if err != nil {
		if errors.Is(err, anypoint.ErrUnauthorized) && !errors.Is(err, anypoint.ErrScopeDenied) && !up.replayable() {
			return nil, fmt.Errorf("anypoint: exchange: the token was refused during the upload, which cannot be sent again from a plain io.Reader; the client has dropped that token, so calling Publish again (with fresh readers, or io.ReadSeekers that the SDK can replay) uses a new one: %w", err)
		}
		return nil, err
	}
	if pub.StatusLink == "" {
		// The synchronous answer (201) describes the asset itself.
		return pub, nil
	}
	st, err := s.waitPublication(ctx, pub.StatusLink, req.OnStatus, req.Clock)
	if err != nil {
		var failed *PublicationFailedError
		if errors.As(err, &failed) {
			failed.GroupID, failed.AssetID, failed.Version = groupID, req.AssetID, req.Version
		}
		return nil, err
	}
	pub.Status = st
	pub.OrganizationID = cmp.Or(pub.OrganizationID, orgID)
	pub.GroupID = cmp.Or(pub.GroupID, groupID)
	pub.AssetID = cmp.Or(pub.AssetID, req.AssetID)
	pub.Version = cmp.Or(pub.Version, req.Version)
	pub.Name = cmp.Or(pub.Name, req.Name)
	if pub.Type == "" {
		pub.Type = cmp.Or(req.Type, st.AssetType)
	}
	return pub, nil
}

// PublicationStatus returns the status of an asynchronous publication from
// the status link the platform answered with (Publication.StatusLink). The
// link's path must be the platform's status path; the request goes to the
// client's own control plane whatever host the link names, so the token
// never leaves it.
//
// GET /exchange/api/v2/organizations/{organizationId}/assets/{groupId}/{assetId}/{version}/publication/status/{runId} (exchange-experience getOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersionPublicationStatusByRunid): scope read:exchange or edit:exchange or manage:exchange (docs).
func (s *Service) PublicationStatus(ctx context.Context, statusLink string) (*PublicationStatus, error) {
	args, ok := statusArgs(statusLink)
	if !ok {
		return nil, &anypoint.ValidationError{Field: "statusLink", Reason: "is not an Exchange publication status link (" + basePath + "/organizations/…/publication/status/{runId})"}
	}
	st := new(PublicationStatus)
	if err := s.call(ctx, publicationStatus, nil, st, args...); err != nil {
		return nil, err
	}
	return st, nil
}

// statusArgs takes the path parameters from a status link: its path, or
// the part from the API's base path on when the link's control plane has a
// base path of its own.
func statusArgs(link string) ([]string, bool) {
	u, err := url.Parse(link)
	if err != nil {
		return nil, false
	}
	p := u.EscapedPath()
	if i := strings.Index(p, basePath+"/"); i > 0 {
		p = p[i:]
	}
	return publicationStatus.Match(p)
}

// waitPublication polls a status link until the publication is done or ctx
// ends, calling onStatus with the first status and each change.
func (s *Service) waitPublication(ctx context.Context, link string, onStatus func(*PublicationStatus), clock anypoint.Clock) (*PublicationStatus, error) {
	sleep := retry.Sleep
	if clock != nil {
		sleep = clock.Sleep
	}
	if _, ok := statusArgs(link); !ok {
		return nil, fmt.Errorf("anypoint: exchange: the platform answered a status link of an unexpected shape (%s); not following it", text.Clip(link, 200))
	}
	wait := s.pollMin
	var last *PublicationStatus
	for {
		if err := sleep(ctx, wait); err != nil {
			state := "no status yet"
			if last != nil {
				state = "last status " + last.Status
			}
			return nil, fmt.Errorf("anypoint: exchange: waiting for the publication (%s): %w", state, err)
		}
		st, err := s.PublicationStatus(ctx, link)
		if err != nil {
			return nil, err
		}
		if onStatus != nil && (last == nil || !sameStatus(last, st)) {
			onStatus(st)
		}
		last = st
		switch {
		case st.Succeeded():
			return st, nil
		case st.Done():
			return nil, &PublicationFailedError{Status: st}
		}
		wait = min(wait*2, s.pollMax)
	}
}

func sameStatus(a, b *PublicationStatus) bool {
	return a.Status == b.Status && slices.EqualFunc(a.Steps, b.Steps, func(x, y PublicationStep) bool {
		return x.Description == y.Description && x.Status == y.Status && len(x.Errors) == len(y.Errors)
	})
}

// upload writes a PublishRequest as a multipart body through a pipe, so
// that no file is ever held in memory. open starts (or, for a replay,
// restarts) the writer; finish stops it and reports the caller's reader's
// error, if one failed.
type upload struct {
	req      *PublishRequest
	boundary string
	// starts are the seekable contents' positions when Publish was called;
	// nil when a content cannot seek, and the body cannot be replayed.
	seekers []io.Seeker
	starts  []int64

	mu  sync.Mutex
	run *writerRun
}

// writerRun is one pass of the writer over the request.
type writerRun struct {
	pr   *io.PipeReader
	done chan struct{}
	err  error // the caller's reader's failure, if any
}

// errUploadStopped ends a writer whose body is no longer wanted.
var errUploadStopped = errors.New("anypoint: exchange: upload stopped")

func newUpload(req *PublishRequest) *upload {
	var b [24]byte
	_, _ = rand.Read(b[:])
	up := &upload{req: req, boundary: "anypoint-" + hex.EncodeToString(b[:])}
	seekers := make([]io.Seeker, 0, len(req.Files))
	starts := make([]int64, 0, len(req.Files))
	for _, f := range req.Files {
		sk, ok := f.Content.(io.ReadSeeker)
		if !ok {
			return up
		}
		pos, err := sk.Seek(0, io.SeekCurrent)
		if err != nil {
			return up
		}
		seekers, starts = append(seekers, sk), append(starts, pos)
	}
	up.seekers, up.starts = seekers, starts
	return up
}

func (u *upload) replayable() bool { return u.seekers != nil }

// open returns a fresh body: the first, or, after rewinding every file, a
// replay. It is the request's GetBody when the body can be replayed.
func (u *upload) open() (io.ReadCloser, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.run != nil {
		u.run.stop()
		if !u.replayable() {
			return nil, errors.New("anypoint: exchange: the upload cannot be sent again: a file's Content is not an io.ReadSeeker")
		}
		for i, sk := range u.seekers {
			if _, err := sk.Seek(u.starts[i], io.SeekStart); err != nil {
				return nil, fmt.Errorf("anypoint: exchange: rewind file %d for a replay: %w", i, err)
			}
		}
	}
	pr, pw := io.Pipe()
	run := &writerRun{pr: pr, done: make(chan struct{})}
	go func() {
		defer close(run.done)
		err := u.write(pw)
		run.err = err
		_ = pw.CloseWithError(err)
	}()
	u.run = run
	return pr, nil
}

// stop ends the pass and waits for its writer.
func (r *writerRun) stop() {
	_ = r.pr.CloseWithError(errUploadStopped)
	<-r.done
}

// finish stops the last pass and returns the error of a file's reader, if
// one failed (not the pipe's own errors: those only say the body was no
// longer read).
func (u *upload) finish() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.run == nil {
		return nil
	}
	u.run.stop()
	var fe *fileError
	if errors.As(u.run.err, &fe) {
		return fe
	}
	return nil
}

// fileError is a failure of the caller's reader.
type fileError struct {
	field string
	err   error
}

func (e *fileError) Error() string {
	return "anypoint: exchange: read " + e.field + " for the upload: " + e.err.Error()
}

func (e *fileError) Unwrap() error { return e.err }

// write writes the whole form: the fields first, so that the platform can
// refuse a bad request before the files, then the files.
func (u *upload) write(w io.Writer) error {
	r := u.req
	mw := multipart.NewWriter(w)
	if err := mw.SetBoundary(u.boundary); err != nil {
		return err
	}
	var fields [][2]string
	add := func(k, v string) {
		if v != "" {
			fields = append(fields, [2]string{k, v})
		}
	}
	add("name", r.Name) // empty only with a POM, which names the asset
	add("description", r.Description)
	add("type", string(r.Type))
	add("status", r.Status)
	keys := make([]string, 0, len(r.Properties))
	for k := range r.Properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		add("properties."+k, r.Properties[k])
	}
	deps := make([]string, len(r.Dependencies))
	for i, d := range r.Dependencies {
		deps[i] = d.GroupID + ":" + d.AssetID + ":" + d.Version
	}
	add("dependencies", strings.Join(deps, ","))
	add("keywords", strings.Join(r.Keywords, ","))
	add("tags", strings.Join(r.Tags, ","))
	for _, f := range fields {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			return err
		}
	}
	for i := range r.Files {
		f := &r.Files[i]
		name := f.Name
		if name == "" {
			name = r.AssetID + "-" + r.Version
			if f.Classifier != "" {
				name += "-" + f.Classifier
			}
			name += "." + f.Packaging
		}
		part, err := mw.CreateFormFile(f.field(), name)
		if err != nil {
			return err
		}
		if _, err := io.Copy(writerOnly{part}, readerOnly{f.Content}); err != nil {
			var we *writeError
			if errors.As(err, &we) {
				return we.err
			}
			return &fileError{field: f.field(), err: err}
		}
	}
	return mw.Close()
}

// readerOnly hides a reader's WriterTo, so that io.Copy reads it in small
// chunks into the part, and tells its own errors from the pipe's.
type readerOnly struct{ r io.Reader }

func (r readerOnly) Read(p []byte) (int, error) { return r.r.Read(p) }

// writerOnly marks its writer's errors as writeErrors.
type writerOnly struct{ w io.Writer }

func (w writerOnly) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil {
		err = &writeError{err}
	}
	return n, err
}

// writeError marks a failure to write to the pipe (the body is no longer
// read), as opposed to the caller's reader failing.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
