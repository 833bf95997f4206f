//go:build js && wasm

package browser

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall/js"

	"github.com/syumai/tinyutil/httputil"
)

// HTTP is the client every API call goes through: tinyutil's
// httputil.Client over fetch(). Requests carry only the headers the caller
// set (Authorization, Content-Type): a cross-origin API may refuse any other
// in its CORS preflight.
//
// Its transport is boot.js's __gcpaceFetch when the page has it, which
// crosses between Go and JavaScript once each way per call. tinyutil's own
// transport (used where there is no boot.js, e.g. wasmtest) reads the
// answer's headers one by one and its body chunk by chunk: about a hundred
// js.Values per call, each with a finalizer that Go's collector queues and
// runs. Over a running batch that was most of the collector's work, and
// with it of the page's long tasks (issue 14).
func HTTP() interface {
	Do(*http.Request) (*http.Response, error)
} {
	if fn := js.Global().Get("__gcpaceFetch"); fn.Type() == js.TypeFunction {
		return &httputil.Client{Transport: fetchTransport{fn}}
	}
	return httputil.DefaultClient
}

var uint8Array = js.Global().Get("Uint8Array")

// fetchTransport sends a request through __gcpaceFetch(method, url,
// headers, body, done), see web/boot.js: headers go as "name\nvalue\n"
// pairs, the body as bytes or null; done(status, headers, body) gets the
// whole answer (headers as "name: value\n" lines), or done(0, message) when
// fetch failed. It returns the AbortController, or null.
type fetchTransport struct{ fn js.Value }

type fetched struct {
	status  int
	headers string
	body    []byte
	err     string
}

func (t fetchTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	body := js.Null()
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close() // RoundTrip closes the body, even on errors
		if err != nil {
			return nil, err
		}
		if len(b) > 0 {
			body = uint8Array.New(len(b))
			js.CopyBytesToJS(body, b)
		}
	}
	var hs strings.Builder
	for name, values := range req.Header {
		for _, v := range values {
			hs.WriteString(name)
			hs.WriteByte('\n')
			hs.WriteString(v)
			hs.WriteByte('\n')
		}
	}
	ch := make(chan fetched, 1)
	var done js.Func
	done = js.FuncOf(func(_ js.Value, args []js.Value) any {
		done.Release()
		f := fetched{status: args[0].Int()}
		if f.status == 0 {
			f.err = args[1].String()
		} else {
			f.headers, f.body = args[1].String(), goBytes(args[2])
		}
		ch <- f
		return nil
	})
	abort := t.fn.Invoke(req.Method, req.URL.String(), hs.String(), body, done)
	select {
	case <-req.Context().Done():
		if abort.Type() == js.TypeObject {
			abort.Call("abort") // done still runs (with the abort's error) and is released
		}
		return nil, req.Context().Err()
	case f := <-ch:
		if f.status == 0 {
			return nil, fmt.Errorf("fetch() failed: %s", f.err)
		}
		return answer(req, f.status, parseHeaderLines(f.headers), f.body), nil
	}
}

// parseHeaderLines reads "name: value\n" lines (what boot.js makes of a
// fetch answer's Headers) into an http.Header.
func parseHeaderLines(s string) http.Header {
	h := http.Header{}
	for line := range strings.Lines(s) {
		name, value, ok := strings.Cut(strings.TrimSuffix(line, "\n"), ": ")
		if ok && name != "" {
			h.Add(name, value)
		}
	}
	return h
}

// goBytes copies a Uint8Array into Go.
func goBytes(a js.Value) []byte {
	b := make([]byte, a.Length())
	js.CopyBytesToGo(b, a)
	return b
}

// answer is the *http.Response of an answer read whole.
func answer(req *http.Request, status int, h http.Header, body []byte) *http.Response {
	return &http.Response{
		Status:     fmt.Sprintf("%d %s", status, http.StatusText(status)),
		StatusCode: status,
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        h,
		ContentLength: int64(len(body)),
		Body:          io.NopCloser(bytes.NewReader(body)),
		Request:       req,
	}
}
