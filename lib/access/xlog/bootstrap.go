// Creating the first WAL segment of a new cluster (BootStrapXLOG): one
// shutdown checkpoint record right after the first segment's long page
// header, which pg_control then points to.

package xlog

import (
	"time"

	"github.com/gpostgres/gpostgres/lib/datadir"
)

// FirstCheckpointLSN is where Bootstrap writes the initial checkpoint:
// just after the long header of segment 1 (0/1000028).
const FirstCheckpointLSN = LSN(SegmentSize + LongPageHeaderSize)

// Bootstrap writes pg_wal/000000010000000000000001 with the initial
// shutdown checkpoint, whose content is cf.CheckPointCopy (redo, timeline
// and time filled in here), and writes cf to global/pg_control with
// checkPoint pointing at that record and state "shut down". gpinitdb calls
// it once, after creating pg_wal and global; pg_wal must not already hold
// that segment.
func Bootstrap(dataDir string, cf *datadir.ControlFile) error {
	tli := cf.CheckPointCopy.ThisTimeLineID
	if tli == 0 {
		tli = 1
	}
	cp := cf.CheckPointCopy
	cp.Redo = datadir.LSN(FirstCheckpointLSN)
	cp.ThisTimeLineID, cp.PrevTimeLineID = tli, tli
	if cp.Time == 0 {
		cp.Time = time.Now().Unix()
	}

	page := make([]byte, PageSize)
	initPage(page, SegmentStart(1), tli, cf.SystemIdentifier, false)
	var a assembled
	b := NewRecord(RmgrXLOG, InfoCheckpointShutdown)
	b.SetMainData(MarshalCheckPoint(&cp))
	if err := b.assemble(&a, 0, false); err != nil {
		return err
	}
	a.finish(0) // the first record has no predecessor
	copy(page[LongPageHeaderSize:], a.recordBytes())

	if err := createSegmentFile(dataDir, FileName(tli, 1), true, true, page); err != nil {
		return err
	}
	cf.CheckPoint = datadir.LSN(FirstCheckpointLSN)
	cf.CheckPointCopy = cp
	cf.State = datadir.DBShutdowned
	cf.Time = cp.Time
	return datadir.WriteControlFile(dataDir, cf)
}
