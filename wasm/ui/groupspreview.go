//go:build js && wasm

package ui

import (
	"fmt"
	"strings"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// groupPreviewView is the schedule groups preview, with the IVR preview's
// testids: summary, problems, notes, one row per group that changes.
type groupPreviewView struct {
	*previewFrame
}

func newGroupPreviewView(u *UI) *groupPreviewView {
	p := &groupPreviewView{newPreviewFrame()}
	p.wire(u, func(id string) { u.kc().ApplyGroups(id) }, func() { u.kc().DiscardGroupPreview() })
	return p
}

func (p *groupPreviewView) render(v app.View, running bool) {
	pv := v.GroupPreview()
	id := ""
	if pv != nil {
		id = pv.ID
	}
	p.show(id, pv.CanApply() && !running && !v.ReadOnly && v.MayEdit(app.KindScheduleGroups), func() previewPlan {
		return previewPlan{
			undo: pv.Kind == "undo", jobs: pv.Jobs,
			changed: len(pv.Rows), row: func(i int) sp { r := pv.Rows[i]; return groupPreviewRow(r) },
			one: "schedule group", many: "schedule groups",
			problems: linesOf(pv.Problems, func(p schedgroups.Problem) previewLine { return previewLine{line: p.Line, msg: p.Message} }),
			notes: linesOf(pv.Notes, func(n schedgroups.Note) previewLine {
				return previewLine{line: n.Line, msg: n.Message, warn: n.Warning}
			}),
		}
	})
}

// groupPreviewRow shows, for each list the batch changes, the schedules
// before and after as one line: kept ones plain, added marked, removed struck.
func groupPreviewRow(r schedgroups.PreviewRow) sp {
	row := h("div", attrs{"data-testid", "preview-row", "data-id", r.GroupID, "class", "change"},
		h("div", attrs{"class", "head"}, h("span", attrs{"class", "name"}, r.Name)))
	for _, l := range []struct {
		label         string
		before, after []string
	}{{"Open", r.Before.Open, r.After.Open}, {"Closed", r.Before.Closed, r.After.Closed}, {"Holiday", r.Before.Holiday, r.After.Holiday}} {
		if strings.Join(l.before, "\x00") == strings.Join(l.after, "\x00") {
			continue
		}
		counts := fmt.Sprintf("%s → %s", app.Count(len(l.before), "schedule", "schedules"), app.Count(len(l.after), "schedule", "schedules"))
		row.kids = append(row.kids, h("div", attrs{"class", "list-change"},
			h("div", attrs{"class", "small muted"}, h("span", attrs{"class", "list-name"}, l.label+" list: "), counts),
			h("div", attrs{"class", "diff"}, diffChips(l.before, l.after))))
	}
	return row
}

// diffChips is a before → after list as chips: kept ones plain, added ones
// marked, removed ones struck; so the one added item stands out and items
// that stay do not look removed.
func diffChips(before, after []string) []sp {
	kept := map[string]bool{}
	for _, n := range after {
		kept[n] = true
	}
	had := map[string]bool{}
	var out []sp
	for _, n := range before {
		had[n] = true
		if kept[n] {
			out = append(out, h("span", attrs{"class", "num kept"}, n))
		} else {
			out = append(out, h("del", attrs{"class", "num del"}, h("span", attrs{"class", "sr-only"}, "removed "), n))
		}
	}
	for _, n := range after {
		if !had[n] {
			out = append(out, h("ins", attrs{"class", "num add"}, h("span", attrs{"class", "sr-only"}, "added "), n))
		}
	}
	return out
}
