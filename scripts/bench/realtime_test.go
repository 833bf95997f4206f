package main

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

var epoch = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// entry is a logged request that arrived at arrived ms and waited latency ms
// before the server acted on it (and answered).
func entry(method, path string, arrived, latency int, status int) sim.Entry {
	e := sim.Entry{Method: method, Path: path, Status: status,
		Time: epoch.Add(time.Duration(arrived+latency) * time.Millisecond), Latency: time.Duration(latency) * time.Millisecond}
	switch {
	case method == http.MethodPut:
		e.Route = sim.BucketIVRPut
	case method == http.MethodGet:
		e.Route = "GET /api/v2/architect/ivrs/{ivrId}"
	}
	return e
}

// TestTurnarounds: a PUT leaves with its own preflight (not the GET's, on
// the same path), the turnaround runs from the answer to that preflight,
// only when the next PUT was due, and a PUT sent before the previous one's
// answer is an overlap.
func TestTurnarounds(t *testing.T) {
	const a, b, c, d = "/ivrs/a", "/ivrs/b", "/ivrs/c", "/ivrs/d"
	log := []sim.Entry{ // in the order the server acted, as the simulator logs
		entry("OPTIONS", a, 0, 0, 204),
		entry("OPTIONS", b, 20, 0, 204),
		entry("GET", a, 10, 30, 200), // answered at 40
		entry("OPTIONS", a, 45, 0, 204),
		entry("GET", b, 22, 28, 200),     // prefetched, answered at 50
		entry("PUT", a, 47, 100, 200),    // left at 45 (its preflight), answered at 147: due again
		entry("OPTIONS", b, 149, 0, 204), // 2 ms after a's answer
		entry("PUT", b, 151, 20, 200),    // answered at 171, 22 ms after it left: the next was not due
		entry("PUT", c, 190, 100, 200),   // 19 ms after b's answer, not counted; answered at 290
		entry("PUT", d, 250, 5, 200),     // arrived before c's answer: an overlap
	}
	n, p50, p95, overlaps := turnarounds(log, 60*time.Millisecond)
	if n != 1 || p50 != 2*time.Millisecond || p95 != 2*time.Millisecond || overlaps != 1 {
		t.Errorf("turnarounds = %d, p50 %v, p95 %v, %d overlaps; want 1, 2ms, 2ms, 1", n, p50, p95, overlaps)
	}
	// A run whose only gap is the page's own waiting measures nothing.
	if n, _, _, _ := turnarounds(log[:8], time.Second); n != 0 {
		t.Errorf("%d turnarounds counted with nothing due", n)
	}
}

// TestIdealRTTBound: on a slow server the ideal is the sum of the
// successful PUTs' latencies, when that is longer than the limit allows.
func TestIdealRTTBound(t *testing.T) {
	var slow scenario
	for _, sc := range scenarios() {
		if sc.rttBound() {
			slow = sc
		}
	}
	if slow.Name == "" || !slow.RealOnly {
		t.Fatal("no RTT-bound scenario, or it runs in virtual time")
	}
	log := []sim.Entry{
		entry("PUT", "/x", 0, 400, 200),
		entry("PUT", "/y", 400, 500, 429), // refused: not part of the ideal
		entry("PUT", "/y", 900, 600, 200),
	}
	if got, want := ideal(slow, log, 2, 6*time.Second), time.Second; got != want {
		t.Errorf("ideal = %v, want %v", got, want)
	}
	if got, want := ideal(scenarios()[0], log, 2, 6*time.Second), 120*time.Millisecond; got != want {
		t.Errorf("ideal without RTT bound = %v, want %v", got, want)
	}
}

// TestPageTurnarounds: from a PUT's answer to the next fetch call, when due.
func TestPageTurnarounds(t *testing.T) {
	ms := func(n float64) time.Duration { return msDuration(n) }
	puts := []span{{ms(0), ms(100)}, {ms(101.5), ms(130)}, {ms(180), ms(300)}, {ms(303), ms(400)}}
	n, p50, p95 := pageTurnarounds(puts, 60*time.Millisecond)
	if n != 2 || p50 != ms(3) || p95 != ms(3) {
		t.Errorf("pageTurnarounds = %d, %v, %v; want 2, 3ms, 3ms (1.5 ms and 3 ms)", n, p50, p95)
	}
}

// TestFinalLine: the summary line has the keys in its order, and
// browser_vs_bottleneck is the worst page ÷ Bottleneck over the scenarios;
// a scenario without both rows counts as lost (+Inf).
func TestFinalLine(t *testing.T) {
	var rs []result
	for i, sc := range scenarios() {
		rs = append(rs,
			result{Scenario: sc.Name, Strategy: browserStrategy, Clock: "real", Makespan: time.Duration(100+i) * time.Second, Turn95: time.Duration(i) * time.Millisecond, LongTask: 40 * time.Millisecond},
			result{Scenario: sc.Name, Strategy: nodeStrategy, Clock: "real", Makespan: 100 * time.Second})
	}
	rs = append(rs, result{Scenario: scenarios()[0].Name, Strategy: pacerStrategy.Name, Clock: "virtual", Ratio: 1.02, Rate429: 0})
	line := finalLine(rs, pageFigures{brotli: 1_234_567, ready: 280 * time.Millisecond})
	keys := regexp.MustCompile(`^pacer makespan_ratio=\S+ rate429=\S+ hidden_makespan_ratio=\S+ hidden_rate429=\S+ browser_vs_bottleneck=\S+ turnaround_p95_ms=\S+ ready_ms=\S+ longtask_ms=\S+ wasm_br_bytes=\S+$`)
	if !keys.MatchString(line) {
		t.Fatalf("final line %q does not have the issue's keys in order", line)
	}
	worst := float64(100+len(scenarios())-1) / 100
	for _, want := range []string{"makespan_ratio=1.020 ", fmt.Sprintf("browser_vs_bottleneck=%.3f ", worst), "ready_ms=280 ", "longtask_ms=40 ", "wasm_br_bytes=1234567"} {
		if !strings.Contains(line, want) {
			t.Errorf("final line %q lacks %q", line, want)
		}
	}
	// The long-task run's figure, when it ran, is the one: none at all is 0.
	if line := finalLine(rs, pageFigures{longtaskRun: true}); !strings.Contains(line, "longtask_ms=0 ") {
		t.Errorf("final line %q: the long-task run saw no long task", line)
	}
	line = finalLine(rs[2:], pageFigures{})
	if !strings.Contains(line, "browser_vs_bottleneck=+Inf") {
		t.Errorf("a scenario without its rows must not pass: %q", line)
	}
}

// TestPkgOf: the linker's names, underscores for slashes, to packages.
func TestPkgOf(t *testing.T) {
	for sym, want := range map[string]string{
		"github.com_gcpace_gcpace_wasm_pacer.__Queue_.outcomeAt": "github.com_gcpace_gcpace_wasm_pacer",
		"encoding_json.Marshal":                                  "encoding_json",
		"honnef.co_go_js_dom_v2.__Element_.Get":                  "honnef.co_go_js_dom_v2",
		"runtime.mallocgc":                                       "runtime",
		"func[12]":                                               "func[12]",
	} {
		if got := pkgOf(sym); got != want {
			t.Errorf("pkgOf(%q) = %q, want %q", sym, got, want)
		}
	}
}
