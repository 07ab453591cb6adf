// The resource manager table (RmgrTable of rmgr.c): for each rmgr id, its
// name and the redo function recovery calls for its records. The
// subsystems that write WAL (transam, heap, smgr, the buffer manager for
// XLOG's full-page-image records) register their redo functions at start.

package xlog

import (
	"fmt"
	"sync"
)

// RedoFunc replays one record. It is called in LSN order by one process
// (the startup process); returning an error stops recovery.
type RedoFunc func(rec *DecodedRecord) error

// Rmgr describes a resource manager.
type Rmgr struct {
	ID   RmgrID
	Name string
	Redo RedoFunc
	// Identify names a record type for messages ("INSERT"), as rm_identify;
	// nil prints "UNKNOWN (%X)".
	Identify func(info uint8) string
}

// RmgrTable maps rmgr ids to resource managers.
type RmgrTable struct {
	mu    sync.RWMutex
	rmgrs [256]*Rmgr
}

// NewRmgrTable returns an empty table.
func NewRmgrTable() *RmgrTable { return &RmgrTable{} }

// Register adds or replaces m.
func (t *RmgrTable) Register(m Rmgr) error {
	if !validRmgrID(m.ID) {
		return fmt.Errorf("resource manager ID %d is not valid", m.ID)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	c := m
	t.rmgrs[m.ID] = &c
	return nil
}

// Lookup returns the resource manager for id, or nil.
func (t *RmgrTable) Lookup(id RmgrID) *Rmgr {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.rmgrs[id]
}

// RmgrName is the name of rmgr id: the registered one, PostgreSQL's name
// for a built-in id, or "custom%03d".
func (t *RmgrTable) RmgrName(id RmgrID) string {
	if m := t.Lookup(id); m != nil && m.Name != "" {
		return m.Name
	}
	if int(id) < len(builtinRmgrNames) {
		return builtinRmgrNames[id]
	}
	return fmt.Sprintf("custom%03d", id)
}

// describe names a record as PostgreSQL's error context does, e.g.
// "Heap/INSERT".
func (t *RmgrTable) describe(rec *DecodedRecord) string {
	info := rec.Header.Info &^ XLRInfoMask
	var name string
	if m := t.Lookup(rec.Header.Rmid); m != nil && m.Identify != nil {
		name = m.Identify(rec.Header.Info)
	} else if rec.Header.Rmid == RmgrXLOG {
		name = xlogInfoName(rec.Header.Info)
	}
	if name == "" {
		name = fmt.Sprintf("UNKNOWN (%X)", info)
	}
	return t.RmgrName(rec.Header.Rmid) + "/" + name
}
