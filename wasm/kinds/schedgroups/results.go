package schedgroups

import (
	"io"
	"strconv"

	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/dnis"
)

// Result is what happened to one schedule on one list of one group.
type Result struct {
	GroupID, GroupName string
	Entry
	Action   Action
	Outcome  string // the job's final state: done, failed, cancelled
	Reason   string // why it failed, in words
	Attempts int
}

// JobResult is a finished job as Results needs it.
type JobResult struct {
	GroupName string
	Intent    Intent
	Outcome   string
	Reason    string
	Attempts  int
}

// RecordResults lists what happened to every entry of a recorded batch,
// for the results export and for running the unfinished ones again.
func RecordResults(rec batch.Record) []Result {
	jobs := make([]JobResult, 0, len(rec.Jobs))
	for _, j := range rec.Jobs {
		in, err := DecodeIntent(j.Intent)
		if err != nil {
			continue
		}
		in.GroupID = j.Key
		jobs = append(jobs, JobResult{GroupName: j.Label, Intent: in, Outcome: string(j.State), Reason: j.Error, Attempts: j.Attempts})
	}
	return Results(jobs)
}

// Results lists one Result per entry of each job, removes first.
func Results(jobs []JobResult) []Result {
	var rs []Result
	for _, j := range jobs {
		r := Result{GroupID: j.Intent.GroupID, GroupName: j.GroupName, Outcome: j.Outcome, Reason: j.Reason, Attempts: j.Attempts}
		for _, e := range j.Intent.Remove {
			r.Entry, r.Action = e, Remove
			rs = append(rs, r)
		}
		for _, e := range j.Intent.Add {
			r.Entry, r.Action = e, Add
			rs = append(rs, r)
		}
	}
	return rs
}

var resultsHeader = []string{"group", "list", "schedule", "action", "outcome", "reason", "attempts", "group_name"}

// WriteResults writes the results as CSV: the four input columns first
// (group and schedule by id, which always load back), so the file loads
// back as a batch (CONTRACT.md §4) and what is in place becomes a note;
// then the outcome and who ran it, where and when (dnis.WriteExport). Text
// someone else controls is guarded against spreadsheet formulas
// (dnis.Guard).
func WriteResults(w io.Writer, rs []Result, m dnis.ExportMeta) error {
	g := dnis.Guard
	return dnis.WriteExport(w, resultsHeader, m, len(rs), func(i int) []string {
		r := rs[i]
		return []string{g(r.GroupID), string(r.List), g(r.Schedule), string(r.Action), g(r.Outcome), g(r.Reason),
			strconv.Itoa(r.Attempts), g(r.GroupName)}
	})
}

// RerunChanges turns the entries that did not land (failed, cancelled, or
// left in any state but done) back into changes, by id, to plan again
// against the groups as they are now.
func RerunChanges(results []Result) []Change {
	var out []Change
	for _, r := range results {
		if r.Outcome == dnis.OutcomeDone {
			continue
		}
		out = append(out, Change{Group: r.GroupID, List: r.List, Schedule: r.Schedule, Action: r.Action})
	}
	return out
}
