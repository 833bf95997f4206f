package schedgroups

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

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

// ResultsMeta says whose batch an export is, in which org, and when.
type ResultsMeta struct {
	BatchID, Purpose, User, UserID, Org string
	Started, Exported                   time.Time
}

var resultsHeader = []string{"group", "list", "schedule", "action", "outcome", "reason", "attempts",
	"group_name", "batch", "kind", "started_by", "started_by_id", "org", "started_at", "exported_at"}

// WriteResults writes the results as CSV: the four input columns first
// (group and schedule by id, which always load back), so the file loads
// back as a batch (CONTRACT.md §4) and what is in place becomes a note;
// then the outcome and who ran it, where and when. Text someone else
// controls is guarded against spreadsheet formulas (dnis.Guard).
func WriteResults(w io.Writer, rs []Result, m ResultsMeta) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(resultsHeader); err != nil {
		return err
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	g := dnis.Guard
	for _, r := range rs {
		row := []string{g(r.GroupID), string(r.List), g(r.Schedule), string(r.Action), g(r.Outcome), g(r.Reason),
			strconv.Itoa(r.Attempts), g(r.GroupName), g(m.BatchID), g(m.Purpose), g(m.User), g(m.UserID), g(m.Org),
			at(m.Started), at(m.Exported)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
