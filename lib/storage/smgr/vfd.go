// The per-process cache of open segment files, PostgreSQL's virtual file
// descriptors (fd.c): every segment the manager has opened keeps a vfd,
// but at most maxOpen of them hold a real descriptor; the least recently
// used is closed when another is needed and reopened on its next use.

package smgr

import (
	"path/filepath"

	"golang.org/x/sys/unix"
)

// DefaultMaxOpenFiles bounds the descriptors a Manager keeps open (fd.c
// keeps max_files_per_process, 1000 by default, for everything; relation
// segments get a share of that here).
const DefaultMaxOpenFiles = 256

// vfd is one segment file. Its fields are protected by Manager.mu.
type vfd struct {
	path string // relative to the data directory, as messages print it
	fd   int    // -1 while closed by the LRU (or for good)
	pins int    // I/O in progress on fd outside the lock

	// discarded: the segment was closed (Close, Unlink, Truncate); the
	// descriptor is closed when the last pin goes.
	discarded bool

	prev, next *vfd // LRU ring of vfds holding a descriptor; nil when not in it
}

// lruInsert puts v at the most recently used end.
func (m *Manager) lruInsert(v *vfd) {
	h := &m.lru
	v.prev, v.next = h.prev, h
	h.prev.next = v
	h.prev = v
}

func (m *Manager) lruRemove(v *vfd) {
	if v.prev == nil {
		return
	}
	v.prev.next = v.next
	v.next.prev = v.prev
	v.prev, v.next = nil, nil
}

// fdOf returns v's descriptor, reopening it if the LRU closed it. It
// holds m.mu.
func (m *Manager) fdOf(v *vfd) (int, error) {
	if v.fd >= 0 {
		m.lruRemove(v)
		m.lruInsert(v)
		return v.fd, nil
	}
	m.makeRoom(m.maxOpen-1, nil)
	fd, err := m.sys.open(filepath.Join(m.dataDir, v.path), unix.O_RDWR, 0)
	if err != nil {
		return -1, err
	}
	v.fd = fd
	m.nOpen++
	m.lruInsert(v)
	return fd, nil
}

// makeRoom closes least recently used descriptors that are not in use,
// other than keep's, until at most limit are open. Pinned ones may keep
// the count above the limit for a while.
func (m *Manager) makeRoom(limit int, keep *vfd) {
	for v := m.lru.next; m.nOpen > limit && v != &m.lru; {
		next := v.next
		if v.pins == 0 && v != keep {
			m.closeFd(v)
		}
		v = next
	}
}

func (m *Manager) closeFd(v *vfd) {
	if v.fd < 0 {
		return
	}
	m.lruRemove(v)
	m.sys.close(v.fd)
	v.fd = -1
	m.nOpen--
}

// newVfd registers a segment whose descriptor fd was just opened.
func (m *Manager) newVfd(path string, fd int) *vfd {
	v := &vfd{path: path, fd: fd}
	m.nOpen++
	m.lruInsert(v)
	m.makeRoom(m.maxOpen, v)
	return v
}

// pin returns v's descriptor for I/O done without m.mu; unpin ends it.
func (m *Manager) pin(v *vfd) (int, error) {
	fd, err := m.fdOf(v)
	if err == nil {
		v.pins++
	}
	return fd, err
}

func (m *Manager) unpin(v *vfd) {
	m.mu.Lock()
	v.pins--
	if v.pins == 0 && v.discarded {
		m.closeFd(v)
	}
	m.mu.Unlock()
}

// discard forgets v: its descriptor is closed now or after its last pin.
func (m *Manager) discard(v *vfd) {
	v.discarded = true
	if v.pins == 0 {
		m.closeFd(v)
	}
}
