// Package xlog is gpostgres's write-ahead log: PostgreSQL 15's
// access/transam/xlog.c, xloginsert.c, xlogreader.c, xlogrecovery.c and
// xlogutils.c, with the same on-disk format, so that pg_waldump reads the
// WAL gpostgres writes and PostgreSQL can replay it (both are tested).
//
// # Layers
//
// From the caller down:
//
//   - Records (record.go). A RecordBuilder collects a record's resource
//     manager id, info bits, xid, block references (RegisterBuffer,
//     RegisterBufData) and main data. Assembly turns it into PostgreSQL's
//     layout: the 24-byte XLogRecord header, one XLogRecordBlockHeader per
//     block (with an XLogRecordBlockImageHeader when a full-page image is
//     included, the RelFileLocator unless BKPBLOCK_SAME_REL, the block
//     number), the main-data header, then the images (hole removed), block
//     data and main data. Full-page images are decided here: a registered
//     page whose LSN is at or before the redo point gets one when
//     full_page_writes is on. The CRC-32C covers the payload and then the
//     header up to xl_crc.
//
//   - Insertion (insert.go). Insert reserves the record's bytes in the WAL
//     stream under a tiny lock, links xl_prev to the previous record,
//     finishes the CRC and copies the record into the WAL buffers (shared
//     memory, wal_buffers pages of 8 kB) with only an insertion slot held,
//     writing page headers and continuation headers as it crosses pages.
//     A buffer page is reused only after its old content was written out.
//
//   - Writing (write.go). Flush(lsn) writes and syncs the WAL up to at
//     least lsn; one process does it for everybody waiting (group commit).
//     BackgroundFlush does the same for the walwriter. Segment files of
//     16 MB, named TTTTTTTTXXXXXXXXYYYYYYYY, are created zero-filled in
//     pg_wal/ when first needed, or preallocated and recycled by
//     checkpoints (segments.go).
//
//   - Reading (reader.go, decode.go, page.go). A Reader walks the records
//     of pg_wal/ from an LSN, validating page headers, continuation
//     headers, xl_prev links and CRCs, and returns DecodedRecords. The
//     first invalid record ends the valid WAL: the error matches
//     ErrEndOfWAL and carries PostgreSQL's message ("invalid record length
//     at 0/1500A90: wanted 24, got 0").
//
//   - Recovery (recovery.go, rmgr.go, redoutil.go). Recover reads
//     pg_control, reads the last checkpoint record, replays from its redo
//     point through the resource managers registered in an RmgrTable, and
//     leaves insertion positioned after the last valid record.
//     ReadBufferForRedo helps redo functions restore full-page images and
//     skip changes a page already has.
//
//   - Checkpoints (checkpoint.go, bootstrap.go). BeginCheckpoint moves the
//     redo point; LogCheckpoint writes the checkpoint record, flushes it
//     and updates pg_control; RemoveOldSegments drops or recycles segments
//     before the redo point (only archived ones when archiving is active).
//     Bootstrap writes the first segment for gpinitdb.
//
//   - Archiving (archive.go). Finished segments get .ready status files
//     and wake the archiver (lib/bg); ArchiveDone turns them into .done;
//     SwitchSegment writes XLOG_SWITCH (pg_switch_wal, archive_timeout);
//     the pg_stat_archiver counters live here.
//
// # Lifecycle
//
//	gpinitdb:      xlog.Bootstrap(dir, controlFile)
//	postmaster:    sh, _ := xlog.CreateShared(seg, settings)    // and after each crash restart
//	               sh.LoadControlFile(dataDir)                  // before any child starts
//	every child:   w := xlog.AttachShared(seg).Open(xlog.Options{DataDir, Owner, Settings, Logger})
//	startup:       res, err := w.Recover(ctx)
//	               if res.Replayed { flush buffers; w.LogCheckpoint(xlog.CheckpointEndOfRecovery, cp) }
//	backends:      b := xlog.NewRecord(rmid, info); b.RegisterBuffer(...); lsn, err := w.Insert(b)
//	               ... set pd_lsn = lsn ...; at commit w.Flush(lsn)
//	buffer writes: w.Flush(pageLSN) before writing a dirty page (WAL before data)
//	walwriter:     every wal_writer_delay: w.BackgroundFlush()
//	archiver:      w.SetArchiverPID(pid); for name in xlog.ReadyFiles(dir):
//	               run archive_command; xlog.ArchiveDone(dir, name); w.ReportArchived(name, false)
//	checkpointer:  redo := w.BeginCheckpoint(); flush buffers and files;
//	               w.LogCheckpoint(xlog.CheckpointOnline, cp); w.RemoveOldSegments(redo, 0);
//	               w.PreallocateSegments()
//	shutdown:      w.SetState(datadir.DBShutdowning); flush buffers;
//	               w.LogCheckpoint(xlog.CheckpointShutdown, cp)
//
// Recover must finish before any process inserts; Insert returns an error
// until it has.
//
// # Compatibility
//
// The record, page and segment formats, the resource manager ids, the
// xl_info values of the XLOG resource manager, the CheckPoint struct and
// the file names are PostgreSQL 15's. The tests check that pg_waldump
// decodes our WAL exactly as we do, that we decode the WAL of a real
// initdb exactly as pg_waldump does, and that PostgreSQL 15 replays WAL
// appended by this package and prints the same recovery messages.
//
// Not implemented: compressed full-page images (never written; reading
// them fails in RestoreBlockImage), timelines other than 1 and timeline
// history files, archive recovery, standby mode and minRecoveryPoint,
// XLOG_OVERWRITE_CONTRECORD after an aborted continuation record,
// archive_mode = always during recovery (there is no standby mode),
// replication origins and top-level xids in
// records (decoded, never written), wal_compression, wal_writer_flush_after
// and the walwriter's "only whole pages" policy, commit_delay. README.md
// states the invariants.
package xlog
