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

// ivrFields is IVR without its methods, so encoding/json can do the modelled
// part without recursing into MarshalJSON/UnmarshalJSON.
type ivrFields IVR

// modelledKeys are the JSON names IVR's own fields use, lower-cased:
// encoding/json matches names without regard to case, so "Name" fills Name
// too and must not also land in Extra. Every other key belongs in Extra.
var modelledKeys = sync.OnceValue(func() map[string]bool {
	keys := map[string]bool{}
	t := reflect.TypeFor[IVR]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			keys[strings.ToLower(name)] = true
		}
	}
	return keys
})

// UnmarshalJSON fills the modelled fields and keeps every other field in
// Extra, verbatim.
func (v *IVR) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil // as encoding/json treats null: no change
	}
	var f ivrFields
	if err := json.Unmarshal(data, &f); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	known := modelledKeys()
	for k, raw := range all {
		if known[strings.ToLower(k)] {
			continue
		}
		if f.Extra == nil {
			f.Extra = map[string]json.RawMessage{}
		}
		f.Extra[k] = append(json.RawMessage(nil), raw...)
	}
	*v = IVR(f)
	return nil
}

// MarshalJSON writes the modelled fields, then Extra's in key order. dnis
// is always an array: null is not a list of numbers to Genesys. A key of
// Extra that a modelled field also writes is dropped: the field wins.
func (v IVR) MarshalJSON() ([]byte, error) {
	f := ivrFields(v)
	if f.DNIS == nil {
		f.DNIS = []string{}
	}
	out, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	if len(v.Extra) == 0 {
		return out, nil
	}
	known := modelledKeys()
	keys := make([]string, 0, len(v.Extra))
	for k, raw := range v.Extra {
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
		if !json.Valid(v.Extra[k]) {
			return nil, fmt.Errorf("genesys: IVR field %s in Extra is not valid JSON", name)
		}
		b.WriteByte(',')
		b.Write(name)
		b.WriteByte(':')
		b.Write(v.Extra[k])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
