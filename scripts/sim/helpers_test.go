package sim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// client talks to a Server in-process, with a token of the sample user.
type client struct {
	t   *testing.T
	s   *Server
	hc  *http.Client
	tok string
}

func newClient(t *testing.T, o Options) *client {
	t.Helper()
	s := New(o)
	return &client{t: t, s: s, hc: &http.Client{Transport: s.Transport()}, tok: s.IssueToken()}
}

// result is one answer, read whole.
type result struct {
	status int
	header http.Header
	body   []byte
}

func (r result) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

func (r result) errorBody(t *testing.T) ErrorBody {
	t.Helper()
	var e ErrorBody
	r.json(t, &e)
	return e
}

// do sends method path with body (JSON-encoded unless a string or nil) and
// extra headers as "Key: value" strings.
func (c *client) do(method, path string, body any, headers ...string) result {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, "http://api.sim.test"+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.tok != "" {
		req.Header.Set("Authorization", "Bearer "+c.tok)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return result{status: resp.StatusCode, header: resp.Header, body: b}
}

func (c *client) get(path string) result { return c.do(http.MethodGet, path, nil) }

func (c *client) put(v IVR) result { return c.do(http.MethodPut, ivrsPath+"/"+v.ID, v) }

// active returns the first n active IVRs, in creation order, that satisfy keep.
func (c *client) active(n int, keep func(IVR) bool) []IVR {
	c.t.Helper()
	var out []IVR
	for _, v := range c.s.IVRs() {
		if v.State == StateActive && (keep == nil || keep(v)) && len(out) < n {
			out = append(out, v)
		}
	}
	if len(out) < n {
		c.t.Fatalf("only %d active IVRs fit, want %d", len(out), n)
	}
	return out
}

func withNumbers(v IVR) bool { return len(v.DNIS) > 0 }
