package scopes_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/anypoint-go/anypoint/scopes"
)

// documented is the scope list of ANYPOINT.md, section "Scopes", in its own notation:
// "a|b:x" stands for both a:x and b:x; plus view:access_controls, which MuleSoft's Terraform
// provider lists (internal/constants/scopes.go) and ANYPOINT.md lacks.
const documented = `
full read:full openid profile email offline_access openid:google_wif

read:organization edit:organization create:suborgs view|edit|create:environment
read:orgenvironments read|edit:orgusers read|edit:orginvites read:orgconnapps
admin|view:access_controls view|edit|manage:identityproviders read|admin:orgclientproviders
read|admin:orgclientproviderclients read|admin|create:orgclients create:orgclients
manage|view:envclientproviders read:audit_logs write:audit_log_settings view:metering
read:anypoint_salesforce_sso

admin:cloudhub create|read|delete|download|restart:applications
manage:application_data manage:application_flows manage:application_queues
manage:application_schedules manage:application_settings manage:application_tenants
read|manage:application_alerts read|manage:servers read|manage:runtime_fabrics
read|manage:cloudhub_networking manage:private_spaces

manage:apis view:all_envs read|manage:api_configuration read|manage:api_policies
read:api_policies_all_envs read|manage:api_contracts manage:api_contracts_all_envs
read|manage:api_alerts manage:api_proxies manage:api_groups create|read:client_applications
manage:client_application read|manage:org_client_applications admin:api_manager

read:exchange edit:exchange create:exchange manage:exchange read:maven_repository
edit:api_catalog create:exchange_genai aeh_admin

edit:design_center create:design_center view:design_center edit:flow_designer

view|administer|clear:destinations publish|subscribe:destinations view|manage:clients read:stats

read|manage:store manage:store_data read|manage:store_clients read:store_metrics

view|edit:monitoring admin:data_exporter_connections admin:data_exporter_configurations edit:visualizer

manage:secret_groups manage:secrets read:secrets read:secrets_metadata

admin|view:ang_governance_profiles

read|edit|manage|promote|admin:api_query

admin:partner_manager manage:partners read:host_partners manage:host read|manage:activity

read|manage:data_gateway edit:rpa execution:rpa execute:document_actions create:generations create:omni_genai
`

// expand turns the notation of documented into scopes, without duplicates.
func expand(t *testing.T, s string) []scopes.Scope {
	t.Helper()
	var out []scopes.Scope
	for _, f := range strings.Fields(s) {
		verbs, object, found := strings.Cut(f, ":")
		if !found {
			out = append(out, scopes.Scope(f))
			continue
		}
		for _, v := range strings.Split(verbs, "|") {
			if s := scopes.Scope(v + ":" + object); !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

func TestDocumentedScopesExist(t *testing.T) {
	want := expand(t, documented)
	for _, s := range want {
		if !s.Known() {
			t.Errorf("documented scope %q is not in the catalog", s)
		}
	}
	for _, info := range scopes.All() {
		if !slices.Contains(want, info.Scope) {
			t.Errorf("catalog scope %q is not documented", info.Scope)
		}
	}
	if got := len(scopes.All()); got != len(want) || got != 133 {
		t.Errorf("catalog has %d scopes, documentation %d, want 133 both", got, len(want))
	}
	for _, s := range []scopes.Scope{
		scopes.ReadApplications, scopes.ManageAPIPolicies, scopes.ReadMavenRepository,
		scopes.ViewDestinations, scopes.ManageSecrets, scopes.AdminANGGovernanceProfiles,
		scopes.AdminAPIQuery, scopes.ReadActivity, scopes.CreateOmniGenAI,
		scopes.ExecuteDocumentActions, scopes.ReadOrgConnApps, scopes.OpenIDGoogleWIF,
		scopes.AEHAdmin, scopes.AdminAPIManager, scopes.Full, scopes.ReadFull,
	} {
		if !s.Known() {
			t.Errorf("%q is not in the catalog", s)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		scope            scopes.Scope
		ok               bool
		display, product string
		needsEnv         bool
	}{
		{scopes.EditDesignCenter, true, "Design Center Developer", "Design Center", false},
		{scopes.ViewEnvironment, true, "View Environment", "Access Management", false},
		{scopes.OfflineAccess, true, "Background Access", "OpenID Connect", false},
		{scopes.Full, true, "Full Access", "General", false},
		{scopes.ReadFull, true, "Read-Only Access", "General", false},
		{scopes.OpenID, true, "Identity", "OpenID Connect", false},
		{scopes.ReadExchange, true, "Exchange Viewer", "Exchange", false},
		{scopes.ReadApplications, true, "Read Applications", "Runtime Manager", true},
		{scopes.ManageAPIPolicies, true, "Manage Policies", "API Manager", true},
		{scopes.ViewAllEnvs, true, "API Manager All Environments Viewer", "API Manager", false},
		{scopes.ManageAPIGroups, true, "API Group Administrator", "API Manager", false},
		{scopes.ReadOrgClientApplications, true, "View Client Applications", "API Manager", false},
		{scopes.ViewDestinations, true, "View destinations", "Anypoint MQ", true},
		{scopes.ManageStoreData, true, "Manage stores data", "Object Store v2", true},
		{scopes.ReadSecrets, true, "Grant access to secrets", "Secrets Manager", true},
		{scopes.ViewEnvClientProviders, true, "View All Environments' Client Management Providers", "Access Management", true},
		{scopes.ViewMonitoring, true, "Monitoring Viewer", "Monitoring", true},
		{scopes.EditVisualizer, true, "Visualizer Editor", "Monitoring", false},
		// Checked against MuleSoft's Terraform provider: its examples grant DataGraph's
		// Consume, Contribute and Operate with an envId, API Manager Administrator and
		// Manage Private Spaces with an org only; it lists view:access_controls.
		{scopes.ReadAPIQuery, true, "Consume", "DataGraph", true},
		{scopes.EditAPIQuery, true, "Contribute", "DataGraph", true},
		{scopes.ManageAPIQuery, true, "Operate", "DataGraph", true},
		{scopes.AdminAPIManager, true, "API Manager Administrator", "API Manager", false},
		{scopes.ManagePrivateSpaces, true, "Manage Private Spaces", "Runtime Manager", false},
		{scopes.ViewAccessControls, true, "View Access Controls", "Access Management", false},
		{"read:nothing", false, "", "", false},
		{"", false, "", "", false},
		{"EDIT:DESIGN_CENTER", false, "", "", false}, // keywords are case-sensitive
		{" edit:design_center", false, "", "", false},
	}
	for _, tt := range tests {
		info, ok := scopes.Lookup(tt.scope)
		if ok != tt.ok {
			t.Errorf("Lookup(%q) ok = %v, want %v", tt.scope, ok, tt.ok)
			continue
		}
		if !ok {
			if info != (scopes.Info{}) {
				t.Errorf("Lookup(%q) = %+v, want zero Info", tt.scope, info)
			}
			continue
		}
		if info.Scope != tt.scope || info.DisplayName != tt.display || info.Product != tt.product || info.NeedsEnvironment != tt.needsEnv {
			t.Errorf("Lookup(%q) = %+v, want display %q, product %q, needs env %v", tt.scope, info, tt.display, tt.product, tt.needsEnv)
		}
		if info2, ok2 := tt.scope.Info(); !ok2 || info2 != info {
			t.Errorf("%q.Info() = %+v, %v; Lookup gave %+v", tt.scope, info2, ok2, info)
		}
	}
}

func TestByDisplayName(t *testing.T) {
	tests := []struct {
		name string
		want scopes.Scope // "" for not found
	}{
		{"Design Center Developer", scopes.EditDesignCenter},
		{"design center developer", scopes.EditDesignCenter},
		{"  DESIGN CENTER DEVELOPER\t", scopes.EditDesignCenter},
		{"Design  Center   Developer", scopes.EditDesignCenter},
		{"View Environment", scopes.ViewEnvironment},
		{"Background Access", scopes.OfflineAccess},
		{"Full Access", scopes.Full},
		{"Read-Only Access", scopes.ReadFull},
		{"Identity", scopes.OpenID},
		{"Read Applications", scopes.ReadApplications},
		{"Exchange Viewer", scopes.ReadExchange},
		{"Maven Repository Reader", scopes.ReadMavenRepository},
		{"View All Environments' Client Management Providers", scopes.ViewEnvClientProviders},
		// Names that ANYPOINT.md uses for scopes whose UI label is longer.
		{"Create BGs", scopes.CreateSubOrgs},
		{"Create BGs under a given org", scopes.CreateSubOrgs},
		{"View Environments in an org", scopes.ReadOrgEnvironments},
		{"Salesforce SSO", scopes.ReadAnypointSalesforceSSO},
		// Not display names.
		{"edit:design_center", ""},
		{"Design Center", ""},
		{"Design Center Developers", ""},
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		info, ok := scopes.ByDisplayName(tt.name)
		if tt.want == "" {
			if ok {
				t.Errorf("ByDisplayName(%q) = %q, want not found", tt.name, info.Scope)
			}
			continue
		}
		if !ok || info.Scope != tt.want {
			t.Errorf("ByDisplayName(%q) = %q, %v; want %q", tt.name, info.Scope, ok, tt.want)
		}
	}
	// Every display name finds its own scope.
	for _, info := range scopes.All() {
		if got, ok := scopes.ByDisplayName(info.DisplayName); !ok || got != info {
			t.Errorf("ByDisplayName(%q) = %+v, %v; want %+v", info.DisplayName, got, ok, info)
		}
	}
}

func TestAllReturnsCopy(t *testing.T) {
	a := scopes.All()
	a[0].DisplayName = "changed"
	a[1] = scopes.Info{}
	b := scopes.All()
	if b[0].DisplayName == "changed" || b[1] == (scopes.Info{}) {
		t.Fatal("All returned the catalog itself, not a copy")
	}
	if info, _ := scopes.Lookup(b[0].Scope); info.DisplayName == "changed" {
		t.Fatal("changing All's result changed Lookup")
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want []scopes.Scope
	}{
		{"", nil},
		{"   ", nil},
		{"\t\r\n\v\f", nil},
		{"openid", []scopes.Scope{scopes.OpenID}},
		{"openid profile", []scopes.Scope{scopes.OpenID, scopes.Profile}},
		{"  openid   profile  ", []scopes.Scope{scopes.OpenID, scopes.Profile}},
		{"openid\tprofile\nemail\r\noffline_access", []scopes.Scope{scopes.OpenID, scopes.Profile, scopes.Email, scopes.OfflineAccess}},
		{"profile openid profile openid email", []scopes.Scope{scopes.Profile, scopes.OpenID, scopes.Email}},
		{"read:some_new_scope", []scopes.Scope{"read:some_new_scope"}}, // unknown but valid
		{"a,b", []scopes.Scope{"a,b"}},                                 // a comma is a scope character
		{"!#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~", []scopes.Scope{"!#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~"}},
		{"Openid openid", []scopes.Scope{"Openid", "openid"}}, // case-sensitive
	}
	for _, tt := range tests {
		got, err := scopes.Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("Parse(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in         string
		pos        int
		reasonPart string
	}{
		{`openid "profile"`, 7, `'"'`},
		{`read\write`, 4, `'\\'`},
		{"openid\x00", 6, `'\x00'`},
		{"openid\x7f", 6, `'\x7f'`},
		{"a\x1bb", 1, `'\x1b'`},
		{"profile caf\u00e9", 11, "U+00E9"},
		{"openid\u00a0profile", 6, "U+00A0"}, // no-break space is not a separator
		{"openid\u3000profile", 6, "U+3000"},
		{"openid \xff", 7, "0xFF is not valid UTF-8"},
	}
	for _, tt := range tests {
		got, err := scopes.Parse(tt.in)
		if got != nil {
			t.Errorf("Parse(%q) = %q, want nil with the error", tt.in, got)
		}
		var pe *scopes.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) error = %v, want *ParseError", tt.in, err)
			continue
		}
		if pe.Input != tt.in || pe.Pos != tt.pos || !strings.Contains(pe.Reason, tt.reasonPart) {
			t.Errorf("Parse(%q) = %+v, want pos %d and a reason with %q", tt.in, *pe, tt.pos, tt.reasonPart)
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "scopes: invalid scope list ") || !strings.Contains(msg, pe.Reason) {
			t.Errorf("Parse(%q) message %q", tt.in, msg)
		}
	}
}

func TestParseErrorTruncatesInput(t *testing.T) {
	long := strings.Repeat("openid ", 30) + "bad\"scope" // 210 + 9 bytes
	_, err := scopes.Parse(long)
	var pe *scopes.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v", err)
	}
	if len(pe.Input) != 100 || !strings.HasPrefix(long, pe.Input) {
		t.Errorf("Input = %q (%d bytes), want the first 100 bytes", pe.Input, len(pe.Input))
	}
	if pe.Pos != 213 {
		t.Errorf("Pos = %d, want 213 (in the whole input)", pe.Pos)
	}

	// A multi-byte character across byte 100 is cut whole.
	multi := strings.Repeat("a", 99) + "é\"" // é takes bytes 99 and 100
	_, err = scopes.Parse(multi)
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v", err)
	}
	if pe.Input != strings.Repeat("a", 99) || pe.Pos != 99 {
		t.Errorf("got Input %q (%d bytes), Pos %d; want 99 a's, Pos 99", pe.Input, len(pe.Input), pe.Pos)
	}
}

func TestJoin(t *testing.T) {
	if got := scopes.Join(); got != "" {
		t.Errorf("Join() = %q", got)
	}
	if got := scopes.Join(scopes.OpenID); got != "openid" {
		t.Errorf("Join(openid) = %q", got)
	}
	ss := []scopes.Scope{scopes.OpenID, scopes.ViewEnvironment, scopes.OfflineAccess}
	if got, want := scopes.Join(ss...), "openid view:environment offline_access"; got != want {
		t.Errorf("Join = %q, want %q", got, want)
	}
	back, err := scopes.Parse(scopes.Join(ss...))
	if err != nil || !slices.Equal(back, ss) {
		t.Errorf("Parse(Join(ss)) = %q, %v", back, err)
	}
}

func TestContainsAndStrings(t *testing.T) {
	have := []scopes.Scope{scopes.OpenID, scopes.ViewEnvironment}
	if !scopes.Contains(have, scopes.ViewEnvironment) || scopes.Contains(have, scopes.EditDesignCenter) || scopes.Contains(nil, scopes.OpenID) {
		t.Error("Contains is wrong")
	}
	if got := scopes.Strings(have); !slices.Equal(got, []string{"openid", "view:environment"}) {
		t.Errorf("Strings = %q", got)
	}
	if got := scopes.Strings(nil); got != nil {
		t.Errorf("Strings(nil) = %#v, want nil", got)
	}
	if got := scopes.Strings([]scopes.Scope{}); got == nil || len(got) != 0 {
		t.Errorf("Strings(empty) = %#v, want empty non-nil", got)
	}
	if got := scopes.EditDesignCenter.String(); got != "edit:design_center" {
		t.Errorf("String() = %q", got)
	}
}

func TestGrantValidate(t *testing.T) {
	tests := []struct {
		g       scopes.Grant
		errPart string // "" for valid
	}{
		{scopes.Grant{Scope: scopes.ReadApplications, OrgID: "o", EnvID: "e"}, ""},
		{scopes.Grant{Scope: scopes.EditDesignCenter, OrgID: "o"}, ""},
		{scopes.Grant{Scope: scopes.ViewEnvironment, OrgID: "o"}, ""},
		{scopes.Grant{Scope: scopes.ViewEnvironment, OrgID: "o", EnvID: "e"}, ""}, // an extra env is allowed
		{scopes.Grant{Scope: "read:future_thing", OrgID: "o"}, ""},                // unknown scopes need only the org
		{scopes.Grant{Scope: scopes.ReadApplications, OrgID: "o"}, "read:applications (Read Applications) needs an environment ID"},
		{scopes.Grant{Scope: scopes.ManageSecrets, OrgID: "o", EnvID: "  "}, "manage:secrets"},
		{scopes.Grant{Scope: scopes.ViewDestinations, OrgID: "o"}, "view:destinations"},
		{scopes.Grant{Scope: scopes.ReadApplications, EnvID: "e"}, "read:applications needs an organization ID"},
		{scopes.Grant{Scope: scopes.EditDesignCenter, OrgID: " "}, "edit:design_center needs an organization ID"},
		{scopes.Grant{OrgID: "o"}, "no scope"},
		{scopes.Grant{Scope: "read:applications view:environment", OrgID: "o"}, "white space"},
		{scopes.Grant{Scope: `bad"scope`, OrgID: "o"}, `'"'`},
	}
	for _, tt := range tests {
		err := tt.g.Validate()
		if tt.errPart == "" {
			if err != nil {
				t.Errorf("%v: Validate() = %v, want nil", tt.g, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.errPart) || !errors.Is(err, scopes.ErrIncompleteGrant) {
			t.Errorf("%v: Validate() = %v, want ErrIncompleteGrant with %q", tt.g, err, tt.errPart)
		}
	}
}

func TestGrantString(t *testing.T) {
	tests := []struct {
		g    scopes.Grant
		want string
	}{
		{scopes.Grant{Scope: scopes.ReadApplications, OrgID: "org", EnvID: "env"}, "read:applications@org/env"},
		{scopes.Grant{Scope: scopes.EditDesignCenter, OrgID: "org"}, "edit:design_center@org"},
		{scopes.Grant{Scope: scopes.Profile}, "profile"},
		{scopes.Grant{Scope: scopes.ReadApplications, EnvID: "env"}, "read:applications@/env"},
	}
	for _, tt := range tests {
		if got := tt.g.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.g, got, tt.want)
		}
	}
}
