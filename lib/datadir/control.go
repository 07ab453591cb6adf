// The control file, global/pg_control: the cluster's identity, its state
// (shut down cleanly or not), the last checkpoint and the compile-time
// parameters the files were written with. Its layout is PostgreSQL 15's
// ControlFileData (src/include/catalog/pg_control.h) as laid out by a C
// compiler on x86-64, little-endian, padded to 8192 bytes, with a CRC-32C
// over the struct up to the crc field. Being byte-compatible costs nothing
// and lets pg_controldata inspect a gpostgres cluster; README.md has the
// offset table.

package datadir

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// Constants of the control file and of the on-disk format it certifies.
const (
	ControlFileSize   = 8192      // PG_CONTROL_FILE_SIZE: the file is padded to this size
	ControlVersion    = 1300      // PG_CONTROL_VERSION of PostgreSQL 15
	CatalogVersion    = 202209061 // CATALOG_VERSION_NO of PostgreSQL 15
	BlockSize         = 8192      // BLCKSZ
	RelSegSize        = 131072    // RELSEG_SIZE, in blocks (1 GB files)
	WALBlockSize      = 8192      // XLOG_BLCKSZ
	WALSegmentSize    = 16 << 20  // the only wal_segment_size supported
	NameDataLen       = 64        // NAMEDATALEN
	IndexMaxKeys      = 32        // INDEX_MAX_KEYS
	ToastMaxChunkSize = 1996      // TOAST_MAX_CHUNK_SIZE for 8 kB blocks
	LOBlockSize       = 2048      // LOBLKSIZE
	MaxAlign          = 8         // MAXIMUM_ALIGNOF
	FloatFormat       = 1234567.0 // FLOATFORMAT_VALUE
	MockAuthNonceLen  = 32        // MOCK_AUTH_NONCE_LEN

	// DataChecksumVersion is the data_checksum_version of a cluster with
	// page checksums (PG_DATA_CHECKSUM_VERSION); 0 means none.
	DataChecksumVersion = 1

	// controlCRCOffset is offsetof(ControlFileData, crc); the CRC covers
	// the bytes before it.
	controlCRCOffset = 288
)

// Values PostgreSQL's bootstrap writes into the first checkpoint.
const (
	FirstNormalTransactionID = 3     // FirstNormalTransactionId
	FirstNormalObjectID      = 16384 // FirstNormalObjectId: first OID for user objects
	FirstMultiXactID         = 1     // FirstMultiXactId
	FirstNormalUnloggedLSN   = 1000  // FirstNormalUnloggedLSN
	// SizeOfXLogLongPHD is the size of the long page header that starts a
	// WAL segment; the first checkpoint record follows it.
	SizeOfXLogLongPHD = 40
)

// DBState is the cluster state recorded in the control file (DBState in
// pg_control.h). The numeric values are on disk.
type DBState uint32

const (
	DBStartup              DBState = 0 // DB_STARTUP
	DBShutdowned           DBState = 1 // DB_SHUTDOWNED: cleanly shut down
	DBShutdownedInRecovery DBState = 2 // DB_SHUTDOWNED_IN_RECOVERY: standby shut down
	DBShutdowning          DBState = 3 // DB_SHUTDOWNING: shutdown checkpoint running
	DBInCrashRecovery      DBState = 4 // DB_IN_CRASH_RECOVERY
	DBInArchiveRecovery    DBState = 5 // DB_IN_ARCHIVE_RECOVERY: a standby, or PITR
	DBInProduction         DBState = 6 // DB_IN_PRODUCTION: running normally
)

// String returns the text pg_controldata prints for the state.
func (s DBState) String() string {
	switch s {
	case DBStartup:
		return "starting up"
	case DBShutdowned:
		return "shut down"
	case DBShutdownedInRecovery:
		return "shut down in recovery"
	case DBShutdowning:
		return "shutting down"
	case DBInCrashRecovery:
		return "in crash recovery"
	case DBInArchiveRecovery:
		return "in archive recovery"
	case DBInProduction:
		return "in production"
	}
	return "unrecognized status code"
}

// WALLevel is the wal_level a cluster last ran with (WalLevel in xlog.h).
type WALLevel int32

const (
	WALLevelMinimal WALLevel = 0
	WALLevelReplica WALLevel = 1
	WALLevelLogical WALLevel = 2
)

// String returns the wal_level setting's name.
func (l WALLevel) String() string {
	switch l {
	case WALLevelMinimal:
		return "minimal"
	case WALLevelReplica:
		return "replica"
	case WALLevelLogical:
		return "logical"
	}
	return "unrecognized wal_level"
}

// LSN is a WAL location (XLogRecPtr): a byte position in the WAL stream.
type LSN uint64

// String formats the LSN as PostgreSQL does: "0/1500A90".
func (l LSN) String() string { return fmt.Sprintf("%X/%X", uint32(l>>32), uint32(l)) }

// CheckPoint is the copy of the last checkpoint record kept in the control
// file (struct CheckPoint in pg_control.h).
type CheckPoint struct {
	Redo              LSN    // where replay must start
	ThisTimeLineID    uint32 // current timeline
	PrevTimeLineID    uint32 // previous timeline, if this record begins a new one
	FullPageWrites    bool
	NextXID           uint64 // FullTransactionId: epoch<<32 | xid
	NextOID           uint32
	NextMulti         uint32
	NextMultiOffset   uint32
	OldestXID         uint32 // cluster-wide minimum datfrozenxid
	OldestXIDDB       uint32 // database holding it
	OldestMulti       uint32
	OldestMultiDB     uint32
	Time              int64 // seconds since the epoch
	OldestCommitTsXID uint32
	NewestCommitTsXID uint32
	OldestActiveXID   uint32
}

// ControlFile is the content of global/pg_control (ControlFileData). Field
// order follows PostgreSQL's struct; see README.md for the byte offsets.
type ControlFile struct {
	SystemIdentifier uint64 // unique id of the cluster, set by gpinitdb
	ControlVersion   uint32 // ControlVersion
	CatalogVersion   uint32 // CatalogVersion
	State            DBState
	Time             int64 // last update, seconds since the epoch
	CheckPoint       LSN   // location of the last checkpoint record
	CheckPointCopy   CheckPoint

	UnloggedLSN         LSN // fake LSN counter for unlogged relations
	MinRecoveryPoint    LSN
	MinRecoveryPointTLI uint32
	BackupStartPoint    LSN
	BackupEndPoint      LSN
	BackupEndRequired   bool

	// Settings that standbys must match, recorded at each start.
	WALLevel             WALLevel
	WALLogHints          bool
	MaxConnections       int32
	MaxWorkerProcesses   int32
	MaxWALSenders        int32
	MaxPreparedXacts     int32
	MaxLocksPerXact      int32
	TrackCommitTimestamp bool

	// Compile-time parameters the files were written with.
	MaxAlign          uint32
	FloatFormat       float64
	BlockSize         uint32
	RelSegSize        uint32
	WALBlockSize      uint32
	WALSegmentSize    uint32
	NameDataLen       uint32
	IndexMaxKeys      uint32
	ToastMaxChunkSize uint32
	LOBlockSize       uint32
	Float8ByVal       bool

	DataChecksumVersion uint32 // 0: no page checksums
	MockAuthNonce       [MockAuthNonceLen]byte
}

// NewControlFile returns the control file of a freshly initialized cluster,
// as PostgreSQL's BootStrapXLOG builds it: a new system identifier (start
// time in seconds and microseconds, plus the low PID bits), a random mock
// authentication nonce, the first checkpoint at the start of WAL segment 1
// on timeline 1, and state "shut down". The caller may adjust the recorded
// settings (MaxConnections, ...) before writing it.
func NewControlFile(now time.Time, dataChecksums bool) (*ControlFile, error) {
	sysid := uint64(now.Unix())<<32 | uint64(now.Nanosecond()/1000)<<12 | uint64(os.Getpid()&0xFFF)
	c := &ControlFile{
		SystemIdentifier: sysid,
		ControlVersion:   ControlVersion,
		CatalogVersion:   CatalogVersion,
		State:            DBShutdowned,
		Time:             now.Unix(),
		CheckPoint:       WALSegmentSize + SizeOfXLogLongPHD,
		CheckPointCopy: CheckPoint{
			Redo:            WALSegmentSize + SizeOfXLogLongPHD,
			ThisTimeLineID:  1,
			PrevTimeLineID:  1,
			FullPageWrites:  true,
			NextXID:         FirstNormalTransactionID,
			NextOID:         FirstNormalObjectID,
			NextMulti:       FirstMultiXactID,
			OldestXID:       FirstNormalTransactionID,
			OldestXIDDB:     Template1OID,
			OldestMulti:     FirstMultiXactID,
			OldestMultiDB:   Template1OID,
			Time:            now.Unix(),
			OldestActiveXID: 0,
		},
		UnloggedLSN:          FirstNormalUnloggedLSN,
		WALLevel:             WALLevelReplica,
		MaxConnections:       100,
		MaxWorkerProcesses:   8,
		MaxWALSenders:        10,
		MaxPreparedXacts:     0,
		MaxLocksPerXact:      64,
		TrackCommitTimestamp: false,
		MaxAlign:             MaxAlign,
		FloatFormat:          FloatFormat,
		BlockSize:            BlockSize,
		RelSegSize:           RelSegSize,
		WALBlockSize:         WALBlockSize,
		WALSegmentSize:       WALSegmentSize,
		NameDataLen:          NameDataLen,
		IndexMaxKeys:         IndexMaxKeys,
		ToastMaxChunkSize:    ToastMaxChunkSize,
		LOBlockSize:          LOBlockSize,
		Float8ByVal:          true,
	}
	if dataChecksums {
		c.DataChecksumVersion = DataChecksumVersion
	}
	if _, err := io.ReadFull(rand.Reader, c.MockAuthNonce[:]); err != nil {
		return nil, fmt.Errorf("could not generate secret authorization token: %w", err)
	}
	return c, nil
}

// crcTable is the Castagnoli polynomial PostgreSQL's pg_crc32c uses.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Marshal encodes the control file: ControlFileSize bytes with the CRC at
// offset 288 and zeros after it.
func (c *ControlFile) Marshal() []byte {
	b := make([]byte, ControlFileSize)
	le := binary.LittleEndian
	boolb := func(off int, v bool) {
		if v {
			b[off] = 1
		}
	}
	le.PutUint64(b[0:], c.SystemIdentifier)
	le.PutUint32(b[8:], c.ControlVersion)
	le.PutUint32(b[12:], c.CatalogVersion)
	le.PutUint32(b[16:], uint32(c.State))
	le.PutUint64(b[24:], uint64(c.Time))
	le.PutUint64(b[32:], uint64(c.CheckPoint))
	cp := &c.CheckPointCopy
	le.PutUint64(b[40:], uint64(cp.Redo))
	le.PutUint32(b[48:], cp.ThisTimeLineID)
	le.PutUint32(b[52:], cp.PrevTimeLineID)
	boolb(56, cp.FullPageWrites)
	le.PutUint64(b[64:], cp.NextXID)
	le.PutUint32(b[72:], cp.NextOID)
	le.PutUint32(b[76:], cp.NextMulti)
	le.PutUint32(b[80:], cp.NextMultiOffset)
	le.PutUint32(b[84:], cp.OldestXID)
	le.PutUint32(b[88:], cp.OldestXIDDB)
	le.PutUint32(b[92:], cp.OldestMulti)
	le.PutUint32(b[96:], cp.OldestMultiDB)
	le.PutUint64(b[104:], uint64(cp.Time))
	le.PutUint32(b[112:], cp.OldestCommitTsXID)
	le.PutUint32(b[116:], cp.NewestCommitTsXID)
	le.PutUint32(b[120:], cp.OldestActiveXID)
	le.PutUint64(b[128:], uint64(c.UnloggedLSN))
	le.PutUint64(b[136:], uint64(c.MinRecoveryPoint))
	le.PutUint32(b[144:], c.MinRecoveryPointTLI)
	le.PutUint64(b[152:], uint64(c.BackupStartPoint))
	le.PutUint64(b[160:], uint64(c.BackupEndPoint))
	boolb(168, c.BackupEndRequired)
	le.PutUint32(b[172:], uint32(c.WALLevel))
	boolb(176, c.WALLogHints)
	le.PutUint32(b[180:], uint32(c.MaxConnections))
	le.PutUint32(b[184:], uint32(c.MaxWorkerProcesses))
	le.PutUint32(b[188:], uint32(c.MaxWALSenders))
	le.PutUint32(b[192:], uint32(c.MaxPreparedXacts))
	le.PutUint32(b[196:], uint32(c.MaxLocksPerXact))
	boolb(200, c.TrackCommitTimestamp)
	le.PutUint32(b[204:], c.MaxAlign)
	le.PutUint64(b[208:], math.Float64bits(c.FloatFormat))
	le.PutUint32(b[216:], c.BlockSize)
	le.PutUint32(b[220:], c.RelSegSize)
	le.PutUint32(b[224:], c.WALBlockSize)
	le.PutUint32(b[228:], c.WALSegmentSize)
	le.PutUint32(b[232:], c.NameDataLen)
	le.PutUint32(b[236:], c.IndexMaxKeys)
	le.PutUint32(b[240:], c.ToastMaxChunkSize)
	le.PutUint32(b[244:], c.LOBlockSize)
	boolb(248, c.Float8ByVal)
	le.PutUint32(b[252:], c.DataChecksumVersion)
	copy(b[256:256+MockAuthNonceLen], c.MockAuthNonce[:])
	le.PutUint32(b[controlCRCOffset:], crc32.Checksum(b[:controlCRCOffset], crcTable))
	return b
}

// unmarshalControlFile decodes b without any check.
func unmarshalControlFile(b []byte) *ControlFile {
	le := binary.LittleEndian
	c := &ControlFile{
		SystemIdentifier: le.Uint64(b[0:]),
		ControlVersion:   le.Uint32(b[8:]),
		CatalogVersion:   le.Uint32(b[12:]),
		State:            DBState(le.Uint32(b[16:])),
		Time:             int64(le.Uint64(b[24:])),
		CheckPoint:       LSN(le.Uint64(b[32:])),
		CheckPointCopy: CheckPoint{
			Redo:              LSN(le.Uint64(b[40:])),
			ThisTimeLineID:    le.Uint32(b[48:]),
			PrevTimeLineID:    le.Uint32(b[52:]),
			FullPageWrites:    b[56] != 0,
			NextXID:           le.Uint64(b[64:]),
			NextOID:           le.Uint32(b[72:]),
			NextMulti:         le.Uint32(b[76:]),
			NextMultiOffset:   le.Uint32(b[80:]),
			OldestXID:         le.Uint32(b[84:]),
			OldestXIDDB:       le.Uint32(b[88:]),
			OldestMulti:       le.Uint32(b[92:]),
			OldestMultiDB:     le.Uint32(b[96:]),
			Time:              int64(le.Uint64(b[104:])),
			OldestCommitTsXID: le.Uint32(b[112:]),
			NewestCommitTsXID: le.Uint32(b[116:]),
			OldestActiveXID:   le.Uint32(b[120:]),
		},
		UnloggedLSN:          LSN(le.Uint64(b[128:])),
		MinRecoveryPoint:     LSN(le.Uint64(b[136:])),
		MinRecoveryPointTLI:  le.Uint32(b[144:]),
		BackupStartPoint:     LSN(le.Uint64(b[152:])),
		BackupEndPoint:       LSN(le.Uint64(b[160:])),
		BackupEndRequired:    b[168] != 0,
		WALLevel:             WALLevel(le.Uint32(b[172:])),
		WALLogHints:          b[176] != 0,
		MaxConnections:       int32(le.Uint32(b[180:])),
		MaxWorkerProcesses:   int32(le.Uint32(b[184:])),
		MaxWALSenders:        int32(le.Uint32(b[188:])),
		MaxPreparedXacts:     int32(le.Uint32(b[192:])),
		MaxLocksPerXact:      int32(le.Uint32(b[196:])),
		TrackCommitTimestamp: b[200] != 0,
		MaxAlign:             le.Uint32(b[204:]),
		FloatFormat:          math.Float64frombits(le.Uint64(b[208:])),
		BlockSize:            le.Uint32(b[216:]),
		RelSegSize:           le.Uint32(b[220:]),
		WALBlockSize:         le.Uint32(b[224:]),
		WALSegmentSize:       le.Uint32(b[228:]),
		NameDataLen:          le.Uint32(b[232:]),
		IndexMaxKeys:         le.Uint32(b[236:]),
		ToastMaxChunkSize:    le.Uint32(b[240:]),
		LOBlockSize:          le.Uint32(b[244:]),
		Float8ByVal:          b[248] != 0,
		DataChecksumVersion:  le.Uint32(b[252:]),
	}
	copy(c.MockAuthNonce[:], b[256:256+MockAuthNonceLen])
	return c
}

// ErrControlChecksum is matched (errors.Is) by the error ReadControlFile
// and UnmarshalControlFile return when the CRC does not match. pg_ctl
// reports it as "control file appears to be corrupt".
var ErrControlChecksum = errors.New("incorrect checksum in control file")

// controlError is a *pgerr.Error that also matches a sentinel, so that
// callers can both report it (errors.As finds the *pgerr.Error) and test
// for the condition (errors.Is).
type controlError struct {
	pg   *pgerr.Error
	kind error
}

func (e *controlError) Error() string   { return e.pg.Error() }
func (e *controlError) Unwrap() []error { return []error{e.pg, e.kind} }

// UnmarshalControlFile decodes and verifies a control file image with the
// checks and FATAL messages of PostgreSQL's ReadControlFile: the
// pg_control version (checked first, because a mismatch there means the
// CRC cannot even be located), the CRC, then the catalog version and the
// compile-time parameters this server depends on.
func UnmarshalControlFile(b []byte) (*ControlFile, error) {
	if len(b) < controlCRCOffset+4 {
		return nil, pgerr.Fatalf(pgerr.DataCorrupted, "could not read file \"%s\": read %d of %d", ControlFilePath, len(b), ControlFileSize)
	}
	c := unmarshalControlFile(b)
	if c.ControlVersion != ControlVersion && c.ControlVersion%65536 == 0 && c.ControlVersion/65536 != 0 {
		return nil, pgerr.Fatalf(pgerr.InternalError, "database files are incompatible with server").
			WithDetail("The database cluster was initialized with PG_CONTROL_VERSION %d (0x%08x), but the server was compiled with PG_CONTROL_VERSION %d (0x%08x).",
				c.ControlVersion, c.ControlVersion, ControlVersion, ControlVersion).
			WithHint("This could be a problem of mismatched byte ordering.  It looks like you need to initdb.")
	}
	if c.ControlVersion != ControlVersion {
		return nil, pgerr.Fatalf(pgerr.InternalError, "database files are incompatible with server").
			WithDetail("The database cluster was initialized with PG_CONTROL_VERSION %d, but the server was compiled with PG_CONTROL_VERSION %d.",
				c.ControlVersion, ControlVersion).
			WithHint("It looks like you need to initdb.")
	}
	if crc32.Checksum(b[:controlCRCOffset], crcTable) != binary.LittleEndian.Uint32(b[controlCRCOffset:]) {
		return nil, &controlError{pg: pgerr.Fatalf(pgerr.InternalError, "%s", ErrControlChecksum.Error()), kind: ErrControlChecksum}
	}
	mismatch := func(what string, have, want any) error {
		return pgerr.Fatalf(pgerr.InternalError, "database files are incompatible with server").
			WithDetail("The database cluster was initialized with %s %v, but the server was compiled with %s %v.", what, have, what, want).
			WithHint("It looks like you need to initdb.")
	}
	switch {
	case c.CatalogVersion != CatalogVersion:
		return nil, mismatch("CATALOG_VERSION_NO", c.CatalogVersion, CatalogVersion)
	case c.MaxAlign != MaxAlign:
		return nil, mismatch("MAXALIGN", c.MaxAlign, MaxAlign)
	case c.FloatFormat != FloatFormat:
		return nil, pgerr.Fatalf(pgerr.InternalError, "database files are incompatible with server").
			WithDetail("The database cluster appears to use a different floating-point number format than the server executable.").
			WithHint("It looks like you need to initdb.")
	case c.BlockSize != BlockSize:
		return nil, mismatch("BLCKSZ", c.BlockSize, BlockSize)
	case c.RelSegSize != RelSegSize:
		return nil, mismatch("RELSEG_SIZE", c.RelSegSize, RelSegSize)
	case c.WALBlockSize != WALBlockSize:
		return nil, mismatch("XLOG_BLCKSZ", c.WALBlockSize, WALBlockSize)
	case c.NameDataLen != NameDataLen:
		return nil, mismatch("NAMEDATALEN", c.NameDataLen, NameDataLen)
	case c.IndexMaxKeys != IndexMaxKeys:
		return nil, mismatch("INDEX_MAX_KEYS", c.IndexMaxKeys, IndexMaxKeys)
	case c.ToastMaxChunkSize != ToastMaxChunkSize:
		return nil, mismatch("TOAST_MAX_CHUNK_SIZE", c.ToastMaxChunkSize, ToastMaxChunkSize)
	case c.LOBlockSize != LOBlockSize:
		return nil, mismatch("LOBLKSIZE", c.LOBlockSize, LOBlockSize)
	case !c.Float8ByVal:
		return nil, pgerr.Fatalf(pgerr.InternalError, "database files are incompatible with server").
			WithDetail("The database cluster was initialized without USE_FLOAT8_BYVAL but the server was compiled with USE_FLOAT8_BYVAL.").
			WithHint("It looks like you need to initdb.")
	case c.WALSegmentSize != WALSegmentSize:
		return nil, pgerr.Fatalf(pgerr.InternalError, "WAL segment size must be a power of two between 1 MB and 1 GB, and gpostgres supports only 16 MB").
			WithDetail("The control file says the WAL segment size is %d bytes.", c.WALSegmentSize)
	}
	return c, nil
}

// ReadControlFile reads and verifies dir/global/pg_control. Failures carry
// PostgreSQL's texts: `could not open file "global/pg_control": No such
// file or directory` (PANIC, as PostgreSQL, since nothing can proceed
// without it), "incorrect checksum in control file" (FATAL, and
// errors.Is(err, ErrControlChecksum)), "database files are incompatible
// with server" with a DETAIL naming the mismatch.
func ReadControlFile(dir string) (*ControlFile, error) {
	f, err := os.Open(filepath.Join(dir, ControlFilePath))
	if err != nil {
		return nil, pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not open file \"%s\": %s", ControlFilePath, Strerror(err)).
			WithSeverity(pgerr.SeverityPanic)
	}
	defer f.Close()
	b := make([]byte, ControlFileSize)
	n, err := io.ReadFull(f, b)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not read file \"%s\": %s", ControlFilePath, Strerror(err)).
			WithSeverity(pgerr.SeverityPanic)
	}
	if n < controlCRCOffset+4 {
		return nil, pgerr.Fatalf(pgerr.DataCorrupted, "could not read file \"%s\": read %d of %d", ControlFilePath, n, ControlFileSize).
			WithSeverity(pgerr.SeverityPanic)
	}
	return UnmarshalControlFile(b[:n])
}

// ReadControlFileState reads the control file as pg_ctl's
// get_controlfile does: the state is returned even when the CRC is wrong,
// with crcOK telling the caller whether to trust it.
func ReadControlFileState(dir string) (c *ControlFile, crcOK bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, ControlFilePath))
	if err != nil {
		return nil, false, err
	}
	if len(b) < controlCRCOffset+4 {
		return nil, false, fmt.Errorf("could not read file \"%s\": read %d of %d", filepath.Join(dir, ControlFilePath), len(b), ControlFileSize)
	}
	c = unmarshalControlFile(b)
	crcOK = crc32.Checksum(b[:controlCRCOffset], crcTable) == binary.LittleEndian.Uint32(b[controlCRCOffset:])
	return c, crcOK, nil
}

// WriteControlFile writes c to dir/global/pg_control and fsyncs it. The
// file is rewritten in place, not renamed into place: like PostgreSQL we
// rely on the meaningful part (under 512 bytes, one disk sector) being
// written atomically, and an in-place write never leaves the directory
// without a control file. When the file is new the directory is fsynced
// too, so that the entry survives a crash.
func WriteControlFile(dir string, c *ControlFile) error {
	path := filepath.Join(dir, ControlFilePath)
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, fs.ErrNotExist)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, DirPerms(dir).File)
	if err != nil {
		return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not open file \"%s\": %s", ControlFilePath, Strerror(err)).
			WithSeverity(pgerr.SeverityPanic)
	}
	if _, err := f.WriteAt(c.Marshal(), 0); err != nil {
		f.Close()
		return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not write to file \"%s\": %s", ControlFilePath, Strerror(err)).
			WithSeverity(pgerr.SeverityPanic)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not fsync file \"%s\": %s", ControlFilePath, Strerror(err)).
			WithSeverity(pgerr.SeverityPanic)
	}
	if err := f.Close(); err != nil {
		return pgerr.Fatalf(pgerr.CodeForFileAccess(err), "could not close file \"%s\": %s", ControlFilePath, Strerror(err)).
			WithSeverity(pgerr.SeverityPanic)
	}
	if created {
		if err := SyncDir(filepath.Dir(path)); err != nil {
			return pgerr.Fatalf(pgerr.IoError, "%s", err.Error()).WithSeverity(pgerr.SeverityPanic)
		}
	}
	return nil
}
