package auth

import (
	"context"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// CheckToken asks who the token belongs to (GET /api/v2/users/me).
//
// It sends one request and does not retry: riding out network errors, 5xx
// and 429 (never sooner than its Retry-After) is the job of c's Doer, a
// genesys.Patient on the page, the page's one retry loop. A retry here
// too would multiply that loop's requests. ctx bounds the whole wait.
//
// A refused token comes back as an error that genesys.Classify reads as
// NeedAuth (see SessionEnded): the person must sign in again.
func CheckToken(ctx context.Context, c *genesys.Client) (genesys.User, error) {
	return c.Me(ctx)
}

// SessionEnded reports whether err means the token was refused, so that
// only signing in again can help.
func SessionEnded(err error) bool {
	_, ended := genesys.Classify(genesys.Meta{}, err).(genesys.NeedAuth)
	return err != nil && ended
}
