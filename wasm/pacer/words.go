package pacer

import (
	"errors"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/say"
)

// What waiting jobs wait for, in the words the page shows.
const (
	reasonReread = "someone else changed this IVR; re-reading"
	reasonAuth   = "signing in again"
)

// rateReason says which limit a 429 hit: "rate limit reached on IVR updates".
// No number: right after a 429 the queue does not know the limit yet (the
// rate it just cut to is a guess), and the page shows the believed limit,
// with where it comes from, beside the batch.
func rateReason(b *bucket) string {
	return "rate limit reached on " + bucketWords(b.name)
}

func bucketWords(b genesys.Bucket) string {
	switch b {
	case genesys.BucketIVRPut:
		return "IVR updates"
	case genesys.BucketScheduleGroupPut:
		return "schedule group updates"
	case genesys.BucketClientUser:
		return "this app's requests"
	case genesys.BucketUser:
		return "all your requests"
	}
	return string(b)
}

// words is an error as people read it. A *genesys.Error already reads so
// (Genesys's own message and the status); another error with a sentence of
// its own (say: a request that broke off) gives that sentence, not its
// "genesys: GET /api/…" text.
func words(err error) string {
	if err == nil {
		return ""
	}
	var ge *genesys.Error
	var s say.Sentencer
	if !errors.As(err, &ge) && errors.As(err, &s) {
		return s.Sentence()
	}
	return err.Error()
}
