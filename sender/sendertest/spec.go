package sendertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// FullSpecEnv, when set to a non-empty value, makes the intake load the
// whole of Datadog's spec files instead of the operations it serves. Both
// check the same text; the whole v2 file takes about 2 s and 250 MB to load,
// and about 20 s under the race detector.
const FullSpecEnv = "RKTUI_FULL_SPEC"

// The operations the intake serves, by spec version.
var specPaths = map[string][]string{
	"v1": {"/api/v1/validate", "/api/v1/usage/top_avg_metrics"},
	"v2": {"/api/v2/series", "/api/v2/metrics/{metric_name}/volumes", "/api/v2/metrics/{metric_name}/all-tags", "/api/v2/metrics/{metric_name}/estimate"},
}

// Spec is a loaded Datadog OpenAPI spec and its router.
type Spec struct {
	Doc    *openapi3.T
	Router routers.Router
	File   string
}

type specResult struct {
	spec *Spec
	err  error
}

var (
	specOnce  = map[string]*sync.Once{"v1": {}, "v2": {}}
	specCache = map[string]*specResult{}
	specMu    sync.Mutex
)

// LoadSpec loads Datadog's own OpenAPI spec of a version ("v1" or "v2"),
// as shipped in the datadog-api-client-go module, once per test binary.
func LoadSpec(version string) (*Spec, error) {
	once, ok := specOnce[version]
	if !ok {
		return nil, fmt.Errorf("no spec version %q; use v1 or v2", version)
	}
	once.Do(func() {
		s, err := loadSpec(version)
		specMu.Lock()
		specCache[version] = &specResult{s, err}
		specMu.Unlock()
	})
	specMu.Lock()
	defer specMu.Unlock()
	r := specCache[version]
	return r.spec, r.err
}

// SpecFile is the path of a spec file in the module cache.
func SpecFile(version string) (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/DataDog/datadog-api-client-go/v2").Output()
	if err != nil {
		return "", fmt.Errorf("find the datadog-api-client-go module: go list -m: %w", err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("the datadog-api-client-go module is not in the module cache; run go mod download github.com/DataDog/datadog-api-client-go/v2")
	}
	return filepath.Join(dir, ".generator", "schemas", version, "openapi.yaml"), nil
}

func loadSpec(version string) (*Spec, error) {
	file, err := SpecFile(version)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read Datadog's %s spec: %w", version, err)
	}
	if os.Getenv(FullSpecEnv) == "" {
		if data, err = Subset(data, specPaths[version]); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", file, err)
	}
	// The servers are Datadog's hosts; the intake is a loopback server, so
	// route on the path alone.
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route %s: %w", file, err)
	}
	return &Spec{Doc: doc, Router: router, File: file}, nil
}

var refRe = regexp.MustCompile(`#/components/([A-Za-z]+)/([A-Za-z0-9_.\-]+)`)

// Subset cuts a Datadog spec file down to the given paths and every
// component they reference, directly or not, keeping their text exactly.
// It reads the layout Datadog's generator writes: top-level keys at column
// 0, paths and component kinds at 2 spaces, components at 4.
func Subset(data []byte, paths []string) ([]byte, error) {
	lines := strings.SplitAfter(string(data), "\n")
	top := entries(lines, 0, len(lines), 0)
	for _, k := range []string{"openapi", "info", "paths", "components"} {
		if _, ok := top[k]; !ok {
			return nil, fmt.Errorf("the spec has no top-level %q", k)
		}
	}
	pathBlocks := entries(lines, top["paths"].start+1, top["paths"].end, 2)
	kinds := entries(lines, top["components"].start+1, top["components"].end, 2)
	comps := map[string]map[string]block{}
	for kind, b := range kinds {
		comps[kind] = entries(lines, b.start+1, b.end, 4)
	}
	var out strings.Builder
	text := func(b block) string { return strings.Join(lines[b.start:b.end], "") }
	for _, k := range []string{"openapi", "info", "security"} {
		if b, ok := top[k]; ok {
			out.WriteString(text(b))
		}
	}
	out.WriteString("paths:\n")
	var pending []string
	for _, p := range paths {
		b, ok := pathBlocks[p]
		if !ok {
			return nil, fmt.Errorf("the spec has no path %s", p)
		}
		t := text(b)
		out.WriteString(t)
		pending = append(pending, t)
	}
	want := map[string]map[string]bool{}
	for len(pending) > 0 {
		t := pending[0]
		pending = pending[1:]
		for _, m := range refRe.FindAllStringSubmatch(t, -1) {
			kind, name := m[1], m[2]
			if want[kind][name] {
				continue
			}
			b, ok := comps[kind][name]
			if !ok {
				return nil, fmt.Errorf("the spec references #/components/%s/%s, which it does not define", kind, name)
			}
			if want[kind] == nil {
				want[kind] = map[string]bool{}
			}
			want[kind][name] = true
			pending = append(pending, text(b))
		}
	}
	out.WriteString("components:\n")
	if b, ok := kinds["securitySchemes"]; ok {
		out.WriteString(text(b))
	}
	for _, kind := range sortedByStart(kinds) {
		if len(want[kind]) == 0 {
			continue
		}
		out.WriteString("  " + kind + ":\n")
		for _, name := range sortedByStart(comps[kind]) {
			if want[kind][name] {
				out.WriteString(text(comps[kind][name]))
			}
		}
	}
	return []byte(out.String()), nil
}

type block struct{ start, end int }

// entries finds the mapping keys at one indentation within [from, to): each
// block runs to the next non-blank line indented as much or less.
func entries(lines []string, from, to, indent int) map[string]block {
	out := map[string]block{}
	key, start := "", -1
	for i := from; i < to; i++ {
		l := strings.TrimRight(lines[i], "\r\n")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if n > indent {
			continue
		}
		if start >= 0 {
			out[key] = block{start, i}
			start = -1
		}
		if n < indent {
			break
		}
		if k, ok := mapKey(l[n:]); ok {
			key, start = k, i
		}
	}
	if start >= 0 {
		out[key] = block{start, to}
	}
	return out
}

func mapKey(s string) (string, bool) {
	if strings.HasPrefix(s, "- ") {
		return "", false
	}
	if s[0] == '"' || s[0] == '\'' {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return "", false
		}
		return s[1 : end+1], true
	}
	i := strings.Index(s, ":")
	if i <= 0 {
		return "", false
	}
	return s[:i], true
}

func sortedByStart(m map[string]block) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return m[a].start - m[b].start })
	return keys
}

// validate checks the loaded document is a sound OpenAPI document, to
// catch a cut that lost something. Examples are left out: Datadog's own
// dynamic-points example has an externalValue and no value, which
// kin-openapi reports even on the whole file.
func (s *Spec) validate(ctx context.Context) error {
	return s.Doc.Validate(ctx, openapi3.DisableExamplesValidation())
}
