// Relation file identifiers, forks, block numbers and LSNs.

package storage

import (
	"fmt"
	"path/filepath"
	"strconv"
)

// Built-in tablespaces.
const (
	DefaultTablespace uint32 = 1663 // pg_default: base/<db>/
	GlobalTablespace  uint32 = 1664 // pg_global: global/
)

// RelFileLocator names a relation's files: PostgreSQL's
// RelFileLocatorBackend (RelFileNodeBackend before version 16). Backend
// is zero for a permanent relation and, for a temporary one, the id of
// the backend that owns it (PostgreSQL's BackendId, from 1): its files
// are named t<backend>_<relfilenode>, its pages live in that backend's
// local buffers and nothing about it is WAL-logged or fsynced.
type RelFileLocator struct {
	Spc, DB, Rel uint32
	Backend      int32
}

// IsTemp reports whether the locator names a temporary relation's files
// (RelFileLocatorBackendIsTemp).
func (r RelFileLocator) IsTemp() bool { return r.Backend != 0 }

// ForkNumber selects one of a relation's files.
type ForkNumber int8

const (
	MainFork ForkNumber = iota
	FSMFork
	VisibilityMapFork
	InitFork
)

var forkSuffix = [...]string{"", "_fsm", "_vm", "_init"}

// BlockNumber is a block's index within a fork.
type BlockNumber uint32

// InvalidBlock means "no block" (and P_NEW when asking to extend).
const InvalidBlock BlockNumber = 0xFFFFFFFF

// BlockSize is the page size of relation files and of WAL pages.
const BlockSize = 8192

// SegmentBlocks is the number of blocks per 1 GB segment file (RELSEG_SIZE).
const SegmentBlocks = 131072

// LSN is a WAL position: a byte offset in the WAL stream.
type LSN uint64

// String prints an LSN as PostgreSQL does, e.g. 0/16B3748.
func (l LSN) String() string { return fmt.Sprintf("%X/%X", uint32(l>>32), uint32(l)) }

// Path is the fork's file path relative to the data directory, for segment
// segno (0 is the file without a suffix).
func (r RelFileLocator) Path(fork ForkNumber, segno int) string {
	name := strconv.FormatUint(uint64(r.Rel), 10) + forkSuffix[fork]
	if r.Backend != 0 {
		name = "t" + strconv.Itoa(int(r.Backend)) + "_" + name
	}
	if segno > 0 {
		name += "." + strconv.Itoa(segno)
	}
	if r.Spc == GlobalTablespace {
		return filepath.Join("global", name)
	}
	return filepath.Join("base", strconv.FormatUint(uint64(r.DB), 10), name)
}

// String names the relation as PostgreSQL's error messages do, by path.
func (r RelFileLocator) String() string { return r.Path(MainFork, 0) }
