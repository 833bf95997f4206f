//go:build js && wasm

package ui

import (
	"fmt"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/dnis"
)

// listedProblems is how many problems (and notes) are listed one by one;
// the rest are counted. Ten thousand rows of errors help nobody, and would
// take the page's main thread for seconds.
const listedProblems = 100

// problemsID is the id of the one summary of the preview's problems, which
// the input they came from names in aria-describedby.
const problemsID = "preview-problems"

// previewView shows exactly what a batch will change before anything is sent.
type previewView struct {
	*previewFrame
}

func newPreviewView(u *UI) *previewView {
	p := &previewView{newPreviewFrame()}
	p.wire(u, func(id string) { u.c.Apply(id) }, func() { u.c.DiscardPreview() })
	return p
}

func (p *previewView) render(v app.View) {
	pv := v.IVRPreview()
	running := v.Batch != nil && !v.Batch.Finished()
	id := ""
	if pv != nil {
		id = pv.ID
	}
	p.show(id, pv.CanApply() && !running && !v.ReadOnly && v.MayEdit(app.KindIVRNumbers), func() previewPlan {
		return previewPlan{
			undo: pv.Purpose == "undo", jobs: pv.Jobs,
			changed: len(pv.Rows), row: func(i int) sp { r := pv.Rows[i]; return previewRow(r.IVRID, r.Name, r.Before, r.After) },
			one: "IVR", many: "IVRs",
			problems: linesOf(pv.Problems, func(p dnis.Problem) previewLine { return previewLine{line: p.Line, msg: p.Message} }),
			notes:    linesOf(pv.Notes, func(n dnis.Note) previewLine { return previewLine{line: n.Line, msg: n.Message} }),
		}
	})
}

func lineWords(line int, msg string) string {
	if line > 0 {
		return fmt.Sprintf("Line %d: %s", line, msg)
	}
	return msg
}

// previewRow shows one IVR's numbers as one list: kept numbers plain, added
// ones marked, removed ones struck; so the one added number stands out and
// numbers that stay do not look removed.
func previewRow(id, name string, before, after []string) sp {
	nums := diffChips(before, after)
	counts := fmt.Sprintf("%s → %s", app.Count(len(before), "number", "numbers"), app.Count(len(after), "number", "numbers"))
	row := h("div", attrs{"data-testid", "preview-row", "data-ivr-id", id, "data-id", id, "class", "change"},
		h("div", attrs{"class", "head"}, h("span", attrs{"class", "name"}, name),
			h("span", attrs{"class", "small muted counts"}, counts)),
		h("div", attrs{"class", "diff"}, nums))
	if len(after) == 0 {
		row.kids = append(row.kids, h("div", attrs{"class", "warn", "data-testid", "preview-warning"},
			iconSp("fa/triangle-exclamation-regular"),
			"This IVR will be left with no numbers: calls to it stop routing."))
	}
	return row
}
