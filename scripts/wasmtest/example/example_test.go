//go:build js && wasm

package example

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"syscall/js"
	"testing"
	"time"
)

var fail = flag.Bool("fail", false, "fail on purpose, to show that a failure reaches go test")

func TestDOM(t *testing.T) {
	doc := js.Global().Get("document")
	if doc.IsUndefined() {
		t.Fatal("no document: not running in a browser")
	}
	p := doc.Call("createElement", "p")
	p.Set("textContent", "héllo ✓")
	p.Call("setAttribute", "data-testid", "greeting")
	doc.Get("body").Call("appendChild", p)

	got := doc.Call("querySelector", "[data-testid=greeting]").Get("textContent").String()
	if got != "héllo ✓" {
		t.Errorf("textContent = %q, want %q", got, "héllo ✓")
	}
	if ua := js.Global().Get("navigator").Get("userAgent").String(); !strings.Contains(ua, "Chrome") {
		t.Errorf("userAgent = %q, want a Chrome", ua)
	}
}

// TestCallback shows the rule of the design: a js.FuncOf callback must not
// block, so it hands its work to a goroutine.
func TestCallback(t *testing.T) {
	done := make(chan string, 1)
	cb := js.FuncOf(func(this js.Value, args []js.Value) any {
		go func() { done <- args[0].Get("type").String() }()
		return nil
	})
	defer cb.Release()

	btn := js.Global().Get("document").Call("createElement", "button")
	btn.Call("addEventListener", "click", cb)
	btn.Call("click")
	select {
	case typ := <-done:
		if typ != "click" {
			t.Errorf("event type = %q, want click", typ)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the click listener never ran")
	}
}

func TestOutput(t *testing.T) {
	fmt.Println("to stdout, no newline at the end:")
	fmt.Print("partial ")
	fmt.Println("line")
	fmt.Fprintln(os.Stderr, "to stderr")
	if *fail {
		t.Fatal("failing on purpose (-fail)")
	}
}
