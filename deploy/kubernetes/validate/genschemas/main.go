// Command genschemas writes the JSON Schemas that validate checks the
// manifests against, in the layout kubeconform reads
// (v<version>-standalone-strict/<kind>-<group>-<version>.json), for the kinds
// the given manifests use. It reads the Kubernetes OpenAPI v2 document that
// the k8s.io/kubernetes module ships, so it runs offline from the Go module
// cache:
//
//	dir=$(go mod download -json k8s.io/kubernetes@v1.37.2 | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
//	go run ./genschemas -swagger "$dir/api/openapi-spec/swagger.json" -version 1.37.2 -out schemas ../*.yaml
//
// Each schema is standalone (every $ref replaced by the definition it names)
// and strict: an object with declared properties accepts no others, as
// kubectl's own validation does; "int-or-string" fields accept either, and so
// do quantities (cpu: 2 or cpu: "2"); the apiVersion and kind must be the ones
// the schema is for.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

func main() {
	swagger := flag.String("swagger", "", "the Kubernetes OpenAPI v2 document (api/openapi-spec/swagger.json)")
	version := flag.String("version", "", "the Kubernetes version it describes, e.g. 1.37.2")
	out := flag.String("out", "schemas", "folder to write the schemas into")
	flag.Parse()
	if *swagger == "" || *version == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: genschemas -swagger swagger.json -version X.Y.Z [-out DIR] MANIFEST...")
		os.Exit(2)
	}
	if err := run(*swagger, *version, *out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "genschemas:", err)
		os.Exit(1)
	}
}

type gvk struct{ Group, Version, Kind string }

func run(swaggerPath, version, out string, manifests []string) error {
	data, err := os.ReadFile(swaggerPath)
	if err != nil {
		return err
	}
	var doc struct {
		Definitions map[string]map[string]any `json:"definitions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", swaggerPath, err)
	}
	byKind := map[gvk]string{} // group, version and kind → definition name
	for name, def := range doc.Definitions {
		list, _ := def["x-kubernetes-group-version-kind"].([]any)
		for _, x := range list {
			m, _ := x.(map[string]any)
			k := gvk{fmt.Sprint(m["group"]), fmt.Sprint(m["version"]), fmt.Sprint(m["kind"])}
			if !strings.HasPrefix(name, "io.k8s.apimachinery") { // skip shared meta types such as DeleteOptions
				byKind[k] = name
			}
		}
	}
	wanted, err := kindsOf(manifests)
	if err != nil {
		return err
	}
	dir := filepath.Join(out, "v"+version+"-standalone-strict")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, k := range wanted {
		name, ok := byKind[k]
		if !ok {
			return fmt.Errorf("no definition for %s/%s %s in %s", k.Group, k.Version, k.Kind, swaggerPath)
		}
		schema, err := expand(doc.Definitions, name, nil)
		if err != nil {
			return err
		}
		apiVersion, file := k.Version, strings.ToLower(k.Kind)+"-"+k.Version
		if k.Group != "" {
			apiVersion = k.Group + "/" + k.Version
			file = strings.ToLower(k.Kind) + "-" + strings.ToLower(strings.Split(k.Group, ".")[0]) + "-" + k.Version
		}
		props := schema["properties"].(map[string]any)
		props["apiVersion"] = map[string]any{"type": "string", "enum": []any{apiVersion}}
		props["kind"] = map[string]any{"type": "string", "enum": []any{k.Kind}}
		schema["required"] = appendMissing(schema["required"], "apiVersion", "kind")
		var buf bytes.Buffer
		if err := json.NewEncoder(&buf).Encode(schema); err != nil {
			return err
		}
		path := filepath.Join(dir, file+".json")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %s %s (%d bytes)\n", path, apiVersion, k.Kind, buf.Len())
	}
	return nil
}

// kindsOf lists the apiVersion and kind of every document of the manifests.
func kindsOf(paths []string) ([]gvk, error) {
	seen := map[gvk]bool{}
	var out []gvk
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		for _, doc := range bytes.Split(data, []byte("\n---")) {
			var head struct{ APIVersion, Kind string }
			if err := yaml.Unmarshal(doc, &head); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if head.Kind == "" {
				continue
			}
			k := gvk{Version: head.APIVersion, Kind: head.Kind}
			if g, v, ok := strings.Cut(head.APIVersion, "/"); ok {
				k.Group, k.Version = g, v
			}
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out, nil
}

// expand returns definition name with every $ref inlined and the strict
// rules applied. A definition that contains itself (none of the workload
// kinds does) is left open at the point of recursion rather than looping.
func expand(defs map[string]map[string]any, name string, path []string) (map[string]any, error) {
	for _, p := range path {
		if p == name {
			return map[string]any{}, nil
		}
	}
	if name == quantity {
		// The API accepts a quantity as a string ("500m", "2") or a number (2).
		return map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "number"}}}, nil
	}
	def, ok := defs[name]
	if !ok {
		return nil, fmt.Errorf("$ref to a missing definition %q", name)
	}
	v, err := expandValue(defs, def, append(path, name))
	if err != nil {
		return nil, err
	}
	return v.(map[string]any), nil
}

const quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity"

func expandValue(defs map[string]map[string]any, v any, path []string) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			return expand(defs, strings.TrimPrefix(ref, "#/definitions/"), path)
		}
		if v["format"] == "int-or-string" {
			return map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}}}, nil
		}
		out := make(map[string]any, len(v)+1)
		for k, x := range v {
			if strings.HasPrefix(k, "x-kubernetes-") {
				continue // OpenAPI extensions mean nothing to a JSON Schema validator
			}
			e, err := expandValue(defs, x, path)
			if err != nil {
				return nil, err
			}
			out[k] = e
		}
		if _, has := out["properties"]; has {
			if _, set := out["additionalProperties"]; !set {
				out["additionalProperties"] = false
			}
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			e, err := expandValue(defs, x, path)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	}
	return v, nil
}

func appendMissing(list any, names ...string) []any {
	out, _ := list.([]any)
	for _, n := range names {
		found := false
		for _, x := range out {
			if x == n {
				found = true
			}
		}
		if !found {
			out = append(out, n)
		}
	}
	return out
}
