package genesys

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Limits reads the org's effective limits in one namespace ("platform.api",
// "architect", "auth.api"), keyed by limit key
// ("org.app.user.rate.per.minute" → 300). No permission is needed.
//
// The answer is Genesys's LimitsEntityListing, as the official SDKs model it:
//
//	{"entities": [{"key": "org.app.user.rate.per.minute",
//	               "namespace": "platform.api", "value": 300}, ...]}
//
// The SDKs declare value a 64-bit integer and every field optional, so this
// reading is lenient: a bare array of entries is accepted too, "name" stands
// in for a missing "key", a value may be a float or a numeric string, and
// entries without a usable key or value are skipped rather than failing the
// whole answer (a limit we cannot read falls back to the documented one).
func (c *Client) Limits(ctx context.Context, namespace string) (map[string]int, error) {
	if namespace == "" {
		return nil, errors.New("genesys: Limits: the namespace is empty")
	}
	var raw json.RawMessage
	path := "/api/v2/organizations/limits/namespaces/" + url.PathEscape(namespace)
	if _, err := c.do(ctx, http.MethodGet, path, nil, nil, &raw); err != nil {
		return nil, err
	}
	out, err := decodeLimits(raw)
	if err != nil {
		return nil, fmt.Errorf("genesys: limits of %s: %w", namespace, err)
	}
	return out, nil
}

type limitEntry struct {
	Key   string          `json:"key"`
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

func decodeLimits(raw []byte) (map[string]int, error) {
	var entries []json.RawMessage
	trimmed := bytes.TrimSpace(raw)
	switch {
	case len(trimmed) == 0:
	case trimmed[0] == '[':
		if err := json.Unmarshal(trimmed, &entries); err != nil {
			return nil, errors.New("the answer is not a list of limits")
		}
	default:
		var listing struct {
			Entities []json.RawMessage `json:"entities"`
		}
		if err := json.Unmarshal(trimmed, &listing); err != nil {
			return nil, errors.New("the answer is not a list of limits")
		}
		entries = listing.Entities
	}
	out := make(map[string]int, len(entries))
	for _, e := range entries {
		var l limitEntry
		if json.Unmarshal(e, &l) != nil {
			continue
		}
		key := strings.TrimSpace(l.Key)
		if key == "" {
			key = strings.TrimSpace(l.Name)
		}
		v, ok := limitValue(l.Value)
		if key != "" && ok {
			out[key] = v
		}
	}
	return out, nil
}

// limitValue reads a non-negative whole number from a JSON number or a
// numeric string.
func limitValue(raw json.RawMessage) (int, bool) {
	s := strings.TrimSpace(string(raw))
	if unq, err := strconv.Unquote(s); err == nil {
		s = strings.TrimSpace(unq)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > 1<<53 {
		return 0, false
	}
	return int(f), true
}
