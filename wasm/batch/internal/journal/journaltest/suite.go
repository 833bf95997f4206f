// Package journaltest is the journal's store suite: one set of tests that
// any kv.Store must pass under the journal — the in-memory kv.Map natively,
// and the browser's localStorage in Chromium.
package journaltest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// Instants the suite's steps happen at.
var (
	t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t1 = t0.Add(1 * time.Second)
	t2 = t0.Add(2 * time.Second)
	t3 = t0.Add(3 * time.Second)
)

// RunStoreSuite runs the journal's tests against stores made by newStore.
// Each subtest uses its own key prefix and deletes its keys afterwards, so
// newStore may return the same shared store (localStorage) every time.
func RunStoreSuite(t *testing.T, newStore func() kv.Store) {
	for _, tc := range slices.Concat(lifecycle, corruption, parts) {
		t.Run(tc.name, func(t *testing.T) {
			store := newStore()
			prefix := "journaltest/" + t.Name() + "/"
			t.Cleanup(func() {
				for _, k := range store.Keys(prefix) {
					store.Remove(k)
				}
			})
			tc.run(t, &journal.Journal{Store: store, Prefix: prefix})
		})
	}
}

// testCase is one subtest of the suite, given its own journal.
type testCase struct {
	name string
	run  func(t *testing.T, j *journal.Journal)
}

// lifecycle: recording, reading back, replacing and discarding batches.
var lifecycle = []testCase{
	{"nothing recorded", func(t *testing.T, j *journal.Journal) {
		b, err := j.Load()
		if b != nil || err != nil {
			t.Fatalf("Load() = %v, %v; want nil, nil", b, err)
		}
	}},
	{"start then load gives the batch back", func(t *testing.T, j *journal.Journal) {
		want := Sample("b1", 3, t0)
		mustStart(t, j, want)
		checkBatch(t, mustLoad(t, j), want)
	}},
	{"job states recorded and read back", func(t *testing.T, j *journal.Journal) {
		want := Sample("b1", 3, t0)
		mustStart(t, j, want)
		steps := []struct {
			job      string
			state    pacer.State
			attempts int
			err      string
			at       time.Time
		}{
			{"j1", pacer.JobSending, 1, "", t1},
			{"j1", pacer.JobDone, 1, "", t2},
			{"j2", pacer.JobWaiting, 2, "rate limit", t2},
			{"j3", pacer.JobFailed, 1, "Genesys said: number not in a DID pool", t3},
		}
		for i, s := range steps {
			if err := j.SetJob("b1", s.job, s.state, s.attempts, s.err, s.at); err != nil {
				t.Fatalf("step %d: SetJob(%s, %s): %v", i, s.job, s.state, err)
			}
			k := jobIndex(want, s.job)
			want.Jobs[k].State, want.Jobs[k].Attempts, want.Jobs[k].Error, want.Jobs[k].Updated = s.state, s.attempts, s.err, s.at
		}
		checkBatch(t, mustLoad(t, j), want)
	}},
	{"batch state and finish", func(t *testing.T, j *journal.Journal) {
		want := Sample("b1", 1, t0)
		mustStart(t, j, want)
		if err := j.SetState("b1", pacer.BatchPaused, t1); err != nil {
			t.Fatal(err)
		}
		if got := mustLoad(t, j); got.State != pacer.BatchPaused || !got.Updated.Equal(t1) {
			t.Errorf("after SetState: state %q at %v, want paused at %v", got.State, got.Updated, t1)
		}
		if err := j.Finish("b1", pacer.BatchRunning, t2); err == nil {
			t.Error("Finish with a state that is not final: no error")
		}
		if err := j.Finish("b1", pacer.BatchCancelled, t2); err != nil {
			t.Fatal(err)
		}
		want.State, want.Updated = pacer.BatchCancelled, t2
		checkBatch(t, mustLoad(t, j), want)
	}},
	{"unknown batch, job state or batch state refused", func(t *testing.T, j *journal.Journal) {
		mustStart(t, j, Sample("b1", 1, t0))
		for i, err := range []error{
			j.SetJob("nope", "j1", pacer.JobDone, 1, "", t1),
			j.SetJob("b1", "j1", "landed", 1, "", t1),
			j.SetJob("b1", "", pacer.JobDone, 1, "", t1),
			j.SetState("nope", pacer.BatchPaused, t1),
			j.SetState("b1", "resting", t1),
		} {
			if err == nil {
				t.Errorf("case %d: no error", i)
			}
		}
	}},
	{"start refuses a batch it cannot record faithfully", func(t *testing.T, j *journal.Journal) {
		cases := []struct {
			name   string
			mutate func(b *journal.Batch)
		}{
			{"empty id", func(b *journal.Batch) { b.ID = "" }},
			{"id with slash", func(b *journal.Batch) { b.ID = "a/b" }},
			{"unknown purpose", func(b *journal.Batch) { b.Purpose = "redo" }},
			{"duplicate job", func(b *journal.Batch) { b.Jobs[1].ID = b.Jobs[0].ID }},
			{"no before-state", func(b *journal.Batch) { delete(b.Before, b.Jobs[0].Key) }},
			{"no key", func(b *journal.Batch) { b.Jobs[0].Key = "" }},
			{"no intent", func(b *journal.Batch) { b.Jobs[0].Intent = nil }},
			{"no kind of edit", func(b *journal.Batch) { b.Kind = "" }},
			{"unknown job state", func(b *journal.Batch) { b.Jobs[0].State = "pending" }},
			{"unknown batch state", func(b *journal.Batch) { b.State = "busy" }},
		}
		for _, c := range cases {
			b := Sample("b1", 2, t0)
			c.mutate(&b)
			if err := j.Start(b); err == nil {
				t.Errorf("%s: Start succeeded", c.name)
			}
		}
		if b, err := j.Load(); b != nil || err != nil {
			t.Errorf("after refused starts Load() = %v, %v; want nothing", b, err)
		}
	}},
	{"start refuses while a batch is unfinished", func(t *testing.T, j *journal.Journal) {
		mustStart(t, j, Sample("b1", 1, t0))
		if err := j.Start(Sample("b2", 1, t1)); err == nil || !strings.Contains(err.Error(), "not finished") {
			t.Fatalf("Start while b1 runs: %v, want a not-finished error", err)
		}
		if err := j.Start(Sample("b1", 1, t1)); err == nil {
			t.Fatal("Start with a recorded id: no error")
		}
	}},
	{"a new batch replaces the finished one", func(t *testing.T, j *journal.Journal) {
		mustStart(t, j, Sample("b1", 2, t0))
		if err := j.Finish("b1", pacer.BatchDone, t1); err != nil {
			t.Fatal(err)
		}
		undo := Sample("b2", 1, t2)
		undo.Purpose = journal.Undo
		mustStart(t, j, undo)
		checkBatch(t, mustLoad(t, j), undo)
		for _, k := range j.Store.Keys(j.Prefix) {
			if strings.HasPrefix(k[len(j.Prefix):], "b/b1") {
				t.Errorf("key %s of the replaced batch is still stored", k)
			}
		}
	}},
	{"discard", func(t *testing.T, j *journal.Journal) {
		mustStart(t, j, Sample("b1", 2, t0))
		if err := j.SetJob("b1", "j1", pacer.JobDone, 1, "", t1); err != nil {
			t.Fatal(err)
		}
		j.Discard("b1")
		if keys := j.Store.Keys(j.Prefix); len(keys) != 0 {
			t.Errorf("after Discard keys remain: %q", keys)
		}
		if b, err := j.Load(); b != nil || err != nil {
			t.Errorf("after Discard Load() = %v, %v", b, err)
		}
	}},
	{"the latest batch is loaded", func(t *testing.T, j *journal.Journal) {
		// Two heads can coexist when a Start died before cleaning up.
		mustStart(t, j, Sample("b1", 1, t0))
		if err := j.Finish("b1", pacer.BatchDone, t1); err != nil {
			t.Fatal(err)
		}
		old, _ := j.Store.Get(j.Prefix + "b/b1")
		oldState, _ := j.Store.Get(j.Prefix + "b/b1/state")
		mustStart(t, j, Sample("b2", 1, t2))
		mustSet(t, j, j.Prefix+"b/b1", old)
		mustSet(t, j, j.Prefix+"b/b1/state", oldState)
		if got := mustLoad(t, j); got.ID != "b2" {
			t.Errorf("Load() = batch %s, want the latest, b2", got.ID)
		}
	}},
	{"no token is ever stored", func(t *testing.T, j *journal.Journal) {
		mustStart(t, j, Sample("b1", 2, t0))
		leaks := []string{
			`Get "https://api.example/x": Authorization: Bearer eyJhbGciOi.secret.sig refused`,
			`redirect to https://page/#access_token=abc123&expires_in=3600`,
		}
		for i, text := range leaks {
			if err := j.SetJob("b1", "j1", pacer.JobFailed, i+1, text, t1); err != nil {
				t.Fatal(err)
			}
			if err := j.SetJob("b1", "j2", pacer.JobWaiting, i+1, text, t1); err != nil {
				t.Fatal(err)
			}
		}
		if err := j.Finish("b1", pacer.BatchDone, t2); err != nil {
			t.Fatal(err)
		}
		for _, k := range j.Store.Keys(j.Prefix) {
			v, _ := j.Store.Get(k)
			for _, bad := range []string{"access_token", "bearer", "eyJhbGciOi", "abc123"} {
				if strings.Contains(strings.ToLower(k+v), strings.ToLower(bad)) {
					t.Errorf("stored %s = %s holds %q", k, v, bad)
				}
			}
		}
	}},
}
