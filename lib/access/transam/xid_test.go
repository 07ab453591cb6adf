// Tests of transaction-id arithmetic.

package transam

import "testing"

func TestTransactionIdPrecedes(t *testing.T) {
	cases := []struct {
		a, b TransactionId
		want bool
	}{
		{3, 4, true},
		{4, 3, false},
		{3, 3, false},
		{1, 3, true}, // special ids precede normal ones
		{3, 2, false},
		{0, 1, true},
		{0xFFFFFFF0, 5, true}, // wraparound: 5 is "after" 0xFFFFFFF0
		{5, 0xFFFFFFF0, false},
		{3, 3 + 1<<31 - 1, true},
		{3, 3 + 1<<31 + 1, false}, // more than half the circle away: after
	}
	for _, c := range cases {
		if got := TransactionIdPrecedes(c.a, c.b); got != c.want {
			t.Errorf("TransactionIdPrecedes(%d, %d) = %v, want %v", c.a, c.b, got, c.want)
		}
		if c.a != c.b && c.a.IsNormal() && c.b.IsNormal() && c.want {
			if !TransactionIdFollows(c.b, c.a) || TransactionIdFollowsOrEquals(c.a, c.b) {
				t.Errorf("Follows inconsistent with Precedes for %d, %d", c.a, c.b)
			}
		}
	}
	if !TransactionIdPrecedesOrEquals(7, 7) || !TransactionIdFollowsOrEquals(7, 7) {
		t.Error("OrEquals variants false for equal ids")
	}
}

func TestTransactionIdAdvanceSkipsSpecial(t *testing.T) {
	if got := TransactionIdAdvance(MaxTransactionId); got != FirstNormalTransactionId {
		t.Fatalf("advance past max = %d", got)
	}
	if got := TransactionIdRetreat(FirstNormalTransactionId); got != MaxTransactionId {
		t.Fatalf("retreat from first normal = %d", got)
	}
	f := FullTransactionIdFromEpochAndXid(0, MaxTransactionId)
	n := f.Advance()
	if n.Epoch() != 1 || n.Xid() != FirstNormalTransactionId {
		t.Fatalf("full advance across epoch = %d:%d", n.Epoch(), n.Xid())
	}
	if n.Retreat() != f {
		t.Fatalf("full retreat = %x, want %x", n.Retreat(), f)
	}
	// In epoch 0 the special ids are real positions.
	if FullTransactionId(0).Advance() != 1 || FirstNormalFullTransactionId.Retreat() != 2 {
		t.Fatal("epoch 0 special ids skipped")
	}
	rel := FullTransactionIdFromEpochAndXid(5, 10)
	if got := FullXidRelativeTo(rel, 0xFFFFFFF0); got != FullTransactionIdFromEpochAndXid(4, 0xFFFFFFF0) {
		t.Fatalf("relative to next epoch: %x", got)
	}
	if got := FullXidRelativeTo(rel, 8); got != FullTransactionIdFromEpochAndXid(5, 8) {
		t.Fatalf("relative same epoch: %x", got)
	}
}
