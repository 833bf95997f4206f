package genesys

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is a Doer that keeps every request as the client built it, before
// the transport adds its own headers (User-Agent, Accept-Encoding), which
// a browser's fetch does not send as ours.
type recorder struct {
	next Doer

	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   string
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	rec := recorded{Method: req.Method, Path: req.URL.EscapedPath(), RawQuery: req.URL.RawQuery, Header: req.Header.Clone()}
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		rec.Body = string(b)
		req.Body = io.NopCloser(strings.NewReader(rec.Body))
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, rec)
	r.mu.Unlock()
	return r.next.Do(req)
}

func (r *recorder) all() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.reqs)
}

// newTestClient serves h and returns a client with token "tok" whose
// requests are recorded.
func newTestClient(t *testing.T, h http.HandlerFunc) (*Client, *recorder) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	rec := &recorder{next: srv.Client()}
	return &Client{Base: srv.URL + "/", HTTP: rec, Token: func() string { return "tok" }}, rec
}

// wantHeaders checks that a request carried exactly the named headers.
func wantHeaders(t *testing.T, r recorded, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for k, v := range r.Header {
		got[k] = strings.Join(v, ",")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s %s headers = %v, want %v", r.Method, r.Path, got, want)
	}
}

var bearer = map[string]string{"Authorization": "Bearer tok"}

func TestMe(t *testing.T) {
	c, rec := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, `{"message":"no"}`, http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/api/v2/users/me":
			fmt.Fprint(w, `{"id":"u1","name":"Pat Admin","email":"pat@example.com","extra":1}`)
		default:
			http.NotFound(w, r)
		}
	})
	u, err := c.Me(context.Background())
	if err != nil || u != (User{ID: "u1", Name: "Pat Admin", Email: "pat@example.com"}) {
		t.Fatalf("Me = %+v, %v", u, err)
	}
	reqs := rec.all()
	if len(reqs) != 1 || reqs[0].Path != "/api/v2/users/me" {
		t.Fatalf("requests: %+v", reqs)
	}
	for _, r := range reqs {
		wantHeaders(t, r, bearer)
	}
}

func TestNoTokenNoAuthorization(t *testing.T) {
	c, rec := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		fmt.Fprint(w, `{"message":"Authentication required","code":"authentication.required","status":401}`)
	})
	c.Token = func() string { return "" }
	_, err := c.Me(context.Background())
	var e *Error
	if !errors.As(err, &e) || !e.Unauthorized() {
		t.Fatalf("err = %v, want a 401 *Error", err)
	}
	wantHeaders(t, rec.all()[0], map[string]string{})
}

func TestListIVRsQuery(t *testing.T) {
	c, rec := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("inin-ratelimit-count", "3")
		w.Header().Set("inin-ratelimit-allowed", "300")
		w.Header().Set("inin-ratelimit-reset", "40")
		fmt.Fprint(w, `{"entities":[{"id":"a","name":"A","version":1,"dnis":["+1"]}],"pageSize":25,"pageNumber":2,"total":26,"pageCount":2}`)
	})
	p, m, err := c.ListIVRs(context.Background(), 2, 25)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Entities) != 1 || p.Total != 26 || p.PageCount != 2 {
		t.Errorf("page = %+v", p)
	}
	if m.Status != 200 || m.RateLimit != (RateLimit{Known: true, Count: 3, Allowed: 300, Reset: 40 * time.Second}) {
		t.Errorf("meta = %+v", m)
	}
	r := rec.all()[0]
	if r.Method != "GET" || r.Path != "/api/v2/architect/ivrs" || r.RawQuery != "pageNumber=2&pageSize=25&sortBy=name&sortOrder=ASC" {
		t.Errorf("request = %s %s?%s", r.Method, r.Path, r.RawQuery)
	}
	wantHeaders(t, r, bearer)
}

func TestAllIVRs(t *testing.T) {
	tests := []struct {
		name      string
		total     int
		pageCount bool // whether answers carry pageCount and total
		wantCalls int
	}{
		{"three pages", 250, true, 3},
		{"exactly one page", 100, true, 1},
		{"empty org", 0, true, 1},
		{"answers without pageCount", 250, false, 3},
		{"answers without pageCount, full last page", 200, false, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				n, _ := strconv.Atoi(r.URL.Query().Get("pageNumber"))
				size, _ := strconv.Atoi(r.URL.Query().Get("pageSize"))
				p := map[string]any{"pageNumber": n, "pageSize": size}
				if tt.pageCount {
					p["total"] = tt.total
					p["pageCount"] = (tt.total + size - 1) / size
				}
				var ents []map[string]any
				for i := (n - 1) * size; i < min(n*size, tt.total); i++ {
					state := "active"
					if i%50 == 0 {
						state = "deleted"
					}
					ents = append(ents, map[string]any{"id": fmt.Sprint("ivr-", i), "name": fmt.Sprint("IVR ", i), "version": 1, "dnis": []string{}, "state": state})
				}
				p["entities"] = ents
				json.NewEncoder(w).Encode(p)
			})
			var progress [][2]int
			all, err := c.AllIVRs(context.Background(), func(loaded, total int) {
				progress = append(progress, [2]int{loaded, total})
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != tt.total {
				t.Fatalf("%d IVRs, want %d (deleted ones included)", len(all), tt.total)
			}
			if got := len(rec.all()); got != tt.wantCalls {
				t.Errorf("%d calls, want %d", got, tt.wantCalls)
			}
			for _, r := range rec.all() {
				if !strings.Contains(r.RawQuery, "pageSize=100") {
					t.Errorf("page size: %s", r.RawQuery)
				}
			}
			last := progress[len(progress)-1]
			if last != [2]int{tt.total, tt.total} {
				t.Errorf("last progress = %v, want %d of %d", last, tt.total, tt.total)
			}
		})
	}
}

func TestAllIVRsStopsOnError(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("pageNumber") == "2" {
			w.Header().Set("Retry-After", "9")
			w.WriteHeader(429)
			fmt.Fprint(w, body429)
			return
		}
		fmt.Fprint(w, `{"entities":[{"id":"a","name":"A","version":1}],"total":150,"pageCount":2}`)
	})
	all, err := c.AllIVRs(context.Background(), nil)
	var e *Error
	if !errors.As(err, &e) || !e.RateLimited() || e.RetryAfter != 9*time.Second {
		t.Fatalf("err = %v", err)
	}
	if len(all) != 1 {
		t.Errorf("kept %d IVRs of the first page, want 1", len(all))
	}
}

func TestGetAndPutIVR(t *testing.T) {
	stored := `{"id":"a/b c","name":"Main","version":4,"dnis":["+13175550100"],"openHoursFlow":{"id":"f"},"keepMe":{"x":[1,2]}}`
	c, rec := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case "GET":
			w.Header().Set("ININ-Correlation-Id", "get-1")
			fmt.Fprint(w, stored)
		case "PUT":
			b, _ := io.ReadAll(r.Body)
			var v map[string]any
			json.Unmarshal(b, &v)
			v["version"] = v["version"].(float64) + 1
			json.NewEncoder(w).Encode(v)
		}
	})
	ctx := context.Background()
	v, m, err := c.GetIVR(ctx, "a/b c")
	if err != nil || m.CorrelationID != "get-1" {
		t.Fatalf("GetIVR = %+v, %+v, %v", v, m, err)
	}
	v.DNIS = append(v.DNIS, "+13175550101")
	got, _, err := c.PutIVR(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 5 || len(got.DNIS) != 2 || string(got.Extra["keepMe"]) != `{"x":[1,2]}` {
		t.Errorf("PutIVR = %+v", got)
	}

	reqs := rec.all()
	if reqs[0].Path != "/api/v2/architect/ivrs/a%2Fb%20c" || reqs[1].Path != "/api/v2/architect/ivrs/a%2Fb%20c" {
		t.Errorf("paths = %s, %s", reqs[0].Path, reqs[1].Path)
	}
	wantHeaders(t, reqs[0], bearer)
	wantHeaders(t, reqs[1], map[string]string{"Authorization": "Bearer tok", "Content-Type": "application/json"})
	assertSameJSON(t, []byte(reqs[1].Body), []byte(`{"id":"a/b c","name":"Main","version":4,"dnis":["+13175550100","+13175550101"],"openHoursFlow":{"id":"f"},"keepMe":{"x":[1,2]}}`))

	if _, _, err := c.GetIVR(ctx, ""); err == nil {
		t.Error("GetIVR with no id")
	}
	if _, _, err := c.PutIVR(ctx, IVR{}); err == nil {
		t.Error("PutIVR with no id")
	}
}

func TestPutIVRVersionConflict(t *testing.T) {
	for _, status := range []int{409, 400} {
		c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			fmt.Fprint(w, `{"message":"The version supplied does not match the current version","status":`+strconv.Itoa(status)+`}`)
		})
		_, m, err := c.PutIVR(context.Background(), IVR{ID: "a", Version: 1})
		var e *Error
		if !errors.As(err, &e) || !e.VersionConflict() || m.Status != status || e.Status != status {
			t.Errorf("%d: err = %v, meta %+v", status, err, m)
		}
	}
}

func TestLimitsCall(t *testing.T) {
	c, rec := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"entities":[{"key":"org.app.user.rate.per.minute","namespace":"platform.api","value":300}]}`)
	})
	got, err := c.Limits(context.Background(), "platform.api")
	if err != nil || got["org.app.user.rate.per.minute"] != 300 {
		t.Fatalf("Limits = %v, %v", got, err)
	}
	r := rec.all()[0]
	if r.Method != "GET" || r.Path != "/api/v2/organizations/limits/namespaces/platform.api" || r.RawQuery != "" {
		t.Errorf("request = %s %s?%s", r.Method, r.Path, r.RawQuery)
	}
	wantHeaders(t, r, bearer)
	if _, err := c.Limits(context.Background(), ""); err == nil {
		t.Error("Limits with no namespace")
	}
}

type failingDoer struct{ err error }

func (f failingDoer) Do(*http.Request) (*http.Response, error) { return nil, f.err }

func TestTransportErrorsAreNotError(t *testing.T) {
	boom := errors.New("network down")
	c := &Client{Base: "https://api.example.test", HTTP: failingDoer{boom}, Token: func() string { return "secret-token" }}
	_, err := c.Me(context.Background())
	var e *Error
	if errors.As(err, &e) {
		t.Fatalf("transport error became *Error: %v", err)
	}
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want it to wrap %v", err, boom)
	}
	if strings.Contains(err.Error(), "secret-token") {
		t.Errorf("token in error: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c2, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {})
	if _, err := c2.Me(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestBadJSONAnswer(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<html>`) })
	if _, err := c.Me(context.Background()); err == nil || !strings.HasPrefix(err.Error(), "genesys: ") {
		t.Errorf("err = %v", err)
	}
}

func TestObserveAndNow(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", t0.Add(20*time.Second).Format(http.TimeFormat))
		w.WriteHeader(503)
	})
	c.Now = func() time.Time { return t0 }
	var seen []string
	c.Observe = func(method, path string, m Meta) {
		seen = append(seen, fmt.Sprint(method, " ", path, " ", m.Status, " ", m.RetryAfter))
	}
	_, err := c.Me(context.Background())
	var e *Error
	if !errors.As(err, &e) || !e.ServerFault() || e.RetryAfter != 20*time.Second {
		t.Fatalf("err = %v", err)
	}
	if want := []string{"GET /api/v2/users/me 503 20s"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("observed %v, want %v", seen, want)
	}
}

// An answer whose status came but whose body broke off (a dropped
// connection) is asked again, not taken as done or failed: the soak in the
// browser failed jobs on "reading the answer: network error".
func TestBrokenAnswerIsRetried(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
		fmt.Fprint(w, `{"id":"`) // and the connection ends short of 1000 bytes
	})
	_, m, err := c.GetIVR(context.Background(), "x")
	if !errors.Is(err, ErrAnswerBroke) {
		t.Fatalf("err = %v, want it to wrap ErrAnswerBroke", err)
	}
	if got := Classify(m, err); got != (Retry{Reason: "the answer broke off"}) {
		t.Errorf("Classify = %#v, want a retry", got)
	}
}
