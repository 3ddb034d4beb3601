// Command mixed calls the SDK in every way the scanner knows.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/deployments"
	"github.com/anypoint-go/anypoint/designcenter"
)

func run(ctx context.Context, c *anypoint.Client, orgID string) {
	d := deployments.New(c)
	_, _ = d.CreateDeployment(ctx, "o-1", "e-1", &deployments.CreateDeploymentRequest{}) // constant context
	_, _ = d.ListDeployments(ctx, orgID, os.Getenv("ENV"), nil)                          // any

	_ = c.Call(ctx, "GET", "/accounts/api/organizations/o-2/environments", nil, nil)
	_ = c.Call(ctx, "GET", fmt.Sprintf("/accounts/api/organizations/%s/environments/%s", orgID, "x"), nil, nil) // template
	_ = c.Call(ctx, "GET", os.Getenv("PATH_TO_CALL"), nil, nil)                                                 // runtime
	_ = c.Call(ctx, os.Getenv("METHOD"), "/accounts/api/me", nil, nil)                                          // runtime method
	_ = c.Call(ctx, "GET", "/no/such/operation", nil, nil)                                                      // unpublished

	var api designcenter.API = designcenter.New(c)
	_, _ = api.ListProjects(ctx) // through the interface

	create := designcenter.New(c).CreateProject // method value
	_, _ = create(ctx, nil)
	call := c.Call // method value of Call
	_ = call(ctx, "GET", "/accounts/api/me", nil, nil)

	_, _ = designcenter.New(c).NewRequest(ctx, "DELETE", "/projects/p-1", nil) // Design Center's own raw request

	req, _ := c.NewRequest(ctx, "GET", "/accounts/api/organizations/o-2/environments", nil)
	_, _ = c.Do(req, nil) // sends what NewRequest built: nothing more
	other, _ := http.NewRequestWithContext(ctx, "GET", "/accounts/api/me", nil)
	_, _ = c.Do(other, nil) // a request built elsewhere
}

func main() {}
