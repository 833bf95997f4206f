package app

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/kinds/ivrnumbers"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
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
func (a *App) exportBatch(rec batch.Record, who batch.Who) {
	meta := dnis.ExportMeta{BatchID: rec.ID, Kind: string(rec.Purpose), User: who.User, UserID: who.UserID,
		Org: who.Org, Started: rec.Created, Exported: a.d.Now()}
	var buf bytes.Buffer
	var err error
	switch rec.Kind {
	case schedgroups.Name:
		err = schedgroups.WriteResults(&buf, schedgroups.RecordResults(rec), meta)
	case ivrnumbers.Name:
		labels := dnis.NewLabels(a.View().IVRs)
		meta.Labels = &labels
		err = dnis.WriteResults(&buf, ivrnumbers.Results(rec), meta)
	default:
		a.notice("The results of this kind of batch cannot be exported.", true)
		return
	}
	if err != nil {
		a.notice("The results could not be written: "+words(err), true)
		return
	}
	a.d.Download("gcpace-results-"+rec.ID+".csv", "text/csv", buf.Bytes())
}

// RerunUnfinished prepares, as the preview, the rows of the latest batch
// that did not land (failed or cancelled), planned against the IVRs (or
// the schedule groups, see rerunGroups) as they are now.
func (a *App) RerunUnfinished() {
	rec, ok := a.eng.Last()
	if !ok {
		return
	}
	rec = a.eng.Final(rec)
	if rec.Kind == schedgroups.Name {
		a.rerunGroups(rec)
		return
	}
	if rec.Kind != ivrnumbers.Name {
		return
	}
	changes := dnis.RerunChanges(ivrnumbers.Results(rec))
	p := dnis.PlanChanges(a.View().IVRs, changes)
	if len(changes) == 0 {
		p.Notes = append(p.Notes, dnis.Note{Message: "Every update of the last batch landed: nothing to run again."})
	}
	a.setIVRPlan(batch.Apply, p)
}

// ApplyValid starts the plan whose preview has id planID without the rows
// that have problems: an explicit choice the page names with the count it
// leaves out.
func (a *App) ApplyValid(planID string) {
	pb, ok := a.takePlan(planID, func(pb *plannedBatch) bool { return len(pb.jobs) > 0 })
	if !ok {
		return
	}
	valid := *pb
	valid.preview.Problems = nil
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
