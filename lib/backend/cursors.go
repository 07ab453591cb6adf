// SQL cursors as the session's portals (PostgreSQL's portalcmds.c and
// portalmem.c): DECLARE makes a named portal over an open sql.Cursor,
// FETCH and MOVE move it, CLOSE and the Close message drop it, and the
// extended protocol's Describe and Execute work on it by name. Cursors
// end with their transaction unless WITH HOLD, which the commit
// materializes; pg_cursors lists them.

package backend

import (
	"context"
	"strconv"
	"time"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/types"
	"github.com/jackc/pgx/v5/pgproto3"
)

// cursorState is what a DECLAREd portal holds beside its statement.
type cursorState struct {
	name    string
	c       *sql.Cursor
	options int32 // DECLARE's CURSOR_OPT_* as written
	created time.Time
	// inXact: declared in the transaction still open, which ends it
	// unless it commits and the cursor is holdable.
	inXact bool
	// failed: a statement running it failed (PORTAL_FAILED); it
	// cannot run again.
	failed bool
}

func (cs *cursorState) binary() bool   { return cs.options&sql.CursorBinary != 0 }
func (cs *cursorState) holdable() bool { return cs.options&sql.CursorHold != 0 }

func errNoCursor(name string) *pgerr.Error {
	return pgerr.Newf(pgerr.InvalidCursorName, "cursor \"%s\" does not exist", name)
}

// installCursorHooks ties the session's cursors to its transactions:
// holdable ones are materialized before the commit record, the others
// end with the transaction, and their snapshots keep the process's xmin.
func (s *session) installCursorHooks() {
	s.xact.SetPreCommit("holdable cursors", s.holdCursors)
	s.xact.SetSnapshotsHeld(func() bool {
		for _, pt := range s.portals {
			if pt.cursor != nil && pt.cursor.c.Snapshot() != nil {
				return true
			}
		}
		return false
	})
}

// declareCursor is DECLARE name ... CURSOR FOR query (PerformCursorOpen).
func (s *session) declareCursor(ctx context.Context, p *prepared, params []types.Datum) (string, error) {
	dc := p.node.GetDeclareCursorStmt()
	opts := p.plan.CursorOptions()
	if opts&sql.CursorHold == 0 && !s.xact.InTransactionBlock() {
		return "", pgerr.New(pgerr.NoActiveSqlTransaction, "DECLARE CURSOR can only be used in transaction blocks")
	}
	if _, dup := s.portals[dc.Portalname]; dup {
		return "", pgerr.Newf(pgerr.DuplicateCursor, "cursor \"%s\" already exists", dc.Portalname)
	}
	c, err := p.plan.DeclareCursor(ctx, s, params)
	if err != nil {
		return "", err
	}
	cols := p.plan.CursorColumns()
	cp := &prepared{name: p.name, stmt: p.stmt, query: p.query, node: p.node, columns: cols}
	pt := &portal{p: cp, cursor: &cursorState{name: dc.Portalname, c: c, options: opts, created: time.Now(), inXact: true}}
	name := dc.Portalname
	s.portals[name] = pt
	// A savepoint rolled back takes the cursors declared in it.
	s.xact.AtAbort(func() {
		if s.portals[name] == pt {
			s.dropPortal(name)
		}
	})
	return "DECLARE CURSOR", nil
}

// cursorNamed finds an open cursor (a portal DECLARE made).
func (s *session) cursorNamed(name string) (*portal, error) {
	pt := s.portals[name]
	if pt == nil || pt.cursor == nil {
		return nil, errNoCursor(name)
	}
	return pt, nil
}

// fetchStmt is FETCH and MOVE (PerformPortalFetch): the rows go out
// as the FETCH statement's result, in binary for a BINARY cursor
// fetched with a simple query.
func (s *session) fetchStmt(ctx context.Context, pt *portal, fs *pg_query.FetchStmt) (string, error) {
	target, err := s.cursorNamed(fs.Portalname)
	if err != nil {
		return "", err
	}
	cs := target.cursor
	if cs.failed {
		return "", pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "portal \"%s\" cannot be run", fs.Portalname)
	}
	var emit func([]types.Datum) error
	if !fs.Ismove {
		if pt.describe && cs.binary() {
			pt.formats = []int16{1}
		}
		emit = s.portalRows(pt)
	}
	n, err := cs.c.Fetch(ctx, fs.Direction, fs.HowMany, emit)
	if err != nil {
		cs.failed = true
		return "", err
	}
	verb := "FETCH "
	if fs.Ismove {
		verb = "MOVE "
	}
	return verb + strconv.FormatInt(n, 10), nil
}

// portalRows is the emit function that sends a portal's rows (or
// collects them, for an Execute with a row limit).
func (s *session) portalRows(pt *portal) func([]types.Datum) error {
	sent := 0
	return func(row []types.Datum) error {
		if !pt.stream {
			pt.rows = append(pt.rows, append([]types.Datum(nil), row...))
			return nil
		}
		s.describeOnce(pt)
		dr, err := s.dataRow(pt.p.columns, pt.formats, row)
		if err != nil {
			return err
		}
		s.send(dr)
		if sent++; sent%rowsPerFlush == 0 {
			return s.flush()
		}
		return nil
	}
}

// executeCursor is an Execute message on a DECLAREd portal (PortalRun
// of a cursor): up to maxRows rows forward (0: all), then
// PortalSuspended, or CommandComplete "SELECT n" once the cursor
// reached its end.
func (s *session) executeCursor(pt *portal, maxRows int) error {
	cs := pt.cursor
	if cs.failed {
		return pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "portal \"%s\" cannot be run", cs.name)
	}
	ctx, done := s.statementContext()
	s.xact.SetContext(ctx)
	defer func() {
		s.xact.SetContext(nil)
		done()
	}()
	count := int64(maxRows)
	if count <= 0 {
		count = sql.FetchAll
	}
	pt.stream = true
	n, atEnd, err := cs.c.Forward(ctx, count, s.portalRows(pt))
	s.xact.EndStatement()
	if err != nil {
		cs.failed = true
		return err
	}
	if !atEnd {
		s.send(&pgproto3.PortalSuspended{})
		return nil
	}
	s.send(&pgproto3.CommandComplete{CommandTag: []byte("SELECT " + strconv.FormatInt(n, 10))})
	return nil
}

// closeStmt is CLOSE name | ALL (PerformPortalClose).
func (s *session) closeStmt(cp *pg_query.ClosePortalStmt) (string, error) {
	if cp.Portalname == "" {
		s.closeAllPortals(s.activePortal)
		return "CLOSE CURSOR ALL", nil
	}
	if s.portals[cp.Portalname] == nil {
		return "", errNoCursor(cp.Portalname)
	}
	s.dropPortal(cp.Portalname)
	return "CLOSE CURSOR", nil
}

// dropPortal drops a portal, closing its cursor (PortalDrop).
func (s *session) dropPortal(name string) {
	pt := s.portals[name]
	if pt == nil {
		return
	}
	delete(s.portals, name)
	if pt.cursor != nil {
		if err := pt.cursor.c.Close(); err != nil {
			s.child.Log.Report(pgerr.As(err), "")
		}
		// Its snapshot may have been the last that kept the xmin.
		s.xact.ReleaseXmin()
	}
}

// closeAllPortals drops every portal but keep (the one running the
// command, or nil), closing every cursor: CLOSE ALL, DISCARD ALL and
// the session's end (PortalHashTableDeleteAll). A session that is
// reset for reuse calls it with nil.
func (s *session) closeAllPortals(keep *portal) {
	for name, pt := range s.portals {
		if pt != keep {
			s.dropPortal(name)
		}
	}
}

// holdCursors materializes the holdable cursors the committing
// transaction declared and closes its other cursors (PreCommit_Portals),
// before the commit's other work: ON COMMIT DROP may drop a table a
// cursor reads.
func (s *session) holdCursors() error {
	var ctx context.Context
	for name, pt := range s.portals {
		cs := pt.cursor
		if cs == nil || !cs.inXact {
			continue
		}
		if !cs.holdable() || cs.failed {
			s.dropPortal(name)
			continue
		}
		if ctx == nil {
			var done func()
			ctx, done = s.commitContext()
			defer done()
		}
		if err := cs.c.Hold(ctx); err != nil {
			return err
		}
	}
	return nil
}

// commitContext is the context of work done as a transaction commits:
// cancel requests and termination stop it, statement_timeout does not
// (finish_xact_command disables it before the commit, also for COMMIT,
// whose statement then cannot time out after its commit).
func (s *session) commitContext() (context.Context, func()) {
	if s.stmtTimer != nil {
		s.stmtTimer.Stop()
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	prev := s.running.Swap(&cancel)
	if s.terminating.Load() {
		cancel(errTerminate)
	}
	return ctx, func() {
		s.running.Store(prev)
		cancel(nil)
	}
}

// cursorsAtEnd ends the portals of the transaction that ended: the
// cursors but the holdable ones a commit materialized, and the portals
// Bind made; cursors held from earlier transactions stay.
func (s *session) cursorsAtEnd(committed bool) {
	for name, pt := range s.portals {
		cs := pt.cursor
		if cs == nil {
			// A portal Bind made "lasts till the end of the current
			// transaction" (AtCommit_Portals, AtAbort_Portals); the one
			// running the command that ended it goes when that is done.
			if pt != s.activePortal {
				delete(s.portals, name)
			}
			continue
		}
		if !cs.inXact {
			continue
		}
		if committed && cs.holdable() && cs.c.Held() {
			cs.inXact = false
			continue
		}
		s.dropPortal(name)
	}
}

// pgCursors is the pg_cursors view: the cursors DECLARE made (portals
// of the extended protocol are not listed).
func (s *session) pgCursors() sql.Relation {
	boolCol := func(name string) sql.Column {
		return sql.Column{Name: name, TypeOID: types.OidBool, TypeLen: 1, TypeMod: -1}
	}
	cols := []sql.Column{textColumn("name"), textColumn("statement"), boolCol("is_holdable"), boolCol("is_binary"),
		boolCol("is_scrollable"), {Name: "creation_time", TypeOID: types.OidTimestamptz, TypeLen: 8, TypeMod: -1}}
	return sql.Relation{Columns: cols, Rows: func() ([][]types.Datum, error) {
		var rows [][]types.Datum
		for _, pt := range s.portals {
			cs := pt.cursor
			if cs == nil {
				continue
			}
			rows = append(rows, []types.Datum{types.Text(cs.name), types.Text(pt.p.query),
				types.Bool(cs.holdable()), types.Bool(cs.binary()), types.Bool(cs.c.Scrollable()),
				types.Int(types.TimeToTimestamp(cs.created))})
		}
		return rows, nil
	}}
}

// CursorCurrentRow implements expr.CursorPositions: the ctid of the row
// cursor stands on in table, for WHERE CURRENT OF.
func (s *session) CursorCurrentRow(cursor string, table uint32, tableName string) (types.Datum, error) {
	pt, err := s.cursorNamed(cursor)
	if err != nil {
		return types.Datum{}, err
	}
	return pt.cursor.c.CurrentRow(cursor, table, tableName)
}

// RelationInUse implements sql.RelationsInUse: an open cursor reads the
// table.
func (s *session) RelationInUse(oid uint32) bool {
	for _, pt := range s.portals {
		if pt.cursor != nil && pt.cursor.c.Reads(oid) {
			return true
		}
	}
	return false
}
