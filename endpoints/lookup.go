package endpoints

import (
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Lookup finds the operation of the control plane that a request with this
// method and path is. path is the escaped path relative to the control
// plane ("/accounts/api/organizations/o-1/environments"); a query or
// fragment is ignored, and a parameter's segment may hold percent-escapes
// ("types%2Forder.raml"). Where several patterns fit, the most specific
// wins, as with http.ServeMux: a literal segment over a parameter, from the
// left. It reports false for a path no published operation has.
//
// Lookup does not allocate for a path whose literal segments hold no
// percent-escapes.
func Lookup(method, path string) (*Operation, bool) {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	var buf [maxSegments]string
	segs, ok := split(path, &buf)
	if !ok {
		return nil, false
	}
	for _, i := range index().byShape[shapeKey{method, len(segs)}] {
		if operations[i].matchSegs(segs, nil) {
			return &operations[i], true
		}
	}
	return nil, false
}

// maxSegments bounds the segments of a path Lookup reads: the catalog's
// longest pattern has fewer.
const maxSegments = 24

// split cuts an escaped path into its segments, into buf.
func split(path string, buf *[maxSegments]string) ([]string, bool) {
	if !strings.HasPrefix(path, "/") {
		return nil, false
	}
	path = path[1:]
	n := 0
	for {
		if n == maxSegments {
			return nil, false
		}
		i := strings.IndexByte(path, '/')
		if i < 0 {
			buf[n] = path
			n++
			return buf[:n], true
		}
		buf[n] = path[:i]
		n++
		path = path[i+1:]
	}
}

type shapeKey struct {
	method   string
	segments int
}

type catalogIndex struct {
	byID    map[string]int
	byShape map[shapeKey][]int // most specific first
}

var index = sync.OnceValue(func() *catalogIndex {
	x := &catalogIndex{byID: make(map[string]int, len(operations)), byShape: map[shapeKey][]int{}}
	for i := range operations {
		op := &operations[i]
		x.byID[op.API+" "+op.ID] = i
		if op.Host != "" {
			continue
		}
		k := shapeKey{op.Method, strings.Count(op.Pattern, "/")}
		x.byShape[k] = append(x.byShape[k], i)
	}
	for _, list := range x.byShape {
		slices.SortStableFunc(list, func(a, b int) int {
			return compareSpecificity(operations[a].Pattern, operations[b].Pattern)
		})
	}
	return x
})

// compareSpecificity orders two patterns of as many segments: the first
// segment where they differ in kind decides, a literal before a partial
// parameter before a whole-segment parameter.
func compareSpecificity(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := range as {
		if d := segmentKind(as[i]) - segmentKind(bs[i]); d != 0 {
			return d
		}
	}
	return 0
}

func segmentKind(seg string) int {
	switch {
	case !strings.Contains(seg, "{"):
		return 0
	case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") && strings.Count(seg, "{") == 1:
		return 2
	default:
		return 1
	}
}

// match matches an escaped path against the pattern, calling emit with each
// parameter's escaped value in order.
func (o *Operation) match(escapedPath string, emit func(string)) bool {
	var buf [maxSegments]string
	segs, ok := split(escapedPath, &buf)
	if !ok || len(segs) != strings.Count(o.Pattern, "/") {
		return false
	}
	return o.matchSegs(segs, emit)
}

// matchSegs matches escaped segments (as many as the pattern has).
func (o *Operation) matchSegs(segs []string, emit func(string)) bool {
	rest := o.Pattern[1:]
	for _, seg := range segs {
		p := rest
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			p, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		open := strings.IndexByte(p, '{')
		if open < 0 {
			if seg == p {
				continue
			}
			if strings.IndexByte(seg, '%') < 0 {
				return false
			}
			if u, err := url.PathUnescape(seg); err != nil || u != p {
				return false
			}
			continue
		}
		close := strings.IndexByte(p, '}')
		prefix, suffix := p[:open], p[close+1:]
		whole := prefix == "" && suffix == ""
		if whole && seg == "" {
			return false
		}
		if len(seg) < len(prefix)+len(suffix) || !strings.HasPrefix(seg, prefix) || !strings.HasSuffix(seg, suffix) {
			return false
		}
		if emit != nil {
			emit(seg[len(prefix) : len(seg)-len(suffix)])
		}
	}
	return true
}
