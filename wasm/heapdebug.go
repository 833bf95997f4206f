//go:build js && wasm && gcpacedebug

package main

import (
	"bytes"
	"encoding/base64"
	"runtime"
	"runtime/pprof"
	"syscall/js"
)

// A debugging aid, only in a build with -tags gcpacedebug: the page's
// heap profile, base64, for `go tool pprof` (what the collector marks).
func init() {
	js.Global().Set("__gcpaceHeap", js.FuncOf(func(js.Value, []js.Value) any {
		runtime.GC()
		var b bytes.Buffer
		_ = pprof.Lookup("heap").WriteTo(&b, 0)
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return map[string]any{"profile": base64.StdEncoding.EncodeToString(b.Bytes()), "heap": m.HeapAlloc, "objects": m.HeapObjects, "gcs": m.NumGC, "pauseNs": m.PauseTotalNs}
	}))
}
