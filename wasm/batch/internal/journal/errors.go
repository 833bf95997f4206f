package journal

import (
	"strings"

	"github.com/gcpace/gcpace/wasm/kv"
)

// CorruptError reports a stored record the journal could not read. The
// record was moved to KeptAs (or, when even that could not be written, left
// at Key and KeptAs == Key), never dropped.
type CorruptError struct {
	Key    string
	KeptAs string
	Reason string
}

func (e *CorruptError) Error() string { return goForm(e.Sentence()) }

// NewerError reports a batch recorded by a newer version of gcpace, in a
// format this code does not read. It is left where it is, never moved
// aside: the newer version (open in another tab, or after a reload) needs
// it, and may still be running it. Finished says whether its state record
// could be read as done or cancelled.
type NewerError struct {
	Key      string
	Format   int
	Finished bool
}

func (e *NewerError) Error() string { return goForm(e.Sentence()) }

// FullError reports that the browser's storage refused a write because it
// is full. Its message says in words what was not recorded and what that
// means; errors.Is(err, kv.ErrQuota) holds.
type FullError struct {
	BatchID string
	JobID   string // set when a job's state could not be recorded
	State   string // the state that could not be recorded, if any
}

func (e *FullError) Error() string { return goForm(e.Sentence()) }

func (e *FullError) Unwrap() error { return kv.ErrQuota }

// scrub replaces what follows "bearer " or "access_token" in an error text,
// so that a message echoing a request can never put a token in storage.
// Hand-written rather than a regexp: regexp and its Unicode tables would add
// about 300 KB to the wasm for this one use.
func scrub(s string) string {
	lower := strings.ToLower(s)
	var b strings.Builder
	i := 0
	for i < len(s) {
		k, skip := nextCredential(lower, i)
		if k < 0 {
			break
		}
		b.WriteString(s[i:k])
		j := k + skip
		for j < len(s) && strings.ContainsRune("=\"':\t ", rune(s[j])) {
			j++
		}
		for j < len(s) && !strings.ContainsRune(" \t\r\n\"'&,;", rune(s[j])) {
			j++
		}
		b.WriteString("[credential removed]")
		i = j
	}
	b.WriteString(s[i:])
	return b.String()
}

// nextCredential finds the next "bearer " or "access_token" at or after i,
// returning its index and length (or -1).
func nextCredential(lower string, i int) (int, int) {
	best, skip := -1, 0
	for _, m := range []string{"bearer ", "access_token"} {
		if k := strings.Index(lower[i:], m); k >= 0 && (best < 0 || i+k < best) {
			best, skip = i+k, len(m)
		}
	}
	return best, skip
}
