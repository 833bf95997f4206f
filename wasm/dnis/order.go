package dnis

import (
	"container/heap"
	"fmt"
	"slices"
)

// MaxAddsPerJob caps the numbers one PUT adds to an IVR. CX-as-Code sends at
// most 50 new numbers per IVR update (GENESYS.md); a bigger add is split into
// several jobs for that IVR, each After the one before.
const MaxAddsPerJob = 50

// part is the work of one IVR that goes out as one job, or as a chain of
// jobs when it adds more than MaxAddsPerJob numbers.
type part struct {
	ivr     int
	key     int // input position of the IVR's first edit: jobs keep input order
	sub     int // 0 for the remove-only half of a split IVR, 1 otherwise
	adds    []edit
	removes []string
	needs   []int // parts that must land first
}

// orderJobs turns checked edits into jobs.
//
// Each IVR's edits become one job (one PUT), so removes and adds on one IVR
// land together. An add that moves a number needs the job removing it from
// the other IVR to land first. When those needs form a cycle (two IVRs
// swapping numbers, or a longer ring), no order of whole-IVR jobs works, so
// an IVR on the cycle is split into a remove-only job, which needs nothing,
// and an add job that comes after it; removing the IVR's numbers earlier is
// safe because the adds that need them only wait for it. Each split costs one
// extra PUT, so IVRs are split one at a time — the one with the most needs in
// and out of its cycle, the earliest on a tie — until no cycle is left.
//
// Jobs are then listed in input order as far as the needs allow (a
// topological order, earliest input first), and parts adding more than
// MaxAddsPerJob numbers become chains; the first job of a chain carries the
// IVR's removes, so a job needing them waits only for that one.
func orderJobs(ivrs []IVR, edits []edit) []PlannedJob {
	parts, removesOf := groupParts(edits)
	for {
		link(parts, removesOf)
		cycle := firstCycle(parts)
		if cycle == nil {
			break
		}
		v := pickSplit(parts, cycle)
		r := len(parts)
		parts = append(parts, &part{ivr: parts[v].ivr, key: parts[v].key, sub: 0, removes: parts[v].removes})
		parts[v].removes = nil
		removesOf[parts[v].ivr] = r
	}
	// The add half of a split IVR also waits for its remove half: both
	// would otherwise read the IVR ahead of the other's PUT and meet a
	// version conflict for nothing.
	for i, p := range parts {
		if r, ok := removesOf[p.ivr]; ok && r != i && p.sub == 1 {
			p.needs = appendOnce(p.needs, r)
		}
	}
	return chunkJobs(ivrs, parts, topoOrder(parts), removesOf)
}

// groupParts makes one part per IVR, in input order.
func groupParts(edits []edit) ([]*part, map[int]int) {
	var parts []*part
	byIVR := map[int]int{}
	removesOf := map[int]int{}
	for k, e := range edits {
		i, ok := byIVR[e.ivr]
		if !ok {
			i = len(parts)
			byIVR[e.ivr] = i
			parts = append(parts, &part{ivr: e.ivr, key: k, sub: 1})
		}
		if e.Action == Add {
			parts[i].adds = append(parts[i].adds, e)
		} else {
			parts[i].removes = append(parts[i].removes, e.number)
			removesOf[e.ivr] = i
		}
	}
	return parts, removesOf
}

// link recomputes each part's needs from its moves.
func link(parts []*part, removesOf map[int]int) {
	for _, p := range parts {
		p.needs = p.needs[:0]
		for _, e := range p.adds {
			for _, from := range e.from {
				p.needs = appendOnce(p.needs, removesOf[from])
			}
		}
	}
}

// firstCycle returns the parts of the first strongly connected component
// (Tarjan) with more than one part, or nil when the needs are acyclic.
func firstCycle(parts []*part) []int {
	n := len(parts)
	index := make([]int, n)
	low := make([]int, n)
	on := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var found []int
	next := 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		on[v] = true
		for _, w := range parts[v].needs {
			if index[w] < 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if on[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var scc []int
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			on[w] = false
			scc = append(scc, w)
			if w == v {
				break
			}
		}
		if len(scc) > 1 && found == nil {
			found = scc
		}
	}
	for v := range parts {
		if index[v] < 0 && found == nil {
			visit(v)
		}
	}
	return found
}

// pickSplit chooses the part of a cycle to split: the one with the most
// needs within the cycle, in times out, so one split breaks the most
// cycles; the earliest in input order on a tie.
func pickSplit(parts []*part, cycle []int) int {
	in := map[int]bool{}
	for _, v := range cycle {
		in[v] = true
	}
	deg := map[int][2]int{}
	for _, v := range cycle {
		for _, w := range parts[v].needs {
			if in[w] {
				d := deg[v]
				d[1]++
				deg[v] = d
				d = deg[w]
				d[0]++
				deg[w] = d
			}
		}
	}
	best := -1
	for _, v := range cycle {
		score := deg[v][0] * deg[v][1]
		if best < 0 || score > deg[best][0]*deg[best][1] ||
			score == deg[best][0]*deg[best][1] && parts[v].key < parts[best].key {
			best = v
		}
	}
	return best
}

// topoOrder lists parts so each comes after what it needs, earliest input
// first among those ready (Kahn's algorithm with a heap).
func topoOrder(parts []*part) []int {
	waiting := make([]int, len(parts))
	neededBy := make([][]int, len(parts))
	for v, p := range parts {
		waiting[v] = len(p.needs)
		for _, w := range p.needs {
			neededBy[w] = append(neededBy[w], v)
		}
	}
	ready := &partHeap{parts: parts}
	for v := range parts {
		if waiting[v] == 0 {
			heap.Push(ready, v)
		}
	}
	var order []int
	for ready.Len() > 0 {
		v := heap.Pop(ready).(int)
		order = append(order, v)
		for _, u := range neededBy[v] {
			if waiting[u]--; waiting[u] == 0 {
				heap.Push(ready, u)
			}
		}
	}
	if len(order) != len(parts) {
		// orderJobs splits until no cycle is left, so this is a bug here,
		// not bad input.
		panic("dnis: job order has a cycle")
	}
	return order
}

type partHeap struct {
	parts []*part
	v     []int
}

func (h *partHeap) Len() int { return len(h.v) }
func (h *partHeap) Less(i, j int) bool {
	a, b := h.parts[h.v[i]], h.parts[h.v[j]]
	if a.key != b.key {
		return a.key < b.key
	}
	return a.sub < b.sub
}
func (h *partHeap) Swap(i, j int) { h.v[i], h.v[j] = h.v[j], h.v[i] }
func (h *partHeap) Push(x any)    { h.v = append(h.v, x.(int)) }
func (h *partHeap) Pop() any {
	x := h.v[len(h.v)-1]
	h.v = h.v[:len(h.v)-1]
	return x
}

// chunkJobs emits the parts in order, each as one job or a chain of jobs of
// at most MaxAddsPerJob adds; the chain's first job carries the removes.
func chunkJobs(ivrs []IVR, parts []*part, order []int, removesOf map[int]int) []PlannedJob {
	var jobs []PlannedJob
	first := make([]int, len(parts)) // part → index of its first job
	for _, v := range order {
		p := parts[v]
		first[v] = len(jobs)
		adds := p.adds
		for k := 0; k == 0 || len(adds) > 0; k++ {
			n := min(len(adds), MaxAddsPerJob)
			chunk := adds[:n]
			adds = adds[n:]
			job := PlannedJob{ID: jobID(len(jobs)), Intent: Intent{IVRID: ivrs[p.ivr].ID}}
			var after []int
			if k == 0 {
				job.Intent.Remove = slices.Clone(p.removes)
				for _, w := range p.needs {
					if parts[w].ivr == p.ivr {
						after = appendOnce(after, first[w])
					}
				}
			} else {
				after = append(after, len(jobs)-1)
			}
			for _, e := range chunk {
				job.Intent.Add = append(job.Intent.Add, e.number)
				for _, from := range e.from {
					after = appendOnce(after, first[removesOf[from]])
				}
			}
			slices.Sort(after)
			for _, j := range after {
				job.After = append(job.After, jobID(j))
			}
			jobs = append(jobs, job)
		}
	}
	return jobs
}

func jobID(i int) string { return fmt.Sprintf("j%d", i+1) }

func appendOnce(xs []int, x int) []int {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
