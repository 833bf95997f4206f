package pacer

import (
	"fmt"
	"math"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// What waiting jobs wait for, in the words the page shows.
const (
	reasonReread = "someone else changed this IVR; re-reading"
	reasonAuth   = "signing in again"
)

// rateReason says which limit a 429 hit: "rate limit: 40/min on IVR updates".
func rateReason(b *bucket) string {
	return fmt.Sprintf("rate limit: %d%s on %s", int(math.Round(b.rate)), per(b.window), bucketWords(b.name))
}

func per(w time.Duration) string {
	switch w {
	case time.Minute:
		return "/min"
	case time.Second:
		return "/s"
	case time.Hour:
		return "/h"
	}
	return " per " + w.String()
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
