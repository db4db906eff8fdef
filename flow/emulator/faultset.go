package emulator

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// maxFaults bounds the armed faults, so the admin API can't grow memory
// without limit.
const maxFaults = 100

// armed is a fault in force.
type armed struct {
	id    int
	f     Fault
	spec  string    // f.String(), logged with each request it fires on
	left  int       // fires left when f.Times > 0
	until time.Time // end when f.For > 0
	hits  int
}

// live reports whether a can still fire at now.
func (a *armed) live(now time.Time) bool {
	return (a.f.Times == 0 || a.left > 0) && (a.until.IsZero() || now.Before(a.until))
}

// faultSet is the armed faults in arming order; safe for concurrent use.
type faultSet struct {
	mu   sync.Mutex
	next int
	list []*armed
}

// add arms f at now and returns its id.
func (s *faultSet) add(f Fault, now time.Time) (int, error) {
	if err := f.validate(); err != nil {
		return 0, err
	}
	if f.Error != "" {
		f.Error = strings.ToUpper(f.Error)
	}
	f.RequiredScopes = slices.Clone(f.RequiredScopes)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prune(now)
	if len(s.list) >= maxFaults {
		return 0, fmt.Errorf("fault: %d faults armed already; remove some first", maxFaults)
	}
	s.next++
	a := &armed{id: s.next, f: f, spec: f.String(), left: f.Times}
	if f.For > 0 {
		a.until = now.Add(f.For)
	}
	s.list = append(s.list, a)
	return a.id, nil
}

// take fires the earliest live fault matching path, if any, and returns a
// copy of it and its one-line form.
func (s *faultSet) take(path string, now time.Time) (Fault, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.list) == 0 {
		return Fault{}, "", false
	}
	s.prune(now)
	for _, a := range s.list {
		if !a.f.matches(path) || !a.f.fitsHost(path) {
			continue
		}
		a.hits++
		if a.f.Times > 0 {
			a.left--
		}
		return a.f, a.spec, true
	}
	return Fault{}, "", false
}

// fitsHost reports whether a Kakao error fault can answer on path: a
// prefix target such as "/*" covers both hosts, but a KOE code only
// answers on kauth paths and an API code only on kapi ones.
func (f Fault) fitsHost(path string) bool {
	if f.Error == "" {
		return true
	}
	k, _ := lookupKakaoError(f.Error)
	return k.kauth() == isAuthPath(path)
}

// prune drops faults that can no longer fire. Caller holds s.mu.
func (s *faultSet) prune(now time.Time) {
	s.list = slices.DeleteFunc(s.list, func(a *armed) bool { return !a.live(now) })
}

// remove disarms fault id and reports whether it was armed.
func (s *faultSet) remove(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.list)
	s.list = slices.DeleteFunc(s.list, func(a *armed) bool { return a.id == id })
	return len(s.list) < n
}

// reset disarms every fault, restarts the ids and arms fs.
func (s *faultSet) reset(fs []Fault, now time.Time) {
	s.mu.Lock()
	s.list, s.next = nil, 0
	s.mu.Unlock()
	for _, f := range fs {
		_, _ = s.add(f, now) // validated by New
	}
}

// snapshot copies the live faults.
func (s *faultSet) snapshot(now time.Time) []armed {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prune(now)
	out := make([]armed, len(s.list))
	for i, a := range s.list {
		out[i] = *a
	}
	return out
}

// AddFault arms f and returns its id, for RemoveFault and the admin API's
// listing. It returns an error for an invalid fault (see Fault) or when
// 100 faults are armed already.
func (e *Emulator) AddFault(f Fault) (int, error) { return e.faults.add(f, e.Now()) }

// RemoveFault disarms the fault with id and reports whether it was armed.
func (e *Emulator) RemoveFault(id int) bool { return e.faults.remove(id) }

// ClearFaults disarms every fault, including those of Config.Faults
// (Reset re-arms those).
func (e *Emulator) ClearFaults() { e.faults.reset(nil, e.Now()) }
