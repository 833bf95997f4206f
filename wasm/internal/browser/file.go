//go:build js && wasm

package browser

import (
	"errors"
	"syscall/js"
)

// File is a file the person chose in a file input. Its name and size are
// known at once; its contents only through Text, which the browser reads
// off the page's thread.
type File struct {
	v js.Value
}

// FileOf wraps a File object of the DOM (an item of input.files).
func FileOf(v js.Value) File { return File{v: v} }

// Name is the file's name, without its folder.
func (f File) Name() string { return f.v.Get("name").String() }

// Size is the file's size in bytes: check it before reading.
func (f File) Size() int64 { return int64(f.v.Get("size").Float()) }

// readChunk is how much of a file one read takes: each chunk is read by the
// browser off the page's thread and copied into Go in one short step, so a
// 2 MB file never holds the page (reading it whole, then decoding and
// copying it as one string, held it for half a second).
const readChunk = 256 << 10

// Text reads the whole file as UTF-8 text (a byte-order mark stays in). It
// blocks until the browser has read it: call it from a goroutine, never from
// a DOM callback, or the page deadlocks.
func (f File) Text() (string, error) {
	size := int(f.Size())
	buf := make([]byte, size)
	for at := 0; at < size; at += readChunk {
		end := min(at+readChunk, size)
		ab, err := await(f.v.Call("slice", at, end).Call("arrayBuffer"))
		if err != nil {
			return "", err
		}
		if n := js.CopyBytesToGo(buf[at:end], js.Global().Get("Uint8Array").New(ab)); n != end-at {
			return "", errors.New("the file changed while it was read")
		}
	}
	return string(buf), nil
}

// await blocks the calling goroutine until the promise p settles.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	var ok, fail js.Func
	ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ok.Release()
		fail.Release()
		ch <- result{v: args[0]}
		return nil
	})
	fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ok.Release()
		fail.Release()
		msg := "the browser could not read it"
		if len(args) > 0 && args[0].Type() == js.TypeObject && args[0].Get("message").Type() == js.TypeString {
			msg = args[0].Get("message").String()
		}
		ch <- result{err: errors.New(msg)}
		return nil
	})
	p.Call("then", ok, fail)
	r := <-ch
	return r.v, r.err
}
