package journaltest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// corruption: records the journal cannot read are reported and kept, never
// dropped, and cost at most the one job whose state was lost.
var corruption = []testCase{
	{"unreadable head is kept aside and reported", func(t *testing.T, j *journal.Journal) {
		mustStart(t, j, Sample("b1", 2, t0))
		key := j.Prefix + "b/b1"
		mustSet(t, j, key, `{"format":1,"id":"b1","jobs":[{`)
		b, err := j.Load()
		if b != nil {
			t.Errorf("Load() gave a batch from an unreadable head: %+v", b)
		}
		ce := checkCorrupt(t, j, err, key, `{"format":1,"id":"b1","jobs":[{`, "not valid JSON")
		if ce != nil && len(j.Store.Keys(key)) != 0 {
			t.Errorf("records of the unreadable batch left in place: %q", j.Store.Keys(key))
		}
		// The batch is gone from the journal's view, so a new one may start.
		mustStart(t, j, Sample("b2", 1, t1))
		if kept := j.Store.Keys(j.Prefix + "corrupt/"); len(kept) == 0 {
			t.Error("starting a new batch dropped the kept-aside record")
		}
	}},
	{"peek reports an unreadable record and leaves it", func(t *testing.T, j *journal.Journal) {
		mustStart(t, j, Sample("b1", 1, t0))
		key := j.Prefix + "b/b1/j/j1"
		mustSet(t, j, key, "garbage")
		b, err := j.Peek()
		var ce *journal.CorruptError
		if b == nil || !errors.As(err, &ce) || ce.Key != key || ce.KeptAs != key {
			t.Fatalf("Peek() = %v, %v; want the batch and a CorruptError kept at %s", b, err, key)
		}
		if v, _ := j.Store.Get(key); v != "garbage" {
			t.Errorf("Peek moved or changed the record: %q", v)
		}
		if kept := j.Store.Keys(j.Prefix + "corrupt/"); len(kept) != 0 {
			t.Errorf("Peek kept records aside: %q", kept)
		}
	}},
	{"newer format is reported and left in place", func(t *testing.T, j *journal.Journal) {
		// An older copy of the page must not strand a newer one's batch:
		// neither the head nor its state and job records move.
		key := j.Prefix + "b/future"
		future := `{"format":4,"id":"future","jobs":[],"before":{}}`
		mustSet(t, j, key, future)
		mustSet(t, j, key+"/state", `{"s":"running","u":"2026-03-01T09:00:01Z"}`)
		mustSet(t, j, key+"/j/x", `{"s":"sending","u":"2026-03-01T09:00:01Z","new":1}`)
		b, err := j.Load()
		if b != nil {
			t.Errorf("Load() read a format it does not know: %+v", b)
		}
		var ne *journal.NewerError
		if !errors.As(err, &ne) || ne.Key != key || ne.Format != 4 || ne.Finished {
			t.Errorf("Load() error = %v; want a NewerError for %s, format 4, not finished", err, key)
		}
		var ce *journal.CorruptError
		if errors.As(err, &ce) {
			t.Errorf("a newer format was reported as corrupt: %v", ce)
		}
		for k, want := range map[string]string{key: future, key + "/state": `{"s":"running","u":"2026-03-01T09:00:01Z"}`} {
			if v, _ := j.Store.Get(k); v != want {
				t.Errorf("%s = %q after Load, want it untouched", k, v)
			}
		}
		if kept := j.Store.Keys(j.Prefix + "corrupt/"); len(kept) != 0 {
			t.Errorf("records kept aside: %q", kept)
		}
		// While it may still run, no batch of this version starts beside it.
		if err := j.Start(Sample("b1", 1, t0)); err == nil {
			t.Error("Start began a batch beside a newer version's unfinished one")
		}
		mustSet(t, j, key+"/state", `{"s":"done","u":"2026-03-01T09:00:02Z"}`)
		mustStart(t, j, Sample("b1", 1, t0))
		if v, _ := j.Store.Get(key); v != future {
			t.Errorf("Start dropped the newer version's finished batch: %q", v)
		}
	}},
	{"missing format is kept aside and reported", func(t *testing.T, j *journal.Journal) {
		key := j.Prefix + "b/old"
		mustSet(t, j, key, `{"id":"old"}`)
		_, err := j.Load()
		checkCorrupt(t, j, err, key, `{"id":"old"}`, "no format")
	}},
	{"unreadable job state: batch kept, job reconciled", func(t *testing.T, j *journal.Journal) {
		want := Sample("b1", 2, t0)
		mustStart(t, j, want)
		if err := j.SetJob("b1", "j1", pacer.JobDone, 1, "", t1); err != nil {
			t.Fatal(err)
		}
		key := j.Prefix + "b/b1/j/j2"
		mustSet(t, j, key, "garbage")
		b, err := j.Load()
		checkCorrupt(t, j, err, key, "garbage", "not valid JSON")
		if b == nil {
			t.Fatal("Load() dropped the batch over one unreadable job state")
		}
		if got := b.Jobs[1].State; got != pacer.JobSending {
			t.Errorf("job with unreadable state is %q, want %q (to be re-read)", got, pacer.JobSending)
		}
		if got := b.Jobs[0].State; got != pacer.JobDone {
			t.Errorf("readable job state lost: %q", got)
		}
	}},
	{"unknown job state value is kept aside", func(t *testing.T, j *journal.Journal) {
		mustStart(t, j, Sample("b1", 1, t0))
		key := j.Prefix + "b/b1/j/j1"
		mustSet(t, j, key, `{"s":"landed","u":"2026-03-01T09:00:01Z"}`)
		_, err := j.Load()
		checkCorrupt(t, j, err, key, `{"s":"landed","u":"2026-03-01T09:00:01Z"}`, `unknown state "landed"`)
	}},
	{"unreadable batch state reads as paused", func(t *testing.T, j *journal.Journal) {
		mustStart(t, j, Sample("b1", 1, t0))
		key := j.Prefix + "b/b1/state"
		mustSet(t, j, key, "[")
		b, err := j.Load()
		checkCorrupt(t, j, err, key, "[", "not valid JSON")
		if b == nil || b.State != pacer.BatchPaused {
			t.Errorf("Load() = %+v, want the batch, paused", b)
		}
	}},
	{"a second corrupt record with the same key is kept too", func(t *testing.T, j *journal.Journal) {
		key := j.Prefix + "b/x"
		for i := range 2 {
			mustSet(t, j, key, fmt.Sprintf("bad %d", i))
			if _, err := j.Load(); err == nil {
				t.Fatalf("round %d: no error", i)
			}
		}
		if kept := j.Store.Keys(j.Prefix + "corrupt/"); len(kept) != 2 {
			t.Errorf("kept aside %q, want two records", kept)
		}
	}},
	{"start neither blocks on nor deletes an unreadable record", func(t *testing.T, j *journal.Journal) {
		key := j.Prefix + "b/old"
		mustSet(t, j, key, "{")
		mustStart(t, j, Sample("b1", 1, t0))
		if v, ok := j.Store.Get(key); !ok || v != "{" {
			t.Errorf("Start touched the unreadable record: %q, %v", v, ok)
		}
		b, err := j.Load()
		checkCorrupt(t, j, err, key, "{", "not valid JSON")
		if b == nil || b.ID != "b1" {
			t.Errorf("Load() = %v, want b1 next to the report", b)
		}
	}},
}
