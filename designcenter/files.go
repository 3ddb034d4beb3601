package designcenter

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/internal/service"
)

// The types of a File.
const (
	FileTypeFile   = "FILE"
	FileTypeFolder = "FOLDER"
)

// File is an entry of a branch's file tree.
type File struct {
	// Path is relative to the project's root, with slashes: "types/order.raml".
	Path string `json:"path"`
	// Type is FileTypeFile or FileTypeFolder.
	Type string `json:"type"`
}

// ListFiles returns the files and folders of a branch, as a flat list of
// paths.
//
// Spec: api-designer-experience api.yaml,
// getProjectsByProjectidBranchesByBranchFiles (200 Files: path, type).
//
// GET /designcenter/api-designer/projects/{projectId}/branches/{branch}/files (api-designer-experience getProjectsByProjectidBranchesByBranchFiles): scope edit:design_center or view:design_center (docs).
func (s *Service) ListFiles(ctx context.Context, projectID, branch string) ([]File, error) {
	if err := checkBranch(projectID, branch); err != nil {
		return nil, err
	}
	files := service.UnpagedList[File]()
	if err := s.call(ctx, listFiles, nil, files, projectID, branch); err != nil {
		return nil, err
	}
	return files.Items, nil
}

// GetFile returns the content of one file of a branch. path is relative to
// the project's root and may name a nested file ("types/order.raml").
//
// The platform answers with the content as a JSON string; GetFile returns
// it decoded, as the bytes of the file.
//
// Spec: api-designer-experience api.yaml,
// getProjectsByProjectidBranchesByBranchFilesByFilepath (filePath: "Must be
// URI complain [sic] and escape '/' characters").
//
// GET /designcenter/api-designer/projects/{projectId}/branches/{branch}/files/{filePath} (api-designer-experience getProjectsByProjectidBranchesByBranchFilesByFilepath): scope edit:design_center or view:design_center (docs).
func (s *Service) GetFile(ctx context.Context, projectID, branch, path string) ([]byte, error) {
	if err := checkBranch(projectID, branch); err != nil {
		return nil, err
	}
	filePath, err := cleanFilePath(path)
	if err != nil {
		return nil, err
	}
	var content string
	if err := s.call(ctx, getFile, nil, &content, projectID, branch, filePath); err != nil {
		return nil, err
	}
	return []byte(content), nil
}

// cleanFilePath checks a file path and drops a leading slash: the platform
// lists paths without one. The path travels as one path segment, "/"
// escaped as %2F: MuleSoft's spec says filePath "Must be URI complain [sic]
// and escape '/' characters".
func cleanFilePath(path string) (string, error) {
	trimmed := strings.TrimPrefix(path, "/")
	if trimmed == "" {
		return "", &anypoint.ValidationError{Field: "path", Reason: "must not be empty"}
	}
	for _, seg := range strings.Split(trimmed, "/") {
		switch seg {
		case "":
			return "", &anypoint.ValidationError{Field: "path", Reason: fmt.Sprintf("%q has an empty segment", path)}
		case ".", "..":
			return "", &anypoint.ValidationError{Field: "path", Reason: fmt.Sprintf("%q has a %q segment", path, seg)}
		}
	}
	return trimmed, nil
}

// FileChange is a file to write with SaveFiles.
type FileChange struct {
	// Path is relative to the project's root ("types/order.raml"); missing
	// folders are created.
	Path string
	// Content is the file's new content. It must be UTF-8 text: the
	// endpoint carries it in a JSON string.
	Content []byte
}

// saveItem is one element of the body of POST …/save: the spec's
// FileContents item, {path, content}, both required, and nothing else.
type saveItem struct {
	Path    string `json:"path"`
	Content string `json:"content"`
}

// saveQuery is the query of POST …/save when SaveOptions.CommitMessage is
// set. The spec declares no query for a save, and MuleSoft's own Design
// Center client (mulesoft/api-vcs-client, ApiManagerBranchManager.newFile
// and updateFile) sends none: it pushes a change with the bare save, inside
// acquireLock and releaseLock. ?commit=true&message=… is what production
// deployers that are not MuleSoft's send (avioconsulting/mule-deploy-library,
// DesignCenterDeployer.uploadDesignCenterFiles); the SDK sends it only when
// asked to, for a message of the caller's.
type saveQuery struct {
	Commit  bool   `url:"commit"`
	Message string `url:"message"`
}

// SaveOptions are the optional parts of SaveFiles.
type SaveOptions struct {
	// CommitMessage, when set, is sent as ?commit=true&message=…, which
	// neither the spec nor MuleSoft's own client sends: production
	// deployers that are not MuleSoft's (avioconsulting's
	// mule-deploy-library) do, to name the commit. Empty (the default)
	// sends the spec's request, with no query.
	CommitMessage string
}

// SaveFiles writes files to a branch, as the spec's save does and as
// MuleSoft's own Design Center client (mulesoft/api-vcs-client) pushes a
// change: POST …/save with the files as {path, content} and no query, while
// the caller holds the branch's lock (AcquireLock; release it after). The
// spec's working-directory calls (…/status, …/clean) are for Design
// Center's editor; SaveFiles does not use them.
//
// Each file is sent as the spec's {path, content} and nothing more. With
// opts.CommitMessage the request also carries ?commit=true&message=…, which
// the spec does not list (see SaveOptions).
//
// Spec: api-designer-experience api.yaml,
// createProjectsByProjectidBranchesByBranchSave (body FileContents: path and
// content required; 409 "Could not save changes").
//
// POST /designcenter/api-designer/projects/{projectId}/branches/{branch}/save (api-designer-experience createProjectsByProjectidBranchesByBranchSave): scope edit:design_center (docs).
func (s *Service) SaveFiles(ctx context.Context, projectID, branch string, files []FileChange, opts *SaveOptions) error {
	if err := checkBranch(projectID, branch); err != nil {
		return err
	}
	if len(files) == 0 {
		return &anypoint.ValidationError{Field: "files", Reason: "at least one file is needed"}
	}
	body := make([]saveItem, len(files))
	for i, f := range files {
		if strings.TrimSpace(f.Path) == "" {
			return &anypoint.ValidationError{Field: fmt.Sprintf("files[%d].Path", i), Reason: "must not be empty"}
		}
		if !utf8.Valid(f.Content) {
			return &anypoint.ValidationError{Field: fmt.Sprintf("files[%d].Content", i), Reason: fmt.Sprintf("the content of %q is not UTF-8 text", f.Path)}
		}
		body[i] = saveItem{Path: f.Path, Content: string(f.Content)}
	}
	var query any // the spec's request: no query
	if opts != nil && opts.CommitMessage != "" {
		query = saveQuery{Commit: true, Message: opts.CommitMessage}
	}
	return s.send(ctx, service.Request{Endpoint: saveFiles, Args: []string{projectID, branch}, Query: query, Body: body}, nil)
}

// checkBranch refuses an empty project ID or branch name.
func checkBranch(projectID, branch string) error {
	if err := service.RequireID("projectID", projectID); err != nil {
		return err
	}
	return service.RequireID("branch", branch)
}
