package genesys

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gcpace/gcpace/wasm/say"
)

const ivrsPath = "/api/v2/architect/ivrs"

// allPageSize is the largest page the IVR list serves; fewer pages means
// fewer calls against the client×user budget.
const allPageSize = 100

// maxPages stops AllIVRs from looping on an answer that never says it is
// done (100 000 IVRs is far past any real org).
const maxPages = 1000

// ListIVRs returns one page of the org's IVRs, sorted by name.
func (c *Client) ListIVRs(ctx context.Context, pageNumber, pageSize int) (IVRPage, Meta, error) {
	q := url.Values{
		"pageNumber": {strconv.Itoa(pageNumber)},
		"pageSize":   {strconv.Itoa(pageSize)},
		"sortBy":     {"name"},
		"sortOrder":  {"ASC"},
	}
	var p IVRPage
	m, err := c.do(ctx, http.MethodGet, ivrsPath, q, nil, &p)
	return p, m, err
}

// AllIVRs reads every page of the IVR list. Deleted IVRs are returned too
// (state "deleted"); the caller decides what to show. progress, if not nil,
// is called after each page with the IVRs loaded so far and the total the
// API reported. It does not retry: on an error it returns the IVRs read so
// far with the error (a *Error for a 429, whose Meta says how long to wait).
func (c *Client) AllIVRs(ctx context.Context, progress func(loaded, total int)) ([]IVR, error) {
	return allPages(ctx, "IVR", func(ctx context.Context, n int) (IVRPage, error) {
		p, _, err := c.ListIVRs(ctx, n, allPageSize)
		return p, err
	}, progress)
}

// allPages reads every page that page serves, 1 on.
func allPages[T any](ctx context.Context, what string, page func(context.Context, int) (Page[T], error), progress func(loaded, total int)) ([]T, error) {
	var all []T
	for n := 1; n <= maxPages; n++ {
		p, err := page(ctx, n)
		if err != nil {
			return all, err
		}
		all = append(all, p.Entities...)
		total := max(p.Total, len(all))
		if progress != nil {
			progress(len(all), total)
		}
		if lastPage(p, n, len(all)) {
			return all, nil
		}
	}
	return all, say.Wrap(errors.New("genesys: the "+what+" list did not end after 1000 pages"),
		"Genesys Cloud's "+what+" list did not end after 1000 pages.")
}

// lastPage tells whether page n was the last. pageCount is what Genesys
// answers with; the other tests cover an answer without it.
func lastPage[T any](p Page[T], n, loaded int) bool {
	switch {
	case len(p.Entities) == 0:
		return true
	case p.PageCount > 0:
		return n >= p.PageCount
	case p.Total > 0:
		return loaded >= p.Total
	default:
		return len(p.Entities) < allPageSize
	}
}

// GetIVR reads one IVR, with the version a PUT must send back.
func (c *Client) GetIVR(ctx context.Context, id string) (IVR, Meta, error) {
	if id == "" {
		return IVR{}, Meta{}, errors.New("genesys: GetIVR: the IVR id is empty")
	}
	var v IVR
	m, err := c.do(ctx, http.MethodGet, ivrPath(id), nil, nil, &v)
	return v, m, err
}

// PutIVR replaces the IVR with ivr, which must carry the version it was read
// at. Fields ivr does not model travel in ivr.Extra, so nothing is cleared
// by accident. A stale version comes back as an *Error whose
// VersionConflict reports true.
func (c *Client) PutIVR(ctx context.Context, ivr IVR) (IVR, Meta, error) {
	if ivr.ID == "" {
		return IVR{}, Meta{}, errors.New("genesys: PutIVR: the IVR id is empty")
	}
	var v IVR
	m, err := c.do(ctx, http.MethodPut, ivrPath(ivr.ID), nil, ivr, &v)
	return v, m, err
}

func ivrPath(id string) string { return ivrsPath + "/" + url.PathEscape(id) }
