package batch

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

var keys = []string{"a", "b", "c", "d", "e"}

// Start records the batch, runs every job through the kind's Work, and the
// journal and the history say done; the page saw the kind's words.
func TestStartRunsAndRecords(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newResource(keys...)
		k := testKind{r}
		tb := openTab(&kv.Map{}, &kv.Map{}, &fakeLock{}, k)
		defer tb.stop()
		tb.e.StartHistory(Who{User: "Ada"})
		if !tb.e.Reserve() || tb.e.Reserve() {
			t.Fatal("Reserve: want one claim, then none")
		}
		if err := tb.e.Start(plan(k, "xmas", keys...)); err != nil {
			t.Fatal(err)
		}
		for _, key := range keys {
			if v, _ := r.get(key); !slices.Equal(v, []string{"xmas"}) {
				t.Errorf("%s holds %v", key, v)
			}
		}
		rec, err := tb.e.Load()
		if err != nil || rec.State != pacer.BatchDone || rec.Kind != "test-words" || rec.Purpose != Apply || rec.PlanID != "plan-1" {
			t.Fatalf("journal: %+v, %v", rec, err)
		}
		for _, j := range rec.Jobs {
			if j.State != pacer.JobDone || string(j.Intent) != `{"add":["xmas"]}` {
				t.Errorf("job %s: %s, intent %s", j.ID, j.State, j.Intent)
			}
		}
		s := tb.host.view()
		if !s.Batch.Finished() || s.Batch.Done != 5 || s.Batch.Jobs[0].Summary != "add [xmas]" || s.Batch.Jobs[0].Label != "list a" {
			t.Errorf("screen batch %+v", s.Batch)
		}
		if s.History == nil || len(s.History.Entries) != 1 || s.History.Entries[0].Kind != "test-words" || s.History.Entries[0].Who.User != "Ada" {
			t.Errorf("history %+v", s.History)
		}
		if len(tb.host.ended) != 1 || tb.e.Running() || !tb.e.Reserve() {
			t.Errorf("ended %d times, running %v; want once, and free for the next batch", len(tb.host.ended), tb.e.Running())
		}
	})
}

// recordHalfway writes the journal of a batch a page left when it closed:
// job 1 done, job 2 sending (its PUT landed), job 3 sending (it did not),
// jobs 4 and 5 queued; this tab's session says it owns it.
func recordHalfway(t *testing.T, k testKind, local, session kv.Store) string {
	t.Helper()
	p := plan(k, "xmas", keys...)
	e := New(Config{Local: local, Session: session, Kinds: []Kind{k}, Host: &fakeHost{}})
	now := time.Now()
	rec := Record{Format: journal.Format, ID: "b1", Kind: k.Name(), Purpose: Apply, Created: now, State: pacer.BatchRunning, Updated: now, Before: p.Before}
	for _, j := range p.Jobs {
		raw, _ := k.EncodeIntent(j.Intent)
		rec.Jobs = append(rec.Jobs, JobRecord{ID: j.ID, Key: j.Key, Label: j.Label, Intent: raw, State: pacer.JobQueued, Updated: now})
	}
	jr := e.journal()
	if err := jr.Start(rec); err != nil {
		t.Fatal(err)
	}
	for id, s := range map[string]pacer.State{"j1": pacer.JobDone, "j2": pacer.JobSending, "j3": pacer.JobSending} {
		if err := jr.SetJob("b1", id, s, 1, "", now); err != nil {
			t.Fatal(err)
		}
	}
	// What landed before the page closed: j1's and j2's PUTs.
	for _, key := range []string{"a", "b"} {
		_, ver := k.r.get(key)
		k.r.put(key, []string{"xmas"}, ver)
	}
	e.own("b1")
	return "b1"
}

// A reload (a new engine over the same stores) resumes the batch it owns
// with no click: the in-flight job whose PUT landed is reconciled by its
// read (done, no PUT), every other unfinished job is sent once.
func TestReloadResumesAndReconciles(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newResource(keys...)
		k := testKind{r}
		local, session := &kv.Map{}, &kv.Map{}
		recordHalfway(t, k, local, session)
		before := r.totalWrites()
		tb := openTab(local, session, &fakeLock{}, k)
		defer tb.stop()
		tb.e.Join() // blocks while it runs
		if got := r.totalWrites() - before; got != 3 {
			t.Errorf("%d PUTs after the reload, want 3 (c, d, e): the landed in-flight job must not be sent again", got)
		}
		for _, key := range keys {
			if v, _ := r.get(key); !slices.Equal(v, []string{"xmas"}) {
				t.Errorf("%s holds %v", key, v)
			}
		}
		rec, _ := tb.e.Load()
		if rec.State != pacer.BatchDone || rec.Jobs[1].State != pacer.JobDone {
			t.Errorf("journal after resume: %s, j2 %s", rec.State, rec.Jobs[1].State)
		}
		if s := tb.host.view(); !strings.Contains(s.Notice, "Picked up") && s.Notice != "" {
			t.Errorf("notice %q", s.Notice)
		}
	})
}

// A batch this tab does not own is asked about, never run by itself;
// CancelAsked ends it with nothing sent and says so per job.
func TestForeignBatchAskedAndCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newResource(keys...)
		k := testKind{r}
		local := &kv.Map{}
		recordHalfway(t, k, local, &kv.Map{})
		before := r.totalWrites()
		tb := openTab(local, &kv.Map{}, &fakeLock{}, k) // another tab's session
		defer tb.stop()
		tb.e.Join()
		s := tb.host.view()
		if !s.Ask || !s.ReadOnly || !strings.Contains(s.Notice, "4 word updates still to send") || s.Batch.State != pacer.BatchPaused {
			t.Fatalf("screen %+v", s)
		}
		time.Sleep(time.Minute)
		if r.totalWrites() != before {
			t.Fatal("a batch this tab did not start was sent")
		}
		tb.e.CancelAsked()
		waitScreen(t, tb, "cancelled", func(s Screen) bool { return s.Batch.Finished() })
		rec, _ := tb.e.Load()
		if rec.State != pacer.BatchCancelled || rec.Jobs[2].State != pacer.JobCancelled ||
			!strings.Contains(rec.Jobs[2].Error, "check this word list") || rec.Jobs[3].Error != "" {
			t.Errorf("journal after cancel: %+v", rec)
		}
		if r.totalWrites() != before {
			t.Error("cancelling sent something")
		}
	})
}

// Cancel stops a running batch: what was sent stays, the rest is cancelled.
func TestCancelRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newResource(keys...)
		k := testKind{r}
		tb := openTab(&kv.Map{}, &kv.Map{}, &fakeLock{}, k)
		defer tb.stop()
		tb.e.Reserve()
		go tb.e.Start(plan(k, "xmas", keys...))
		waitScreen(t, tb, "one done", func(s Screen) bool { return s.Batch != nil && s.Batch.Done >= 1 })
		tb.e.Cancel(true)
		s := waitScreen(t, tb, "cancelled", func(s Screen) bool { return s.Batch.Finished() })
		if s.Batch.State != pacer.BatchCancelled || s.Batch.Cancelled == 0 || s.Batch.Done+s.Batch.Cancelled+s.Batch.Failed != 5 {
			t.Errorf("batch %+v", s.Batch)
		}
		rec, _ := tb.e.Load()
		if rec.State != pacer.BatchCancelled || r.totalWrites() != s.Batch.Done {
			t.Errorf("journal %s, %d writes for %d done", rec.State, r.totalWrites(), s.Batch.Done)
		}
	})
}

// Undo plumbing: the history gives back a finished batch with its
// before-states and landed jobs; the inverse plan runs as an undo batch.
func TestUndoFromHistory(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newResource(keys...)
		k := testKind{r}
		tb := openTab(&kv.Map{}, &kv.Map{}, &fakeLock{}, k)
		defer tb.stop()
		tb.e.Reserve()
		if err := tb.e.Start(plan(k, "xmas", keys[:3]...)); err != nil {
			t.Fatal(err)
		}
		id := tb.host.view().Batch.ID
		rec, err := tb.e.HistoryBatch(id)
		if err != nil || len(Landed(rec)) != 3 {
			t.Fatalf("history batch: %+v, %v", rec, err)
		}
		var was []string
		if err := json.Unmarshal(rec.Before["a"], &was); err != nil || len(was) != 0 {
			t.Errorf("before-state of a: %s", rec.Before["a"])
		}
		// The test kind cannot remove, so its "undo" adds a marker: what
		// matters here is that an undo batch is recorded as one.
		undo := plan(k, "undone", keys[:3]...)
		undo.Purpose = Undo
		tb.e.Reserve()
		if err := tb.e.Start(undo); err != nil {
			t.Fatal(err)
		}
		entries := tb.host.view().History.Entries
		if len(entries) != 2 || entries[0].Purpose != Undo || entries[1].Purpose != Apply {
			t.Errorf("history %+v", entries)
		}
	})
}

// Two tabs share the runner lock: the second follows the first's batch
// read-only and sends nothing; when the first goes away (pagehide) the
// second takes it over and ends it, every key written once.
func TestSecondTabFollowsThenTakesOver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		many := []string{}
		for i := range 40 {
			many = append(many, string(rune('A'+i%26))+string(rune('a'+i/26)))
		}
		r := newResource(many...)
		k := testKind{r}
		local, lock := &kv.Map{}, &fakeLock{}
		a := openTab(local, &kv.Map{}, lock, k)
		defer a.stop()
		a.e.Reserve()
		go a.e.Start(plan(k, "xmas", many...))
		waitScreen(t, a, "a running", func(s Screen) bool { return s.Batch != nil && s.Batch.Done >= 2 })
		b := openTab(local, &kv.Map{}, lock, k)
		defer b.stop()
		b.e.Join()
		if s := b.host.view(); !s.ReadOnly || s.Ask {
			t.Fatalf("second tab: read-only %v, ask %v; want following", s.ReadOnly, s.Ask)
		}
		waitScreen(t, a, "a further", func(s Screen) bool { return s.Batch.Done >= 8 })
		a.e.Hidden() // pagehide: the lock goes, nothing more is sent from a
		s := waitScreen(t, b, "b took over and finished", func(s Screen) bool { return s.Batch != nil && s.Batch.Finished() })
		if s.Batch.Done != 40 || s.ReadOnly {
			t.Errorf("after the take-over: %d done, read-only %v", s.Batch.Done, s.ReadOnly)
		}
		for _, key := range many {
			if v, _ := r.get(key); !slices.Equal(v, []string{"xmas"}) {
				t.Errorf("%s holds %v", key, v)
			}
		}
		if w := r.totalWrites(); w != 40 {
			t.Errorf("%d PUTs for 40 keys: a job was sent twice (or not at all)", w)
		}
	})
}

// A page that loads with an ended token asks AwaitSignIn whether to sign in
// by itself: only for a running batch this tab owns and may run now, which
// is then recorded as waiting for the sign-in.
func TestAwaitSignInOnlyForOwnRunningBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		k := testKind{newResource(keys...)}
		for _, tc := range []struct {
			name      string
			own       bool
			othersRun bool // another tab holds the runner lock
			paused    bool
			want      bool
		}{
			{name: "own, running", own: true, want: true},
			{name: "another tab's batch", own: false},
			{name: "own, but another tab runs it now", own: true, othersRun: true},
			{name: "own, paused", own: true, paused: true},
		} {
			local, session := &kv.Map{}, &kv.Map{}
			recordHalfway(t, k, local, session)
			if !tc.own {
				session = &kv.Map{}
			}
			lock := &fakeLock{}
			if tc.othersRun {
				lock.TryAcquire()
			}
			tb := openTab(local, session, lock, k)
			if tc.paused {
				if err := tb.e.journal().SetState("b1", pacer.BatchPaused, time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			got := tb.e.AwaitSignIn()
			rec, _ := tb.e.journal().Peek()
			switch {
			case got != tc.want:
				t.Errorf("%s: AwaitSignIn = %v, want %v", tc.name, got, tc.want)
			case tc.want && rec.State != pacer.BatchWaitingAuth:
				t.Errorf("%s: journal says %s, want waiting-auth", tc.name, rec.State)
			case !tc.want && rec.State == pacer.BatchWaitingAuth:
				t.Errorf("%s: the batch was recorded as waiting for a sign-in", tc.name)
			}
			if tc.want && lock.Held() {
				t.Errorf("%s: the runner lock is still held", tc.name)
			}
			tb.stop()
		}
	})
}

func TestPublishGap(t *testing.T) {
	for jobs, want := range map[int]time.Duration{1: 100 * time.Millisecond, 1000: 100 * time.Millisecond,
		2500: 250 * time.Millisecond, 5000: 500 * time.Millisecond, 50000: 500 * time.Millisecond} {
		if got := publishGap(jobs); got != want {
			t.Errorf("publishGap(%d) = %v, want %v", jobs, got, want)
		}
	}
}
