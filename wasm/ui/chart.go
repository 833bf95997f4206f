//go:build js && wasm

package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// maxBars is the most bars the chart draws; longer batches are binned, each
// bar then showing the average per window of the windows it covers.
const maxBars = 60

// chartView draws the batch's sends and 429s per rate-limit window over the
// whole batch, with the limit the pacer believes now as a line: a person
// sees at a glance whether the pace sits under the limit.
type chartView struct {
	root   elem
	title  elem
	empty  elem
	body   elem
	yTop   elem
	plot   elem
	bars   elem
	limit  elem
	limitL elem
	xEnd   elem
	xUnit  elem
	legend elem
	// shown are the bars in the plot, left to right; legendLimit the
	// legend's words for the limit as drawn.
	shown       []chartBar
	legendLimit string
}

func newChartView() *chartView {
	c := &chartView{}
	c.title = el("figcaption", attrs{"class", "chart-title"})
	c.empty = el("p", attrs{"class", "chart-empty muted small"}, "Nothing sent yet: the chart fills in as the batch sends.")
	c.yTop = el("span", attrs{"class", "y-top"})
	c.bars = el("div", attrs{"class", "bars"})
	c.limitL = el("span", attrs{"class", "limit-label"})
	c.limit = el("div", attrs{"class", "limit-line", "aria-hidden", "true"}, c.limitL)
	c.plot = el("div", attrs{"class", "plot", "role", "img"}, c.bars, c.limit)
	c.xEnd = el("span", attrs{"class", "x-end"})
	c.xUnit = el("span", attrs{"class", "x-unit"})
	c.legend = el("ul", attrs{"class", "legend small", "aria-hidden", "true"})
	c.body = el("div", attrs{"class", "chart-body"},
		el("div", attrs{"class", "y-axis small muted", "aria-hidden", "true"}, c.yTop, el("span", attrs{"class", "y-zero"}, "0")),
		c.plot,
		el("div", attrs{"class", "x-axis small muted", "aria-hidden", "true"}, el("span", nil, "start"), c.xUnit, c.xEnd),
		c.legend)
	c.root = el("figure", attrs{"class", "chart", "data-testid", "rate-chart", "hidden", ""}, c.title, c.empty, c.body)
	return c
}

func (c *chartView) draw(bt *app.Batch) {
	setBool(c.root, "hidden", bt == nil)
	if bt == nil {
		return
	}
	what := "IVR updates"
	switch {
	case bt.Bucket != "" && !strings.HasPrefix(bt.Bucket, "PUT "):
		what = "Requests"
	case bt.Kind == schedgroups.Name:
		what = "Schedule group updates"
	}
	per := "per " + windowUnit(bt.Window)
	setTextIf(c.title, fmt.Sprintf("%s sent %s", what, per))
	sent, limited, peak := 0, 0, 0
	for _, w := range bt.History {
		sent += w.Sent
		limited += w.Limited
		peak = max(peak, w.Sent)
	}
	setBool(c.empty, "hidden", sent > 0)
	setBool(c.body, "hidden", sent == 0)
	if sent == 0 {
		return
	}
	bins := binWindows(bt.History)
	top := niceTop(max(float64(peak), float64(bt.Limit)))
	setTextIf(c.yTop, fmt.Sprintf("%g", top))
	c.drawBars(bins, top)
	setBool(c.limit, "hidden", bt.Limit <= 0)
	setStyle(c.limit, "bottom", pct(float64(bt.Limit)/top))
	setTextIf(c.limitL, fmt.Sprintf("limit %d", bt.Limit))
	per1 := (len(bt.History) + maxBars - 1) / maxBars
	setTextIf(c.xUnit, fmt.Sprintf("one bar per %s (%s)", spanWords(time.Duration(per1)*bt.Window),
		app.Count(len(bins), "bar", "bars")))
	end := "now"
	if bt.Finished() {
		end = "end"
	}
	setTextIf(c.xEnd, end)
	if legend := fmt.Sprintf("limit believed now: %d %s", bt.Limit, per); legend != c.legendLimit {
		c.legendLimit = legend
		replace(c.legend,
			el("li", nil, el("span", attrs{"class", "sw ok"}), "sent"),
			el("li", nil, el("span", attrs{"class", "sw hit"}), "refused (429)"),
			el("li", nil, el("span", attrs{"class", "sw limit"}), legend))
	}
	setAttr(c.plot, "aria-label", fmt.Sprintf("%s %s, %s so far: %d sent in all, %d refused with 429; at most %d in one %s; limit believed now %d %s.",
		what, per, app.Count(len(bt.History), "window", "windows"), sent, limited, peak, windowUnit(bt.Window), bt.Limit, per))
}

// chartBar is one bar's elements: sent and accepted (ok) under refused (hit).
type chartBar struct{ w, ok, hit elem }

// drawBars shows bins as bars on a scale of top. The bars drawn before
// are kept and only the heights that changed are written: the chart is
// drawn ten times a second while a batch sends, and sixty bars made anew
// each time were that many elements to style, lay out and collect, when
// one bar's height had changed (issue 14).
func (c *chartView) drawBars(bins []bin, top float64) {
	for len(c.shown) < len(bins) {
		b := chartBar{ok: el("span", attrs{"class", "ok"}), hit: el("span", attrs{"class", "hit"})}
		b.w = el("span", attrs{"class", "w"}, b.ok, b.hit)
		c.bars.AppendChild(b.w)
		c.shown = append(c.shown, b)
	}
	for _, b := range c.shown[len(bins):] {
		val(b.w).Call("remove")
	}
	c.shown = c.shown[:len(bins)]
	for i, w := range bins {
		b := c.shown[i]
		// Heights through the CSSOM, not a style attribute: the page's CSP
		// need not allow inline style attributes for this.
		setStyle(b.ok, "height", pct((w.sent-w.limited)/top))
		setStyle(b.hit, "height", pct(w.limited/top))
		minH := ""
		if w.limited > 0 {
			minH = "2px" // one 429 among a hundred sends still shows
		}
		setStyle(b.hit, "min-height", minH)
	}
}

type bin struct{ sent, limited float64 }

// binWindows averages windows into at most maxBars bars.
func binWindows(h []app.Window) []bin {
	k := (len(h) + maxBars - 1) / maxBars
	out := make([]bin, 0, maxBars)
	for i := 0; i < len(h); i += k {
		var b bin
		n := 0
		for _, w := range h[i:min(i+k, len(h))] {
			b.sent += float64(w.Sent)
			b.limited += float64(w.Limited)
			n++
		}
		b.sent /= float64(n)
		b.limited /= float64(n)
		out = append(out, b)
	}
	return out
}

// niceTop is the y axis's top: a round number at or above v.
func niceTop(v float64) float64 {
	if v <= 1 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= v {
			return m * mag
		}
	}
	return 10 * mag
}

// pct is a share as a CSS percentage, written as the CSSOM reads it back
// (see setStyle).
func pct(f float64) string { return cssNum(math.Min(f, 1)*100, 2) + "%" }

func windowUnit(d time.Duration) string {
	if d == time.Minute {
		return "minute"
	}
	return fmt.Sprintf("%g s", d.Seconds())
}

func spanWords(d time.Duration) string {
	switch {
	case d == time.Minute:
		return "minute"
	case d < 2*time.Minute:
		return fmt.Sprintf("%g s", d.Round(time.Second).Seconds())
	}
	return fmt.Sprintf("%d min", int(d.Round(time.Minute).Minutes()))
}
