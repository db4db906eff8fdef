package emulator

import (
	"strconv"
	"testing"
	"time"
)

func TestAddTokenBoundsMemoryPerUser(t *testing.T) {
	st := newState()
	a := &account{}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	first := "t0"
	addToken(st.access, &a.access, first, &token{user: a, expires: now.Add(time.Hour)}, now)
	for i := 1; i < maxTokensPerUser+10; i++ {
		addToken(st.access, &a.access, "t"+strconv.Itoa(i), &token{user: a, expires: now.Add(time.Hour)}, now)
	}
	if len(st.access) != maxTokensPerUser || a.access.len() != maxTokensPerUser {
		t.Errorf("live tokens = %d (queue %d), want cap %d", len(st.access), a.access.len(), maxTokensPerUser)
	}
	if st.access[first] != nil {
		t.Error("oldest token not evicted")
	}
	// Long-expired tokens are pruned on the next issue.
	later := now.Add(time.Hour + expiredGrace)
	addToken(st.access, &a.access, "fresh", &token{user: a, expires: later.Add(time.Hour)}, later)
	if len(st.access) != 1 || a.access.len() != 1 || len(a.access.q) > 64 {
		t.Errorf("after expiry: %d live, queue %d (backing %d)", len(st.access), a.access.len(), len(a.access.q))
	}
}

func TestAddCodePrunesExpiredAndConsumed(t *testing.T) {
	st := newState()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 100 {
		st.addCode("c"+strconv.Itoa(i), &authCode{expires: now.Add(time.Minute)}, now)
	}
	st.takeCode("c0")
	later := now.Add(time.Minute)
	st.addCode("new", &authCode{expires: later.Add(time.Minute)}, later)
	if len(st.codes) != 1 || st.codeOrder.len() != 1 {
		t.Errorf("codes = %d, queue %d; want only the new one", len(st.codes), st.codeOrder.len())
	}
}

func TestRevokeAll(t *testing.T) {
	st := newState()
	a, b := &account{}, &account{}
	now := time.Now()
	addToken(st.access, &a.access, "a1", &token{user: a, expires: now.Add(time.Hour)}, now)
	addToken(st.refresh, &a.refresh, "a2", &token{user: a, expires: now.Add(time.Hour)}, now)
	addToken(st.access, &b.access, "b1", &token{user: b, expires: now.Add(time.Hour)}, now)
	st.revokeAll(a)
	if st.access["a1"] != nil || st.refresh["a2"] != nil || st.access["b1"] == nil {
		t.Errorf("revokeAll: access %v refresh %v", st.access, st.refresh)
	}
}

// Codes exchanged at once must not count against the cap of pending codes,
// nor pile up in the order queue behind one pending code.
func TestExchangedCodesDoNotEvictPendingOnes(t *testing.T) {
	st := newState()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	st.addCode("pending", &authCode{expires: now.Add(time.Minute)}, now)
	for i := range 2*maxPendingCodes + 10 {
		k := "c" + strconv.Itoa(i)
		st.addCode(k, &authCode{expires: now.Add(time.Minute)}, now)
		st.takeCode(k)
	}
	if st.takeCode("pending") == nil {
		t.Error("a pending code was evicted by codes that were already exchanged")
	}
	if n := st.codeOrder.len(); n > 2*maxPendingCodes {
		t.Errorf("order queue holds %d entries", n)
	}
}
