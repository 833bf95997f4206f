package e2e

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// selfTestPage exercises the helpers without the real page.
const selfTestPage = `<!doctype html>
<meta charset="utf-8">
<title>harness</title>
<p data-testid="status" data-state="idle"> idle </p>
<ul>
  <li data-testid="row" data-id="a">A</li>
  <li data-testid="row" data-id="b">B</li>
</ul>
<input data-testid="name">
<textarea data-testid="csv"></textarea>
<button data-testid="go">Go</button>
<p data-testid="doomed">soon gone</p>
<script>
  const status = document.querySelector("[data-testid=status]");
  document.querySelector("[data-testid=go]").addEventListener("click", () => {
    const csv = document.querySelector("[data-testid=csv]").value;
    status.textContent = document.querySelector("[data-testid=name]").value + " " + csv.split("\n").length;
    status.dataset.state = "done";
  });
  setTimeout(() => {
    const li = document.createElement("li");
    li.dataset.testid = "row";
    li.dataset.id = "c";
    li.textContent = "C";
    document.querySelector("ul").append(li);
    document.querySelector("[data-testid=doomed]").remove();
  }, 200);
  sessionStorage.setItem("gcpace.test", "kept");
  console.log("hello from the page");
</script>`

func TestHarness(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(selfTestPage))
	}))
	defer srv.Close()
	ctx := newBrowser(t)

	navigate(t, ctx, srv.URL+"/?q=1")
	waitTestID(t, ctx, "status")
	waitCount(t, ctx, testID("row"), 3)
	waitGone(t, ctx, testID("doomed"))
	if got := attrs(t, ctx, testID("row"), "data-id"); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("attrs = %q", got)
	}
	if got := texts(t, ctx, testID("row")); !slices.Equal(got, []string{"A", "B", "C"}) {
		t.Errorf("texts = %q", got)
	}
	if n := count(t, ctx, testID("row")); n != 3 {
		t.Errorf("count = %d", n)
	}
	if got := attr(t, ctx, testID("status"), "data-state"); got != "idle" {
		t.Errorf("attr = %q", got)
	}
	if got := attr(t, ctx, testID("status"), "data-missing"); got != "" {
		t.Errorf("missing attr = %q", got)
	}

	typeText(t, ctx, testID("name"), "Ada")
	setValue(t, ctx, testID("csv"), "ivr,action,number\nMain,add,+13175550100")
	clickTestID(t, ctx, "go")
	waitAttr(t, ctx, testID("status"), "data-state", "done")
	if got := textOf(t, ctx, testID("status")); got != "Ada 2" {
		t.Errorf("textOf = %q, want %q", got, "Ada 2")
	}

	if got := location(t, ctx); got != srv.URL+"/?q=1" {
		t.Errorf("location = %q", got)
	}
	if got := storage(t, ctx, "session"); got["gcpace.test"] != "kept" {
		t.Errorf("sessionStorage = %v", got)
	}
	if got := storage(t, ctx, "local"); len(got) != 0 {
		t.Errorf("localStorage = %v, want empty", got)
	}
	if got := evalJS[int](t, ctx, `Promise.resolve(40 + 2)`); got != 42 {
		t.Errorf("evalJS = %d", got)
	}

	if m := waitConsole(t, ctx, "hello from the page"); m.Type != "log" {
		t.Errorf("console message %v: type %q, want log", m, m.Type)
	}
	assertNoTokenInConsole(t, ctx, "not-a-token-the-page-has")
}

func TestConsoleSecrets(t *testing.T) {
	for _, tt := range []struct {
		line string
		bad  bool
	}{
		{"redirecting to http://127.0.0.1:8081/oauth/authorize?client_id=x&state=y", false},
		{"the bearer token expired; signing in again", false},
		{"http://127.0.0.1:8080/#access_token=abc&state=x", true},
		{"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x", true},
		{"POST /oauth/token grant_type=authorization_code&code_verifier=abc", true},
		{"back from login: http://127.0.0.1:8080/?code=0a1b2c&state=x", true},
	} {
		if got := consoleSecrets.MatchString(tt.line); got != tt.bad {
			t.Errorf("consoleSecrets.MatchString(%q) = %v, want %v", tt.line, got, tt.bad)
		}
	}
}
