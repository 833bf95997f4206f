//go:build js && wasm

package browser

import (
	"io"
	"net/http"
	"syscall/js"
	"testing"
)

type countingDoer struct{ n int }

func (c *countingDoer) Do(*http.Request) (*http.Response, error) {
	c.n++
	return &http.Response{StatusCode: 299, Body: http.NoBody}, nil
}

func getConfig(t *testing.T, d Doer) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/app/config.json", nil)
	resp, err := d.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// The first read of config.json takes boot.js's answer, status and all;
// the next reads, and other URLs, go to the client.
func TestEarlyConfigAnswersOnce(t *testing.T) {
	js.Global().Set("__gcpaceConfig", js.Global().Get("Promise").Call("resolve",
		map[string]any{"status": 404, "text": `{"grant":"pkce"}`}))
	t.Cleanup(func() { js.Global().Delete("__gcpaceConfig") })
	c := &countingDoer{}
	d := WithEarlyConfig(c)
	resp := getConfig(t, d)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 404 || resp.Status != "404 Not Found" || string(body) != `{"grant":"pkce"}` || c.n != 0 {
		t.Errorf("first read: %q %q, client asked %d times", resp.Status, body, c.n)
	}
	if resp := getConfig(t, d); resp.StatusCode != 299 || c.n != 1 {
		t.Errorf("second read answered %d, client asked %d times", resp.StatusCode, c.n)
	}
}

// When boot.js's fetch failed (null), the client asks again.
func TestEarlyConfigFallsBack(t *testing.T) {
	js.Global().Set("__gcpaceConfig", js.Global().Get("Promise").Call("resolve", js.Null()))
	t.Cleanup(func() { js.Global().Delete("__gcpaceConfig") })
	c := &countingDoer{}
	if resp := getConfig(t, WithEarlyConfig(c)); resp.StatusCode != 299 || c.n != 1 {
		t.Errorf("answered %d, client asked %d times", resp.StatusCode, c.n)
	}
}
