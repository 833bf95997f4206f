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

// Text reads the whole file as UTF-8 (a byte-order mark stays in). It blocks
// until the browser has read it: call it from a goroutine, never from a DOM
// callback, or the page deadlocks.
func (f File) Text() (string, error) {
	type result struct {
		s   string
		err error
	}
	ch := make(chan result, 1)
	var ok, fail js.Func
	ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ok.Release()
		fail.Release()
		ch <- result{s: args[0].String()}
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
	f.v.Call("text").Call("then", ok, fail)
	r := <-ch
	return r.s, r.err
}
