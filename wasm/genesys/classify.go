package genesys

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Class is what one answer means for the request that got it: Done, Retry,
// Reread, NeedAuth or Failed. Classify is the only place that decides it;
// the pacer's jobs, the page's own reads (Patient) and the sign-in check
// all act on its answer, so a 503 or a 429 means the same to each of them.
type Class interface{ class() }

// Done: the request did what it was for.
type Done struct{}

// Retry: send the same request again later. The caller waits the longer of
// After and its own backoff, so After is the least wait the server asked for
// (zero when it did not say).
type Retry struct {
	After   time.Duration
	Reason  string // in words: "rate limit", "server busy", "network error", "timed out"
	Limited bool   // a 429: the bucket is spent, not just this request
}

// Reread: the write carried a stale version; read the resource again, apply
// the intent to the fresh copy and write that.
type Reread struct{}

// NeedAuth: the token was refused; nothing more can be sent until the person
// signs in again.
type NeedAuth struct{}

// Failed: retrying cannot help. Err says why in words (the Genesys message).
type Failed struct{ Err error }

func (Done) class()     {}
func (Retry) class()    {}
func (Reread) class()   {}
func (NeedAuth) class() {}
func (Failed) class()   {}

// ErrAlreadyDone is returned by a job's read when the resource already is
// as the job intends (say, the IVR holds the intended numbers): the job is
// done without a write. It is how a reload settles a job that was in flight.
var ErrAlreadyDone = errors.New("genesys: already as intended, nothing to write")

// ErrAnswerBroke is an answer whose status came but whose body broke off
// (the connection dropped while it was read). Asking again is safe: a read
// changes nothing, and a write that did land meets a version conflict and
// is read again, which finds it done.
var ErrAnswerBroke = errors.New("reading the answer")

// Permanent marks an error that retrying cannot fix (an intent that cannot
// apply to what was read). Classify turns any other error it does not know
// into a retry, because in the browser a failed fetch has no useful type.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Classify says what an answer means. m is the answer's Meta; a *Error in
// err carries its own, which counts when m is empty. The status decides;
// without one, the error does.
//
//	2xx, ErrAlreadyDone            Done
//	429                            Retry{After: Retry-After, Limited}
//	408, 5xx, network, timeout     Retry (backoff only)
//	409, 400 "…current version"    Reread
//	401                            NeedAuth
//	other 4xx, Permanent, Canceled Failed
//
// A timeout is a request's own deadline (context.DeadlineExceeded or a
// net.Error that timed out). context.Canceled is not retried: nothing here
// cancels its own requests, so someone meant it.
func Classify(m Meta, err error) Class {
	var ge *Error
	if errors.As(err, &ge) && m.Status == 0 {
		m = ge.Meta
	}
	var perm *permanentError
	switch {
	case errors.Is(err, ErrAlreadyDone), err == nil && m.Status == 0:
		return Done{}
	case errors.As(err, &perm):
		return Failed{Err: err}
	case m.Status == 0:
		return classifyTransport(err)
	case errors.Is(err, ErrAnswerBroke):
		return Retry{Reason: "the answer broke off"}
	case err == nil:
		err = fmt.Errorf("genesys: HTTP status %d %s", m.Status, http.StatusText(m.Status))
	}
	switch s := m.Status; {
	case s >= 200 && s < 300:
		return Done{}
	case s == http.StatusTooManyRequests:
		return Retry{After: m.RetryAfter, Reason: "rate limit", Limited: true}
	case s == http.StatusUnauthorized:
		return NeedAuth{}
	case s == http.StatusConflict || ge != nil && ge.VersionConflict():
		return Reread{}
	case s == http.StatusRequestTimeout:
		return Retry{Reason: "the server timed out"}
	case s == http.StatusBadGateway || s == http.StatusServiceUnavailable || s == http.StatusGatewayTimeout:
		return Retry{Reason: "server busy"}
	case s >= 500:
		// A 500 is as often a passing fault as a real one; the caller's
		// budget ends it if it persists.
		return Retry{Reason: "server error"}
	default:
		return Failed{Err: err}
	}
}

// classifyTransport sorts errors that came without an answer.
func classifyTransport(err error) Class {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return Retry{Reason: "timed out"}
	case errors.Is(err, context.Canceled):
		return Failed{Err: err}
	default:
		return Retry{Reason: "network error"}
	}
}
