package genesys

import (
	"net/http"
	"net/url"
	"strings"
)

// Bucket names a rate limit a request consumes. Resource buckets are named by
// their route ("PUT /api/v2/architect/ivrs/{ivrId}"), the others by the key of
// the limits API ("org.app.user.rate.per.minute").
type Bucket string

const (
	BucketIVRPut Bucket = "PUT /api/v2/architect/ivrs/{ivrId}"
	// Schedule groups' resource limits are not published: treated as the
	// IVR's until the headers or 429s say otherwise (GENESYS.md).
	BucketScheduleGroupPut Bucket = "PUT /api/v2/architect/schedulegroups/{scheduleGroupId}"
	BucketClientUser       Bucket = "org.app.user.rate.per.minute"
	BucketUser             Bucket = "org.user.rate.per.minute"
)

// DocumentedLimits are Genesys's published defaults, per minute. The org's
// real values may be lower; the pacer starts here and learns.
var DocumentedLimits = map[Bucket]int{
	BucketIVRPut:           100,
	BucketScheduleGroupPut: 100,
	BucketClientUser:       300,
	BucketUser:             3000,
}

// BucketsFor lists the buckets a request consumes. path may carry a query
// or be a whole URL; only its path counts.
func BucketsFor(method, path string) []Bucket {
	if strings.EqualFold(method, http.MethodPut) {
		switch p := pathOnly(path); {
		case isItemPath(p, ivrsPath):
			return []Bucket{BucketIVRPut, BucketClientUser, BucketUser}
		case isItemPath(p, groupsPath):
			return []Bucket{BucketScheduleGroupPut, BucketClientUser, BucketUser}
		}
	}
	return []Bucket{BucketClientUser, BucketUser}
}

func pathOnly(p string) string {
	if u, err := url.Parse(p); err == nil {
		p = u.EscapedPath()
	} else if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	return strings.TrimSuffix(p, "/")
}

// isItemPath matches collection/{id}: exactly one non-empty segment after
// the collection.
func isItemPath(p, collection string) bool {
	id, ok := strings.CutPrefix(p, collection+"/")
	return ok && id != "" && !strings.Contains(id, "/")
}
