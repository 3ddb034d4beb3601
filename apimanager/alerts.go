package apimanager

import (
	"context"
	"github.com/anypoint-go/anypoint/internal/service"
	"strings"

	anypoint "github.com/anypoint-go/anypoint"
)

// Alert is an API alert: a condition on an instance's traffic that
// notifies recipients (the spec's alert.yaml).
type Alert struct {
	// ID is the alert's ID (a UUID).
	ID string `json:"id"`
	// Name is its name.
	Name string `json:"name"`
	// Type is what it watches ("api-request-count", "api-response-time",
	// "api-response-code", "api-policy-violation").
	Type string `json:"type"`
	// Severity is "INFO", "WARNING" or "CRITICAL".
	Severity string `json:"severity"`
	// Enabled is false for a muted alert.
	Enabled bool `json:"enabled"`
	// Condition is what raises it.
	Condition AlertCondition `json:"condition"`
	// Period is how long the condition must hold.
	Period AlertPeriod `json:"period"`
	// Recipients are who is told.
	Recipients []AlertRecipient `json:"recipients"`
	// APIAlertsVersion is the version of the alert definition format.
	APIAlertsVersion string `json:"apiAlertsVersion"`
	// EnvironmentID is the instance's environment.
	EnvironmentID string `json:"environmentId"`
	// OrganizationID is its business group.
	OrganizationID string `json:"organizationId"`
	// CreatedAt is when it was made.
	CreatedAt anypoint.Time `json:"createdAt"`
	// LastModified is when it last changed.
	LastModified anypoint.Time `json:"lastModified"`
}

// AlertCondition is what raises an alert.
type AlertCondition struct {
	// Aggregate is how requests are counted ("COUNT", "AVERAGE").
	Aggregate string `json:"aggregate"`
	// Operator compares the aggregate with Value ("GREATER_THAN",
	// "LESS_THAN", "EQUAL").
	Operator string `json:"operator"`
	// Value is the threshold.
	Value float64 `json:"value"`
	// ResourceType is what is measured ("api").
	ResourceType string `json:"resourceType"`
}

// AlertPeriod is how long a condition must hold, and how often it is
// re-checked.
type AlertPeriod struct {
	// Repeat is how many periods in a row.
	Repeat int `json:"repeat"`
	// Duration is one period.
	Duration AlertDuration `json:"duration"`
}

// AlertDuration is a length of time.
type AlertDuration struct {
	// Count is how many units.
	Count int `json:"count"`
	// Weight is the unit ("MINUTES", "HOURS", "DAYS").
	Weight string `json:"weight"`
}

// AlertRecipient is who an alert notifies.
type AlertRecipient struct {
	// Type is "user" (Value is a user ID) or "email" (an address).
	Type string `json:"type"`
	// Value is the user's ID or the address.
	Value string `json:"value"`
	// FirstName is the user's first name, in answers.
	FirstName string `json:"firstName,omitempty"`
	// LastName is the user's last name, in answers.
	LastName string `json:"lastName,omitempty"`
}

// AlertRequest creates or changes an alert (the spec's alert.json).
type AlertRequest struct {
	// Name is its name; required.
	Name string `json:"name"`
	// Type is what it watches; required.
	Type string `json:"type"`
	// Severity is "INFO", "WARNING" or "CRITICAL"; required.
	Severity string `json:"severity"`
	// Enabled turns it on.
	Enabled bool `json:"enabled"`
	// Condition is what raises it.
	Condition AlertCondition `json:"condition"`
	// Period is how long the condition must hold.
	Period AlertPeriod `json:"period"`
	// Recipients are who is told; at least one.
	Recipients []AlertRecipient `json:"recipients"`
	// APIAlertsVersion is the definition format; empty takes "1.0.0".
	APIAlertsVersion string `json:"apiAlertsVersion"`
}

func (r *AlertRequest) body() (*AlertRequest, error) {
	if r == nil {
		return nil, &anypoint.ValidationError{Field: "req", Reason: "must not be nil"}
	}
	for _, f := range []struct{ name, v string }{{"Name", r.Name}, {"Type", r.Type}} {
		if strings.TrimSpace(f.v) == "" {
			return nil, &anypoint.ValidationError{Field: f.name, Reason: "is required"}
		}
	}
	switch r.Severity {
	case "INFO", "WARNING", "CRITICAL":
	default:
		return nil, &anypoint.ValidationError{Field: "Severity", Reason: `must be "INFO", "WARNING" or "CRITICAL"`}
	}
	if len(r.Recipients) == 0 {
		return nil, &anypoint.ValidationError{Field: "Recipients", Reason: "needs at least one recipient"}
	}
	b := *r
	if b.APIAlertsVersion == "" {
		b.APIAlertsVersion = "1.0.0"
	}
	return &b, nil
}

// ListAlerts returns an instance's alerts. The app needs "Manage API
// Alerts", even to read them.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/alerts (api-manager listOrganizationsEnvironmentsApisAlerts): scope manage:api_alerts (spec).
func (s *Service) ListAlerts(ctx context.Context, orgID, envID string, instanceID int) ([]Alert, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return nil, err
	}
	list := service.UnpagedList[Alert]()
	if err := s.call(ctx, listAlerts, nil, nil, list, args...); err != nil {
		return nil, err
	}
	if list.Items == nil {
		return []Alert{}, nil
	}
	return list.Items, nil
}

// GetAlert returns one alert of an instance.
//
// GET /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/alerts/{alertId} (api-manager getOrganizationsEnvironmentsApisAlerts): scope manage:api_alerts (spec).
func (s *Service) GetAlert(ctx context.Context, orgID, envID string, instanceID int, alertID string) (*Alert, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "alertID", alertID)
	if err != nil {
		return nil, err
	}
	var a Alert
	if err := s.call(ctx, getAlert, nil, nil, &a, args...); err != nil {
		return nil, err
	}
	return &a, nil
}

// CreateAlert adds an alert to an instance. The spec describes the answer
// as the instance's alerts; CreateAlert returns the new one, read from
// either a list (its last entry) or an object.
//
// POST /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/alerts (api-manager createOrganizationsEnvironmentsApisAlerts): scope manage:api_alerts (spec).
func (s *Service) CreateAlert(ctx context.Context, orgID, envID string, instanceID int, req *AlertRequest) (*Alert, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID)
	if err != nil {
		return nil, err
	}
	body, err := req.body()
	if err != nil {
		return nil, err
	}
	var v oneOrMany[Alert]
	if err := s.call(ctx, createAlrt, nil, body, &v, args...); err != nil {
		return nil, err
	}
	return v.last(), nil
}

// UpdateAlert replaces an alert's settings.
//
// PATCH /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/alerts/{alertId} (api-manager updateOrganizationsEnvironmentsApisAlerts): scope manage:api_alerts (spec).
func (s *Service) UpdateAlert(ctx context.Context, orgID, envID string, instanceID int, alertID string, req *AlertRequest) (*Alert, error) {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "alertID", alertID)
	if err != nil {
		return nil, err
	}
	body, err := req.body()
	if err != nil {
		return nil, err
	}
	var a Alert
	if err := s.call(ctx, patchAlert, nil, body, &a, args...); err != nil {
		return nil, err
	}
	return &a, nil
}

// DeleteAlert deletes an alert.
//
// DELETE /apimanager/api/v1/organizations/{organizationId}/environments/{environmentId}/apis/{environmentApiId}/alerts/{alertId} (api-manager deleteOrganizationsEnvironmentsApisAlerts): scope manage:api_alerts (spec).
func (s *Service) DeleteAlert(ctx context.Context, orgID, envID string, instanceID int, alertID string) error {
	args, err := envArgs(orgID, envID, "instanceID", instanceID, "alertID", alertID)
	if err != nil {
		return err
	}
	return s.call(ctx, deleteAlrt, nil, nil, nil, args...)
}
