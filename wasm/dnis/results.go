package dnis

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// OutcomeDone is the outcome of a job that landed (the pacer's "done").
// Other outcomes ("failed", "cancelled", or a state the batch stopped in)
// are carried through as they are.
const OutcomeDone = "done"

// Result is what happened to one number of one job.
type Result struct {
	IVRID, IVRName string
	Action         Action
	Number         string
	Outcome        string // the job's final state: done, failed, cancelled
	Reason         string // why it failed, in words; empty when done
	Attempts       int
}

// JobOutcome is a finished job as ExpandResults needs it.
type JobOutcome struct {
	IVRName  string
	Intent   Intent
	Outcome  string
	Reason   string
	Attempts int
}

// ExpandResults lists one Result per number of each job, removes before
// adds (the order a PUT applies them), jobs in the order given.
func ExpandResults(jobs []JobOutcome) []Result {
	var rs []Result
	for _, j := range jobs {
		r := Result{IVRID: j.Intent.IVRID, IVRName: j.IVRName, Outcome: j.Outcome, Reason: j.Reason, Attempts: j.Attempts}
		for _, n := range j.Intent.Remove {
			r.Action, r.Number = Remove, n
			rs = append(rs, r)
		}
		for _, n := range j.Intent.Add {
			r.Action, r.Number = Add, n
			rs = append(rs, r)
		}
	}
	return rs
}

// resultsHeader is the export's first row.
var resultsHeader = []string{"ivr_id", "ivr_name", "action", "number", "outcome", "reason", "attempts"}

// WriteResultsCSV writes the results, one row per number, under the header
// ivr_id,ivr_name,action,number,outcome,reason,attempts.
//
// IVR names and Genesys's messages are text someone else controls, and a
// spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage
// return as a formula (CSV injection). Such cells are written with a leading
// apostrophe, which spreadsheets read as "this is text". The one exception is
// the number column when it holds a valid E.164 number: "+13175550100" is a
// plus sign and digits only, which a spreadsheet can at most read as a
// positive number — it names no function, cell or link — so it stays as
// written for the person to read and copy back into a batch.
func WriteResultsCSV(w io.Writer, rs []Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(resultsHeader); err != nil {
		return err
	}
	for _, r := range rs {
		number := r.Number
		if n, err := Normalize(number); err != nil || n != number {
			number = neutralise(number)
		}
		row := []string{
			neutralise(r.IVRID),
			neutralise(r.IVRName),
			neutralise(string(r.Action)),
			number,
			neutralise(r.Outcome),
			neutralise(r.Reason),
			strconv.Itoa(r.Attempts),
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// neutralise prefixes a cell a spreadsheet would run as a formula with an
// apostrophe. Leading spaces are looked through, since some spreadsheets
// trim them before deciding.
func neutralise(s string) string {
	t := strings.TrimLeft(s, " ")
	if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return "'" + s
	}
	return s
}
