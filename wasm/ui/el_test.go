//go:build js && wasm

package ui

import (
	"encoding/json"
	"reflect"
	"testing"
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
