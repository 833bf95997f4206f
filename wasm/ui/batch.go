//go:build js && wasm

package ui

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
)

// batchView shows the running batch. Job rows are keyed by job id and only
// rows whose state changed are touched; the 1 s ticker rewrites nothing but
// the countdown text nodes of waiting jobs.
type batchView struct {
	root     elem
	status   elem
	progress elem
	fill     elem
	stats    elem
	chart    elem
	pause    *dom.HTMLButtonElement
	resume   *dom.HTMLButtonElement
	cancel   *dom.HTMLButtonElement
	export   *dom.HTMLButtonElement
	undo     *dom.HTMLButtonElement
	summary  elem
	jobsBody elem

	batchID string
	rows    map[string]*jobRow
	rev     int
}

type jobRow struct {
	tr        elem
	stateCell elem
	attempts  elem
	countdown *dom.Text // non-nil while the job waits
	nextTry   time.Time
	last      app.Job
}

func newBatchView(u *UI) *batchView {
	b := &batchView{rows: map[string]*jobRow{}, rev: -1}
	b.status = el("div", attrs{"data-testid", "batch-status", "data-state", "idle", "class", "status",
		"role", "status", "aria-live", "polite"}, "No batch is running.")
	b.fill = el("div", attrs{"class", "bar-fill"})
	b.progress = el("div", attrs{"data-testid", "progress", "role", "progressbar", "class", "bar",
		"aria-label", "Batch progress", "aria-valuemin", "0", "aria-valuenow", "0", "aria-valuemax", "0"}, b.fill)
	b.stats = el("p", attrs{"class", "muted", "data-testid", "batch-stats"})
	b.chart = el("div", attrs{"class", "chart", "data-testid", "rate-chart", "role", "img", "hidden", ""})
	b.pause = button("pause", "Pause")
	b.resume = button("resume", "Resume")
	b.cancel = button("cancel", "Cancel", "class", "btn danger")
	b.export = button("export-results", "Export results (CSV)")
	b.undo = button("undo", "Undo this batch")
	b.summary = el("p", attrs{"class", "summary", "data-testid", "batch-summary"})
	b.jobsBody = el("tbody", nil)
	u.on(b.pause, "click", func(dom.Event) { u.c.Pause() })
	u.on(b.resume, "click", func(dom.Event) { u.c.Resume() })
	u.on(b.cancel, "click", func(dom.Event) { u.c.Cancel() })
	u.on(b.export, "click", func(dom.Event) { u.c.ExportResults() })
	u.on(b.undo, "click", func(dom.Event) { u.c.Undo() })
	jobs := el("table", attrs{"class", "grid jobs"},
		el("thead", nil, el("tr", nil,
			el("th", attrs{"scope", "col"}, "IVR"),
			el("th", attrs{"scope", "col"}, "Change"),
			el("th", attrs{"scope", "col"}, "State"),
			el("th", attrs{"scope", "col"}, "Tries"))),
		b.jobsBody)
	b.root = el("div", attrs{"class", "batch"},
		el("h2", nil, "Batch"), b.status, b.progress, b.stats, b.chart,
		el("div", attrs{"class", "row"}, b.pause, b.resume, b.cancel, b.export, b.undo),
		b.summary, el("div", attrs{"class", "jobs-wrap"}, jobs))
	return b
}

var stateWords = map[string]string{
	"idle":         "No batch is running.",
	"running":      "Applying changes…",
	"paused":       "Paused. Nothing is being sent.",
	"waiting-auth": "Signing in again; the batch continues by itself afterwards.",
	"done":         "Finished.",
	"cancelled":    "Cancelled. Updates already sent stay applied.",
}

func (b *batchView) render(v app.View, now time.Time) {
	bt := v.Batch
	state := "idle"
	if bt != nil {
		state = bt.State
	}
	b.status.SetAttribute("data-state", state)
	if bt != nil {
		b.status.SetAttribute("data-batch-id", bt.ID)
		b.status.SetAttribute("data-batch-kind", bt.Kind)
	}
	b.status.SetTextContent(stateWords[state])
	running := state == "running" || state == "paused" || state == "waiting-auth"
	setBool(b.pause, "hidden", state != "running" || v.ReadOnly)
	setBool(b.resume, "hidden", state != "paused" || v.ReadOnly)
	setBool(b.cancel, "hidden", !running || v.ReadOnly)
	ended := bt.Finished()
	setBool(b.export, "hidden", bt == nil)
	setBool(b.undo, "hidden", !ended || !bt.CanUndo || v.ReadOnly)
	if bt == nil {
		b.progress.SetAttribute("aria-valuenow", "0")
		b.progress.SetAttribute("aria-valuemax", "0")
		b.fill.Style().SetProperty("width", "0", "")
		setBool(b.stats, "hidden", true)
		b.summary.SetTextContent("")
		b.reset("")
		return
	}
	if bt.Rev == b.rev {
		return
	}
	b.rev = bt.Rev
	b.progress.SetAttribute("aria-valuenow", strconv.Itoa(bt.Ended))
	b.progress.SetAttribute("aria-valuemax", strconv.Itoa(bt.Total))
	b.progress.SetAttribute("aria-valuetext", fmt.Sprintf("%d of %d updates ended", bt.Ended, bt.Total))
	if bt.Total > 0 {
		b.fill.Style().SetProperty("width", fmt.Sprintf("%.1f%%", float64(bt.Ended)*100/float64(bt.Total)), "")
	}
	setBool(b.stats, "hidden", false)
	b.stats.SetTextContent(statsLine(bt))
	b.summary.SetTextContent(summaryLine(bt))
	b.drawChart(bt)
	b.reset(bt.ID)
	for _, j := range bt.Jobs {
		b.renderJob(j, now)
	}
}

// reset drops the rows of a previous batch.
func (b *batchView) reset(id string) {
	if id == b.batchID {
		return
	}
	b.batchID = id
	b.rows = map[string]*jobRow{}
	clear(b.jobsBody)
}

func (b *batchView) renderJob(j app.Job, now time.Time) {
	r := b.rows[j.ID]
	if r == nil {
		r = &jobRow{}
		r.stateCell = el("td", attrs{"class", "state"})
		r.attempts = el("td", attrs{"class", "num"})
		r.tr = el("tr", attrs{"data-testid", "job-row", "data-ivr-id", j.IVRID, "data-job-id", j.ID},
			el("td", nil, j.IVRName), el("td", attrs{"class", "small"}, j.Summary), r.stateCell, r.attempts)
		b.jobsBody.AppendChild(r.tr)
		b.rows[j.ID] = r
	} else if r.last == j {
		return
	}
	r.last = j
	r.tr.SetAttribute("data-state", j.State)
	r.attempts.SetTextContent(strconv.Itoa(j.Attempts))
	r.countdown = nil
	switch j.State {
	case "waiting":
		r.nextTry = j.NextTryAt
		r.countdown = doc.CreateTextNode(secondsLeft(j.NextTryAt, now))
		reason := j.WaitReason
		if reason == "" {
			reason = "waiting"
		}
		replace(r.stateCell, icon("fa/clock-regular"), "Retry in ",
			el("span", attrs{"data-testid", "job-countdown", "class", "countdown", "aria-live", "polite"}, r.countdown),
			" s — "+reason)
	case "failed":
		replace(r.stateCell, icon("fa/triangle-exclamation-regular"), "Failed: ", el("span", attrs{"data-testid", "job-error", "class", "error"}, j.Error))
	default:
		replace(r.stateCell, jobWords[j.State])
	}
}

var jobWords = map[string]string{
	"queued":    "Queued",
	"sending":   "Sending…",
	"done":      "Done",
	"cancelled": "Cancelled",
}

// tick updates only the countdown text of waiting jobs.
func (b *batchView) tick(now time.Time) {
	for _, r := range b.rows {
		if r.countdown != nil {
			r.countdown.SetTextContent(secondsLeft(r.nextTry, now))
		}
	}
}

// secondsLeft is the whole seconds until t, rounded up so "0" shows only when
// the retry is due.
func secondsLeft(t, now time.Time) string {
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	return strconv.Itoa(int(math.Ceil(d.Seconds())))
}

func statsLine(bt *app.Batch) string {
	s := fmt.Sprintf("%d of %d updates ended · %d done · %d failed", bt.Ended, bt.Total, bt.Done, bt.Failed)
	if bt.Cancelled > 0 {
		s += fmt.Sprintf(" · %d cancelled", bt.Cancelled)
	}
	if bt.Limit > 0 && bt.Window > 0 {
		s += fmt.Sprintf(" · rate %d of %d per %s", bt.Rate, bt.Limit, windowWords(bt.Window))
	}
	if !bt.Finished() && bt.ETA > 0 {
		s += " · about " + durationWords(bt.ETA) + " left"
	}
	return s
}

func summaryLine(bt *app.Batch) string {
	if bt.Err != "" {
		return bt.Err
	}
	if !bt.Finished() {
		return ""
	}
	return fmt.Sprintf("%d updated, %d failed, %d cancelled.", bt.Done, bt.Failed, bt.Cancelled)
}

func windowWords(d time.Duration) string {
	if d == time.Minute {
		return "minute"
	}
	return d.String()
}

func durationWords(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(math.Ceil(d.Seconds())))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(math.Ceil(d.Minutes())))
	default:
		return fmt.Sprintf("%.1f h", d.Hours())
	}
}

// chartWindows is how many recent windows the chart shows.
const chartWindows = 30

// drawChart shows PUTs per window as bars, the 429s of each in red, so the
// person sees the pace settle under the limit.
func (b *batchView) drawChart(bt *app.Batch) {
	h := bt.History
	if len(h) > chartWindows {
		h = h[len(h)-chartWindows:]
	}
	setBool(b.chart, "hidden", len(h) == 0)
	top := 1
	for _, w := range h {
		top = max(top, w.Sent)
	}
	sent, limited := 0, 0
	bars := make([]node, 0, len(h))
	for _, w := range h {
		sent += w.Sent
		limited += w.Limited
		ok := el("span", attrs{"class", "ok"})
		hit := el("span", attrs{"class", "hit"})
		// Heights through the CSSOM, not a style attribute: the page's CSP
		// need not allow inline style attributes for this.
		ok.Style().SetProperty("height", fmt.Sprintf("%d%%", (w.Sent-w.Limited)*100/top), "")
		hit.Style().SetProperty("height", fmt.Sprintf("%d%%", w.Limited*100/top), "")
		bars = append(bars, el("span", attrs{"class", "w", "title", fmt.Sprintf("%d sent, %d answered 429", w.Sent, w.Limited)}, ok, hit))
	}
	b.chart.SetAttribute("aria-label", fmt.Sprintf("PUTs per %s over the last %d windows: %d sent, %d answered 429", windowWords(bt.Window), len(h), sent, limited))
	replace(b.chart, bars)
}
