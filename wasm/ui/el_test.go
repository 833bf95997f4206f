//go:build js && wasm

package ui

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// What build hands boot.js is JSON that JSON.parse reads back as the same
// strings, whatever a server's name holds: quotes, backslashes, control
// characters, markup, other scripts.
func TestDescribedElementsAreJSON(t *testing.T) {
	names := []string{`plain`, `"quoted"`, `back\slash`, "tab\tnew\nline\x00nul\x1f", `<img src=x onerror=alert(1)>`, "Zürich – 東京 🙂", ``}
	var kids []any
	for _, n := range names {
		kids = append(kids, h("div", attrs{"data-name", n, "class", "row"}, h("span", nil, n), n), n)
	}
	b := describe(kids)
	var got []any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	var want []any
	for _, n := range names {
		want = append(want, []any{"div", []any{"data-name", n, "class", "row"}, []any{"span", []any{}, n}, n}, n)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%#v\nwant\n%#v", got, want)
	}
	if b := describe(nil); string(b) != "[]" {
		t.Errorf("nothing described as %s", b)
	}
}

// Without boot.js (here), build makes the same elements one by one, text
// as text.
func TestBuildWithoutBootJS(t *testing.T) {
	parent := el("div", nil, "old")
	build(parent, true, []sp{h("p", attrs{"class", "x"}, "<b>a</b>", h("i", nil, "b"))}, "tail")
	if got := parent.InnerHTML(); got != `<p class="x">&lt;b&gt;a&lt;/b&gt;<i>b</i></p>tail` {
		t.Errorf("built %s", got)
	}
	build(parent, false, h("hr", nil))
	if got := parent.InnerHTML(); got != `<p class="x">&lt;b&gt;a&lt;/b&gt;<i>b</i></p>tail<hr>` {
		t.Errorf("appended %s", got)
	}
}

// TestCountdownNeverReadsZero: a job whose wait fell due a moment before
// the page drew it (the pacer has not moved it on yet, or the render waited
// for a task of its own) reads "Retry in 1 s", not "Retry in 0 s"; one with
// 2.5 s left reads 3.
func TestCountdownNeverReadsZero(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	shown := func(until time.Time) string {
		words, waits := stateWords(app.Job{State: pacer.JobWaiting, NextTryAt: until}, now)
		if !waits {
			t.Fatalf("a waiting job with a next try shows no countdown")
		}
		for _, w := range words {
			if s, ok := w.(sp); ok && len(s.a) >= 2 && s.a[1] == "job-countdown" {
				return s.kids[0].(string)
			}
		}
		t.Fatalf("no job-countdown in %v", words)
		return ""
	}
	for _, c := range []struct {
		left time.Duration
		want string
	}{{-3 * time.Millisecond, "1"}, {0, "1"}, {time.Millisecond, "1"}, {2500 * time.Millisecond, "3"}} {
		if got := shown(now.Add(c.left)); got != c.want {
			t.Errorf("%v left: the countdown reads %q, want %q", c.left, got, c.want)
		}
	}
}
