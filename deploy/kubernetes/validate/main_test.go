package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yannh/kubeconform/pkg/validator"
)

func newValidator(t *testing.T) validator.Validator {
	t.Helper()
	abs, _ := filepath.Abs("schemas")
	v, err := validator.New([]string{abs + "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"},
		validator.Opts{KubernetesVersion: kubernetesVersion, Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSchemasCatchMistakes checks that the shipped schemas reject the
// mistakes a hand-edited manifest makes, before the typed decoding runs.
func TestSchemasCatchMistakes(t *testing.T) {
	v := newValidator(t)
	job, err := os.ReadFile("../export-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := conform(v, "job", job); err != nil {
		t.Fatalf("the shipped Job fails its schema: %v", err)
	}
	// What Kubernetes accepts passes too: a quantity written as a number.
	if err := conform(v, "job", []byte(strings.Replace(string(job), `cpu: "2"`, "cpu: 2", 1))); err != nil || !strings.Contains(string(job), `cpu: "2"`) {
		t.Errorf("cpu: 2 is rejected: %v", err)
	}
	for _, c := range []struct{ name, from, to, want string }{
		{"misspelt field", "parallelism: 8", "paralelism: 8", "paralelism"},
		{"wrong type", "parallelism: 8", "parallelism: eight", "parallelism"},
		{"misspelt nested field", "readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true", "readOnlyRootFileSystem"},
		{"a list for a number", "completions: 8", "completions: [8]", "completions"},
		{"a kind without a shipped schema", "kind: Job", "kind: CronJob", "could not find schema for CronJob"},
		{"an unknown API version", "apiVersion: batch/v1", "apiVersion: batch/v9", "could not find schema for Job"},
	} {
		doc := strings.Replace(string(job), c.from, c.to, 1)
		if doc == string(job) {
			t.Fatalf("%s: %q is not in the Job", c.name, c.from)
		}
		err := conform(v, "job", []byte(doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one naming %q", c.name, err, c.want)
		}
	}
}
