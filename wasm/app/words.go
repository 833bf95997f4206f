package app

import "github.com/gcpace/gcpace/wasm/say"

// words is an error as the person reads it: the sentence its producer gave
// it (genesys, auth, journal, kv, this package's deadlines), found with
// errors.As, else a generic sentence; see package say.
func words(err error) string { return say.Words(err) }
