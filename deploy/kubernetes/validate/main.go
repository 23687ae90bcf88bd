// Command validate checks the Kubernetes manifests beside it offline, in two
// steps. First kubeconform validates every document against the JSON Schema
// of its apiVersion and kind, generated from the Kubernetes OpenAPI document
// by ./genschemas into ./schemas (strict: no unknown or misspelt field, every
// value of the right type). Then the document is decoded strictly into the
// Kubernetes API's own Go types, and a few rules of this project must hold
// (probes, resources, non-root, an Indexed Job). It is its own module so that
// the service does not depend on the Kubernetes libraries.
//
//	cd deploy/kubernetes/validate && go run . ../*.yaml
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/yannh/kubeconform/pkg/resource"
	"github.com/yannh/kubeconform/pkg/validator"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// kubernetesVersion is the version the shipped schemas describe, the same as
// the k8s.io/api module's (v0.37.2 is Kubernetes 1.37.2).
const kubernetesVersion = "1.37.2"

func main() {
	schemas := flag.String("schemas", "schemas", "folder of the JSON Schemas written by genschemas")
	flag.Parse()
	abs, err := filepath.Abs(*schemas)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// Only the shipped schemas: a kind without one is an error, and nothing
	// is fetched from the network.
	v, err := validator.New([]string{abs + "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"},
		validator.Opts{KubernetesVersion: kubernetesVersion, Strict: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	failed := false
	for _, path := range flag.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for i, doc := range bytes.Split(data, []byte("\n---")) {
			if len(bytes.TrimSpace(doc)) == 0 {
				continue
			}
			if err := conform(v, path, doc); err != nil {
				fmt.Fprintf(os.Stderr, "%s, document %d: schema: %v\n", path, i+1, err)
				failed = true
				continue
			}
			if err := check(doc); err != nil {
				fmt.Fprintf(os.Stderr, "%s, document %d: %v\n", path, i+1, err)
				failed = true
				continue
			}
			fmt.Printf("%s, document %d: valid\n", path, i+1)
		}
	}
	if failed {
		os.Exit(1)
	}
}

// conform validates one document against its JSON Schema.
func conform(v validator.Validator, path string, doc []byte) error {
	r := v.ValidateResource(resource.Resource{Path: path, Bytes: doc})
	switch r.Status {
	case validator.Valid:
		return nil
	case validator.Invalid:
		var msgs []string
		for _, e := range r.ValidationErrors {
			msgs = append(msgs, e.Path+": "+e.Msg)
		}
		return fmt.Errorf("%s", strings.Join(msgs, "; "))
	case validator.Error:
		return r.Err
	}
	return fmt.Errorf("not validated (status %d)", r.Status)
}

func check(doc []byte) error {
	var head struct{ APIVersion, Kind string }
	if err := yaml.Unmarshal(doc, &head); err != nil {
		return err
	}
	var pod *corev1.PodSpec
	switch head.APIVersion + " " + head.Kind {
	case "apps/v1 Deployment":
		var d appsv1.Deployment
		if err := yaml.UnmarshalStrict(doc, &d); err != nil {
			return err
		}
		pod = &d.Spec.Template.Spec
		for _, c := range pod.Containers {
			if c.ReadinessProbe == nil || c.LivenessProbe == nil {
				return fmt.Errorf("container %s needs readiness and liveness probes", c.Name)
			}
		}
	case "v1 Service":
		var s corev1.Service
		return yaml.UnmarshalStrict(doc, &s)
	case "autoscaling/v2 HorizontalPodAutoscaler":
		var h autoscalingv2.HorizontalPodAutoscaler
		return yaml.UnmarshalStrict(doc, &h)
	case "batch/v1 Job":
		var j batchv1.Job
		if err := yaml.UnmarshalStrict(doc, &j); err != nil {
			return err
		}
		if j.Spec.CompletionMode == nil || *j.Spec.CompletionMode != batchv1.IndexedCompletion {
			return fmt.Errorf("the export Job must be an Indexed Job")
		}
		pod = &j.Spec.Template.Spec
	default:
		return fmt.Errorf("unexpected %s %s", head.APIVersion, head.Kind)
	}
	if sc := pod.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
		return fmt.Errorf("pods must run as non-root")
	}
	for _, c := range pod.Containers {
		if c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() || c.Resources.Limits.Cpu().IsZero() {
			return fmt.Errorf("container %s needs CPU and memory requests and limits", c.Name)
		}
		if !strings.HasPrefix(c.Image, "pdfexport") {
			return fmt.Errorf("container %s runs %s, not pdfexport", c.Name, c.Image)
		}
	}
	return nil
}
