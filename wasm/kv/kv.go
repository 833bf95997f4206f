// Package kv is the small key-value interface that durable state (the sign-in
// session, the batch journal) is written through.
//
// In the browser it is backed by sessionStorage or localStorage
// (wasm/internal/browser); natively and in tests by Map.
package kv

import (
	"sort"
	"strings"
	"sync"
)

// ErrQuota is returned by Set when the store is full (the browser's storage
// quota is exhausted). Callers must report it in words; nothing is written.
var ErrQuota error = quotaError{}

// Store holds string values under string keys.
// Implementations are safe for concurrent use.
type Store interface {
	// Get returns the value under key and whether it exists.
	Get(key string) (string, bool)
	// Set writes value under key. It returns ErrQuota (possibly wrapped) when full.
	Set(key, value string) error
	// Remove deletes key; removing a missing key is not an error. (Not
	// named Delete: js.Value has a Delete(string) method, and an interface
	// method of that name would keep its promoted copy on every DOM type in
	// the wasm.)
	Remove(key string)
	// Keys returns the keys that start with prefix, sorted.
	Keys(prefix string) []string
}

// Map is an in-memory Store. The zero value is ready to use.
// Limit, when positive, caps the total bytes of keys and values so tests can
// exercise quota exhaustion.
type Map struct {
	Limit int

	mu sync.Mutex
	m  map[string]string
}

func (s *Map) Get(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok
}

func (s *Map) Set(key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	if s.Limit > 0 {
		size := len(key) + len(value)
		for k, v := range s.m {
			if k != key {
				size += len(k) + len(v)
			}
		}
		if size > s.Limit {
			return ErrQuota
		}
	}
	s.m[key] = value
	return nil
}

func (s *Map) Remove(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
}

func (s *Map) Keys(prefix string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	for k := range s.m {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}
