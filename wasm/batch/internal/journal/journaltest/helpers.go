package journaltest

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// Sample is a batch of n jobs on n keys, each adding one number and
// removing one (the IVR kind's intent JSON), recorded at created.
func Sample(id string, n int, created time.Time) journal.Batch {
	b := journal.Batch{Format: journal.Format, ID: id, Kind: "ivr-numbers", Purpose: journal.Apply, Created: created,
		State: pacer.BatchRunning, Updated: created, Before: map[string]json.RawMessage{}}
	for i := range n {
		ivr := fmt.Sprintf("ivr-%04d", i)
		old := fmt.Sprintf("+1317555%04d", i)
		b.Before[ivr] = json.RawMessage(fmt.Sprintf(`{"name":"IVR %d","version":%d,"dnis":[%q]}`, i, 3+i, old))
		job := journal.JobRecord{ID: fmt.Sprintf("j%d", i+1), Key: ivr, Label: fmt.Sprintf("IVR %d", i),
			Intent: json.RawMessage(fmt.Sprintf(`{"add":["+1463555%04d"],"remove":[%q]}`, i, old)),
			State:  pacer.JobQueued, Updated: created}
		if i > 0 {
			job.After = []string{fmt.Sprintf("j%d", i)}
		}
		b.Jobs = append(b.Jobs, job)
	}
	return b
}

func jobIndex(b journal.Batch, id string) int {
	for i, j := range b.Jobs {
		if j.ID == id {
			return i
		}
	}
	panic("no job " + id)
}

func mustStart(t *testing.T, j *journal.Journal, b journal.Batch) {
	t.Helper()
	if err := j.Start(b); err != nil {
		t.Fatalf("Start(%s): %v", b.ID, err)
	}
}

func mustLoad(t *testing.T, j *journal.Journal) *journal.Batch {
	t.Helper()
	b, err := j.Load()
	if err != nil || b == nil {
		t.Fatalf("Load() = %v, %v; want a batch", b, err)
	}
	return b
}

func mustSet(t *testing.T, j *journal.Journal, key, value string) {
	t.Helper()
	if err := j.Store.Set(key, value); err != nil {
		t.Fatalf("Set(%s): %v", key, err)
	}
}

// checkCorrupt checks that err reports key as unreadable for a reason
// containing why, and that the record was moved, intact, to KeptAs.
func checkCorrupt(t *testing.T, j *journal.Journal, err error, key, value, why string) *journal.CorruptError {
	t.Helper()
	var ce *journal.CorruptError
	if !errors.As(err, &ce) {
		t.Errorf("error %v is not a *journal.CorruptError", err)
		return nil
	}
	if ce.Key != key || !strings.Contains(ce.Reason, why) {
		t.Errorf("CorruptError{Key: %q, Reason: %q}, want key %q, reason containing %q", ce.Key, ce.Reason, key, why)
	}
	if ce.KeptAs == key {
		t.Errorf("record left in place at %s", key)
	}
	if got, ok := j.Store.Get(ce.KeptAs); !ok || got != value {
		t.Errorf("kept-aside record %s = %q (present %v), want %q", ce.KeptAs, got, ok, value)
	}
	if _, ok := j.Store.Get(key); ok {
		t.Errorf("unreadable record %s still in place", key)
	}
	if !strings.Contains(ce.Error(), ce.KeptAs) {
		t.Errorf("message %q does not say where the record was kept", ce.Error())
	}
	return ce
}

// checkBatch compares batches field by field, times by instant.
func checkBatch(t *testing.T, got *journal.Batch, want journal.Batch) {
	t.Helper()
	if got.Format != journal.Format || got.ID != want.ID || got.Kind != want.Kind || got.Purpose != want.Purpose || got.State != want.State ||
		!got.Created.Equal(want.Created) || !got.Updated.Equal(want.Updated) {
		t.Errorf("batch = {%d %s %s %s created %v updated %v}, want {%d %s %s %s created %v updated %v}",
			got.Format, got.ID, got.Kind, got.State, got.Created, got.Updated,
			journal.Format, want.ID, want.Kind, want.State, want.Created, want.Updated)
	}
	if !reflect.DeepEqual(got.Before, want.Before) {
		t.Errorf("before =\n %+v\nwant\n %+v", got.Before, want.Before)
	}
	if len(got.Jobs) != len(want.Jobs) {
		t.Fatalf("%d jobs, want %d", len(got.Jobs), len(want.Jobs))
	}
	for i := range want.Jobs {
		g, w := got.Jobs[i], want.Jobs[i]
		gu, wu := g.Updated, w.Updated
		g.Updated, w.Updated = time.Time{}, time.Time{}
		if !reflect.DeepEqual(g, w) || !gu.Equal(wu) {
			t.Errorf("job %d =\n %+v (updated %v)\nwant\n %+v (updated %v)", i, g, gu, w, wu)
		}
	}
}
