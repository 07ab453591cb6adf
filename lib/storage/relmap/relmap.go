// Package relmap is the relation mapper's storage (PostgreSQL 15's
// relmapper.c): the pg_filenode.map files that say which file holds each
// mapped system catalog, whose pg_class.relfilenode is 0. global/ holds
// the map of the shared catalogs, base/<db>/ that of a database's mapped
// catalogs (pg_class, pg_attribute, pg_proc, pg_type). A map changes when
// VACUUM FULL gives a mapped catalog a new file: the change is WAL-logged
// (RM_RELMAP_ID, XLOG_RELMAP_UPDATE) and written before the transaction's
// commit record, so that recovery replays it even if the checkpoint that
// follows has not run.
//
// The file is PostgreSQL 15's RelMapFile, 512 bytes little-endian: magic
// 0x592717, the number of mappings, 62 (OID, file number) pairs, the
// CRC-32C of what precedes it, and 4 bytes of padding.
package relmap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// File layout constants (RELMAPPER_FILENAME, RELMAPPER_FILEMAGIC,
// MAX_MAPPINGS, sizeof(RelMapFile)).
const (
	FileName    = "pg_filenode.map"
	fileMagic   = 0x592717
	MaxMappings = 62
	FileSize    = 8 + MaxMappings*8 + 8
	crcOffset   = 8 + MaxMappings*8
)

// UpdateInfo is XLOG_RELMAP_UPDATE, the only record of RM_RELMAP_ID.
const UpdateInfo uint8 = 0x00

// Mapping is one entry: catalog OID and the file number that holds it.
type Mapping struct {
	OID, FileNode uint32
}

// Map is the content of one map file, entries in file order.
type Map struct {
	Mappings []Mapping
}

// Lookup returns the file number of relation oid, 0 when it is not mapped.
func (m *Map) Lookup(oid uint32) uint32 {
	for _, e := range m.Mappings {
		if e.OID == oid {
			return e.FileNode
		}
	}
	return 0
}

// Set maps oid to fileNode, adding an entry when oid has none
// (apply_map_update); more than MaxMappings entries is an error.
func (m *Map) Set(oid, fileNode uint32) error {
	for i := range m.Mappings {
		if m.Mappings[i].OID == oid {
			m.Mappings[i].FileNode = fileNode
			return nil
		}
	}
	if len(m.Mappings) >= MaxMappings {
		return pgerr.New(pgerr.InternalError, "ran out of space in relation map")
	}
	m.Mappings = append(m.Mappings, Mapping{oid, fileNode})
	return nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Encode lays m out as a RelMapFile.
func (m *Map) Encode() []byte {
	b := make([]byte, FileSize)
	binary.LittleEndian.PutUint32(b[0:], fileMagic)
	binary.LittleEndian.PutUint32(b[4:], uint32(len(m.Mappings)))
	for i, e := range m.Mappings {
		binary.LittleEndian.PutUint32(b[8+i*8:], e.OID)
		binary.LittleEndian.PutUint32(b[12+i*8:], e.FileNode)
	}
	binary.LittleEndian.PutUint32(b[crcOffset:], crc32.Checksum(b[:crcOffset], castagnoli))
	return b
}

// errCorrupt and errChecksum are read_relmap_file's two complaints; a
// reader racing a writer may see either and retries.
var (
	errCorrupt  = errors.New("contains invalid data")
	errChecksum = errors.New("contains incorrect checksum")
)

// Decode parses a RelMapFile.
func Decode(b []byte) (*Map, error) {
	if len(b) != FileSize {
		return nil, errCorrupt
	}
	n := int32(binary.LittleEndian.Uint32(b[4:]))
	if binary.LittleEndian.Uint32(b[0:]) != fileMagic || n < 0 || n > MaxMappings {
		return nil, errCorrupt
	}
	if crc32.Checksum(b[:crcOffset], castagnoli) != binary.LittleEndian.Uint32(b[crcOffset:]) {
		return nil, errChecksum
	}
	m := &Map{Mappings: make([]Mapping, n)}
	for i := range m.Mappings {
		m.Mappings[i] = Mapping{binary.LittleEndian.Uint32(b[8+i*8:]), binary.LittleEndian.Uint32(b[12+i*8:])}
	}
	return m, nil
}

// Dir is the directory, relative to the data directory, of the map of
// database db (0: the shared map in global/).
func Dir(db uint32) string {
	if db == 0 {
		return "global"
	}
	return filepath.Join("base", strconv.FormatUint(uint64(db), 10))
}

// Path is the map file of database db (0: shared), relative to the data
// directory.
func Path(db uint32) string { return filepath.Join(Dir(db), FileName) }

// Read reads the map of database db (0: shared) from dataDir. A file
// being rewritten by another process may be read half old, half new, and
// fail its checksum: it is read again a few times before that is an error.
func Read(dataDir string, db uint32) (*Map, error) {
	path := filepath.Join(dataDir, Path(db))
	var err error
	for attempt := 0; attempt < 20; attempt++ {
		var b []byte
		if b, err = os.ReadFile(path); err != nil {
			return nil, pgerr.Newf(pgerr.IoError, "could not open file \"%s\": %s", path, datadir.Strerror(err))
		}
		var m *Map
		if m, err = Decode(b); err == nil {
			return m, nil
		}
		time.Sleep(time.Millisecond)
	}
	return nil, pgerr.Newf(pgerr.DataCorrupted, "relation mapping file \"%s\" %v", path, err)
}

// Write replaces the map file of database db (0: shared) in dataDir and
// makes it durable (write_relmap_file): one 512-byte write in place, as
// PostgreSQL 15 does, then fsync.
func Write(dataDir string, db uint32, m *Map) error {
	path := filepath.Join(dataDir, Path(db))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return pgerr.Newf(pgerr.IoError, "could not open file \"%s\": %s", path, datadir.Strerror(err))
	}
	defer f.Close()
	if _, err := f.WriteAt(m.Encode(), 0); err != nil {
		return pgerr.Newf(pgerr.IoError, "could not write file \"%s\": %s", path, datadir.Strerror(err))
	}
	if err := f.Sync(); err != nil {
		return pgerr.Newf(pgerr.IoError, "could not fsync file \"%s\": %s", path, datadir.Strerror(err))
	}
	return nil
}

// lockUpdates takes RelationMappingLock: an exclusive (or shared) flock
// on global/pg_filenode.map, which is never replaced, so that it works
// across the server's processes and between sessions of one process. The
// returned function releases it.
func lockUpdates(dataDir string, how int) (func(), error) {
	path := filepath.Join(dataDir, Path(0))
	f, err := os.Open(path)
	if err != nil {
		return nil, pgerr.Newf(pgerr.IoError, "could not open file \"%s\": %s", path, datadir.Strerror(err))
	}
	for {
		err = syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, pgerr.Newf(pgerr.IoError, "could not lock file \"%s\": %s", path, datadir.Strerror(err))
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// CheckPoint is CheckPointRelationMap: a checkpoint whose redo pointer
// is already fixed waits for map updates in progress, so that an update
// WAL-logged before the redo pointer is on disk before the checkpoint
// completes (replay starts after it).
func CheckPoint(dataDir string) error {
	if _, err := os.Stat(filepath.Join(dataDir, Path(0))); errors.Is(err, os.ErrNotExist) {
		return nil // a data directory made without maps (unit tests)
	}
	unlock, err := lockUpdates(dataDir, syscall.LOCK_SH)
	if err != nil {
		return err
	}
	unlock()
	return nil
}

// WAL is what Update needs of the WAL: insert a record and flush it.
type WAL interface {
	Insert(b *xlog.RecordBuilder) (xlog.LSN, error)
	Flush(lsn xlog.LSN) error
}

// Update applies changes (catalog OID to new file number) to the map of
// database db (0: shared; tablespace tsid) in dataDir, as
// perform_relmap_update: under the lock, the current file is read, the
// changes merged, the new map WAL-logged (as transaction xid) and
// flushed, then written. Changes to different catalogs by concurrent
// transactions thus all survive.
func Update(dataDir string, wal WAL, xid, db, tsid uint32, changes []Mapping) error {
	unlock, err := lockUpdates(dataDir, syscall.LOCK_EX)
	if err != nil {
		return err
	}
	defer unlock()
	m, err := Read(dataDir, db)
	if err != nil {
		return err
	}
	for _, c := range changes {
		if err := m.Set(c.OID, c.FileNode); err != nil {
			return err
		}
	}
	data := m.Encode()
	if wal != nil {
		b := xlog.NewRecord(xlog.RmgrRelMap, UpdateInfo)
		b.SetXID(xid)
		b.SetMainData(encodeUpdate(db, tsid, data))
		lsn, err := wal.Insert(b)
		if err != nil {
			return err
		}
		if err := wal.Flush(lsn); err != nil {
			return err
		}
	}
	return Write(dataDir, db, m)
}

// encodeUpdate is xl_relmap_update: dbid, tsid, nbytes, then the file.
func encodeUpdate(db, tsid uint32, data []byte) []byte {
	b := make([]byte, 12+len(data))
	binary.LittleEndian.PutUint32(b[0:], db)
	binary.LittleEndian.PutUint32(b[4:], tsid)
	binary.LittleEndian.PutUint32(b[8:], uint32(len(data)))
	copy(b[12:], data)
	return b
}

// decodeUpdate parses xl_relmap_update.
func decodeUpdate(b []byte) (db, tsid uint32, data []byte, err error) {
	if len(b) < 12 {
		return 0, 0, nil, fmt.Errorf("relmap record of %d bytes is too short", len(b))
	}
	n := binary.LittleEndian.Uint32(b[8:])
	if n != FileSize || len(b) < 12+int(n) {
		return 0, 0, nil, fmt.Errorf("relmap_redo: wrong size %d in relmap update record", n)
	}
	return binary.LittleEndian.Uint32(b[0:]), binary.LittleEndian.Uint32(b[4:]), b[12 : 12+n], nil
}

// Identify is relmap_identify.
func Identify(info uint8) string {
	if info&0xF0 == UpdateInfo {
		return "UPDATE"
	}
	return ""
}

// RegisterRedo enters the RelMap resource manager (id 7) in t: replay
// writes the logged map file (relmap_redo). The database's directory
// exists, as its creation was replayed before.
func RegisterRedo(t *xlog.RmgrTable, dataDir string) error {
	return t.Register(xlog.Rmgr{ID: xlog.RmgrRelMap, Name: "RelMap", Identify: Identify, Redo: func(rec *xlog.DecodedRecord) error {
		if info := rec.Info() &^ xlog.XLRInfoMask; info != UpdateInfo {
			return fmt.Errorf("relmap_redo: unknown op code %d", info)
		}
		db, _, data, err := decodeUpdate(rec.MainData)
		if err != nil {
			return err
		}
		m, err := Decode(data)
		if err != nil {
			return fmt.Errorf("relmap_redo: logged map %v", err)
		}
		return Write(dataDir, db, m)
	}})
}
