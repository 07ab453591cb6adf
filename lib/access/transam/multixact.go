// Multixacts: a row locked or updated by several transactions at once
// keeps a MultiXactId in its xmax, standing for a set of (xid, status)
// members (PostgreSQL 15's multixact.c). The sets live in two SLRUs with
// PostgreSQL's on-disk layout: pg_multixact/offsets, four bytes per
// MultiXactId giving where its members start, and pg_multixact/members,
// groups of four members (four status bytes, then four xids). A
// MultiXactId's members end where the next one's start (or at nextOffset
// for the newest). Creation is WAL-logged (XLOG_MULTIXACT_CREATE_ID, and
// ZERO_OFF_PAGE / ZERO_MEM_PAGE when a page is started) under rmgr
// MultiXact (6); nextMulti and nextOffset travel in checkpoint records and
// pg_control.

package transam

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// MultiXactId names a set of transactions locking or updating a row.
type MultiXactId uint32

// MultiXactOffset is a position in pg_multixact/members.
type MultiXactOffset uint32

const (
	InvalidMultiXactId MultiXactId = 0
	FirstMultiXactId   MultiXactId = 1
	MaxMultiXactId     MultiXactId = 0xFFFFFFFF
)

// IsValid reports whether m names a multixact at all.
func (m MultiXactId) IsValid() bool { return m != InvalidMultiXactId }

// MultiXactIdPrecedes compares multixact ids modulo 2^32, as
// MultiXactIdPrecedes does.
func MultiXactIdPrecedes(a, b MultiXactId) bool { return int32(a-b) < 0 }

// MultiXactIdPrecedesOrEquals is MultiXactIdPrecedesOrEquals.
func MultiXactIdPrecedesOrEquals(a, b MultiXactId) bool { return int32(a-b) <= 0 }

func multiXactOffsetPrecedes(a, b MultiXactOffset) bool { return int32(a-b) < 0 }

// MultiXactStatus is what a member does to the row (MultiXactStatus):
// four lock strengths, then the two kinds of update. The values are
// stored in pg_multixact/members and in CREATE_ID records.
type MultiXactStatus uint8

const (
	MultiXactStatusForKeyShare MultiXactStatus = iota
	MultiXactStatusForShare
	MultiXactStatusForNoKeyUpdate
	MultiXactStatusForUpdate
	MultiXactStatusNoKeyUpdate // an UPDATE not changing key columns
	MultiXactStatusUpdate      // an UPDATE changing key columns, or a DELETE
)

// IsUpdate is ISUPDATE_from_mxstatus: the member updated or deleted the
// row rather than only locking it.
func (s MultiXactStatus) IsUpdate() bool { return s > MultiXactStatusForUpdate }

var multiStatusNames = [...]string{"keysh", "sh", "fornokeyupd", "forupd", "nokeyupd", "upd"}

// String is the short name pg_waldump and pg_get_multixact_members use.
func (s MultiXactStatus) String() string {
	if int(s) < len(multiStatusNames) {
		return multiStatusNames[s]
	}
	return "unk"
}

// MultiXactMember is one transaction of a multixact.
type MultiXactMember struct {
	Xid    TransactionId
	Status MultiXactStatus
}

// Geometry of the two SLRUs (multixact.c).
const (
	MultiXactOffsetsPerPage = slruPageSize / 4 // 2048
	mxMembersPerGroup       = 4
	mxFlagBytesPerGroup     = 4
	mxGroupSize             = mxFlagBytesPerGroup + mxMembersPerGroup*4 // 20
	mxGroupsPerPage         = slruPageSize / mxGroupSize                // 409
	MultiXactMembersPerPage = mxGroupsPerPage * mxMembersPerGroup       // 1636

	// MultiXactOffsetBuffers and MultiXactMemberBuffers are
	// NUM_MULTIXACTOFFSET_BUFFERS and NUM_MULTIXACTMEMBER_BUFFERS.
	MultiXactOffsetBuffers = 8
	MultiXactMemberBuffers = 16
)

func multiToOffsetPage(m MultiXactId) int32      { return int32(uint32(m) / MultiXactOffsetsPerPage) }
func multiToOffsetEntry(m MultiXactId) int       { return int(uint32(m) % MultiXactOffsetsPerPage) }
func offsetToMemberPage(o MultiXactOffset) int32 { return int32(uint32(o) / MultiXactMembersPerPage) }

// offsetToFlagsOffset is MXOffsetToFlagsOffset: the byte where the group
// holding o starts within its page.
func offsetToFlagsOffset(o MultiXactOffset) int {
	return int(uint32(o)/mxMembersPerGroup%mxGroupsPerPage) * mxGroupSize
}

// offsetToMemberOffset is MXOffsetToMemberOffset: the byte of o's xid.
func offsetToMemberOffset(o MultiXactOffset) int {
	return offsetToFlagsOffset(o) + mxFlagBytesPerGroup + int(uint32(o)%mxMembersPerGroup)*4
}

func offsetToFlagsByte(o MultiXactOffset) int {
	return offsetToFlagsOffset(o) + int(uint32(o)%mxMembersPerGroup)
}

// multiOffsetPagePrecedes is MultiXactOffsetPagePrecedes.
func multiOffsetPagePrecedes(a, b int32) bool {
	ma := MultiXactId(uint32(a)*MultiXactOffsetsPerPage) + FirstMultiXactId + 1
	mb := MultiXactId(uint32(b)*MultiXactOffsetsPerPage) + FirstMultiXactId + 1
	return MultiXactIdPrecedes(ma, mb) && MultiXactIdPrecedes(ma, mb+MultiXactOffsetsPerPage-1)
}

// multiMemberPagePrecedes is MultiXactMemberPagePrecedes.
func multiMemberPagePrecedes(a, b int32) bool {
	oa := MultiXactOffset(uint32(a) * MultiXactMembersPerPage)
	ob := MultiXactOffset(uint32(b) * MultiXactMembersPerPage)
	return multiXactOffsetPrecedes(oa, ob) && multiXactOffsetPrecedes(oa, ob+MultiXactMembersPerPage-1)
}

// multiShared is the "pg_multixact" region (MultiXactStateData, less the
// per-backend oldest-member arrays).
type multiShared struct {
	// genLock is MultiXactGenLock: it protects the counters below and is
	// held across a multixact's whole creation (id and offsets assigned,
	// WAL record, SLRU entries), so that any id below nextMulti has its
	// offset and members recorded.
	genLock       shmem.RWLock
	nextMulti     uint32
	nextOffset    uint32
	oldestMulti   uint32
	oldestMultiDB uint32
	oldestOffset  uint32
	// truncationLock is MultiXactTruncationLock: one truncation at a
	// time, so that the oldest kept only moves forward.
	truncationLock shmem.RWLock
	// The wraparound limits SetMultiXactIdLimit derives from the oldest
	// datminmxid (MultiXactStateData's multiVacLimit ... multiWrapLimit),
	// and the database holding it; all zero until first set.
	limitDB uint32
	// offsetStopLimit is where member space ends for new multixacts: a
	// segment before the oldest kept member's (SetOffsetVacuumLimit);
	// offsetLimitKnown is 0 until that member's offset was read.
	offsetStopLimit, offsetLimitKnown                             uint32
	multiVacLimit, multiWarnLimit, multiStopLimit, multiWrapLimit uint32
}

// multiCache is a process's cache of multixact member sets
// (mXactCache): members never change once created, so entries stay valid
// until the SLRUs are truncated past them.
type multiCache struct {
	mu    sync.Mutex
	byID  map[MultiXactId][]MultiXactMember
	bySet map[string]MultiXactId
}

const multiCacheMax = 256

func (c *multiCache) get(id MultiXactId) ([]MultiXactMember, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.byID[id]
	return m, ok
}

func (c *multiCache) put(id MultiXactId, members []MultiXactMember) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil || len(c.byID) >= multiCacheMax {
		c.byID = map[MultiXactId][]MultiXactMember{}
		c.bySet = map[string]MultiXactId{}
	}
	c.byID[id] = members
	c.bySet[memberSetKey(members)] = id
}

func (c *multiCache) lookupSet(members []MultiXactMember) (MultiXactId, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.bySet[memberSetKey(members)]
	return id, ok
}

func (c *multiCache) reset() {
	c.mu.Lock()
	c.byID, c.bySet = nil, nil
	c.mu.Unlock()
}

// memberSetKey identifies a member set regardless of order.
func memberSetKey(members []MultiXactMember) string {
	s := slices.Clone(members)
	slices.SortFunc(s, func(a, b MultiXactMember) int {
		if a.Xid != b.Xid {
			if a.Xid < b.Xid {
				return -1
			}
			return 1
		}
		return int(a.Status) - int(b.Status)
	})
	var b strings.Builder
	for _, m := range s {
		fmt.Fprintf(&b, "%d:%d,", m.Xid, m.Status)
	}
	return b.String()
}

func multiVarsSize() int { return int(alignUp(unsafe.Sizeof(multiShared{}))) }

// ReadNextMultiXactId returns the next multixact id and member offset to
// be assigned (ReadNextMultiXactId, plus nextOffset for checkpoints).
func (m *Manager) ReadNextMultiXactId(o *shmem.Owner) (MultiXactId, MultiXactOffset) {
	v := m.multi
	v.genLock.RLock(o)
	defer v.genLock.RUnlock(o)
	return MultiXactId(v.nextMulti), MultiXactOffset(v.nextOffset)
}

// OldestMultiXact returns the oldest multixact id still kept and the
// database that holds it (for checkpoint records and pg_control).
func (m *Manager) OldestMultiXact(o *shmem.Owner) (MultiXactId, uint32) {
	v := m.multi
	v.genLock.RLock(o)
	defer v.genLock.RUnlock(o)
	return MultiXactId(v.oldestMulti), v.oldestMultiDB
}

// SetMultiXactState sets the counters from pg_control's checkpoint at
// startup (MultiXactSetNextMXact and SetMultiXactIdLimit's oldest).
// Nothing may be creating multixacts.
func (m *Manager) SetMultiXactState(o *shmem.Owner, next MultiXactId, nextOffset MultiXactOffset, oldest MultiXactId, oldestDB uint32) {
	v := m.multi
	v.genLock.Lock(o)
	if !next.IsValid() {
		next = FirstMultiXactId
	}
	if !oldest.IsValid() {
		oldest = FirstMultiXactId
	}
	atomic.StoreUint32(&v.nextMulti, uint32(next))
	v.nextOffset = uint32(nextOffset)
	v.oldestMulti, v.oldestMultiDB = uint32(oldest), oldestDB
	v.genLock.Unlock(o)
}

// MultiXactAdvanceNextMXact moves the counters forward to at least next
// and nextOffset (redo of CREATE_ID and of online checkpoints).
func (m *Manager) MultiXactAdvanceNextMXact(o *shmem.Owner, next MultiXactId, nextOffset MultiXactOffset) {
	v := m.multi
	v.genLock.Lock(o)
	if MultiXactIdPrecedes(MultiXactId(v.nextMulti), next) {
		atomic.StoreUint32(&v.nextMulti, uint32(next))
	}
	if multiXactOffsetPrecedes(MultiXactOffset(v.nextOffset), nextOffset) {
		v.nextOffset = uint32(nextOffset)
	}
	v.genLock.Unlock(o)
}

// MultiXactAdvanceOldest moves the oldest kept multixact forward to
// oldest (startup, from the checkpoint; truncation's redo may have moved
// it further already).
func (m *Manager) MultiXactAdvanceOldest(o *shmem.Owner, oldest MultiXactId, oldestDB uint32) {
	if !oldest.IsValid() {
		return
	}
	v := m.multi
	v.genLock.Lock(o)
	if MultiXactIdPrecedes(MultiXactId(v.oldestMulti), oldest) || v.oldestMultiDB == 0 {
		v.oldestMulti, v.oldestMultiDB = uint32(oldest), oldestDB
	}
	v.genLock.Unlock(o)
}

// MultiXactIdCreate makes a new multixact with the given members
// (MultiXactIdCreateExpanded) and returns its id, or an existing one with
// the same members this process created or read recently. xid is the
// creating transaction's id, for the WAL record's header. The caller
// must not be inside a critical section: the WAL record and the SLRU
// writes can fail.
func (m *Manager) MultiXactIdCreate(o *shmem.Owner, xid TransactionId, members []MultiXactMember) (MultiXactId, error) {
	if len(members) == 0 {
		return InvalidMultiXactId, pgerr.New(pgerr.InternalError, "cannot create an empty multixact")
	}
	nupd := 0
	for _, mb := range members {
		if mb.Status.IsUpdate() {
			nupd++
		}
	}
	if nupd > 1 {
		return InvalidMultiXactId, pgerr.New(pgerr.InternalError, "new multixact has more than one updating member")
	}
	if id, ok := m.multiCache.lookupSet(members); ok {
		return id, nil
	}
	members = slices.Clone(members)
	v := m.multi
	v.genLock.Lock(o)
	defer v.genLock.Unlock(o)
	multi := MultiXactId(v.nextMulti)
	if multi < FirstMultiXactId {
		multi = FirstMultiXactId // the counter wrapped around
	}
	if st := v.wraparoundOf(multi); st.Stop && !m.inRecovery {
		// The backstop of GetNewMultiXactId's refusal: callers check
		// MultiXactWraparound first to name the database.
		return InvalidMultiXactId, st.StopError(fmt.Sprintf("database with OID %d", st.Database))
	}
	if v.offsetLimitKnown != 0 && !m.inRecovery && offsetWouldWrap(MultiXactOffset(v.offsetStopLimit), MultiXactOffset(v.nextOffset), uint32(len(members))) {
		left := v.offsetStopLimit - v.nextOffset - 1
		unit := "members"
		if left == 1 {
			unit = "member"
		}
		return InvalidMultiXactId, pgerr.New(pgerr.ProgramLimitExceeded, `multixact "members" limit exceeded`).
			WithDetail("This command would create a multixact with %d members, but the remaining space is only enough for %d %s.", len(members), left, unit).
			WithHint("Execute a database-wide VACUUM in database with OID %d with reduced vacuum_multixact_freeze_min_age and vacuum_multixact_freeze_table_age settings.", v.oldestMultiDB)
	}
	if err := m.extendMultiOffsets(o, xid, multi); err != nil {
		return InvalidMultiXactId, err
	}
	next := MultiXactOffset(v.nextOffset)
	offset, n := next, MultiXactOffset(len(members))
	if next == 0 {
		// Offset 0 is never used: it reads as "not yet recorded".
		offset, n = 1, n+1
	}
	if err := m.extendMultiMembers(o, xid, next, int(n)); err != nil {
		return InvalidMultiXactId, err
	}
	if m.wal != nil {
		if _, err := m.wal.Insert(RmgrMultiXact, XLogMultiXactCreateID, uint32(xid), encodeMultiCreate(multi, offset, members)); err != nil {
			return InvalidMultiXactId, err
		}
	}
	if err := m.recordNewMultiXact(o, multi, offset, members); err != nil {
		return InvalidMultiXactId, err
	}
	atomic.StoreUint32(&v.nextMulti, uint32(multi+1))
	v.nextOffset = uint32(next + n)
	m.multiCache.put(multi, members)
	return multi, nil
}

// extendMultiOffsets zeroes a new offsets page when multi is the first
// id of one (ExtendMultiXactOffset), logging ZERO_OFF_PAGE. genLock held.
func (m *Manager) extendMultiOffsets(o *shmem.Owner, xid TransactionId, multi MultiXactId) error {
	if multiToOffsetEntry(multi) != 0 && multi != FirstMultiXactId {
		return nil
	}
	return m.zeroMultiPage(o, m.mxOffsets, xid, XLogMultiXactZeroOffPage, multiToOffsetPage(multi))
}

// extendMultiMembers zeroes every members page that the n members from
// offset start (ExtendMultiXactMember), logging ZERO_MEM_PAGE for each.
func (m *Manager) extendMultiMembers(o *shmem.Owner, xid TransactionId, offset MultiXactOffset, n int) error {
	for n > 0 {
		if uint32(offset)%MultiXactMembersPerPage == 0 {
			if err := m.zeroMultiPage(o, m.mxMembers, xid, XLogMultiXactZeroMemPage, offsetToMemberPage(offset)); err != nil {
				return err
			}
		}
		room := MultiXactMembersPerPage - int(uint32(offset)%MultiXactMembersPerPage)
		if room >= n {
			return nil
		}
		n -= room
		offset += MultiXactOffset(room)
	}
	return nil
}

func (m *Manager) zeroMultiPage(o *shmem.Owner, s *slru, xid TransactionId, info uint8, pageno int32) error {
	s.hdr.ctl.Lock(o)
	_, err := s.zeroPage(o, pageno)
	s.hdr.ctl.Unlock(o)
	if err != nil {
		return err
	}
	if m.wal != nil {
		if _, err := m.wal.Insert(RmgrMultiXact, info, uint32(xid), le32(uint32(pageno))); err != nil {
			return err
		}
	}
	return nil
}

// recordNewMultiXact writes multi's offset and its members into the
// SLRU buffers (RecordNewMultiXact). The pages exist.
func (m *Manager) recordNewMultiXact(o *shmem.Owner, multi MultiXactId, offset MultiXactOffset, members []MultiXactMember) error {
	s := m.mxOffsets
	s.hdr.ctl.Lock(o)
	slot, err := s.readPage(o, multiToOffsetPage(multi), true, InvalidTransactionId)
	if err != nil {
		s.hdr.ctl.Unlock(o)
		return err
	}
	binary.LittleEndian.PutUint32(s.page(slot)[multiToOffsetEntry(multi)*4:], uint32(offset))
	s.slots[slot].dirty = 1
	s.hdr.ctl.Unlock(o)

	s = m.mxMembers
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	prev := int32(-1)
	for _, mb := range members {
		pageno := offsetToMemberPage(offset)
		if pageno != prev {
			if slot, err = s.readPage(o, pageno, true, mb.Xid); err != nil {
				return err
			}
			prev = pageno
		}
		p := s.page(slot)
		binary.LittleEndian.PutUint32(p[offsetToMemberOffset(offset):], uint32(mb.Xid))
		p[offsetToFlagsByte(offset)] = byte(mb.Status)
		s.slots[slot].dirty = 1
		offset++
	}
	return nil
}

// readSlruBytes hands pageno's contents to read under the control lock,
// reading the page in if no buffer holds it.
func readSlruBytes(o *shmem.Owner, s *slru, pageno int32, read func(p []byte)) error {
	s.hdr.ctl.RLock(o)
	if slot := s.findValid(pageno); slot >= 0 {
		s.count(SlruBlksHit)
		read(s.page(slot))
		s.recentlyUsed(slot)
		s.hdr.ctl.RUnlock(o)
		return nil
	}
	s.hdr.ctl.RUnlock(o)
	s.hdr.ctl.Lock(o)
	defer s.hdr.ctl.Unlock(o)
	slot, err := s.readPage(o, pageno, true, InvalidTransactionId)
	if err != nil {
		return err
	}
	read(s.page(slot))
	return nil
}

func (m *Manager) multiOffsetOf(o *shmem.Owner, multi MultiXactId) (MultiXactOffset, error) {
	var off MultiXactOffset
	err := readSlruBytes(o, m.mxOffsets, multiToOffsetPage(multi), func(p []byte) {
		off = MultiXactOffset(binary.LittleEndian.Uint32(p[multiToOffsetEntry(multi)*4:]))
	})
	return off, err
}

// GetMultiXactIdMembers returns multi's members (GetMultiXactIdMembers),
// from the process's cache when it has them. An id outside the range
// still kept (before the oldest or not yet created) is an error, as in
// PostgreSQL ("apparent wraparound").
func (m *Manager) GetMultiXactIdMembers(o *shmem.Owner, multi MultiXactId) ([]MultiXactMember, error) {
	if !multi.IsValid() {
		return nil, nil
	}
	if members, ok := m.multiCache.get(multi); ok {
		return members, nil
	}
	v := m.multi
	v.genLock.RLock(o)
	oldest, next, nextOffset := MultiXactId(v.oldestMulti), MultiXactId(v.nextMulti), MultiXactOffset(v.nextOffset)
	v.genLock.RUnlock(o)
	if MultiXactIdPrecedes(multi, oldest) {
		return nil, pgerr.Newf(pgerr.InternalError, "MultiXactId %d does no longer exist -- apparent wraparound", uint32(multi))
	}
	if !MultiXactIdPrecedes(multi, next) {
		return nil, pgerr.Newf(pgerr.InternalError, "MultiXactId %d has not been created yet -- apparent wraparound", uint32(multi))
	}
	start, err := m.multiOffsetOf(o, multi)
	if err != nil {
		return nil, err
	}
	var end MultiXactOffset
	if multi+1 == next {
		end = nextOffset
	} else {
		following := multi + 1
		if following < FirstMultiXactId {
			following = FirstMultiXactId
		}
		if end, err = m.multiOffsetOf(o, following); err != nil {
			return nil, err
		}
	}
	if start == 0 || end == 0 {
		return nil, pgerr.Newf(pgerr.DataCorrupted, "MultiXactId %d has invalid offset", uint32(multi))
	}
	n := int(end - start)
	if n <= 0 || n > 1<<16 {
		return nil, pgerr.Newf(pgerr.DataCorrupted, "MultiXactId %d has an invalid member count %d", uint32(multi), n)
	}
	members := make([]MultiXactMember, 0, n)
	off := start
	for i := 0; i < n; i++ {
		var mb MultiXactMember
		if err := readSlruBytes(o, m.mxMembers, offsetToMemberPage(off), func(p []byte) {
			mb.Xid = TransactionId(binary.LittleEndian.Uint32(p[offsetToMemberOffset(off):]))
			mb.Status = MultiXactStatus(p[offsetToFlagsByte(off)])
		}); err != nil {
			return nil, err
		}
		off++
		if !mb.Xid.IsValid() {
			continue // slot 0 of the members, never used
		}
		members = append(members, mb)
	}
	m.multiCache.put(multi, members)
	return members, nil
}

// BootStrapMultiXact creates the two directories and their first pages
// (BootStrapMultiXact), for gpinitdb and for a data directory made
// before multixacts existed.
func (m *Manager) BootStrapMultiXact(o *shmem.Owner) error {
	for _, s := range []*slru{m.mxOffsets, m.mxMembers} {
		if err := os.MkdirAll(s.dir, 0o700); err != nil {
			return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not create directory \"%s\": %s", s.dir, err)
		}
		s.hdr.ctl.Lock(o)
		slot, err := s.zeroPage(o, 0)
		if err == nil {
			err = s.writePage(o, slot, InvalidTransactionId)
		}
		s.hdr.ctl.Unlock(o)
		if err != nil {
			return err
		}
	}
	return nil
}

// StartupMultiXact makes the pages of nextMulti and nextOffset the
// latest of their SLRUs (StartupMultiXact), at the start of recovery or
// of normal running, after SetMultiXactState. The directories are
// created if missing (a data directory from before multixacts).
func (m *Manager) StartupMultiXact(o *shmem.Owner) error {
	next, nextOffset := m.ReadNextMultiXactId(o)
	for _, s := range []*slru{m.mxOffsets, m.mxMembers} {
		if err := os.MkdirAll(s.dir, 0o700); err != nil {
			return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not create directory \"%s\": %s", s.dir, err)
		}
	}
	m.mxOffsets.hdr.ctl.Lock(o)
	m.mxOffsets.hdr.latestPage = multiToOffsetPage(next)
	m.mxOffsets.hdr.ctl.Unlock(o)
	m.mxMembers.hdr.ctl.Lock(o)
	m.mxMembers.hdr.latestPage = offsetToMemberPage(nextOffset)
	m.mxMembers.hdr.ctl.Unlock(o)
	return nil
}

// TrimMultiXact zeroes what follows nextMulti on its offsets page and
// nextOffset on its members page (TrimMultiXact), at the end of recovery:
// a previous life may have left entries there that were never logged. A
// page not yet on disk is started afresh.
func (m *Manager) TrimMultiXact(o *shmem.Owner) error {
	next, nextOffset := m.ReadNextMultiXactId(o)
	if err := m.StartupMultiXact(o); err != nil {
		return err
	}
	trim := func(s *slru, pageno int32, from int) error {
		s.hdr.ctl.Lock(o)
		defer s.hdr.ctl.Unlock(o)
		// SimpleLruDoesPhysicalPageExist, counted as PostgreSQL does.
		s.count(SlruBlksExists)
		if _, err := os.Stat(s.segPath(pageno / slruPagesPerSegment)); err != nil && s.findValid(pageno) < 0 {
			slot, err := s.zeroPage(o, pageno)
			if err != nil {
				return err
			}
			return s.writePage(o, slot, InvalidTransactionId)
		}
		slot, err := s.readPage(o, pageno, false, InvalidTransactionId)
		if err != nil {
			// A segment too short for the page: start it afresh.
			if slot, err = s.zeroPage(o, pageno); err != nil {
				return err
			}
			return s.writePage(o, slot, InvalidTransactionId)
		}
		clear(s.page(slot)[from:])
		s.slots[slot].dirty = 1
		return nil
	}
	if e := multiToOffsetEntry(next); e != 0 {
		if err := trim(m.mxOffsets, multiToOffsetPage(next), e*4); err != nil {
			return err
		}
	}
	if offsetToFlagsOffset(nextOffset) != 0 || uint32(nextOffset)%mxMembersPerGroup != 0 {
		if err := trim(m.mxMembers, offsetToMemberPage(nextOffset), offsetToMemberOffset(nextOffset)); err != nil {
			return err
		}
	}
	return nil
}

// CheckPointMultiXact writes the dirty pages of both SLRUs and fsyncs
// them (CheckPointMultiXact), before the checkpoint record.
func (m *Manager) CheckPointMultiXact(o *shmem.Owner) error {
	if err := m.mxOffsets.writeAll(o); err != nil {
		return err
	}
	return m.mxMembers.writeAll(o)
}

// TruncateMultiXact removes the multixacts before oldestMulti: their
// offsets and members pages wholly before the new oldest go, logged first
// as XLOG_MULTIXACT_TRUNCATE_ID (TruncateMultiXact). The caller (VACUUM,
// from the databases' datminmxid) guarantees no row still holds an older
// multixact in xmax. oldestMultiDB is the database holding it.
func (m *Manager) TruncateMultiXact(o *shmem.Owner, oldestMulti MultiXactId, oldestMultiDB uint32) error {
	v := m.multi
	v.truncationLock.Lock(o)
	defer v.truncationLock.Unlock(o)
	v.genLock.RLock(o)
	cur, next := MultiXactId(v.oldestMulti), MultiXactId(v.nextMulti)
	v.genLock.RUnlock(o)
	if !oldestMulti.IsValid() || MultiXactIdPrecedesOrEquals(oldestMulti, cur) || MultiXactIdPrecedes(next, oldestMulti) {
		return nil
	}
	startOff, err := m.truncationOffset(o, cur, next)
	if err != nil {
		return err
	}
	endOff, err := m.truncationOffset(o, oldestMulti, next)
	if err != nil {
		return err
	}
	rec := multiTruncate{oldestMultiDB: oldestMultiDB, startOff: cur, endOff: oldestMulti, startMemb: startOff, endMemb: endOff}
	if m.wal != nil {
		lsn, err := m.wal.Insert(RmgrMultiXact, XLogMultiXactTruncateID, 0, rec.encode())
		if err != nil {
			return err
		}
		if err := m.wal.Flush(lsn); err != nil {
			return err
		}
	}
	return m.applyTruncate(o, rec)
}

// truncationOffset is the members offset where multi starts, or
// nextOffset when multi is nextMulti.
func (m *Manager) truncationOffset(o *shmem.Owner, multi, next MultiXactId) (MultiXactOffset, error) {
	if multi == next {
		_, off := m.ReadNextMultiXactId(o)
		return off, nil
	}
	return m.multiOffsetOf(o, multi)
}

func (m *Manager) applyTruncate(o *shmem.Owner, rec multiTruncate) error {
	v := m.multi
	v.genLock.Lock(o)
	if MultiXactIdPrecedes(MultiXactId(v.oldestMulti), rec.endOff) {
		v.oldestMulti, v.oldestMultiDB, v.oldestOffset = uint32(rec.endOff), rec.oldestMultiDB, uint32(rec.endMemb)
	}
	v.genLock.Unlock(o)
	m.multiCache.reset()
	// In recovery the SLRUs may not know their newest page yet (startup
	// makes them before reading the checkpoint): the page kept is at
	// least that new.
	for _, c := range []struct {
		s      *slru
		cutoff int32
	}{{m.mxMembers, offsetToMemberPage(rec.endMemb)}, {m.mxOffsets, multiToOffsetPage(rec.endOff)}} {
		c.s.hdr.ctl.Lock(o)
		if c.s.pagePrecedes(c.s.hdr.latestPage, c.cutoff) {
			c.s.hdr.latestPage = c.cutoff
		}
		c.s.hdr.ctl.Unlock(o)
	}
	// Members: the segments from the old oldest member's to the new
	// one's, one by one, as PostgreSQL's PerformMembersTruncation (more
	// than half the member space may be in use, where comparing pages
	// modulo the wrap would keep the wrong ones).
	memberSeg := func(off MultiXactOffset) int32 { return offsetToMemberPage(off) / slruPagesPerSegment }
	if err := m.mxMembers.deleteSegmentRange(o, memberSeg(rec.startMemb), memberSeg(rec.endMemb), memberSeg(math.MaxUint32)); err != nil {
		return err
	}
	return m.mxOffsets.truncate(o, multiToOffsetPage(rec.endOff))
}

// ----- WAL -----

// Info bytes of rmgr MultiXact (multixact.h).
const (
	XLogMultiXactZeroOffPage uint8 = 0x00
	XLogMultiXactZeroMemPage uint8 = 0x10
	XLogMultiXactCreateID    uint8 = 0x20
	XLogMultiXactTruncateID  uint8 = 0x30
)

// encodeMultiCreate builds xl_multixact_create: mid, moff, nmembers
// (int32), then per member xid (u32) and status (a 4-byte enum).
func encodeMultiCreate(multi MultiXactId, offset MultiXactOffset, members []MultiXactMember) []byte {
	b := make([]byte, 0, 12+8*len(members))
	b = binary.LittleEndian.AppendUint32(b, uint32(multi))
	b = binary.LittleEndian.AppendUint32(b, uint32(offset))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(members)))
	for _, mb := range members {
		b = binary.LittleEndian.AppendUint32(b, uint32(mb.Xid))
		b = binary.LittleEndian.AppendUint32(b, uint32(mb.Status))
	}
	return b
}

func decodeMultiCreate(b []byte) (MultiXactId, MultiXactOffset, []MultiXactMember, error) {
	if len(b) < 12 {
		return 0, 0, nil, pgerr.New(pgerr.DataCorrupted, "multixact create record too short")
	}
	le := binary.LittleEndian
	n := int(int32(le.Uint32(b[8:])))
	if n < 0 || len(b) < 12+8*n {
		return 0, 0, nil, pgerr.Newf(pgerr.DataCorrupted, "multixact create record has a bad member count %d", n)
	}
	members := make([]MultiXactMember, n)
	for i := range members {
		members[i] = MultiXactMember{Xid: TransactionId(le.Uint32(b[12+8*i:])), Status: MultiXactStatus(le.Uint32(b[16+8*i:]))}
	}
	return MultiXactId(le.Uint32(b)), MultiXactOffset(le.Uint32(b[4:])), members, nil
}

// multiTruncate is xl_multixact_truncate.
type multiTruncate struct {
	oldestMultiDB      uint32
	startOff, endOff   MultiXactId
	startMemb, endMemb MultiXactOffset
}

func (r multiTruncate) encode() []byte {
	b := make([]byte, 0, 20)
	for _, x := range []uint32{r.oldestMultiDB, uint32(r.startOff), uint32(r.endOff), uint32(r.startMemb), uint32(r.endMemb)} {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	return b
}

func decodeMultiTruncate(b []byte) (multiTruncate, bool) {
	if len(b) < 20 {
		return multiTruncate{}, false
	}
	le := binary.LittleEndian
	return multiTruncate{oldestMultiDB: le.Uint32(b), startOff: MultiXactId(le.Uint32(b[4:])), endOff: MultiXactId(le.Uint32(b[8:])),
		startMemb: MultiXactOffset(le.Uint32(b[12:])), endMemb: MultiXactOffset(le.Uint32(b[16:]))}, true
}

// RedoMultiXact replays a MultiXact record (multixact_redo): zeroed pages
// are written at once; a creation records the offset and members and
// moves the counters (and nextXid) past it.
func (m *Manager) RedoMultiXact(o *shmem.Owner, info uint8, data []byte) error {
	switch info & 0xF0 {
	case XLogMultiXactZeroOffPage, XLogMultiXactZeroMemPage:
		if len(data) < 4 {
			return pgerr.New(pgerr.DataCorrupted, "multixact zero-page record too short")
		}
		s := m.mxOffsets
		if info&0xF0 == XLogMultiXactZeroMemPage {
			s = m.mxMembers
		}
		s.hdr.ctl.Lock(o)
		defer s.hdr.ctl.Unlock(o)
		slot, err := s.zeroPage(o, int32(binary.LittleEndian.Uint32(data)))
		if err != nil {
			return err
		}
		return s.writePage(o, slot, InvalidTransactionId)
	case XLogMultiXactCreateID:
		multi, offset, members, err := decodeMultiCreate(data)
		if err != nil {
			return err
		}
		if err := m.recordNewMultiXact(o, multi, offset, members); err != nil {
			return err
		}
		m.MultiXactAdvanceNextMXact(o, multi+1, offset+MultiXactOffset(len(members)))
		for _, mb := range members {
			m.AdvanceNextFullTransactionIdPastXid(o, mb.Xid)
		}
		return nil
	case XLogMultiXactTruncateID:
		rec, ok := decodeMultiTruncate(data)
		if !ok {
			return pgerr.New(pgerr.DataCorrupted, "multixact truncate record too short")
		}
		return m.applyTruncate(o, rec)
	}
	return pgerr.Newf(pgerr.InternalError, "multixact_redo: unknown op code %d", info)
}

// IdentifyMultiXact names a MultiXact record as pg_waldump does
// (multixact_identify).
func IdentifyMultiXact(info uint8) string {
	switch info & 0xF0 {
	case XLogMultiXactZeroOffPage:
		return "ZERO_OFF_PAGE"
	case XLogMultiXactZeroMemPage:
		return "ZERO_MEM_PAGE"
	case XLogMultiXactCreateID:
		return "CREATE_ID"
	case XLogMultiXactTruncateID:
		return "TRUNCATE_ID"
	}
	return ""
}

// DescribeMultiXact renders a MultiXact record's main data as
// pg_waldump's multixact_desc.
func DescribeMultiXact(info uint8, data []byte) string {
	switch info & 0xF0 {
	case XLogMultiXactZeroOffPage, XLogMultiXactZeroMemPage:
		if len(data) >= 4 {
			return fmt.Sprintf("%d", int32(binary.LittleEndian.Uint32(data)))
		}
	case XLogMultiXactCreateID:
		multi, offset, members, err := decodeMultiCreate(data)
		if err != nil {
			return ""
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%d offset %d nmembers %d: ", uint32(multi), uint32(offset), len(members))
		for _, mb := range members {
			fmt.Fprintf(&b, "%d (%s) ", uint32(mb.Xid), mb.Status)
		}
		return b.String()
	case XLogMultiXactTruncateID:
		if r, ok := decodeMultiTruncate(data); ok {
			return fmt.Sprintf("offsets [%d, %d), members [%d, %d)", uint32(r.startOff), uint32(r.endOff), uint32(r.startMemb), uint32(r.endMemb))
		}
	}
	return ""
}
