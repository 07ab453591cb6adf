// Exported snapshots (snapmgr.c's ExportSnapshot and ImportSnapshot):
// pg_export_snapshot writes the transaction's snapshot to a file in
// pg_snapshots/ named after its virtual transaction, and another
// transaction of the same database adopts it with SET TRANSACTION
// SNAPSHOT, so that both see exactly the same rows (pg_dump -j's workers
// do). The file lives while the exporting transaction runs: its end
// removes it, and so does the server's start or restart after a crash
// (lib/engine's RemoveAllExportedSnapshots) and the cleanup after its
// process dies alone (RemoveExportedSnapshotsOfBackend). The exporter keeps advertising the
// snapshot's xmin until its end; an importer installs that xmin as its
// own only while the exporter still holds it, so vacuum never removes a
// row either of them can see.

package xact

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

// xactIsoLevel is PostgreSQL's XactIsoLevel number of the transaction's
// level as its settings name it, which the snapshot file records.
func (x *Transaction) xactIsoLevel() int {
	if x.cfg.Settings == nil {
		return 1
	}
	switch x.cfg.Settings.String("transaction_isolation") {
	case "read uncommitted":
		return 0
	case "repeatable read":
		return 2
	case "serializable":
		return 3
	}
	return 1
}

func (x *Transaction) readOnly() bool {
	return x.cfg.Settings != nil && x.cfg.Settings.Bool("transaction_read_only")
}

// ExportSnapshot is pg_export_snapshot: it writes the statement's
// snapshot (the transaction's under REPEATABLE READ and SERIALIZABLE) to
// pg_snapshots/ and returns its identifier, "%08X-%08X-%d" of the
// virtual transaction and the count of snapshots it exported. The
// transaction's own id and its committed subtransactions' are added as
// running: importers must not see its changes. From then on the
// transaction keeps advertising the snapshot's xmin until it ends.
func (x *Transaction) ExportSnapshot() (string, error) {
	if len(x.stack) > 1 {
		return "", pgerr.New(pgerr.ActiveSqlTransaction, "cannot export a snapshot from a subtransaction")
	}
	if len(x.stack) == 0 || !x.vxid.IsValid() {
		return "", pgerr.New(pgerr.InternalError, "no transaction is open")
	}
	e := x.cfg.Engine
	snap := x.Snapshot()
	top := x.stack[0]
	var b strings.Builder
	fmt.Fprintf(&b, "vxid:%d/%d\n", x.vxid.BackendID, x.vxid.LocalXid)
	fmt.Fprintf(&b, "pid:%d\n", e.Owner.Pid)
	fmt.Fprintf(&b, "dbid:%d\n", x.cfg.Database)
	fmt.Fprintf(&b, "iso:%d\n", x.xactIsoLevel())
	fmt.Fprintf(&b, "ro:%d\n", boolInt(x.readOnly()))
	fmt.Fprintf(&b, "xmin:%d\n", snap.Xmin)
	fmt.Fprintf(&b, "xmax:%d\n", snap.Xmax)
	// Our own id is never in our snapshot, but it is running for the
	// importer; an id at or after xmax is running for it anyway.
	addTop := top.xid.IsValid() && transam.TransactionIdPrecedes(top.xid, snap.Xmax)
	fmt.Fprintf(&b, "xcnt:%d\n", len(snap.Xip)+boolInt(addTop))
	for _, xid := range snap.Xip {
		fmt.Fprintf(&b, "xip:%d\n", xid)
	}
	if addTop {
		fmt.Fprintf(&b, "xip:%d\n", top.xid)
	}
	if snap.Suboverflowed || len(snap.Subxip)+len(top.children) > e.Xact.MaxSnapshotSubxidCount() {
		b.WriteString("sof:1\n")
	} else {
		b.WriteString("sof:0\n")
		fmt.Fprintf(&b, "sxcnt:%d\n", len(snap.Subxip)+len(top.children))
		for _, xid := range snap.Subxip {
			fmt.Fprintf(&b, "sxp:%d\n", xid)
		}
		for _, xid := range top.children {
			fmt.Fprintf(&b, "sxp:%d\n", xid)
		}
	}
	b.WriteString("rec:0\n")

	id := fmt.Sprintf("%08X-%08X-%d", x.vxid.BackendID, x.vxid.LocalXid, len(x.exported)+1)
	rel := filepath.Join(engine.SnapshotExportDir, id)
	path := filepath.Join(e.DataDir, rel)
	// Written aside and renamed, so that an importer never reads half a
	// file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		return "", pgerr.Newf(pgerr.CodeForFileAccess(err), "could not write to file \"%s.tmp\": %s", rel, pgerr.Strerror(err))
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return "", pgerr.Newf(pgerr.CodeForFileAccess(err), "could not rename file \"%s.tmp\" to \"%s\": %s", rel, rel, pgerr.Strerror(err))
	}
	x.exported = append(x.exported, path)
	return id, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// removeExportedSnapshots deletes the files the ending transaction
// exported (AtEOXact_Snapshot).
func (x *Transaction) removeExportedSnapshots() {
	for _, path := range x.exported {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) && x.cfg.Warn != nil {
			x.cfg.Warn(pgerr.Newf(pgerr.CodeForFileAccess(err), "could not remove file \"%s\": %s", path, pgerr.Strerror(err)).WithSeverity(pgerr.SeverityWarning))
		}
	}
	x.exported = x.exported[:0]
}

// importedSnapshot is what a snapshot file says.
type importedSnapshot struct {
	vxid     lmgr.VirtualXid
	pid      int
	db       uint32
	isoLevel int
	readOnly bool
	snap     transam.Snapshot
}

// ImportSnapshot is SET TRANSACTION SNAPSHOT id: the transaction, still
// without a snapshot or an xid and at its top level, adopts the snapshot
// another transaction of the same database exported and that is still
// running. It needs REPEATABLE READ or SERIALIZABLE (under READ
// COMMITTED the next statement would take a new snapshot anyway). A
// SERIALIZABLE importer needs a SERIALIZABLE exporter, a read-only one
// only if it is read-only itself, and registers with the predicate lock
// manager under the imported snapshot, as PostgreSQL does (refused for
// READ ONLY DEFERRABLE, which would have to wait for a safe snapshot of
// its own).
func (x *Transaction) ImportSnapshot(id string) error {
	if x.firstSnapshotSet || x.TopXid().IsValid() || len(x.stack) != 1 {
		return pgerr.New(pgerr.ActiveSqlTransaction, "SET TRANSACTION SNAPSHOT must be called before any query")
	}
	iso := x.settingsIsolation()
	if iso == ReadCommitted {
		return pgerr.New(pgerr.FeatureNotSupported, "a snapshot-importing transaction must have isolation level SERIALIZABLE or REPEATABLE READ")
	}
	invalid := pgerr.Newf(pgerr.InvalidParameterValue, "invalid snapshot identifier: \"%s\"", id)
	// Only what identifiers are made of: no path can be named.
	if strings.Trim(id, "0123456789ABCDEF-") != "" {
		return invalid
	}
	e := x.cfg.Engine
	rel := engine.SnapshotExportDir + "/" + id
	f, err := os.Open(filepath.Join(e.DataDir, rel))
	if err != nil {
		return invalid
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		// An empty identifier names the folder itself; PostgreSQL reports
		// the failed read without a SQLSTATE of its own.
		return pgerr.Newf(pgerr.InternalError, "could not read file \"%s\": %s", rel, pgerr.Strerror(err))
	}
	src, err := parseSnapshotFile(data, e.Xact.MaxSnapshotXidCount(), e.Xact.MaxSnapshotSubxidCount())
	if err != nil {
		return pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid snapshot data in file \"%s\"", rel)
	}
	if iso == Serializable {
		if src.isoLevel != 3 {
			return pgerr.New(pgerr.FeatureNotSupported, "a serializable transaction cannot import a snapshot from a non-serializable transaction")
		}
		if src.readOnly && !x.readOnly() {
			return pgerr.New(pgerr.FeatureNotSupported, "a non-read-only serializable transaction cannot import a snapshot from a read-only transaction")
		}
	}
	// Vacuum's horizons are per database: the exporter's xmin protects
	// only its own database's rows.
	if src.db != x.cfg.Database {
		return pgerr.New(pgerr.FeatureNotSupported, "cannot import a snapshot from a different database")
	}
	snap := &src.snap
	install := func() error {
		sourceIndex := int(src.vxid.BackendID) - 1
		running := func() bool { return e.Locker.VirtualXidOf(sourceIndex) == src.vxid }
		if sourceIndex < 0 || sourceIndex >= e.Locker.NumProcs() ||
			!e.Xact.InstallImportedXmin(e.Owner, e.ProcIndex, snap.Xmin, sourceIndex, src.db, running) {
			return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "could not import the requested snapshot").
				WithDetail("The source process with PID %d is not running anymore.", src.pid)
		}
		return nil
	}
	if iso == Serializable {
		if err := x.importSerializable(snap, src, install); err != nil {
			return err
		}
	} else if err := install(); err != nil {
		return err
	}
	x.snapshot = snap
	x.noteFirstSnapshot()
	return nil
}

// importSerializable registers the importing SERIALIZABLE transaction
// with the imported snapshot (SetSerializableTransactionSnapshot):
// install, which checks that the exporter still holds the snapshot's
// xmin, runs under the predicate table's lock in place of taking a
// snapshot.
func (x *Transaction) importSerializable(snap *transam.Snapshot, src *importedSnapshot, install func() error) error {
	if x.readOnly() && x.cfg.Settings.Bool("transaction_deferrable") {
		return pgerr.New(pgerr.FeatureNotSupported, "a snapshot-importing transaction must not be READ ONLY DEFERRABLE")
	}
	e := x.cfg.Engine
	if e == nil || e.Predicate == nil {
		return pgerr.New(pgerr.FeatureNotSupported, "transaction isolation level SERIALIZABLE is not supported in this session")
	}
	return e.Predicate.Register(x.lockContext(), predicateTransaction(x, false, func() (uint32, error) {
		if err := install(); err != nil {
			return 0, err
		}
		return uint32(snap.Xmin), nil
	}))
}

// parseSnapshotFile reads ExportSnapshot's format back: each field on
// its own line, in its order, prefixed by its name.
func parseSnapshotFile(data []byte, maxXids, maxSubxids int) (*importedSnapshot, error) {
	lines := strings.Split(string(data), "\n")
	bad := errors.New("invalid snapshot data")
	next := func(prefix string) (string, error) {
		if len(lines) == 0 || !strings.HasPrefix(lines[0], prefix) {
			return "", bad
		}
		v := lines[0][len(prefix):]
		lines = lines[1:]
		return v, nil
	}
	integer := func(prefix string) (int, error) {
		v, err := next(prefix)
		if err != nil {
			return 0, err
		}
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil {
			return 0, bad
		}
		return int(n), nil
	}
	xid := func(prefix string) (transam.TransactionId, error) {
		v, err := next(prefix)
		if err != nil {
			return 0, err
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return 0, bad
		}
		return transam.TransactionId(n), nil
	}
	var s importedSnapshot
	v, err := next("vxid:")
	if err != nil {
		return nil, err
	}
	backend, local, ok := strings.Cut(v, "/")
	if !ok {
		return nil, bad
	}
	b, err1 := strconv.ParseInt(backend, 10, 32)
	l, err2 := strconv.ParseUint(local, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, bad
	}
	s.vxid = lmgr.VirtualXid{BackendID: int32(b), LocalXid: uint32(l)}
	if s.pid, err = integer("pid:"); err != nil {
		return nil, err
	}
	db, err := xid("dbid:")
	if err != nil {
		return nil, err
	}
	s.db = uint32(db)
	if s.isoLevel, err = integer("iso:"); err != nil {
		return nil, err
	}
	ro, err := integer("ro:")
	if err != nil {
		return nil, err
	}
	s.readOnly = ro != 0
	if s.snap.Xmin, err = xid("xmin:"); err != nil {
		return nil, err
	}
	if s.snap.Xmax, err = xid("xmax:"); err != nil {
		return nil, err
	}
	n, err := integer("xcnt:")
	if err != nil {
		return nil, err
	}
	if n < 0 || n > maxXids {
		return nil, bad
	}
	s.snap.Xip = make([]transam.TransactionId, n)
	for i := range s.snap.Xip {
		if s.snap.Xip[i], err = xid("xip:"); err != nil {
			return nil, err
		}
	}
	sof, err := integer("sof:")
	if err != nil {
		return nil, err
	}
	s.snap.Suboverflowed = sof != 0
	if !s.snap.Suboverflowed {
		if n, err = integer("sxcnt:"); err != nil {
			return nil, err
		}
		if n < 0 || n > maxSubxids {
			return nil, bad
		}
		s.snap.Subxip = make([]transam.TransactionId, n)
		for i := range s.snap.Subxip {
			if s.snap.Subxip[i], err = xid("sxp:"); err != nil {
				return nil, err
			}
		}
	}
	if _, err := integer("rec:"); err != nil {
		return nil, err
	}
	if !s.vxid.IsValid() || s.db == 0 || !s.snap.Xmin.IsNormal() || !s.snap.Xmax.IsNormal() {
		return nil, bad
	}
	// XidInMVCCSnapshot searches both lists.
	slices.Sort(s.snap.Xip)
	slices.Sort(s.snap.Subxip)
	return &s, nil
}
