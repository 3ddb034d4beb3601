package exchange_test

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/exchange"
	"github.com/anypoint-go/anypoint/scopes"
)

func jarOf(s string) exchange.File {
	return exchange.File{Classifier: "mule-application", Packaging: "jar", Content: strings.NewReader(s)}
}

func sha1Of(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func appRequest(version string, files ...exchange.File) *exchange.PublishRequest {
	return &exchange.PublishRequest{
		AssetID: "orders-sync", Version: version, Name: "Orders Sync",
		Description: "Moves orders", Properties: map[string]string{"mainFile": "orders.xml"},
		Tags: []string{"orders", "sync"}, Keywords: []string{"erp"},
		Dependencies: []exchange.Dependency{{GroupID: anypointtest.OrgID, AssetID: "common-types", Version: "1.0.0"}},
		Files:        files,
	}
}

func TestPublishAsynchronously(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex, app := publisher(t, srv, scopes.EditExchange)
	var seen []string
	req := appRequest("1.0.0", jarOf("PK fake jar"))
	req.OnStatus = func(st *exchange.PublicationStatus) { seen = append(seen, st.Status) }

	pub, err := ex.Publish(context.Background(), anypointtest.OrgID, req)
	if err != nil {
		t.Fatal(err)
	}
	if pub.StatusLink == "" || pub.Status == nil || !pub.Status.Succeeded() {
		t.Errorf("publication = %+v, want a status link and a completed status", pub)
	}
	if pub.GroupID != anypointtest.OrgID || pub.AssetID != "orders-sync" || pub.Version != "1.0.0" || pub.Type != exchange.MuleApplication {
		t.Errorf("publication = %+v", pub)
	}
	if !slices.Equal(seen, []string{"running", "completed"}) {
		t.Errorf("OnStatus saw %q, want running then completed", seen)
	}

	got, ok := srv.Asset(anypointtest.OrgID, "orders-sync", "1.0.0")
	if !ok {
		t.Fatal("the fake holds no asset")
	}
	if got.Name != "Orders Sync" || got.Type != "app" || got.PublishedBy != app.ClientID ||
		!slices.Equal(got.Tags, []string{"orders", "sync"}) || got.Properties["mainFile"] != "orders.xml" ||
		!slices.Equal(got.Dependencies, []string{anypointtest.OrgID + ":common-types:1.0.0"}) {
		t.Errorf("asset = %+v", got)
	}
	want := []anypointtest.ExchangeFile{
		{Classifier: "mule-application", Packaging: "jar", Name: "orders-sync-1.0.0-mule-application.jar", Size: 11, SHA1: sha1Of("PK fake jar")},
	}
	for i := range got.Files {
		got.Files[i].MD5 = ""
	}
	if !slices.Equal(got.Files, want) {
		t.Errorf("files = %+v, want %+v", got.Files, want)
	}
}

func TestPublishSynchronously(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex, _ := publisher(t, srv, scopes.ManageExchange)
	req := appRequest("2.0.0", jarOf("jar"))
	req.Sync = true
	pub, err := ex.Publish(context.Background(), anypointtest.OrgID, req)
	if err != nil {
		t.Fatal(err)
	}
	if pub.StatusLink != "" || pub.Status != nil || pub.Name != "Orders Sync" || pub.Type != exchange.MuleApplication {
		t.Errorf("publication = %+v, want the synchronous answer", pub)
	}
	for _, r := range srv.RequestLog() {
		if r.Method == http.MethodPost && strings.HasPrefix(r.Path, anypointtest.ExchangePath) && r.Header.Get("x-sync-publication") != "true" {
			t.Errorf("x-sync-publication = %q", r.Header.Get("x-sync-publication"))
		}
	}
}

func TestPublishedAssetIsReadable(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex, _ := publisher(t, srv, scopes.EditExchange)
	ctx := context.Background()
	for _, v := range []string{"1.0.0", "1.1.0", "1.0.1"} {
		if _, err := ex.Publish(ctx, anypointtest.OrgID, appRequest(v, jarOf("jar "+v))); err != nil {
			t.Fatal(err)
		}
	}
	a, err := ex.GetAsset(ctx, anypointtest.OrgID, "orders-sync")
	if err != nil {
		t.Fatal(err)
	}
	if a.Version != "1.1.0" || !slices.Equal(a.Versions(), []string{"1.1.0", "1.0.1", "1.0.0"}) {
		t.Errorf("latest %s, versions %v", a.Version, a.Versions())
	}
	if len(a.Files) != 1 || a.Files[0].SHA1 != sha1Of("jar 1.1.0") || a.CreatedDate.IsZero() || a.CreatedBy.ID == "" {
		t.Errorf("asset = %+v", a)
	}
	v, err := ex.GetAssetVersion(ctx, anypointtest.OrgID, "orders-sync", "1.0.1")
	if err != nil || v.Version != "1.0.1" {
		t.Fatalf("GetAssetVersion = %+v, %v", v, err)
	}
	if _, err := ex.GetAssetVersion(ctx, anypointtest.OrgID, "orders-sync", "9.9.9"); !errors.Is(err, anypoint.ErrNotFound) {
		t.Errorf("unknown version: err = %v, want ErrNotFound", err)
	}
}

func TestPublishConflict(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex, _ := publisher(t, srv, scopes.EditExchange)
	ctx := context.Background()
	if _, err := ex.Publish(ctx, anypointtest.OrgID, appRequest("1.0.0", jarOf("a"))); err != nil {
		t.Fatal(err)
	}
	if _, err := ex.Publish(ctx, anypointtest.OrgID, appRequest("1.0.0", jarOf("b"))); !errors.Is(err, anypoint.ErrConflict) {
		t.Errorf("err = %v, want ErrConflict", err)
	}
}

func TestPublicationThatFails(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex, _ := publisher(t, srv, scopes.EditExchange)
	srv.FailNextPublication("the jar is not a Mule application")
	_, err := ex.Publish(context.Background(), anypointtest.OrgID, appRequest("1.0.0", jarOf("x")))
	var pf *exchange.PublicationFailedError
	if !errors.Is(err, exchange.ErrPublicationFailed) || !errors.As(err, &pf) {
		t.Fatalf("err = %v, want a *PublicationFailedError", err)
	}
	if pf.AssetID != "orders-sync" || !strings.Contains(err.Error(), "the jar is not a Mule application") {
		t.Errorf("err = %v", err)
	}
	if _, ok := srv.Asset(anypointtest.OrgID, "orders-sync", "1.0.0"); ok {
		t.Error("a failed publication left an asset")
	}
}

func TestPublishWithoutTheScope(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex, _ := publisher(t, srv, scopes.ReadExchange)
	_, err := ex.Publish(context.Background(), anypointtest.OrgID, appRequest("1.0.0", jarOf("x")))
	var se *anypoint.ScopeError
	if !errors.As(err, &se) || !slices.Equal(se.Required, []scopes.Scope{scopes.EditExchange, scopes.ManageExchange}) {
		t.Fatalf("err = %v, want a ScopeError requiring edit:exchange or manage:exchange", err)
	}
}

// A token that expired between calls is replaced and the upload replayed
// when the files can seek back.
func TestPublishReplaysASeekableUploadAfterAStaleToken(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex, _ := publisher(t, srv, scopes.EditExchange)
	ctx := context.Background()
	if _, err := ex.ListAssets(ctx, nil); err != nil { // mint a token
		t.Fatal(err)
	}
	srv.ExpireTokens()
	content := "seekable jar content"
	r := strings.NewReader("prefix to skip|" + content)
	if _, err := r.Seek(int64(len("prefix to skip|")), io.SeekStart); err != nil {
		t.Fatal(err)
	}
	req := appRequest("1.0.0", exchange.File{Classifier: "mule-application", Packaging: "jar", Content: r})
	req.Sync = true
	if _, err := ex.Publish(ctx, anypointtest.OrgID, req); err != nil {
		t.Fatal(err)
	}
	a, _ := srv.Asset(anypointtest.OrgID, "orders-sync", "1.0.0")
	if len(a.Files) != 1 || a.Files[0].SHA1 != sha1Of(content) {
		t.Errorf("files = %+v, want the content from where the reader stood", a.Files)
	}
	if n := srv.Requests(http.MethodPost, anypointtest.ExchangePath+"/organizations/"+anypointtest.OrgID+"/assets/"+anypointtest.OrgID+"/orders-sync/1.0.0"); n != 2 {
		t.Errorf("%d publish requests, want 2 (the refused one and the replay)", n)
	}
}

// onlyReader hides everything but Read.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// A plain reader is never sent twice: after a stale token the caller gets
// the 401, and the next call works with a new token.
func TestPublishDoesNotReplayAPlainReader(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex, _ := publisher(t, srv, scopes.EditExchange)
	ctx := context.Background()
	if _, err := ex.ListAssets(ctx, nil); err != nil {
		t.Fatal(err)
	}
	srv.ExpireTokens()
	req := appRequest("1.0.0", exchange.File{Classifier: "mule-application", Packaging: "jar", Content: onlyReader{strings.NewReader("jar")}})
	_, err := ex.Publish(ctx, anypointtest.OrgID, req)
	if !errors.Is(err, anypoint.ErrUnauthorized) || errors.Is(err, anypoint.ErrScopeDenied) || !strings.Contains(err.Error(), "cannot be sent again") {
		t.Fatalf("err = %v, want the 401 with the advice", err)
	}
	req.Files[0].Content = onlyReader{strings.NewReader("jar")}
	if _, err := ex.Publish(ctx, anypointtest.OrgID, req); err != nil {
		t.Fatalf("the next call: %v", err)
	}
}

// A 429 on a seekable upload is retried with the whole body again; a 503
// is not (a POST may have been acted on).
func TestPublishRetriesA429(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	app := srv.AddApp(anypointtest.AppSpec{Name: "publisher", Scopes: []scopes.Scope{scopes.EditExchange}})
	ex := exchange.New(clientFor(t, srv, app, anypoint.WithRetry(anypoint.RetryPolicy{MaxRetries: 2, MinBackoff: 1, MaxBackoff: 1})))
	srv.Fail(anypointtest.FaultSpec{Status: http.StatusTooManyRequests, RetryAfter: "0", Method: http.MethodPost, Path: anypointtest.ExchangePath + "/*"})
	req := appRequest("1.0.0", exchange.File{Classifier: "mule-application", Packaging: "jar", Content: bytes.NewReader([]byte("jar bytes"))})
	req.Sync = true
	if _, err := ex.Publish(context.Background(), anypointtest.OrgID, req); err != nil {
		t.Fatal(err)
	}
	if a, _ := srv.Asset(anypointtest.OrgID, "orders-sync", "1.0.0"); len(a.Files) != 1 || a.Files[0].SHA1 != sha1Of("jar bytes") {
		t.Errorf("files = %+v", a.Files)
	}

	srv.Fail(anypointtest.FaultSpec{Status: http.StatusTooManyRequests, RetryAfter: "0", Method: http.MethodPost, Path: anypointtest.ExchangePath + "/*"})
	req = appRequest("1.0.1", exchange.File{Classifier: "mule-application", Packaging: "jar", Content: onlyReader{strings.NewReader("jar")}})
	if _, err := ex.Publish(context.Background(), anypointtest.OrgID, req); !errors.Is(err, anypoint.ErrRateLimited) {
		t.Errorf("a plain reader after a 429: err = %v, want ErrRateLimited (not replayed)", err)
	}
}

// failingReader fails after some bytes.
type failingReader struct{ n int }

var errDisk = errors.New("disk on fire")

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errDisk
	}
	n := min(len(p), f.n)
	f.n -= n
	return n, nil
}

func TestPublishReportsTheReadersError(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex, _ := publisher(t, srv, scopes.EditExchange)
	req := appRequest("1.0.0", exchange.File{Classifier: "mule-application", Packaging: "jar", Content: &failingReader{n: 100 << 10}})
	_, err := ex.Publish(context.Background(), anypointtest.OrgID, req)
	if !errors.Is(err, errDisk) {
		t.Fatalf("err = %v, want the reader's error", err)
	}
	if _, ok := srv.Asset(anypointtest.OrgID, "orders-sync", "1.0.0"); ok {
		t.Error("a cut upload left an asset")
	}
}

func TestPublishRefusesBadInput(t *testing.T) {
	ex := exchange.New(nil)
	ctx := context.Background()
	ok := func() *exchange.PublishRequest { return appRequest("1.0.0", jarOf("x")) }
	for _, tc := range []struct {
		org   string
		mod   func(*exchange.PublishRequest) *exchange.PublishRequest
		field string
	}{
		{"", func(r *exchange.PublishRequest) *exchange.PublishRequest { return r }, "orgID"},
		{"o", func(*exchange.PublishRequest) *exchange.PublishRequest { return nil }, "req"},
		{"o", func(r *exchange.PublishRequest) *exchange.PublishRequest { r.AssetID = " "; return r }, "AssetID"},
		{"o", func(r *exchange.PublishRequest) *exchange.PublishRequest { r.Version = "1.0"; return r }, "Version"},
		{"o", func(r *exchange.PublishRequest) *exchange.PublishRequest { r.Name = ""; return r }, "Name"},
		{"o", func(r *exchange.PublishRequest) *exchange.PublishRequest { r.Tags = []string{"a,b"}; return r }, "Tags[0]"},
		{"o", func(r *exchange.PublishRequest) *exchange.PublishRequest {
			r.Properties = map[string]string{"a b": "x"}
			return r
		}, "Properties[a b]"},
		{"o", func(r *exchange.PublishRequest) *exchange.PublishRequest {
			r.Dependencies = []exchange.Dependency{{GroupID: "g", AssetID: "a:b", Version: "1.0.0"}}
			return r
		}, "Dependencies[0].AssetID"},
		{"o", func(r *exchange.PublishRequest) *exchange.PublishRequest { r.Files[0].Packaging = ""; return r }, "Files[0].Packaging"},
		{"o", func(r *exchange.PublishRequest) *exchange.PublishRequest { r.Files[0].Classifier = "a.b"; return r }, "Files[0].Classifier"},
		{"o", func(r *exchange.PublishRequest) *exchange.PublishRequest { r.Files[0].Content = nil; return r }, "Files[0].Content"},
		{"o", func(r *exchange.PublishRequest) *exchange.PublishRequest {
			r.Files = append(r.Files, jarOf("y"))
			return r
		}, "Files[1]"},
	} {
		_, err := ex.Publish(ctx, tc.org, tc.mod(ok()))
		wantInvalid(t, err, tc.field)
	}
}

func TestPublicationStatusRefusesAForeignLink(t *testing.T) {
	ex := exchange.New(nil)
	for _, link := range []string{
		"https://evil.example/steal",
		"https://anypoint.mulesoft.com/exchange/api/v2/organizations/o/assets/g/a/1.0.0/publication/other/r",
		"::",
	} {
		_, err := ex.PublicationStatus(context.Background(), link)
		wantInvalid(t, err, "statusLink")
	}
}

// pomOf is the POM of orders-sync at version, as the spec repository's
// Asset Creation guide writes one.
func pomOf(version string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>` + anypointtest.OrgID + `</groupId>
  <artifactId>orders-sync</artifactId>
  <version>` + version + `</version>
  <name>Orders Sync</name>
  <description>Moves orders</description>
  <properties>
    <keywords>erp, orders</keywords>
    <mainFile>orders.xml</mainFile>
  </properties>
  <dependencies>
    <dependency><groupId>` + anypointtest.OrgID + `</groupId><artifactId>common-types</artifactId><version>1.0.0</version></dependency>
  </dependencies>
</project>`
}

// With a POM, the asset's properties come from it: Name is not required,
// and properties in the form beside it (which Exchange refuses) are refused
// before sending.
func TestPublishWithAPOM(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	ex, _ := publisher(t, srv, scopes.EditExchange)
	ctx := context.Background()
	for i, pom := range []exchange.File{
		{Packaging: "pom", Content: strings.NewReader(pomOf("1.0.0"))},                    // files.pom
		{Classifier: "pom", Packaging: "xml", Content: strings.NewReader(pomOf("1.1.0"))}, // files.pom.xml
	} {
		version := []string{"1.0.0", "1.1.0"}[i]
		pub, err := ex.Publish(ctx, anypointtest.OrgID, &exchange.PublishRequest{
			AssetID: "orders-sync", Version: version, Tags: []string{"orders"}, Sync: true,
			Files: []exchange.File{jarOf("PK jar"), pom},
		})
		if err != nil {
			t.Fatalf("%s: %v", pom.Packaging, err)
		}
		got, ok := srv.Asset(anypointtest.OrgID, "orders-sync", version)
		if !ok || got.Name != "Orders Sync" || got.Description != "Moves orders" || got.Properties["mainFile"] != "orders.xml" ||
			!slices.Equal(got.Keywords, []string{"erp", "orders"}) || !slices.Equal(got.Tags, []string{"orders"}) ||
			!slices.Equal(got.Dependencies, []string{anypointtest.OrgID + ":common-types:1.0.0"}) || got.Type != "app" {
			t.Errorf("asset %s = %+v, %v; want the POM's properties", version, got, ok)
		}
		if pub.Name != "Orders Sync" {
			t.Errorf("publication name %q, want the POM's, as the platform answers it", pub.Name)
		}
	}

	srv.ResetRequestLog()
	for _, field := range []string{"Name", "Description", "Properties", "Dependencies", "Keywords"} {
		req := appRequest("2.0.0", jarOf("jar"), exchange.File{Packaging: "pom", Content: strings.NewReader(pomOf("2.0.0"))})
		keep := map[string]func(){
			"Name":         func() { req.Name = "Orders Sync" },
			"Description":  func() { req.Description = "x" },
			"Properties":   func() { req.Properties = map[string]string{"mainFile": "x"} },
			"Dependencies": func() { req.Dependencies = []exchange.Dependency{{GroupID: "g", AssetID: "a", Version: "1.0.0"}} },
			"Keywords":     func() { req.Keywords = []string{"k"} },
		}
		req.Name, req.Description, req.Properties, req.Dependencies, req.Keywords = "", "", nil, nil, nil
		keep[field]()
		_, err := ex.Publish(ctx, anypointtest.OrgID, req)
		wantInvalid(t, err, field)
	}
	if n := len(srv.RequestLog()); n != 0 {
		t.Errorf("%d requests sent for refused publications", n)
	}
	// Without a POM, Name is still required.
	req := appRequest("3.0.0", jarOf("jar"))
	req.Name = ""
	_, err := ex.Publish(ctx, anypointtest.OrgID, req)
	wantInvalid(t, err, "Name")
}
