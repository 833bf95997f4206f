package genesys

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// Genesys PUTs replace the whole object, so a client must send back every
// field it read, modelled or not. The types here that are PUT (IVR,
// ScheduleGroup) model what gcpace reads and keep the rest in Extra,
// verbatim; these helpers do that for any of them.

// modelledKeys are the JSON names a type's own fields use, lower-cased:
// encoding/json matches names without regard to case, so "Name" fills Name
// too and must not also land in Extra. Every other key belongs in Extra.
var modelledKeys sync.Map // reflect.Type → keySet

// keySet is a type's JSON names: lower-cased, to match as encoding/json
// does, and exactly as its tags spell them, for onlyKeys' quick look.
type keySet struct{ lower, exact map[string]bool }

func keysOf(t reflect.Type) keySet {
	if k, ok := modelledKeys.Load(t); ok {
		return k.(keySet)
	}
	keys := keySet{lower: map[string]bool{}, exact: map[string]bool{}}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			keys.lower[strings.ToLower(name)] = true
			keys.exact[name] = true
		}
	}
	modelledKeys.Store(t, keys)
	return keys
}

// unmarshalKeeping fills fields (a pointer to a method-less copy of the
// modelled type) and returns every other field of data, verbatim.
func unmarshalKeeping(data []byte, fields any) (map[string]json.RawMessage, error) {
	if err := json.Unmarshal(data, fields); err != nil {
		return nil, err
	}
	keys := keysOf(reflect.TypeOf(fields).Elem())
	if onlyKeys(data, keys.exact) {
		// The usual answer: every field is modelled, so nothing is kept.
		// Decoding data a second time, into a map, only to find that, was
		// half of listing an org's IVRs (issue 14: a page's start).
		return nil, nil
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	known := keys.lower
	var extra map[string]json.RawMessage
	for k, raw := range all {
		if known[strings.ToLower(k)] {
			continue
		}
		if extra == nil {
			extra = map[string]json.RawMessage{}
		}
		extra[k] = append(json.RawMessage(nil), raw...)
	}
	return extra, nil
}

// onlyKeys reports whether data, a valid JSON object, has no top-level key
// but those in keys, spelt exactly. Any doubt (an escaped key, a key in
// another case) answers false, and the caller looks the slow way.
func onlyKeys(data []byte, keys map[string]bool) bool {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	for i++; ; {
		i = skipSpace(data, i)
		switch {
		case i >= len(data):
			return false
		case data[i] == '}':
			return true
		case data[i] == ',':
			i++
			continue
		case data[i] != '"':
			return false
		}
		end := i + 1
		for end < len(data) && data[end] != '"' && data[end] != '\\' {
			end++
		}
		if end >= len(data) || data[end] != '"' || !keys[string(data[i+1:end])] {
			return false
		}
		i = skipSpace(data, end+1)
		if i >= len(data) || data[i] != ':' {
			return false
		}
		if i = skipValue(data, skipSpace(data, i+1)); i < 0 {
			return false
		}
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the index just past the JSON value that starts at i in
// valid JSON, or -1.
func skipValue(data []byte, i int) int {
	depth := 0
	for i < len(data) {
		switch c := data[i]; c {
		case '"':
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
			if i >= len(data) {
				return -1
			}
			i++
		case '{', '[':
			depth++
			i++
		case '}', ']':
			if depth == 0 {
				return i // the end of the enclosing object
			}
			depth--
			i++
		case ',':
			if depth == 0 {
				return i
			}
			i++
		default:
			i++
		}
		if depth == 0 && i < len(data) && (data[i] == ',' || data[i] == '}') {
			return i
		}
	}
	return -1
}

// marshalKeeping writes fields (a method-less copy of the modelled type),
// then extra's fields in key order. A key of extra that a modelled field also
// writes is dropped: the field wins.
func marshalKeeping(fields any, extra map[string]json.RawMessage) ([]byte, error) {
	out, err := json.Marshal(fields)
	if err != nil || len(extra) == 0 {
		return out, err
	}
	known := keysOf(reflect.TypeOf(fields)).lower
	keys := make([]string, 0, len(extra))
	for k, raw := range extra {
		if !known[strings.ToLower(k)] && len(bytes.TrimSpace(raw)) > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)

	var b bytes.Buffer
	b.Write(out[:len(out)-1]) // drop the closing brace
	for _, k := range keys {
		name, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		if !json.Valid(extra[k]) {
			return nil, fmt.Errorf("genesys: field %s in Extra is not valid JSON", name)
		}
		b.WriteByte(',')
		b.Write(name)
		b.WriteByte(':')
		b.Write(extra[k])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// ivrFields is IVR without its methods, so encoding/json can do the modelled
// part without recursing into MarshalJSON/UnmarshalJSON.
type ivrFields IVR

// UnmarshalJSON fills the modelled fields and keeps every other field in
// Extra, verbatim.
func (v *IVR) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil // as encoding/json treats null: no change
	}
	var f ivrFields
	extra, err := unmarshalKeeping(data, &f)
	if err != nil {
		return err
	}
	f.Extra = extra
	*v = IVR(f)
	return nil
}

// MarshalJSON writes the modelled fields, then Extra's in key order. dnis
// is always an array: null is not a list of numbers to Genesys.
func (v IVR) MarshalJSON() ([]byte, error) {
	f := ivrFields(v)
	if f.DNIS == nil {
		f.DNIS = []string{}
	}
	return marshalKeeping(f, v.Extra)
}
