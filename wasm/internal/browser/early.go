//go:build js && wasm

package browser

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall/js"
)

// Doer sends one HTTP request (genesys.Doer, app.LoadConfig's client).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// WithEarlyConfig answers the first GET of config.json with the fetch that
// boot.js started at the top of the page (window.__gcpaceConfig, a promise
// of {status, text}, or of null when it failed), so that the Go program does
// not start its first round trip only once it runs. Anything else, and
// config.json when boot.js has no answer, goes to d.
func WithEarlyConfig(d Doer) Doer { return &earlyConfig{d: d} }

type earlyConfig struct {
	d    Doer
	used atomic.Bool
}

func (e *earlyConfig) Do(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || !strings.HasSuffix(req.URL.Path, "/config.json") || e.used.Swap(true) {
		return e.d.Do(req)
	}
	p := js.Global().Get("__gcpaceConfig")
	if p.Type() != js.TypeObject {
		return e.d.Do(req)
	}
	got, err := awaitCtx(req.Context(), p)
	if err != nil {
		return nil, err
	}
	if got.Type() != js.TypeObject {
		return e.d.Do(req) // boot.js's fetch failed: try again, with Go's errors
	}
	status := got.Get("status").Int()
	return &http.Response{
		Status:     fmt.Sprintf("%d %s", status, http.StatusText(status)),
		StatusCode: status,
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{"Content-Type": {"application/json"}},
		Body:    io.NopCloser(strings.NewReader(got.Get("text").String())),
		Request: req,
	}, nil
}

// awaitCtx waits for p to settle, or for ctx. A rejection reads as null.
func awaitCtx(ctx context.Context, p js.Value) (js.Value, error) {
	ch := make(chan js.Value, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- args[0]
		return nil
	})
	catch := js.FuncOf(func(js.Value, []js.Value) any {
		ch <- js.Null()
		return nil
	})
	p.Call("then", then, catch)
	select {
	case v := <-ch:
		then.Release()
		catch.Release()
		return v, nil
	case <-ctx.Done():
		// The callbacks stay: the promise may still settle and call one.
		return js.Undefined(), ctx.Err()
	}
}
