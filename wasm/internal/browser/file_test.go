//go:build js && wasm

package browser

import (
	"strings"
	"syscall/js"
	"testing"
)

// TestFileText: a file read in slices comes back whole, with characters of
// several bytes cut by a slice boundary intact, and its size known first.
func TestFileText(t *testing.T) {
	want := "ivr,action,number\n" + strings.Repeat("Zürich – ✓ ünï,add,+13175550100\n", 3*readChunk/30)
	parts := js.Global().Get("Array").New(want)
	f := FileOf(js.Global().Get("File").New(parts, "numbers.csv", map[string]any{"type": "text/csv"}))
	if f.Name() != "numbers.csv" || f.Size() != int64(len(want)) {
		t.Fatalf("name %q, size %d; want numbers.csv, %d", f.Name(), f.Size(), len(want))
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		got, err := f.Text()
		if err != nil || got != want {
			t.Errorf("Text() = %d bytes (%v), want %d bytes back unchanged", len(got), err, len(want))
		}
	}()
	<-done
}
