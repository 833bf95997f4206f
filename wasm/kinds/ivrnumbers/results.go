package ivrnumbers

import (
	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// Jobs is a plan's jobs for the engine: each carries its intent.
func Jobs(p dnis.Plan, names map[string]string) []pacer.Job {
	out := make([]pacer.Job, len(p.Jobs))
	for i, j := range p.Jobs {
		out[i] = pacer.Job{ID: j.ID, Key: j.Intent.IVRID, Label: names[j.Intent.IVRID], After: j.After, Intent: j.Intent}
	}
	return out
}

// Results lists what happened to every number of a recorded batch, for the
// results export and for undo.
func Results(rec batch.Record) []dnis.Result {
	jobs := make([]dnis.JobOutcome, 0, len(rec.Jobs))
	for _, j := range rec.Jobs {
		in, err := DecodeIntent(j.Intent)
		if err != nil {
			continue
		}
		in.IVRID = j.Key
		jobs = append(jobs, dnis.JobOutcome{IVRName: j.Label, Intent: in, Outcome: string(j.State), Reason: j.Error, Attempts: j.Attempts})
	}
	return dnis.ExpandResults(jobs)
}

// BeforeNumbers is what each IVR of a recorded batch held when it was recorded.
func BeforeNumbers(rec batch.Record) map[string][]string {
	out := make(map[string][]string, len(rec.Before))
	for id, raw := range rec.Before {
		if b, err := DecodeBefore(raw); err == nil {
			out[id] = b.DNIS
		}
	}
	return out
}

// UndoChanges returns the changes that undo what a recorded batch changed
// (see dnis.UndoChanges), against the before-state it recorded.
func UndoChanges(rec batch.Record) []dnis.Change {
	return dnis.UndoChanges(Results(rec), BeforeNumbers(rec))
}
