package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// `go tool nm` does not read wasm; this is its -size for the one thing the
// page's weight needs: how many bytes of code each function, and so each Go
// package, takes. It reads an unstripped module (built without -ldflags=-s):
// the code section's bodies, named by the "name" custom section. Data (type
// descriptors, pclntab, strings) is not attributed, only totalled.

// wasmCode is a module's code bytes by function name, plus section totals.
type wasmCode struct {
	funcs    map[string]int // body bytes by function name
	sections map[string]int // bytes by section name ("code", "data", "name", ...)
}

func readWasmCode(path string) (wasmCode, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return wasmCode{}, err
	}
	if len(b) < 8 || !bytes.Equal(b[:4], []byte("\x00asm")) {
		return wasmCode{}, fmt.Errorf("%s is not a wasm module", path)
	}
	out := wasmCode{funcs: map[string]int{}, sections: map[string]int{}}
	names := map[int]string{}
	var bodies []int
	imported := 0
	sectionNames := map[byte]string{1: "type", 2: "import", 3: "function", 5: "memory", 6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount"}
	r := bytes.NewReader(b[8:])
	for r.Len() > 0 {
		id, _ := r.ReadByte()
		size, err := binary.ReadUvarint(r)
		if err != nil || int(size) > r.Len() {
			return out, errors.New("truncated section")
		}
		sec := make([]byte, size)
		io.ReadFull(r, sec)
		s := bytes.NewReader(sec)
		name := sectionNames[id]
		switch id {
		case 0:
			n, _ := binary.ReadUvarint(s)
			nb := make([]byte, n)
			io.ReadFull(s, nb)
			name = "custom " + string(nb)
			if string(nb) == "name" {
				readFuncNames(s, names)
			}
		case 2:
			imported = countFuncImports(s)
		case 10:
			n, _ := binary.ReadUvarint(s)
			for range n {
				sz, _ := binary.ReadUvarint(s)
				bodies = append(bodies, int(sz))
				s.Seek(int64(sz), io.SeekCurrent)
			}
		}
		out.sections[name] += int(size)
	}
	for i, sz := range bodies {
		n := names[imported+i]
		if n == "" {
			n = fmt.Sprintf("func[%d]", imported+i)
		}
		out.funcs[n] += sz
	}
	return out, nil
}

func readUvarintString(s *bytes.Reader) string {
	n, _ := binary.ReadUvarint(s)
	b := make([]byte, n)
	io.ReadFull(s, b)
	return string(b)
}

// readFuncNames reads subsection 1 (function names) of the name section.
func readFuncNames(s *bytes.Reader, names map[int]string) {
	for s.Len() > 0 {
		id, _ := s.ReadByte()
		size, _ := binary.ReadUvarint(s)
		if id != 1 {
			s.Seek(int64(size), io.SeekCurrent)
			continue
		}
		n, _ := binary.ReadUvarint(s)
		for range n {
			idx, _ := binary.ReadUvarint(s)
			names[int(idx)] = readUvarintString(s)
		}
	}
}

// countFuncImports counts the imported functions: they come first in the
// function index space.
func countFuncImports(s *bytes.Reader) int {
	n, _ := binary.ReadUvarint(s)
	funcs := 0
	for range n {
		readUvarintString(s)
		readUvarintString(s)
		kind, _ := s.ReadByte()
		switch kind {
		case 0: // func: type index
			binary.ReadUvarint(s)
			funcs++
		case 1: // table: reftype, limits
			s.ReadByte()
			skipLimits(s)
		case 2: // memory: limits
			skipLimits(s)
		case 3: // global: valtype, mut
			s.ReadByte()
			s.ReadByte()
		}
	}
	return funcs
}

func skipLimits(s *bytes.Reader) {
	flag, _ := s.ReadByte()
	binary.ReadUvarint(s)
	if flag&1 != 0 {
		binary.ReadUvarint(s)
	}
}

// pkgOf is the Go package of a name-section symbol. The linker writes the
// path's slashes as underscores ("github.com_gcpace_gcpace_wasm_pacer.Classify",
// "encoding_json.Marshal"): the package ends at the first dot after its
// first segment, whose own dots (a domain) do not count.
func pkgOf(sym string) string {
	from := 0
	if u := strings.IndexByte(sym, '_'); u > 0 && strings.Contains(sym[:u], ".") {
		from = u
	}
	dot := strings.IndexByte(sym[from:], '.')
	if dot < 0 {
		return sym
	}
	return sym[:from+dot]
}

// printWasmCode prints the sections, the packages by code size, and the
// biggest functions of this module's own packages (ownPrefix).
func printWasmCode(path, ownPrefix string, top int) error {
	c, err := readWasmCode(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	type kv struct {
		k string
		v int
	}
	sorted := func(m map[string]int) []kv {
		var out []kv
		for k, v := range m {
			out = append(out, kv{k, v})
		}
		slices.SortFunc(out, func(a, b kv) int { return b.v - a.v })
		return out
	}
	fmt.Fprintf(w, "== %s: sections\n", path)
	for _, e := range sorted(c.sections) {
		fmt.Fprintf(w, "  %-24s %9d B\n", e.k, e.v)
	}
	pkgs := map[string]int{}
	own, total := 0, 0
	for f, sz := range c.funcs {
		pkgs[pkgOf(f)] += sz
		total += sz
		if strings.HasPrefix(f, ownPrefix) {
			own += sz
		}
	}
	fmt.Fprintf(w, "== code by package (%d B of code; %s…: %d B)\n", total, ownPrefix, own)
	for i, e := range sorted(pkgs) {
		if i == top {
			break
		}
		fmt.Fprintf(w, "  %9d B  %s\n", e.v, e.k)
	}
	fmt.Fprintf(w, "== biggest functions of %s…\n", ownPrefix)
	n := 0
	for _, e := range sorted(c.funcs) {
		if strings.HasPrefix(e.k, ownPrefix) && n < top {
			fmt.Fprintf(w, "  %9d B  %s\n", e.v, e.k)
			n++
		}
	}
	return nil
}
