// SQL cursors (PostgreSQL's commands/portalcmds.c and the fetch half of
// tcop/pquery.c): DECLARE's analysis and its refusals, the cursor's query
// run a row at a time under the snapshot and command id of its DECLARE,
// FETCH and MOVE in every direction with PortalRunFetch's position
// rules, and WITH HOLD's materialization at commit. The backend keeps
// the cursors by name (they are portals there) and ends them with their
// transaction.

package sql

import (
	"context"
	"math"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// DECLARE's options (parsenodes.h CURSOR_OPT_*), as pg_query gives them.
const (
	CursorBinary      = 0x0001
	CursorScroll      = 0x0002
	CursorNoScroll    = 0x0004
	CursorInsensitive = 0x0008
	CursorAsensitive  = 0x0010
	CursorHold        = 0x0020
)

// FetchAll is the count of FETCH ALL, FORWARD ALL and BACKWARD ALL
// (FETCH_ALL, LONG_MAX).
const FetchAll = math.MaxInt64

// cursorDecl is what a DECLARE statement's Plan holds: its options and
// the plan of its query.
type cursorDecl struct {
	options int32
	query   *Plan
}

// IsCursor reports whether the plan is a DECLARE CURSOR: it runs through
// DeclareCursor, not Execute.
func (p *Plan) IsCursor() bool { return p.cursor != nil }

// CursorColumns are the columns of the rows a DECLARE's cursor returns.
func (p *Plan) CursorColumns() []Column { return p.cursor.query.Columns() }

// CursorOptions are the DECLARE's options as written (CURSOR_OPT_*).
func (p *Plan) CursorOptions() int32 { return p.cursor.options }

// prepareCursor analyzes DECLARE name CURSOR FOR query
// (transformDeclareCursorStmt): the query is planned as a SELECT of its
// own; the DECLARE returns no rows itself.
func prepareCursor(p *Plan, env Env, stmt Statement, dc *pg_query.DeclareCursorStmt, paramTypes []uint32, simple bool, routine *routineScope) (*Plan, error) {
	if dc.Options&CursorScroll != 0 && dc.Options&CursorNoScroll != 0 {
		return nil, pgerr.New(pgerr.InvalidCursorDefinition, "cannot specify both SCROLL and NO SCROLL")
	}
	if dc.Options&CursorAsensitive != 0 && dc.Options&CursorInsensitive != 0 {
		return nil, pgerr.New(pgerr.InvalidCursorDefinition, "cannot specify both ASENSITIVE and INSENSITIVE")
	}
	sel := dc.Query.GetSelectStmt()
	if sel == nil {
		return nil, pgerr.New(pgerr.InternalError, "unexpected non-SELECT command in DECLARE CURSOR")
	}
	if sel.IntoClause != nil {
		return nil, pgerr.New(pgerr.InvalidCursorDefinition, "DECLARE CURSOR must not specify INTO")
	}
	inner := stmt.Inner(dc.Query)
	q := &Plan{tag: "SELECT", stmt: inner, simple: simple, paramTypes: paramTypes, routine: routine, currentOf: true}
	s := newCtx(context.Background(), env)
	st, query, params, err := q.analyzeOnly(s, q.paramTypes)
	if err != nil {
		return nil, err
	}
	for _, c := range query.CTEs {
		if c.Modifying {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "DECLARE CURSOR must not contain data-modifying statements in WITH")
		}
	}
	if len(query.RowMarks) > 0 {
		clause := query.RowMarks[0].Strength.String()
		switch {
		case dc.Options&CursorHold != 0:
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "DECLARE CURSOR WITH HOLD ... %s is not supported", clause).
				WithDetail("Holdable cursors must be READ ONLY.")
		case dc.Options&CursorScroll != 0:
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "DECLARE SCROLL CURSOR ... %s is not supported", clause).
				WithDetail("Scrollable cursors must be READ ONLY.")
		case dc.Options&CursorInsensitive != 0:
			return nil, pgerr.Newf(pgerr.InvalidCursorDefinition, "DECLARE INSENSITIVE CURSOR ... %s is not valid", clause).
				WithDetail("Insensitive cursors must be READ ONLY.")
		}
	}
	q.deferPlanning = !simple && routine == nil && len(params) > 0
	q.finishState(s, st, query)
	q.cols = s.wireColumns(analyze.Columns(query))
	if st.currentOf != nil {
		// The ctid is the query's own, not the cursor's.
		q.cols = q.cols[:st.currentOf.visible]
	}
	q.params = params
	q.state.Store(st)
	p.cursor = &cursorDecl{options: dc.Options, query: q}
	p.params = params
	return p, nil
}

// Cursor is an open cursor: its query's execution, and where FETCH
// stands in its rows (PostgreSQL's portal: atStart, atEnd, portalPos).
// A Cursor belongs to one session and is used by one goroutine.
type Cursor struct {
	columns []Column
	// width is the number of columns the cursor returns; the
	// execution's rows may carry the current-of ctid after them.
	width int
	// currentOf is where the rows carry the ctid of their table's row
	// (WHERE CURRENT OF), nil when they do not.
	currentOf *currentOfTarget
	// current is the row the cursor stands on when it stands on one.
	current    []types.Datum
	scrollable bool
	// s is the execution's statement state, kept from DECLARE to the
	// end: its snapshot and command id are the cursor's.
	s *sqlCtx
	// cancel ends the execution's own context, which each FETCH's
	// statement context forwards its cancellation to.
	cancel context.CancelCauseFunc
	exec   *exec.Execution // nil once every row was read or the cursor is held
	// store keeps the rows read: every row of a scrollable cursor, from
	// row base+1 on; a held cursor's rows (all of them if scrollable,
	// else those after its position at commit).
	store *exec.RowStore
	base  int64
	// last is the number of the last row read from the execution; done
	// is set once it returned its last row.
	last int64
	done bool
	// at is the row the execution stands on: 0 before the first, last+1
	// after the last (a scan's position, which can pass either end).
	at int64
	// The portal's position as PostgreSQL keeps it.
	atStart, atEnd bool
	portalPos      int64
	// held: materialized by its transaction's commit (WITH HOLD).
	held bool
	// tables are the OIDs of the tables the query reads.
	tables []uint32
}

// RelationsInUse is implemented by sessions that keep relations open
// between statements (their cursors): DROP, TRUNCATE and ALTER TABLE
// refuse such a relation, as PostgreSQL's CheckTableNotInUse does.
type RelationsInUse interface {
	RelationInUse(oid uint32) bool
}

// Reads reports whether the cursor's execution may still read table oid:
// it reads the table and was not materialized.
func (c *Cursor) Reads(oid uint32) bool {
	if c.held {
		return false
	}
	for _, t := range c.tables {
		if t == oid {
			return true
		}
	}
	return false
}

// DeclareCursor opens the cursor a DECLARE plan describes, with the
// DECLARE's parameter values: the query's execution starts under the
// statement's snapshot, which the cursor keeps, but no row is read.
// ctx is the DECLARE's statement context.
func (p *Plan) DeclareCursor(ctx context.Context, env Env, params []types.Datum) (*Cursor, error) {
	q := p.cursor.query
	if len(params) != len(q.params) {
		return nil, pgerr.Newf(pgerr.ProtocolViolation, "bind message supplies %d parameters, but prepared statement requires %d",
			len(params), len(q.params))
	}
	// The execution's context lives as long as the cursor; each
	// statement that runs it passes its cancellation on (forward).
	cctx, cancel := context.WithCancelCause(context.Background())
	stop := context.AfterFunc(ctx, func() { cancel(context.Cause(ctx)) })
	defer stop()
	s := newCtx(cctx, env)
	if err := s.takeStatementSnapshot(p); err != nil {
		cancel(nil)
		return nil, err
	}
	st, _, err := q.choosePlan(s, params)
	if err != nil {
		cancel(nil)
		return nil, err
	}
	c := &Cursor{columns: q.Columns(), s: s, cancel: cancel, atStart: true}
	c.width = len(c.columns)
	for _, t := range st.tables {
		c.tables = append(c.tables, t.OID)
	}
	root := st.root
	if cur := st.currentOf; cur != nil {
		var ok bool
		if root, ok = currentOfRoot(root, cur); ok {
			c.currentOf = cur
		}
	}
	switch opts := p.cursor.options; {
	case opts&CursorScroll != 0:
		c.scrollable = true
	case opts&CursorNoScroll != 0:
	default:
		// PerformCursorOpen: scrollable if the plan can go backwards
		// and locks no rows.
		c.scrollable = len(st.query.RowMarks) == 0 && exec.SupportsBackwardScan(st.root)
	}
	ec := &expr.EvalContext{Ctx: cctx, Session: s.env, Params: params, Format: s.formatOptions()}
	if s.hasStorage() {
		ec.Catalog = names{s}
		s.readCid, s.pinnedCid = s.cid(), true
		// The cursor reads as of now, whatever snapshots later
		// statements take.
		s.cursorSnapshot = s.tx.Snapshot()
	}
	s.inheritEventQueue()
	x, err := exec.Start(ec, catalogAdapter{s}, root)
	if err != nil {
		cancel(nil)
		return nil, err
	}
	c.exec = x
	if c.scrollable {
		c.store = exec.NewRowStore(catalogAdapter{s}.WorkMem(), c.rowTypes())
	}
	return c, nil
}

// Columns are the columns of the cursor's rows.
func (c *Cursor) Columns() []Column { return c.columns }

// Scrollable reports whether the cursor can move backwards
// (pg_cursors.is_scrollable).
func (c *Cursor) Scrollable() bool { return c.scrollable }

// Held reports whether the cursor's rows were materialized by its
// transaction's commit.
func (c *Cursor) Held() bool { return c.held }

// Snapshot is the snapshot the cursor's query reads under until its
// rows are materialized, nil after that: the session keeps its xmin
// while one is open.
func (c *Cursor) Snapshot() *transam.Snapshot {
	if c.exec == nil {
		return nil
	}
	return c.s.cursorSnapshot
}

// rowTypes are the types of the execution's rows: the cursor's columns,
// then the ctid WHERE CURRENT OF reads, if the rows carry it.
func (c *Cursor) rowTypes() []uint32 {
	typs := make([]uint32, 0, len(c.columns)+1)
	for _, col := range c.columns {
		typs = append(typs, col.TypeOID)
	}
	if c.currentOf != nil {
		typs = append(typs, types.OidTid)
	}
	return typs
}

// Close ends the cursor: its execution and its temporary files.
func (c *Cursor) Close() error {
	var first error
	if c.exec != nil {
		first = c.exec.Close()
		c.exec = nil
	}
	c.current = nil
	if c.store != nil {
		if err := c.store.Close(); err != nil && first == nil {
			first = err
		}
		c.store = nil
	}
	c.cancel(nil)
	return first
}

// row returns row k (1-based) of the query, reading the execution on to
// it if needed; ok is false past the last row.
func (c *Cursor) row(k int64) ([]types.Datum, bool, error) {
	if c.store != nil && k > c.base && k-c.base <= c.store.Len() {
		row, err := c.store.Row(k - c.base - 1)
		return row, err == nil, err
	}
	if k <= c.last {
		// Only a scrollable cursor moves back, and it keeps its rows.
		return nil, false, pgerr.New(pgerr.InternalError, "cursor row no longer available")
	}
	for !c.done && c.last < k {
		if c.exec == nil {
			c.done = true
			break
		}
		row, ok, err := c.exec.Next()
		if err != nil {
			return nil, false, err
		}
		if !ok {
			c.done = true
			c.exec.Close()
			c.exec = nil
			break
		}
		c.last++
		if c.store != nil {
			if err := c.store.Add(row); err != nil {
				return nil, false, err
			}
		}
		if c.last == k {
			return row, true, nil
		}
	}
	return nil, false, nil
}

// run moves the execution count rows (0: all) forward or backward,
// calling emit with each row unless it is nil (MOVE), and returns how
// many rows it passed (ExecutorRun on the portal's query).
func (c *Cursor) run(ctx context.Context, forward bool, count int64, emit func([]types.Datum) error) (int64, error) {
	var n int64
	for count == 0 || n < count {
		if err := ctx.Err(); err != nil {
			return n, expr.Canceled(ctx)
		}
		k := c.at - 1
		if forward {
			k = c.at + 1
		}
		if k < 1 {
			c.at = 0
			break
		}
		row, ok, err := c.row(k)
		if err != nil {
			return n, err
		}
		if !ok {
			c.at = c.last + 1
			break
		}
		c.at, c.current = k, row
		if emit != nil {
			if err := emit(row[:c.width]); err != nil {
				return n, err
			}
		}
		n++
	}
	return n, nil
}

// errNoScroll is the error of a backward move of a cursor that cannot
// scroll.
func errNoScroll() *pgerr.Error {
	return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "cursor can only scan forward").
		WithHint("Declare it with SCROLL option to enable backward scan.")
}

// runSelect is PortalRunSelect: count rows (FetchAll: all) forward or
// backward, with the portal's position kept up to date.
func (c *Cursor) runSelect(ctx context.Context, forward bool, count int64, emit func([]types.Datum) error) (int64, error) {
	if forward {
		moving := !(c.atEnd || count <= 0)
		if !moving {
			count = 0
		}
		if count == FetchAll {
			count = 0
		}
		var n int64
		if moving {
			var err error
			if n, err = c.run(ctx, true, count, emit); err != nil {
				return n, err
			}
			if n > 0 {
				c.atStart = false
			}
			if count == 0 || n < count {
				c.atEnd = true
			}
			c.portalPos += n
		}
		return n, nil
	}
	if !c.scrollable {
		return 0, errNoScroll()
	}
	moving := !(c.atStart || count <= 0)
	if !moving {
		count = 0
	}
	if count == FetchAll {
		count = 0
	}
	var n int64
	if moving {
		var err error
		if n, err = c.run(ctx, false, count, emit); err != nil {
			return n, err
		}
		if n > 0 && c.atEnd {
			c.atEnd = false
			c.portalPos++
		}
		if count == 0 || n < count {
			c.atStart = true
			c.portalPos = 0
		} else {
			c.portalPos -= n
		}
	}
	return n, nil
}

// rewind is DoPortalRewind.
func (c *Cursor) rewind() error {
	if c.atStart && !c.atEnd {
		return nil
	}
	if !c.scrollable {
		return errNoScroll()
	}
	c.at = 0
	c.atStart, c.atEnd, c.portalPos = true, false, 0
	return nil
}

// Fetch is FETCH (emit not nil) or MOVE (emit nil) in direction dir with
// count (PortalRunFetch and DoPortalRunFetch): it returns the count of
// the command tag. ctx is the statement's context; a cancellation stops
// the cursor's execution too.
func (c *Cursor) Fetch(ctx context.Context, dir pg_query.FetchDirection, count int64, emit func([]types.Datum) error) (int64, error) {
	stop := context.AfterFunc(ctx, func() { c.cancel(context.Cause(ctx)) })
	defer stop()
	n, err := c.fetch(ctx, dir, count, emit)
	if err == nil {
		c.s.commandEnd()
	}
	return n, err
}

func (c *Cursor) fetch(ctx context.Context, dir pg_query.FetchDirection, count int64, emit func([]types.Datum) error) (int64, error) {
	switch dir {
	case pg_query.FetchDirection_FETCH_FORWARD:
		if count < 0 {
			dir, count = pg_query.FetchDirection_FETCH_BACKWARD, -count
		}
	case pg_query.FetchDirection_FETCH_BACKWARD:
		if count < 0 {
			dir, count = pg_query.FetchDirection_FETCH_FORWARD, -count
		}
	case pg_query.FetchDirection_FETCH_ABSOLUTE:
		switch {
		case count > 0:
			// Go to row count-1 from the start or from here, whichever
			// is nearer, then fetch the next row forward.
			if count-1 <= c.portalPos/2 {
				if err := c.rewind(); err != nil {
					return 0, err
				}
				if count > 1 {
					if _, err := c.runSelect(ctx, true, count-1, nil); err != nil {
						return 0, err
					}
				}
			} else {
				pos := c.portalPos
				if c.atEnd {
					pos++ // one more fetch to get off the end
				}
				if count <= pos {
					if _, err := c.runSelect(ctx, false, pos-count+1, nil); err != nil {
						return 0, err
					}
				} else if count > pos+1 {
					if _, err := c.runSelect(ctx, true, count-pos-1, nil); err != nil {
						return 0, err
					}
				}
			}
			return c.runSelect(ctx, true, 1, emit)
		case count < 0:
			// Go past the end, back up -count-1 rows, fetch the prior.
			if _, err := c.runSelect(ctx, true, FetchAll, nil); err != nil {
				return 0, err
			}
			if count < -1 {
				if _, err := c.runSelect(ctx, false, -count-1, nil); err != nil {
					return 0, err
				}
			}
			return c.runSelect(ctx, false, 1, emit)
		default:
			// ABSOLUTE 0: before the first row, no row returned.
			if err := c.rewind(); err != nil {
				return 0, err
			}
			return c.runSelect(ctx, true, 0, emit)
		}
	case pg_query.FetchDirection_FETCH_RELATIVE:
		switch {
		case count > 0:
			if count > 1 {
				if _, err := c.runSelect(ctx, true, count-1, nil); err != nil {
					return 0, err
				}
			}
			return c.runSelect(ctx, true, 1, emit)
		case count < 0:
			if count < -1 {
				if _, err := c.runSelect(ctx, false, -count-1, nil); err != nil {
					return 0, err
				}
			}
			return c.runSelect(ctx, false, 1, emit)
		}
		dir = pg_query.FetchDirection_FETCH_FORWARD
	}
	forward := dir == pg_query.FetchDirection_FETCH_FORWARD
	if count == 0 {
		// FETCH 0 fetches the current row again, if there is one; MOVE 0
		// counts it.
		onRow := !c.atStart && !c.atEnd
		if emit == nil {
			if onRow {
				return 1, nil
			}
			return 0, nil
		}
		if onRow {
			if _, err := c.runSelect(ctx, false, 1, nil); err != nil {
				return 0, err
			}
			count, forward = 1, true
		}
	}
	if !forward && count == FetchAll && emit == nil {
		// MOVE BACKWARD ALL: a rewind, counting the rows passed.
		n := c.portalPos
		if n > 0 && !c.atEnd {
			n--
		}
		if err := c.rewind(); err != nil {
			return 0, err
		}
		return n, nil
	}
	return c.runSelect(ctx, forward, count, emit)
}

// Hold materializes a WITH HOLD cursor as its transaction commits
// (PersistHoldablePortal): the rows not read yet are read into the
// store, all of them kept if the cursor scrolls, else only those after
// its position; the execution ends, so the cursor outlives the
// transaction, its snapshot and its locks. ctx is the commit's.
func (c *Cursor) Hold(ctx context.Context) error {
	if c.held {
		return nil
	}
	stop := context.AfterFunc(ctx, func() { c.cancel(context.Cause(ctx)) })
	defer stop()
	if !c.scrollable {
		// Only the rows after the position are kept, numbered on from it.
		old := c.store
		c.store = exec.NewRowStore(catalogAdapter{c.s}.WorkMem(), c.rowTypes())
		if old != nil {
			old.Close()
		}
		c.base = c.last
	}
	for !c.done {
		if err := ctx.Err(); err != nil {
			return expr.Canceled(ctx)
		}
		if _, _, err := c.row(c.last + 1); err != nil {
			return err
		}
	}
	c.held = true
	return nil
}

// Forward reads up to count rows forward (FetchAll: all) for an Execute
// message on the cursor's portal (PortalRun), and reports whether the
// cursor reached its end.
func (c *Cursor) Forward(ctx context.Context, count int64, emit func([]types.Datum) error) (n int64, atEnd bool, err error) {
	stop := context.AfterFunc(ctx, func() { c.cancel(context.Cause(ctx)) })
	defer stop()
	n, err = c.runSelect(ctx, true, count, emit)
	if err == nil {
		c.s.commandEnd()
	}
	return n, c.atEnd, err
}

// currentOfTarget is where a cursor's query over one table carries the
// ctid of each row's table row, for WHERE CURRENT OF (PostgreSQL finds
// it in the plan's scan node; here the rows bring it along).
type currentOfTarget struct {
	table   uint32
	visible int // the query's own columns, before the ctid
	col     int // the ctid's target
	types   []uint32
}

// addCurrentOfTarget adds to a cursor's query, when it reads one table
// and each of its rows comes from one table row (no grouping, DISTINCT,
// set operation, window or WITH), a junk target with the table row's
// ctid, and reports where; nil for other queries.
func addCurrentOfTarget(q *plan.Query) *currentOfTarget {
	if q.Command != plan.CmdSelect || len(q.RTEs) != 1 || q.SetOp != nil || q.Grouped || len(q.Aggs) > 0 ||
		len(q.GroupingSets) > 0 || q.Distinct || len(q.DistinctOn) > 0 || len(q.Windows) > 0 || len(q.CTEs) > 0 {
		return nil
	}
	r := q.RTEs[0]
	if r.Kind != plan.RTETable || r.Table == nil {
		return nil
	}
	cur := &currentOfTarget{table: r.Table.OID}
	for _, t := range q.Targets {
		if !t.Junk {
			cur.visible++
			cur.types = append(cur.types, t.Expr.Type())
		}
	}
	if !r.SysUsed {
		r.SysUsed, r.SysOffset = true, q.Width
		q.Width += plan.NumSysColumns
	}
	sc := plan.SystemColumns[plan.SysCtid]
	cur.col = len(q.Targets)
	q.Targets = append(q.Targets, plan.Target{Expr: &expr.Var{Index: r.SysOffset + plan.SysCtid, Typ: sc.Type, Mod: -1,
		Name: sc.Name, TableOID: r.Table.OID, AttNum: sc.AttNum, Loc: -1}, Name: sc.Name, Junk: true})
	return cur
}

// currentOfRoot replaces the plan's final Trim, which drops the junk
// targets, by a projection that keeps the query's columns and the ctid
// after them. The plan itself, which other executions share, is not
// changed. Without that Trim where expected, the rows are trimmed to the
// query's columns and ok is false.
func currentOfRoot(root plan.Node, cur *currentOfTarget) (plan.Node, bool) {
	if scope, ok := root.(*plan.CTEScope); ok {
		in, ok := currentOfRoot(scope.Input, cur)
		copied := *scope
		copied.Input = in
		return &copied, ok
	}
	trim, ok := root.(*plan.Trim)
	if !ok || trim.N != cur.visible {
		return &plan.Trim{Input: root, N: cur.visible}, false
	}
	exprs := make([]expr.Expr, 0, cur.visible+1)
	for i, t := range cur.types {
		exprs = append(exprs, &expr.Var{Index: i, Typ: t, Mod: -1, Loc: -1})
	}
	sc := plan.SystemColumns[plan.SysCtid]
	exprs = append(exprs, &expr.Var{Index: cur.col, Typ: sc.Type, Mod: -1, Loc: -1})
	return &plan.Project{Input: trim.Input, Exprs: exprs}, true
}

// CurrentRow returns the ctid of the row the cursor stands on in table
// (execCurrentOf), or PostgreSQL's error when it has none there.
func (c *Cursor) CurrentRow(name string, table uint32, tableName string) (types.Datum, error) {
	if c.held {
		return types.Datum{}, pgerr.Newf(pgerr.InvalidCursorState, "cursor \"%s\" is held from a previous transaction", name)
	}
	if c.currentOf == nil || c.currentOf.table != table {
		return types.Datum{}, pgerr.Newf(pgerr.InvalidCursorState, "cursor \"%s\" is not a simply updatable scan of table \"%s\"", name, tableName)
	}
	if c.atStart || c.atEnd || c.current == nil {
		return types.Datum{}, pgerr.Newf(pgerr.InvalidCursorState, "cursor \"%s\" is not positioned on a row", name)
	}
	return c.current[c.width], nil
}
