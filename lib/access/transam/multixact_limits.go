// Multixact wraparound limits (PostgreSQL 15's SetMultiXactIdLimit and
// the checks at the start of GetNewMultiXactId): like transaction ids,
// MultiXactIds are compared modulo 2^32, so a multixact left in a row
// for more than 2^31 assignments would seem to come from the future.
// The oldest datminmxid of all databases sets the limits: 40 million
// before wraparound each new multixact warns, 3 million before it none
// is created any more (54000), and past autovacuum_multixact_freeze_max_age
// anti-wraparound autovacuums are due. Member space is limited too: a
// multixact whose members would reach the segment before the oldest kept
// member is refused (54000, multixact "members" limit exceeded), and
// within 20 segments of that each new one warns.

package transam

import (
	"fmt"
	"math"
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// Distances before the wrap limit where new multixacts warn and stop
// (PostgreSQL 14 and later use the same margins as for xids).
const (
	multiStopMargin = 3000000
	multiWarnMargin = 40000000
)

// SetMultiXactIdLimit records the limits derived from oldest, the oldest
// datminmxid of any database, db the database holding it
// (SetMultiXactIdLimit). freezeMaxAge is
// autovacuum_multixact_freeze_max_age.
func (m *Manager) SetMultiXactIdLimit(o *shmem.Owner, oldest MultiXactId, db uint32, freezeMaxAge int64) {
	if !oldest.IsValid() {
		return
	}
	wrap := oldest + MultiXactId(MaxMultiXactId>>1)
	if wrap < FirstMultiXactId {
		wrap += FirstMultiXactId
	}
	stop := wrap - multiStopMargin
	if stop < FirstMultiXactId {
		stop -= FirstMultiXactId
	}
	warn := wrap - multiWarnMargin
	if warn < FirstMultiXactId {
		warn -= FirstMultiXactId
	}
	vac := oldest + MultiXactId(freezeMaxAge)
	if vac < FirstMultiXactId {
		vac += FirstMultiXactId
	}
	v := m.multi
	v.genLock.Lock(o)
	v.limitDB = db
	v.multiVacLimit, v.multiWarnLimit, v.multiStopLimit, v.multiWrapLimit = uint32(vac), uint32(warn), uint32(stop), uint32(wrap)
	oldestKept, next, nextOffset := MultiXactId(v.oldestMulti), MultiXactId(v.nextMulti), MultiXactOffset(v.nextOffset)
	v.genLock.Unlock(o)
	m.setOffsetStopLimit(o, oldestKept, next, nextOffset)
}

// membersPerSegment is the member space of one pg_multixact/members
// segment.
const membersPerSegment = MultiXactMembersPerPage * slruPagesPerSegment

// setOffsetStopLimit is SetOffsetVacuumLimit's stop limit: member space
// ends a segment before the one holding the oldest kept multixact's
// members. When that offset cannot be read the limit stays unknown.
func (m *Manager) setOffsetStopLimit(o *shmem.Owner, oldest, next MultiXactId, nextOffset MultiXactOffset) {
	off := nextOffset
	if oldest != next {
		var err error
		if off, err = m.multiOffsetOf(o, oldest); err != nil || off == 0 {
			return
		}
	}
	stop := uint32(off) - uint32(off)%membersPerSegment - membersPerSegment
	v := m.multi
	v.genLock.Lock(o)
	v.offsetStopLimit, v.offsetLimitKnown, v.oldestOffset = stop, 1, uint32(off)
	v.genLock.Unlock(o)
}

// Member space use past which autovacuum treats multixacts as older than
// they are (MULTIXACT_MEMBER_SAFE_THRESHOLD), and where it treats all of
// them as due (MULTIXACT_MEMBER_DANGER_THRESHOLD).
const (
	memberSafeThreshold   = math.MaxUint32 / 2
	memberDangerThreshold = math.MaxUint32 - math.MaxUint32/4
)

// MultiXactMemberFreezeThreshold is the multixact age past which
// autovacuum and VACUUM treat a table as due for freezing
// (MultiXactMemberFreezeThreshold): freezeMaxAge
// (autovacuum_multixact_freeze_max_age) while at most half the member
// space is in use; beyond that, a share of the multixacts in use that
// grows with the member space until, at three quarters, every one of them
// counts as too old. Member space runs out long before multixact ids when
// multixacts are big (many sharers of a row), and only freezing and
// truncation win it back. While the oldest member's offset is not known
// yet (before the limits were first set), freezeMaxAge.
func (m *Manager) MultiXactMemberFreezeThreshold(o *shmem.Owner, freezeMaxAge int64) int64 {
	v := m.multi
	v.genLock.RLock(o)
	known := v.offsetLimitKnown != 0
	multis := int64(v.nextMulti - v.oldestMulti)
	members := int64(v.nextOffset - v.oldestOffset)
	v.genLock.RUnlock(o)
	if !known || members <= memberSafeThreshold {
		return freezeMaxAge
	}
	fraction := float64(members-memberSafeThreshold) / float64(memberDangerThreshold-memberSafeThreshold)
	victims := int64(float64(multis) * fraction)
	if victims > multis {
		return 0
	}
	return multis - victims
}

// offsetWarnSegments is OFFSET_WARN_SEGMENTS: within this many member
// segments of the member space's end, each new multixact warns.
const offsetWarnSegments = 20

// MultiXactMembersWarning is GetNewMultiXactId's warning that member
// space is running out: n more members would come within
// offsetWarnSegments segments of its end. Nil otherwise, or when the end
// is not known.
func (m *Manager) MultiXactMembersWarning(o *shmem.Owner, n int) *pgerr.Error {
	v := m.multi
	v.genLock.RLock(o)
	known, stop, next, db := v.offsetLimitKnown != 0, MultiXactOffset(v.offsetStopLimit), MultiXactOffset(v.nextOffset), v.oldestMultiDB
	v.genLock.RUnlock(o)
	if !known || !offsetWouldWrap(stop, next, uint32(n)+membersPerSegment*offsetWarnSegments) {
		return nil
	}
	left := int32(uint32(stop) - uint32(next) + uint32(n))
	unit := "members are"
	if left == 1 {
		unit = "member is"
	}
	return pgerr.New(pgerr.Warning, fmt.Sprintf("database with OID %d must be vacuumed before %d more multixact %s used", db, left, unit)).
		WithSeverity(pgerr.SeverityWarning).
		WithHint("Execute a database-wide VACUUM in that database with reduced vacuum_multixact_freeze_min_age and vacuum_multixact_freeze_table_age settings.")
}

// offsetWouldWrap is MultiXactOffsetWouldWrap: would n members from
// start reach boundary (offset 0 is skipped)?
func offsetWouldWrap(boundary, start MultiXactOffset, n uint32) bool {
	finish := start + MultiXactOffset(n)
	if finish < start {
		finish++
	}
	if start < boundary {
		return finish >= boundary || finish < start
	}
	return finish >= boundary && finish < start
}

// MultiWraparoundState says where the next multixact stands against the
// limits: past the stop limit (none may be created), past the warning
// limit (Remaining are left before wraparound), past the vacuum limit
// (anti-wraparound vacuums are due), and the database to vacuum.
type MultiWraparoundState struct {
	Stop, Warn, VacuumDue bool
	Remaining             uint32
	Database              uint32
}

// wraparoundOf checks next against the limits; genLock held. Limits not
// yet set never trip.
func (v *multiShared) wraparoundOf(next MultiXactId) MultiWraparoundState {
	vac := MultiXactId(v.multiVacLimit)
	if !vac.IsValid() || MultiXactIdPrecedes(next, vac) {
		return MultiWraparoundState{}
	}
	return MultiWraparoundState{
		VacuumDue: true,
		Database:  v.limitDB,
		Remaining: v.multiWrapLimit - uint32(next),
		Stop:      !MultiXactIdPrecedes(next, MultiXactId(v.multiStopLimit)),
		Warn:      !MultiXactIdPrecedes(next, MultiXactId(v.multiWarnLimit)),
	}
}

// MultiXactWraparound checks the next multixact id against the limits,
// for the caller about to create one (it reports the refusal and the
// warning with the database's name).
func (m *Manager) MultiXactWraparound(o *shmem.Owner) MultiWraparoundState {
	v := m.multi
	v.genLock.RLock(o)
	defer v.genLock.RUnlock(o)
	next := MultiXactId(v.nextMulti)
	if next < FirstMultiXactId {
		next = FirstMultiXactId
	}
	return v.wraparoundOf(next)
}

const multiWrapHint = "Execute a database-wide VACUUM in that database.\nYou might also need to commit or roll back old prepared transactions, or drop stale replication slots."

// StopError is GetNewMultiXactId's refusal; where names the database
// (`database "name"`).
func (st MultiWraparoundState) StopError(where string) *pgerr.Error {
	return pgerr.Newf(pgerr.ProgramLimitExceeded, "database is not accepting commands that generate new MultiXactIds to avoid wraparound data loss in %s", where).
		WithHint("%s", multiWrapHint)
}

// WarnError is GetNewMultiXactId's warning, with PostgreSQL's singular
// for one remaining id.
func (st MultiWraparoundState) WarnError(where string) *pgerr.Error {
	ids := "MultiXactIds are"
	if st.Remaining == 1 {
		ids = "MultiXactId is"
	}
	return pgerr.New(pgerr.Warning, fmt.Sprintf("%s must be vacuumed before %d more %s used", where, st.Remaining, ids)).
		WithSeverity(pgerr.SeverityWarning).WithHint("%s", multiWrapHint)
}

// MultiXactLimitDB is the database SetMultiXactIdLimit named (0: none
// yet).
func (m *Manager) MultiXactLimitDB(o *shmem.Owner) uint32 {
	v := m.multi
	v.genLock.RLock(o)
	defer v.genLock.RUnlock(o)
	return v.limitDB
}

// SetNextMultiOffsetForTest moves the members counter forward to next,
// as pg_resetwal -O does, creating (and WAL-logging) the members page
// that will hold it. The newest multixact's members are closed off first
// by an empty multixact, which takes the next id, so that every multixact
// made before the jump stays readable. Only for tests of member space;
// nothing may be creating multixacts.
func (m *Manager) SetNextMultiOffsetForTest(o *shmem.Owner, next MultiXactOffset) (bool, error) {
	v := m.multi
	v.genLock.Lock(o)
	defer v.genLock.Unlock(o)
	if uint32(next) <= v.nextOffset || uint32(next)%MultiXactMembersPerPage != 0 {
		return false, nil
	}
	multi := MultiXactId(v.nextMulti)
	if err := m.extendMultiOffsets(o, InvalidTransactionId, multi); err != nil {
		return false, err
	}
	if err := m.recordNewMultiXact(o, multi, MultiXactOffset(v.nextOffset), nil); err != nil {
		return false, err
	}
	after := multi + 1
	if after < FirstMultiXactId {
		after = FirstMultiXactId
	}
	if err := m.extendMultiOffsets(o, InvalidTransactionId, after); err != nil {
		return false, err
	}
	atomic.StoreUint32(&v.nextMulti, uint32(after))
	v.nextOffset = uint32(next)
	if err := m.zeroMultiPage(o, m.mxMembers, InvalidTransactionId, XLogMultiXactZeroMemPage, offsetToMemberPage(next)); err != nil {
		return false, err
	}
	m.mxMembers.hdr.ctl.Lock(o)
	m.mxMembers.hdr.latestPage = offsetToMemberPage(next)
	m.mxMembers.hdr.ctl.Unlock(o)
	return true, nil
}

// SetNextMultiXactIdForTest moves the multixact counter forward to next,
// as pg_resetwal -m does, creating (and WAL-logging) the offsets page
// that will hold it. Only for tests reaching wraparound; nothing may be
// creating multixacts.
func (m *Manager) SetNextMultiXactIdForTest(o *shmem.Owner, next MultiXactId) (bool, error) {
	v := m.multi
	v.genLock.Lock(o)
	defer v.genLock.Unlock(o)
	old := MultiXactId(v.nextMulti)
	if !MultiXactIdPrecedes(old, next) {
		return false, nil
	}
	if v.nextOffset != 0 {
		// The newest multixact's members end where the id after it
		// starts: record that start, as its creation would have, so the
		// multixacts made before the jump stay readable.
		if err := m.extendMultiOffsets(o, InvalidTransactionId, old); err != nil {
			return false, err
		}
		if err := m.recordNewMultiXact(o, old, MultiXactOffset(v.nextOffset), nil); err != nil {
			return false, err
		}
	}
	atomic.StoreUint32(&v.nextMulti, uint32(next))
	if err := m.zeroMultiPage(o, m.mxOffsets, InvalidTransactionId, XLogMultiXactZeroOffPage, multiToOffsetPage(next)); err != nil {
		return false, err
	}
	m.mxOffsets.hdr.ctl.Lock(o)
	m.mxOffsets.hdr.latestPage = multiToOffsetPage(next)
	m.mxOffsets.hdr.ctl.Unlock(o)
	return true, nil
}

// setOldestMember records, for the process at procIndex, the next
// multixact id as the oldest it may become a member of or look at
// (OldestMemberMXactId and OldestVisibleMXactId in one), unless it has
// one already: any multixact it joins or reads later is at least that
// new. Called when the process takes its first snapshot or xid of a
// transaction; cleared when it holds neither.
func (m *Manager) setOldestMember(procIndex int) {
	p := &m.procs[procIndex]
	if atomic.LoadUint32(&p.oldestMulti) != 0 {
		return
	}
	next := atomic.LoadUint32(&m.multi.nextMulti)
	if next < uint32(FirstMultiXactId) {
		next = uint32(FirstMultiXactId)
	}
	atomic.StoreUint32(&p.oldestMulti, next)
}

// GetOldestMultiXactId is the oldest multixact any running transaction
// may be a member of or still look at (GetOldestMultiXactId): the next
// one to be assigned, or an older one some process recorded when its
// transaction began. VACUUM's multixact cutoff and the new relminmxid and
// datminmxid start from it.
func (m *Manager) GetOldestMultiXactId() MultiXactId {
	oldest := MultiXactId(atomic.LoadUint32(&m.multi.nextMulti))
	if oldest < FirstMultiXactId {
		oldest = FirstMultiXactId
	}
	for i := range m.procs {
		if om := MultiXactId(atomic.LoadUint32(&m.procs[i].oldestMulti)); om.IsValid() && MultiXactIdPrecedes(om, oldest) {
			oldest = om
		}
	}
	return oldest
}
