package app

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/journal"
)

// ExportMapping downloads the numbers of the selected IVRs (every IVR when
// none is selected) as set rows (CONTRACT.md §4): edited in a spreadsheet
// and loaded back, it is the desired state.
func (a *App) ExportMapping(ids []string) {
	var buf bytes.Buffer
	if err := dnis.WriteMappingCSV(&buf, a.View().IVRs, ids); err != nil {
		a.notice("The numbers could not be written: "+words(err), true)
		return
	}
	a.d.Download("gcpace-numbers-"+a.d.Now().UTC().Format("20060102T150405")+".csv", "text/csv", buf.Bytes())
}

// exportBatch downloads a batch's results: its intents as loadable rows,
// then outcomes, who ran it, in which org and when.
func (a *App) exportBatch(rec journal.Batch, who journal.Who) {
	labels := dnis.NewLabels(a.View().IVRs)
	meta := dnis.ExportMeta{Labels: &labels, BatchID: rec.ID, Kind: rec.Kind, User: who.User, UserID: who.UserID,
		Org: who.Org, Started: rec.Created, Exported: a.d.Now()}
	var buf bytes.Buffer
	if err := dnis.WriteResults(&buf, rec.Results(), meta); err != nil {
		a.notice("The results could not be written: "+words(err), true)
		return
	}
	a.d.Download("gcpace-results-"+rec.ID+".csv", "text/csv", buf.Bytes())
}

// exportLast is ExportResults for the latest batch.
func (a *App) exportLast(rec journal.Batch) {
	rec = a.final(rec)
	who := a.who()
	if entries, _ := a.history().List(); len(entries) > 0 {
		for _, e := range entries {
			if e.ID == rec.ID {
				who = e.Who
			}
		}
	}
	a.exportBatch(rec, who)
}

// RerunUnfinished prepares, as the preview, the rows of the latest batch
// that did not land (failed or cancelled), planned against the IVRs as they
// are now.
func (a *App) RerunUnfinished() {
	rec, ok := a.lastBatch()
	if !ok {
		return
	}
	rec = a.final(rec)
	changes := dnis.RerunChanges(rec.Results())
	p := dnis.PlanChanges(a.View().IVRs, changes)
	if len(changes) == 0 {
		p.Notes = append(p.Notes, dnis.Note{Message: "Every update of the last batch landed: nothing to run again."})
	}
	a.setPlan(&plannedBatch{kind: journal.KindApply, plan: p})
}

// ApplyValid starts the plan whose preview has id planID without the rows
// that have problems: an explicit choice the page names with the count it
// leaves out.
func (a *App) ApplyValid(planID string) {
	pb, ok := a.takePlan(planID, func(p dnis.Plan) bool { return len(p.Jobs) > 0 })
	if !ok {
		return
	}
	valid := *pb
	valid.plan.Problems = nil
	go a.apply(&valid)
}

// LeftOut is how many input lines (or, outside a CSV, problems) apply-valid
// leaves out.
func (p *Preview) LeftOut() int {
	if p == nil {
		return 0
	}
	lines := map[int]bool{}
	n := 0
	for _, e := range p.Problems {
		if e.Line == 0 {
			n++
		} else if !lines[e.Line] {
			lines[e.Line] = true
			n++
		}
	}
	return n
}

// ExportProblems downloads the preview's problems as CSV: line, row (the
// input line as typed), reason.
func (a *App) ExportProblems() {
	pv := a.View().Preview
	if pv == nil || len(pv.Problems) == 0 {
		return
	}
	a.wf.mu.Lock()
	lines := strings.Split(a.wf.input, "\n")
	a.wf.mu.Unlock()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"line", "row", "reason"})
	for _, p := range pv.Problems {
		row := ""
		if p.Line > 0 && p.Line <= len(lines) {
			row = strings.TrimSuffix(lines[p.Line-1], "\r")
		}
		line := ""
		if p.Line > 0 {
			line = strconv.Itoa(p.Line)
		}
		_ = w.Write([]string{line, dnis.Guard(row), dnis.Guard(p.Message)})
	}
	w.Flush()
	a.d.Download("gcpace-problems-"+a.d.Now().UTC().Format(time.DateOnly)+".csv", "text/csv", buf.Bytes())
}

// final is rec with every job's final state when the batch ended (the
// history holds only ended batches): a tab that only followed the batch
// holds the states it read when it started following.
func (a *App) final(rec journal.Batch) journal.Batch {
	if h, err := a.history().Batch(rec.ID); err == nil {
		return h
	}
	return rec
}
