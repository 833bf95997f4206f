package main

import (
	"net/http"
	"strings"
)

// gcpace runs in a browser page on another origin than the API, so every
// strategy, Go or Node, sees answers as a browser's fetch would: the request
// carries an Origin, and response headers that are neither CORS-safelisted
// nor listed in Access-Control-Expose-Headers are hidden (Retry-After and
// inin-ratelimit-* included, unless the scenario exposes them). Copied from
// wasm/pacer/sim_test.go, and turned into a handler for the Node run.

const pageOrigin = "https://page.test"

var safelisted = []string{"Cache-Control", "Content-Language", "Content-Length", "Content-Type", "Expires", "Last-Modified", "Pragma"}

// hideHeaders deletes from h what a cross-origin page could not read.
func hideHeaders(h http.Header) {
	keep := map[string]bool{}
	for _, k := range safelisted {
		keep[k] = true
	}
	for _, k := range strings.Split(h.Get("Access-Control-Expose-Headers"), ",") {
		keep[http.CanonicalHeaderKey(strings.TrimSpace(k))] = true
	}
	for k := range h {
		if !keep[http.CanonicalHeaderKey(k)] {
			h.Del(k)
		}
	}
}

// browserTransport is a RoundTripper seen through a browser (the Go runs).
type browserTransport struct{ rt http.RoundTripper }

func (b browserTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Origin", pageOrigin)
	resp, err := b.rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	hideHeaders(resp.Header)
	return resp, nil
}

// browserHandler serves h as a browser would let a page see it (the Node
// run, whose SDK would otherwise read every header).
func browserHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set("Origin", pageOrigin)
		h.ServeHTTP(&hidingWriter{ResponseWriter: w}, r)
	})
}

type hidingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *hidingWriter) WriteHeader(code int) {
	if !w.wrote {
		w.wrote = true
		hideHeaders(w.Header())
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *hidingWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}
