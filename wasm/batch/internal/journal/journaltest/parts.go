package journaltest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// bigJobs is more jobs than one part record holds (format 3): a batch this
// big is written as a head and several parts.
const bigJobs = 600

// parts: a big batch is recorded in part records and read back whole; a
// part that is missing or unreadable loses its batch, reported, never half
// of it.
var parts = []testCase{
	{"a big batch is recorded in parts and read back whole", func(t *testing.T, j *journal.Journal) {
		want := Sample("big", bigJobs, t0)
		// A before-state no job names (the kinds give none today) still
		// comes back.
		want.Before["unnamed"] = json.RawMessage(`{"name":"spare","version":1,"dnis":[]}`)
		mustStart(t, j, want)
		head, _ := j.Store.Get(j.Prefix + "b/big")
		if strings.Contains(head, `"jobs"`) || strings.Contains(head, "+1463555") {
			t.Errorf("the head of a %d-job batch holds its jobs (%d bytes)", bigJobs, len(head))
		}
		partKeys := j.Store.Keys(j.Prefix + "b/big/p/")
		if len(partKeys) < 2 {
			t.Fatalf("part records %q; want at least two for %d jobs", partKeys, bigJobs)
		}
		if err := j.SetJob("big", "j599", pacer.JobDone, 1, "", t1); err != nil {
			t.Fatal(err)
		}
		want.Jobs[598].State, want.Jobs[598].Attempts, want.Jobs[598].Updated = pacer.JobDone, 1, t1
		checkBatch(t, mustLoad(t, j), want)
		j.Discard("big")
		if left := j.Store.Keys(j.Prefix + "b/"); len(left) != 0 {
			t.Errorf("Discard left %q", left)
		}
	}},
	{"a missing part loses the batch, reported", func(t *testing.T, j *journal.Journal) {
		mustStart(t, j, Sample("big", bigJobs, t0))
		key := j.Prefix + "b/big"
		head, _ := j.Store.Get(key)
		j.Store.Remove(key + "/p/1")
		b, err := j.Load()
		if b != nil {
			t.Errorf("Load() gave a batch with a part missing: %d jobs", len(b.Jobs))
		}
		checkCorrupt(t, j, err, key, head, "part 2 of its")
		if left := j.Store.Keys(key); len(left) != 0 {
			t.Errorf("records of the lost batch left in place: %q", left)
		}
		// Nothing blocks the next batch.
		mustStart(t, j, Sample("b2", 1, t1))
	}},
	{"an unreadable part is reported; peek moves nothing", func(t *testing.T, j *journal.Journal) {
		mustStart(t, j, Sample("big", bigJobs, t0))
		key := j.Prefix + "b/big"
		mustSet(t, j, key+"/p/0", `{"jobs":[{"id":"j1"`)
		b, err := j.Peek()
		var ce *journal.CorruptError
		if b != nil || !errors.As(err, &ce) || ce.Key != key || ce.KeptAs != key || !strings.Contains(ce.Reason, "part 1 of its") {
			t.Fatalf("Peek() = %v, %v; want no batch and a CorruptError for %s left in place", b, err, key)
		}
		if v, _ := j.Store.Get(key + "/p/0"); v != `{"jobs":[{"id":"j1"` {
			t.Errorf("Peek changed the part: %q", v)
		}
		_, err = j.Load()
		if !errors.As(err, &ce) || ce.KeptAs == key {
			t.Errorf("Load() = %v; want the batch kept aside", err)
		}
	}},
	{"a format-2 head of many jobs is still read", func(t *testing.T, j *journal.Journal) {
		// What a page before format 3 left behind: every job in the head.
		want := Sample("old", bigJobs, t0)
		jobs := make([]map[string]any, 0, bigJobs)
		for _, job := range want.Jobs {
			jobs = append(jobs, map[string]any{"id": job.ID, "key": job.Key, "label": job.Label, "intent": job.Intent, "after": job.After, "state": string(job.State)})
		}
		head, err := json.Marshal(map[string]any{"format": 2, "id": "old", "kind": want.Kind, "purpose": string(want.Purpose),
			"created": want.Created, "state": string(want.State), "jobs": jobs, "before": want.Before})
		if err != nil {
			t.Fatal(err)
		}
		mustSet(t, j, j.Prefix+"b/old/state", fmt.Sprintf(`{"s":"running","u":%q}`, t0.Format("2006-01-02T15:04:05Z07:00")))
		mustSet(t, j, j.Prefix+"b/old", string(head))
		got := mustLoad(t, j)
		if got.Format != 2 || len(got.Jobs) != bigJobs || got.Jobs[bigJobs-1].Key != want.Jobs[bigJobs-1].Key || len(got.Before) != bigJobs {
			t.Errorf("format-2 head read as format %d, %d jobs, %d before-states", got.Format, len(got.Jobs), len(got.Before))
		}
	}},
}
