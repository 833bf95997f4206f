package journal_test

import (
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// A batch recorded by round 1 (format 1, IVR numbers only, "kind" naming
// the purpose) is read as the IVR kind: its jobs' numbers become the IVR
// kind's intent JSON, its before-states carry over, and its job and batch
// state records still apply. A reload after the upgrade resumes it.
func TestFormat1RecordReadsAsIVRKind(t *testing.T) {
	const head = `{"format":1,"id":"20260301T090000-0badc0de","kind":"undo","plan":"plan-1",` +
		`"created":"2026-03-01T09:00:00Z","state":"running",` +
		`"jobs":[{"id":"j1","ivr":"ivr-a","name":"Alpha","add":["+13175550009"],"remove":["+13175550001"],"state":"queued"},` +
		`{"id":"j2","ivr":"ivr-b","name":"Bravo","add":["+13175550001"],"after":["j1"],"state":"queued"}],` +
		`"before":{"ivr-a":{"name":"Alpha","version":4,"dnis":["+13175550001"]},"ivr-b":{"name":"Bravo","version":2,"dnis":[]}}}`
	store := &kv.Map{}
	const key = journal.DefaultPrefix + "b/20260301T090000-0badc0de"
	for k, v := range map[string]string{
		key:            head,
		key + "/state": `{"s":"paused","u":"2026-03-01T09:00:05Z"}`,
		key + "/j/j1":  `{"s":"done","a":1,"u":"2026-03-01T09:00:03Z"}`,
		key + "/j/j2":  `{"s":"waiting","a":2,"e":"rate limit","u":"2026-03-01T09:00:04Z"}`,
	} {
		if err := store.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	j := &journal.Journal{Store: store}
	b, err := j.Load()
	if err != nil || b == nil {
		t.Fatalf("Load() = %v, %v", b, err)
	}
	if b.Format != 1 || b.Kind != journal.KindIVRNumbers || b.Purpose != journal.Undo || b.PlanID != "plan-1" ||
		b.State != pacer.BatchPaused || !b.Updated.Equal(time.Date(2026, 3, 1, 9, 0, 5, 0, time.UTC)) {
		t.Errorf("batch = %+v", b)
	}
	if len(b.Jobs) != 2 {
		t.Fatalf("%d jobs, want 2", len(b.Jobs))
	}
	j1, j2 := b.Jobs[0], b.Jobs[1]
	if j1.Key != "ivr-a" || j1.Label != "Alpha" || string(j1.Intent) != `{"ivr":"ivr-a","add":["+13175550009"],"remove":["+13175550001"]}` ||
		j1.State != pacer.JobDone || j1.Attempts != 1 {
		t.Errorf("job 1 = %+v (intent %s)", j1, j1.Intent)
	}
	if j2.Key != "ivr-b" || string(j2.Intent) != `{"ivr":"ivr-b","add":["+13175550001"]}` || len(j2.After) != 1 || j2.After[0] != "j1" ||
		j2.State != pacer.JobWaiting || j2.Error != "rate limit" {
		t.Errorf("job 2 = %+v (intent %s)", j2, j2.Intent)
	}
	if got := string(b.Before["ivr-a"]); got != `{"name":"Alpha","version":4,"dnis":["+13175550001"]}` {
		t.Errorf("before ivr-a = %s", got)
	}
	// The batch goes on in the new format's records: its job and state
	// records are written as before, next to the old head.
	if err := j.SetJob(b.ID, "j2", pacer.JobDone, 3, "", time.Date(2026, 3, 1, 9, 1, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := j.Finish(b.ID, pacer.BatchDone, time.Date(2026, 3, 1, 9, 1, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	// Its history record is written in this format and reads back the same.
	h := &journal.History{Store: store}
	b, _ = j.Load()
	if err := h.Add(*b, journal.Who{User: "Ada"}, b.Updated); err != nil {
		t.Fatal(err)
	}
	got, err := h.Batch(b.ID)
	if err != nil || got.Kind != journal.KindIVRNumbers || got.Purpose != journal.Undo || got.Jobs[1].State != pacer.JobDone ||
		string(got.Jobs[0].Intent) != string(j1.Intent) {
		t.Errorf("history batch = %+v, %v", got, err)
	}
}

// A round-1 history (index and batch record in format 1) stays listed and
// readable after the upgrade.
func TestFormat1HistoryIsRead(t *testing.T) {
	store := &kv.Map{}
	for k, v := range map[string]string{
		journal.DefaultHistoryPrefix + "index": `{"format":1,"entries":[{"id":"b1","kind":"apply","state":"done",` +
			`"created":"2026-03-01T09:00:00Z","ended":"2026-03-01T09:01:00Z","user":"Ada","jobs":1,"done":1,"failed":0,"cancelled":0,"size":300,"kept":true}],"dropped":0}`,
		journal.DefaultHistoryPrefix + "b/b1": `{"format":1,"head":{"format":1,"id":"b1","kind":"apply","created":"2026-03-01T09:00:00Z","state":"done",` +
			`"jobs":[{"id":"j1","ivr":"ivr-a","name":"Alpha","add":["+13175550009"],"state":"queued"}],` +
			`"before":{"ivr-a":{"name":"Alpha","version":4,"dnis":[]}}},"jobs":{"j1":{"s":"done","a":1,"u":"2026-03-01T09:00:30Z"}}}`,
	} {
		if err := store.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	h := &journal.History{Store: store}
	list, _ := h.List()
	if len(list) != 1 || list[0].Kind != journal.KindIVRNumbers || list[0].Purpose != journal.Apply || list[0].State != pacer.BatchDone || list[0].Who.User != "Ada" {
		t.Fatalf("list = %+v", list)
	}
	b, err := h.Batch("b1")
	if err != nil || b.Kind != journal.KindIVRNumbers || b.State != pacer.BatchDone || b.Jobs[0].State != pacer.JobDone ||
		string(b.Jobs[0].Intent) != `{"ivr":"ivr-a","add":["+13175550009"]}` {
		t.Errorf("Batch(b1) = %+v, %v", b, err)
	}
}
