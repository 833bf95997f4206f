//go:build js && wasm

package ui

import (
	"fmt"
	"strings"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
)

// previewView shows exactly what a batch will change before anything is sent.
type previewView struct {
	root    elem
	summary elem
	list    elem
	apply   *dom.HTMLButtonElement
	discard *dom.HTMLButtonElement
	rev     int
}

func newPreviewView(u *UI) *previewView {
	p := &previewView{rev: -1}
	p.summary = el("p", attrs{"class", "summary", "aria-live", "polite"})
	p.list = el("div", attrs{"class", "preview-list"})
	p.apply = button("apply", "Apply", "class", "btn primary")
	p.discard = button("discard-preview", "Discard")
	u.on(p.apply, "click", func(dom.Event) { u.c.Apply() })
	u.on(p.discard, "click", func(dom.Event) { u.c.DiscardPreview() })
	p.root = el("div", attrs{"class", "preview", "hidden", ""},
		el("h2", nil, "Preview"), p.summary, p.list,
		el("div", attrs{"class", "row"}, p.apply, p.discard))
	return p
}

func (p *previewView) render(v app.View) {
	pv := v.Preview
	setBool(p.root, "hidden", pv == nil)
	running := v.Batch != nil && !v.Batch.Finished()
	p.apply.SetDisabled(!pv.CanApply() || running || v.ReadOnly)
	if pv == nil || pv.Rev == p.rev {
		return
	}
	p.rev = pv.Rev
	verb := "Apply"
	if pv.Kind == "undo" {
		verb = "Apply undo"
	}
	p.apply.SetTextContent(fmt.Sprintf("%s (%d updates)", verb, pv.Jobs))
	switch {
	case len(pv.Problems) > 0:
		p.summary.SetTextContent(fmt.Sprintf("%d problem(s) must be fixed before anything is sent. Nothing has been changed.", len(pv.Problems)))
	case pv.Jobs == 0:
		p.summary.SetTextContent("Nothing to change.")
	default:
		p.summary.SetTextContent(fmt.Sprintf("%d IVR(s) will change in %d update(s).", len(pv.Rows), pv.Jobs))
	}
	var nodes []node
	for _, e := range pv.Problems {
		text := e.Message
		if e.Line > 0 {
			text = fmt.Sprintf("Line %d: %s", e.Line, e.Message)
		}
		nodes = append(nodes, el("div", attrs{"data-testid", "preview-error", "class", "problem", "role", "alert"}, text))
	}
	for _, n := range pv.Notes {
		text := n.Message
		if n.Line > 0 {
			text = fmt.Sprintf("Line %d: %s", n.Line, n.Message)
		}
		nodes = append(nodes, el("div", attrs{"data-testid", "preview-note", "class", "note"}, text))
	}
	for _, r := range pv.Rows {
		nodes = append(nodes, el("div", attrs{"data-testid", "preview-row", "data-ivr-id", r.IVRID, "class", "change"},
			el("div", attrs{"class", "name"}, r.Name),
			el("div", attrs{"class", "diff"},
				el("span", attrs{"class", "before", "data-testid", "preview-before"}, dash(strings.Join(r.Before, ", "))),
				el("span", attrs{"class", "arrow", "aria-label", "becomes"}, " → "),
				el("span", attrs{"class", "after", "data-testid", "preview-after"}, dash(strings.Join(r.After, ", "))))))
	}
	replace(p.list, nodes)
}

func dash(s string) string {
	if s == "" {
		return "(no numbers)"
	}
	return s
}
