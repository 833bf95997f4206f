package app

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/dnis"
)

// Input is the state of the CSV being loaded.
type Input struct {
	Busy bool   // reading or planning: the inputs that load CSVs are disabled
	File string // the uploaded file's name; empty for pasted text
}

// PlanCSVText previews pasted CSV like PlanCSV, but in a goroutine that
// hands the page's thread back every few hundred rows (see pageYield), so a
// big paste never freezes the page.
func (a *App) PlanCSVText(text string) {
	gen := a.startLoad("")
	go a.planLoaded(gen, text)
}

// PlanCSVFile previews an uploaded CSV. The size is checked before a byte
// is read (CONTRACT.md §5 csv-file: over 2 MB it is refused with a message
// naming the limit); read is then called in a goroutine, never in a DOM
// callback, and the text never goes into the paste box.
func (a *App) PlanCSVFile(name string, size int64, read func() (string, error)) {
	if size > dnis.MaxCSVBytes {
		a.startLoad(name)
		a.finishLoad(dnis.Plan{Problems: []dnis.Problem{{Message: fmt.Sprintf(
			"The file %s is %s; the limit is %d MB. Split it into smaller files.", name, sizeWords(size), dnis.MaxCSVBytes>>20)}}}, "", name)
		return
	}
	gen := a.startLoad(name)
	go func() {
		text, err := read()
		if err != nil {
			a.finishLoad(dnis.Plan{Problems: []dnis.Problem{{Message: "The file " + name + " could not be read: " + words(err)}}}, "", name)
			return
		}
		a.planLoaded(gen, text)
	}()
}

// startLoad drops the preview at once, so apply cannot start what the
// screen showed before this input, and marks the page busy.
func (a *App) startLoad(file string) int {
	a.wf.mu.Lock()
	a.wf.gen++
	gen := a.wf.gen
	a.wf.mu.Unlock()
	a.DiscardPreview()
	a.update(func(v *View) { v.Input = Input{Busy: true, File: file} })
	return gen
}

func (a *App) planLoaded(gen int, text string) {
	// Fewer, later collections while a big file is parsed: in the browser a
	// collection runs on the page's thread and cannot be cut into slices.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	var p dnis.Plan
	if strings.TrimSpace(text) == "" {
		p.Problems = []dnis.Problem{{Message: "The CSV is empty. It needs a header row: ivr,action,number."}}
	} else {
		p = dnis.PlanCSVYield(a.View().IVRs, text, pageYield())
	}
	a.wf.mu.Lock()
	stale := gen != a.wf.gen
	a.wf.mu.Unlock()
	if stale {
		return // a newer input replaced this one while it was read
	}
	a.finishLoad(p, text, a.View().Input.File)
}

func (a *App) finishLoad(p dnis.Plan, text, file string) {
	a.wf.mu.Lock()
	a.wf.input = text
	a.wf.mu.Unlock()
	a.setIVRPlan(batch.Apply, p)
	a.update(func(v *View) { v.Input = Input{File: file} })
}

func sizeWords(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}
