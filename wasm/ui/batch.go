//go:build js && wasm

package ui

import (
	"fmt"
	"strconv"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/internal/browser"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// batchView shows the running batch. Job rows are keyed by job id and only
// rows whose state changed are touched. Countdowns and the ETA are timed
// text: refresh rewrites them, and says when the next shown value changes.
type batchView struct {
	root      elem
	status    elem
	wait      elem
	waitWords elem
	waitCount *dom.Text
	waitWhen  elem
	retryNow  *dom.HTMLButtonElement
	progress  elem
	fillDone  elem
	fillFail  elem
	fillCanc  elem
	stats     elem
	statsText *dom.Text // the stats line's words; the ETA follows them
	eta       elem
	etaText   *dom.Text
	rate      elem
	chart     *chartView
	pause     *dom.HTMLButtonElement
	resume    *dom.HTMLButtonElement
	cancel    *dom.HTMLButtonElement
	export    *dom.HTMLButtonElement
	undo      *dom.HTMLButtonElement
	summary   elem
	jobsWrap  elem
	jobsTable elem
	// chunks hold the job rows, chunkRows to a tbody, in the batch's order
	// (see chunkRows); made counts the rows in them.
	chunks    []elem
	made      int
	fresh     []sp // rows of the last chunk described but not yet made (flushRows)
	thingHead elem // the jobs table's first heading: what a job edits

	batchID   string
	rows      map[string]*jobRow
	waiting   map[*jobRow]bool // rows showing a countdown
	rev       int
	waitUntil time.Time // batch-countdown's target; zero: none shown
	etaAt     time.Time // eta's target; zero: none shown
	// more says the last render ran out of its time slice before every
	// job had a row; Run renders again after giving the page its thread.
	more bool
}

// jobRow is a job's row. Rows are made from descriptions, a chunk's new
// rows in one call (build), and the row's elements are looked up only when
// the job next changes, then let go once it has ended: a 5 000-job batch
// holds the elements of the rows in flight, not 15 000 js.Values, each one
// a finalizer for Go's collector to scan and, at the end, to run (issue 14).
type jobRow struct {
	chunk, at int // its tbody in chunks, and its place there

	tr        elem // nil until looked up (cells), and again once ended
	stateCell elem
	attempts  elem
	countdown *dom.Text // looked up while the job waits on a clock
	nextTry   time.Time
	last      app.Job
}

func newBatchView(u *UI) *batchView {
	b := &batchView{rows: map[string]*jobRow{}, waiting: map[*jobRow]bool{}, rev: -1}
	b.status = el("div", attrs{"data-testid", "batch-status", "data-state", "idle", "class", "status",
		"role", "status", "aria-live", "polite"}, "No batch is running.")
	// Not a live region: the status line (live) says once why and until
	// when the batch waits; these words and the seconds are for the eye.
	b.waitWords = el("span", attrs{"class", "wait-words"})
	b.waitCount = doc.CreateTextNode("")
	var retryW elem
	b.retryNow, retryW = sparkButton("retry-now", "Retry now", "secondary", "hidden", "")
	u.on(b.retryNow, "click", func(dom.Event) { u.c.RetryNow() })
	// The countdown itself is not live: a screen reader told every second
	// hears nothing else. The status line says why and until when.
	b.waitWhen = el("span", attrs{"class", "when"},
		el("span", attrs{"data-testid", "batch-countdown", "class", "countdown"}, b.waitCount), " s")
	b.wait = el("div", attrs{"data-testid", "batch-wait", "class", "batch-wait", "hidden", ""},
		icon("fa/clock-regular"), b.waitWords, " ", b.waitWhen, " ", retryW)
	b.fillDone = el("div", attrs{"class", "bar-part done"})
	b.fillFail = el("div", attrs{"class", "bar-part failed"})
	b.fillCanc = el("div", attrs{"class", "bar-part cancelled"})
	b.progress = el("div", attrs{"data-testid", "progress", "role", "progressbar", "class", "bar parts",
		"aria-label", "Batch progress", "aria-valuemin", "0", "aria-valuenow", "0", "aria-valuemax", "0"},
		b.fillDone, b.fillFail, b.fillCanc)
	b.statsText = doc.CreateTextNode("")
	b.stats = el("p", attrs{"class", "stats", "data-testid", "batch-stats"}, b.statsText)
	b.etaText = doc.CreateTextNode("")
	b.eta = el("span", attrs{"data-testid", "eta", "class", "eta"}, b.etaText)
	b.rate = el("p", attrs{"class", "muted small", "data-testid", "batch-rate"})
	b.chart = newChartView()
	var pauseW, resumeW, cancelW, exportW, undoW elem
	b.pause, pauseW = sparkButton("pause", "Pause", "secondary")
	b.resume, resumeW = sparkButton("resume", "Resume", "primary")
	b.cancel, cancelW = sparkButton("cancel", "Cancel", "danger")
	b.export, exportW = sparkButton("export-results", "Export results (CSV)", "secondary")
	b.undo, undoW = sparkButton("undo", "Undo this batch", "secondary")
	b.summary = el("p", attrs{"class", "summary", "data-testid", "batch-summary"})
	u.on(b.pause, "click", func(dom.Event) { u.c.Pause() })
	u.on(b.resume, "click", func(dom.Event) { u.c.Resume() })
	u.on(b.cancel, "click", func(dom.Event) {
		u.confirm.ask("Cancel the batch?", app.CancelQuestion(u.c.View().Batch), "Cancel the batch", "Keep running", u.c.Cancel)
	})
	u.on(b.export, "click", func(dom.Event) { u.c.ExportResults() })
	u.on(b.undo, "click", func(dom.Event) { u.c.Undo() })
	b.thingHead = el("th", attrs{"scope", "col"}, "IVR")
	b.jobsTable = el("table", attrs{"class", "grid jobs"},
		el("thead", nil, el("tr", nil,
			b.thingHead,
			el("th", attrs{"scope", "col"}, "Change"),
			el("th", attrs{"scope", "col"}, "State"),
			el("th", attrs{"scope", "col", "class", "num"}, "Tries"))))
	b.jobsWrap = el("div", attrs{"class", "jobs-wrap", "tabindex", "0", "role", "region", "aria-label", "Jobs of the batch"}, b.jobsTable)
	b.root = el("div", attrs{"class", "batch"},
		el("h2", nil, "Batch"), b.status, b.wait, b.progress, b.stats, b.rate, b.chart.root,
		el("div", attrs{"class", "row"}, pauseW, resumeW, cancelW, exportW, undoW),
		b.summary, b.jobsWrap)
	return b
}

func (b *batchView) render(v app.View, now time.Time) {
	bt := v.Batch
	state := pacer.BatchIdle
	if bt != nil {
		state = bt.State
	}
	setAttr(b.status, "data-state", string(state))
	if bt != nil {
		setAttr(b.status, "data-batch-id", bt.ID)
		setAttr(b.status, "data-batch-kind", string(bt.Purpose))
	}
	running := state == pacer.BatchRunning || state == pacer.BatchPaused || state == pacer.BatchWaitingAuth
	setBool(b.pause, "hidden", state != pacer.BatchRunning || v.ReadOnly)
	setBool(b.resume, "hidden", state != pacer.BatchPaused || v.ReadOnly)
	setBool(b.cancel, "hidden", !running || v.ReadOnly)
	ended := bt.Finished()
	setBool(b.progress, "hidden", bt == nil)
	setBool(b.jobsWrap, "hidden", bt == nil)
	setBool(b.export, "hidden", bt == nil)
	setBool(b.undo, "hidden", !ended || !bt.CanUndo || v.ReadOnly)
	if bt == nil {
		setTextIf(b.status, app.StatusWords(nil))
		setAttr(b.progress, "aria-valuenow", "0")
		setAttr(b.progress, "aria-valuemax", "0")
		b.bar(0, 0, 0, 0)
		setBool(b.stats, "hidden", true)
		setBool(b.rate, "hidden", true)
		b.showWait(nil, v.ReadOnly)
		b.showETA(time.Time{})
		b.chart.draw(nil)
		setTextIf(b.summary, "")
		b.reset("")
		return
	}
	if bt.Rev == b.rev && !b.more {
		return
	}
	b.rev = bt.Rev
	// Rewritten only when its words change: the same words set again would
	// be announced again, and a batch changes many times a second.
	if words := app.StatusWords(bt); b.status.TextContent() != words {
		b.status.SetTextContent(words)
	}
	setAttr(b.progress, "aria-valuenow", strconv.Itoa(bt.Ended))
	setAttr(b.progress, "aria-valuemax", strconv.Itoa(bt.Total))
	setAttr(b.progress, "aria-valuetext", app.ProgressWords(bt))
	b.bar(bt.Total, bt.Done, bt.Failed, bt.Cancelled)
	setBool(b.stats, "hidden", false)
	setText(b.statsText, statsLine(bt))
	rate := ""
	if !ended {
		rate = app.RateWords(bt)
	}
	setTextIf(b.rate, rate)
	setBool(b.rate, "hidden", rate == "")
	b.showWait(bt.Wait, v.ReadOnly)
	if bt.State == pacer.BatchRunning {
		b.showETA(bt.ETAAt)
	} else {
		b.showETA(time.Time{}) // paused, signing in, ended: no estimate
	}
	setTextIf(b.summary, summaryLine(bt))
	b.chart.draw(bt)
	b.reset(bt.ID)
	ivr := bt.Kind == "" || bt.Kind == "ivr-numbers"
	if head := map[bool]string{true: "IVR", false: "Schedule group"}[ivr]; b.thingHead.TextContent() != head {
		b.thingHead.SetTextContent(head)
	}
	b.more = false
	// A batch of thousands of jobs would build its table in one task that
	// holds the page (and the pacer's timers) for a second: new rows are
	// made for a slice of time per render, the rest on the next ones.
	// The slice is of the browser task, not of this render: renders, the
	// engine's views and a batch's start share one task until all of
	// them wait, and several slices in one task were a long one again.
	start := time.Now()
	made := b.made
	for i, j := range bt.Jobs {
		if b.rows[j.ID] == nil && i%4 == 0 && browser.TaskElapsed(start) >= rowSlice {
			b.more = true
			break
		}
		b.renderJob(j, ivr, now)
	}
	b.flushRows()
	if b.made != made {
		b.sizeTail()
	}
}

// chunkRows is how many job rows share one tbody. The page skips a tbody
// out of view whole (content-visibility, app.css), so a frame walks, hit
// tests and paints some fifty boxes for 5 000 jobs, not 5 000 rows, and a
// row that changes out of view costs nothing until scrolled to (issue 14).
const chunkRows = 100

// rowHeight is a job row's height in CSS pixels before it was ever drawn:
// what a chunk out of view is sized by (contain-intrinsic-size).
const rowHeight = 31

// addRow describes a job's row at the end of the last chunk, or of a new
// one; flushRows makes it.
func (b *batchView) addRow(r *jobRow, tr sp) {
	if b.made%chunkRows == 0 {
		b.flushRows() // into the chunk they were described for
		b.chunks = append(b.chunks, el("tbody", nil))
		b.jobsTable.AppendChild(b.chunks[len(b.chunks)-1])
	}
	r.chunk, r.at = len(b.chunks)-1, b.made%chunkRows
	b.fresh = append(b.fresh, tr)
	b.made++
	if len(b.fresh) == rowsPerBuild {
		// Made as they come, a few at a time, so that render's time slice
		// counts the making too.
		b.flushRows()
	}
}

// rowsPerBuild is how many described rows are made at once.
const rowsPerBuild = 20

// flushRows makes the rows addRow described, in one call.
func (b *batchView) flushRows() {
	if len(b.fresh) > 0 {
		build(b.chunks[len(b.chunks)-1], false, b.fresh)
		b.fresh = nil
	}
}

// cells looks r's elements up in its chunk.
func (b *batchView) cells(r *jobRow) {
	if r.tr != nil {
		return
	}
	tr := b.chunks[r.chunk].Value.Get("rows").Index(r.at)
	cells := tr.Get("cells")
	r.tr, r.stateCell, r.attempts = wrap(tr), wrap(cells.Index(2)), wrap(cells.Index(3))
}

// sizeTail sizes the last chunk, which may hold fewer rows than the
// others, by its rows until it was drawn once (auto: then by what it
// measured), so the table's scroll height is right before it is seen.
func (b *batchView) sizeTail() {
	n := b.made - (len(b.chunks)-1)*chunkRows
	b.chunks[len(b.chunks)-1].Style().SetProperty("contain-intrinsic-size", fmt.Sprintf("auto %dpx", n*rowHeight), "")
}

// rowSlice is how long one render may spend making job rows.
const rowSlice = 8 * time.Millisecond

// pending tells whether job rows are still to be made.
func (b *batchView) pending() bool { return b.more }

// bar sizes the done, failed and cancelled parts of the progress bar, side
// by side from the left. Done and failed are scaled, not sized: their
// growth is eased (app.css), and an eased width re-lays out and repaints
// the page on every frame of it, some fifty frames a second while a batch
// sends (issue 14); an eased transform runs on the compositor. Cancelled
// grows once, at a cancel, and is sized: scaled, its stripes would squash.
func (b *batchView) bar(total, done, failed, cancelled int) {
	frac := func(n int) float64 {
		if total <= 0 {
			return 0
		}
		return float64(n) / float64(total)
	}
	d, f := frac(done), frac(failed)
	setStyle(b.fillDone, "transform", "scaleX("+cssNum(d, 4)+")")
	setStyle(b.fillFail, "transform", "translateX("+cssNum(d*100, 2)+"%) scaleX("+cssNum(f, 4)+")")
	setStyle(b.fillCanc, "left", cssNum((d+f)*100, 2)+"%")
	setStyle(b.fillCanc, "width", cssNum(frac(cancelled)*100, 2)+"%")
}

func (b *batchView) showWait(w *app.Wait, readOnly bool) {
	setBool(b.wait, "hidden", w == nil)
	b.waitUntil = time.Time{}
	if w == nil {
		setBool(b.retryNow, "hidden", true)
		return
	}
	setAttr(b.wait, "data-cause", string(w.Cause))
	if words := app.WaitWords(w); b.waitWords.TextContent() != words {
		b.waitWords.SetTextContent(words)
	}
	setBool(b.waitWhen, "hidden", w.Until.IsZero())
	b.waitUntil = w.Until
	setBool(b.retryNow, "hidden", !w.CanRetryNow() || readOnly)
}

func (b *batchView) showETA(at time.Time) {
	b.etaAt = at
	if at.IsZero() {
		val(b.eta).Call("remove") // absent, not hidden: an outside test looks for it
	}
}

// reset drops the rows of a previous batch; a new batch's table starts at
// its top.
func (b *batchView) reset(id string) {
	if id == b.batchID {
		return
	}
	b.batchID = id
	b.more = false
	b.rows = map[string]*jobRow{}
	b.waiting = map[*jobRow]bool{}
	b.fresh = nil
	if len(b.chunks) == 0 {
		// Nothing to scroll back from: setting scrollTop lays the whole
		// page out at once, which at a batch's start holds a 5 000-row
		// preview still (issue 14).
		return
	}
	for _, c := range b.chunks {
		val(c).Call("remove")
	}
	b.chunks, b.made = nil, 0
	val(b.jobsWrap).Set("scrollTop", 0)
}

// renderJob draws one job's row; ivr says it edits an IVR (its row keeps
// data-ivr-id; every kind's carries data-id). Of a row drawn before, only
// what changed is written: its state, its tries, its state's words. A
// batch of thousands of rows is published ten times a second, and every
// write restyles and lays out its part of the table again.
func (b *batchView) renderJob(j app.Job, ivr bool, now time.Time) {
	r := b.rows[j.ID]
	if r == nil {
		r = &jobRow{last: j}
		ids := attrs{"data-testid", "job-row", "data-id", j.Key, "data-job-id", j.ID, "data-state", string(j.State)}
		if ivr {
			ids = append(ids, "data-ivr-id", j.Key)
		}
		words, waits := stateWords(j, now)
		b.addRow(r, h("tr", ids,
			h("td", nil, j.Label), h("td", attrs{"class", "small"}, j.Summary),
			h("td", attrs{"class", "state"}, words...), h("td", attrs{"class", "num"}, strconv.Itoa(j.Attempts))))
		b.rows[j.ID] = r
		b.timeIf(r, j, waits)
		return
	}
	if r.last == j {
		return
	}
	b.cells(r)
	was := r.last
	r.last = j
	if j.State != was.State {
		r.tr.SetAttribute("data-state", string(j.State))
	}
	if j.Attempts != was.Attempts {
		r.attempts.SetTextContent(strconv.Itoa(j.Attempts))
	}
	if j.State != was.State || j.WaitReason != was.WaitReason || j.Error != was.Error || !j.NextTryAt.Equal(was.NextTryAt) {
		b.drawState(r, j, now)
	}
	if j.State.Ended() {
		r.tr, r.stateCell, r.attempts = nil, nil, nil // looked up again if it ever changes
	}
}

// drawState writes the words of a job's state into its row's state cell.
func (b *batchView) drawState(r *jobRow, j app.Job, now time.Time) {
	r.countdown = nil
	delete(b.waiting, r)
	words, waits := stateWords(j, now)
	build(r.stateCell, true, words...)
	b.timeIf(r, j, waits)
}

// timeIf has refresh count r down to the job's next try when its state
// cell shows a countdown (waits: see stateWords).
func (b *batchView) timeIf(r *jobRow, j app.Job, waits bool) {
	if waits {
		r.nextTry = j.NextTryAt
		b.waiting[r] = true
	}
}

// stateWords describes a job's state cell; waits says it holds a countdown
// to the job's next try.
func stateWords(j app.Job, now time.Time) (words []any, waits bool) {
	switch {
	case j.State == pacer.JobWaiting && !j.NextTryAt.IsZero():
		secs, _ := countdown(j.NextTryAt, now)
		return []any{iconSp("fa/clock-regular"), "Retry in ",
			h("span", attrs{"data-testid", "job-countdown", "class", "countdown"}, strconv.Itoa(secs)),
			" s — " + reasonOr(j.WaitReason, "waiting")}, true
	case j.State == pacer.JobWaiting:
		return []any{iconSp("fa/clock-regular"), "Waiting — " + reasonOr(j.WaitReason, "waiting")}, false
	case j.State == pacer.JobFailed:
		return []any{iconSp("fa/triangle-exclamation-regular"), "Failed: ", h("span", attrs{"data-testid", "job-error", "class", "error"}, j.Error)}, false
	default:
		return []any{jobWords[j.State]}, false
	}
}

// countdown is app.Countdown as the page shows it: never 0. A wait that
// fell due a moment before the pacer moved its job on, or before a render
// that waited for a task of its own (UI.Run), reads 1 until the job's next
// state replaces it, rather than "Retry in 0 s".
func countdown(until, now time.Time) (int, time.Time) {
	secs, at := app.Countdown(until, now)
	return max(secs, 1), at
}

func reasonOr(s, or string) string {
	if s == "" {
		return or
	}
	return s
}

var jobWords = map[pacer.State]string{
	pacer.JobQueued:    "Queued",
	pacer.JobSending:   "Sending…",
	pacer.JobDone:      "Done",
	pacer.JobCancelled: "Cancelled (not sent)",
}

// refresh rewrites the timed text (countdowns, ETA) for now and returns
// when the next shown value changes; zero when nothing is timed.
func (b *batchView) refresh(now time.Time) time.Time {
	var next time.Time
	soon := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for r := range b.waiting {
		secs, at := countdown(r.nextTry, now)
		if r.countdown == nil {
			b.cells(r)
			r.countdown = &dom.Text{BasicNode: &dom.BasicNode{Value: r.stateCell.Value.Call("querySelector", ".countdown").Get("firstChild")}}
		}
		setText(r.countdown, strconv.Itoa(secs))
		soon(at)
	}
	if !b.waitUntil.IsZero() {
		secs, at := countdown(b.waitUntil, now)
		setText(b.waitCount, strconv.Itoa(secs))
		soon(at)
	}
	if !b.etaAt.IsZero() {
		words, at := app.ETAWords(b.etaAt, now)
		setText(b.etaText, " · "+words)
		if !val(b.eta).Get("isConnected").Bool() {
			appendAll(b.stats, b.eta)
		}
		soon(at)
	}
	return next
}

// setText changes a text node only when its text changes: rewriting the
// same digits would still make assistive technology and observers see a
// change.
func setText(t *dom.Text, s string) {
	if t.NodeValue() != s {
		t.SetNodeValue(s)
	}
}

func statsLine(bt *app.Batch) string {
	s := fmt.Sprintf("%d of %s ended · %d done · %d failed", bt.Ended, app.Count(bt.Total, "update", "updates"), bt.Done, bt.Failed)
	if bt.Cancelled > 0 {
		s += fmt.Sprintf(" · %d cancelled", bt.Cancelled)
	}
	return s
}

func summaryLine(bt *app.Batch) string {
	if bt.Err != "" {
		return bt.Err
	}
	return ""
}
