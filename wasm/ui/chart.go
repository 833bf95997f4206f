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
	c.title.SetTextContent(fmt.Sprintf("%s sent %s", what, per))
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
	c.yTop.SetTextContent(fmt.Sprintf("%g", top))
	bars := make([]node, 0, len(bins))
	for _, w := range bins {
		ok := el("span", attrs{"class", "ok"})
		hit := el("span", attrs{"class", "hit"})
		// Heights through the CSSOM, not a style attribute: the page's CSP
		// need not allow inline style attributes for this.
		ok.Style().SetProperty("height", pct((w.sent-w.limited)/top), "")
		hit.Style().SetProperty("height", pct(w.limited/top), "")
		if w.limited > 0 {
			hit.Style().SetProperty("min-height", "2px", "") // one 429 among a hundred sends still shows
		}
		bars = append(bars, el("span", attrs{"class", "w"}, ok, hit))
	}
	replace(c.bars, bars)
	setBool(c.limit, "hidden", bt.Limit <= 0)
	c.limit.Style().SetProperty("bottom", pct(float64(bt.Limit)/top), "")
	c.limitL.SetTextContent(fmt.Sprintf("limit %d", bt.Limit))
	per1 := (len(bt.History) + maxBars - 1) / maxBars
	c.xUnit.SetTextContent(fmt.Sprintf("one bar per %s (%s)", spanWords(time.Duration(per1)*bt.Window),
		app.Count(len(bins), "bar", "bars")))
	end := "now"
	if bt.Finished() {
		end = "end"
	}
	c.xEnd.SetTextContent(end)
	replace(c.legend,
		el("li", nil, el("span", attrs{"class", "sw ok"}), "sent"),
		el("li", nil, el("span", attrs{"class", "sw hit"}), "refused (429)"),
		el("li", nil, el("span", attrs{"class", "sw limit"}), fmt.Sprintf("limit believed now: %d %s", bt.Limit, per)))
	c.plot.SetAttribute("aria-label", fmt.Sprintf("%s %s, %s so far: %d sent in all, %d refused with 429; at most %d in one %s; limit believed now %d %s.",
		what, per, app.Count(len(bt.History), "window", "windows"), sent, limited, peak, windowUnit(bt.Window), bt.Limit, per))
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

func pct(f float64) string { return fmt.Sprintf("%.2f%%", math.Min(f, 1)*100) }

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
