//go:build js && wasm

package browser

import (
	"context"
	"io"
	"net/http"
	"strings"
	"syscall/js"
	"testing"
)

// fakeFetch stands in for boot.js's __gcpaceFetch: it records what the
// transport handed over and answers through done as boot.js does, at once
// or (hold) never, returning an abort handle that counts its calls.
type fakeFetch struct {
	method, url, headers, body string
	aborts                     int
	hold                       bool
	answer                     func(done js.Value)
}

func (f *fakeFetch) install(t *testing.T) fetchTransport {
	t.Helper()
	abort := js.FuncOf(func(js.Value, []js.Value) any { f.aborts++; return nil })
	fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		f.method, f.url, f.headers = args[0].String(), args[1].String(), args[2].String()
		if b := args[3]; !b.IsNull() {
			p := make([]byte, b.Length())
			js.CopyBytesToGo(p, b)
			f.body = string(p)
		}
		if !f.hold {
			f.answer(args[4])
		}
		return map[string]any{"abort": abort}
	})
	t.Cleanup(func() { fn.Release(); abort.Release() })
	return fetchTransport{fn.Value}
}

func bytesJS(s string) js.Value {
	b := js.Global().Get("Uint8Array").New(len(s))
	js.CopyBytesToJS(b, []byte(s))
	return b
}

// A PUT goes over whole (method, address, every header, body) and its
// answer comes back whole: status, repeated and odd headers, body.
func TestFetchTransportRoundTrip(t *testing.T) {
	f := &fakeFetch{answer: func(done js.Value) {
		done.Invoke(429, "retry-after: 3\ninin-ratelimit-count: 300\nx-multi: a\nx-multi: b\nx-colon: a: b\n", bytesJS(`{"status":429}`))
	}}
	tr := f.install(t)
	req, _ := http.NewRequest(http.MethodPut, "https://api.example/api/v2/architect/ivrs/1", strings.NewReader(`{"dnis":["+1"]}`))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("Content-Type", "application/json")
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if f.method != "PUT" || f.url != "https://api.example/api/v2/architect/ivrs/1" || f.body != `{"dnis":["+1"]}` {
		t.Errorf("sent %s %s %q", f.method, f.url, f.body)
	}
	sent := parseHeaderPairs(f.headers)
	if sent["Authorization"] != "Bearer tok" || sent["Content-Type"] != "application/json" || len(sent) != 2 {
		t.Errorf("sent headers %q", f.headers)
	}
	h := resp.Header
	if resp.StatusCode != 429 || resp.Status != "429 Too Many Requests" || string(body) != `{"status":429}` || resp.ContentLength != int64(len(body)) ||
		h.Get("Retry-After") != "3" || h.Get("Inin-Ratelimit-Count") != "300" || strings.Join(h.Values("X-Multi"), ",") != "a,b" || h.Get("X-Colon") != "a: b" {
		t.Errorf("answer %s %q %v", resp.Status, body, h)
	}
}

func parseHeaderPairs(s string) map[string]string {
	m := map[string]string{}
	p := strings.Split(s, "\n")
	for i := 0; i+1 < len(p); i += 2 {
		m[p[i]] = p[i+1]
	}
	return m
}

// A GET sends no body; a failed fetch is an error that says so.
func TestFetchTransportFailure(t *testing.T) {
	f := &fakeFetch{body: "unset", answer: func(done js.Value) { done.Invoke(0, "TypeError: Failed to fetch") }}
	tr := f.install(t)
	req, _ := http.NewRequest(http.MethodGet, "https://api.example/api/v2/users/me", nil)
	resp, err := tr.RoundTrip(req)
	if err == nil || resp != nil || err.Error() != "fetch() failed: TypeError: Failed to fetch" {
		t.Fatalf("got %v, %v", resp, err)
	}
	if f.body != "unset" || f.headers != "" {
		t.Errorf("a GET without headers sent body %q, headers %q", f.body, f.headers)
	}
}

// A request whose context ends while fetch is out aborts the fetch and
// returns the context's error.
func TestFetchTransportAbortsOnCancel(t *testing.T) {
	f := &fakeFetch{hold: true}
	tr := f.install(t)
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://api.example/x", nil)
	errc := make(chan error, 1)
	go func() { _, err := tr.RoundTrip(req); errc <- err }()
	for f.method == "" {
		NextTask() // let the request go out
	}
	cancel()
	if err := <-errc; err != context.Canceled || f.aborts != 1 {
		t.Errorf("got %v after %d aborts", err, f.aborts)
	}
}
