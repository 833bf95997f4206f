package journal_test

import (
	"testing"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal/journaltest"
	"github.com/gcpace/gcpace/wasm/kv"
)

func TestStoreSuiteOnMap(t *testing.T) {
	journaltest.RunStoreSuite(t, func() kv.Store { return &kv.Map{} })
}

// The suite must also hold when every subtest shares one store, as it does
// over the browser's single localStorage.
func TestStoreSuiteOnSharedMap(t *testing.T) {
	shared := &kv.Map{}
	journaltest.RunStoreSuite(t, func() kv.Store { return shared })
	if keys := shared.Keys(""); len(keys) != 0 {
		t.Errorf("the suite left keys behind: %q", keys)
	}
}
