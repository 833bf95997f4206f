package sim

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSeedIsDeterministic(t *testing.T) {
	a, b, c := New(Options{Seed: 7}), New(Options{Seed: 7}), New(Options{Seed: 8})
	if !reflect.DeepEqual(a.IVRs(), b.IVRs()) {
		t.Error("same seed, different IVRs")
	}
	if !reflect.DeepEqual(a.User(), b.User()) || !reflect.DeepEqual(a.Pools(), b.Pools()) {
		t.Error("same seed, different user or pools")
	}
	if !reflect.DeepEqual(a.FreeNumbers(50), b.FreeNumbers(50)) {
		t.Error("same seed, different free numbers")
	}
	if reflect.DeepEqual(a.IVRs(), c.IVRs()) {
		t.Error("different seeds, same IVRs")
	}
}

func TestOrgInvariants(t *testing.T) {
	for _, n := range []int{0, 13, 250, 1000} {
		s := New(Options{Seed: 1, IVRs: n})
		ivrs := s.IVRs()
		want := n
		if n == 0 {
			want = 250
		}
		if len(ivrs) != want {
			t.Fatalf("IVRs=%d: got %d IVRs", n, len(ivrs))
		}
		holders := map[string]string{s.User().Number: "user"}
		names := map[string]int{}
		var deleted, withGroup, withHTML int
		for _, v := range ivrs {
			names[v.Name]++
			if strings.Contains(v.Name, "<img") {
				withHTML++
			}
			if v.State == StateDeleted {
				deleted++
				if len(v.DNIS) > 0 {
					t.Errorf("deleted IVR %s holds numbers %v", v.ID, v.DNIS)
				}
			}
			if v.ScheduleGroup != nil {
				withGroup++
				if v.OpenHoursFlow == nil || v.ClosedHoursFlow == nil {
					t.Errorf("IVR %s has a schedule group but not both flows", v.ID)
				}
			}
			if len(v.DNIS) > 5 {
				t.Errorf("IVR %s holds %d numbers", v.ID, len(v.DNIS))
			}
			if v.Division == nil || v.Division.Name != "Home" || v.Version < 1 || v.SelfURI != ivrsPath+"/"+v.ID {
				t.Errorf("IVR %s: division %v, version %d, selfUri %q", v.ID, v.Division, v.Version, v.SelfURI)
			}
			for _, num := range v.DNIS {
				if h, ok := holders[num]; ok {
					t.Errorf("%s held by %s and %s", num, h, v.ID)
				}
				holders[num] = v.ID
				if !s.inPoolLocked(num) {
					t.Errorf("%s of IVR %s is in no pool", num, v.ID)
				}
			}
		}
		if withHTML != 1 || names[htmlName2] != 1 {
			t.Errorf("IVRs=%d: want one name with <img and one %q", n, htmlName2)
		}
		dup := 0
		for _, k := range names {
			if k > 1 {
				dup++
			}
		}
		if dup != 1 {
			t.Errorf("IVRs=%d: %d names are shared, want 1", n, dup)
		}
		if n >= 250 && (deleted == 0 || withGroup < want/2) {
			t.Errorf("IVRs=%d: %d deleted, %d with schedule groups", n, deleted, withGroup)
		}
		free := s.FreeNumbers(3000)
		if len(free) < 2000 {
			t.Errorf("IVRs=%d: only %d free numbers", n, len(free))
		}
		for _, num := range free {
			if _, ok := holders[num]; ok || !s.inPoolLocked(num) || !strings.HasPrefix(num, "+1") || len(num) != 12 {
				t.Fatalf("free number %s is held, unpooled or malformed", num)
			}
		}
		if s.inPoolLocked(s.UnpooledNumber()) {
			t.Errorf("UnpooledNumber %s is in a pool", s.UnpooledNumber())
		}
	}
}

func (s *Server) inPoolLocked(n string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inPool(n)
}

func TestTenThousandIVRs(t *testing.T) {
	start := time.Now()
	c := newClient(t, Options{Seed: 3, IVRs: 10000})
	built := time.Since(start)
	if built > 2*time.Second {
		t.Errorf("building 10000 IVRs took %v", built)
	}
	var p IVRPage
	c.get(ivrsPath+"?pageSize=100&pageNumber=50").json(t, &p)
	if len(p.Entities) != 100 || p.Total < 9000 || p.PageCount != (p.Total+99)/100 {
		t.Errorf("page 50: %d entities, total %d, pageCount %d", len(p.Entities), p.Total, p.PageCount)
	}
	t.Logf("built 10000 IVRs in %v", built)
}
