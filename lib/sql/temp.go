// Temporary tables, views and sequences (PostgreSQL's namespace.c temp
// schema handling and tablecmds.c's ON COMMIT actions). A session's
// temporary objects live in its own schema pg_temp_N (N its backend id,
// engine.BackendID), made with pg_toast_temp_N on first use, searched
// first for relations and types unless search_path places pg_temp
// elsewhere, never for functions and procedures (created there with
// pg_temp.f or with pg_temp first in search_path, they are called as
// pg_temp.f only; their pg_depend rows on the schema drop them with it).
// Tables' files are t<N>_<relfilenode>, their pages stay in the
// backend's local buffers and nothing of their contents is WAL-logged. They are dropped at session end
// (DropTempObjects), by DISCARD TEMP, or when the next session that gets
// the same backend id finds them left over by a backend that crashed
// (initTempNamespace); the server removes leftover files at start-up.

package sql

import (
	"context"
	"sort"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// tempSearchName is the search_path alias of the session's temporary
// schema.
const tempSearchName = "pg_temp"

// backendID is the session's backend id, the N of pg_temp_N.
func (s *sqlCtx) backendID() int32 { return s.eng.BackendID() }

// myTempNamespace is the session's temporary schema, 0 before its first
// use.
func (s *sqlCtx) myTempNamespace() uint32 {
	if s.cache == nil {
		return 0
	}
	return s.cache.Temp().Namespace
}

// isTempNamespace reports whether nsp is the session's own temporary
// schema or its TOAST schema (isTempOrTempToastNamespace).
func (s *sqlCtx) isTempNamespace(nsp uint32) bool {
	st := s.cache.Temp()
	return nsp != 0 && (nsp == st.Namespace || nsp == st.ToastNamespace)
}

// isOtherTempNamespace reports whether nsp is another session's
// temporary schema or TOAST schema (isOtherTempNamespace).
func (s *sqlCtx) isOtherTempNamespace(nsp uint32) (bool, error) {
	if s.isTempNamespace(nsp) {
		return false, nil
	}
	name, ok, err := s.cache.NamespaceName(s, nsp)
	if err != nil || !ok {
		return false, err
	}
	_, temp := catalog.TempNamespaceBackend(name)
	return temp, nil
}

// initTempNamespace returns the session's temporary schema, making
// pg_temp_N and pg_toast_temp_N on first use (InitTempTableNamespace).
// A schema of that name left by an earlier session with the same backend
// id (one that crashed) is emptied and taken over. If the transaction
// rolls back, the session forgets it again.
func (s *sqlCtx) initTempNamespace() (uint32, error) {
	// Creating in the temporary schema marks the transaction
	// (AccessTempTableNamespace).
	s.tx.MarkAccessedTemp()
	st := s.cache.Temp()
	if st.Namespace != 0 {
		return st.Namespace, nil
	}
	id := s.backendID()
	var oids [2]uint32
	for i, name := range []string{catalog.TempNamespaceName(id), catalog.TempToastNamespaceName(id)} {
		if err := s.lockSchemaName(name); err != nil {
			return 0, err
		}
		oid, err := s.cache.NamespaceOID(s, name)
		if err != nil {
			return 0, err
		}
		if oid != 0 {
			if i == 0 {
				if err := s.removeTempObjects(oid); err != nil {
					return 0, err
				}
			}
			oids[i] = oid
			continue
		}
		if oid, err = s.newOID(); err != nil {
			return 0, err
		}
		row := newCatalogRow(catalog.Lookup("pg_namespace")).set("oid", oidD(oid)).set("nspname", types.Text(name)).
			set("nspowner", oidD(catalog.BootstrapSuperuser))
		if err := s.insertCatalog(row); err != nil {
			return 0, err
		}
		s.cache.InvalidateNamespace(oid, name)
		oids[i] = oid
	}
	s.nextCommand()
	st.Namespace, st.ToastNamespace = oids[0], oids[1]
	s.tx.AtAbort(func() { st.Namespace, st.ToastNamespace = 0, 0 })
	return st.Namespace, nil
}

// removeTempObjects drops, quietly and with CASCADE, everything in a
// temporary schema, the schema itself staying (RemoveTempRelations).
func (s *sqlCtx) removeTempObjects(nsp uint32) error {
	rows, err := s.scanDepend(func(r dependRow) bool { return r.ref == namespaceAddress(nsp) })
	if err != nil || len(rows) == 0 {
		return err
	}
	var targets []objectAddress
	for _, r := range rows {
		targets = append(targets, r.dep)
	}
	sort.Slice(targets, func(i, j int) bool { return targets[i].objID < targets[j].objID })
	quiet := s.quiet
	s.quiet = true
	defer func() { s.quiet = quiet }()
	return s.performDeletion(targets, dropCascade)
}

// tempPersistence decides whether a relation created in schema (as
// written, "" if not) with persistence (pg_query's "t" for TEMP, "p",
// "u") is temporary, and its schema (RangeVarGetCreationNamespace with
// RangeVarAdjustRelationPersistence). loc is the name's position for
// errors, tempLoc for the errors about temporary schemas (-1 for none:
// PostgreSQL reports a position for those only in CREATE TABLE).
func (s *sqlCtx) tempPersistence(query string, schema, persistence string, loc, tempLoc int32) (temp bool, nsp uint32, err error) {
	at := func(e *pgerr.Error, l int32) error {
		if l >= 0 {
			e.Position = parser.Position(query, l)
		}
		return e
	}
	errAt := func(e *pgerr.Error) error { return at(e, tempLoc) }
	temp = persistence == "t"
	switch {
	case schema == tempSearchName:
		temp = true
	case schema != "":
		if nsp, err = s.cache.NamespaceOID(s, schema); err != nil {
			return false, 0, err
		}
		if nsp == 0 {
			return false, 0, at(pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", schema), loc)
		}
		if s.isTempNamespace(nsp) {
			if persistence == "u" {
				return false, 0, errAt(pgerr.New(pgerr.InvalidTableDefinition, "only temporary relations may be created in temporary schemas"))
			}
			return true, nsp, nil
		}
		if other, err := s.isOtherTempNamespace(nsp); err != nil {
			return false, 0, err
		} else if other {
			return false, 0, errAt(pgerr.New(pgerr.InvalidTableDefinition, "cannot create relations in temporary schemas of other sessions"))
		}
		if temp {
			return false, 0, errAt(pgerr.New(pgerr.InvalidTableDefinition, "cannot create temporary relation in non-temporary schema"))
		}
		return false, nsp, nil
	case !temp:
		if nsp, err = s.creationNamespace(); err != nil {
			return false, 0, err
		}
		if s.isTempNamespace(nsp) && persistence == "u" {
			return false, 0, errAt(pgerr.New(pgerr.InvalidTableDefinition, "only temporary relations may be created in temporary schemas"))
		}
		return s.isTempNamespace(nsp), nsp, nil
	}
	if persistence == "u" {
		return false, 0, errAt(pgerr.New(pgerr.InvalidTableDefinition, "only temporary relations may be created in temporary schemas"))
	}
	nsp, err = s.initTempNamespace()
	return true, nsp, err
}

// onCommitAction is a CREATE statement's ON COMMIT clause, refused on a
// table that is not temporary.
func onCommitAction(oc pg_query.OnCommitAction, temp bool) (catalog.OnCommitAction, error) {
	var a catalog.OnCommitAction
	switch oc {
	case pg_query.OnCommitAction_ONCOMMIT_DELETE_ROWS:
		a = catalog.OnCommitDeleteRows
	case pg_query.OnCommitAction_ONCOMMIT_DROP:
		a = catalog.OnCommitDrop
	case pg_query.OnCommitAction_ONCOMMIT_PRESERVE_ROWS:
	default:
		return 0, nil
	}
	if !temp {
		return 0, pgerr.New(pgerr.InvalidTableDefinition, "ON COMMIT can only be used on temporary tables")
	}
	return a, nil
}

// registerOnCommit remembers a new temporary table's ON COMMIT action
// (register_on_commit_action), forgotten if the creating transaction
// rolls back.
func (s *sqlCtx) registerOnCommit(relid uint32, a catalog.OnCommitAction) {
	if a == 0 {
		return
	}
	st := s.cache.Temp()
	if st.OnCommit == nil {
		st.OnCommit = map[uint32]catalog.OnCommitAction{}
	}
	st.OnCommit[relid] = a
	s.tx.AtAbort(func() { delete(st.OnCommit, relid) })
	env := s.env
	s.tx.SetPreCommit("temp on commit", func() error { return preCommitOnCommitActions(env) })
}

// preCommitOnCommitActions empties the ON COMMIT DELETE ROWS tables and
// drops the ON COMMIT DROP ones, as the last work of a committing
// transaction (PreCommit_on_commit_actions).
func preCommitOnCommitActions(env Env) error {
	s := newCtx(context.Background(), env)
	if s.cache == nil {
		return nil
	}
	st := s.cache.Temp()
	if len(st.OnCommit) == 0 {
		return nil
	}
	relids := make([]uint32, 0, len(st.OnCommit))
	for relid := range st.OnCommit {
		relids = append(relids, relid)
	}
	sort.Slice(relids, func(i, j int) bool { return relids[i] < relids[j] })
	var drops []objectAddress
	for _, relid := range relids {
		rel, err := s.cache.RelationByOID(s, relid)
		if err != nil {
			return err
		}
		if rel == nil { // dropped meanwhile
			delete(st.OnCommit, relid)
			continue
		}
		switch st.OnCommit[relid] {
		case catalog.OnCommitDrop:
			drops = append(drops, relationAddress(relid))
			delete(st.OnCommit, relid)
		case catalog.OnCommitDeleteRows:
			if err := s.truncateTempStorage(rel); err != nil {
				return err
			}
		}
	}
	if len(drops) > 0 {
		s.quiet = true
		if err := s.performDeletion(drops, dropCascade); err != nil {
			return err
		}
	}
	s.commandEnd()
	return nil
}

// truncateTempStorage empties a temporary table and its TOAST table in
// place (heap_truncate_one_rel): only this session sees them, so no new
// relfilenode is needed. Their indexes are built again, empty, in new
// files (RelationTruncateIndexes empties them in place), so that no
// cached tree root or insertion target can point past their new end.
func (s *sqlCtx) truncateTempStorage(rel *catalog.Relation) error {
	locs := []storage.RelFileLocator{rel.Locator(s.db)}
	indexed := []*catalog.Relation{rel}
	if rel.ToastOID != 0 {
		trel, err := s.cache.RelationByOID(s, rel.ToastOID)
		if err != nil {
			return err
		}
		if trel != nil {
			locs = append(locs, trel.Locator(s.db))
			indexed = append(indexed, trel)
		}
	}
	for _, loc := range locs {
		if err := s.lock(rel.OID, lmgr.AccessExclusiveLock); err != nil {
			return err
		}
		if err := s.eng.Pool.DropRelationBuffers(loc, storage.MainFork, 0); err != nil {
			return err
		}
		s.heap.ForgetRelation(loc)
		// The maps go too, or the empty table's next pages would inherit
		// the old ones' visibility bits and free space.
		if err := heap.TruncateMaps(s.heap, &heap.Relation{Locator: loc, Name: rel.Name}, 0, false); err != nil {
			return err
		}
		if err := s.eng.Smgr.Truncate(loc, storage.MainFork, 0); err != nil {
			return err
		}
	}
	for _, r := range indexed {
		if len(r.Indexes) > 0 {
			if err := s.reindexRelation(r, false); err != nil {
				return err
			}
			// The table's cache entry holds its TOAST index's file.
			s.cache.InvalidateRelation(rel.OID, false)
		}
	}
	return nil
}

// DropTempObjects drops the session's temporary objects in a transaction
// of its own, as a backend does when its session ends
// (RemoveTempRelationsCallback). The caller has ended any transaction the
// session left open.
func DropTempObjects(ctx context.Context, env Env) error {
	se, ok := env.(StorageEnv)
	if !ok || se.Transaction() == nil || se.Catalog().Temp().Namespace == 0 {
		return nil
	}
	tx := se.Transaction()
	tx.StartCommand()
	s := newCtx(ctx, env)
	err := s.removeTempObjects(s.cache.Temp().Namespace)
	if err == nil {
		s.commandEnd()
		st := s.cache.Temp()
		st.OnCommit = nil
		return tx.EndImplicit(true)
	}
	tx.AbortAll()
	return err
}

// DiscardTemp is DISCARD TEMP (and part of DISCARD ALL): the session's
// temporary objects are dropped in the current transaction
// (ResetTempTableNamespace).
func DiscardTemp(ctx context.Context, env Env) error {
	se, ok := env.(StorageEnv)
	if !ok || se.Transaction() == nil || se.Catalog().Temp().Namespace == 0 {
		return nil
	}
	s := newCtx(ctx, env)
	if err := s.removeTempObjects(s.cache.Temp().Namespace); err != nil {
		return err
	}
	s.commandEnd()
	return nil
}

// MyTempSchema implements expr.TempSchemas (pg_my_temp_schema).
func (n names) MyTempSchema() uint32 { return n.s.myTempNamespace() }

// IsOtherTempSchema implements expr.TempSchemas
// (pg_is_other_temp_schema).
func (n names) IsOtherTempSchema(nsp uint32) (bool, error) {
	if n.s.cache == nil {
		return false, nil
	}
	return n.s.isOtherTempNamespace(nsp)
}

// CurrentSchemas implements expr.TempSchemas (current_schemas).
func (n names) CurrentSchemas(implicit bool) ([]string, error) {
	s := n.s
	if s.cache == nil {
		out := []string{"public"}
		if implicit {
			out = append([]string{"pg_catalog"}, out...)
		}
		return out, nil
	}
	path, nImplicit, err := s.searchPathImplicit()
	if err != nil {
		return nil, err
	}
	if !implicit {
		path = path[nImplicit:]
	}
	out := make([]string, 0, len(path))
	for _, nsp := range path {
		name, ok, err := s.cache.NamespaceName(s, nsp)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, name)
		}
	}
	return out, nil
}

// usesTempRelation reports whether a query reads a temporary relation
// (isQueryUsingTempRelation): a view over one must be temporary too.
func (s *sqlCtx) usesTempRelation(refs map[uint32]map[int16]bool) (bool, error) {
	for oid := range refs {
		rel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return false, err
		}
		if rel != nil && rel.Persistence == 't' {
			return true, nil
		}
	}
	return false, nil
}

// checkNotTempMove refuses SET SCHEMA into or out of a temporary schema
// (CheckSetNamespace): a relation's persistence and files follow from
// its schema.
func (s *sqlCtx) checkNotTempMove(from, to uint32, toName string) error {
	refuse := toName == tempSearchName // pg_temp, even before it exists
	for _, nsp := range []uint32{from, to} {
		if refuse || nsp == 0 {
			continue
		}
		other, err := s.isOtherTempNamespace(nsp)
		if err != nil {
			return err
		}
		refuse = s.isTempNamespace(nsp) || other
	}
	if refuse {
		return pgerr.New(pgerr.FeatureNotSupported, "cannot move objects into or out of temporary schemas")
	}
	return nil
}

// WritesOnlyTemporaryTables reports whether every table the plan
// changes or locks rows of is a temporary table, and there is one: such a
// statement may run in a read-only transaction (ExecCheckXactReadOnly
// lets temporary tables through). Statements without a plan tree (DDL)
// report false.
func (p *Plan) WritesOnlyTemporaryTables() bool {
	st := p.state.Load()
	if st == nil || p.utility != nil {
		return false
	}
	temp := map[uint32]bool{}
	for _, t := range st.tables {
		if t.Entry != nil && t.Entry.Persistence == 't' {
			temp[t.OID] = true
		}
	}
	writes := false
	for _, l := range st.locks {
		if lmgr.LockMode(l.Mode) > lmgr.AccessShareLock {
			if !temp[l.OID] {
				return false
			}
			writes = true
		}
	}
	return writes
}
