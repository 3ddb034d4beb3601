package auditlog

import (
	"context"

	"github.com/anypoint-go/anypoint/internal/endpoint"
	"github.com/anypoint-go/anypoint/internal/jsonlist"
	"github.com/anypoint-go/anypoint/internal/service"
)

// Platform is a product that writes to the audit log.
type Platform struct {
	// Name is what Query.Platforms takes, such as "exchange".
	Name string `json:"name"`
	// Label is the name shown to users, such as "Exchange".
	Label string `json:"label"`
}

// ObjectType is a type of object, with the platforms that log it.
type ObjectType struct {
	// Name is what Query.ObjectTypes takes, such as "api" or
	// "api version".
	Name string `json:"name"`
	// Label is the name shown to users; may be empty.
	Label string `json:"label"`
	// Platforms are the names of the platforms that log objects of this
	// type, such as "api-platform" (Platform.Name); at least one.
	Platforms []string `json:"platforms"`
}

// Action is an action, with the object types it applies to.
type Action struct {
	// Name is what Query.Actions takes, such as "create" or "delete".
	Name string `json:"name"`
	// Label is the name shown to users, such as "Update" or "Delete"; may
	// be empty.
	Label string `json:"label"`
	// ObjectTypes are the names of the object types the action applies
	// to (ObjectType.Name); at least one.
	ObjectTypes []string `json:"objectTypes"`
}

// list sends a GET of ep for orgID and returns the answer's data, of at
// most service.MaxUnpagedItems items (more is an *anypoint.DecodeError,
// refused before any is decoded).
func list[T any](ctx context.Context, s *Service, ep *endpoint.Endpoint, orgID string) ([]T, error) {
	if err := service.RequireID("orgID", orgID); err != nil {
		return nil, err
	}
	v := struct {
		Data *jsonlist.List[T] `json:"data"`
	}{Data: service.UnpagedList[T]()}
	data := v.Data
	if err := service.Call(ctx, s.client, service.Request{Endpoint: ep, Args: []string{orgID}}, &v); err != nil {
		return nil, err
	}
	if data.Items == nil {
		data.Items = []T{}
	}
	return data.Items, nil
}

// ListPlatforms returns the platforms of organization orgID's audit log,
// the names Query.Platforms takes.
//
// GET /audit/v2/organizations/{id}/platforms (audit-log-query getOrganizationsByIdPlatforms): scope read:audit_logs (docs).
func (s *Service) ListPlatforms(ctx context.Context, orgID string) ([]Platform, error) {
	return list[Platform](ctx, s, listPlatform, orgID)
}

// ListObjectTypes returns the object types of organization orgID's audit
// log, the names Query.ObjectTypes takes.
//
// GET /audit/v2/organizations/{id}/objectTypes (audit-log-query getOrganizationsByIdObjecttypes): scope read:audit_logs (docs).
func (s *Service) ListObjectTypes(ctx context.Context, orgID string) ([]ObjectType, error) {
	return list[ObjectType](ctx, s, listTypes, orgID)
}

// ListActions returns the actions of organization orgID's audit log, the
// names Query.Actions takes.
//
// GET /audit/v2/organizations/{id}/actions (audit-log-query getOrganizationsByIdActions): scope read:audit_logs (docs).
func (s *Service) ListActions(ctx context.Context, orgID string) ([]Action, error) {
	return list[Action](ctx, s, listActions, orgID)
}
