//go:build js && wasm

package browser

import (
	"net/http"
	"syscall/js"
)

// WithEarlyAPI answers an API GET that boot.js already sent at the top of
// the page (window.__gcpaceEarlyAPI: per URL, the Authorization it sent and
// a promise of {status, headers: "name: value" lines, body: Uint8Array}, or
// of null when the fetch failed)
// with that answer, when the request is the same one: a GET of that URL
// whose only header is that Authorization. Each early answer is taken once;
// a failed one, or any other request, goes to d. boot.js sends what the
// tab's last load read before it was ready (app.StartPlanKey).
func WithEarlyAPI(d Doer) Doer { return earlyAPI{d} }

type earlyAPI struct{ d Doer }

func (e earlyAPI) Do(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || len(req.Header) != 1 || req.Header.Get("Authorization") == "" {
		return e.d.Do(req)
	}
	early := js.Global().Get("__gcpaceEarlyAPI")
	if early.Type() != js.TypeObject {
		return e.d.Do(req)
	}
	u := req.URL.String()
	entry := early.Get(u)
	if entry.Type() != js.TypeObject {
		return e.d.Do(req)
	}
	early.Delete(u) // once: a second read of the URL is a new question
	if a := entry.Get("auth"); a.Type() != js.TypeString || a.String() != req.Header.Get("Authorization") {
		return e.d.Do(req) // another token since: boot.js's answer is not this request's
	}
	got, err := awaitCtx(req.Context(), entry.Get("answer"))
	if err != nil {
		return nil, err
	}
	if got.Type() != js.TypeObject {
		return e.d.Do(req) // boot.js's fetch failed: ask again, with Go's errors
	}
	return answer(req, got.Get("status").Int(), parseHeaderLines(got.Get("headers").String()), goBytes(got.Get("body"))), nil
}

// DropEarlyAPI forgets the early answers no request took (and with them the
// Authorization boot.js sent): call it once the page is ready.
func DropEarlyAPI() { js.Global().Delete("__gcpaceEarlyAPI") }
