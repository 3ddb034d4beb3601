// Command specgen extracts the facts of every operation MuleSoft publishes
// from a checkout of github.com/mulesoft/mulesoft-dx into the SDK's endpoint
// catalog, endpoints/catalog.json. From there, go generate ./endpoints writes
// the Go.
//
// It keeps facts only: the API, the operation ID, the method, the path
// pattern relative to the control plane (the server's base path and the
// operation's path), the required query parameters, and the scopes that
// satisfy the operation with where that fact comes from:
//
//   - spec: the operation's own description names its connected-app scopes
//     ("Connected Apps require the following scopes: - View APIs
//     Configuration"; "either of "View Stores / Manage Stores" scopes are
//     needed"), or says none is needed, or that connected apps cannot call it;
//   - docs: a rule in rules.json that cites a MuleSoft documentation page;
//   - assumed: a rule in rules.json that says what is assumed and why.
//
// A display name in a spec note that is not in the scope catalog
// (scopes/catalog.json, display names and aliases) is an error: add the
// scope or alias there first. An operation no rule covers is an error too.
//
// It lives in a module of its own so that the SDK's module does not depend on
// a YAML parser. Run it from this directory:
//
//	git -C $DX checkout 32e2b5877742a40b0a238333dea120ec4e49b29f
//	go run . -dx $DX -commit 32e2b5877742a40b0a238333dea120ec4e49b29f
//	cd ../.. && go generate ./endpoints
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "specgen:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("specgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dx := fs.String("dx", "", "a checkout of github.com/mulesoft/mulesoft-dx (the directory that holds apis/)")
	commit := fs.String("commit", "", "the commit of that checkout, recorded in the catalog")
	rulesPath := fs.String("rules", "rules.json", "the docs and assumed rules")
	scopesPath := fs.String("scopes", "../../scopes/catalog.json", "the scope catalog")
	out := fs.String("out", "../../endpoints/catalog.json", "the catalog to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dx == "" || len(*commit) != 40 {
		return errors.New("-dx and a 40-hex -commit are required")
	}
	names, err := loadScopeNames(*scopesPath)
	if err != nil {
		return err
	}
	rules, err := loadRules(*rulesPath)
	if err != nil {
		return err
	}
	cat, err := extract(*dx, *commit, rules, names)
	if err != nil {
		return err
	}
	data, err := cat.encode()
	if err != nil {
		return err
	}
	return os.WriteFile(*out, data, 0o644)
}

// Catalog is the output: the facts of every operation, API by API.
type Catalog struct {
	Comment    string `json:"comment"`
	Repository string `json:"repository"`
	Commit     string `json:"commit"`
	APIs       []API  `json:"apis"`
}

// API is one spec: apis/<Name>/api.yaml.
type API struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	// Server is the spec's first server URL.
	Server string `json:"server"`
	// Host is set when the API is not served by the control plane.
	Host string `json:"host,omitempty"`
	// Unread says why the spec could not be read; it then has no operations.
	Unread     string      `json:"unread,omitempty"`
	Operations []Operation `json:"operations"`
}

// Operation is one operation's facts.
type Operation struct {
	ID       string   `json:"id"`
	Method   string   `json:"method"`
	Pattern  string   `json:"pattern"`
	Query    []string `json:"query,omitempty"`
	AnyOf    []string `json:"any_of,omitempty"`
	AllOf    []string `json:"all_of,omitempty"`
	AnyToken bool     `json:"any_token,omitempty"`
	UserOnly bool     `json:"user_only,omitempty"`
	Source   string   `json:"source"`
	Cite     string   `json:"cite"`
}

const comment = "MuleSoft's published operations: written by internal/specgen from mulesoft-dx's apis/*/api.yaml at the commit below, and from internal/specgen/rules.json for the scopes the specs do not name. Do not edit by hand: change rules.json or the scope catalog and run specgen, then go generate ./endpoints."

// encode writes one operation a line, so that a change to the catalog reads
// as a change to the operations it touches.
func (c *Catalog) encode() ([]byte, error) {
	var b bytes.Buffer
	head := func(k string, v any) error {
		j, err := json.Marshal(v)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "  %q: %s,\n", k, j)
		return nil
	}
	b.WriteString("{\n")
	for _, kv := range []struct {
		k string
		v any
	}{{"comment", c.Comment}, {"repository", c.Repository}, {"commit", c.Commit}} {
		if err := head(kv.k, kv.v); err != nil {
			return nil, err
		}
	}
	b.WriteString("  \"apis\": [\n")
	for i, a := range c.APIs {
		ops := a.Operations
		a.Operations = nil
		j, err := json.Marshal(a)
		if err != nil {
			return nil, err
		}
		// Reopen the object to append the operations one a line.
		j = bytes.TrimSuffix(j, []byte(`,"operations":null}`))
		fmt.Fprintf(&b, "    %s, \"operations\": [", j)
		for k, op := range ops {
			oj, err := json.Marshal(op)
			if err != nil {
				return nil, err
			}
			sep := ","
			if k == len(ops)-1 {
				sep = ""
			}
			fmt.Fprintf(&b, "\n      %s%s", oj, sep)
		}
		if len(ops) > 0 {
			b.WriteString("\n    ")
		}
		b.WriteString("]}")
		if i < len(c.APIs)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("  ]\n}\n")
	// Check that what was written is valid JSON of the same shape.
	var back Catalog
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		return nil, fmt.Errorf("encoded catalog does not decode: %w", err)
	}
	return b.Bytes(), nil
}

// ---- the scope catalog's names ----

type scopeNames map[string]string // lower-cased display name or alias → scope

func loadScopeNames(path string) (scopeNames, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c struct {
		Scopes []struct {
			Scope       string   `json:"scope"`
			DisplayName string   `json:"display_name"`
			Aliases     []string `json:"aliases"`
		} `json:"scopes"`
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	n := scopeNames{}
	for _, s := range c.Scopes {
		n[strings.ToLower(s.Scope)] = s.Scope
		for _, name := range append([]string{s.DisplayName}, s.Aliases...) {
			if name != "" {
				n[strings.ToLower(name)] = s.Scope
			}
		}
	}
	return n, nil
}

func (n scopeNames) scope(displayName string) (string, error) {
	if s, ok := n[strings.ToLower(strings.TrimSpace(displayName))]; ok {
		return s, nil
	}
	return "", fmt.Errorf("the spec names scope %q, which the scope catalog does not know: add it (or an alias) to scopes/catalog.json with its source", displayName)
}

// ---- rules ----

// Rule gives the scopes of the operations the specs say nothing about. The
// first rule that matches an operation wins.
type Rule struct {
	API string `json:"api"`
	// IDs, Methods and Path (a regular expression on the spec's path,
	// relative to the server) narrow the rule; each is optional.
	IDs      []string `json:"ids,omitempty"`
	Methods  []string `json:"methods,omitempty"`
	Path     string   `json:"path,omitempty"`
	AnyOf    []string `json:"any_of,omitempty"`
	AllOf    []string `json:"all_of,omitempty"`
	AnyToken bool     `json:"any_token,omitempty"`
	UserOnly bool     `json:"user_only,omitempty"`
	Source   string   `json:"source"`
	Cite     string   `json:"cite"`

	re   *regexp.Regexp
	used bool
}

type ruleFile struct {
	Comment string   `json:"comment"`
	Unread  []unread `json:"unread"`
	Rules   []*Rule  `json:"rules"`
}

type unread struct {
	API    string `json:"api"`
	Title  string `json:"title"`
	Server string `json:"server"`
	Why    string `json:"why"`
}

func loadRules(path string) (*ruleFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f ruleFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, r := range f.Rules {
		if r.Source != "docs" && r.Source != "assumed" {
			return nil, fmt.Errorf("%s: rule %d: source %q: want docs or assumed", path, i, r.Source)
		}
		if r.Cite == "" {
			return nil, fmt.Errorf("%s: rule %d: no cite", path, i)
		}
		if r.Path != "" {
			if r.re, err = regexp.Compile(r.Path); err != nil {
				return nil, fmt.Errorf("%s: rule %d: %w", path, i, err)
			}
		}
	}
	return &f, nil
}

func (r *Rule) matches(api, id, method, specPath string) bool {
	return r.API == api &&
		(len(r.IDs) == 0 || slices.Contains(r.IDs, id)) &&
		(len(r.Methods) == 0 || slices.Contains(r.Methods, method)) &&
		(r.re == nil || r.re.MatchString(specPath))
}

// ---- the specs ----

type specDoc struct {
	Info struct {
		Title string `yaml:"title"`
	} `yaml:"info"`
	Servers []struct {
		URL       string `yaml:"url"`
		Variables map[string]struct {
			Default string `yaml:"default"`
		} `yaml:"variables"`
	} `yaml:"servers"`
	Paths      yaml.Node `yaml:"paths"`
	Components struct {
		Parameters map[string]param `yaml:"parameters"`
	} `yaml:"components"`
}

type param struct {
	Ref      string `yaml:"$ref"`
	Name     string `yaml:"name"`
	In       string `yaml:"in"`
	Required bool   `yaml:"required"`
}

type specOp struct {
	OperationID string  `yaml:"operationId"`
	Summary     string  `yaml:"summary"`
	Description string  `yaml:"description"`
	Parameters  []param `yaml:"parameters"`
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func extract(dx, commit string, rules *ruleFile, names scopeNames) (*Catalog, error) {
	files, err := filepath.Glob(filepath.Join(dx, "apis", "*", "api.yaml"))
	if err != nil {
		return nil, err
	}
	cat := &Catalog{Comment: comment, Repository: "github.com/mulesoft/mulesoft-dx", Commit: commit}
	read := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(filepath.Dir(f))
		a, err := extractAPI(f, name, rules, names)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		read[name] = true
		cat.APIs = append(cat.APIs, *a)
	}
	for _, u := range rules.Unread {
		if read[u.API] {
			return nil, fmt.Errorf("rules.json lists %s as unread, but its spec was read", u.API)
		}
		cat.APIs = append(cat.APIs, API{Name: u.API, Title: u.Title, Server: u.Server, Unread: u.Why})
	}
	sort.Slice(cat.APIs, func(i, j int) bool { return cat.APIs[i].Name < cat.APIs[j].Name })
	for i, r := range rules.Rules {
		if !r.used {
			return nil, fmt.Errorf("rules.json: rule %d (%s %v %v %s) matches no operation", i, r.API, r.IDs, r.Methods, r.Path)
		}
	}
	return cat, nil
}

func extractAPI(file, name string, rules *ruleFile, names scopeNames) (*API, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var doc specDoc
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Servers) == 0 {
		return nil, errors.New("no servers")
	}
	server := doc.Servers[0].URL
	// A server variable whose default is a version ("v2", "1.0") is part of
	// the path every client sends; the others ("unknown", an organization
	// placeholder) stay parameters.
	resolved := server
	for name, v := range doc.Servers[0].Variables {
		if versionRE.MatchString(v.Default) {
			resolved = strings.ReplaceAll(resolved, "{"+name+"}", v.Default)
		}
	}
	_, rest, ok := strings.Cut(resolved, "://")
	if !ok {
		return nil, fmt.Errorf("server %q has no scheme", server)
	}
	host, base, _ := strings.Cut(rest, "/")
	base = strings.TrimSuffix("/"+base, "/")
	a := &API{Name: name, Title: doc.Info.Title, Server: server, Operations: []Operation{}}
	if host != "anypoint.mulesoft.com" {
		a.Host = host
	}
	if doc.Paths.Kind != yaml.MappingNode {
		return nil, errors.New("paths is not a mapping")
	}
	for i := 0; i+1 < len(doc.Paths.Content); i += 2 {
		specPath := doc.Paths.Content[i].Value
		var item map[string]yaml.Node
		if err := doc.Paths.Content[i+1].Decode(&item); err != nil {
			return nil, fmt.Errorf("%s: %w", specPath, err)
		}
		var common []param
		if n, ok := item["parameters"]; ok {
			if err := n.Decode(&common); err != nil {
				return nil, fmt.Errorf("%s: parameters: %w", specPath, err)
			}
		}
		for _, m := range methods {
			n, ok := item[m]
			if !ok {
				continue
			}
			var so specOp
			if err := n.Decode(&so); err != nil {
				return nil, fmt.Errorf("%s %s: %w", m, specPath, err)
			}
			op, err := operation(name, strings.ToUpper(m), base, specPath, so, common, doc.Components.Parameters, rules, names)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", strings.ToUpper(m), specPath, err)
			}
			a.Operations = append(a.Operations, op)
		}
	}
	return a, nil
}

func operation(api, method, base, specPath string, so specOp, common []param, comps map[string]param, rules *ruleFile, names scopeNames) (Operation, error) {
	if so.OperationID == "" {
		return Operation{}, errors.New("no operationId")
	}
	op := Operation{ID: so.OperationID, Method: method, Pattern: base + specPath}
	// Operation parameters override path-level ones of the same name and place.
	seen := map[string]bool{}
	for _, ps := range [][]param{so.Parameters, common} {
		for _, p := range ps {
			if p.Ref != "" {
				ref, ok := strings.CutPrefix(p.Ref, "#/components/parameters/")
				if !ok {
					return Operation{}, fmt.Errorf("parameter reference %q is not local", p.Ref)
				}
				if p, ok = comps[ref]; !ok {
					return Operation{}, fmt.Errorf("parameter reference %q not found", p.Ref)
				}
			}
			key := p.In + " " + p.Name
			if seen[key] {
				continue
			}
			seen[key] = true
			if p.In == "query" && p.Required {
				op.Query = append(op.Query, p.Name)
			}
		}
	}
	sort.Strings(op.Query)

	found, err := specScopes(so.Description+"\n"+so.Summary, names, &op)
	if err != nil {
		return Operation{}, err
	}
	if found {
		op.Source = "spec"
		op.Cite = "the operation's description in apis/" + api + "/api.yaml"
		return op, nil
	}
	for _, r := range rules.Rules {
		if r.matches(api, op.ID, method, specPath) {
			r.used = true
			op.AnyOf = append(op.AnyOf, r.AnyOf...)
			op.AllOf = append(op.AllOf, r.AllOf...)
			op.AnyToken, op.UserOnly = r.AnyToken, r.UserOnly
			op.Source, op.Cite = r.Source, r.Cite
			for _, s := range append(slices.Clone(op.AnyOf), op.AllOf...) {
				if _, err := names.scope(s); err != nil {
					return Operation{}, fmt.Errorf("rules.json: %w", err)
				}
			}
			return op, nil
		}
	}
	return Operation{}, fmt.Errorf("operation %s: the spec names no scopes and no rule in rules.json covers it", op.ID)
}

var (
	// "Connected Apps require the following scopes:\n  - A\n  - B"
	listRE = regexp.MustCompile(`(?i)connected apps? requires? the following scopes:\s*((?:\n\s*-\s*[^\n]+)+)`)
	// "Connected Apps require Manage Client Applications scope"
	oneRE = regexp.MustCompile(`(?i)connected apps? requires? ([A-Z][\w ]+?) scope\b`)
	// `If you are using connected app, "A" or "B" scope is needed.`, `either of "A / B" scopes`,
	// `you need "A" scope`, `"A" scope is needed`.
	noneRE     = regexp.MustCompile(`(?i)connected apps?, no (?:specific|particular) scope is needed`)
	versionRE  = regexp.MustCompile(`^v?[0-9]+(\.[0-9]+)*$`)
	userOnlyRE = regexp.MustCompile(`(?i)not supported with connected apps|connected apps cannot perform this action`)
	quoteRE    = regexp.MustCompile(`"([^"]+)"`)
	// sentenceEnd is a period followed by white space.
	sentenceEnd = regexp.MustCompile(`\.\s+`)
)

// specScopes reads the operation's own text for its connected-app scopes.
func specScopes(text string, names scopeNames, op *Operation) (bool, error) {
	switch {
	case noneRE.MatchString(text):
		op.AnyToken = true
		return true, nil
	case userOnlyRE.MatchString(text):
		op.UserOnly = true
		return true, nil
	}
	if m := listRE.FindStringSubmatch(text); m != nil {
		var got []string
		for _, line := range strings.Split(m[1], "\n") {
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "-"))
			if line == "" {
				continue
			}
			s, err := names.scope(line)
			if err != nil {
				return false, err
			}
			got = append(got, s)
		}
		// A list of scopes is required together ("Manage APIs Configuration" and
		// "Exchange Viewer" to create an API from an Exchange asset).
		if len(got) == 1 {
			op.AnyOf = got
		} else {
			op.AllOf = got
		}
		return true, nil
	}
	if m := oneRE.FindStringSubmatch(text); m != nil && !strings.Contains(m[0], "following") {
		s, err := names.scope(m[1])
		if err != nil {
			return false, err
		}
		op.AnyOf = []string{s}
		return true, nil
	}
	if !strings.Contains(strings.ToLower(text), "scope") {
		return false, nil
	}
	for _, sentence := range splitSentences(text) {
		low := strings.ToLower(sentence)
		if !strings.Contains(low, "scope") || !strings.Contains(sentence, `"`) ||
			!(strings.Contains(low, "needed") || strings.Contains(low, "required") || strings.Contains(low, "you need")) {
			continue
		}
		qs := quoteRE.FindAllStringSubmatch(sentence, -1)
		var got []string
		for _, q := range qs {
			for _, part := range strings.Split(q[1], "/") {
				s, err := names.scope(part)
				if err != nil {
					return false, err
				}
				got = append(got, s)
			}
		}
		if len(got) == 0 {
			continue
		}
		between := ""
		if len(qs) > 1 {
			i := strings.Index(sentence, qs[0][0]) + len(qs[0][0])
			j := strings.Index(sentence[i:], qs[1][0])
			between = strings.ToLower(strings.TrimSpace(sentence[i : i+j]))
		}
		if between == "and" {
			op.AllOf = got
		} else {
			op.AnyOf = got
		}
		return true, nil
	}
	return false, nil
}

// splitSentences splits at a period followed by a space or a line end, and
// at HTML line breaks, which the specs use between sentences.
func splitSentences(text string) []string {
	text = strings.NewReplacer("<br/>", "\n", "<br>", "\n").Replace(text)
	var out []string
	for _, line := range strings.Split(text, "\n") {
		for _, s := range sentenceEnd.Split(line, -1) {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
