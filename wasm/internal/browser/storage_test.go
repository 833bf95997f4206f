//go:build js && wasm

package browser

import (
	"errors"
	"strings"
	"testing"

	"github.com/gcpace/gcpace/wasm/batch/batchtest"
	"github.com/gcpace/gcpace/wasm/kv"
)

// The journal's store suite, the one kv.Map passes natively, against the
// real localStorage of Chromium.
func TestJournalSuiteOnLocalStorage(t *testing.T) {
	batchtest.RunStoreSuite(t, func() kv.Store { return LocalStorage() })
}

func TestStorageRoundTrip(t *testing.T) {
	for name, s := range map[string]*Storage{"local": LocalStorage(), "session": SessionStorage()} {
		t.Run(name, func(t *testing.T) {
			if err := s.Set("gcpace-test/a", "1"); err != nil {
				t.Fatal(err)
			}
			if err := s.Set("gcpace-test/b", "ünïcode ✓"); err != nil {
				t.Fatal(err)
			}
			if v, ok := s.Get("gcpace-test/b"); !ok || v != "ünïcode ✓" {
				t.Errorf("Get = %q, %v", v, ok)
			}
			if keys := s.Keys("gcpace-test/"); strings.Join(keys, " ") != "gcpace-test/a gcpace-test/b" {
				t.Errorf("Keys = %v", keys)
			}
			s.Remove("gcpace-test/a")
			s.Remove("gcpace-test/b")
			if _, ok := s.Get("gcpace-test/a"); ok {
				t.Error("deleted key still there")
			}
		})
	}
}

// A full localStorage answers kv.ErrQuota, which the journal turns into words.
func TestStorageQuota(t *testing.T) {
	s := LocalStorage()
	big := strings.Repeat("x", 1<<20) // 2 MiB in UTF-16; Chromium allows about 5 MiB per origin
	var err error
	var keys []string
	for i := 0; i < 20 && err == nil; i++ {
		k := "gcpace-quota/" + string(rune('a'+i))
		keys = append(keys, k)
		err = s.Set(k, big)
	}
	for _, k := range keys {
		s.Remove(k)
	}
	if !errors.Is(err, kv.ErrQuota) {
		t.Fatalf("filling localStorage gave %v, want kv.ErrQuota", err)
	}
}
