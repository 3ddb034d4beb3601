package anypointtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/anypoint-go/anypoint/scopes"
)

// lockLifetime is how long a branch lock lasts in the fake unless its owner acquires it
// again or saves. The spec says nothing of a lock's lifetime and has no keep-alive call;
// this is the fake's own rule, so that tests can see a lock lapse (WithClock).
const lockLifetime = time.Minute

// Commit is one save of a Design Center branch.
type Commit struct {
	// ID is the commit's 40-hex-digit ID.
	ID string
	// Message is the save's message query parameter, which the spec does not
	// declare: empty for a save as the spec has it ("Initial commit" for the
	// seed).
	Message string
	// Author is the username of the user who saved.
	Author string
	// Files are the paths the save wrote.
	Files []string
	// Time is when the save happened, by the server's clock.
	Time time.Time
}

type commitRecord = Commit

type project struct {
	ID, OrgID, Name, Type, Description string
	// CreatedBy is the owner's user ID (not the username), as the platform's
	// Project example shows and as PATCH {"createdBy"} takes it.
	CreatedBy        string
	Created, Updated time.Time
	branches         map[string]*branch
	branchOrder      []string
	// trees holds the files of every commit of the project by commit ID, so that a branch
	// can be created at any of them (POST …/branches {name, commitId}).
	trees map[string]map[string]string
}

// commit records c as the new head of b, with the branch's files as they are now.
func (pr *project) commit(b *branch, c Commit) Commit {
	c.ID = derivedHex(fmt.Sprintf("commit:%s:%s:%d:%s", pr.ID, b.Name, len(b.commits), c.Message), 40)
	b.commits = append(b.commits, c)
	if pr.trees == nil {
		pr.trees = map[string]map[string]string{}
	}
	pr.trees[c.ID] = maps.Clone(b.files)
	return c
}

// history returns the commits that lead to commit id, oldest first, or nil when the
// project has no such commit.
func (pr *project) history(id string) []Commit {
	for _, name := range pr.branchOrder {
		cs := pr.branches[name].commits
		if i := slices.IndexFunc(cs, func(c Commit) bool { return c.ID == id }); i >= 0 {
			return slices.Clone(cs[:i+1])
		}
	}
	return nil
}

// json is the project as the platform answers it: the fields of the API Designer Experience
// spec's Project schema (vcsType among its required ones, createdDate in epoch milliseconds),
// and vcsStorageType, defaultBranch, lastUpdatedDate and deleted, which the spec does not
// list but other sources show.
func (p *project) json() map[string]any {
	return map[string]any{
		"id": p.ID, "organizationId": p.OrgID, "name": p.Name, "type": p.Type,
		"createdBy": p.CreatedBy, "description": p.Description,
		"vcsType": "GIT", "vcsStorageType": "GIT_INTERNAL", "defaultBranch": "master",
		"createdDate": p.Created.UnixMilli(), "lastUpdatedDate": p.Updated.UnixMilli(),
		"deleted": false,
	}
}

type branch struct {
	Name      string
	files     map[string]string
	commits   []Commit
	lockOwner string
	lockUntil time.Time
}

func (b *branch) head() string {
	if len(b.commits) == 0 {
		return ""
	}
	return b.commits[len(b.commits)-1].ID
}

// File returns the content of a file of a Design Center branch and whether it exists.
func (s *Server) File(projectID, branchName, filePath string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[projectID]
	if p == nil || p.branches[branchName] == nil {
		return "", false
	}
	c, ok := p.branches[branchName].files[filePath]
	return c, ok
}

// Commits returns the commits of a Design Center branch, oldest first (a seed branch starts
// with its "Initial commit"; every save adds one, but one with commit=false): each with its message (the
// save's message query parameter), the author and the files it wrote.
func (s *Server) Commits(projectID, branchName string) []Commit {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[projectID]
	if p == nil || p.branches[branchName] == nil {
		return nil
	}
	out := slices.Clone(p.branches[branchName].commits)
	for i := range out {
		out[i].Files = slices.Clone(out[i].Files)
	}
	return out
}

// designCenterRoutes serves the routes of the API Designer Experience spec
// (api-designer-experience api.yaml) that the fake implements. A route the spec does not
// have is a 404, as a path the platform would not route; a query parameter the spec does
// not name for a route is a 400 (see specQuery).
func (s *Server) designCenterRoutes() {
	const dx = "api-designer-experience"
	s.handle(op(dx, "getProjects"), s.dcHandler(s.handleListProjects))
	s.handle(op(dx, "createProjects"), s.dcHandler(s.handleCreateProject))
	s.handle(op(dx, "getProjectsByProjectid"), s.projectHandler(s.handleGetProject))
	s.handle(op(dx, "patchProjectsByProjectid"), s.projectHandler(s.handlePatchProject))
	s.handle(op(dx, "deleteProjectsByProjectid"), s.projectHandler(s.handleDeleteProject))
	s.handle(op(dx, "getProjectsByProjectidBranches"), s.projectHandler(s.handleListBranches))
	s.handle(op(dx, "createProjectsByProjectidBranches"), s.projectHandler(s.handleCreateBranch))
	s.handle(op(dx, "getProjectsByProjectidBranchesByBranchFiles"), s.branchHandler(s.handleListFiles))
	// POST …/open lists the files too (the spec: "If user's workingDir does not exists, it
	// creates one"); the SDK does not wrap it.
	s.handle(op(dx, "createProjectsByProjectidBranchesByBranchOpen"), s.branchHandler(s.handleListFiles))
	// filePath is one path segment: the spec says it "Must be URI complain [sic] and escape
	// '/' characters", so a raw "/" in it names no route (404).
	s.handle(op(dx, "getProjectsByProjectidBranchesByBranchFilesByFilepath"), s.branchHandler(s.handleGetFile))
	// The spec lists no query for a save (MuleSoft's api-vcs-client sends none);
	// some deployers add ?commit=true&message=…, which the SDK sends only for
	// SaveOptions.CommitMessage, so the fake takes those two as well.
	s.handle(op(dx, "createProjectsByProjectidBranchesByBranchSave"), s.branchHandler(s.handleSave, "commit", "message"))
	s.handle(op(dx, "createProjectsByProjectidBranchesByBranchAcquirelock"), s.branchHandler(s.handleAcquireLock))
	s.handle(op(dx, "createProjectsByProjectidBranchesByBranchReleaselock"), s.branchHandler(s.handleReleaseLock))
	s.handle(op(dx, "createProjectsByProjectidBranchesByBranchPublishExchange"), s.branchHandler(s.handlePublish))
}

// dcCall is the context of one Design Center request.
type dcCall struct {
	p     *principal
	orgID string
	owner *user
}

// dc checks a Design Center request: a valid token (401), the x-organization-id and
// x-owner-id headers (400), one of the endpoint's scopes in that organization (401), the
// organization (404/403) and that x-owner-id is a user's ID (400), in that order, as the
// platform does. The caller holds the lock.
func (s *Server) dc(w http.ResponseWriter, r *http.Request) *dcCall {
	need := required(r)
	if len(need) == 0 {
		// Every Design Center endpoint needs a scope: one the catalog does
		// not know is refused rather than left open.
		need = []scopes.Scope{scopeEditDesignCenter}
	}
	if s.bearer(r) == nil {
		unauthorized(w)
		return nil
	}
	orgID := r.Header.Get("x-organization-id")
	if orgID == "" {
		jsonError(w, http.StatusBadRequest, "Missing header x-organization-id")
		return nil
	}
	ownerID := r.Header.Get("x-owner-id")
	if ownerID == "" {
		jsonError(w, http.StatusBadRequest, "Missing header x-owner-id")
		return nil
	}
	p, o := s.orgRequest(w, r, orgID, need...)
	if o == nil {
		return nil
	}
	u := s.users[ownerID]
	if u == nil || !s.descends(orgID, u.OrgID) {
		jsonError(w, http.StatusBadRequest, "Invalid header x-owner-id: "+ownerID+" is not the ID of a user of the organization (send the user's ID, not the username)")
		return nil
	}
	return &dcCall{p: p, orgID: orgID, owner: u}
}

// dcHandler serves a Design Center endpoint: it holds the server's lock for the whole
// request, so a handler sees and changes the state as one step, and calls h only once dc
// has let the request through and its query names only the parameters in query.
func (s *Server) dcHandler(h func(w http.ResponseWriter, r *http.Request, c *dcCall), query ...string) http.HandlerFunc {
	return s.locked(func(w http.ResponseWriter, r *http.Request) {
		if c := s.dc(w, r); c != nil && specQuery(w, r, query...) {
			h(w, r, c)
		}
	})
}

// specQuery answers 400 for a query parameter that the route's spec does not name (the
// names in allowed), and reports whether there was none. The platform's own answer to an
// unknown parameter is not documented; the fake refuses it so that a misspelt filter or an
// undeclared option fails a test instead of being ignored.
func specQuery(w http.ResponseWriter, r *http.Request, allowed ...string) bool {
	q := r.URL.Query()
	names := slices.Sorted(maps.Keys(q))
	for _, name := range names {
		if !slices.Contains(allowed, name) {
			known := "none"
			if len(allowed) > 0 {
				known = strings.Join(allowed, ", ")
			}
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("Unknown query parameter %q (the spec names %s)", name, known))
			return false
		}
	}
	return true
}

// projectHandler serves an endpoint below /projects/{id} like dcHandler, and answers 404
// for a project that does not exist or belongs to another organization, so that a caller
// learns nothing of other organizations' projects.
func (s *Server) projectHandler(h func(w http.ResponseWriter, r *http.Request, c *dcCall, pr *project), query ...string) http.HandlerFunc {
	return s.dcHandler(func(w http.ResponseWriter, r *http.Request, c *dcCall) {
		pr := s.projects[r.PathValue("projectId")]
		if pr == nil || pr.OrgID != c.orgID {
			jsonError(w, http.StatusNotFound, "Project "+r.PathValue("projectId")+" not found")
			return
		}
		h(w, r, c, pr)
	}, query...)
}

// branchHandler serves an endpoint below /projects/{id}/branches/{branch} like
// projectHandler, and answers 404 for a branch the project does not have.
func (s *Server) branchHandler(h func(w http.ResponseWriter, r *http.Request, c *dcCall, pr *project, b *branch), query ...string) http.HandlerFunc {
	return s.projectHandler(func(w http.ResponseWriter, r *http.Request, c *dcCall, pr *project) {
		b := pr.branches[r.PathValue("branch")]
		if b == nil {
			jsonError(w, http.StatusNotFound, "Branch "+r.PathValue("branch")+" not found in project "+pr.ID)
			return
		}
		h(w, r, c, pr, b)
	}, query...)
}

func (s *Server) handleListProjects(w http.ResponseWriter, _ *http.Request, c *dcCall) {
	out := []map[string]any{}
	for _, id := range s.projectOrder {
		if pr := s.projects[id]; pr.OrgID == c.orgID {
			out = append(out, pr.json())
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// The enums of the spec's ProjectCreate (createProjects): type is raml or raml-fragment,
// classifier raml, raml-fragment or oas, format json or yaml.
var (
	projectTypes       = []string{"raml", "raml-fragment"}
	projectClassifiers = []string{"raml", "raml-fragment", "oas"}
	projectFormats     = []string{"json", "yaml"}
)

// enumField reads an optional string member that must be one of enum, or answers 400.
func enumField(w http.ResponseWriter, in map[string]json.RawMessage, name string, enum []string) (string, bool) {
	v, ok := stringField(w, in, name)
	if !ok {
		return "", false
	}
	if v != "" && !slices.Contains(enum, v) {
		jsonError(w, http.StatusBadRequest, fmt.Sprintf("%s must be one of %s", name, strings.Join(enum, ", ")))
		return "", false
	}
	return v, true
}

// handleCreateProject follows the spec's ProjectCreate: name and type required (400
// otherwise), the enums checked; fields it does not declare are ignored.
func (s *Server) handleCreateProject(w http.ResponseWriter, r *http.Request, c *dcCall) {
	body, ok := decodeObject(w, r)
	if !ok || !requireFields(w, body, "name", "type") {
		return
	}
	var in struct{ Name, Type, Description, Format, Classifier string }
	if in.Name, ok = stringField(w, body, "name"); !ok {
		return
	}
	if in.Description, ok = stringField(w, body, "description"); !ok {
		return
	}
	if in.Type, ok = enumField(w, body, "type", projectTypes); !ok {
		return
	}
	if in.Classifier, ok = enumField(w, body, "classifier", projectClassifiers); !ok {
		return
	}
	if in.Format, ok = enumField(w, body, "format", projectFormats); !ok {
		return
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		jsonError(w, http.StatusBadRequest, "name must not be blank")
		return
	}
	if in.Type == "" {
		jsonError(w, http.StatusBadRequest, "type must be one of "+strings.Join(projectTypes, ", "))
		return
	}
	if in.Classifier == "" {
		in.Classifier = in.Type
	}
	if in.Format == "" {
		in.Format = "yaml"
	}
	if s.projectNamed(c.orgID, in.Name, "") != nil {
		jsonError(w, http.StatusConflict, "Project "+in.Type+"-"+in.Name+" already exists")
		return
	}
	now := s.now()
	pr := &project{ID: derivedID(fmt.Sprintf("project:%s:%s:%d", c.orgID, in.Name, len(s.projectOrder))),
		OrgID: c.orgID, Name: in.Name, Type: in.Type, Description: in.Description,
		CreatedBy: c.owner.ID, Created: now, Updated: now, branches: map[string]*branch{}}
	for s.projects[pr.ID] != nil {
		pr.ID = derivedID(pr.ID)
	}
	slug := slugify(in.Name)
	var main, content string
	switch {
	case in.Classifier == "oas":
		if in.Format == "json" {
			main = slug + ".json"
			content = fmt.Sprintf("{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": %q, \"version\": \"v1\"},\n  \"paths\": {}\n}\n", in.Name)
		} else {
			main = slug + ".yaml"
			content = fmt.Sprintf("openapi: 3.0.3\ninfo:\n  title: %s\n  version: v1\npaths: {}\n", in.Name)
		}
	case in.Type == "raml-fragment":
		main, content = slug+".raml", "#%RAML 1.0 Library\nusage: "+in.Name+"\n"
	default:
		main, content = slug+".raml", "#%RAML 1.0\ntitle: "+in.Name+"\n"
	}
	b := &branch{Name: "master", files: map[string]string{
		main: content, "exchange.json": exchangeJSONFor(main, in.Name, in.Classifier, c.orgID, slug),
	}}
	pr.commit(b, Commit{Message: "Initial commit", Author: c.owner.Username, Time: now, Files: []string{main, "exchange.json"}})
	pr.branches["master"] = b
	pr.branchOrder = []string{"master"}
	s.projects[pr.ID] = pr
	s.projectOrder = append(s.projectOrder, pr.ID)
	writeJSON(w, http.StatusCreated, pr.json())
}

func exchangeJSONFor(main, name, classifier, orgID, assetID string) string {
	return strings.Replace(exchangeJSON(main, name, classifier, assetID), OrgID, orgID, 1)
}

func (s *Server) projectNamed(orgID, name, except string) *project {
	for _, id := range s.projectOrder {
		pr := s.projects[id]
		if pr.OrgID == orgID && pr.ID != except && strings.EqualFold(pr.Name, name) {
			return pr
		}
	}
	return nil
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slugify(name string) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if s == "" {
		s = "api"
	}
	return s
}

func (s *Server) handleGetProject(w http.ResponseWriter, _ *http.Request, _ *dcCall, pr *project) {
	writeJSON(w, http.StatusOK, pr.json())
}

// handlePatchProject hands a project to another user: the spec's ProjectPatch
// (patchProjectsByProjectid) is {createdBy}, required, a user ID of the organization. Only
// the project's owner or an organization administrator (here: the owner of the
// organization or of one above it) may do it, as the spec says. Nothing else of a project
// changes through it: the fake ignores other fields, as the spec declares none.
func (s *Server) handlePatchProject(w http.ResponseWriter, r *http.Request, c *dcCall, pr *project) {
	in, ok := decodeObject(w, r)
	if !ok || !requireFields(w, in, "createdBy") {
		return
	}
	owner, ok := stringField(w, in, "createdBy")
	if !ok {
		return
	}
	u := s.users[owner]
	if u == nil || !s.descends(pr.OrgID, u.OrgID) {
		jsonError(w, http.StatusBadRequest, "Invalid createdBy: "+owner+" is not the ID of a user of the organization (send the user's ID, not the username)")
		return
	}
	if c.owner.ID != pr.CreatedBy && !s.orgAdmin(c.owner.ID, pr.OrgID) {
		jsonError(w, http.StatusForbidden, "Only the project owner or an organization administrator can change createdBy")
		return
	}
	pr.CreatedBy = owner
	pr.Updated = s.now()
	writeJSON(w, http.StatusOK, pr.json())
}

// orgAdmin reports whether the user owns the organization or one above it.
func (s *Server) orgAdmin(userID, orgID string) bool {
	for id := orgID; id != ""; {
		o := s.orgs[id]
		if o == nil {
			return false
		}
		if o.OwnerID == userID {
			return true
		}
		id = o.ParentID
	}
	return false
}

func (s *Server) handleDeleteProject(w http.ResponseWriter, _ *http.Request, _ *dcCall, pr *project) {
	delete(s.projects, pr.ID)
	s.projectOrder = slices.DeleteFunc(s.projectOrder, func(id string) bool { return id == pr.ID })
	w.WriteHeader(http.StatusNoContent)
}

// branchJSON is a branch as the spec's Branch schema has it: {name, commitId}.
func branchJSON(b *branch) map[string]any {
	return map[string]any{"name": b.Name, "commitId": b.head()}
}

func (s *Server) handleListBranches(w http.ResponseWriter, _ *http.Request, _ *dcCall, pr *project) {
	out := []map[string]any{}
	for _, name := range pr.branchOrder {
		out = append(out, branchJSON(pr.branches[name]))
	}
	writeJSON(w, http.StatusOK, out)
}

// handleCreateBranch makes a branch at a commit of the project: the spec's body
// (createProjectsByProjectidBranches) is {name, commitId}, both required. A commit the
// project does not have is refused with 400, a taken name with 409; the answer is 201
// {name, commitId}.
func (s *Server) handleCreateBranch(w http.ResponseWriter, r *http.Request, _ *dcCall, pr *project) {
	in, ok := decodeObject(w, r)
	if !ok || !requireFields(w, in, "name", "commitId") {
		return
	}
	name, ok := stringField(w, in, "name")
	if !ok {
		return
	}
	commitID, ok := stringField(w, in, "commitId")
	if !ok {
		return
	}
	if strings.TrimSpace(name) == "" {
		jsonError(w, http.StatusBadRequest, "name must not be blank")
		return
	}
	if pr.branches[name] != nil {
		jsonError(w, http.StatusConflict, "Branch "+name+" already exists")
		return
	}
	tree, history := pr.trees[commitID], pr.history(commitID)
	if tree == nil || history == nil {
		jsonError(w, http.StatusBadRequest, "Commit "+commitID+" not found in project "+pr.ID)
		return
	}
	b := &branch{Name: name, files: maps.Clone(tree), commits: history}
	pr.branches[b.Name] = b
	pr.branchOrder = append(pr.branchOrder, b.Name)
	writeJSON(w, http.StatusCreated, branchJSON(b))
}

// handleListFiles lists the files of a branch and the folders that hold them, sorted by path.
func (s *Server) handleListFiles(w http.ResponseWriter, _ *http.Request, _ *dcCall, _ *project, b *branch) {
	writeJSON(w, http.StatusOK, fileTree(b))
}

// fileTree is the spec's Files: every file of a branch and the folders that hold them,
// sorted by path.
func fileTree(b *branch) []map[string]string {
	kinds := map[string]string{}
	for p := range b.files {
		kinds[p] = "FILE"
		for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
			kinds[d] = "FOLDER"
		}
	}
	paths := make([]string, 0, len(kinds))
	for p := range kinds {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	out := make([]map[string]string, 0, len(paths))
	for _, p := range paths {
		out = append(out, map[string]string{"path": p, "type": kinds[p]})
	}
	return out
}

// handleGetFile answers a file's content as a JSON string. The path arrives as one
// segment, its "/" escaped (%2F); a leading "/" is dropped, as the list has none.
func (s *Server) handleGetFile(w http.ResponseWriter, r *http.Request, _ *dcCall, _ *project, b *branch) {
	name := strings.TrimPrefix(r.PathValue("filePath"), "/")
	content, ok := b.files[name]
	if !ok {
		jsonError(w, http.StatusNotFound, "File "+name+" not found")
		return
	}
	writeJSON(w, http.StatusOK, content)
}

// lockHeld reports whether the branch is locked (by anyone) now.
func (s *Server) lockHeld(b *branch) bool {
	return b.lockOwner != "" && s.now().Before(b.lockUntil)
}

// lockOwnerName is the username of the branch's lock owner, or the owner's ID for a user
// the server no longer knows.
func (s *Server) lockOwnerName(b *branch) string {
	if u := s.users[b.lockOwner]; u != nil {
		return u.Username
	}
	return b.lockOwner
}

// lockJSON is the spec's Lock: {locked, name}.
func (s *Server) lockJSON(b *branch) map[string]any {
	if !s.lockHeld(b) {
		return map[string]any{"locked": false}
	}
	return map[string]any{"locked": true, "name": s.lockOwnerName(b)}
}

func (s *Server) lockedByOther(w http.ResponseWriter, pr *project, b *branch) {
	jsonError(w, http.StatusConflict, fmt.Sprintf("Branch %s of project %s is locked by %s", b.Name, pr.Name, s.lockOwnerName(b)))
}

// handleAcquireLock locks a branch for the x-owner-id user for a minute; acquiring again
// keeps it alive. A branch locked by another user answers 409.
func (s *Server) handleAcquireLock(w http.ResponseWriter, r *http.Request, c *dcCall, pr *project, b *branch) {
	if s.lockHeld(b) && b.lockOwner != c.owner.ID {
		s.lockedByOther(w, pr, b)
		return
	}
	b.lockOwner, b.lockUntil = c.owner.ID, s.now().Add(lockLifetime)
	writeJSON(w, http.StatusOK, s.lockJSON(b))
}

// handleReleaseLock lets the branch go; the spec answers 200 with no body.
func (s *Server) handleReleaseLock(w http.ResponseWriter, r *http.Request, c *dcCall, pr *project, b *branch) {
	if s.lockHeld(b) && b.lockOwner != c.owner.ID {
		s.lockedByOther(w, pr, b)
		return
	}
	b.lockOwner, b.lockUntil = "", time.Time{}
	w.WriteHeader(http.StatusOK)
}

// handleSave writes files to a branch. The body is the spec's FileContents
// (createProjectsByProjectidBranchesByBranchSave): a list of {path, content}, both required
// (400 otherwise); other members, such as the "type" some clients send, are ignored. The
// spec lists no query, and a save as the spec has it commits (MuleSoft's own
// api-vcs-client pushes a change with nothing else); message, as production deployers send
// it, names the commit, and commit=false only writes the files (the branch's head stays). The x-owner-id user must hold the branch's lock (409
// otherwise); a save keeps the lock alive. The answer is the spec's Files: the branch's
// tree.
func (s *Server) handleSave(w http.ResponseWriter, r *http.Request, c *dcCall, pr *project, b *branch) {
	var items []map[string]json.RawMessage
	if !decodeBody(w, r, &items) {
		return
	}
	if len(items) == 0 {
		jsonError(w, http.StatusBadRequest, "nothing to save: send at least one file")
		return
	}
	type file struct{ path, content string }
	var in []file
	for i, item := range items {
		if item == nil {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("[%d] must be an object", i))
			return
		}
		if !requireFieldsIn(w, fmt.Sprintf("[%d].", i), item, "path", "content") {
			return
		}
		var f file
		var ok bool
		if f.path, ok = stringField(w, item, "path"); !ok {
			return
		}
		if f.content, ok = stringField(w, item, "content"); !ok {
			return
		}
		// The spec's example writes paths with a leading "/"; the tree has none.
		f.path = strings.TrimPrefix(f.path, "/")
		if clean := path.Clean(f.path); f.path == "" || clean != f.path || strings.HasPrefix(clean, "..") {
			jsonError(w, http.StatusBadRequest, fmt.Sprintf("invalid file path %q", f.path))
			return
		}
		in = append(in, f)
	}
	// The spec's save has no query, and MuleSoft's own client
	// (mulesoft/api-vcs-client) pushes a change with the bare save: it
	// commits. commit=false (a deployers' extension, like message) keeps
	// the files in the branch without a commit.
	q := r.URL.Query()
	commit := q.Get("commit") != "false"
	if v := q.Get("commit"); v != "" && v != "true" && v != "false" {
		jsonError(w, http.StatusBadRequest, "commit must be true or false")
		return
	}
	if !s.lockHeld(b) {
		jsonError(w, http.StatusConflict, fmt.Sprintf("Branch %s of project %s is not locked: acquire the lock before saving", b.Name, pr.Name))
		return
	}
	if b.lockOwner != c.owner.ID {
		s.lockedByOther(w, pr, b)
		return
	}
	var saved []string
	for _, f := range in {
		b.files[f.path] = f.content
		saved = append(saved, f.path)
	}
	now := s.now()
	if commit {
		pr.commit(b, Commit{Message: q.Get("message"), Author: c.owner.Username, Time: now, Files: saved})
	}
	b.lockUntil = now.Add(lockLifetime)
	pr.Updated = now
	writeJSON(w, http.StatusOK, fileTree(b))
}

var semver = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// The enums of the spec's PublishExchange.
var (
	publishClassifiers = []string{"oas", "raml", "raml-fragment"}
	assetStatuses      = []string{"development", "published"}
)

// handlePublish publishes a branch to Exchange. The body is the spec's PublishExchange
// (createProjectsByProjectidBranchesByBranchPublishExchange): name, apiVersion, version,
// tags, main, assetId, groupId, classifier, isVisual and status are required (400
// otherwise), metadata is optional but needs projectId and branchId when sent. The answer
// is 200 with the spec's PublishResponse; publishing the same groupId:assetId:version twice
// answers 409.
func (s *Server) handlePublish(w http.ResponseWriter, r *http.Request, c *dcCall, pr *project, b *branch) {
	body, ok := decodeObject(w, r)
	if !ok || !requireFields(w, body, "name", "apiVersion", "version", "tags", "main", "assetId", "groupId", "classifier", "isVisual", "status") {
		return
	}
	var in struct {
		Name, APIVersion, Version, Main, AssetID, GroupID, Classifier, Status, OriginalFormatVersion string
	}
	for _, f := range []struct {
		name string
		to   *string
	}{
		{"name", &in.Name}, {"apiVersion", &in.APIVersion}, {"version", &in.Version}, {"main", &in.Main},
		{"assetId", &in.AssetID}, {"groupId", &in.GroupID}, {"originalFormatVersion", &in.OriginalFormatVersion},
	} {
		if *f.to, ok = stringField(w, body, f.name); !ok {
			return
		}
	}
	if in.Classifier, ok = enumField(w, body, "classifier", publishClassifiers); !ok {
		return
	}
	if in.Status, ok = enumField(w, body, "status", assetStatuses); !ok {
		return
	}
	var tags []any
	if json.Unmarshal(body["tags"], &tags) != nil {
		jsonError(w, http.StatusBadRequest, "tags must be an array")
		return
	}
	var isVisual bool
	if json.Unmarshal(body["isVisual"], &isVisual) != nil {
		jsonError(w, http.StatusBadRequest, "isVisual must be a boolean")
		return
	}
	meta := map[string]string{"projectId": pr.ID, "branchId": b.Name}
	if raw, sent := body["metadata"]; sent && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil || m == nil {
			jsonError(w, http.StatusBadRequest, "metadata must be an object")
			return
		}
		for _, k := range []string{"projectId", "branchId"} {
			if !requireFieldsIn(w, "metadata.", m, k) {
				return
			}
			if meta[k], ok = stringField(w, m, k); !ok {
				return
			}
		}
	}
	if !semver.MatchString(in.Version) {
		jsonError(w, http.StatusBadRequest, "version must follow Semver syntax, such as 1.0.0")
		return
	}
	if in.GroupID != c.orgID {
		jsonError(w, http.StatusBadRequest, "groupId must be the organization ID "+c.orgID)
		return
	}
	if in.Main == "" || b.files[in.Main] == "" {
		jsonError(w, http.StatusBadRequest, fmt.Sprintf("main file %q not found in branch %s", in.Main, b.Name))
		return
	}
	key := in.GroupID + ":" + in.AssetID + ":" + in.Version
	if s.assets[key] != nil {
		jsonError(w, http.StatusConflict, "Asset "+key+" already exists")
		return
	}
	assetType := "rest-api"
	if in.Classifier == "raml-fragment" {
		assetType = "raml-fragment"
	}
	if in.OriginalFormatVersion == "" {
		in.OriginalFormatVersion = "1.0"
		if in.Classifier == "oas" {
			in.OriginalFormatVersion = "3.0"
		}
	}
	ans := map[string]any{
		"organizationId": c.orgID, "groupId": in.GroupID, "assetId": in.AssetID,
		"version": in.Version, "apiVersion": in.APIVersion, "versionGroup": in.APIVersion,
		"main": in.Main, "classifier": in.Classifier, "name": in.Name, "type": assetType,
		"originalFormatVersion": in.OriginalFormatVersion, "dependencies": []string{},
		"metadata": meta,
	}
	s.assets[key] = ans
	writeJSON(w, http.StatusOK, ans)
}

// decodeObject decodes a JSON object body into its members, or answers 400.
func decodeObject(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, bool) {
	var in map[string]json.RawMessage
	if !decodeBody(w, r, &in) {
		return nil, false
	}
	if in == nil {
		jsonError(w, http.StatusBadRequest, "the request body must be a JSON object")
		return nil, false
	}
	return in, true
}

// requireFields answers 400 naming the first of the spec's required fields that the body
// lacks (absent or null), and reports whether all are there.
func requireFields(w http.ResponseWriter, in map[string]json.RawMessage, names ...string) bool {
	return requireFieldsIn(w, "", in, names...)
}

// requireFieldsIn is requireFields for an object nested at prefix ("metadata.").
func requireFieldsIn(w http.ResponseWriter, prefix string, in map[string]json.RawMessage, names ...string) bool {
	for _, n := range names {
		if v, ok := in[n]; !ok || bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			jsonError(w, http.StatusBadRequest, prefix+n+" is required")
			return false
		}
	}
	return true
}

// stringField reads a member that must be a string when present, or answers 400.
func stringField(w http.ResponseWriter, in map[string]json.RawMessage, name string) (string, bool) {
	var v string
	if raw, ok := in[name]; ok && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		if err := json.Unmarshal(raw, &v); err != nil {
			jsonError(w, http.StatusBadRequest, name+" must be a string")
			return "", false
		}
	}
	return v, true
}
