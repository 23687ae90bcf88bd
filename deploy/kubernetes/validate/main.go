// Command validate checks the Kubernetes manifests beside it offline: every
// document must decode strictly (no unknown or misspelt field, every value of
// the right type) into the Kubernetes API's own Go types for its apiVersion
// and kind, and a few rules of this project must hold (probes, resources,
// non-root). It is its own module so that the service does not depend on the
// Kubernetes libraries.
//
//	cd deploy/kubernetes/validate && go run . ../*.yaml
package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

func main() {
	failed := false
	for _, path := range os.Args[1:] {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for i, doc := range bytes.Split(data, []byte("\n---")) {
			if len(bytes.TrimSpace(doc)) == 0 {
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
