// What transam needs from the write-ahead log, and the WAL records it
// writes and replays: XLOG_XACT_COMMIT / XLOG_XACT_ABORT (rmgr Transaction),
// CLOG_ZEROPAGE (rmgr CLOG) and XLOG_NEXTOID (rmgr XLOG), in PostgreSQL 15's
// byte layout.

package transam

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// WAL is the part of lib/access/xlog that transam uses. Insert appends one
// record made of a resource-manager id, an info byte (the high four bits;
// the low four belong to xlog), the transaction id for the record header
// (xl_xid, 0 for none) and the main data, and returns the LSN just past the
// record (what PostgreSQL's XLogInsert returns). Flush returns once WAL up
// to upTo is durably on disk.
type WAL interface {
	Insert(rmgr, info uint8, xid uint32, data []byte) (storage.LSN, error)
	Flush(upTo storage.LSN) error
}

// Resource manager ids (PostgreSQL's rmgrlist.h).
const (
	RmgrXLOG      uint8 = 0
	RmgrXact      uint8 = 1
	RmgrCLOG      uint8 = 3
	RmgrMultiXact uint8 = 6
)

// Info bytes of the records transam writes or replays.
const (
	XLogNextOid uint8 = 0x30 // rmgr XLOG: main data is the next OID (4 bytes)

	XLogXactCommit         uint8 = 0x00
	XLogXactPrepare        uint8 = 0x10
	XLogXactAbort          uint8 = 0x20
	XLogXactCommitPrepared uint8 = 0x30
	XLogXactAbortPrepared  uint8 = 0x40
	XLogXactAssignment     uint8 = 0x50
	XLogXactInvalidations  uint8 = 0x60
	XLogXactOpmask         uint8 = 0x70
	XLogXactHasInfo        uint8 = 0x80

	CLOGZeroPage uint8 = 0x00 // main data: page number (int32)
	CLOGTruncate uint8 = 0x10
)

// xl_xact_xinfo flags (PostgreSQL 15's xact.h).
const (
	xinfoHasDBInfo   = 1 << 0
	xinfoHasSubxacts = 1 << 1
)

// postgresEpoch is 2000-01-01 00:00:00 UTC in Unix microseconds: the zero
// of PostgreSQL's TimestampTz.
const postgresEpochMicros = 946684800 * 1000000

// TimestampTz converts t to PostgreSQL's TimestampTz (microseconds since
// 2000-01-01 UTC).
func TimestampTz(t time.Time) int64 { return t.UnixMicro() - postgresEpochMicros }

// TimeFromTimestampTz is the inverse of TimestampTz.
func TimeFromTimestampTz(ts int64) time.Time { return time.UnixMicro(ts + postgresEpochMicros) }

// XactRecord is the decoded main data of a commit or abort record.
type XactRecord struct {
	Time     int64 // xact_time, a TimestampTz
	XInfo    uint32
	DBID     uint32 // from xl_xact_dbinfo, when XInfo has it
	TsID     uint32
	Subxacts []TransactionId
}

// encodeXactRecord builds the main data of a commit or abort record:
// xl_xact_commit / xl_xact_abort { TimestampTz xact_time }, then, when
// there are subtransactions, xl_xact_xinfo { XACT_XINFO_HAS_SUBXACTS } and
// xl_xact_subxacts { int nsubxacts; TransactionId subxacts[] }, as
// PostgreSQL 15's XactLogCommitRecord and XactLogAbortRecord lay them out.
// It returns the XLOG_XACT_HAS_INFO bit to add to the info byte.
func encodeXactRecord(xactTime int64, subxids []TransactionId) (uint8, []byte) {
	if len(subxids) == 0 {
		return 0, binary.LittleEndian.AppendUint64(make([]byte, 0, 8), uint64(xactTime))
	}
	b := make([]byte, 0, 16+4*len(subxids))
	b = binary.LittleEndian.AppendUint64(b, uint64(xactTime))
	b = binary.LittleEndian.AppendUint32(b, xinfoHasSubxacts)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(subxids)))
	for _, x := range subxids {
		b = binary.LittleEndian.AppendUint32(b, uint32(x))
	}
	return XLogXactHasInfo, b
}

// DecodeXactRecord parses the main data of an XLOG_XACT_COMMIT or
// XLOG_XACT_ABORT record written by PostgreSQL or by this package. Fields
// after the subtransaction list (relfilenodes, invalidations, two-phase,
// origin) are not decoded.
func DecodeXactRecord(info uint8, data []byte) (XactRecord, error) {
	var r XactRecord
	if len(data) < 8 {
		return r, fmt.Errorf("transaction record too short: %d bytes", len(data))
	}
	r.Time = int64(binary.LittleEndian.Uint64(data))
	p := data[8:]
	if info&XLogXactHasInfo == 0 {
		return r, nil
	}
	if len(p) < 4 {
		return r, fmt.Errorf("transaction record too short for xinfo")
	}
	r.XInfo = binary.LittleEndian.Uint32(p)
	p = p[4:]
	if r.XInfo&xinfoHasDBInfo != 0 {
		if len(p) < 8 {
			return r, fmt.Errorf("transaction record too short for dbinfo")
		}
		r.DBID, r.TsID = binary.LittleEndian.Uint32(p), binary.LittleEndian.Uint32(p[4:])
		p = p[8:]
	}
	if r.XInfo&xinfoHasSubxacts != 0 {
		if len(p) < 4 {
			return r, fmt.Errorf("transaction record too short for subxacts")
		}
		n := int(int32(binary.LittleEndian.Uint32(p)))
		p = p[4:]
		if n < 0 || len(p) < 4*n {
			return r, fmt.Errorf("transaction record has a bad subxact count %d", n)
		}
		r.Subxacts = make([]TransactionId, n)
		for i := range r.Subxacts {
			r.Subxacts[i] = TransactionId(binary.LittleEndian.Uint32(p[4*i:]))
		}
	}
	return r, nil
}

func le32(v uint32) []byte {
	b := make([]byte, 4)
	binary.LittleEndian.PutUint32(b, v)
	return b
}
