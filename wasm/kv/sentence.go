package kv

// quotaError is ErrQuota: a value type, so errors.Is(err, ErrQuota) holds
// for it wherever it is wrapped, and it carries the sentence the page shows
// (see package say) when nothing closer to the write says more.
type quotaError struct{}

func (quotaError) Error() string { return "kv: storage quota exceeded" }

func (quotaError) Sentence() string {
	return "The browser's storage for this page is full. Clear this site's data in the browser settings and try again."
}
