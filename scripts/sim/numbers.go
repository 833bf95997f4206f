package sim

import (
	"fmt"
	"regexp"
	"strconv"
)

// Pool is a DID pool: a range of numbers the org owns. A number must lie in
// one before an IVR may hold it.
type Pool struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	StartNumber string `json:"startPhoneNumber"`
	EndNumber   string `json:"endPhoneNumber"`
	lo, hi      int64
	external    bool // the numbers "someone else" uses in external edits
}

const poolSize = 1000

// areaCodes are Indiana's; numbers read +1 AAA 555 XXXX.
var areaCodes = []int64{317, 463, 765, 260, 574, 812, 219, 930}

// unpooledNumber is valid E.164 and in no pool (area code 415 is never used).
const unpooledNumber = "+14155550100"

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

// poolBase is the first number of the pth pool: ten pools of a thousand per
// area code's 555 exchange, then the 556 exchange, and so on.
func poolBase(p int) int64 {
	area := areaCodes[(p/10)%len(areaCodes)]
	exchange := int64(555 + p/(10*len(areaCodes)))
	return 1_000_000_0000 + area*1_000_0000 + exchange*1_0000 + int64(p%10)*poolSize
}

func formatNumber(n int64) string { return "+" + strconv.FormatInt(n, 10) }

func parseNumber(s string) (int64, bool) {
	if !e164.MatchString(s) {
		return 0, false
	}
	n, err := strconv.ParseInt(s[1:], 10, 64)
	return n, err == nil
}

// numbers is the org's number plan: its pools and who holds what.
type numbers struct {
	pools  []Pool
	holder map[string]string // number → IVR id, or userHolder
}

const userHolder = "user"

func newNumbers(pools int, newID func() string) *numbers {
	ns := &numbers{holder: map[string]string{}}
	for p := range pools {
		lo := poolBase(p)
		pl := Pool{
			ID:          newID(),
			Description: fmt.Sprintf("Main DIDs %d", p+1),
			StartNumber: formatNumber(lo),
			EndNumber:   formatNumber(lo + poolSize - 1),
			lo:          lo,
			hi:          lo + poolSize - 1,
		}
		if p == pools-1 {
			pl.Description, pl.external = "Marketing tracking numbers", true
		}
		ns.pools = append(ns.pools, pl)
	}
	return ns
}

// pool returns the pool holding number, if any.
func (ns *numbers) pool(number string) (*Pool, bool) {
	n, ok := parseNumber(number)
	if !ok {
		return nil, false
	}
	for i := range ns.pools {
		if p := &ns.pools[i]; n >= p.lo && n <= p.hi {
			return p, true
		}
	}
	return nil, false
}

// nth returns the ith number of the pools that are not external, in order.
func (ns *numbers) nth(i int) string {
	return formatNumber(ns.pools[i/poolSize].lo + int64(i%poolSize))
}

// capacity is how many numbers the pools that are not external hold.
func (ns *numbers) capacity() int { return (len(ns.pools) - 1) * poolSize }

func (ns *numbers) free(n int) []string {
	var out []string
	for i := 0; i < ns.capacity() && len(out) < n; i++ {
		if num := ns.nth(i); ns.holder[num] == "" {
			out = append(out, num)
		}
	}
	return out
}

// externalFree returns the first number of the external pool held by nobody.
func (ns *numbers) externalFree() (string, bool) {
	p := ns.pools[len(ns.pools)-1]
	for n := p.lo; n <= p.hi; n++ {
		if num := formatNumber(n); ns.holder[num] == "" {
			return num, true
		}
	}
	return "", false
}

func (ns *numbers) isExternal(number string) bool {
	p, ok := ns.pool(number)
	return ok && p.external
}

// take records that holder now holds exactly nums instead of old.
func (ns *numbers) take(holder string, old, nums []string) {
	for _, n := range old {
		if ns.holder[n] == holder {
			delete(ns.holder, n)
		}
	}
	for _, n := range nums {
		ns.holder[n] = holder
	}
}
