// Summarization of committed serializable transactions
// (SummarizeOldestCommittedSxact): when a new serializable transaction
// finds every slot taken, the oldest committed one still kept leaves its
// slot. Its SIREAD locks and write targets fold into the lists of the
// summarized transactions (PostgreSQL's dummy OldCommittedSxact), its
// rw-conflicts into the summary flags of the transactions at their other
// ends, and its earliest conflict out into pg_serial under its xid.

package predicate

import (
	"fmt"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// oldReadList and oldWriteList are the summarized transactions' lists.
func (sh *Shared) oldReadList() list  { return list{&sh.hdr.oldReads, &sh.hdr.oldReadRels} }
func (sh *Shared) oldWriteList() list { return list{&sh.hdr.oldWrites, &sh.hdr.oldWriteRels} }

// summarizeOldest frees the slot of the committed transaction with the
// smallest commit sequence number, keeping what later conflicts need; it
// reports false when no slot holds a committed transaction. It needs no
// room in the lock table: the entries move, or merge into equal ones.
func (sh *Shared) summarizeOldest(o *shmem.Owner) (bool, error) {
	victim := -1
	for i := range sh.slots {
		if sh.has(i, flagCommitted) && (victim < 0 || sh.slots[i].commitSeq < sh.slots[victim].commitSeq) {
			victim = i
		}
	}
	if victim < 0 {
		return false, nil
	}
	s := &sh.slots[victim]
	conflict := transam.SerialNoConflict
	if sh.has(victim, flagConflictOut) {
		conflict = s.earliestOutConflictCommit
	}
	if s.topXid != 0 && !sh.has(victim, flagReadOnly) {
		if err := sh.serial.Add(o, transam.TransactionId(s.topXid), conflict); err != nil {
			return false, err
		}
	}
	sh.moveToOld(sh.readList(victim), sh.oldReadList(), lockEntry{db: s.db, seq: s.commitSeq})
	w := lockEntry{db: s.db, xid: s.topXid, seq: s.commitSeq}
	if s.topXid == 0 {
		// No xid to look up in pg_serial: the entries carry the
		// conflict themselves.
		w.conflict = conflict
	}
	sh.moveToOld(sh.writeList(victim), sh.oldWriteList(), w)
	// Its rw-conflicts become flags on the transactions at their other
	// ends.
	eachBit(sh.set(sh.out, victim), func(j int) bool { sh.setFlags(j, flagSummaryConflictIn); return true })
	eachBit(sh.set(sh.in, victim), func(j int) bool { sh.setFlags(j, flagSummaryConflictOut); return true })
	sh.freeSlot(victim)
	return true, nil
}

// moveToOld moves every entry of from to the summarized list to, with
// the fields of tmpl; an entry equal to one already there (same
// database, target and writer) is merged into it, keeping the later
// commit.
func (sh *Shared) moveToOld(from, to list, tmpl lockEntry) {
	for e := *from.head; e != 0; {
		next := sh.entries[e-1].next
		t := sh.entries[e-1].target
		if same := sh.findOld(to, tmpl.db, t, tmpl.xid, tmpl.conflict != 0); same != nil {
			same.seq = max(same.seq, tmpl.seq)
			same.conflict = min(same.conflict, tmpl.conflict)
			sh.entries[e-1] = lockEntry{next: sh.hdr.free}
			sh.hdr.free = e
		} else {
			en := tmpl
			en.target, en.next = t, *to.head
			sh.entries[e-1] = en
			*to.head = e
			*to.rels |= relBit(t.Rel)
		}
		e = next
	}
	*from.head, *from.rels = 0, 0
}

// findOld returns the entry of summarized list l for database db and
// target t standing for writer xid (merged: a merged entry), or nil.
func (sh *Shared) findOld(l list, db uint32, t Target, xid uint32, merged bool) *lockEntry {
	if *l.rels&relBit(t.Rel) == 0 {
		return nil
	}
	for e := *l.head; e != 0; e = sh.entries[e-1].next {
		en := &sh.entries[e-1]
		if en.db == db && en.target == t && en.xid == xid && (en.conflict != 0) == merged {
			return en
		}
	}
	return nil
}

// conflictsOutOld is the conflict-out check of a read of t against the
// summarized writers: for each concurrent one whose write t overlaps,
// what CheckForSerializableConflictOut does for an xid it finds only in
// pg_serial.
func (b *Backend) conflictsOutOld(t Target) error {
	sh, me := b.sh, b.my
	ms := &sh.slots[me]
	l := sh.oldWriteList()
	if *l.rels&relBit(t.Rel) == 0 {
		return nil
	}
	var seen map[uint32]bool
	for e := *l.head; e != 0; e = sh.entries[e-1].next {
		en := &sh.entries[e-1]
		if en.db != ms.db || en.seq <= ms.lastCommitBeforeSnapshot || !overlaps(en.target, t) {
			continue
		}
		if en.conflict == 0 && seen[en.xid] {
			continue
		}
		if seen == nil {
			seen = map[uint32]bool{}
		}
		seen[en.xid] = true
		conflict := en.conflict
		if conflict == 0 {
			var err error
			if conflict, err = sh.serial.MinConflictCommitSeqNo(b.o, transam.TransactionId(en.xid)); err != nil {
				return err
			}
		}
		if err := b.conflictOutToOld(en.xid, conflict); err != nil {
			return err
		}
	}
	return nil
}

// conflictOutToOld records an rw-conflict out to summarized transaction
// xid, whose pg_serial value is conflict: a dangerous structure if xid
// had a conflict out itself (to a transaction that committed first) or
// if this transaction has a conflict in.
func (b *Backend) conflictOutToOld(xid uint32, conflict uint64) error {
	sh, me := b.sh, b.my
	if conflict == 0 {
		// Older than every running serializable transaction.
		return nil
	}
	if conflict != transam.SerialNoConflict &&
		(!sh.has(me, flagReadOnly) || conflict <= sh.slots[me].lastCommitBeforeSnapshot) {
		return serializationError(fmt.Sprintf("Canceled on conflict out to old pivot %d.", xid))
	}
	if sh.has(me, flagSummaryConflictIn) || !bitEmpty(sh.set(sh.in, me)) {
		return serializationError(fmt.Sprintf("Canceled on identification as a pivot, with conflict out to old committed transaction %d.", xid))
	}
	sh.setFlags(me, flagSummaryConflictOut)
	return nil
}

// conflictInFromOld is the conflict-in check of a write to relation rel
// against the summarized SIREAD locks: readIt tells whether an entry
// covers what is written. A summarized reader concurrent with the writer (it committed
// after the writer's snapshot) has an rw-conflict into it, recorded as
// flagSummaryConflictIn; with a conflict out to a summarized transaction
// too, the writer is a pivot.
func (b *Backend) conflictInFromOld(rel uint32, readIt func(t Target) bool) error {
	sh, me := b.sh, b.my
	ms := &sh.slots[me]
	if sh.has(me, flagSummaryConflictIn) || sh.hdr.oldReadRels&relBit(rel) == 0 {
		return nil
	}
	found := false
	for e := sh.hdr.oldReads; e != 0 && !found; e = sh.entries[e-1].next {
		en := &sh.entries[e-1]
		found = en.db == ms.db && en.seq > ms.lastCommitBeforeSnapshot && readIt(en.target)
	}
	if !found {
		return nil
	}
	if sh.has(me, flagSummaryConflictOut) {
		return serializationError("Canceled on identification as a pivot, during write.")
	}
	sh.setFlags(me, flagSummaryConflictIn)
	return nil
}

// materialize gives a summarized write entry standing for one writer the
// writer's pg_serial value, so that it may merge with others. A failed
// lookup counts as the earliest possible conflict: merging errs towards
// more conflicts.
func (sh *Shared) materialize(o *shmem.Owner, en *lockEntry) {
	if en.conflict != 0 {
		return
	}
	c, err := sh.serial.MinConflictCommitSeqNo(o, transam.TransactionId(en.xid))
	switch {
	case err != nil:
		c = 1
	case c == 0:
		c = transam.SerialNoConflict
	}
	en.conflict = c
}

type oldKey struct {
	db     uint32
	target Target
	xid    uint32
	merged bool
}

// rewriteOld changes the target of every summarized entry that to maps
// (ok true) to the one it returns, then merges the entries that are
// equal: same database and target, and for write entries the same
// writer — or, with mergeWriters, any writers once one of the entries
// is rewritten or merged already (the merged entry keeps the latest
// writer's xid, the latest commit and the smallest conflict). It needs
// no room and frees what merges.
func (sh *Shared) rewriteOld(o *shmem.Owner, to func(e *lockEntry) (Target, bool), mergeWriters bool) {
	for _, writes := range []bool{false, true} {
		l := sh.oldReadList()
		if writes {
			l = sh.oldWriteList()
		}
		for e := *l.head; e != 0; e = sh.entries[e-1].next {
			en := &sh.entries[e-1]
			if t, change := to(en); change {
				if writes && mergeWriters {
					sh.materialize(o, en)
				}
				en.target = t
				*l.rels |= relBit(t.Rel)
			}
		}
		key := func(en *lockEntry) oldKey {
			switch {
			case !writes:
				return oldKey{db: en.db, target: en.target}
			case mergeWriters && en.conflict != 0:
				return oldKey{db: en.db, target: en.target, merged: true}
			}
			return oldKey{db: en.db, target: en.target, xid: en.xid, merged: en.conflict != 0}
		}
		first := map[oldKey]*lockEntry{}
		sh.removeEntriesIf(l, func(en *lockEntry) bool {
			k := key(en)
			keep, ok := first[k]
			if !ok {
				first[k] = en
				return false
			}
			if writes {
				if en.seq > keep.seq {
					keep.xid = en.xid
				}
				keep.conflict = min(keep.conflict, en.conflict)
			}
			keep.seq = max(keep.seq, en.seq)
			return true
		})
	}
}

// compactOld makes room in a full lock table by coarsening the
// summarized entries (their PredicateLockPromotion): tuple entries
// become page entries, and if that frees nothing, page entries become
// relation entries, writers merged. Coarser entries only add conflicts.
func (sh *Shared) compactOld(o *shmem.Owner) bool {
	sh.rewriteOld(o, func(en *lockEntry) (Target, bool) {
		return en.target.parent(), en.target.isTuple()
	}, true)
	if sh.hdr.free != 0 {
		return true
	}
	sh.rewriteOld(o, func(en *lockEntry) (Target, bool) {
		return RelationTarget(en.target.Rel), en.target.isPage()
	}, true)
	return sh.hdr.free != 0
}

// noteActiveXmin tells pg_serial the oldest xmin of the running
// serializable transactions when it changed (SetNewSxactGlobalXmin):
// summarized xids before it are never looked up again.
func (sh *Shared) noteActiveXmin(o *shmem.Owner) {
	var oldest transam.TransactionId
	for i := range sh.slots {
		x := transam.TransactionId(sh.slots[i].xmin)
		if sh.active(i) && x.IsValid() && (!oldest.IsValid() || transam.TransactionIdPrecedes(x, oldest)) {
			oldest = x
		}
	}
	if uint32(oldest) != sh.hdr.serialXmin {
		sh.hdr.serialXmin = uint32(oldest)
		sh.serial.SetActiveXmin(o, oldest)
	}
}

// CheckPoint is CheckPointPredicate: pg_serial's pages before the oldest
// running serializable transaction's xmin go.
func (sh *Shared) CheckPoint(o *shmem.Owner) error { return sh.serial.CheckPoint(o) }
