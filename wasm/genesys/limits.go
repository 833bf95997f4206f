package genesys

// Bucket names a rate limit a request consumes. Resource buckets are named by
// their route ("PUT /api/v2/architect/ivrs/{ivrId}"), the others by the key of
// the limits API ("org.app.user.rate.per.minute").
type Bucket string

const (
	BucketIVRPut     Bucket = "PUT /api/v2/architect/ivrs/{ivrId}"
	BucketClientUser Bucket = "org.app.user.rate.per.minute"
	BucketUser       Bucket = "org.user.rate.per.minute"
)

// DocumentedLimits are Genesys's published defaults, per minute. The org's
// real values may be lower; the pacer starts here and learns.
var DocumentedLimits = map[Bucket]int{
	BucketIVRPut:     100,
	BucketClientUser: 300,
	BucketUser:       3000,
}
