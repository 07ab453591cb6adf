// The progress reporting of long commands (PostgreSQL's
// backend_progress.c): a command names itself and its target relation
// in the process's proc slot and updates up to 20 numbered parameters
// as it goes; pg_stat_get_progress_info and the pg_stat_progress_*
// views read them.

package pgstat

import "github.com/gpostgres/gpostgres/lib/proc"

// ProgressCommand is the kind of command reporting progress
// (ProgressCommandType).
type ProgressCommand int32

const (
	ProgressNone ProgressCommand = iota
	ProgressVacuum
	ProgressAnalyze
	ProgressCluster
	ProgressCreateIndex
	ProgressBasebackup
	ProgressCopy
)

// ProgressCommandByName maps pg_stat_get_progress_info's argument to a
// command; ok is false for an unknown name.
func ProgressCommandByName(name string) (ProgressCommand, bool) {
	switch name {
	case "VACUUM":
		return ProgressVacuum, true
	case "ANALYZE":
		return ProgressAnalyze, true
	case "CLUSTER":
		return ProgressCluster, true
	case "CREATE INDEX":
		return ProgressCreateIndex, true
	case "BASEBACKUP":
		return ProgressBasebackup, true
	case "COPY":
		return ProgressCopy, true
	}
	return ProgressNone, false
}

// The parameters of VACUUM (PROGRESS_VACUUM_*, commands/progress.h) and
// its phases, as pg_stat_progress_vacuum reads them.
const (
	ProgressVacuumPhase            = 0
	ProgressVacuumTotalHeapBlks    = 1
	ProgressVacuumHeapBlksScanned  = 2
	ProgressVacuumHeapBlksVacuumed = 3
	ProgressVacuumNumIndexVacuums  = 4
	ProgressVacuumMaxDeadTuples    = 5
	ProgressVacuumNumDeadTuples    = 6

	ProgressVacuumPhaseScanHeap     = 1
	ProgressVacuumPhaseVacuumIndex  = 2
	ProgressVacuumPhaseVacuumHeap   = 3
	ProgressVacuumPhaseIndexCleanup = 4
	ProgressVacuumPhaseTruncate     = 5
	ProgressVacuumPhaseFinalCleanup = 6
)

// The parameters of CLUSTER and VACUUM FULL (PROGRESS_CLUSTER_*), their
// commands and phases, as pg_stat_progress_cluster reads them.
const (
	ProgressClusterCommand           = 0
	ProgressClusterPhase             = 1
	ProgressClusterIndexRelid        = 2
	ProgressClusterHeapTuplesScanned = 3
	ProgressClusterHeapTuplesWritten = 4
	ProgressClusterTotalHeapBlks     = 5
	ProgressClusterHeapBlksScanned   = 6
	ProgressClusterIndexRebuildCount = 7

	ProgressClusterCommandCluster    = 1
	ProgressClusterCommandVacuumFull = 2

	ProgressClusterPhaseSeqScanHeap  = 1
	ProgressClusterPhaseSortTuples   = 3
	ProgressClusterPhaseWriteNewHeap = 4
	ProgressClusterPhaseSwapRelFiles = 5
	ProgressClusterPhaseRebuildIndex = 6
	ProgressClusterPhaseFinalCleanup = 7
)

// The parameters of ANALYZE (PROGRESS_ANALYZE_*) and its phases, as
// pg_stat_progress_analyze reads them.
const (
	ProgressAnalyzePhase       = 0
	ProgressAnalyzeBlocksTotal = 1
	ProgressAnalyzeBlocksDone  = 2

	ProgressAnalyzePhaseAcquireSampleRows = 1
	ProgressAnalyzePhaseComputeStats      = 3
	ProgressAnalyzePhaseFinalize          = 5
)

// The parameters of CREATE INDEX (PROGRESS_CREATEIDX_*, PROGRESS_SCAN_*)
// and its phases; the B-tree build's subphases (PROGRESS_BTREE_PHASE_*).
const (
	ProgressCreateIdxCommand         = 0
	ProgressWaitForTotal             = 3
	ProgressWaitForDone              = 4
	ProgressWaitForCurrentPid        = 5
	ProgressCreateIdxIndexOID        = 6
	ProgressCreateIdxAccessMethodOID = 8
	ProgressCreateIdxPhase           = 9
	ProgressCreateIdxSubphase        = 10
	ProgressCreateIdxTuplesTotal     = 11
	ProgressCreateIdxTuplesDone      = 12
	ProgressCreateIdxPartitionsTotal = 13
	ProgressCreateIdxPartitionsDone  = 14
	ProgressScanBlocksTotal          = 15
	ProgressScanBlocksDone           = 16

	ProgressCreateIdxCommandCreate             = 1
	ProgressCreateIdxCommandCreateConcurrently = 2
	ProgressCreateIdxCommandReindex            = 3

	ProgressCreateIdxPhaseWait1             = 1
	ProgressCreateIdxPhaseBuild             = 2
	ProgressCreateIdxPhaseWait2             = 3
	ProgressCreateIdxPhaseValidateIdxscan   = 4
	ProgressCreateIdxPhaseValidateTablescan = 6
	ProgressCreateIdxPhaseWait3             = 7
	ProgressCreateIdxSubphaseInitialize     = 1

	ProgressBtreePhaseTableScan = 2
	ProgressBtreePhaseSort1     = 3
	ProgressBtreePhaseSort2     = 4
	ProgressBtreePhaseLeafLoad  = 5
)

// BtreePhaseName is the B-tree build's name of a subphase
// (btbuildphasename), "" for none.
func BtreePhaseName(phase int64) string {
	switch phase {
	case ProgressCreateIdxSubphaseInitialize:
		return "initializing"
	case ProgressBtreePhaseTableScan:
		return "scanning table"
	case ProgressBtreePhaseSort1:
		return "sorting live tuples"
	case ProgressBtreePhaseSort2:
		return "sorting dead tuples"
	case ProgressBtreePhaseLeafLoad:
		return "loading tuples in tree"
	}
	return ""
}

// ProgressStart announces that the process runs cmd on relation relid;
// every parameter starts at 0 (pgstat_progress_start_command).
func (b *Backend) ProgressStart(cmd ProgressCommand, relid uint32) {
	s := b.progressSlot()
	if s == nil {
		return
	}
	s.BeginWrite()
	s.ProgressCommand, s.ProgressTarget = int32(cmd), relid
	clear(s.ProgressParam[:])
	s.EndWrite()
}

// ProgressUpdate sets parameter index (0-based, below 20) to value
// (pgstat_progress_update_param).
func (b *Backend) ProgressUpdate(index int, value int64) {
	s := b.progressSlot()
	if s == nil || s.ProgressCommand == int32(ProgressNone) {
		return
	}
	s.BeginWrite()
	s.ProgressParam[index] = value
	s.EndWrite()
}

// ProgressIncrement adds delta to parameter index
// (pgstat_progress_incr_param).
func (b *Backend) ProgressIncrement(index int, delta int64) {
	s := b.progressSlot()
	if s == nil || s.ProgressCommand == int32(ProgressNone) {
		return
	}
	s.BeginWrite()
	s.ProgressParam[index] += delta
	s.EndWrite()
}

// ProgressUpdateMulti sets several parameters at once, so that readers
// see them change together (pgstat_progress_update_multi_param).
func (b *Backend) ProgressUpdateMulti(index []int, values []int64) {
	s := b.progressSlot()
	if s == nil || s.ProgressCommand == int32(ProgressNone) {
		return
	}
	s.BeginWrite()
	for i, ix := range index {
		s.ProgressParam[ix] = values[i]
	}
	s.EndWrite()
}

// ProgressEnd says the command is over (pgstat_progress_end_command);
// an error's cleanup calls it too.
func (b *Backend) ProgressEnd() {
	s := b.progressSlot()
	if s == nil || s.ProgressCommand == int32(ProgressNone) {
		return
	}
	s.BeginWrite()
	s.ProgressCommand, s.ProgressTarget = 0, 0
	s.EndWrite()
}

func (b *Backend) progressSlot() *proc.Slot {
	if b == nil {
		return nil
	}
	return b.slot
}
