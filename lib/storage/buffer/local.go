// Local buffers: the pages of temporary relations, private to the
// backend that owns them (PostgreSQL's localbuf.c). Only that backend
// ever reads a temporary relation, so its pages need no shared memory,
// no content locks, no WAL and no fsync: they live in the process's own
// memory, up to temp_buffers pages, and are written to the relation's
// t<backend>_<relfilenode> files only when a page must make room for
// another one. As in PostgreSQL, a local buffer's number is negative
// (-1 is the first), so every Pool operation tells the two kinds apart
// by the sign of the buffer alone.

package buffer

import (
	"fmt"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// DefaultLocalBuffers is temp_buffers' default (8MB of pages).
const DefaultLocalBuffers = 1024

// maxLocalUsage is the usage count a local buffer saturates at
// (BM_MAX_USAGE_COUNT).
const maxLocalUsage = 5

type localDesc struct {
	tag   BufferTag
	page  []byte // allocated on first use, kept afterwards
	valid bool   // the tag is assigned and the page holds the block
	dirty bool
	usage uint8
	pins  int32 // this process's pins (LocalRefCount)
}

// localPool is the process's local buffers, made at the first access to
// a temporary relation with as many buffers as temp_buffers says then
// (InitLocalBuffers).
type localPool struct {
	descs []localDesc
	table map[BufferTag]int32
	hand  int32 // the clock sweep's next victim candidate (nextFreeLocalBuf)
}

// LocalBuffers is the number of local buffers the process made, 0 before
// its first access to a temporary relation (NLocBuffer). temp_buffers
// cannot change once it is not 0.
func (p *Pool) LocalBuffers() int {
	if p.local == nil {
		return 0
	}
	return len(p.local.descs)
}

// SetLocalBuffersSize chooses how many local buffers the first access to
// a temporary relation makes (temp_buffers, read at that time). It has no
// effect once they exist.
func (p *Pool) SetLocalBuffersSize(n func() int) { p.localSize = n }

// SetBackendID tells the pool which temporary relations are the
// process's own: those whose locator's Backend is id.
func (p *Pool) SetBackendID(id int32) { p.backendID = id }

// checkOwnTemp refuses another session's temporary relation
// (RELATION_IS_OTHER_TEMP in ReadBufferExtended): its pages are in that
// session's local buffers, not on disk.
func (p *Pool) checkOwnTemp(rel storage.RelFileLocator) error {
	if rel.Backend != p.backendID {
		return pgerr.New(pgerr.FeatureNotSupported, "cannot access temporary tables of other sessions")
	}
	return nil
}

func (p *Pool) localBufs() *localPool {
	if p.local == nil {
		n := DefaultLocalBuffers
		if p.localSize != nil {
			n = p.localSize()
		}
		if n < 1 {
			n = 1
		}
		p.local = &localPool{descs: make([]localDesc, n), table: map[BufferTag]int32{}}
	}
	return p.local
}

func localID(buf Buffer) int32 { return -int32(buf) - 1 }

func localBuffer(id int32) Buffer { return Buffer(-id - 1) }

// localDescOf returns a pinned local buffer's descriptor.
func (p *Pool) localDescOf(buf Buffer) *localDesc {
	id := localID(buf)
	if p.local == nil || int(id) >= len(p.local.descs) {
		panic(fmt.Sprintf("buffer: bad local buffer ID: %d", buf))
	}
	d := &p.local.descs[id]
	if d.pins <= 0 {
		panic(fmt.Sprintf("buffer: local buffer %d is not pinned", buf))
	}
	return d
}

// localRead is ReadBufferExtended for a temporary relation.
func (p *Pool) localRead(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, mode ReadMode) (Buffer, error) {
	if err := p.checkOwnTemp(rel); err != nil {
		return InvalidBuffer, err
	}
	if block == storage.InvalidBlock {
		if p.countAccess != nil {
			p.countAccess(rel, false)
		}
		buf, _, err := p.localExtend(rel, fork)
		return buf, err
	}
	tag := NewTag(rel, fork, block)
	id, found, err := p.localAlloc(&tag)
	if err != nil {
		return InvalidBuffer, err
	}
	if p.countAccess != nil {
		p.countAccess(rel, found)
	}
	d := &p.local.descs[id]
	switch {
	case found:
		p.usage.LocalHit++
		p.io.Counts[storage.IOObjectTempRelation][storage.IOContextNormal][storage.IOOpHit]++
	case mode != ZeroAndLock:
		p.usage.LocalRead++
	}
	if !found {
		if mode == ZeroAndLock {
			clear(d.page)
		} else if err := p.readIn(&tag, d.page, mode); err != nil {
			p.localForget(id)
			return InvalidBuffer, err
		}
		d.valid = true
	}
	return localBuffer(id), nil
}

// localExtend adds a zero page at the end of a temporary relation's fork;
// nobody else can extend it, so no extension lock is needed.
func (p *Pool) localExtend(rel storage.RelFileLocator, fork storage.ForkNumber) (Buffer, storage.BlockNumber, error) {
	if err := p.checkOwnTemp(rel); err != nil {
		return InvalidBuffer, 0, err
	}
	nb, err := p.cfg.Files.NBlocks(rel, fork)
	if err != nil {
		return InvalidBuffer, 0, err
	}
	if nb >= storage.InvalidBlock {
		return InvalidBuffer, 0, pgerr.Newf(pgerr.ProgramLimitExceeded, "cannot extend relation %s beyond %d blocks",
			rel.Path(fork, 0), uint32(storage.InvalidBlock))
	}
	tag := NewTag(rel, fork, nb)
	id, found, err := p.localAlloc(&tag)
	if err != nil {
		return InvalidBuffer, 0, err
	}
	d := &p.local.descs[id]
	if found {
		p.usage.LocalHit++
	} else {
		p.usage.LocalWritten++
	}
	if found && !isZeroPage(d.page) {
		p.localUnpin(id)
		return InvalidBuffer, 0, pgerr.Newf(pgerr.DataCorrupted, "unexpected data beyond EOF in block %d of relation %s",
			nb, rel.Path(fork, 0)).WithHint("This has been seen to occur with buggy kernels; consider updating your system.")
	}
	clear(d.page)
	var start time.Time
	timing := p.settingBool("track_io_timing")
	if timing {
		start = time.Now()
	}
	if err := p.cfg.Files.Extend(rel, fork, nb, d.page, true); err != nil {
		p.localForget(id)
		return InvalidBuffer, 0, err
	}
	var took time.Duration
	if timing {
		took = time.Since(start)
	}
	p.io.Count(storage.IOObjectTempRelation, storage.IOContextNormal, storage.IOOpExtend, 1, took)
	d.valid = true
	return localBuffer(id), nb, nil
}

// localAlloc finds the local buffer holding tag or takes one for it
// (LocalBufferAlloc), pinned. found reports that its page is valid.
func (p *Pool) localAlloc(tag *BufferTag) (int32, bool, error) {
	lp := p.localBufs()
	if id, ok := lp.table[*tag]; ok {
		d := &lp.descs[id]
		p.localPin(id)
		return id, d.valid, nil
	}
	// The clock sweep: a buffer nobody pins, its usage count worn down.
	n := int32(len(lp.descs))
	tries := n
	var id int32 = -1
	for {
		cand := lp.hand
		lp.hand = (lp.hand + 1) % n
		d := &lp.descs[cand]
		if d.pins == 0 {
			if d.usage == 0 {
				id = cand
				break
			}
			d.usage--
			tries = n
		} else if tries--; tries == 0 {
			return 0, false, pgerr.New(pgerr.InsufficientResources, "no empty local buffer available")
		}
	}
	d := &lp.descs[id]
	if d.valid && d.dirty {
		if err := p.localWrite(d); err != nil {
			return 0, false, err
		}
	}
	if d.valid {
		p.io.Counts[storage.IOObjectTempRelation][storage.IOContextNormal][storage.IOOpEvict]++
	}
	if d.valid || d.tag != (BufferTag{}) {
		delete(lp.table, d.tag)
	}
	if d.page == nil {
		d.page = make([]byte, storage.BlockSize)
	}
	d.tag, d.valid, d.dirty, d.usage = *tag, false, false, 0
	lp.table[*tag] = id
	p.localPin(id)
	return id, false, nil
}

// localWrite writes a dirty local page to its file, checksummed when data
// checksums are on; temporary files are never fsynced.
func (p *Pool) localWrite(d *localDesc) error {
	src := d.page
	if p.cfg.SetChecksum != nil {
		copy(p.scratch, d.page)
		p.cfg.SetChecksum(p.scratch, d.tag.Block)
		src = p.scratch
	}
	var start time.Time
	timing := p.settingBool("track_io_timing")
	if timing {
		start = time.Now()
	}
	if err := p.cfg.Files.Write(d.tag.Rel, d.tag.Fork, d.tag.Block, src, true); err != nil {
		return err
	}
	var took time.Duration
	if timing {
		took = time.Since(start)
	}
	p.io.Count(storage.IOObjectTempRelation, storage.IOContextNormal, storage.IOOpWrite, 1, took)
	d.dirty = false
	p.usage.LocalWritten++
	return nil
}

// localDirty marks a local page dirty, counting the pages dirtied
// (MarkLocalBufferDirty).
func (p *Pool) localDirty(d *localDesc) {
	if !d.dirty {
		p.usage.LocalDirtied++
		d.dirty = true
	}
}

func (p *Pool) localPin(id int32) {
	d := &p.local.descs[id]
	if d.pins == 0 && d.usage < maxLocalUsage {
		d.usage++
	}
	d.pins++
}

func (p *Pool) localUnpin(id int32) {
	d := &p.local.descs[id]
	if d.pins <= 0 {
		panic(fmt.Sprintf("buffer: local buffer %d is not pinned", localBuffer(id)))
	}
	d.pins--
}

// localForget unpins a buffer whose page could not be filled and frees
// it for another block.
func (p *Pool) localForget(id int32) {
	d := &p.local.descs[id]
	p.localUnpin(id)
	if d.pins == 0 {
		delete(p.local.table, d.tag)
		d.tag, d.valid, d.dirty, d.usage = BufferTag{}, false, false, 0
	}
}

// localReleaseAll drops every local pin (transaction abort) and returns
// how many buffers were pinned.
func (p *Pool) localReleaseAll() int {
	if p.local == nil {
		return 0
	}
	n := 0
	for i := range p.local.descs {
		if p.local.descs[i].pins > 0 {
			p.local.descs[i].pins = 0
			n++
		}
	}
	return n
}

// localPinned is the number of local buffers this process pins.
func (p *Pool) localPinned() int {
	if p.local == nil {
		return 0
	}
	n := 0
	for i := range p.local.descs {
		if p.local.descs[i].pins > 0 {
			n++
		}
	}
	return n
}

// localDrop forgets, without writing them, the local buffers of a fork
// from block firstBlock on (DropRelFileLocatorLocalBuffers). A pinned one
// is an error, as in PostgreSQL.
func (p *Pool) localDrop(rel storage.RelFileLocator, fork storage.ForkNumber, firstBlock storage.BlockNumber) error {
	if p.local == nil {
		return nil
	}
	for id := range p.local.descs {
		d := &p.local.descs[id]
		if !d.valid || d.tag.Rel != rel || d.tag.Fork != fork || d.tag.Block < firstBlock {
			continue
		}
		if d.pins != 0 {
			return pgerr.Newf(pgerr.InternalError, "block %d of %s is still referenced (local %d)",
				d.tag.Block, rel.Path(fork, 0), d.pins)
		}
		delete(p.local.table, d.tag)
		d.tag, d.valid, d.dirty, d.usage = BufferTag{}, false, false, 0
	}
	return nil
}

// localFlush writes every dirty local buffer of the relation.
func (p *Pool) localFlush(rel storage.RelFileLocator) error {
	if p.local == nil {
		return nil
	}
	for id := range p.local.descs {
		d := &p.local.descs[id]
		if d.valid && d.dirty && d.tag.Rel == rel {
			if err := p.localWrite(d); err != nil {
				return err
			}
		}
	}
	return nil
}
