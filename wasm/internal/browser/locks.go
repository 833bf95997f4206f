//go:build js && wasm

package browser

import (
	"context"
	"sync"
	"syscall/js"
)

// RunnerLock makes one tab of the browser profile the batch runner, with the
// Web Locks API: the lock is released when its holder releases it or when
// the holding tab closes or crashes, so a waiting tab can take over.
//
// A page that navigates away (to sign in again) may be kept frozen in the
// back-forward cache, and a frozen page keeps its locks: every other tab
// would wait on it for ever. So a held lock is also released on pagehide.
type RunnerLock struct {
	name string

	mu   sync.Mutex
	held map[int]js.Value // resolve functions of the promises that hold the lock
	next int
}

// NewRunnerLock names the lock; every tab of the app must use the same name.
func NewRunnerLock(name string) *RunnerLock {
	l := &RunnerLock{name: name, held: map[int]js.Value{}}
	// Never released: it lives as long as the page.
	js.Global().Call("addEventListener", "pagehide", js.FuncOf(func(js.Value, []js.Value) any {
		l.releaseAll()
		return nil
	}))
	return l
}

func (l *RunnerLock) releaseAll() {
	l.mu.Lock()
	held := l.held
	l.held = map[int]js.Value{}
	l.mu.Unlock()
	for _, resolve := range held {
		resolve.Invoke()
	}
}

// keep records a held lock and returns its idempotent release.
func (l *RunnerLock) keep(resolve js.Value) func() {
	l.mu.Lock()
	id := l.next
	l.next++
	l.held[id] = resolve
	l.mu.Unlock()
	return func() {
		l.mu.Lock()
		r, ok := l.held[id]
		delete(l.held, id)
		l.mu.Unlock()
		if ok {
			r.Invoke()
		}
	}
}

// TryAcquire takes the lock if no other tab holds it. It blocks until the
// browser answers, so call it from a goroutine, never from a callback.
func (l *RunnerLock) TryAcquire() (release func(), ok bool) {
	return l.request(context.Background(), true)
}

// Acquire waits until the lock is free (the runner tab released it or
// closed), or ctx ends.
func (l *RunnerLock) Acquire(ctx context.Context) (release func(), ok bool) {
	return l.request(ctx, false)
}

func (l *RunnerLock) request(ctx context.Context, ifAvailable bool) (func(), bool) {
	locks := js.Global().Get("navigator").Get("locks")
	if locks.IsUndefined() {
		// Without Web Locks (very old browsers, insecure origins) every tab
		// runs alone; say so by granting, as one tab is the common case.
		return func() {}, true
	}
	type grant struct {
		ok      bool
		release js.Value
	}
	granted := make(chan grant, 1)
	var cb js.Func
	cb = js.FuncOf(func(_ js.Value, args []js.Value) any {
		cb.Release()
		if args[0].IsNull() {
			granted <- grant{}
			return nil
		}
		// Hold the lock until Go resolves this promise.
		var resolve js.Value
		var exec js.Func
		exec = js.FuncOf(func(_ js.Value, a []js.Value) any {
			exec.Release()
			resolve = a[0]
			return nil
		})
		p := js.Global().Get("Promise").New(exec)
		granted <- grant{ok: true, release: resolve}
		return p
	})
	opts := js.Global().Get("Object").New()
	opts.Set("ifAvailable", ifAvailable)
	var abort js.Value
	if !ifAvailable {
		abort = js.Global().Get("AbortController").New()
		opts.Set("signal", abort.Get("signal"))
	}
	locks.Call("request", l.name, opts, cb)
	select {
	case g := <-granted:
		if !g.ok {
			return nil, false
		}
		return l.keep(g.release), true
	case <-ctx.Done():
		if !abort.IsUndefined() {
			abort.Call("abort")
		}
		return nil, false
	}
}
