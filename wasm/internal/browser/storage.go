//go:build js && wasm

// Package browser holds every browser API the app uses besides the DOM:
// Web Storage, the address bar, Web Locks, BroadcastChannel, downloads and
// the Genesys client-app bridge. Nothing outside wasm/ui and main sees js.Value.
package browser

import (
	"fmt"
	"sort"
	"strings"
	"syscall/js"

	"github.com/gcpace/gcpace/wasm/kv"
)

// Storage is a kv.Store over window.localStorage or window.sessionStorage.
type Storage struct {
	v js.Value
}

// LocalStorage is shared by every tab of the profile and survives restarts:
// the journal lives here.
func LocalStorage() *Storage { return &Storage{v: js.Global().Get("localStorage")} }

// SessionStorage is per tab and ends with it: the only place a token is kept.
func SessionStorage() *Storage { return &Storage{v: js.Global().Get("sessionStorage")} }

func (s *Storage) Get(key string) (string, bool) {
	v := s.v.Call("getItem", key)
	if v.IsNull() || v.IsUndefined() {
		return "", false
	}
	return v.String(), true
}

// Set reports a full store as kv.ErrQuota: browsers throw a DOMException
// named QuotaExceededError (older Firefox: NS_ERROR_DOM_QUOTA_REACHED).
func (s *Storage) Set(key, value string) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if jsErr, ok := r.(js.Error); ok {
			name := jsErr.Value.Get("name").String()
			if strings.Contains(name, "Quota") || strings.Contains(name, "QUOTA") {
				err = fmt.Errorf("%w (%s)", kv.ErrQuota, name)
				return
			}
			err = fmt.Errorf("browser: storage refused the write: %s", jsErr.Error())
			return
		}
		err = fmt.Errorf("browser: storage refused the write: %v", r)
	}()
	s.v.Call("setItem", key, value)
	return nil
}

func (s *Storage) Remove(key string) { s.v.Call("removeItem", key) }

func (s *Storage) Keys(prefix string) []string {
	n := s.v.Get("length").Int()
	var keys []string
	for i := 0; i < n; i++ {
		k := s.v.Call("key", i)
		if k.IsNull() {
			continue
		}
		if ks := k.String(); strings.HasPrefix(ks, prefix) {
			keys = append(keys, ks)
		}
	}
	sort.Strings(keys)
	return keys
}
