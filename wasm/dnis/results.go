package dnis

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

// ExportMeta says whose batch an export is, in which org, and when
// (issue 12: the results and history exports say who, which org and when).
type ExportMeta struct {
	Labels   *Labels // how to name IVRs; nil: by id, which always loads back (other kinds: unused)
	BatchID  string
	Kind     string // apply or undo
	User     string // who started the batch
	UserID   string
	Org      string
	Started  time.Time
	Exported time.Time
}

// resultsHeader is the export's first row: the three input columns first,
// so the file loads back as a batch (CONTRACT.md §4), then the outcome;
// WriteExport adds the batch's columns.
var resultsHeader = []string{"ivr", "action", "number", "outcome", "reason", "attempts", "ivr_id", "ivr_name"}

// batchColumns end every kind's results export: whose batch it is, in
// which org, and when.
var batchColumns = []string{"batch", "kind", "started_by", "started_by_id", "org", "started_at", "exported_at"}

// WriteResultsCSV is WriteResults with no batch details, IVRs by id.
func WriteResultsCSV(w io.Writer, rs []Result) error { return WriteResults(w, rs, ExportMeta{}) }

// WriteResults writes the results, one row per number: ivr, action and
// number (the batch's intents, so loading the file back re-applies it and
// what is already in place becomes a note), then outcome, reason and
// attempts, then who started the batch, in which org and when.
//
// The number column holding a valid E.164 number is the one cell not
// guarded as WriteExport says: "+13175550100" is a plus sign and digits
// only, which a spreadsheet can at most read as a positive number — it
// names no function, cell or link — so it stays as written for the person
// to read and load back.
func WriteResults(w io.Writer, rs []Result, m ExportMeta) error {
	return WriteExport(w, resultsHeader, m, len(rs), func(i int) []string {
		r := rs[i]
		ivr := r.IVRID
		if m.Labels != nil {
			ivr = m.Labels.Of(r.IVRID, r.IVRName)
		}
		return []string{
			neutralise(ivr),
			neutralise(string(r.Action)),
			numberCell(r.Number),
			neutralise(r.Outcome),
			neutralise(r.Reason),
			strconv.Itoa(r.Attempts),
			neutralise(r.IVRID),
			neutralise(r.IVRName),
		}
	})
}

// WriteExport writes a results export of any kind as CSV: header and
// batchColumns, then n rows, each row(i) followed by m's batch cells.
// row(i) guards its own cells (Guard).
//
// Names and Genesys's messages are text someone else controls, and a
// spreadsheet runs a cell that starts with =, +, -, @ (or their full-width
// forms), a tab or a carriage return as a formula (CSV injection). Such
// cells are written with a leading apostrophe, which spreadsheets read as
// "this is text" (see neutralise).
func WriteExport(w io.Writer, header []string, m ExportMeta, n int, row func(i int) []string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append(slices.Clip(header), batchColumns...)); err != nil {
		return err
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	batch := []string{neutralise(m.BatchID), neutralise(m.Kind), neutralise(m.User), neutralise(m.UserID),
		neutralise(m.Org), at(m.Started), at(m.Exported)}
	for i := range n {
		if err := cw.Write(append(slices.Clip(row(i)), batch...)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// neutralise prefixes a cell a spreadsheet would run as a formula with an
// apostrophe. Spreadsheets trim leading white space (Unicode's, not only
// ASCII spaces) and invisible format characters before deciding, and some
// read the full-width forms of = + - @ as the ASCII ones, so those are
// looked through and covered too. A cell that starts with a tab or a
// carriage return is guarded whatever follows.
func neutralise(s string) string {
	if s == "" {
		return s
	}
	if s[0] == '\t' || s[0] == '\r' {
		return "'" + s
	}
	t := strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) })
	if r, _ := utf8.DecodeRuneInString(t); t != "" && strings.ContainsRune(formulaStarts, r) {
		return "'" + s
	}
	return s
}

// formulaStarts are the characters that make a spreadsheet read a cell as
// a formula: ASCII, full-width (U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠),
// small forms (U+FE66 ﹦, U+FE62 ﹢, U+FE63 ﹣, U+FE6B ﹫) and the minus sign
// U+2212.
const formulaStarts = "=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212"

// Guard is the formula guard of the exports (see WriteResults) for other
// CSVs the page writes.
func Guard(s string) string { return neutralise(s) }
