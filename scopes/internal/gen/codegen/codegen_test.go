package codegen

import (
	"bytes"
	"strings"
	"testing"
)

const good = `{"comment":"c","scopes":[
 {"scope":"view:thing","const":"ViewThing","display_name":"Thing Viewer","aliases":["View Things"],"description":"View the things of an environment.","product":"Things","needs_env":true},
 {"scope":"api:admin","const":"APIAdmin","display_name":"API Admin","description":"API access for administrators.","product":"Things"},
 {"scope":"openid","const":"OpenID","display_name":"Identity","description":"Sign the user in.","product":"OpenID Connect"}
]}`

func TestGenerate(t *testing.T) {
	src, err := Generate([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		Header + "\n\npackage scopes\n",
		"// Scopes of Things.\nconst (\n",
		"\t// ViewThing is \"Thing Viewer\": view the things of an environment. A client-credentials app is\n\t// granted it for an organization and an environment.\n\tViewThing Scope = \"view:thing\"\n",
		"\t// APIAdmin is \"API Admin\": API access for administrators.\n", // initialism kept
		"// Scopes of OpenID Connect.\n",
		"\"View Things\": ViewThing,",
		"NeedsEnvironment: true,",
	} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("generated source lacks %q:\n%s", want, src)
		}
	}
	// The catalog slice is sorted by scope.
	cat := src[bytes.Index(src, []byte("var catalog")):]
	a, b, c := bytes.Index(cat, []byte(" APIAdmin,")), bytes.Index(cat, []byte(" OpenID,")), bytes.Index(cat, []byte(" ViewThing,"))
	if !(a >= 0 && a < b && b < c) {
		t.Errorf("catalog not sorted by scope: %d %d %d\n%s", a, b, c, src)
	}
	again, _ := Generate([]byte(good))
	if !bytes.Equal(src, again) {
		t.Error("output is not deterministic")
	}
}

func TestValidateErrors(t *testing.T) {
	entry := func(scope, cnst, name, desc, product string) string {
		return `{"scope":"` + scope + `","const":"` + cnst + `","display_name":"` + name + `","description":"` + desc + `","product":"` + product + `"}`
	}
	ok := entry("a:b", "AB", "A B", "Do a thing.", "P")
	tests := []struct {
		json string
		want string
	}{
		{`{"scopes":[]}`, "no scopes"},
		{`{"scopes":[` + ok + `]} {}`, "data after"},
		{`{"scopes":[{"scope":"a:b","unknown":1}]}`, "unknown field"},
		{`{"scopes":[` + entry("", "X", "X", "Do.", "P") + `]}`, "empty scope"},
		{`{"scopes":[` + entry("a b", "X", "X", "Do.", "P") + `]}`, "outside RFC 6749"},
		{`{"scopes":[` + entry(`a\\b`, "X", "X", "Do.", "P") + `]}`, "outside RFC 6749"},
		{`{"scopes":[` + entry("x", "lower", "X", "Do.", "P") + `]}`, "not an exported Go identifier"},
		{`{"scopes":[` + entry("x", "A-B", "X", "Do.", "P") + `]}`, "not an exported Go identifier"},
		{`{"scopes":[` + ok + `,` + entry("a:b", "X", "X", "Do.", "P") + `]}`, "duplicate scope"},
		{`{"scopes":[` + ok + `,` + entry("c", "AB", "X", "Do.", "P") + `]}`, "duplicate const"},
		{`{"scopes":[` + ok + `,` + entry("c", "C", " a  b", "Do.", "P") + `]}`, "leading or trailing space"},
		{`{"scopes":[` + ok + `,` + entry("c", "C", "a  B", "Do.", "P") + `]}`, "also used by"},
		{`{"scopes":[` + entry("x", "X", "X", "do it.", "P") + `]}`, "capital letter"},
		{`{"scopes":[` + entry("x", "X", "X", "Do it", "P") + `]}`, "period"},
		{`{"scopes":[` + entry("x", "X", "X", "Do\\nit.", "P") + `]}`, "unprintable"},
		{`{"scopes":[` + entry("x", "X", "X", "", "P") + `]}`, "description: empty"},
		{`{"scopes":[` + entry("x", "X", "X", "Do.", "") + `]}`, "product: empty"},
	}
	for _, tt := range tests {
		_, err := Generate([]byte(tt.json))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Generate(%s) = %v, want an error with %q", tt.json, err, tt.want)
		}
	}
}
