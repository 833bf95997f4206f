package pacer_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// TestSnapshotWaitAndETAThroughA429: a 429 with Retry-After holds the whole
// bucket; the snapshot says the batch waits on it, until when, and its ETA
// end stays put, so the time left counts down through the wait.
func TestSnapshotWaitAndETAThroughA429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.onWrite = func(id string, n int) (genesys.Meta, error) {
			if id == "b" && n == 1 {
				return genesys.Meta{}, limited(20 * time.Second)
			}
			return ok, nil
		}
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(jobs("a", "b", "c", "d")...)
		done := start(q)
		time.Sleep(3 * time.Second) // a done, b answered 429 at ~0.7 s
		t0 := time.Now()
		s := q.SnapshotAt(t0)
		if s.Wait == nil || s.Wait.Cause != pacer.WaitRateLimit || s.Wait.Reason != "rate limit reached on IVR updates" {
			t.Fatalf("wait %+v during a 429's Retry-After, want the batch waiting on the rate limit", s.Wait)
		}
		if left := s.Wait.Until.Sub(t0); left < 17*time.Second || left > 18*time.Second {
			t.Errorf("wait until +%v, want the Retry-After's end (~17.7 s)", left)
		}
		if s.LimitSource != pacer.LimitLearned || s.RateLimited != 1 {
			t.Errorf("limit %d from %q, %d limited; want learned from the 429, one limited", s.Limit, s.LimitSource, s.RateLimited)
		}
		if s.ETAAt.Before(s.Wait.Until) {
			t.Errorf("ETA ends %v, before the wait does", s.ETAAt.Sub(t0))
		}
		// Through the wait: nothing changes, yet the time left goes down.
		steps := []time.Duration{0, 5 * time.Second, 10 * time.Second}
		var last time.Duration
		for i, d := range steps {
			time.Sleep(d - time.Since(t0))
			s := q.Snapshot()
			if !s.ETAAt.Equal(q.SnapshotAt(t0).ETAAt) {
				t.Errorf("step %d: ETA end moved during the wait", i)
			}
			if i > 0 && last-s.ETA != d-steps[i-1] {
				t.Errorf("step %d: ETA went %v → %v over %v", i, last, s.ETA, d-steps[i-1])
			}
			last = s.ETA
		}
		// Paused: no ETA and no batch wait, whatever holds.
		q.Pause()
		if s := q.Snapshot(); s.ETA != 0 || !s.ETAAt.IsZero() || s.Wait != nil {
			t.Errorf("paused: ETA %v, wait %+v; want neither", s.ETA, s.Wait)
		}
		if q.RetryNow() {
			t.Error("RetryNow acted on a paused batch")
		}
		q.Resume()
		if q.RetryNow() {
			t.Error("RetryNow cut a 429's Retry-After short")
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if s := q.Snapshot(); s.ETA != 0 || s.Wait != nil {
			t.Errorf("ended: ETA %v, wait %+v", s.ETA, s.Wait)
		}
		for _, e := range f.sent(true) {
			if e.id == "b" && e.n == 2 && e.at < 20*time.Second {
				t.Errorf("b's retry left at %v, inside the Retry-After", e.at)
			}
		}
	})
}

// TestRetryNowCutsAServerBackoff: after a 503 the batch waits on the
// server's backoff; RetryNow sends at once, and the try counts.
func TestRetryNowCutsAServerBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.onWrite = func(id string, n int) (genesys.Meta, error) {
			if n <= 2 {
				return genesys.Meta{}, gerr(503, "Unavailable")
			}
			return ok, nil
		}
		q := pacer.New(f, seeded(pacer.Options{BackoffInitial: 30 * time.Second, BackoffMax: time.Minute}))
		q.Add(jobs("a", "b")...)
		done := start(q)
		time.Sleep(5 * time.Second) // a's first write failed: ≥ 15 s of backoff
		s := q.Snapshot()
		if s.Wait == nil || s.Wait.Cause != pacer.WaitServer {
			t.Fatalf("wait %+v after a 503, want the server's backoff", s.Wait)
		}
		if a := view(t, s, "a"); a.Attempts != 1 || a.Cause != pacer.WaitServer {
			t.Errorf("a: %d attempts, cause %q; want 1, server", a.Attempts, a.Cause)
		}
		at := time.Since(f.start)
		if !q.RetryNow() {
			t.Fatal("RetryNow refused a server backoff")
		}
		time.Sleep(time.Second)
		var retried bool
		for _, e := range f.sent(true) {
			if e.id == "a" && e.n == 2 && e.at-at < 100*time.Millisecond {
				retried = true
			}
		}
		if !retried {
			t.Errorf("no write of a right after RetryNow: %v", f.log())
		}
		if a := view(t, q.Snapshot(), "a"); a.Attempts != 2 {
			t.Errorf("a: %d attempts after the retry, want 2", a.Attempts)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

// TestAttemptsCountFailedReads: tries never stay at 0 while a job's reads
// meet server errors.
func TestAttemptsCountFailedReads(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.onRead = func(id string, n int) (genesys.Meta, error) {
			if n <= 3 {
				return genesys.Meta{}, gerr(502, "Bad gateway")
			}
			return ok, nil
		}
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(jobs("a")...)
		done := start(q)
		time.Sleep(1500 * time.Millisecond)
		if a := view(t, q.Snapshot(), "a"); a.Attempts < 1 || a.State != pacer.JobWaiting {
			t.Errorf("a after a failed read: %s with %d attempts, want waiting with at least 1", a.State, a.Attempts)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if a := view(t, q.Snapshot(), "a"); a.State != pacer.JobDone || a.Attempts != 4 {
			t.Errorf("a: %s after %d attempts, want done after 4 (3 failed reads, 1 write)", a.State, a.Attempts)
		}
	})
}

// TestLimitSource: the limit shown says where it comes from.
func TestLimitSource(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := pacer.New(newFake(0), seeded(pacer.Options{}))
		q.Add(jobs("a")...)
		if s := q.Snapshot(); s.LimitSource != pacer.LimitDocumented || s.Limit != 100 {
			t.Errorf("new queue: %d from %q, want 100 documented", s.Limit, s.LimitSource)
		}
		q.SetLimit(genesys.BucketIVRPut, 40)
		if s := q.Snapshot(); s.LimitSource != pacer.LimitOrg || s.Limit != 40 {
			t.Errorf("after the limits API: %d from %q, want 40 from the org", s.Limit, s.LimitSource)
		}
		q.Observe("PUT", "/api/v2/architect/ivrs/x", genesys.Meta{Status: 200,
			RateLimit: genesys.RateLimit{Known: true, Allowed: 30, Count: 1, Reset: time.Minute}})
		if s := q.Snapshot(); s.LimitSource != pacer.LimitServer || s.Limit != 30 {
			t.Errorf("after headers: %d from %q, want 30 from the server", s.Limit, s.LimitSource)
		}
	})
}
