package anypointtest

import (
	"bytes"
	"cmp"
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The Exchange part of the fake: the asset search, one asset and its versions, and the
// multipart publication of a new version (MuleSoft's Exchange Experience API, mulesoft-dx
// apis/exchange-experience/api.yaml), answered synchronously (x-sync-publication: true, 201)
// or asynchronously (202 with a publicationStatusLink that reports "running" to its first
// status request and "completed" from the second on). Uploads are streamed: the fake hashes
// each file as it arrives and keeps only its size and digests, so a file of any size costs
// it a few kilobytes.

// ExchangePath is the base path of the Exchange Experience API.
const ExchangePath = "/exchange/api/v2"

// ExchangeAsset is an asset version as the fake's Exchange holds it.
type ExchangeAsset struct {
	// OrgID is the organization it was published to; GroupID, AssetID and Version are its
	// coordinates.
	OrgID, GroupID, AssetID, Version string
	// Name, Description, Type and Status are the publication's fields ("published" unless the
	// form said otherwise).
	Name, Description, Type, Status string
	// Properties are the properties.* fields, keyed without the prefix.
	Properties map[string]string
	// Tags, Keywords and Dependencies are the comma-separated fields, split.
	Tags, Keywords, Dependencies []string
	// Files are the uploaded files.
	Files []ExchangeFile
	// PublishedBy is the client ID of the connected app that published it.
	PublishedBy string
	// Created is when it was published, by the server's clock.
	Created time.Time
}

// ExchangeFile is a file of an asset version: what the fake kept of it.
type ExchangeFile struct {
	// Classifier and Packaging come from the part's field name, files.{classifier}.{packaging}
	// (Classifier is empty for files.pom).
	Classifier, Packaging string
	// Name is the part's file name.
	Name string
	// Size is how many bytes arrived.
	Size int64
	// SHA1 and MD5 are the hex digests of the content.
	SHA1, MD5 string
}

// exchangeState is the fake's Exchange; the server's lock guards it.
type exchangeState struct {
	assets   map[string]*ExchangeAsset // key: groupId/assetId/version; published ones only
	pending  map[string]bool           // versions being published
	runs     map[string]*publication   // by run ID
	failNext string                    // the next publication fails with this reason
}

// publication is an asynchronous publication in progress.
type publication struct {
	key   string
	asset *ExchangeAsset
	reads int
	fail  string
}

func exchangeKey(groupID, assetID, version string) string {
	return groupID + "/" + assetID + "/" + version
}

// Asset returns an asset version published to the fake's Exchange, and whether there is
// one. A test uses it to check what a publication sent (names, sizes, digests).
func (s *Server) Asset(groupID, assetID, version string) (ExchangeAsset, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.exchange.assets[exchangeKey(groupID, assetID, version)]
	if a == nil {
		return ExchangeAsset{}, false
	}
	c := *a
	c.Files = slices.Clone(a.Files)
	return c, true
}

// FailNextPublication makes the next publication to Exchange fail with reason: an
// asynchronous one reports the state "error" with reason as a step's error, a synchronous
// one answers 400 with reason as its message.
func (s *Server) FailNextPublication(reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exchange.failNext = reason
}

func (s *Server) exchangeRoutes() {
	s.exchange = exchangeState{assets: map[string]*ExchangeAsset{}, pending: map[string]bool{}, runs: map[string]*publication{}}
	const ex = "exchange-experience"
	s.handle(op(ex, "getAssetsSearch"), s.locked(s.handleSearchAssets))
	s.handle(op(ex, "getAssetsByGroupidByAssetidAsset"), s.locked(s.handleGetAsset))
	s.handle(op(ex, "getAssetsByGroupidByAssetidByVersion"), s.locked(s.handleGetAsset))
	s.handle(op(ex, "createOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersion"), s.handlePublishAsset)
	s.handle(op(ex, "getOrganizationsByOrganizationidAssetsByGroupidByAssetidByVersionPublicationStatusByRunid"), s.locked(s.handlePublicationStatus))
}

// streamsBody reports whether the request's body goes to its handler unread: a multipart
// upload, which may be far larger than the server would buffer.
func streamsBody(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && strings.HasPrefix(mt, "multipart/")
}

// exchangeAssets returns every published asset version, those published from Design Center
// included. The caller holds the lock.
func (s *Server) exchangeAssets() []*ExchangeAsset {
	out := make([]*ExchangeAsset, 0, len(s.exchange.assets)+len(s.assets))
	for _, a := range s.exchange.assets {
		out = append(out, a)
	}
	for _, m := range s.assets {
		typ := "rest-api"
		if c, _ := m["classifier"].(string); c == "raml-fragment" {
			typ = c
		}
		str := func(k string) string { v, _ := m[k].(string); return v }
		out = append(out, &ExchangeAsset{
			OrgID: str("organizationId"), GroupID: str("groupId"), AssetID: str("assetId"), Version: str("version"),
			Name: str("name"), Type: typ, Status: "published", Properties: map[string]string{"apiVersion": str("apiVersion"), "mainFile": str("main")},
			Created: seedEpoch,
		})
	}
	return out
}

// exchangeAsset finds a published asset version ("" version: the latest). The caller holds
// the lock.
func (s *Server) exchangeAsset(groupID, assetID, version string) (*ExchangeAsset, []*ExchangeAsset) {
	var versions []*ExchangeAsset
	for _, a := range s.exchangeAssets() {
		if a.GroupID == groupID && a.AssetID == assetID {
			versions = append(versions, a)
		}
	}
	slices.SortFunc(versions, func(x, y *ExchangeAsset) int { return compareVersions(y.Version, x.Version) })
	for _, a := range versions {
		if version == "" || a.Version == version {
			return a, versions
		}
	}
	return nil, versions
}

// compareVersions orders semantic versions by their numbers (pre-releases before the
// release), then as text.
func compareVersions(a, b string) int {
	na, pa, _ := strings.Cut(strings.TrimPrefix(a, "v"), "-")
	nb, pb, _ := strings.Cut(strings.TrimPrefix(b, "v"), "-")
	xa, xb := strings.Split(na, "."), strings.Split(nb, ".")
	for i := 0; i < len(xa) && i < len(xb); i++ {
		ia, _ := strconv.Atoi(xa[i])
		ib, _ := strconv.Atoi(xb[i])
		if c := cmp.Compare(ia, ib); c != 0 {
			return c
		}
	}
	switch {
	case pa == "" && pb != "":
		return 1
	case pa != "" && pb == "":
		return -1
	}
	return cmp.Compare(a, b)
}

// searchTypes is the enum of the search's types parameter (getAssetsSearch).
var searchTypes = []string{"rest-api", "soap-api", "http-api", "raml-fragment", "connector", "template", "example", "custom", "mcp", "agent"}

// handleSearchAssets serves getAssetsSearch: the spec's types (one value of its enum),
// rootOrganizationId, sharedWithMe, sort, ascending, offset and limit, and search, which the
// spec does not declare but public clients send (the community Terraform provider). The
// organizationId those clients also send is not in the spec: the fake does not read it.
func (s *Server) handleSearchAssets(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := s.authorize(w, r, q.Get("rootOrganizationId"), required(r)...)
	if p == nil {
		return
	}
	offset, limit, ok := pageParams(w, q, 20, 250)
	if !ok {
		return
	}
	// The spec's types is one value of its enum: sent twice, or as a list,
	// it is refused.
	var types []string
	switch ts := q["types"]; {
	case len(ts) > 1:
		jsonError(w, http.StatusBadRequest, "types takes one value")
		return
	case len(ts) == 1 && !slices.Contains(searchTypes, ts[0]):
		jsonError(w, http.StatusBadRequest, fmt.Sprintf("types %q is not one of %s", ts[0], strings.Join(searchTypes, ", ")))
		return
	case len(ts) == 1:
		types = ts
	}
	search := strings.ToLower(q.Get("search"))
	latest := map[string]*ExchangeAsset{}
	for _, a := range s.exchangeAssets() {
		switch {
		case !s.canSee(p, a.OrgID):
			continue
		case q.Get("rootOrganizationId") != "" && !s.descends(a.OrgID, q.Get("rootOrganizationId")):
			continue
		case len(types) > 0 && !slices.Contains(types, a.Type):
			continue
		case search != "" && !matchesSearch(a, search):
			continue
		}
		k := a.GroupID + "/" + a.AssetID
		if cur := latest[k]; cur == nil || compareVersions(a.Version, cur.Version) > 0 {
			latest[k] = a
		}
	}
	list := make([]*ExchangeAsset, 0, len(latest))
	for _, a := range latest {
		list = append(list, a)
	}
	slices.SortFunc(list, func(x, y *ExchangeAsset) int {
		return cmp.Or(cmp.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)), cmp.Compare(x.GroupID+"/"+x.AssetID, y.GroupID+"/"+y.AssetID))
	})
	out := []map[string]any{}
	for _, a := range pageOf(list, offset, limit) {
		out = append(out, map[string]any{
			"organizationId": a.OrgID, "groupId": a.GroupID, "assetId": a.AssetID, "version": a.Version,
			"minorVersion": minorOf(a.Version), "versionGroup": versionGroupOf(a), "description": a.Description,
			"isPublic": false, "name": a.Name, "type": a.Type, "status": a.Status,
			"createdById": s.userOfClient(a.PublishedBy), "createdAt": a.Created.UTC().Format(time.RFC3339Nano),
		})
	}
	writeJSON(w, http.StatusOK, out)
}

func matchesSearch(a *ExchangeAsset, search string) bool {
	for _, v := range append([]string{a.Name, a.AssetID, a.Description}, append(a.Tags, a.Keywords...)...) {
		if strings.Contains(strings.ToLower(v), search) {
			return true
		}
	}
	return false
}

func minorOf(v string) string {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

func versionGroupOf(a *ExchangeAsset) string {
	if v := a.Properties["apiVersion"]; v != "" {
		return v
	}
	return a.Version
}

// userOfClient is the owner of the app with that client ID: who "created" what it published.
func (s *Server) userOfClient(clientID string) string {
	if a := s.apps[clientID]; a != nil {
		return a.OwnerUserID
	}
	return UserID
}

func (s *Server) handleGetAsset(w http.ResponseWriter, r *http.Request) {
	groupID, assetID, version := r.PathValue("groupId"), r.PathValue("assetId"), r.PathValue("version")
	a, versions := s.exchangeAsset(groupID, assetID, version)
	org := groupID
	if a != nil {
		org = a.OrgID
	}
	p := s.authorize(w, r, org, required(r)...)
	if p == nil {
		return
	}
	if a == nil || !s.canSee(p, a.OrgID) {
		what := groupID + "/" + assetID
		if version != "" {
			what += "/" + version
		}
		jsonError(w, http.StatusNotFound, "Asset "+what+" not found")
		return
	}
	out := s.assetJSON(a)
	others := []map[string]any{}
	for _, v := range versions {
		if v != a {
			others = append(others, s.assetJSON(v))
		}
	}
	out["otherVersions"] = others
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) assetJSON(a *ExchangeAsset) map[string]any {
	files := []map[string]any{}
	for _, f := range a.Files {
		path := exchangeKey(a.GroupID, a.AssetID, a.Version) + "/" + f.Classifier + "/" + f.Packaging
		files = append(files, map[string]any{
			"classifier": nullable(f.Classifier), "packaging": f.Packaging,
			"downloadURL": s.URL + "/exchange/files/api/v1/organizations/" + a.OrgID + "/assets/" + path,
			"md5":         f.MD5, "sha1": f.SHA1, "createdDate": a.Created.UTC().Format(time.RFC3339Nano),
			"mainFile": nullable(a.Properties["mainFile"]), "isGenerated": false,
		})
	}
	deps := []map[string]any{}
	for _, d := range a.Dependencies {
		parts := strings.SplitN(d, ":", 3)
		if len(parts) == 3 {
			deps = append(deps, map[string]any{"groupId": parts[0], "assetId": parts[1], "version": parts[2]})
		}
	}
	creator := map[string]any{"id": s.userOfClient(a.PublishedBy)}
	if u := s.users[s.userOfClient(a.PublishedBy)]; u != nil {
		creator = map[string]any{"id": u.ID, "userName": u.Username, "firstName": u.FirstName, "lastName": u.LastName}
	}
	orgName := ""
	if o := s.orgs[a.OrgID]; o != nil {
		orgName = o.Name
	}
	created := a.Created.UTC().Format(time.RFC3339Nano)
	return map[string]any{
		"id": exchangeKey(a.GroupID, a.AssetID, a.Version), "groupId": a.GroupID, "assetId": a.AssetID,
		"version": a.Version, "minorVersion": minorOf(a.Version), "versionGroup": versionGroupOf(a),
		"name": a.Name, "description": a.Description, "type": a.Type, "status": a.Status,
		"isPublic": false, "isSnapshot": false, "labels": orEmpty(a.Tags),
		"createdBy": creator, "createdDate": created, "updatedDate": created,
		"organization": map[string]any{"id": a.OrgID, "name": orgName},
		"files":        files,
		"dependencies": deps,
	}
}

// exchangeField is the field name of a file part: files.{classifier}.{packaging} or
// files.{packaging}.
var exchangeField = regexp.MustCompile(`^files\.(?:([A-Za-z0-9_][A-Za-z0-9_-]*)\.)?([A-Za-z0-9_][A-Za-z0-9_-]*)$`)

// typeByClassifier infers an asset's type from a file, as the platform does when the form
// names none.
var typeByClassifier = map[string]string{
	"mule-application": "app", "oas": "rest-api", "raml": "rest-api", "fat-raml": "rest-api",
	"wsdl": "soap-api", "raml-fragment": "raml-fragment", "mule-plugin": "connector",
	"mule-application-template": "template", "mule-application-example": "example",
	"mule-policy": "policy", "docs": "custom",
}

// handlePublishAsset serves a publication. The checks run under the server's lock; the
// upload is read without it (it may be large and slow), and the asset is stored under the
// lock again.
func (s *Server) handlePublishAsset(w http.ResponseWriter, r *http.Request) {
	orgID, groupID, assetID, version := r.PathValue("organizationId"), r.PathValue("groupId"), r.PathValue("assetId"), r.PathValue("version")
	key := exchangeKey(groupID, assetID, version)
	s.mu.Lock()
	p, o := s.orgRequest(w, r, orgID, required(r)...)
	if o == nil {
		s.mu.Unlock()
		return
	}
	clientID := p.app.ClientID
	var failure string
	switch {
	case !streamsBody(r):
		failure = "Content-Type must be multipart/form-data"
	case groupID != orgID:
		failure = "groupId must be the organization ID " + orgID
	case !semver.MatchString(strings.TrimPrefix(version, "v")):
		failure = "version " + version + " is not a semantic version"
	}
	if failure != "" {
		s.mu.Unlock()
		jsonError(w, http.StatusBadRequest, failure)
		return
	}
	if s.exchange.assets[key] != nil || s.exchange.pending[key] {
		s.mu.Unlock()
		jsonError(w, http.StatusConflict, "The asset version "+key+" already exists")
		return
	}
	s.exchange.pending[key] = true
	s.mu.Unlock()

	a, err := readPublication(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil && a.GroupID != "" && (a.GroupID != groupID || a.AssetID != assetID || a.Version != version) {
		// "The POM groupId, assetId, and version parameters must match the URL path
		// parameters."
		err = fmt.Errorf("the POM's %s:%s:%s does not match the path's %s:%s:%s", a.GroupID, a.AssetID, a.Version, groupID, assetID, version)
	}
	if err == nil && a.Name == "" {
		err = errors.New("name is required")
	}
	if err == nil && a.Type == "" {
		err = errors.New("type is required when no file tells it")
	}
	fail := s.exchange.failNext
	sync := strings.EqualFold(r.Header.Get("x-sync-publication"), "true")
	if err == nil && fail != "" && sync {
		err = errors.New(fail)
	}
	if err != nil {
		delete(s.exchange.pending, key)
		if fail != "" && sync {
			s.exchange.failNext = ""
		}
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.exchange.failNext = ""
	a.OrgID, a.GroupID, a.AssetID, a.Version = orgID, groupID, assetID, version
	a.PublishedBy, a.Created = clientID, s.now()
	if sync {
		delete(s.exchange.pending, key)
		s.exchange.assets[key] = a
		writeJSON(w, http.StatusCreated, map[string]any{
			"organizationId": orgID, "groupId": groupID, "assetId": assetID, "version": version, "name": a.Name, "type": a.Type,
		})
		return
	}
	runID := randomUUID()
	s.exchange.runs[runID] = &publication{key: key, asset: a, fail: fail}
	link := s.URL + r.URL.EscapedPath() + "/publication/status/" + runID
	writeJSON(w, http.StatusAccepted, map[string]any{"publicationStatusLink": link})
}

// maxPOM bounds the POM file the fake reads.
const maxPOM = 1 << 20

// pomFile is what the fake reads of an asset's POM: its coordinates, name, description,
// properties (keywords among them) and dependencies, as the Asset Creation guide shows it.
type pomFile struct {
	GroupID     string `xml:"groupId"`
	ArtifactID  string `xml:"artifactId"`
	Version     string `xml:"version"`
	Name        string `xml:"name"`
	Description string `xml:"description"`
	Properties  struct {
		Items []struct {
			XMLName xml.Name
			Value   string `xml:",chardata"`
		} `xml:",any"`
	} `xml:"properties"`
	Dependencies []struct {
		GroupID    string `xml:"groupId"`
		ArtifactID string `xml:"artifactId"`
		Version    string `xml:"version"`
	} `xml:"dependencies>dependency"`
}

// parsePOM reads a POM file; it must name the asset and give its coordinates.
func parsePOM(b []byte) (*pomFile, error) {
	if len(b) >= maxPOM {
		return nil, errors.New("the POM file is larger than 1 MiB")
	}
	var p pomFile
	if err := xml.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("the POM file is not XML: %v", err)
	}
	switch {
	case p.GroupID == "" || p.ArtifactID == "" || p.Version == "":
		return nil, errors.New("the POM file needs groupId, artifactId and version")
	case p.Name == "":
		return nil, errors.New("the POM file needs a name")
	}
	return &p, nil
}

// limitedBuffer keeps at most left bytes of what is written to it, and takes the rest
// without keeping it.
type limitedBuffer struct {
	buf  *bytes.Buffer
	left int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if l.left > 0 {
		n := min(len(p), l.left)
		l.buf.Write(p[:n])
		l.left -= n
	}
	return len(p), nil
}

// readPublication reads the multipart form of a publication as it arrives, hashing files
// instead of keeping them. A POM file (files.pom or files.pom.xml) is read too: it holds the
// asset's properties, which the form must then not set; its coordinates come back in the
// asset's GroupID, AssetID and Version, for the caller to check against the path.
func readPublication(r *http.Request) (*ExchangeAsset, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, fmt.Errorf("the request is not a multipart form: %v", err)
	}
	a := &ExchangeAsset{Status: "published", Properties: map[string]string{}}
	var (
		pom       *pomFile
		formProps []string // the asset properties the form set
	)
	split := func(v string) []string {
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the multipart form is malformed: %v", err)
		}
		name := part.FormName()
		if m := exchangeField.FindStringSubmatch(name); m != nil {
			sh, md := sha1.New(), md5.New()
			// A POM (files.pom or files.pom.xml) is read as well as hashed:
			// it holds the asset's properties.
			isPOM := (m[1] == "" && m[2] == "pom") || (m[1] == "pom" && m[2] == "xml")
			var pomText bytes.Buffer
			sink := io.MultiWriter(sh, md)
			if isPOM {
				sink = io.MultiWriter(sh, md, &limitedBuffer{buf: &pomText, left: maxPOM})
			}
			n, err := io.Copy(sink, part)
			if err != nil {
				return nil, fmt.Errorf("reading %s: %v", name, err)
			}
			if isPOM {
				if pom != nil {
					return nil, errors.New("a second POM file")
				}
				if pom, err = parsePOM(pomText.Bytes()); err != nil {
					return nil, err
				}
			}
			a.Files = append(a.Files, ExchangeFile{Classifier: m[1], Packaging: m[2], Name: part.FileName(), Size: n,
				SHA1: hex.EncodeToString(sh.Sum(nil)), MD5: hex.EncodeToString(md.Sum(nil))})
			continue
		}
		if strings.HasPrefix(name, "files") {
			return nil, fmt.Errorf("%q is not a file field: use files.{classifier}.{packaging}", name)
		}
		b, err := io.ReadAll(io.LimitReader(part, 64<<10))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %v", name, err)
		}
		v := string(b)
		if name == "name" || name == "description" || name == "dependencies" || name == "keywords" || strings.HasPrefix(name, "properties.") {
			formProps = append(formProps, name)
		}
		switch {
		case name == "name":
			a.Name = v
		case name == "description":
			a.Description = v
		case name == "type":
			a.Type = v
		case name == "status":
			if v != "published" && v != "development" && v != "deprecated" {
				return nil, fmt.Errorf("status %q is not one of published, development, deprecated", v)
			}
			a.Status = v
		case name == "tags":
			a.Tags = split(v)
		case name == "keywords":
			a.Keywords = split(v)
		case name == "dependencies":
			for _, d := range split(v) {
				if strings.Count(d, ":") != 2 {
					return nil, fmt.Errorf("dependency %q is not groupId:assetId:version", d)
				}
				a.Dependencies = append(a.Dependencies, d)
			}
		case strings.HasPrefix(name, "properties."):
			a.Properties[strings.TrimPrefix(name, "properties.")] = v
		}
	}
	if pom != nil {
		// "Attempting to create an asset with defined asset properties in both multipart
		// form data and a POM file causes an error" (docs/v2/Asset Creation.md).
		if len(formProps) > 0 {
			return nil, fmt.Errorf("asset properties are defined in both the form (%s) and the POM file", strings.Join(formProps, ", "))
		}
		a.Name, a.Description = pom.Name, pom.Description
		a.GroupID, a.AssetID, a.Version = pom.GroupID, pom.ArtifactID, pom.Version
		for _, p := range pom.Properties.Items {
			if p.XMLName.Local == "keywords" {
				a.Keywords = split(p.Value)
				continue
			}
			a.Properties[p.XMLName.Local] = p.Value
		}
		for _, d := range pom.Dependencies {
			a.Dependencies = append(a.Dependencies, d.GroupID+":"+d.ArtifactID+":"+d.Version)
		}
	}
	if a.Type == "" {
		for _, f := range a.Files {
			if t := typeByClassifier[f.Classifier]; t != "" {
				a.Type = t
				break
			}
		}
	}
	return a, nil
}

func (s *Server) handlePublicationStatus(w http.ResponseWriter, r *http.Request) {
	if _, o := s.orgRequest(w, r, r.PathValue("organizationId"), required(r)...); o == nil {
		return
	}
	run := s.exchange.runs[r.PathValue("runId")]
	key := exchangeKey(r.PathValue("groupId"), r.PathValue("assetId"), r.PathValue("version"))
	if run == nil || run.key != key || run.asset.OrgID != r.PathValue("organizationId") {
		jsonError(w, http.StatusNotFound, "Publication "+r.PathValue("runId")+" not found")
		return
	}
	run.reads++
	step := func(desc, status string, errs ...string) map[string]any {
		return map[string]any{"description": desc, "status": status, "errors": orEmpty(errs)}
	}
	var status string
	var steps []map[string]any
	switch {
	case run.reads == 1:
		status = "running"
		steps = []map[string]any{step("Files processing", "completed"), step("Inferring type", "running")}
	case run.fail != "":
		status = "error"
		steps = []map[string]any{step("Files processing", "completed"), step("Inferring type", "error", run.fail)}
		delete(s.exchange.pending, key)
	default:
		status = "completed"
		steps = []map[string]any{step("Files processing", "completed"), step("Inferring type", "completed"), step("Publishing", "completed")}
		if s.exchange.pending[key] {
			delete(s.exchange.pending, key)
			s.exchange.assets[key] = run.asset
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": status, "assetType": run.asset.Type, "steps": steps})
}
