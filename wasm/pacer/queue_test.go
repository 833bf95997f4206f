package pacer_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// at100 is the IVR-PUT spacing at the documented 100/min, with the pacer's
// 2 % headroom.
const at100 = 612244897 * time.Nanosecond

func TestQueuePacesWritesAndReadsAhead(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// A read and a write take 400 ms each: in series a job would take
		// 800 ms, more than the 612 ms slot. Reading ahead keeps the slot.
		f := newFake(400 * time.Millisecond)
		q := pacer.New(f, seeded(pacer.Options{ReadAhead: 1}))
		q.Add(jobs("a", "b", "c", "d", "e", "f")...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		w := f.sent(true)
		if len(w) != 6 {
			t.Fatalf("%d writes, want 6: %v", len(w), f.log())
		}
		for i := 1; i < len(w); i++ {
			if gap := w[i].at - w[i-1].at; gap != at100 {
				t.Errorf("write %d left %v after the one before, want exactly %v", i, gap, at100)
			}
			if w[i].copy != w[i].id+"@1" {
				t.Errorf("write %d applied to %q", i, w[i].copy)
			}
		}
		for _, e := range f.sent(false)[1:] {
			// Each read after the first is sent while the write before is in flight.
			prev := w[strings.Index("abcdef", e.id)-1]
			if e.at < prev.at || e.at > prev.at+400*time.Millisecond {
				t.Errorf("read of %s at %v, want during the write of %s (%v)", e.id, e.at, prev.id, prev.at)
			}
		}
		if s := q.Snapshot(); s.State != pacer.BatchDone || s.Done != 6 {
			t.Errorf("state %s, done %d; want done, 6", s.State, s.Done)
		}
	})
}

func TestQueue429HoldsTheWholeBucket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.onWrite = func(id string, n int) (genesys.Meta, error) {
			if id == "b" && n == 1 {
				return genesys.Meta{}, limited(10 * time.Second)
			}
			return ok, nil
		}
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(jobs("a", "b", "c", "d")...)
		// More jobs than the cut rate's window holds: no end-of-run sprint.
		for i := range 80 {
			q.Add(pacer.Job{ID: fmt.Sprint("z", i), Key: fmt.Sprint("ivr-z", i)})
		}
		done := start(q)

		time.Sleep(5 * time.Second)
		s := q.Snapshot()
		b := view(t, s, "b")
		if b.State != pacer.JobWaiting || b.WaitReason != "rate limit reached on IVR updates" {
			t.Errorf("b: %s %q; want waiting on the rate limit, cut to 70/min", b.State, b.WaitReason)
		}
		if !strings.Contains(b.LastError, "Retry the request in [10] seconds") {
			t.Errorf("b's LastError %q, want the 429's words", b.LastError)
		}
		if s.Limit != 70 {
			t.Errorf("snapshot limit %d, want 70", s.Limit)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}

		w := f.sent(true)
		var order []string
		for _, e := range w {
			order = append(order, e.id)
		}
		if got := strings.Join(order[:5], ""); got != "abbcd" {
			t.Fatalf("writes in order %q, want abbcd: b first after its 429", got)
		}
		answered := w[1].at + 50*time.Millisecond
		if retry := w[2].at - answered; retry < 10*time.Second || retry > 11*time.Second {
			t.Errorf("b retried %v after its 429, want Retry-After (10 s)", retry)
		}
		// Spread over the part of the server's window a send surely lands
		// in: a minute less Retry-After's second and a round trip.
		if gap := w[3].at - w[2].at; gap < (time.Minute-time.Second-100*time.Millisecond)/70 {
			t.Errorf("c left %v after b, want the slower pace after the cut", gap)
		}
		if b := view(t, q.Snapshot(), "b"); b.State != pacer.JobDone || b.Attempts != 2 || b.LastError != "" {
			t.Errorf("b: %s, %d attempts, %q; want done in 2, no error left", b.State, b.Attempts, b.LastError)
		}
	})
}

func TestQueueRereadsAfterVersionConflict(t *testing.T) {
	for _, conflict := range []error{
		gerr(409, "Conflict"),
		gerr(400, "The version supplied (3) does not match the current version (4)"),
	} {
		synctest.Test(t, func(t *testing.T) {
			f := newFake(50 * time.Millisecond)
			f.onWrite = func(id string, n int) (genesys.Meta, error) {
				if n == 1 {
					return genesys.Meta{}, conflict
				}
				return ok, nil
			}
			q := pacer.New(f, seeded(pacer.Options{}))
			q.Add(jobs("a")...)
			if err := <-start(q); err != nil {
				t.Fatal(err)
			}
			reads, writes := f.count("a")
			w := f.sent(true)
			if reads != 2 || writes != 2 || w[1].copy != "a@2" {
				t.Errorf("%v: %d reads, %d writes, second write of %q; want 2, 2, the fresh copy a@2", conflict, reads, writes, w[1].copy)
			}
			if v := view(t, q.Snapshot(), "a"); v.State != pacer.JobDone {
				t.Errorf("%v: a %s, want done", conflict, v.State)
			}
		})
	}
}

func TestQueueRereadsAreBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.onWrite = func(string, int) (genesys.Meta, error) { return genesys.Meta{}, gerr(409, "Conflict") }
		q := pacer.New(f, seeded(pacer.Options{MaxRereads: 3}))
		q.Add(jobs("a", "b")...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		if _, writes := f.count("a"); writes != 4 {
			t.Errorf("%d writes, want 1 + 3 re-reads", writes)
		}
		v := view(t, q.Snapshot(), "a")
		if v.State != pacer.JobFailed || v.LastError != "gave up: someone else keeps changing this IVR" {
			t.Errorf("a: %s %q", v.State, v.LastError)
		}
	})
}

func TestQueueNothingToDo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.onRead = func(id string, _ int) (genesys.Meta, error) {
			if id == "a" {
				return ok, pacer.ErrNothingToDo
			}
			return ok, nil
		}
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(jobs("a", "b")...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		if _, writes := f.count("a"); writes != 0 {
			t.Errorf("a written %d times, want none", writes)
		}
		if s := q.Snapshot(); s.Done != 2 {
			t.Errorf("done %d, want 2", s.Done)
		}
	})
}

func TestQueueFailsWithTheGenesysMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		refusal := gerr(400, "Field 'didPoolId' is required and cannot be empty.")
		f := newFake(50 * time.Millisecond)
		f.onWrite = func(id string, _ int) (genesys.Meta, error) {
			if id == "b" {
				return genesys.Meta{}, refusal
			}
			return ok, nil
		}
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(jobs("a", "b", "c")...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		s := q.Snapshot()
		if b := view(t, s, "b"); b.State != pacer.JobFailed || b.LastError != refusal.Error() || b.Attempts != 1 {
			t.Errorf("b: %s %q after %d attempts; want failed once with %q", b.State, b.LastError, b.Attempts, refusal.Error())
		}
		if s.Done != 2 || s.Failed != 1 || s.State != pacer.BatchDone {
			t.Errorf("done %d, failed %d, state %s", s.Done, s.Failed, s.State)
		}
	})
}

func TestQueueBudgets(t *testing.T) {
	for _, tc := range []struct {
		name  string
		opt   pacer.Options
		read  bool
		err   error
		want  string
		tries int
	}{
		{"attempts", pacer.Options{MaxAttempts: 3}, false, gerr(503, "Unavailable"),
			"gave up after 3 attempts; the last answer: server busy", 3},
		{"elapsed", pacer.Options{MaxElapsed: 3 * time.Minute, MaxAttempts: 100}, false, limited(time.Minute),
			"gave up after retrying for 2m0s (the next try would pass the 3m0s allowed); the last answer: rate limit", 3},
		{"reads", pacer.Options{MaxAttempts: 4}, true, errors.New("connection reset"),
			"gave up after 4 tries to read the IVR; the last answer: network error", 4},
	} {
		synctest.Test(t, func(t *testing.T) {
			f := newFake(50 * time.Millisecond)
			fail := func(string, int) (genesys.Meta, error) { return genesys.Meta{}, tc.err }
			if tc.read {
				f.onRead = fail
			} else {
				f.onWrite = fail
			}
			q := pacer.New(f, seeded(tc.opt))
			q.Add(jobs("a")...)
			if err := <-start(q); err != nil {
				t.Fatal(err)
			}
			v := view(t, q.Snapshot(), "a")
			if v.State != pacer.JobFailed || v.LastError != tc.want {
				t.Errorf("%s: a %s %q; want failed %q", tc.name, v.State, v.LastError, tc.want)
			}
			reads, writes := f.count("a")
			if tries := map[bool]int{false: writes, true: reads}[tc.read]; tries != tc.tries {
				t.Errorf("%s: %d tries, want %d", tc.name, tries, tc.tries)
			}
		})
	}
}

func TestQueueDependencies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.onWrite = func(id string, _ int) (genesys.Meta, error) {
			if id == "a" {
				return genesys.Meta{}, gerr(400, "no")
			}
			return ok, nil
		}
		js := jobs("a", "b", "c", "d", "e", "f")
		js[1].After = []string{"a"}  // b after a, which fails
		js[2].After = []string{"b"}  // c after b
		js[3].After = []string{"zz"} // d after a job not in the batch
		js[4].After = []string{"f"}  // e after f, added later: e waits
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(js...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		s := q.Snapshot()
		for id, want := range map[string]string{
			"b": `not applied: it must follow "job a", which failed`,
			"c": `not applied: it must follow "job b", which failed`,
			"d": `not applied: it must follow job "zz", which is not in this batch`,
		} {
			if v := view(t, s, id); v.State != pacer.JobFailed || v.LastError != want {
				t.Errorf("%s: %s %q, want failed %q", id, v.State, v.LastError, want)
			}
			if r, w := f.count(id); r+w != 0 {
				t.Errorf("%s was sent (%d reads, %d writes)", id, r, w)
			}
		}
		var fDone, eRead time.Duration
		for _, e := range f.log() {
			switch {
			case e.id == "f" && e.write && e.answer:
				fDone = e.at
			case e.id == "e" && !e.write && !e.answer:
				eRead = e.at
			}
		}
		if eRead < fDone || view(t, s, "e").State != pacer.JobDone {
			t.Errorf("e read at %v, f written by %v; want e after f, done", eRead, fDone)
		}
	})
}

func TestQueueDependencyCycleFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		js := jobs("a", "b")
		js[0].After, js[1].After = []string{"b"}, []string{"a"}
		q := pacer.New(newFake(0), seeded(pacer.Options{}))
		q.Add(js...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		if s := q.Snapshot(); s.Failed != 2 || !strings.Contains(s.Jobs[0].LastError, "wait for each other") {
			t.Errorf("failed %d, %q", s.Failed, s.Jobs[0].LastError)
		}
	})
}

func TestQueueOneKeyNeverOverlaps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(300 * time.Millisecond)
		js := jobs("a", "b", "c")
		js[1].Key = js[0].Key // a and b edit the same IVR
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(js...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		var aDone, bRead time.Duration
		for _, e := range f.log() {
			switch {
			case e.id == "a" && e.write && e.answer:
				aDone = e.at
			case e.id == "b" && !e.write && !e.answer:
				bRead = e.at
			}
		}
		if bRead < aDone {
			t.Errorf("b read at %v, before a's write was answered at %v", bRead, aDone)
		}
		if s := q.Snapshot(); s.Done != 3 {
			t.Errorf("done %d, want 3", s.Done)
		}
	})
}
