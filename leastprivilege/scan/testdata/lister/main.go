// Command lister only lists Design Center projects.
package main

import (
	"context"
	"fmt"

	anypoint "github.com/anypoint-go/anypoint"
	"github.com/anypoint-go/anypoint/designcenter"
)

func list(c *anypoint.Client) {
	projects, err := designcenter.New(c).ListProjects(context.Background())
	fmt.Println(projects, err)
}

func main() {}
