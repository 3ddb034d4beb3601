package accounts

import anypoint "github.com/anypoint-go/anypoint"

// Service is the client of the Accounts API. Make one with New; it is safe
// for concurrent use.
type Service struct {
	client *anypoint.Client
}

// New returns the Accounts API client that sends its requests through c.
func New(c *anypoint.Client) *Service {
	return &Service{client: c}
}
