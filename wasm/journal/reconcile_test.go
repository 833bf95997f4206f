package journal_test

import (
	"slices"
	"testing"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/journal"
)

func TestReconcile(t *testing.T) {
	const a, b, c = "+13175550100", "+13175550101", "+13175550102"
	job := func(id, ivr, state string, add, remove []string) journal.JobRecord {
		return journal.JobRecord{ID: id, IVRID: ivr, State: state, Intent: dnis.Intent{IVRID: ivr, Add: add, Remove: remove}}
	}
	tests := []struct {
		name          string
		jobs          []journal.JobRecord
		current       map[string][]string
		requeue, done []string
	}{
		{
			name:    "in flight and landed: done",
			jobs:    []journal.JobRecord{job("j1", "x", journal.JobSending, []string{a}, []string{b})},
			current: map[string][]string{"x": {c, a}},
			done:    []string{"j1"},
		},
		{
			name:    "in flight and not landed: queued again",
			jobs:    []journal.JobRecord{job("j1", "x", journal.JobSending, []string{a}, []string{b})},
			current: map[string][]string{"x": {b}},
			requeue: []string{"j1"},
		},
		{
			name:    "half landed is not landed",
			jobs:    []journal.JobRecord{job("j1", "x", journal.JobSending, []string{a}, []string{b})},
			current: map[string][]string{"x": {a, b}},
			requeue: []string{"j1"},
		},
		{
			name: "waiting and queued jobs are checked too",
			jobs: []journal.JobRecord{
				job("j1", "x", journal.JobWaiting, []string{a}, nil),
				job("j2", "y", journal.JobQueued, nil, []string{b}),
				job("j3", "z", journal.JobQueued, []string{c}, nil),
			},
			current: map[string][]string{"x": {a}, "y": nil, "z": nil},
			done:    []string{"j1", "j2"},
			requeue: []string{"j3"},
		},
		{
			name:    "IVR not re-read: queued again, never assumed done",
			jobs:    []journal.JobRecord{job("j1", "x", journal.JobQueued, nil, []string{b})},
			current: map[string][]string{},
			requeue: []string{"j1"},
		},
		{
			name: "ended jobs are left alone",
			jobs: []journal.JobRecord{
				job("j1", "x", journal.JobDone, []string{a}, nil),
				job("j2", "x", journal.JobFailed, []string{b}, nil),
				job("j3", "x", journal.JobCancelled, []string{c}, nil),
			},
			current: map[string][]string{"x": nil},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			batch := &journal.Batch{Jobs: tt.jobs}
			saved := slices.Clone(tt.jobs)
			requeue, done := journal.Reconcile(batch, tt.current)
			if !slices.Equal(requeue, tt.requeue) || !slices.Equal(done, tt.done) {
				t.Errorf("Reconcile = requeue %q, done %q; want %q, %q", requeue, done, tt.requeue, tt.done)
			}
			for i := range saved {
				if saved[i].State != batch.Jobs[i].State {
					t.Errorf("Reconcile changed job %s's state", saved[i].ID)
				}
			}
		})
	}
}
