package sim

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
)

// ErrDropped is what Transport returns for a connection Faults.DropRate dropped.
var ErrDropped = errors.New("sim: connection dropped before the answer: " + io.ErrUnexpectedEOF.Error())

// Transport returns an http.RoundTripper that calls the Server in-process: no
// sockets, no goroutines, so it works inside testing/synctest bubbles. Any
// scheme and host reach the Server; only the path and query matter.
func (s *Server) Transport() http.RoundTripper { return transport{s} }

type transport struct{ s *Server }

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	rep := t.s.serve(req)
	if req.Body != nil {
		req.Body.Close()
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if rep.drop {
		return nil, ErrDropped
	}
	h := rep.header
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{
		Status:        strconv.Itoa(rep.status) + " " + http.StatusText(rep.status),
		StatusCode:    rep.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(rep.body)),
		ContentLength: int64(len(rep.body)),
		Request:       req,
	}, nil
}
