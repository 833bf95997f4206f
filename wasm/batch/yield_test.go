package batch

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// Starting a batch pauses (Config.Yield) while it encodes the jobs, while
// the journal records them and while it decodes them for the queue: in the
// browser each pause may hand the page back, so a batch of thousands of
// jobs does not start in one long task (issue 14). The batch is still on
// record before the first request, and runs as before.
func TestStartPausesWhileEncodingRecordingAndDecoding(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newResource(keys...)
		k := testKind{r}
		local := &kv.Map{}
		// Pauses before the journal held the batch, after it did, and
		// while requests went out (the batch's end, its history record
		// written in parts, may pause again).
		var before, after, sent int
		yield := func() func() {
			return func() {
				rec, err := (&Engine{c: Config{Local: local}}).Peek()
				if r.totalWrites() > 0 && (rec == nil || !rec.State.Finished()) {
					sent++
				}
				if err == nil && rec != nil {
					after++
				} else {
					before++
				}
			}
		}
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		e := New(Config{Local: local, Session: &kv.Map{}, Runner: &fakeLock{}, Kinds: []Kind{k}, Host: &fakeHost{}, Ctx: ctx, Yield: yield})
		if !e.Reserve() {
			t.Fatal("Reserve refused")
		}
		if err := e.Start(plan(k, "xmas", keys...)); err != nil {
			t.Fatal(err)
		}
		// One per job encoded, more while the journal checks and records
		// them; one per job decoded, and after the queue's restore.
		if before < len(keys)+1 || after < len(keys)+1 || sent > 0 {
			t.Errorf("pauses: %d before the batch was on record, %d after, %d once requests went out; want ≥ %d, ≥ %d, 0", before, after, sent, len(keys)+1, len(keys)+1)
		}
		if rec, err := e.Load(); err != nil || rec.State != pacer.BatchDone {
			t.Fatalf("journal: %+v, %v", rec, err)
		}
	})
}
