package langcorpus

import (
	"os"
	"testing"
)

// ForTest loads the corpus from DefaultDir for a test. Without CLDR the
// test is skipped, except under CI (CI=true), where CLDR is installed by
// .ci/run and its absence fails the test: a check that skips there checks
// nothing.
func ForTest(t testing.TB) []Sample {
	t.Helper()
	if _, err := os.Stat(DefaultDir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CLDR is required under CI (unicode-cldr-core, see .ci/run): %v", err)
		}
		t.Skipf("CLDR not installed (Debian's unicode-cldr-core): %v", err)
	}
	samples, err := Load(DefaultDir)
	if err != nil {
		t.Fatal(err)
	}
	return samples
}
