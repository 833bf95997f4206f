package pacer_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

func TestSnapshot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.onWrite = func(id string, n int) (genesys.Meta, error) {
			if id == "b" && n == 1 {
				return genesys.Meta{}, limited(70 * time.Second) // spills into the next window
			}
			return ok, nil
		}
		q := pacer.New(f, seeded(pacer.Options{}))
		q.Add(jobs("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")...)

		s := q.Snapshot()
		if s.State != pacer.BatchIdle || s.Total != 10 || s.Bucket != genesys.BucketIVRPut ||
			s.Limit != 100 || s.Window != time.Minute || s.Rate != 0 {
			t.Errorf("idle snapshot: %+v", s)
		}
		if s.ETA != 0 || !s.ETAAt.IsZero() {
			t.Errorf("ETA %v before the batch runs, want none", s.ETA)
		}

		done := start(q)
		time.Sleep(10 * time.Second) // a done, b waiting till ~71 s
		s = q.Snapshot()
		if s.State != pacer.BatchRunning || s.Done != 1 || s.Rate != 2 || s.Limit != 70 {
			t.Errorf("running: state %s, done %d, rate %d, limit %d; want running, 1, 2 sends, 70", s.State, s.Done, s.Rate, s.Limit)
		}
		left := 9 * (time.Minute * 100 / 70 / 100) // a rough lower bound at 70/min
		if s.ETA < 60*time.Second+left || s.ETA > 62*time.Second+left+time.Second {
			t.Errorf("ETA %v, want the 429's wait (~61 s) plus 9 jobs at 70/min (~%v)", s.ETA, left)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		s = q.Snapshot()
		if len(s.Sends429) != 2 {
			t.Fatalf("Sends429 %+v, want two windows", s.Sends429)
		}
		w0, w1 := s.Sends429[0], s.Sends429[1]
		if w0.Writes != 2 || w0.Limited != 1 || w1.Writes != 9 || w1.Limited != 0 || w0.Reads+w1.Reads != 10 {
			t.Errorf("windows %+v, %+v; want 2 writes and the 429, then 9 writes", w0, w1)
		}
		if w1.Start.Sub(w0.Start) != time.Minute {
			t.Errorf("windows start %v and %v", w0.Start, w1.Start)
		}
		if s.ETA != 0 || s.State != pacer.BatchDone {
			t.Errorf("finished: ETA %v, state %s", s.ETA, s.State)
		}
		if later := q.SnapshotAt(time.Now().Add(2 * time.Minute)); later.Rate != 0 {
			t.Errorf("rate %d two minutes later, want 0", later.Rate)
		}
	})
}
