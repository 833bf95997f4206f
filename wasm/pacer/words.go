package pacer

import "github.com/gcpace/gcpace/wasm/genesys"

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

// words is an error as people read it; a *genesys.Error already reads so.
func words(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
