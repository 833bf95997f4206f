package journal_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/journal"
	"github.com/gcpace/gcpace/wasm/kv"
)

// From plan to journal to reload to results and undo, as the page does it.
func TestBatchResultsAndUndoAfterReload(t *testing.T) {
	ivrs := []dnis.IVR{
		{ID: "a", Name: "Alpha", DNIS: []string{"+13175550001"}},
		{ID: "b", Name: "Bravo", DNIS: []string{"+13175550002"}},
	}
	plan := dnis.PlanChanges(ivrs, []dnis.Change{
		{Line: 2, IVR: "Alpha", Action: dnis.Remove, Number: "+13175550001"},
		{Line: 3, IVR: "Bravo", Action: dnis.Add, Number: "+13175550001"}, // a move
		{Line: 4, IVR: "Alpha", Action: dnis.Add, Number: "+13175550009"},
	})
	if !plan.Ready() {
		t.Fatalf("plan not ready: %+v", plan.Problems)
	}
	before := map[string]journal.Before{}
	for _, v := range ivrs {
		before[v.ID] = journal.Before{Name: v.Name, Version: 1, DNIS: v.DNIS}
	}
	j := &journal.Journal{Store: &kv.Map{}}
	if err := j.Start(journal.NewBatch("b1", journal.KindApply, t0, plan.Jobs, before)); err != nil {
		t.Fatal(err)
	}
	// j1 = Alpha (remove +…0001, add +…0009), j2 = Bravo (add +…0001) fails.
	steps := []struct {
		job, state string
		err        string
	}{
		{"j1", journal.JobSending, ""},
		{"j1", journal.JobDone, ""},
		{"j2", journal.JobSending, ""},
		{"j2", journal.JobFailed, "Field 'didPoolId' is required and cannot be empty."},
	}
	for i, s := range steps {
		if err := j.SetJob("b1", s.job, s.state, 1, s.err, t0.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	b, err := j.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := []dnis.Result{
		{IVRID: "a", IVRName: "Alpha", Action: dnis.Remove, Number: "+13175550001", Outcome: "done", Attempts: 1},
		{IVRID: "a", IVRName: "Alpha", Action: dnis.Add, Number: "+13175550009", Outcome: "done", Attempts: 1},
		{IVRID: "b", IVRName: "Bravo", Action: dnis.Add, Number: "+13175550001", Outcome: "failed",
			Reason: "Field 'didPoolId' is required and cannot be empty.", Attempts: 1},
	}
	if got := b.Results(); !reflect.DeepEqual(got, want) {
		t.Errorf("Results() =\n %+v\nwant\n %+v", got, want)
	}
	wantUndo := []dnis.Change{
		{IVR: "a", Action: dnis.Add, Number: "+13175550001"},
		{IVR: "a", Action: dnis.Remove, Number: "+13175550009"},
	}
	if got := b.UndoChanges(); !reflect.DeepEqual(got, wantUndo) {
		t.Errorf("UndoChanges() =\n %+v\nwant\n %+v", got, wantUndo)
	}
}
