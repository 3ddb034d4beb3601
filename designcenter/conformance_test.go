package designcenter_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/anypointtest"
	"github.com/anypoint-go/anypoint/designcenter"
	"github.com/anypoint-go/anypoint/internal/endpoint/endpointtest"
)

// specFields are the members each request body may carry: the properties
// of the spec's request schema (api-designer-experience api.yaml), by the
// end of the path. A member outside them is a part of the request the
// spec does not declare.
var specFields = []struct {
	method, suffix string
	fields         []string
}{
	{http.MethodPost, "/projects", []string{"name", "description", "format", "classifier", "type"}}, // ProjectCreate
	{http.MethodPatch, "", []string{"createdBy"}},                                                   // ProjectPatch
	{http.MethodPost, "/branches", []string{"name", "commitId"}},                                    // createProjectsByProjectidBranches
	{http.MethodPost, "/save", []string{"path", "content"}},                                         // FileContents items
	{http.MethodPost, "/acquireLock", nil},                                                          // Generated: {}
	{http.MethodPost, "/releaseLock", nil},                                                          // Generated: {}
	{http.MethodPost, "/publish/exchange", []string{"name", "apiVersion", "version", "tags", "main", "assetId", "groupId", // PublishExchange
		"classifier", "isVisual", "metadata", "publishList", "originalFormatVersion", "status"}},
}

// TestEveryMethodAgainstTheFake walks every method of Service against the
// fake platform, which follows MuleSoft's published spec rather than the
// SDK: it answers 400 for a missing required field or an unknown query
// parameter and 404 for a path the platform would not route. Any such
// refusal fails the test, and so does a body member the spec does not
// declare. A method added to Service without a step here fails it too.
func TestEveryMethodAgainstTheFake(t *testing.T) {
	srv := anypointtest.NewTestServer(t)
	dc := designcenter.New(newClient(srv))
	ctx := context.Background()
	var project *designcenter.Project

	steps := []struct {
		method string
		call   func() error
	}{
		{"ListProjects", func() error { _, err := dc.ListProjects(ctx); return err }},
		{"GetProject", func() error { _, err := dc.GetProject(ctx, anypointtest.OrdersProjectID); return err }},
		{"CreateProject", func() (err error) {
			project, err = dc.CreateProject(ctx, &designcenter.CreateProjectRequest{
				Name: "Payments API", Type: designcenter.ProjectTypeRAML, Description: "Take payments.",
				Format: designcenter.FormatYAML, Classifier: designcenter.ClassifierRAML,
			})
			return err
		}},
		{"ListBranches", func() error { _, err := dc.ListBranches(ctx, project.ID); return err }},
		{"CreateBranch", func() error {
			head := srv.Commits(project.ID, "master")[0].ID
			_, err := dc.CreateBranch(ctx, project.ID, "develop", head)
			return err
		}},
		{"CreateBranchFrom", func() error { _, err := dc.CreateBranchFrom(ctx, project.ID, "feature/x", "develop"); return err }},
		{"ListFiles", func() error { _, err := dc.ListFiles(ctx, project.ID, "feature/x"); return err }},
		{"GetFile", func() error {
			_, err := dc.GetFile(ctx, anypointtest.OrdersProjectID, "master", "examples/order.json")
			return err
		}},
		{"AcquireLock", func() error { _, err := dc.AcquireLock(ctx, project.ID, "master"); return err }},
		{"SaveFiles", func() error {
			return dc.SaveFiles(ctx, project.ID, "master", []designcenter.FileChange{
				{Path: "payments-api.raml", Content: []byte("#%RAML 1.0\ntitle: Payments API\n/payments:\n")},
				{Path: "types/payment.raml", Content: []byte("#%RAML 1.0 DataType\ntype: object\n")},
			}, &designcenter.SaveOptions{CommitMessage: "Add the payments resource"})
		}},
		{"PublishToExchange", func() error {
			_, err := dc.PublishToExchange(ctx, project.ID, "master", &designcenter.PublishToExchangeRequest{
				Name: "Payments API", APIVersion: "v1", Version: "1.0.0", Main: "payments-api.raml", AssetID: "payments-api",
				Classifier: designcenter.ClassifierRAML, Status: designcenter.AssetStatusPublished, Tags: []string{"payments"},
				PublishList: []string{"payments-api.raml", "exchange.json"}, OriginalFormatVersion: "1.0",
			})
			return err
		}},
		{"ReleaseLock", func() error { return dc.ReleaseLock(ctx, project.ID, "master") }},
		{"TransferProject", func() error { _, err := dc.TransferProject(ctx, project.ID, anypointtest.ColleagueID); return err }},
		{"DeleteProject", func() error { return dc.DeleteProject(ctx, project.ID) }},
	}

	var walked []string
	for _, s := range steps {
		walked = append(walked, s.method)
		if err := s.call(); err != nil {
			t.Fatalf("%s: %v", s.method, err)
		}
	}
	// Every method of Service (NewRequest aside) has a step.
	typ := reflect.TypeFor[*designcenter.Service]()
	for i := range typ.NumMethod() {
		if name := typ.Method(i).Name; name != "NewRequest" && !slices.Contains(walked, name) {
			t.Errorf("Service.%s is not walked against the fake", name)
		}
	}

	endpointtest.CheckAccepted(t, srv)
	for _, r := range srv.RequestLog() {
		if strings.HasPrefix(r.Path, anypointtest.DesignCenterPath) {
			checkDeclaredFields(t, r)
		}
	}
	if cs := srv.Commits(anypointtest.OrdersProjectID, "master"); len(cs) != 1 {
		t.Errorf("the seed project changed: %d commits", len(cs))
	}
}

// checkDeclaredFields fails t for a member of r's JSON body (or of the
// objects of a JSON array body) that the spec's schema does not declare.
func checkDeclaredFields(t *testing.T, r anypointtest.RequestRecord) {
	t.Helper()
	if len(r.Body) == 0 {
		return
	}
	for _, sf := range specFields {
		if r.Method != sf.method || !strings.HasSuffix(r.Path, sf.suffix) {
			continue
		}
		var objects []map[string]json.RawMessage
		if err := json.Unmarshal(r.Body, &objects); err != nil {
			var one map[string]json.RawMessage
			if err := json.Unmarshal(r.Body, &one); err != nil {
				t.Errorf("%s %s: body %s is neither an object nor a list of objects", r.Method, r.Path, r.Body)
				return
			}
			objects = []map[string]json.RawMessage{one}
		}
		for _, o := range objects {
			var extra []string
			for k := range o {
				if !slices.Contains(sf.fields, k) {
					extra = append(extra, k)
				}
			}
			sort.Strings(extra)
			if len(extra) > 0 {
				t.Errorf("%s %s sends %v, which the spec does not declare", r.Method, r.Path, extra)
			}
		}
		return
	}
	t.Errorf("%s %s: no spec schema to check the body %s against", r.Method, r.Path, r.Body)
}
