package journal_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/batch/internal/journal/journaltest"
	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// used is the bytes a Map holds, as kv.Map counts them against its Limit.
func used(m *kv.Map) int {
	n := 0
	for _, k := range m.Keys("") {
		v, _ := m.Get(k)
		n += len(k) + len(v)
	}
	return n
}

func checkFull(t *testing.T, err error, words ...string) {
	t.Helper()
	var fe *journal.FullError
	if !errors.As(err, &fe) || !errors.Is(err, kv.ErrQuota) {
		t.Fatalf("error %v (%T) is not a *journal.FullError wrapping kv.ErrQuota", err, err)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message %q does not say %q", err, w)
		}
	}
}

func TestQuota(t *testing.T) {
	t.Run("start on a full store records nothing and says so", func(t *testing.T) {
		m := &kv.Map{Limit: 2000}
		j := &journal.Journal{Store: m}
		err := j.Start(journaltest.Sample("b1", 50, t0))
		checkFull(t, err, "storage", "full", "not started", "nothing was sent")
		if keys := m.Keys(""); len(keys) != 0 {
			t.Errorf("a refused start left records: %q", keys)
		}
	})
	t.Run("start makes room by dropping the finished batch", func(t *testing.T) {
		probe := &kv.Map{}
		if err := (&journal.Journal{Store: probe}).Start(journaltest.Sample("b1", 20, t0)); err != nil {
			t.Fatal(err)
		}
		m := &kv.Map{Limit: used(probe) * 3 / 2} // room for one batch, not two
		j := &journal.Journal{Store: m}
		if err := j.Start(journaltest.Sample("b1", 20, t0)); err != nil {
			t.Fatal(err)
		}
		if err := j.Finish("b1", pacer.BatchDone, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := j.Start(journaltest.Sample("b2", 20, t0.Add(2*time.Minute))); err != nil {
			t.Fatalf("second start: %v", err)
		}
		if b, err := j.Load(); err != nil || b.ID != "b2" {
			t.Errorf("Load() = %v, %v; want b2", b, err)
		}
	})
	t.Run("an unfinished batch is never dropped for room", func(t *testing.T) {
		probe := &kv.Map{}
		if err := (&journal.Journal{Store: probe}).Start(journaltest.Sample("b1", 20, t0)); err != nil {
			t.Fatal(err)
		}
		m := &kv.Map{Limit: used(probe) * 3 / 2}
		j := &journal.Journal{Store: m}
		if err := j.Start(journaltest.Sample("b1", 20, t0)); err != nil {
			t.Fatal(err)
		}
		if err := j.Start(journaltest.Sample("b2", 20, t0)); err == nil || errors.Is(err, kv.ErrQuota) {
			t.Fatalf("Start over an unfinished batch: %v, want a not-finished error", err)
		}
		if b, _ := j.Load(); b == nil || b.ID != "b1" {
			t.Errorf("unfinished batch lost: %v", b)
		}
	})
	t.Run("a job state that does not fit is reported, earlier ones kept", func(t *testing.T) {
		m := &kv.Map{}
		j := &journal.Journal{Store: m}
		if err := j.Start(journaltest.Sample("b1", 5, t0)); err != nil {
			t.Fatal(err)
		}
		if err := j.SetJob("b1", "j1", pacer.JobDone, 1, "", t0); err != nil {
			t.Fatal(err)
		}
		m.Limit = used(m) + 10
		err := j.SetJob("b1", "j2", pacer.JobSending, 1, "", t0)
		checkFull(t, err, "storage", "full", "j2", "sending")
		b, lerr := j.Load()
		if lerr != nil || b.Jobs[0].State != pacer.JobDone || b.Jobs[1].State != pacer.JobQueued {
			t.Errorf("after the refused write: %v, jobs %q %q", lerr, b.Jobs[0].State, b.Jobs[1].State)
		}
		m.Limit = used(m) // "running" → "cancelled" needs two more bytes
		checkFull(t, j.Finish("b1", pacer.BatchCancelled, t0), "full", "cancelled")
	})
}
