// The per-process buffer manager: reading blocks into the pool, victim
// replacement, content locks, marking dirty, releasing, and dropping a
// relation's buffers (PostgreSQL's bufmgr.c, the parts a backend uses).

package buffer

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// Pool is one process's handle on the shared buffer pool. It is not safe
// for concurrent use: a process (a backend, the checkpointer...) has one
// Pool and uses it from one goroutine at a time.
type Pool struct {
	sh        *Shared
	owner     *shmem.Owner
	procIndex int
	pins      *procPins
	cfg       Config
	scratch   []byte     // the checksummed copy of a page being written
	hintPage  []byte     // the copy of a page MarkDirtyHint logs
	held      []heldLock // content locks held, in acquisition order
	bgw       bgwState
	local     *localPool // temporary relations' pages (local.go)
	localSize func() int // temp_buffers, read when local is made
	// backendID is the process's backend id, the Backend of the
	// temporary relations it owns; another backend's are refused.
	backendID int32
	// usage counts the pages this process hit, read, dirtied and wrote
	// (pgBufferUsage), for EXPLAIN (BUFFERS).
	usage storage.BufferUsage
	// io counts the process's reads, writes, extensions, hits and
	// evictions for pg_stat_io (pgstat_count_io_op); lib/pgstat adds
	// them up and zeroes them. Plain increments: the hit path stays an
	// add to a field.
	io storage.IOCounts
	// countAccess, when set, is told of every page read and whether it
	// was found in a buffer, for the cumulative statistics
	// (pgstat_count_buffer_read, pgstat_count_buffer_hit).
	countAccess func(rel storage.RelFileLocator, hit bool)
	// countChecksumFailure, when set, is told of each page whose
	// checksum did not match, with its database
	// (pgstat_report_checksum_failures_in_db).
	countChecksumFailure func(db uint32)
}

// SetChecksumFailureCounter sets the function told of each checksum
// failure (the cumulative statistics).
func (p *Pool) SetChecksumFailureCounter(f func(db uint32)) { p.countChecksumFailure = f }

// SetAccessCounter sets the function told of every page read through
// the pool (the process's cumulative statistics).
func (p *Pool) SetAccessCounter(f func(rel storage.RelFileLocator, hit bool)) { p.countAccess = f }

// CountHit counts one more access to rel's page in buf, which the caller
// holds pinned, as a ReadBuffer that found it would (the cumulative
// statistics' hit, EXPLAIN's shared or local hit): a caller that keeps a
// page across several accesses PostgreSQL makes one ReadBuffer each for
// counts them the same.
func (p *Pool) CountHit(rel storage.RelFileLocator, buf Buffer) {
	if p.countAccess != nil {
		p.countAccess(rel, true)
	}
	if buf < 0 {
		p.usage.LocalHit++
		p.io.Counts[storage.IOObjectTempRelation][storage.IOContextNormal][storage.IOOpHit]++
		return
	}
	p.usage.SharedHit++
	p.io.Counts[storage.IOObjectRelation][storage.IOContextNormal][storage.IOOpHit]++
}

// Usage returns the process's buffer usage counters, live: they grow as
// the process works. Its temporary files count into them too.
func (p *Pool) Usage() *storage.BufferUsage { return &p.usage }

// IOCounts returns the process's pg_stat_io counts, live. The file
// manager counts its fsyncs into them too.
func (p *Pool) IOCounts() *storage.IOCounts { return &p.io }

type heldLock struct {
	buf  Buffer
	mode LockMode
}

// NewPool opens the pool for the process whose proc slot has index
// procIndex (proc.Array.Index) and whose lock owner is owner (the slot's
// Owner). The slot's pin array must be empty: a previous occupant's pins
// are released by the occupant itself or by the postmaster
// (Shared.ReleaseAllPins) before the slot is reused.
func (s *Shared) NewPool(owner *shmem.Owner, procIndex int, cfg Config) (*Pool, error) {
	if procIndex < 0 || procIndex >= len(s.pins) {
		return nil, fmt.Errorf("buffer: proc index %d out of range (the pool was sized for %d processes)", procIndex, len(s.pins))
	}
	if cfg.Files == nil {
		return nil, fmt.Errorf("buffer: Config.Files is required")
	}
	pp := &s.pins[procIndex]
	for i := range pp.entries {
		if pp.entries[i].buf != 0 {
			return nil, fmt.Errorf("buffer: proc slot %d still holds pins of a previous process", procIndex)
		}
	}
	pp.nused, pp.ioBuf = 0, 0
	p := &Pool{sh: s, owner: owner, procIndex: procIndex, pins: pp, cfg: cfg}
	if cfg.SetChecksum != nil {
		p.scratch = make([]byte, storage.BlockSize)
	}
	p.bgw.smoothedDensity = 10
	return p, nil
}

// Shared returns the pool's shared part.
func (p *Pool) Shared() *Shared { return p.sh }

// Close releases every content lock and pin the process still holds and
// returns how many buffers were still pinned (a leak, if not zero).
func (p *Pool) Close() int { return p.ReleaseAll() }

func (p *Pool) desc(buf Buffer) *bufferDesc {
	if buf <= 0 || int(buf) > len(p.sh.descs) {
		panic(fmt.Sprintf("buffer: bad buffer ID: %d", buf))
	}
	return &p.sh.descs[buf-1]
}

func (p *Pool) mustPin(buf Buffer) *pinEntry {
	p.desc(buf)
	e := p.findPin(buf.id())
	if e == nil {
		panic(fmt.Sprintf("buffer: buffer %d is not pinned by this process", buf))
	}
	return e
}

func (p *Pool) warn(e *pgerr.Error) {
	if p.cfg.Warn != nil {
		p.cfg.Warn(e.WithSeverity(pgerr.SeverityWarning))
	}
}

// ReadBuffer returns the buffer holding the block, pinned, its page valid,
// its content not locked.
func (p *Pool) ReadBuffer(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber) (Buffer, error) {
	return p.ReadBufferExtended(rel, fork, block, Normal)
}

// ReadBufferExtended is ReadBuffer with a mode. Block storage.InvalidBlock
// (P_NEW) extends the fork by one zeroed page, as ExtendRelation does; the
// page is locked exclusively only in mode ZeroAndLock.
func (p *Pool) ReadBufferExtended(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, mode ReadMode) (Buffer, error) {
	return p.readBuffer(rel, fork, block, mode, nil)
}

// ReadBufferWith is ReadBuffer for a bulk operation with a strategy: a
// block not in the pool is read into a buffer of the ring, and pinning
// one that is does not raise its usage count beyond 1, so that the
// operation's own re-reads do not keep its pages in the pool.
func (p *Pool) ReadBufferWith(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, strategy *Strategy) (Buffer, error) {
	return p.readBuffer(rel, fork, block, Normal, strategy)
}

func (p *Pool) readBuffer(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, mode ReadMode, strategy *Strategy) (Buffer, error) {
	if rel.IsTemp() {
		return p.localRead(rel, fork, block, mode)
	}
	if block == storage.InvalidBlock {
		if p.countAccess != nil {
			p.countAccess(rel, false)
		}
		buf, _, err := p.extend(rel, fork, mode == ZeroAndLock, strategy)
		return buf, err
	}
	tag := NewTag(rel, fork, block)
	id, found, err := p.bufferAlloc(&tag, strategy)
	if err != nil {
		return InvalidBuffer, err
	}
	if p.countAccess != nil {
		p.countAccess(rel, found)
	}
	buf := Buffer(id + 1)
	if found {
		p.usage.SharedHit++
		p.io.Counts[storage.IOObjectRelation][storage.IOContextNormal][storage.IOOpHit]++
		if mode == ZeroAndLock {
			p.LockBuffer(buf, Exclusive)
		}
		return buf, nil
	}
	if mode != ZeroAndLock {
		// A page redo rewrites whole is not counted as read, as in
		// ReadBuffer_common.
		p.usage.SharedRead++
	}
	p.settlePermanence(id, &tag)
	// This process owns the input I/O: nobody else reads or locks the page
	// until terminateIO.
	page := p.sh.page(id)
	if mode == ZeroAndLock {
		clear(page)
	} else if err := p.readIn(&tag, page, mode); err != nil {
		p.abortIO(id)
		p.unpin(id)
		return InvalidBuffer, err
	}
	if mode == ZeroAndLock {
		p.LockBuffer(buf, Exclusive)
	}
	p.terminateIO(id, false, bmValid)
	return buf, nil
}

// readIn reads the block into page and verifies it.
func (p *Pool) readIn(tag *BufferTag, page []byte, mode ReadMode) error {
	var start time.Time
	timing := p.settingBool("track_io_timing")
	if timing {
		start = time.Now()
	}
	if err := p.cfg.Files.Read(tag.Rel, tag.Fork, tag.Block, page); err != nil {
		return err
	}
	var took time.Duration
	if timing {
		took = time.Since(start)
		p.usage.ReadTime += took
	}
	obj := storage.IOObjectRelation
	if tag.Rel.IsTemp() {
		obj = storage.IOObjectTempRelation
	}
	p.io.Count(obj, storage.IOContextNormal, storage.IOOpRead, 1, took)
	if p.cfg.VerifyChecksum == nil || isZeroPage(page) {
		return nil
	}
	ok, warning := p.cfg.VerifyChecksum(page, tag.Block)
	if warning != nil {
		p.warn(warning)
		if p.countChecksumFailure != nil {
			p.countChecksumFailure(tag.Rel.DB)
		}
	}
	if ok {
		return nil
	}
	path := tag.Rel.Path(tag.Fork, 0)
	if mode == ZeroOnError || p.settingBool("zero_damaged_pages") {
		p.warn(pgerr.Newf(pgerr.DataCorrupted, "invalid page in block %d of relation %s; zeroing out page", tag.Block, path))
		clear(page)
		return nil
	}
	return pgerr.Newf(pgerr.DataCorrupted, "invalid page in block %d of relation %s", tag.Block, path)
}

// bufferAlloc finds the buffer for tag or assigns one (BufferAlloc). The
// buffer is returned pinned. found reports that its page is valid;
// otherwise this process owns the buffer's input I/O and must fill the
// page and call terminateIO, or abortIO.
func (p *Pool) bufferAlloc(tag *BufferTag, strategy *Strategy) (int32, bool, error) {
	sh := p.sh
	hash := tag.hash()
	part := sh.partition(hash)

	part.RLock(p.owner)
	if id := sh.lookup(tag, hash); id >= 0 {
		e, err := p.entryFor(id)
		if err != nil {
			part.RUnlock(p.owner)
			return -1, false, err
		}
		valid := p.pinWith(id, e, strategy != nil)
		part.RUnlock(p.owner)
		return id, p.finishFound(id, valid), nil
	}
	part.RUnlock(p.owner)

	for {
		res, err := p.freeEntry()
		if err != nil {
			return -1, false, err
		}
		victim, st, fromRing, err := p.victim(strategy)
		if err != nil {
			return -1, false, err
		}
		p.pinLocked(victim, st, res)
		vd := &sh.descs[victim]

		// A dirty victim is written first, with no mapping lock held,
		// under a share content lock as PostgreSQL does. The lock is only
		// tried: if someone holds it exclusively, the page is being changed
		// and another victim is better.
		if st&bmDirty != 0 {
			if !vd.content.TryRLock(p.owner) {
				p.unpin(victim)
				continue
			}
			if fromRing {
				hdr := lockHdr(p.owner, vd)
				lsn := PageLSN(sh.page(victim))
				unlockHdr(p.owner, vd, hdr)
				if p.rejectDirty(strategy, lsn) {
					vd.content.RUnlock(p.owner)
					p.unpin(victim)
					continue
				}
			}
			wrote, err := p.flushBuffer(victim)
			vd.content.RUnlock(p.owner)
			if err != nil {
				p.unpin(victim)
				return -1, false, err
			}
			if wrote {
				atomic.AddUint64(&sh.hdr.stats[statBackend], 1)
			}
		}

		// We pin the victim, so its tag cannot change under us.
		hadTag := st&bmTagValid != 0
		oldTag := vd.tag
		var oldHash uint32
		newPart := partitionOf(hash)
		oldPart := newPart
		if hadTag {
			oldHash = oldTag.hash()
			oldPart = partitionOf(oldHash)
		}
		p.lockPartitions(oldPart, newPart)

		// Somebody may have loaded the block while we were busy.
		if id := sh.lookup(tag, hash); id >= 0 {
			e, err := p.entryFor(id)
			if err != nil {
				p.unlockPartitions(oldPart, newPart)
				p.unpin(victim)
				return -1, false, err
			}
			valid := p.pinWith(id, e, strategy != nil)
			p.unlockPartitions(oldPart, newPart)
			p.unpin(victim)
			return id, p.finishFound(id, valid), nil
		}

		st = lockHdr(p.owner, vd)
		if refcount(st) != 1 || st&bmDirty != 0 {
			// Pinned or re-dirtied meanwhile: start over.
			unlockHdr(p.owner, vd, st)
			p.unlockPartitions(oldPart, newPart)
			p.unpin(victim)
			continue
		}
		if st&bmValid != 0 {
			// Counted once the victim is surely ours, as GetVictimBuffer
			// does: a valid page left the pool for this one.
			p.io.Counts[storage.IOObjectRelation][storage.IOContextNormal][storage.IOOpEvict]++
		}
		vd.tag = *tag
		st &^= bmValid | bmDirty | bmJustDirtied | bmCheckpointNeeded | bmIOError | bmPermanent | usageMask
		st |= bmTagValid | bmPermanent | usageOne
		unlockHdr(p.owner, vd, st)
		if hadTag {
			sh.remove(&oldTag, oldHash, victim)
		}
		sh.insert(tag, hash, victim)
		p.unlockPartitions(oldPart, newPart)
		return victim, p.finishFound(victim, false), nil
	}
}

// settlePermanence sets or clears BM_PERMANENT on buffer id, whose
// input I/O (or extension) this process owns, for the page of tag: only
// an unlogged relation's pages other than its init fork's are not
// permanent (BufferAlloc's relpersistence test). Nobody else reads or
// writes the page before terminateIO, and it is not dirty.
func (p *Pool) settlePermanence(id int32, tag *BufferTag) {
	if p.cfg.Unlogged == nil {
		return
	}
	permanent := tag.Fork == storage.InitFork || !p.cfg.Unlogged(tag.Rel)
	d := &p.sh.descs[id]
	st := lockHdr(p.owner, d)
	if permanent {
		st |= bmPermanent
	} else {
		st &^= bmPermanent
	}
	unlockHdr(p.owner, d, st)
}

// finishFound settles a buffer just pinned with the given validity: an
// invalid page is read by whoever first gets its I/O; the others wait.
func (p *Pool) finishFound(id int32, valid bool) bool {
	if valid {
		return true
	}
	return !p.startIO(id, true)
}

// lockPartitions takes both mapping partition locks exclusively, the
// lower-numbered first (they may be the same).
func (p *Pool) lockPartitions(a, b int) {
	if a > b {
		a, b = b, a
	}
	p.sh.parts[a].l.Lock(p.owner)
	if b != a {
		p.sh.parts[b].l.Lock(p.owner)
	}
}

func (p *Pool) unlockPartitions(a, b int) {
	p.sh.parts[a].l.Unlock(p.owner)
	if b != a {
		p.sh.parts[b].l.Unlock(p.owner)
	}
}

// ----- page access and content locks -----

// Page is the buffer's page: the shared memory itself, no copy. Read it
// under a share content lock, change it under an exclusive one.
func (p *Pool) Page(buf Buffer) []byte {
	if buf < 0 {
		return p.localDescOf(buf).page
	}
	p.desc(buf)
	return p.sh.page(buf.id())
}

// Tag is the block a pinned buffer holds.
func (p *Pool) Tag(buf Buffer) BufferTag {
	if buf < 0 {
		return p.localDescOf(buf).tag
	}
	p.mustPin(buf)
	return p.desc(buf).tag
}

// BlockNumber is the block number a pinned buffer holds
// (BufferGetBlockNumber).
func (p *Pool) BlockNumber(buf Buffer) storage.BlockNumber { return p.Tag(buf).Block }

// PageLSN reads a pinned buffer's pd_lsn under the header spinlock, so it
// is safe with only a pin or a share lock while hint-bit setters may move
// it (BufferGetLSNAtomic).
func (p *Pool) PageLSN(buf Buffer) storage.LSN {
	if buf < 0 {
		return PageLSN(p.localDescOf(buf).page)
	}
	p.mustPin(buf)
	d := p.desc(buf)
	st := lockHdr(p.owner, d)
	lsn := PageLSN(p.sh.page(buf.id()))
	unlockHdr(p.owner, d, st)
	return lsn
}

// LockBuffer takes (Share, Exclusive) or releases (Unlock) the content
// lock of a buffer this process has pinned.
func (p *Pool) LockBuffer(buf Buffer, mode LockMode) {
	if buf < 0 {
		p.localDescOf(buf) // only this process sees a local buffer: no lock
		return
	}
	p.mustPin(buf)
	d := p.desc(buf)
	switch mode {
	case Share:
		d.content.RLock(p.owner)
		p.held = append(p.held, heldLock{buf, Share})
	case Exclusive:
		d.content.Lock(p.owner)
		p.held = append(p.held, heldLock{buf, Exclusive})
	case Unlock:
		for i := len(p.held) - 1; i >= 0; i-- {
			if p.held[i].buf == buf {
				m := p.held[i].mode
				p.held = append(p.held[:i], p.held[i+1:]...)
				if m == Share {
					d.content.RUnlock(p.owner)
				} else {
					d.content.Unlock(p.owner)
				}
				return
			}
		}
		panic(fmt.Sprintf("buffer: buffer %d is not locked", buf))
	default:
		panic(fmt.Sprintf("buffer: unrecognized buffer lock mode: %d", mode))
	}
}

// ConditionalLockBuffer takes the content lock exclusively if that needs
// no waiting.
func (p *Pool) ConditionalLockBuffer(buf Buffer) bool {
	if buf < 0 {
		p.localDescOf(buf)
		return true
	}
	p.mustPin(buf)
	if !p.desc(buf).content.TryLock(p.owner) {
		return false
	}
	p.held = append(p.held, heldLock{buf, Exclusive})
	return true
}

// lockMode is how this process holds buf's content lock (Unlock: not).
func (p *Pool) lockMode(buf Buffer) LockMode {
	for i := len(p.held) - 1; i >= 0; i-- {
		if p.held[i].buf == buf {
			return p.held[i].mode
		}
	}
	return Unlock
}

// LockBufferForCleanup takes the content lock exclusively and waits until
// this process's pin is the only one (VACUUM's "cleanup lock": nobody else
// even looks at the page). The process must pin the buffer exactly once.
func (p *Pool) LockBufferForCleanup(buf Buffer) error {
	if buf < 0 {
		if d := p.localDescOf(buf); d.pins != 1 {
			return pgerr.Newf(pgerr.InternalError, "incorrect local pin count: %d", d.pins)
		}
		return nil
	}
	e := p.mustPin(buf)
	if e.count != 1 {
		return pgerr.Newf(pgerr.InternalError, "incorrect local pin count: %d", e.count)
	}
	d := p.desc(buf)
	me := int32(p.procIndex) + 1
	for {
		p.LockBuffer(buf, Exclusive)
		st := lockHdr(p.owner, d)
		if refcount(st) == 1 {
			unlockHdr(p.owner, d, st)
			return nil
		}
		if st&bmPinCountWaiter != 0 {
			unlockHdr(p.owner, d, st)
			p.LockBuffer(buf, Unlock)
			return pgerr.New(pgerr.InternalError, "multiple backends attempting to wait for pincount 1")
		}
		atomic.StoreInt32(&d.pinWaiter, me)
		unlockHdr(p.owner, d, st|bmPinCountWaiter)
		p.LockBuffer(buf, Unlock)
		prev := waitevent.Swap(p.owner, waitevent.BufferPin)
		sleepUntil(d, func(s uint32) bool {
			return s&bmPinCountWaiter == 0 || atomic.LoadInt32(&d.pinWaiter) != me
		})
		waitevent.Restore(p.owner, prev)
		// A wake-up for another reason leaves the flag ours: clear it.
		st = lockHdr(p.owner, d)
		if st&bmPinCountWaiter != 0 && atomic.LoadInt32(&d.pinWaiter) == me {
			st &^= bmPinCountWaiter
			atomic.StoreInt32(&d.pinWaiter, 0)
		}
		unlockHdr(p.owner, d, st)
	}
}

// ConditionalLockBufferForCleanup takes the cleanup lock if that needs no
// waiting.
func (p *Pool) ConditionalLockBufferForCleanup(buf Buffer) bool {
	if buf < 0 {
		return p.localDescOf(buf).pins == 1
	}
	e := p.mustPin(buf)
	if e.count != 1 || !p.ConditionalLockBuffer(buf) {
		return false
	}
	d := p.desc(buf)
	st := lockHdr(p.owner, d)
	ok := refcount(st) == 1
	unlockHdr(p.owner, d, st)
	if !ok {
		p.LockBuffer(buf, Unlock)
	}
	return ok
}

// MarkDirty marks a buffer whose content lock this process holds
// exclusively as needing a write (MarkBufferDirty). Call it before
// inserting the WAL record for the change (docs/storage.md rule 2).
func (p *Pool) MarkDirty(buf Buffer) {
	if buf < 0 {
		p.localDirty(p.localDescOf(buf))
		return
	}
	p.mustPin(buf)
	if p.lockMode(buf) != Exclusive {
		panic(fmt.Sprintf("buffer: MarkDirty of buffer %d without its exclusive content lock", buf))
	}
	d := p.desc(buf)
	for {
		old := atomic.LoadUint32(&d.state)
		if old&bmLocked != 0 {
			old = waitHdrUnlocked(d)
		}
		if atomic.CompareAndSwapUint32(&d.state, old, old|bmDirty|bmJustDirtied) {
			if old&bmDirty == 0 {
				p.usage.SharedDirtied++
			}
			return
		}
	}
}

// MarkDirtyHint marks a buffer dirty after a change that needs no WAL,
// such as hint bits, made under a share content lock
// (MarkBufferDirtyHint). With checksums on, a torn write of such a page
// would fail verification after a crash (and with wal_log_hints, tools
// that compare pages by LSN would miss the change), so a page not
// WAL-logged since
// the last redo point first gets a full-page image (Config.LogHint), whose
// end becomes the page's LSN; between that record and the dirty flag the
// process holds off the dirty-buffer scan of a checkpoint that began
// meanwhile (delayCkpt), which would otherwise skip the page while its
// image lies before the new redo point.
func (p *Pool) MarkDirtyHint(buf Buffer) {
	if buf < 0 {
		p.localDirty(p.localDescOf(buf)) // never WAL-logged
		return
	}
	p.mustPin(buf)
	if p.lockMode(buf) == Unlock {
		panic(fmt.Sprintf("buffer: MarkDirtyHint of buffer %d without its content lock", buf))
	}
	d := p.desc(buf)
	st := atomic.LoadUint32(&d.state)
	if st&(bmDirty|bmJustDirtied) == bmDirty|bmJustDirtied {
		return
	}
	var lsn storage.LSN
	if p.cfg.LogHint != nil && st&bmPermanent != 0 {
		atomic.StoreUint32(&p.pins.delayCkpt, 1)
		defer func() {
			atomic.StoreUint32(&p.pins.delayCkpt, 0)
			atomic.AddUint32(&p.pins.delayCkptDone, 1)
		}()
		// The copy may race with other hint setters; any mix of their bits
		// is a valid page, and the write recomputes the checksum anyway.
		image := p.hintCopy()
		copy(image, p.Page(buf))
		var ok bool
		var err error
		lsn, ok, err = p.cfg.LogHint(d.tag, image)
		if err != nil {
			p.warn(pgerr.As(err))
			return
		}
		if !ok {
			return
		}
	}
	// pd_lsn changes under the header spinlock: a concurrent flushBuffer
	// reads it there, holding only a share content lock like us.
	st = lockHdr(p.owner, d)
	if lsn != 0 {
		SetPageLSN(p.Page(buf), lsn)
	}
	if st&bmDirty == 0 {
		p.usage.SharedDirtied++
	}
	unlockHdr(p.owner, d, st|bmDirty|bmJustDirtied)
}

// hintCopy is the private page MarkDirtyHint hands to Config.LogHint.
func (p *Pool) hintCopy() []byte {
	if p.hintPage == nil {
		p.hintPage = make([]byte, storage.BlockSize)
	}
	return p.hintPage
}

// IncrPin adds a pin to a buffer this process already pins
// (IncrBufferRefCount); each pin needs its own Release.
func (p *Pool) IncrPin(buf Buffer) {
	if buf < 0 {
		p.localDescOf(buf).pins++
		return
	}
	p.mustPin(buf).count++
}

// Release drops one pin (ReleaseBuffer). The last pin must not be dropped
// while this process holds the content lock.
func (p *Pool) Release(buf Buffer) {
	if buf < 0 {
		p.localDescOf(buf)
		p.localUnpin(localID(buf))
		return
	}
	e := p.mustPin(buf)
	if e.count == 1 && p.lockMode(buf) != Unlock {
		panic(fmt.Sprintf("buffer: releasing the last pin of buffer %d while its content lock is held", buf))
	}
	p.unpin(buf.id())
}

// UnlockRelease releases the content lock and one pin
// (UnlockReleaseBuffer).
func (p *Pool) UnlockRelease(buf Buffer) {
	if buf < 0 {
		p.Release(buf)
		return
	}
	p.LockBuffer(buf, Unlock)
	p.unpin(buf.id())
}

// ReleaseAll releases every content lock and every pin this process holds
// and fails the I/O it had in progress, as transaction abort does
// (resource owner cleanup, UnlockBuffers, AbortBufferIO). It returns how
// many buffers were pinned.
func (p *Pool) ReleaseAll() int {
	nLocal := p.localReleaseAll()
	for i := len(p.held) - 1; i >= 0; i-- {
		h := p.held[i]
		if h.mode == Share {
			p.desc(h.buf).content.RUnlock(p.owner)
		} else {
			p.desc(h.buf).content.Unlock(p.owner)
		}
	}
	p.held = p.held[:0]
	if b := p.pins.ioBuf; b != 0 {
		p.abortIO(b - 1)
	}
	n := 0
	pp := p.pins
	for i := int(pp.nused) - 1; i >= 0; i-- {
		if i >= int(pp.nused) || pp.entries[i].buf == 0 {
			continue
		}
		pp.entries[i].count = 1
		p.unpin(pp.entries[i].buf - 1)
		n++
	}
	return n + nLocal
}

// PinnedBuffers is the number of distinct buffers this process pins.
func (p *Pool) PinnedBuffers() int {
	n := p.localPinned()
	for i := int32(0); i < p.pins.nused; i++ {
		if p.pins.entries[i].buf != 0 {
			n++
		}
	}
	return n
}

// ----- dropping and flushing a relation's buffers -----

// DropRelationBuffers forgets, without writing them, the buffers of fork
// from block firstBlock on (DropRelFileLocatorBuffers), before the fork is
// truncated or unlinked. The caller holds the relation's
// AccessExclusiveLock, so other pins are transient (the bgwriter or the
// checkpointer writing the page): they are waited for. A pin of this
// process on one of those buffers is an error.
func (p *Pool) DropRelationBuffers(rel storage.RelFileLocator, fork storage.ForkNumber, firstBlock storage.BlockNumber) error {
	if rel.IsTemp() {
		return p.localDrop(rel, fork, firstBlock)
	}
	return p.dropBuffers(func(t *BufferTag) bool {
		return t.Rel == rel && t.Fork == fork && t.Block >= firstBlock
	})
}

// DropDatabaseBuffers forgets every buffer of database db (DROP DATABASE).
func (p *Pool) DropDatabaseBuffers(db uint32) error {
	return p.dropBuffers(func(t *BufferTag) bool { return t.Rel.DB == db })
}

func (p *Pool) dropBuffers(match func(*BufferTag) bool) error {
	for id := range p.sh.descs {
		d := &p.sh.descs[id]
		// An unlocked look first, as PostgreSQL does: a buffer that does
		// not match now and gets the relation's tag later was loaded after
		// our caller's lock, which cannot happen.
		t := d.tag
		if !match(&t) {
			continue
		}
		st := lockHdr(p.owner, d)
		if st&bmTagValid == 0 || !match(&d.tag) {
			unlockHdr(p.owner, d, st)
			continue
		}
		if err := p.invalidate(int32(id), st); err != nil {
			return err
		}
	}
	return nil
}

// invalidate removes buffer id from the mapping table and clears it
// (InvalidateBuffer). The caller holds its header spinlock with state st;
// it is released.
func (p *Pool) invalidate(id int32, st uint32) error {
	d := &p.sh.descs[id]
	oldTag := d.tag
	unlockHdr(p.owner, d, st)
	hash := oldTag.hash()
	part := p.sh.partition(hash)
	for {
		part.Lock(p.owner)
		st = lockHdr(p.owner, d)
		if st&bmTagValid == 0 || d.tag != oldTag {
			unlockHdr(p.owner, d, st)
			part.Unlock(p.owner)
			return nil
		}
		if refcount(st) != 0 {
			unlockHdr(p.owner, d, st)
			part.Unlock(p.owner)
			if p.findPin(id) != nil {
				return pgerr.Newf(pgerr.InternalError, "buffer is pinned in InvalidateBuffer")
			}
			if st&bmIOInProgress != 0 {
				waitIO(p.owner, d)
			} else {
				time.Sleep(100 * time.Microsecond)
			}
			continue
		}
		d.tag = BufferTag{}
		st &^= flagMask | usageMask
		unlockHdr(p.owner, d, st)
		p.sh.remove(&oldTag, hash, id)
		part.Unlock(p.owner)
		return nil
	}
}

// FlushRelationBuffers writes every dirty buffer of the relation, all
// forks (before copying its files, or for a relation created without WAL).
// The process must not hold content locks on those buffers.
func (p *Pool) FlushRelationBuffers(rel storage.RelFileLocator) error {
	if rel.IsTemp() {
		return p.localFlush(rel)
	}
	for id := range p.sh.descs {
		d := &p.sh.descs[id]
		if d.tag.Rel != rel {
			continue
		}
		res, err := p.freeEntry()
		if err != nil {
			return err
		}
		st := lockHdr(p.owner, d)
		if d.tag.Rel != rel || st&(bmValid|bmDirty) != bmValid|bmDirty {
			unlockHdr(p.owner, d, st)
			continue
		}
		p.pinLocked(int32(id), st, res)
		d.content.RLock(p.owner)
		wrote, err := p.flushBuffer(int32(id))
		d.content.RUnlock(p.owner)
		p.unpin(int32(id))
		if err != nil {
			return err
		}
		if wrote {
			atomic.AddUint64(&p.sh.hdr.stats[statBackend], 1)
		}
	}
	return nil
}

// ----- inspection -----

// BufferInfo is one buffer's header, as pg_buffercache shows it.
type BufferInfo struct {
	Buffer     Buffer
	Tag        BufferTag
	TagValid   bool
	Valid      bool
	Dirty      bool
	IOError    bool
	UsageCount int
	PinCount   int // processes pinning it
}

// Inspect reads buffer buf's header under its spinlock.
func (p *Pool) Inspect(buf Buffer) BufferInfo {
	d := p.desc(buf)
	st := lockHdr(p.owner, d)
	info := BufferInfo{
		Buffer: buf, Tag: d.tag,
		TagValid: st&bmTagValid != 0, Valid: st&bmValid != 0, Dirty: st&bmDirty != 0, IOError: st&bmIOError != 0,
		UsageCount: int(usageCount(st)), PinCount: int(refcount(st)),
	}
	unlockHdr(p.owner, d, st)
	return info
}

func (p *Pool) settingBool(name string) bool {
	return p.cfg.Settings != nil && p.cfg.Settings.Bool(name)
}

// HintsNeedWAL reports whether changes made without WAL (hint bits, the
// free space map, PD_ALL_VISIBLE) must be protected by full-page images
// because data checksums or wal_log_hints are on (XLogHintBitIsNeeded).
func (p *Pool) HintsNeedWAL() bool { return p.cfg.LogHint != nil }

// Owner is the lock owner the pool was opened with (the process's), for
// callers that must enter a critical section around a buffer change.
func (p *Pool) Owner() *shmem.Owner { return p.owner }
