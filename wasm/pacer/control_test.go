package pacer_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

func TestQueueNeedAuthResumesWithoutResending(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.onWrite = func(id string, n int) (genesys.Meta, error) {
			if id == "b" && n == 1 {
				return genesys.Meta{}, gerr(401, "Authentication required")
			}
			return ok, nil
		}
		asked := 0
		q := pacer.New(f, seeded(pacer.Options{OnNeedAuth: func() { asked++ }}))
		q.Add(jobs("a", "b", "c")...)
		done := start(q)

		time.Sleep(5 * time.Minute) // the person takes a while to sign in
		s := q.Snapshot()
		if s.State != pacer.BatchWaitingAuth || asked != 1 {
			t.Errorf("state %s, OnNeedAuth called %d times; want waiting-auth, once", s.State, asked)
		}
		if b := view(t, s, "b"); b.State != pacer.JobWaiting || b.WaitReason != "signing in again" {
			t.Errorf("b: %s %q", b.State, b.WaitReason)
		}
		sentBefore := len(f.sent(true))
		for _, e := range f.log() {
			if e.at > 2*time.Second {
				t.Errorf("sent while waiting for sign-in: %v", e)
			}
		}

		q.Authenticated()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if _, aw := f.count("a"); aw != 1 {
			t.Errorf("a written %d times; what landed must not be sent again", aw)
		}
		if _, bw := f.count("b"); bw != 2 || len(f.sent(true)) != sentBefore+2 {
			t.Errorf("b written %d times, want the refused write sent again, then c", bw)
		}
		s = q.Snapshot()
		if b := view(t, s, "b"); b.State != pacer.JobDone || b.Attempts != 1 {
			t.Errorf("b: %s after %d attempts; the 401 is not an attempt", b.State, b.Attempts)
		}
		if s.Done != 3 || s.State != pacer.BatchDone {
			t.Errorf("done %d, state %s", s.Done, s.State)
		}
	})
}

func TestQueuePauseResume(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(jobs("a", "b", "c", "d")...)
		done := start(q)
		time.Sleep(500 * time.Millisecond) // a is written; b read ahead
		q.Pause()
		synctest.Wait()
		n := len(f.log())
		time.Sleep(10 * time.Minute)
		if got := len(f.log()); got != n {
			t.Errorf("%d requests while paused: %v", got-n, f.log()[n:])
		}
		if s := q.Snapshot(); s.State != pacer.BatchPaused || s.Done != 1 {
			t.Errorf("state %s, done %d; want paused after a", s.State, s.Done)
		}
		q.Resume()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if s := q.Snapshot(); s.Done != 4 {
			t.Errorf("done %d after resume, want 4", s.Done)
		}
	})
}

func TestQueuePauseKeepsOutOfTheElapsedBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		var q *pacer.Queue
		f.onWrite = func(id string, n int) (genesys.Meta, error) {
			if n == 1 {
				q.Pause() // as the person pauses while a busy server is waited out
				return genesys.Meta{}, gerr(503, "Unavailable")
			}
			return ok, nil
		}
		q = pacer.New(f, seeded(pacer.Options{MaxElapsed: time.Minute}))
		q.Add(jobs("a")...)
		done := start(q)
		time.Sleep(30 * time.Minute)
		q.Resume()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if v := view(t, q.Snapshot(), "a"); v.State != pacer.JobDone {
			t.Errorf("a: %s %q; a pause must not spend the job's budget", v.State, v.LastError)
		}
	})
}

func TestQueueCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(time.Second)
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(jobs("a", "b", "c")...)
		done := start(q)
		time.Sleep(1500 * time.Millisecond) // a's write is in flight, b's read too
		q.Cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		s := q.Snapshot()
		if s.State != pacer.BatchCancelled || s.Done != 1 || s.Cancelled != 2 {
			t.Errorf("state %s, done %d, cancelled %d; want a done (its write finished), b and c cancelled", s.State, s.Done, s.Cancelled)
		}
		if _, bw := f.count("b"); bw != 0 {
			t.Error("b written after Cancel")
		}
		for _, e := range f.log() {
			if !e.answer && e.at > 1500*time.Millisecond {
				t.Errorf("sent after Cancel: %v", e)
			}
		}
	})
}

func TestQueueRunContextCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(time.Second)
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(jobs("a", "b")...)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- q.Run(ctx) }()
		time.Sleep(1500 * time.Millisecond)
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
		if v := view(t, q.Snapshot(), "a"); v.State != pacer.JobDone {
			t.Errorf("a: %s; its write was in flight and must finish", v.State)
		}
	})
}

func TestQueueHooksComeFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var trail []string
		note := func(s string) {
			mu.Lock()
			trail = append(trail, s)
			mu.Unlock()
		}
		f := newFake(50 * time.Millisecond)
		f.note = note
		var q *pacer.Queue
		hooks := pacer.Hooks{
			BeforeSend: func(j pacer.Job) error {
				note("before " + j.ID)
				if v := view(t, q.Snapshot(), j.ID); v.State != pacer.JobQueued {
					t.Errorf("BeforeSend(%s) sees %s, want it still queued", j.ID, v.State)
				}
				return nil
			},
			AfterOutcome: func(j pacer.Job, v pacer.JobView) error {
				note("after " + j.ID + " " + string(v.State))
				if cur := view(t, q.Snapshot(), j.ID); cur.State == v.State {
					t.Errorf("AfterOutcome(%s, %s) called after the change", j.ID, v.State)
				}
				return nil
			},
		}
		q = pacer.New(f, seeded(pacer.Options{Hooks: hooks}))
		q.Add(jobs("a", "b")...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		want := "before a|write a|after a done|before b|write b|after b done"
		if got := strings.Join(trail, "|"); got != want {
			t.Errorf("trail %s\nwant  %s", got, want)
		}
	})
}

func TestQueueHookErrorPauses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		var failBefore, failAfter = 1, 1
		var afterCalls int
		hooks := pacer.Hooks{
			BeforeSend: func(j pacer.Job) error {
				if j.ID == "b" && failBefore > 0 {
					failBefore--
					return errors.New("journal: storage quota exceeded")
				}
				return nil
			},
			AfterOutcome: func(j pacer.Job, v pacer.JobView) error {
				if j.ID == "a" {
					afterCalls++
					if failAfter > 0 {
						failAfter--
						return errors.New("journal: storage quota exceeded")
					}
				}
				return nil
			},
		}
		q := pacer.New(f, seeded(pacer.Options{Hooks: hooks}))
		q.Add(jobs("a", "b")...)
		done := start(q)

		time.Sleep(time.Minute)
		s := q.Snapshot()
		if s.State != pacer.BatchPaused || s.Err != "journal: storage quota exceeded" {
			t.Errorf("state %s, err %q; want paused with the hook's error", s.State, s.Err)
		}
		if a := view(t, s, "a"); a.State != pacer.JobSending {
			t.Errorf("a: %s; its change must wait for the journal", a.State)
		}
		q.Resume() // a's change is offered again and taken; then b's write is refused
		time.Sleep(time.Minute)
		s = q.Snapshot()
		if a := view(t, s, "a"); a.State != pacer.JobDone || afterCalls != 2 {
			t.Errorf("a: %s after %d AfterOutcome calls; want done after 2", a.State, afterCalls)
		}
		if _, bw := f.count("b"); bw != 0 || s.State != pacer.BatchPaused {
			t.Errorf("b written %d times, state %s; BeforeSend refused it", bw, s.State)
		}
		q.Resume()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if s := q.Snapshot(); s.Done != 2 || s.Err != "" {
			t.Errorf("done %d, err %q", s.Done, s.Err)
		}
		if _, aw := f.count("a"); aw != 1 {
			t.Errorf("a written %d times", aw)
		}
	})
}

func TestQueueRestore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.onRead = func(id string, _ int) (genesys.Meta, error) {
			if id == "c" { // its write landed before the reload
				return ok, pacer.ErrNothingToDo
			}
			return ok, nil
		}
		js := jobs("a", "b", "c", "d")
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Restore(
			pacer.JobView{Job: js[0], State: pacer.JobDone, Attempts: 1},
			pacer.JobView{Job: js[1], State: pacer.JobFailed, Attempts: 1, LastError: "no"},
			pacer.JobView{Job: js[2], State: pacer.JobSending, Attempts: 1},
		)
		q.Add(js[3])
		s := q.Snapshot()
		if s.State != pacer.BatchIdle || s.Total != 4 || s.Done != 1 || s.Failed != 1 {
			t.Errorf("before Run: %s, total %d, done %d, failed %d", s.State, s.Total, s.Done, s.Failed)
		}
		if c := view(t, s, "c"); c.State != pacer.JobQueued || c.Attempts != 1 {
			t.Errorf("c restored as %s with %d attempts, want queued with 1", c.State, c.Attempts)
		}
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string][2]int{"a": {0, 0}, "b": {0, 0}, "c": {1, 0}, "d": {1, 1}} {
			if r, w := f.count(id); r != want[0] || w != want[1] {
				t.Errorf("%s: %d reads, %d writes; want %v", id, r, w, want)
			}
		}
		if s := q.Snapshot(); s.Done != 3 || s.Failed != 1 {
			t.Errorf("done %d, failed %d", s.Done, s.Failed)
		}
	})
}

func TestQueueSetLimitAndObserve(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		q := pacer.New(f, seeded(pacer.Options{}))
		q.SetLimit(genesys.BucketIVRPut, 30) // the org's limits API says 30
		// The page's own PUT met a 429 just now: 20 s to wait.
		q.Observe("PUT", "/api/v2/architect/ivrs/x", genesys.Meta{Status: 429, RetryAfter: 20 * time.Second, HasRetryAfter: true})
		q.Add(jobs("a", "b", "c")...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		w := f.sent(true)
		if w[0].at < 20*time.Second {
			t.Errorf("first write at %v, before the observed Retry-After", w[0].at)
		}
		if gap := w[2].at - w[1].at; gap < 2*time.Second {
			t.Errorf("writes %v apart, want at least 60 s / 30", gap)
		}
	})
}

func TestQueueOnChange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls int
		var states []pacer.State
		var q *pacer.Queue
		q = pacer.New(newFake(50*time.Millisecond), seeded(pacer.Options{OnChange: func() {
			calls++
			v := q.Snapshot().Jobs[0]
			if len(states) == 0 || states[len(states)-1] != v.State {
				states = append(states, v.State)
			}
		}}))
		q.Add(jobs("a")...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range states {
			got = append(got, string(s))
		}
		if strings.Join(got, ",") != "queued,sending,done" {
			t.Errorf("OnChange saw %v (%d calls), want queued, sending, done", got, calls)
		}
	})
}

func TestQueueInFlightOverlapsSlowWrites(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(2 * time.Second) // a round trip longer than the 612 ms slot
		q := pacer.New(f, seeded(pacer.Options{InFlight: 2}))
		q.Add(jobs("a", "b", "c", "d", "e", "f")...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		w := f.sent(true)
		overlap := false
		for i := 1; i < len(w); i++ {
			if gap := w[i].at - w[i-1].at; gap < at100 {
				t.Errorf("writes %v apart, closer than the spacing", gap)
			}
			if w[i].at-w[i-1].at < 2*time.Second {
				overlap = true
			}
		}
		if !overlap {
			t.Error("no two writes were in flight at once")
		}
	})
}

func TestQueueRunTwice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := pacer.New(newFake(time.Second), seeded(pacer.Options{}))
		q.Add(jobs("a")...)
		done := start(q)
		synctest.Wait()
		if err := q.Run(context.Background()); err == nil || !strings.HasPrefix(err.Error(), "pacer: ") {
			t.Errorf("second Run = %v, want a pacer error", err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		q.Add(jobs("b")...) // added after Run returned: Run again
		if err := q.Run(context.Background()); err != nil || q.Snapshot().Done != 2 {
			t.Errorf("Run again = %v, done %d", err, q.Snapshot().Done)
		}
	})
}

func TestQueueRead429HoldsReadsNotWrites(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.onRead = func(id string, n int) (genesys.Meta, error) {
			if id == "b" && n == 1 {
				e := limited(30 * time.Second)
				e.RateLimit = genesys.RateLimit{Known: true, Count: 300, Allowed: 300, Reset: 30 * time.Second}
				return genesys.Meta{}, e
			}
			return ok, nil
		}
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(jobs("a", "b")...)
		done := start(q)
		time.Sleep(5 * time.Second)
		if b := view(t, q.Snapshot(), "b"); b.WaitReason != "rate limit reached on this app's requests" {
			t.Errorf("b waits for %q, want the client×user bucket named", b.WaitReason)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if r := f.sent(false); r[len(r)-1].at < 30*time.Second {
			t.Errorf("b read again at %v, before Retry-After", r[len(r)-1].at)
		}
	})
}
