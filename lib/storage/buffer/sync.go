// Writing buffers for others: the checkpointer's BufferSync, the
// background writer's LRU scan ahead of the clock hand (BgBufferSync),
// SyncOneBuffer that both use, and the pg_stat_bgwriter counters.

package buffer

import (
	"cmp"
	"slices"
	"sync/atomic"
	"time"
)

// SyncOneBuffer writes buffer id (0-based, 0..NBuffers-1) if it is valid
// and dirty. With skipRecentlyUsed, a buffer that is pinned or has a
// non-zero usage count is left alone (the background writer only cleans
// buffers the clock sweep could take next). The result says whether it
// wrote and whether the buffer was reusable. It counts no statistics: its
// callers do.
func (p *Pool) SyncOneBuffer(id int, skipRecentlyUsed bool) (SyncResult, error) {
	d := &p.sh.descs[id]
	res, err := p.freeEntry()
	if err != nil {
		return 0, err
	}
	var result SyncResult
	// No content lock is needed for this look: a page dirtied just after it
	// carries a change whose WAL record is after the checkpoint's redo
	// point, so the checkpoint need not write it.
	st := lockHdr(p.owner, d)
	if refcount(st) == 0 && usageCount(st) == 0 {
		result |= BufReusable
	} else if skipRecentlyUsed {
		unlockHdr(p.owner, d, st)
		return result, nil
	}
	if st&(bmValid|bmDirty) != bmValid|bmDirty {
		unlockHdr(p.owner, d, st)
		return result, nil
	}
	p.pinLocked(int32(id), st, res)
	d.content.RLock(p.owner)
	_, err = p.flushBuffer(int32(id))
	d.content.RUnlock(p.owner)
	p.unpin(int32(id))
	if err != nil {
		return result, err
	}
	return result | BufWritten, nil
}

// BufferSync writes every dirty buffer for a checkpoint. It first marks
// them all BM_CHECKPOINT_NEEDED (a buffer dirtied later is not this
// checkpoint's business), then writes them sorted by tag, so that each
// file is written in block order, calling pace after each one with the
// fraction done; the checkpointer sleeps there to spread the writes over
// checkpoint_completion_target (CheckpointWriteDelay). Without
// CheckpointIsShutdown, CheckpointEndOfRecovery or CheckpointFlushAll in
// flags only permanent buffers are written. It returns the number written.
//
// The caller has taken the checkpoint's redo point. Before scanning,
// BufferSync waits for every process that was between logging a hint-bit
// image and marking its buffer dirty (MarkDirtyHint): the image may lie
// before the redo point, so the page must be dirty when the scan sees it.
func (p *Pool) BufferSync(flags int, pace func(progress float64)) (int, error) {
	p.waitForHintLogging()
	mask := bmDirty
	if flags&(CheckpointIsShutdown|CheckpointEndOfRecovery|CheckpointFlushAll) == 0 {
		mask |= bmPermanent
	}
	type item struct {
		tag BufferTag
		id  int32
	}
	var todo []item
	for id := range p.sh.descs {
		d := &p.sh.descs[id]
		st := lockHdr(p.owner, d)
		if st&mask == mask {
			st |= bmCheckpointNeeded
			todo = append(todo, item{d.tag, int32(id)})
		}
		unlockHdr(p.owner, d, st)
	}
	if len(todo) == 0 {
		return 0, nil
	}
	slices.SortFunc(todo, func(a, b item) int {
		return cmp.Or(
			cmp.Compare(a.tag.Rel.Spc, b.tag.Rel.Spc),
			cmp.Compare(a.tag.Rel.DB, b.tag.Rel.DB),
			cmp.Compare(a.tag.Rel.Rel, b.tag.Rel.Rel),
			cmp.Compare(a.tag.Fork, b.tag.Fork),
			cmp.Compare(a.tag.Block, b.tag.Block),
		)
	})
	written := 0
	for i, it := range todo {
		// Written meanwhile by someone else, or evicted and reused: the
		// flag is gone and there is nothing to do.
		if atomic.LoadUint32(&p.sh.descs[it.id].state)&bmCheckpointNeeded != 0 {
			r, err := p.SyncOneBuffer(int(it.id), false)
			if err != nil {
				return written, err
			}
			if r&BufWritten != 0 {
				written++
				atomic.AddUint64(&p.sh.hdr.stats[statCheckpoint], 1)
			}
		}
		if pace != nil {
			pace(float64(i+1) / float64(len(todo)))
		}
	}
	return written, nil
}

// bgwState is what the background writer remembers between rounds.
type bgwState struct {
	savedValid         bool
	prevStrategyBufID  int
	prevStrategyPasses uint32
	nextToClean        int
	nextPasses         uint32
	smoothedAlloc      float64
	smoothedDensity    float64
}

// BgBufferSync is one round of the background writer: it writes dirty,
// reusable buffers ahead of the clock hand, as many as the recent
// allocation rate times bgwriter_lru_multiplier predicts the next round
// will need, at most bgwriter_lru_maxpages. It reports whether the writer
// may hibernate (the hand has been lapped and nothing was allocated, or
// the LRU scan is disabled); the writer then sleeps in WaitForAllocation.
// This is PostgreSQL's algorithm, smoothing constants included.
func (p *Pool) BgBufferSync() (bool, error) {
	const smoothingSamples = 16
	const scanWholePoolMillis = 120000.0
	maxPages, multiplier, delay := p.bgwriterSettings()
	n := int(p.sh.nbuffers)
	s := &p.bgw

	strategyBufID, strategyPasses, recentAlloc := p.sh.strategySyncStart()
	if maxPages <= 0 {
		s.savedValid = false
		return true, nil
	}

	var strategyDelta int64
	var bufsToLap int
	if s.savedValid {
		passesDelta := int32(strategyPasses - s.prevStrategyPasses)
		strategyDelta = int64(strategyBufID-s.prevStrategyBufID) + int64(passesDelta)*int64(n)
		switch {
		case int32(s.nextPasses-strategyPasses) > 0:
			// one pass ahead of the hand
			bufsToLap = strategyBufID - s.nextToClean
		case s.nextPasses == strategyPasses && s.nextToClean >= strategyBufID:
			// same pass, not behind
			bufsToLap = n - (s.nextToClean - strategyBufID)
		default:
			// behind: skip forward to the hand
			s.nextToClean, s.nextPasses = strategyBufID, strategyPasses
			bufsToLap = n
		}
	} else {
		strategyDelta = 0
		s.nextToClean, s.nextPasses = strategyBufID, strategyPasses
		bufsToLap = n
	}
	s.prevStrategyBufID, s.prevStrategyPasses, s.savedValid = strategyBufID, strategyPasses, true

	if strategyDelta > 0 && recentAlloc > 0 {
		scansPerAlloc := float64(strategyDelta) / float64(recentAlloc)
		s.smoothedDensity += (scansPerAlloc - s.smoothedDensity) / smoothingSamples
	}
	bufsAhead := n - bufsToLap
	reusableEst := int(float64(bufsAhead) / s.smoothedDensity)
	if s.smoothedAlloc <= float64(recentAlloc) {
		s.smoothedAlloc = float64(recentAlloc)
	} else {
		s.smoothedAlloc += (float64(recentAlloc) - s.smoothedAlloc) / smoothingSamples
	}
	upcomingEst := int(s.smoothedAlloc * multiplier)
	if upcomingEst == 0 {
		s.smoothedAlloc = 0
	}
	minScan := int(float64(n) / (scanWholePoolMillis / float64(delay.Milliseconds())))
	if upcomingEst < minScan+reusableEst {
		upcomingEst = minScan + reusableEst
	}

	numToScan, numWritten, reusable := bufsToLap, 0, reusableEst
	var err error
	for numToScan > 0 && reusable < upcomingEst {
		var r SyncResult
		r, err = p.SyncOneBuffer(s.nextToClean, true)
		if s.nextToClean++; s.nextToClean >= n {
			s.nextToClean = 0
			s.nextPasses++
		}
		numToScan--
		if err != nil {
			break
		}
		if r&BufWritten != 0 {
			reusable++
			if numWritten++; numWritten >= maxPages {
				atomic.AddUint64(&p.sh.hdr.stats[statMaxWrittenClean], 1)
				break
			}
		} else if r&BufReusable != 0 {
			reusable++
		}
	}
	atomic.AddUint64(&p.sh.hdr.stats[statClean], uint64(numWritten))

	newStrategyDelta := bufsToLap - numToScan
	newRecentAlloc := reusable - reusableEst
	if newStrategyDelta > 0 && newRecentAlloc > 0 {
		scansPerAlloc := float64(newStrategyDelta) / float64(newRecentAlloc)
		s.smoothedDensity += (scansPerAlloc - s.smoothedDensity) / smoothingSamples
	}
	return bufsToLap == 0 && recentAlloc == 0, err
}

func (p *Pool) bgwriterSettings() (maxPages int, multiplier float64, delay time.Duration) {
	maxPages, multiplier, delay = 100, 2.0, 200*time.Millisecond
	if st := p.cfg.Settings; st != nil {
		maxPages = int(st.Int("bgwriter_lru_maxpages"))
		multiplier = st.Real("bgwriter_lru_multiplier")
		delay = st.Duration("bgwriter_delay")
	}
	if delay < time.Millisecond {
		delay = time.Millisecond
	}
	return
}

// Stats are the buffer manager's pg_stat_bgwriter counters, cumulative
// across all processes since the pool was created or last reset.
type Stats struct {
	BuffersCheckpoint   int64 // written by BufferSync
	BuffersClean        int64 // written by BgBufferSync
	MaxWrittenClean     int64 // BgBufferSync rounds stopped by bgwriter_lru_maxpages
	BuffersBackend      int64 // written by any other process (evictions, FlushRelationBuffers)
	BuffersBackendFsync int64 // fsyncs a backend had to do itself (CountBackendFsync)
	BuffersAlloc        int64 // buffers allocated (clock sweep runs)
	StatsReset          time.Time
}

// Stats reads the counters.
func (s *Shared) Stats() Stats {
	h := s.hdr
	ld := func(i int) int64 { return int64(atomic.LoadUint64(&h.stats[i])) }
	st := Stats{
		BuffersCheckpoint: ld(statCheckpoint), BuffersClean: ld(statClean),
		MaxWrittenClean: ld(statMaxWrittenClean), BuffersBackend: ld(statBackend),
		BuffersBackendFsync: ld(statBackendFsync), BuffersAlloc: ld(statAlloc),
	}
	if us := atomic.LoadInt64(&h.statsReset); us != 0 {
		st.StatsReset = time.UnixMicro(us)
	}
	return st
}

// ResetStats zeroes the counters (pg_stat_reset_shared('bgwriter')).
func (s *Shared) ResetStats() {
	for i := range s.hdr.stats {
		atomic.StoreUint64(&s.hdr.stats[i], 0)
	}
	atomic.StoreInt64(&s.hdr.statsReset, time.Now().UnixMicro())
}

// CountBackendFsync counts an fsync a backend did itself because the
// checkpointer's request queue was full (for lib/storage/smgr).
func (s *Shared) CountBackendFsync() {
	atomic.AddUint64(&s.hdr.stats[statBackendFsync], 1)
}

// waitForHintLogging waits until each process that is inside
// MarkDirtyHint's logging window now has left it (PostgreSQL's wait for
// DELAY_CHKPT_START). Only windows open now are waited for, so a stream
// of new ones cannot starve the checkpoint. A process that dies inside a
// window holds a content lock, which makes the postmaster reinitialize
// shared memory, so the wait cannot outlive it.
func (p *Pool) waitForHintLogging() {
	type open struct {
		pins *procPins
		done uint32
	}
	var waiting []open
	for i := range p.sh.pins {
		pp := &p.sh.pins[i]
		done := atomic.LoadUint32(&pp.delayCkptDone)
		if atomic.LoadUint32(&pp.delayCkpt) != 0 {
			waiting = append(waiting, open{pp, done})
		}
	}
	for _, w := range waiting {
		for atomic.LoadUint32(&w.pins.delayCkpt) != 0 && atomic.LoadUint32(&w.pins.delayCkptDone) == w.done {
			time.Sleep(time.Millisecond)
		}
	}
}
