package journal_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// countingStore counts what is written through it.
type countingStore struct {
	kv.Store
	sets, bytes int
}

func (c *countingStore) Set(k, v string) error {
	c.sets++
	c.bytes += len(k) + len(v)
	return c.Store.Set(k, v)
}

// A 600-job batch must not cost O(n²) bytes to record: each state change
// rewrites only its job's small record.
func TestBatchWriteCost(t *testing.T) {
	const jobs = 600
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	b := journal.Batch{ID: "batch-1", Kind: "ivr-numbers", Purpose: journal.Apply, Created: now, Updated: now,
		Before: map[string]json.RawMessage{}}
	for i := range jobs {
		ivr := fmt.Sprintf("%08x-1b2c-4d5e-8f90-%012x", i, i) // Genesys ids are UUIDs
		b.Before[ivr] = json.RawMessage(fmt.Sprintf(`{"name":"Main line %d","version":7,"dnis":["+1317555%04d","+1317666%04d"]}`, i, i, i))
		b.Jobs = append(b.Jobs, journal.JobRecord{ID: fmt.Sprintf("j%d", i+1), Key: ivr, Label: fmt.Sprintf("Main line %d", i),
			Intent: json.RawMessage(fmt.Sprintf(`{"add":["+1463555%04d"]}`, i)), State: pacer.JobQueued, Updated: now})
	}
	planned := b.Jobs
	store := &countingStore{Store: &kv.Map{}}
	j := &journal.Journal{Store: store}
	if err := j.Start(b); err != nil {
		t.Fatal(err)
	}
	startBytes := store.bytes
	changes := 0
	for i, p := range planned {
		states := []pacer.State{pacer.JobSending, pacer.JobDone}
		if i%10 == 0 { // a 429 now and then
			states = []pacer.State{pacer.JobSending, pacer.JobWaiting, pacer.JobSending, pacer.JobDone}
		}
		for a, s := range states {
			now = now.Add(600 * time.Millisecond)
			errText := ""
			if s == pacer.JobWaiting {
				errText = "rate limit: 100/min on IVR updates"
			}
			if err := j.SetJob("batch-1", p.ID, s, 1+a/2, errText, now); err != nil {
				t.Fatal(err)
			}
			changes++
		}
	}
	if err := j.Finish("batch-1", pacer.BatchDone, now); err != nil {
		t.Fatal(err)
	}
	perChange := (store.bytes - startBytes) / changes
	naive := startBytes * changes // rewriting the whole batch on every change
	t.Logf("600-job batch: start %d B, %d state changes at %d B each, %d B total written; rewriting the batch each time would be %d B (%.0fx)",
		startBytes, changes, perChange, store.bytes, naive, float64(naive)/float64(store.bytes))
	if perChange > 160 {
		t.Errorf("a state change writes %d bytes, want at most 160", perChange)
	}
	if store.bytes > 3*startBytes {
		t.Errorf("recording the run wrote %d bytes, more than 3x the %d-byte batch itself", store.bytes, startBytes)
	}
	if b, err := j.Load(); err != nil || len(b.Jobs) != jobs || b.Jobs[jobs-1].State != pacer.JobDone {
		t.Errorf("Load() after the run: %v", err)
	}
}
