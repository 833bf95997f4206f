package ivrnumbers_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/ivrnumbers"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// From plan to the engine's record to results and undo, as the page does
// it: the intents go through the journal's form and come back the same.
func TestResultsAndUndoFromRecord(t *testing.T) {
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
	k := ivrnumbers.New(ivrnumbers.Deps{})
	rec := batch.Record{ID: "b1", Kind: k.Name(), Purpose: batch.Apply, Before: map[string]json.RawMessage{}}
	for _, v := range ivrs {
		rec.Before[v.ID] = ivrnumbers.EncodeBefore(genesys.IVR{ID: v.ID, Name: v.Name, Version: 1, DNIS: v.DNIS})
	}
	// j1 = Alpha (remove +…0001, add +…0009) done, j2 = Bravo (add +…0001) failed.
	states := map[string]pacer.State{"j1": pacer.JobDone, "j2": pacer.JobFailed}
	for _, j := range ivrnumbers.Jobs(plan, map[string]string{"a": "Alpha", "b": "Bravo"}) {
		raw, err := k.EncodeIntent(j.Intent)
		if err != nil {
			t.Fatal(err)
		}
		back, err := k.DecodeIntent(raw)
		if err != nil || !reflect.DeepEqual(back, j.Intent) {
			t.Errorf("intent %+v came back as %+v (%v)", j.Intent, back, err)
		}
		jr := batch.JobRecord{ID: j.ID, Key: j.Key, Label: j.Label, Intent: raw, State: states[j.ID], Attempts: 1}
		if jr.State == pacer.JobFailed {
			jr.Error = "Field 'didPoolId' is required and cannot be empty."
		}
		rec.Jobs = append(rec.Jobs, jr)
	}
	want := []dnis.Result{
		{IVRID: "a", IVRName: "Alpha", Action: dnis.Remove, Number: "+13175550001", Outcome: "done", Attempts: 1},
		{IVRID: "a", IVRName: "Alpha", Action: dnis.Add, Number: "+13175550009", Outcome: "done", Attempts: 1},
		{IVRID: "b", IVRName: "Bravo", Action: dnis.Add, Number: "+13175550001", Outcome: "failed",
			Reason: "Field 'didPoolId' is required and cannot be empty.", Attempts: 1},
	}
	if got := ivrnumbers.Results(rec); !reflect.DeepEqual(got, want) {
		t.Errorf("Results() =\n %+v\nwant\n %+v", got, want)
	}
	wantUndo := []dnis.Change{
		{IVR: "a", Action: dnis.Add, Number: "+13175550001"},
		{IVR: "a", Action: dnis.Remove, Number: "+13175550009"},
	}
	if got := ivrnumbers.UndoChanges(rec); !reflect.DeepEqual(got, wantUndo) {
		t.Errorf("UndoChanges() =\n %+v\nwant\n %+v", got, wantUndo)
	}
	if got := k.Summary(rec.Jobs[0].Intent); got != "" {
		t.Errorf("Summary of raw JSON = %q, want nothing (it takes a decoded intent)", got)
	}
	in, _ := k.DecodeIntent(rec.Jobs[0].Intent)
	if got := k.Summary(in); got != "remove +13175550001; add +13175550009" {
		t.Errorf("Summary = %q", got)
	}
}

// The intent JSON a round-1 record converts to (the journal's format-1
// reading) decodes as the IVR's intent.
func TestDecodesFormat1Intent(t *testing.T) {
	in, err := ivrnumbers.DecodeIntent(json.RawMessage(`{"ivr":"ivr-a","add":["+13175550009"],"remove":["+13175550001"]}`))
	if err != nil || !reflect.DeepEqual(in, dnis.Intent{IVRID: "ivr-a", Add: []string{"+13175550009"}, Remove: []string{"+13175550001"}}) {
		t.Errorf("DecodeIntent = %+v, %v", in, err)
	}
	b, err := ivrnumbers.DecodeBefore(json.RawMessage(`{"name":"Alpha","version":4,"dnis":["+13175550001"]}`))
	if err != nil || b.Name != "Alpha" || b.Version != 4 || len(b.DNIS) != 1 {
		t.Errorf("DecodeBefore = %+v, %v", b, err)
	}
}
