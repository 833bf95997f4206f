//go:build js && wasm

package browser

import (
	"io"
	"net/http"
	"syscall/js"
	"testing"
)

const earlyURL = "http://127.0.0.1:9/api/v2/users/me?expand=authorization"

// setEarly puts one answer where boot.js leaves them: sent with auth, and
// answered with status, a header and body (or null: the fetch failed).
func setEarly(t *testing.T, auth string, answer any) {
	t.Helper()
	early := js.Global().Get("Object").New()
	early.Set(earlyURL, map[string]any{"auth": auth, "answer": js.Global().Get("Promise").Call("resolve", answer)})
	js.Global().Set("__gcpaceEarlyAPI", early)
	t.Cleanup(DropEarlyAPI)
}

func okAnswer(body string) any {
	b := js.Global().Get("Uint8Array").New(len(body))
	js.CopyBytesToJS(b, []byte(body))
	return map[string]any{"status": 200, "headers": "inin-ratelimit-count: 3\ncontent-type: application/json\n", "body": b}
}

func getEarly(t *testing.T, d Doer, auth string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, earlyURL, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := d.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// The same GET with the same token takes boot.js's answer, once: status,
// headers and body; the next read of the URL is asked for again.
func TestEarlyAPIAnswersTheSameRequestOnce(t *testing.T) {
	setEarly(t, "Bearer t1", okAnswer(`{"id":"me"}`))
	c := &countingDoer{}
	d := WithEarlyAPI(c)
	resp := getEarly(t, d, "Bearer t1")
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != `{"id":"me"}` || resp.Header.Get("Inin-Ratelimit-Count") != "3" || c.n != 0 {
		t.Errorf("first read: %d %q %v, client asked %d times", resp.StatusCode, body, resp.Header, c.n)
	}
	if resp := getEarly(t, d, "Bearer t1"); resp.StatusCode != 299 || c.n != 1 {
		t.Errorf("second read answered %d, client asked %d times", resp.StatusCode, c.n)
	}
}

// An answer got with another token (the session changed since), or none,
// is not this request's: the client asks.
func TestEarlyAPIWantsTheSameToken(t *testing.T) {
	for _, auth := range []string{"Bearer t2", ""} {
		setEarly(t, "Bearer t1", okAnswer(`{}`))
		c := &countingDoer{}
		if resp := getEarly(t, WithEarlyAPI(c), auth); resp.StatusCode != 299 || c.n != 1 {
			t.Errorf("auth %q: answered %d, client asked %d times", auth, resp.StatusCode, c.n)
		}
	}
}

// When boot.js's fetch failed (null), the client asks again; without any
// early answers every request goes to the client.
func TestEarlyAPIFallsBack(t *testing.T) {
	setEarly(t, "Bearer t1", js.Null())
	c := &countingDoer{}
	if resp := getEarly(t, WithEarlyAPI(c), "Bearer t1"); resp.StatusCode != 299 || c.n != 1 {
		t.Errorf("failed early fetch: answered %d, client asked %d times", resp.StatusCode, c.n)
	}
	DropEarlyAPI()
	if resp := getEarly(t, WithEarlyAPI(c), "Bearer t1"); resp.StatusCode != 299 || c.n != 2 {
		t.Errorf("no early answers: answered %d, client asked %d times", resp.StatusCode, c.n)
	}
}
