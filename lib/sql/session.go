// This file ties a statement to its session's storage: the catalog cache
// and its Reader over the catalog heaps, relation name resolution with
// the search path and relation locks (PostgreSQL's namespace.c and
// RangeVarGetRelidExtended), and the Catalog and Source interfaces that
// analysis and execution use.

package sql

import (
	"context"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/sequence"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
	"github.com/gpostgres/gpostgres/lib/xact"
)

// sqlCtx is one statement's view of its session: the Env and, when the
// session has storage, the transaction, the heap, the catalog cache.
type sqlCtx struct {
	env   Env
	ctx   context.Context
	tx    *xact.Transaction
	eng   *engine.Engine
	heap  *heap.Env
	cache *catalog.Cache
	db    uint32
	// wrote is set once the statement changed a table or a catalog: a
	// command counter increment follows it.
	wrote bool
	// locked remembers the relation locks this statement took.
	locked map[lockKey]bool
	// seqParams caches the pg_sequence rows the statement read: their
	// lock keeps ALTER SEQUENCE out until the transaction ends.
	seqParams map[uint32]sequence.Params
	// viewUpdatable caches, per view, what RelationUpdatable learned by
	// analyzing the view's query (information_schema.columns asks it for
	// every column of every view).
	viewUpdatable map[uint32]*viewUpdatability
	// readCid, when pinned, is the command id the statement's scans
	// read as of and its rows are written as: the command counter when
	// it started, which the statements of the SQL functions it calls
	// move on (the calling statement does not see their changes, as its
	// snapshot in PostgreSQL was taken before they ran, and keeps
	// es_output_cid).
	readCid   heap.CommandId
	pinnedCid bool
	// freezeRel is the table COPY FREEZE loads: its rows are stored
	// frozen.
	freezeRel uint32
	// copyLoaded counts the rows COPY FROM stored, for its progress
	// report; copyProgress is set while COPY reports.
	copyLoaded   int64
	copyProgress bool
	// copyRunning is the COPY FROM running, whose line number a batch of
	// rows stored later reports (nil otherwise).
	copyRunning *copyFromState
	// functionBodies are the prepared bodies of the SQL functions the
	// statement called, by call site (sqlfunctions.go).
	functionBodies map[*expr.SQLFunctionCall]*functionBody
	// quiet drops NOTICEs: the cleanup of temporary objects
	// (PERFORM_DELETION_QUIETLY).
	quiet bool
	// typeWarnings are the WARNINGs that resolving type names raised
	// (a time precision reduced to 6), for the statements that send
	// them again without a position: PostgreSQL's DefineRelation
	// resolves the column types a second time, without the text, after
	// transformCreateStmt did with it.
	typeWarnings []*pgerr.Error
	// holdWarnings keeps those WARNINGs until the statement sends them
	// without a position (CREATE DOMAIN, CREATE TYPE AS, ALTER COLUMN
	// TYPE, which PostgreSQL resolves without the statement's text).
	holdWarnings bool
	// bodyWarning, while CREATE FUNCTION checks a function's body, moves
	// the position of a WARNING there into the statement (bodyWarning in
	// functioncmds.go).
	bodyWarning func(*pgerr.Error) *pgerr.Error
	// indexEvals are the compiled expressions and predicates of the
	// indexes the statement maintains, by index (indexes.go).
	indexEvals map[*plan.TableIndex]*indexEval
	// indexAccess are the heap callbacks of the indexes the statement
	// inserts into, made once per table and index (insertIndexEntries);
	// indexKeyScratch holds a row's index key values while they go in.
	indexAccess     map[tableIndexKey]*nbtree.HeapAccess
	indexKeyScratch []types.Datum
	// appendIndexEntries lets insertIndexEntries keep an index's
	// rightmost leaf from one row to the next (nbtree.InsertAppending):
	// set by a bulk insertion's loop over a stored batch while nothing
	// else in the loop touches the table's only index.
	appendIndexEntries bool
	// appendAccess is the heap callbacks of the index while
	// appendIndexEntries is set (looked up once per batch, not per row).
	appendAccess *nbtree.HeapAccess
	// btreeInterrupt is the B-tree access's interrupt check for
	// btreeCtx, the context it was made for (btree).
	btreeInterrupt func() error
	btreeCtx       context.Context
	// rootTIDScans makes heap scans report a heap-only tuple's HOT chain
	// root as its ctid (an index build's scan of its table).
	rootTIDScans bool
	// horizon and sharedHorizon are the statement's vacuum horizons for
	// its database's relations and for the shared catalogs, once taken
	// (oldestXmin, oldestXminShared).
	horizon, sharedHorizon transam.TransactionId
	// keyConstraints are the constraints of the deferrable unique
	// indexes the statement rechecks rows of, by index (uniquerecheck.go).
	keyConstraints map[uint32]keyConstraint
	// replicationRole is session_replication_role as the statement's
	// triggers read it, once: 'r' replica, 'o' origin or local, 0 not
	// read yet.
	replicationRole byte
	// afterEvents are the after-row events the statement queued
	// (afterevents.go), fired when it ends.
	afterEvents *afterEventQueue
	// eventSink is set when afterEvents is the queue of the statement
	// whose event runs this one: it fires nothing itself.
	eventSink bool
	// triggerCounts, under EXPLAIN ANALYZE, counts the calls and time
	// of the events fired (explaintriggers.go).
	triggerCounts *triggerCounts
	// riPlans are the prepared queries of the foreign key actions the
	// statement's events ran (ri.go).
	riPlans map[riPlanKey]*Plan
	// inRoutine is set while a utility statement of a SQL routine's
	// body runs (not isTopLevel).
	inRoutine bool
	// riIndexes are the referenced unique indexes the statement's
	// foreign key checks looked keys up in, by OID.
	riIndexes map[uint32]*plan.TableIndex
	// cursorSnapshot, when set, is the snapshot a cursor's query reads
	// under in every statement that fetches from it (cursor.go).
	cursorSnapshot *transam.Snapshot
}

type lockKey struct {
	oid  uint32
	mode lmgr.LockMode
}

func newCtx(ctx context.Context, env Env) *sqlCtx {
	if ctx == nil {
		ctx = context.Background()
	}
	s := &sqlCtx{env: env, ctx: ctx}
	se, ok := env.(StorageEnv)
	if !ok {
		return s
	}
	tx := se.Transaction()
	if tx == nil {
		return s
	}
	cache := se.Catalog()
	tx.SetCatalog(cache)
	s.tx, s.eng, s.heap, s.cache, s.db = tx, tx.Engine(), tx.Engine().Heap, cache, tx.DatabaseOID()
	s.locked = map[lockKey]bool{}
	registerSmgrHook(cache, s.heap)
	cache.SetDataDir(s.eng.DataDir)
	// A statement reads the invalidations other backends sent since the
	// last one (AcceptInvalidationMessages at transaction and statement
	// start).
	cache.Accept()
	return s
}

// registerSmgrHook makes smgr invalidations drop the heap's cached
// insertion target of the relation.
func registerSmgrHook(c *catalog.Cache, h *heap.Env) {
	c.OnSmgrInvalidation("heap", h.ForgetRelation)
}

func (s *sqlCtx) hasStorage() bool { return s.cache != nil }

// syscache looks up functions, operators, casts, aggregates and types:
// the built-in ones, and with storage those of the database.
func (s *sqlCtx) syscache() catalog.Syscache {
	if s.cache == nil {
		return catalog.Syscache{}
	}
	return s.cache.Syscache(s)
}

func (s *sqlCtx) cid() heap.CommandId { return heap.CommandId(s.tx.CommandID()) }

// catalogSnapshot is a fresh snapshot for catalog reads that sees the
// transaction's own earlier commands.
func (s *sqlCtx) catalogSnapshot() *heap.Snapshot {
	return &heap.Snapshot{Snapshot: s.tx.CatalogSnapshot(), Cur: s.ownXids(), CurCid: s.cid()}
}

// outputCid is the command id the statement writes rows as: the one it
// started with while it runs a plan (es_output_cid), whatever the SQL
// functions it calls moved the counter to.
func (s *sqlCtx) outputCid() heap.CommandId {
	if s.pinnedCid {
		return s.readCid
	}
	return s.cid()
}

// statementSnapshot is the statement's MVCC snapshot.
func (s *sqlCtx) statementSnapshot() *heap.Snapshot {
	cid := s.cid()
	if s.pinnedCid {
		cid = s.readCid
	}
	snap := s.cursorSnapshot
	if snap == nil {
		snap = s.tx.Snapshot()
	}
	return &heap.Snapshot{Snapshot: snap, Cur: s.ownXids(), CurCid: cid}
}

// ownXids is the set of ids the transaction recognises as its own
// (TransactionIdIsCurrentTransactionId).
func (s *sqlCtx) ownXids() transam.CurrentXids { return s.tx.CurrentXids() }

// openCatalog is table_open of a system catalog: it takes mode on it
// (AccessShareLock to read, RowExclusiveLock to change it), reads the
// invalidations sent meanwhile, and returns the catalog's heap relation
// in its current file, and the table_close that releases the lock, as
// PostgreSQL's catalog accesses release theirs when done. The lock is
// what keeps a VACUUM FULL of the catalog, which moves it to a new file,
// from losing a change made to the old one or removing the file under a
// scan; the rewrite copies the rows of transactions still in progress.
func (s *sqlCtx) openCatalog(c *catalog.Catalog, mode lmgr.LockMode) (*heap.Relation, func(), error) {
	release := func() {}
	if s.eng != nil && s.eng.Locker != nil {
		db := s.db
		if c.Shared {
			db = 0
		}
		tag := lmgr.RelationTag(db, c.OID)
		locker := s.eng.Locker
		held := locker.LockHeldByMe(tag, mode)
		if _, err := locker.LockAcquire(s.ctx, tag, mode, false); err != nil {
			return nil, release, err
		}
		release = func() { locker.LockRelease(tag, mode) }
		if !held {
			s.cache.Accept()
		}
	}
	loc, err := s.cache.CatalogLocator(s, c)
	if err != nil {
		release()
		return nil, func() {}, err
	}
	return &heap.Relation{OID: c.OID, Locator: loc, Desc: c.Desc(), Name: c.Name}, release, nil
}

// ScanCatalog implements catalog.Reader.
func (s *sqlCtx) ScanCatalog(c *catalog.Catalog, fn func(row []types.Datum) (bool, error)) error {
	return s.ScanCatalogFrom(c, 0, fn)
}

// ScanCatalogFrom implements catalog.Reader: rows with smaller OIDs are
// passed over undecoded.
func (s *sqlCtx) ScanCatalogFrom(c *catalog.Catalog, minOID uint32, fn func(row []types.Datum) (bool, error)) error {
	rel, release, err := s.openCatalog(c, lmgr.AccessShareLock)
	defer release()
	if err != nil {
		return err
	}
	sc := heap.BeginScan(s.heap, rel, s.catalogSnapshot())
	defer sc.Close()
	// The catalog cache keeps values of a few of the rows.
	sc.SmallCopies()
	if minOID > 0 {
		sc.SetSkip(func(h tuple.Header) bool { return catalog.TupleOID(c, h) < minOID })
	}
	for {
		_, vals, ok, err := sc.Next()
		if err != nil || !ok {
			return err
		}
		more, err := fn(vals)
		if err != nil || !more {
			return err
		}
	}
}

// lock takes a relation lock once per statement and then reads the
// invalidations that other backends sent before releasing it.
func (s *sqlCtx) lock(oid uint32, mode lmgr.LockMode) error {
	k := lockKey{oid, mode}
	if s.locked[k] {
		return nil
	}
	if err := s.tx.LockRelation(oid, mode); err != nil {
		return err
	}
	s.locked[k] = true
	s.cache.Accept()
	// Using a temporary relation marks the transaction, which PREPARE
	// TRANSACTION then refuses (relation_open's
	// XACT_FLAGS_ACCESSEDTEMPNAMESPACE).
	if rel, err := s.cache.RelationByOID(s, oid); err != nil {
		return err
	} else if rel != nil && rel.Persistence == 't' {
		s.tx.MarkAccessedTemp()
	}
	return nil
}

// commandEnd ends a statement that wrote: the next command sees its
// changes, and this backend's cache forgets what they made stale.
func (s *sqlCtx) commandEnd() {
	if s.cache == nil || !s.wrote {
		return
	}
	s.nextCommand()
	s.wrote = false
}

// ---- search path (namespace.c) ----

// searchPath returns the namespaces to look in for an unqualified
// relation or type name: the session's temporary schema, if it has one,
// first unless the setting places pg_temp elsewhere, pg_catalog next
// unless the setting lists it, then the schemas of search_path that exist
// ("$user" is the current user's schema).
func (s *sqlCtx) searchPath() ([]uint32, error) {
	path, _, err := s.searchPathImplicit()
	return path, err
}

// searchPathImplicit is searchPath and how many of its first schemas are
// searched implicitly, without search_path naming them.
func (s *sqlCtx) searchPathImplicit() ([]uint32, int, error) {
	setting := `"$user", public`
	if v, found, err := s.env.GetConfig("search_path", true); err == nil && found {
		setting = v
	}
	var out []uint32
	explicitCatalog, explicitTemp := false, false
	temp := s.myTempNamespace()
	for _, item := range splitSearchPath(setting) {
		if item == "$user" {
			item = s.env.CurrentUser()
		}
		if item == tempSearchName {
			explicitTemp = true
			if temp != 0 {
				out = append(out, temp)
			}
			continue
		}
		oid, err := s.cache.NamespaceOID(s, item)
		if err != nil {
			return nil, 0, err
		}
		if oid == 0 {
			continue
		}
		if oid == catalog.PgCatalogNamespace {
			explicitCatalog = true
		}
		out = append(out, oid)
	}
	implicit := 0
	if !explicitCatalog {
		out = append([]uint32{catalog.PgCatalogNamespace}, out...)
		implicit++
	}
	if !explicitTemp && temp != 0 {
		out = append([]uint32{temp}, out...)
		implicit++
	}
	return out, implicit, nil
}

// functionSearchPath is searchPath without the temporary schema, which
// is never searched for functions and operators (namespace.c's
// FuncnameGetCandidates skips it: a temporary function would be a trap).
func (s *sqlCtx) functionSearchPath() ([]uint32, error) {
	path, err := s.searchPath()
	if err != nil {
		return nil, err
	}
	temp := s.myTempNamespace()
	if temp == 0 {
		return path, nil
	}
	out := path[:0:0]
	for _, nsp := range path {
		if nsp != temp {
			out = append(out, nsp)
		}
	}
	return out, nil
}

// creationNamespace is the schema new unqualified objects go to: the
// first schema of search_path that exists.
func (s *sqlCtx) creationNamespace() (uint32, error) {
	setting := `"$user", public`
	if v, found, err := s.env.GetConfig("search_path", true); err == nil && found {
		setting = v
	}
	for _, item := range splitSearchPath(setting) {
		if item == "$user" {
			item = s.env.CurrentUser()
		}
		if item == tempSearchName {
			// pg_temp first: new objects are temporary
			// (RangeVarAdjustRelationPersistence).
			return s.initTempNamespace()
		}
		oid, err := s.cache.NamespaceOID(s, item)
		if err != nil {
			return 0, err
		}
		if oid != 0 {
			return oid, nil
		}
	}
	return 0, pgerr.New(pgerr.InvalidSchemaName, "no schema has been selected to create in")
}

// splitSearchPath splits search_path into names, removing double quotes.
func splitSearchPath(v string) []string {
	var out []string
	var cur strings.Builder
	inQuote := false
	flush := func() {
		n := strings.TrimSpace(cur.String())
		if n != "" {
			out = append(out, n)
		}
		cur.Reset()
	}
	for i := 0; i < len(v); i++ {
		ch := v[i]
		switch {
		case ch == '"':
			if inQuote && i+1 < len(v) && v[i+1] == '"' {
				cur.WriteByte('"')
				i++
			} else {
				inQuote = !inQuote
			}
		case ch == ',' && !inQuote:
			flush()
		case !inQuote && (ch == ' ' || ch == '\t'):
			if cur.Len() > 0 {
				cur.WriteByte(ch)
			}
		default:
			if !inQuote && ch >= 'A' && ch <= 'Z' {
				ch += 'a' - 'A'
			}
			cur.WriteByte(ch)
		}
	}
	flush()
	return out
}

// relationOID resolves a possibly qualified relation name to an OID, 0
// when there is none. A qualified name in a schema that does not exist
// is "not found" unless missingSchemaErr, when it is an error.
func (s *sqlCtx) relationOID(schema, name string, missingSchemaErr bool) (uint32, error) {
	if schema != "" {
		nsp, err := s.cache.NamespaceOID(s, schema)
		if err != nil {
			return 0, err
		}
		if nsp == 0 {
			if missingSchemaErr && schema != tempSearchName {
				return 0, pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", schema)
			}
			return 0, nil
		}
		return s.cache.RelationOID(s, nsp, name)
	}
	path, err := s.searchPath()
	if err != nil {
		return 0, err
	}
	for _, nsp := range path {
		oid, err := s.cache.RelationOID(s, nsp, name)
		if err != nil || oid != 0 {
			return oid, err
		}
	}
	return 0, nil
}

// rangeVarName is a relation's name as written: schema.name or name.
func rangeVarName(rv *pg_query.RangeVar) string {
	if rv.Schemaname != "" {
		return rv.Schemaname + "." + rv.Relname
	}
	return rv.Relname
}

// errRelationMissing is the error for a relation name that finds none.
func errRelationMissing(rv *pg_query.RangeVar) error {
	return pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", rangeVarName(rv))
}

// openRelation is RangeVarGetRelidExtended: resolve the name, lock the
// relation, and resolve again after the lock (another transaction may
// have dropped or replaced it meanwhile) until the answer is stable.
func (s *sqlCtx) openRelation(schema, name string, mode lmgr.LockMode, missingSchemaErr bool) (*catalog.Relation, error) {
	var prev uint32
	for {
		oid, err := s.relationOID(schema, name, missingSchemaErr)
		if err != nil {
			return nil, err
		}
		if oid == 0 {
			return nil, nil
		}
		if err := s.lock(oid, mode); err != nil {
			return nil, err
		}
		if oid == prev {
			return s.cache.RelationByOID(s, oid)
		}
		prev = oid
		// Re-check now that invalidations have been read.
		again, err := s.relationOID(schema, name, missingSchemaErr)
		if err != nil {
			return nil, err
		}
		if again == oid {
			return s.cache.RelationByOID(s, oid)
		}
	}
}

// ---- analyze.Catalog and exec.Source ----

// catalogAdapter is what analysis and execution see of the session.
type catalogAdapter struct{ s *sqlCtx }

// Warn sends a WARNING of analysis to the client (analyze.Warner).
func (c catalogAdapter) Warn(w *pgerr.Error) {
	if c.s.bodyWarning != nil {
		w = c.s.bodyWarning(w)
	}
	c.s.typeWarnings = append(c.s.typeWarnings, w)
	if !c.s.holdWarnings {
		c.s.warn(w)
	}
}

// warn sends a WARNING to the client.
func (s *sqlCtx) warn(w *pgerr.Error) {
	if n, ok := s.env.(Notifier); ok && !s.quiet {
		n.Notice(w)
	}
}

// warnTypesAgain sends, without a position, the WARNINGs the type names
// resolved so far raised, and forgets them.
func (s *sqlCtx) warnTypesAgain() {
	for _, w := range s.typeWarnings {
		cp := *w
		cp.Position = 0
		s.warn(&cp)
	}
	s.typeWarnings = nil
}

func (c catalogAdapter) VirtualRelation(schema, name string) (plan.Relation, bool) {
	return c.s.env.VirtualRelation(schema, name)
}

// Table resolves a table for a query and locks it (parserOpenTable).
func (c catalogAdapter) Table(schema, name string, lockMode int) (*plan.Table, error) {
	s := c.s
	if !s.hasStorage() {
		return nil, nil
	}
	rel, err := s.openRelation(schema, name, lmgr.LockMode(lockMode), false)
	if err != nil || rel == nil {
		return nil, err
	}
	switch rel.Kind {
	case 'r', 'm':
		// A materialized view reads as the table REFRESH filled; the
		// executor refuses to change it, and a scan of an unpopulated
		// one fails (tableStore.Scan).
	case 't':
		// Only the heap writes chunks, with their index entries
		// (CheckValidResultRel).
		if lmgr.LockMode(lockMode) >= lmgr.RowExclusiveLock {
			return nil, pgerr.Newf(pgerr.WrongObjectType, "cannot change TOAST relation \"%s\"", rel.Name)
		}
	case 'S':
		// A sequence reads as its one row; only nextval and setval change it.
		if lmgr.LockMode(lockMode) >= lmgr.RowExclusiveLock {
			return nil, pgerr.Newf(pgerr.WrongObjectType, "cannot change sequence \"%s\"", rel.Name)
		}
	case 'v':
		def, ok, err := s.viewDefinition(rel.OID)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, pgerr.Newf(pgerr.InternalError, "could not find the rule of view \"%s\"", rel.Name)
		}
		t, err := s.planTable(rel)
		if err != nil {
			return nil, err
		}
		t.ViewQuery = def
		// The check option matters to a view whose rows change (a
		// statement's target takes RowExclusiveLock).
		if lmgr.LockMode(lockMode) >= lmgr.RowExclusiveLock {
			if t.CheckOption, err = s.viewCheckOption(rel.OID); err != nil {
				return nil, err
			}
		}
		return t, nil
	default:
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "relation \"%s\" of kind '%c' cannot be read yet", rel.Name, rel.Kind)
	}
	return s.planTable(rel)
}

func (c catalogAdapter) Syscache() catalog.Syscache { return c.s.syscache() }

func (c catalogAdapter) Tables() exec.TableStore {
	if !c.s.hasStorage() {
		return nil
	}
	return &tableStore{s: c.s}
}
