//go:build js && wasm

package ui

import (
	"fmt"
	"strings"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// groupPreviewView is the schedule groups preview, with the IVR preview's
// testids: summary, problems, notes, one row per group that changes.
type groupPreviewView struct {
	root    elem
	summary elem
	alert   elem
	list    elem
	apply   *dom.HTMLButtonElement
	discard *dom.HTMLButtonElement
	id      string
}

func newGroupPreviewView(u *UI) *groupPreviewView {
	p := &groupPreviewView{}
	p.summary = el("p", attrs{"class", "summary", "data-testid", "preview-summary", "aria-live", "polite"})
	p.alert = el("p", attrs{"class", "problems-alert", "role", "alert", "id", problemsID, "data-testid", "preview-problems", "hidden", ""})
	p.list = el("div", attrs{"class", "preview-list", "tabindex", "0", "role", "region", "aria-label", "Changes in the preview"})
	var applyW, discardW elem
	p.apply, applyW = sparkButton("apply", "Apply", "primary")
	p.discard, discardW = sparkButton("preview-discard", "Discard", "secondary")
	// As for IVRs: a big batch is asked about first, with its counts; yes
	// applies the plan shown at the click.
	u.on(p.apply, "click", func(dom.Event) {
		id := p.id
		if pv := u.c.View().Preview; pv != nil && pv.ID == id {
			if q := app.ApplyQuestion(pv); q != "" {
				u.confirm.ask("Start this batch?", q, "Start the batch", "Go back", func() { u.kc().ApplyGroups(id) })
				return
			}
		}
		u.kc().ApplyGroups(id)
	})
	u.on(p.discard, "click", func(dom.Event) { u.kc().DiscardGroupPreview() })
	p.root = el("div", attrs{"class", "preview", "hidden", ""},
		el("h2", nil, "Preview"), p.summary, p.alert, p.list,
		el("div", attrs{"class", "row"}, applyW, discardW))
	return p
}

func (p *groupPreviewView) render(v app.View, running bool) {
	pv := v.GroupPreview()
	setBool(p.root, "hidden", pv == nil)
	p.apply.SetDisabled(!pv.CanApply() || running || v.ReadOnly || !v.MayEdit(app.KindScheduleGroups))
	if pv == nil {
		if p.id != "" {
			p.id = ""
			clear(p.list)
			p.summary.SetTextContent("")
			setBool(p.alert, "hidden", true)
		}
		return
	}
	if pv.ID == p.id {
		return
	}
	p.id = pv.ID
	verb := "Apply"
	if pv.Kind == "undo" {
		verb = "Apply undo"
	}
	p.apply.SetTextContent(fmt.Sprintf("%s (%s)", verb, app.Count(pv.Jobs, "update", "updates")))
	p.summary.SetTextContent(groupSummary(pv))
	if n := len(pv.Problems); n > 0 {
		p.alert.SetTextContent(fmt.Sprintf("Nothing can be sent until %s fixed. Nothing has been changed.",
			app.Count(n, "problem is", "problems are")))
	}
	setBool(p.alert, "hidden", len(pv.Problems) == 0)
	nodes := previewLines(
		linesOf(pv.Problems, func(p schedgroups.Problem) previewLine { return previewLine{line: p.Line, msg: p.Message} }),
		linesOf(pv.Notes, func(n schedgroups.Note) previewLine {
			return previewLine{line: n.Line, msg: n.Message, warn: n.Warning}
		}),
		len(pv.Rows) > 0)
	for _, r := range pv.Rows {
		nodes = append(nodes, groupPreviewRow(r))
	}
	replace(p.list, nodes)
	val(p.list).Set("scrollTop", 0)
}

// groupSummary is preview-summary's line for schedule groups.
func groupSummary(pv *app.GroupPreview) string {
	var parts []string
	if n := len(pv.Problems); n > 0 {
		parts = append(parts, app.Count(n, "problem", "problems"))
	}
	switch {
	case len(pv.Rows) > 0 && len(pv.Problems) > 0:
		parts = append(parts, app.Count(len(pv.Rows), "schedule group would change", "schedule groups would change")+" once fixed")
	case len(pv.Rows) > 0:
		parts = append(parts, app.Count(len(pv.Rows), "schedule group changes", "schedule groups change")+" in "+app.Count(pv.Jobs, "update", "updates"))
	case len(pv.Problems) == 0:
		parts = append(parts, "Nothing to change")
	}
	warnings := 0
	for _, n := range pv.Notes {
		if n.Warning {
			warnings++
		}
	}
	if n := len(pv.Notes) - warnings; n > 0 {
		parts = append(parts, app.Count(n, "note", "notes"))
	}
	if warnings > 0 {
		parts = append(parts, app.Count(warnings, "warning", "warnings"))
	}
	return strings.Join(parts, " · ") + "."
}

// groupPreviewRow shows, for each list the batch changes, the schedules
// before and after as one line: kept ones plain, added marked, removed struck.
func groupPreviewRow(r schedgroups.PreviewRow) elem {
	row := el("div", attrs{"data-testid", "preview-row", "data-id", r.GroupID, "class", "change"},
		el("div", attrs{"class", "head"}, el("span", attrs{"class", "name"}, r.Name)))
	for _, l := range []struct {
		label         string
		before, after []string
	}{{"Open", r.Before.Open, r.After.Open}, {"Closed", r.Before.Closed, r.After.Closed}, {"Holiday", r.Before.Holiday, r.After.Holiday}} {
		if strings.Join(l.before, "\x00") == strings.Join(l.after, "\x00") {
			continue
		}
		counts := fmt.Sprintf("%s → %s", app.Count(len(l.before), "schedule", "schedules"), app.Count(len(l.after), "schedule", "schedules"))
		appendAll(row, el("div", attrs{"class", "list-change"},
			el("div", attrs{"class", "small muted"}, el("span", attrs{"class", "list-name"}, l.label+" list: "), counts),
			el("div", attrs{"class", "diff"}, diffChips(l.before, l.after))))
	}
	return row
}

// diffChips is a before → after list as chips: kept ones plain, added ones
// marked, removed ones struck; so the one added item stands out and items
// that stay do not look removed.
func diffChips(before, after []string) []node {
	kept := map[string]bool{}
	for _, n := range after {
		kept[n] = true
	}
	had := map[string]bool{}
	var out []node
	for _, n := range before {
		had[n] = true
		if kept[n] {
			out = append(out, el("span", attrs{"class", "num kept"}, n))
		} else {
			out = append(out, el("del", attrs{"class", "num del"}, el("span", attrs{"class", "sr-only"}, "removed "), n))
		}
	}
	for _, n := range after {
		if !had[n] {
			out = append(out, el("ins", attrs{"class", "num add"}, el("span", attrs{"class", "sr-only"}, "added "), n))
		}
	}
	return out
}
