package anypoint

import (
	"errors"
	"net/http"

	"github.com/anypoint-go/anypoint/endpoints"
)

// CallRecorder is told of every request a client sends, once per call
// (not per retry or replay), before it is sent: which published operation
// it is and the organization and environment it acts in. A
// *leastprivilege.Recorder is one: it turns the record into the smallest
// grant the program needs. RecordCall must be safe for concurrent use and
// return quickly.
type CallRecorder interface {
	RecordCall(RecordedCall)
}

// RecordedCall is one request, as a CallRecorder is told of it.
type RecordedCall struct {
	// Operation is the catalog's operation the request is; nil for a path
	// no spec publishes.
	Operation *endpoints.Operation
	// Method and Path are the request's method and escaped path, relative
	// to the control plane, without the query.
	Method, Path string
	// OrgID and EnvID are the organization and environment the request
	// acts in, where it names them (empty otherwise), as a *ScopeError
	// reports them.
	OrgID, EnvID string
}

// WithCallRecorder makes the client tell r of every request it sends: run
// a program's tests against the fake platform, or a staging run, with a
// *leastprivilege.Recorder to learn the scopes the program needs.
func WithCallRecorder(r CallRecorder) Option {
	return func(c *Config) error {
		if r == nil {
			return errors.New("anypoint: WithCallRecorder: nil recorder")
		}
		c.recorder = r
		return nil
	}
}

// record tells the recorder, if any, of req.
func (c *Client) record(req *http.Request) {
	if c.recorder == nil {
		return
	}
	path := c.apiPath(req.URL)
	op := c.operationOf(req)
	org, env := contextOf(req, path, op)
	c.recorder.RecordCall(RecordedCall{Operation: op, Method: req.Method, Path: path, OrgID: org, EnvID: env})
}
