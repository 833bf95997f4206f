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
// would wait on it for ever. So a held lock is also released on pagehide,
// and a request still waiting is abandoned: granted to a frozen page, it
// would hold the lock just the same. The app joins again on pageshow.
type RunnerLock struct {
	name string

	mu      sync.Mutex
	held    map[int]js.Value // resolve functions of the promises that hold the lock
	waiting map[int]*waiter  // requests not granted yet
	next    int
}

// NewRunnerLock names the lock; every tab of the app must use the same name.
func NewRunnerLock(name string) *RunnerLock {
	l := &RunnerLock{name: name, held: map[int]js.Value{}, waiting: map[int]*waiter{}}
	// Never released: it lives as long as the page.
	js.Global().Call("addEventListener", "pagehide", js.FuncOf(func(js.Value, []js.Value) any {
		l.releaseAll()
		return nil
	}))
	return l
}

func (l *RunnerLock) releaseAll() {
	l.mu.Lock()
	held, waiting := l.held, l.waiting
	l.held, l.waiting = map[int]js.Value{}, map[int]*waiter{}
	for _, w := range waiting {
		w.gone = true
	}
	l.mu.Unlock()
	for _, w := range waiting {
		w.abort.Call("abort")
	}
	for _, resolve := range held {
		resolve.Invoke()
	}
}

// Held reports whether some tab of the profile holds the lock now, without
// asking for it. It blocks until the browser answers: call it from a
// goroutine.
func (l *RunnerLock) Held() bool {
	locks := js.Global().Get("navigator").Get("locks")
	if locks.IsUndefined() {
		return false
	}
	answer := make(chan bool, 1)
	var then, fail js.Func
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		then.Release()
		fail.Release()
		held := args[0].Get("held")
		found := false
		for i := 0; i < held.Length(); i++ {
			if held.Index(i).Get("name").String() == l.name {
				found = true
			}
		}
		answer <- found
		return nil
	})
	fail = js.FuncOf(func(js.Value, []js.Value) any {
		then.Release()
		fail.Release()
		answer <- false
		return nil
	})
	locks.Call("query").Call("then", then, fail)
	return <-answer
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
	answer := func(g grant) {
		select {
		case granted <- g:
		default:
		}
	}
	w := &waiter{}
	var cb js.Func
	cb = js.FuncOf(func(_ js.Value, args []js.Value) any {
		cb.Release()
		l.mu.Lock()
		gone := w.gone
		l.mu.Unlock()
		if args[0].IsNull() || gone {
			// Not granted, or granted after this tab gave up waiting (its
			// context ended, or pagehide): returning at once releases it.
			answer(grant{})
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
		answer(grant{ok: true, release: resolve})
		return p
	})
	// An aborted request rejects its promise: that is its answer too.
	var rejected js.Func
	rejected = js.FuncOf(func(js.Value, []js.Value) any {
		rejected.Release()
		answer(grant{})
		return nil
	})
	opts := js.Global().Get("Object").New()
	opts.Set("ifAvailable", ifAvailable)
	id := -1
	if !ifAvailable {
		w.abort = js.Global().Get("AbortController").New()
		opts.Set("signal", w.abort.Get("signal"))
		l.mu.Lock()
		id = l.next
		l.next++
		l.waiting[id] = w
		l.mu.Unlock()
	}
	locks.Call("request", l.name, opts, cb).Call("catch", rejected)
	var g grant
	select {
	case g = <-granted:
	case <-ctx.Done():
		l.mu.Lock()
		w.gone = true
		l.mu.Unlock()
		w.abort.Call("abort")
	}
	l.mu.Lock()
	delete(l.waiting, id)
	gone := w.gone
	l.mu.Unlock()
	if !g.ok {
		return nil, false
	}
	if gone {
		// Granted just as pagehide abandoned the request: give it back.
		g.release.Invoke()
		return nil, false
	}
	return l.keep(g.release), true
}

// waiter is a request for the lock that is not granted yet.
type waiter struct {
	abort js.Value // its AbortController
	gone  bool     // abandoned: a late grant is handed straight back
}
