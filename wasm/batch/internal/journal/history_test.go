package journal

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

var h0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// endedBatch is a finished batch of jobs IVRs, the first job done, the
// second failed, the rest cancelled.
func endedBatch(id string, jobs int, at time.Time) Batch {
	b := Batch{ID: id, Kind: "ivr-numbers", Purpose: Apply, Created: at, Updated: at, Before: map[string]json.RawMessage{}}
	for i := range jobs {
		ivr := fmt.Sprintf("ivr-%d", i)
		b.Jobs = append(b.Jobs, JobRecord{ID: fmt.Sprintf("j%d", i+1), Key: ivr, Label: "IVR " + ivr,
			Intent: json.RawMessage(fmt.Sprintf(`{"add":["+1317555%04d"]}`, i)), State: pacer.JobQueued, Updated: at})
		b.Before[ivr] = json.RawMessage(`{"name":"IVR ` + ivr + `","version":3,"dnis":["+14155550100"]}`)
	}
	for i := range b.Jobs {
		b.Jobs[i].State = pacer.JobCancelled
		switch i {
		case 0:
			b.Jobs[i].State, b.Jobs[i].Attempts = pacer.JobDone, 1
		case 1:
			b.Jobs[i].State, b.Jobs[i].Attempts, b.Jobs[i].Error = pacer.JobFailed, 2, "number not in a DID pool"
		}
	}
	b.State = pacer.BatchDone
	return b
}

func TestHistoryKeepsEveryBatchNewestFirst(t *testing.T) {
	h := &History{Store: &kv.Map{}}
	who := Who{User: "Ada Admin", UserID: "u-1", Org: "Example (mypurecloud.ie)"}
	for i := range 3 {
		if err := h.Add(endedBatch(fmt.Sprintf("b%d", i), 3, h0.Add(time.Duration(i)*time.Hour)), who, h0.Add(time.Duration(i)*time.Hour+time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	list, dropped := h.List()
	if dropped != 0 || len(list) != 3 {
		t.Fatalf("%d entries, %d dropped; want 3, 0", len(list), dropped)
	}
	for i, want := range []string{"b2", "b1", "b0"} {
		e := list[i]
		if e.ID != want || e.Who != who || e.Jobs != 3 || e.Done != 1 || e.Failed != 1 || e.Cancelled != 1 || !e.Kept || e.State != pacer.BatchDone {
			t.Errorf("entry %d = %+v, want %s by %v with 1 done, 1 failed, 1 cancelled", i, e, want, who)
		}
	}
	b, err := h.Batch("b1")
	if err != nil {
		t.Fatal(err)
	}
	if b.Jobs[1].State != pacer.JobFailed || b.Jobs[1].Error != "number not in a DID pool" || b.Jobs[1].Attempts != 2 ||
		!strings.Contains(string(b.Before["ivr-0"]), "+14155550100") || string(b.Jobs[0].Intent) != `{"add":["+13175550000"]}` {
		t.Errorf("batch read back = %+v", b)
	}
	// Recording a batch again replaces its entry.
	if err := h.Add(endedBatch("b1", 3, h0), who, h0); err != nil {
		t.Fatal(err)
	}
	if list, _ := h.List(); len(list) != 3 || list[0].ID != "b1" {
		t.Errorf("after re-adding b1: %v", list)
	}
}

func TestHistoryBounds(t *testing.T) {
	t.Run("count", func(t *testing.T) {
		store := &kv.Map{}
		h := &History{Store: store, MaxBatches: 3}
		for i := range 5 {
			if err := h.Add(endedBatch(fmt.Sprintf("b%d", i), 2, h0), Who{}, h0); err != nil {
				t.Fatal(err)
			}
		}
		list, dropped := h.List()
		if len(list) != 3 || dropped != 2 || list[2].ID != "b2" {
			t.Errorf("%d entries (oldest %s), %d dropped; want 3 from b2, 2 dropped", len(list), list[len(list)-1].ID, dropped)
		}
		if _, err := h.Batch("b0"); err == nil {
			t.Error("the dropped batch b0 is still readable")
		}
		if keys := store.Keys(DefaultHistoryPrefix + "b/"); len(keys) != 3 {
			t.Errorf("%d batch records stored, want 3: %v", len(keys), keys)
		}
	})
	t.Run("bytes", func(t *testing.T) {
		h := &History{Store: &kv.Map{}, MaxBytes: 6000}
		for i := range 4 {
			if err := h.Add(endedBatch(fmt.Sprintf("b%d", i), 10, h0), Who{}, h0); err != nil {
				t.Fatal(err)
			}
		}
		list, dropped := h.List()
		total := 0
		for _, e := range list {
			total += e.Size
		}
		if total > 6000 || dropped == 0 || list[0].ID != "b3" {
			t.Errorf("%d entries of %d bytes, %d dropped; want at most 6000 bytes, the oldest dropped", len(list), total, dropped)
		}
	})
	t.Run("a batch too big to keep is listed without its record", func(t *testing.T) {
		h := &History{Store: &kv.Map{}, MaxBytes: 500}
		if err := h.Add(endedBatch("big", 30, h0), Who{}, h0); err != nil {
			t.Fatal(err)
		}
		list, _ := h.List()
		if len(list) != 1 || list[0].Kept {
			t.Errorf("entries %+v, want one not kept", list)
		}
	})
	t.Run("storage full drops the oldest", func(t *testing.T) {
		store := &kv.Map{Limit: 9000}
		h := &History{Store: store}
		for i := range 6 {
			if err := h.Add(endedBatch(fmt.Sprintf("b%d", i), 8, h0), Who{User: strings.Repeat("x", 10)}, h0); err != nil {
				t.Fatalf("batch %d: %v", i, err)
			}
		}
		list, dropped := h.List()
		if dropped == 0 || list[0].ID != "b5" || !list[0].Kept {
			t.Errorf("entries %v, %d dropped; want the newest kept and older ones dropped", list, dropped)
		}
	})
}

// A big batch's history record is written in parts with pauses between
// (one 1–2 MB write was a long task at a big batch's end), read back whole,
// counted whole against MaxBytes, and dropped whole.
func TestHistoryRecordsABigBatchInParts(t *testing.T) {
	const jobs = 1200
	store := &kv.Map{}
	pauses := 0
	h := &History{Store: store, Pause: func() { pauses++ }, MaxBatches: 2}
	big := endedBatch("big", jobs, h0)
	if err := h.Add(big, Who{User: "Ada"}, h0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	biggest, total := 0, 0
	for _, k := range store.Keys(h.prefix() + "b/") {
		v, _ := store.Get(k)
		biggest, total = max(biggest, len(v)), total+len(v)
	}
	if parts := store.Keys(h.batchKey("big") + "/p/"); len(parts) < jobs/partJobs || biggest > total/3 {
		t.Errorf("%d parts, biggest record %d of %d bytes; want the jobs in %d parts", len(parts), biggest, total, jobs/partJobs)
	}
	if pauses < jobs/partJobs {
		t.Errorf("%d pauses while writing %d parts", pauses, jobs/partJobs)
	}
	list, _ := h.List()
	if len(list) != 1 || !list[0].Kept || list[0].Size != total {
		t.Errorf("entry %+v; want kept, size %d (every part counted)", list[0], total)
	}
	b, err := h.Batch("big")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Jobs) != jobs || len(b.Before) != jobs || b.Jobs[0].State != pacer.JobDone || b.Jobs[1].Error != "number not in a DID pool" || b.Jobs[jobs-1].State != pacer.JobCancelled {
		t.Errorf("read back %d jobs, %d before-states, first %s, second %q", len(b.Jobs), len(b.Before), b.Jobs[0].State, b.Jobs[1].Error)
	}
	// A missing part: the record cannot be read, and says so.
	store.Remove(h.batchKey("big") + "/p/2")
	if _, err := h.Batch("big"); err == nil || !strings.Contains(err.Error(), "part 3 of its") {
		t.Errorf("Batch with a part missing: %v", err)
	}
	// Dropped as the oldest: every part goes with it.
	for i := range 2 {
		if err := h.Add(endedBatch(fmt.Sprintf("b%d", i), 2, h0.Add(2*time.Hour)), Who{}, h0.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if left := store.Keys(h.batchKey("big")); len(left) != 0 {
		t.Errorf("the dropped batch left %q", left)
	}
}
