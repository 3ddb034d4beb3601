// Command anypoint-scopes prints the smallest grant of scopes a Go program
// needs for its calls of the Anypoint SDK, and checks a connected app
// against it.
//
//	go run github.com/anypoint-go/anypoint/cmd/anypoint-scopes ./...
//
// prints each scope, in the organization and environment it is needed in
// ("any" where a call's argument is only known at run time), where the
// fact comes from (spec, docs or assumed), and the calls that need it
// (file:line). Where several scopes would do, it chooses the least
// privilege (see package leastprivilege). Calls it cannot resolve are
// listed. Flags:
//
//	-json       the plan as JSON, for CI (read back with -plan)
//	-tests      scan the packages' test files too
//	-C dir      run in dir
//	-strict     exit 1 when some calls could not be resolved
//
// Preflight: with -check, the plan (of the packages, or the JSON of -plan)
// is checked against what an app holds, and the missing grants (with the
// calls that would fail) and the grants no call needs are printed:
//
//	-app ID     a client-credentials app, whose grants are read from the
//	            Connected Apps management API with the credentials of the
//	            environment (ANYPOINT_CLIENT_ID and ANYPOINT_CLIENT_SECRET or
//	            ANYPOINT_ACCESS_TOKEN: an organization administrator's; the
//	            control plane from ANYPOINT_BASE_URL, ANYPOINT_HOST, …)
//	-held list  or the grants, space-separated: scope, scope@org or
//	            scope@org/env (a user's app: plain scopes)
//	-org, -env  the organization and environment the program runs in, for
//	            the calls whose context is "any"
//	-fail-unused  exit 1 when the app holds grants no call needs
//
// Exit status: 0 when the report was printed (and, with -check, nothing is
// missing); 1 when grants are missing (or with -strict or -fail-unused as
// above); 2 when the program or the plan cannot be read.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/anypoint-go/anypoint/connectedapps"
	"github.com/anypoint-go/anypoint/connectedapps/admin"
	"github.com/anypoint-go/anypoint/leastprivilege"
	"github.com/anypoint-go/anypoint/leastprivilege/appgrants"
	"github.com/anypoint-go/anypoint/leastprivilege/scan"
	"github.com/anypoint-go/anypoint/scopes"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("anypoint-scopes", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		asJSON     = fs.Bool("json", false, "print the plan as JSON")
		tests      = fs.Bool("tests", false, "scan test files too")
		dir        = fs.String("C", "", "run in `dir`")
		strict     = fs.Bool("strict", false, "exit 1 when calls could not be resolved")
		check      = fs.Bool("check", false, "check an app against the plan (preflight)")
		planFile   = fs.String("plan", "", "read the plan from `file` (the -json output) instead of scanning")
		appID      = fs.String("app", "", "the client ID of a client-credentials `app` to check (read with the admin API)")
		held       = fs.String("held", "", "the `grants` the app holds: scope, scope@org or scope@org/env, space-separated")
		orgID      = fs.String("org", "", "the organization `ID` the program runs in")
		envID      = fs.String("env", "", "the environment `ID` the program runs in")
		failUnused = fs.Bool("fail-unused", false, "exit 1 when the app holds grants no call needs")
	)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: anypoint-scopes [-json] [-tests] [-strict] [packages]\n       anypoint-scopes -check (-app ID | -held 'scope@org/env …') [-org ID] [-env ID] [-plan file | packages]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"."}
	}

	var plan *leastprivilege.Plan
	var err error
	if *planFile != "" {
		plan, err = readPlan(*planFile)
	} else {
		plan, err = scan.Packages(&scan.Config{Dir: *dir, Tests: *tests}, patterns...)
	}
	if err != nil {
		fmt.Fprintln(stderr, "anypoint-scopes:", err)
		return 2
	}

	if !*check {
		if *asJSON {
			err = json.NewEncoder(stdout).Encode(plan)
		} else {
			err = plan.WriteText(stdout)
		}
		if err != nil {
			fmt.Fprintln(stderr, "anypoint-scopes:", err)
			return 2
		}
		if *strict && len(plan.Unresolved) > 0 {
			return 1
		}
		return 0
	}

	var src leastprivilege.GrantSource
	switch {
	case *appID != "" && *held != "":
		fmt.Fprintln(stderr, "anypoint-scopes: -check takes -app or -held, not both")
		return 2
	case *held != "":
		grants, err := parseGrants(*held)
		if err != nil {
			fmt.Fprintln(stderr, "anypoint-scopes:", err)
			return 2
		}
		src = leastprivilege.HeldGrants(grants)
	case *appID != "":
		c, err := connectedapps.NewClientFromEnv()
		if err != nil {
			fmt.Fprintln(stderr, "anypoint-scopes: the administrator's client:", err)
			return 2
		}
		src = appgrants.FromAdmin(admin.New(c), *appID)
	default:
		fmt.Fprintln(stderr, "anypoint-scopes: -check needs -app or -held")
		return 2
	}
	res, err := leastprivilege.Preflight(ctx, plan, src, &leastprivilege.CheckOptions{OrgID: *orgID, EnvID: *envID})
	if err != nil {
		fmt.Fprintln(stderr, "anypoint-scopes:", err)
		return 2
	}
	if err := res.WriteText(stdout); err != nil {
		fmt.Fprintln(stderr, "anypoint-scopes:", err)
		return 2
	}
	if !res.OK() || (*failUnused && len(res.Unused) > 0) || (*strict && len(res.Unresolved) > 0) {
		return 1
	}
	return 0
}

func readPlan(name string) (*leastprivilege.Plan, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return leastprivilege.ReadPlan(f)
}

// parseGrants reads "scope", "scope@org" and "scope@org/env", as
// scopes.Grant.String writes them.
func parseGrants(list string) ([]scopes.Grant, error) {
	var out []scopes.Grant
	for _, f := range strings.Fields(list) {
		s, ctx, _ := strings.Cut(f, "@")
		org, env, _ := strings.Cut(ctx, "/")
		sc, err := scopes.Parse(s)
		if err != nil || len(sc) != 1 {
			return nil, fmt.Errorf("-held: %q is not a scope", s)
		}
		if strings.Contains(f, "@") && org == "" {
			return nil, errors.New("-held: " + f + ": no organization after @")
		}
		out = append(out, scopes.Grant{Scope: sc[0], OrgID: org, EnvID: env})
	}
	return out, nil
}
