// EXPLAIN (PostgreSQL's commands/explain.c): the options, planning the
// statement explained, running it for EXPLAIN ANALYZE with the
// executor's instrumentation, and printing the tree explaintree.go
// builds in the text, JSON or YAML format, one row per line in a column
// "QUERY PLAN".

package sql

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/types"
)

// explainFormat is EXPLAIN's FORMAT option.
type explainFormat int8

const (
	explainText explainFormat = iota
	explainJSON
	explainYAML
)

// explainOptions are ExplainState's options.
type explainOptions struct {
	analyze, verbose, costs, timing, summary, buffers, settings, wal bool
	format                                                           explainFormat
}

// parseExplainOptions is ExplainQuery's option loop and checks.
func parseExplainOptions(st Statement, opts []*pg_query.Node) (explainOptions, error) {
	o := explainOptions{costs: true}
	timingSet, summarySet := false, false
	var walLoc int32
	for _, n := range opts {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		var err error
		switch d.Defname {
		case "analyze":
			o.analyze, err = defGetBoolean(d)
		case "verbose":
			o.verbose, err = defGetBoolean(d)
		case "costs":
			o.costs, err = defGetBoolean(d)
		case "timing":
			timingSet = true
			o.timing, err = defGetBoolean(d)
		case "summary":
			summarySet = true
			o.summary, err = defGetBoolean(d)
		case "buffers":
			o.buffers, err = defGetBoolean(d)
		case "settings":
			o.settings, err = defGetBoolean(d)
		case "wal":
			o.wal, err = defGetBoolean(d)
			walLoc = d.Location
		case "format":
			// The grammar gives the value as a string (defGetString).
			v := d.Arg.GetString_().GetSval()
			switch v {
			case "text":
				o.format = explainText
			case "json":
				o.format = explainJSON
			case "yaml":
				o.format = explainYAML
			case "xml":
				err = pgerr.New(pgerr.FeatureNotSupported, "EXPLAIN option FORMAT XML is not supported").
					WithPosition(parser.Position(st.Query, d.Location))
			default:
				err = pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized value for EXPLAIN option \"%s\": \"%s\"", d.Defname, v).
					WithPosition(parser.Position(st.Query, d.Location))
			}
		default:
			err = pgerr.Newf(pgerr.SyntaxError, "unrecognized EXPLAIN option \"%s\"", d.Defname).
				WithPosition(parser.Position(st.Query, d.Location))
		}
		if err != nil {
			return o, err
		}
	}
	if o.wal && !o.analyze {
		return o, pgerr.New(pgerr.InvalidParameterValue, "EXPLAIN option WAL requires ANALYZE")
	}
	if o.wal {
		// WAL records are not counted per statement.
		return o, pgerr.New(pgerr.FeatureNotSupported, "EXPLAIN option WAL is not supported").
			WithPosition(parser.Position(st.Query, walLoc))
	}
	if !timingSet {
		o.timing = o.analyze
	}
	if o.timing && !o.analyze {
		return o, pgerr.New(pgerr.InvalidParameterValue, "EXPLAIN option TIMING requires ANALYZE")
	}
	if !summarySet {
		o.summary = o.analyze
	}
	return o, nil
}

// prepareExplain prepares EXPLAIN: the options are checked and the
// statement explained prepared now (its parameters are EXPLAIN's); it
// is planned again, and run for ANALYZE, when EXPLAIN executes.
func prepareExplain(p *Plan, env Env, stmt Statement, es *pg_query.ExplainStmt, paramTypes []uint32, simple bool, routine *routineScope) (*Plan, error) {
	opts, err := parseExplainOptions(stmt, es.Options)
	if err != nil {
		return nil, err
	}
	query := es.Query
	switch n := query.GetNode().(type) {
	case *pg_query.Node_SelectStmt, *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt, *pg_query.Node_MergeStmt:
		if sel, ok := n.(*pg_query.Node_SelectStmt); ok && sel.SelectStmt.IntoClause != nil {
			// SELECT INTO is CREATE TABLE AS: without ANALYZE nothing is
			// created and the plan is the query's.
			if opts.analyze {
				return nil, pgerr.New(pgerr.FeatureNotSupported, "EXPLAIN ANALYZE of SELECT INTO is not supported")
			}
			q := sel.SelectStmt.Clone()
			q.IntoClause = nil
			query = &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: q}}
		}
	case *pg_query.Node_CreateTableAsStmt:
		// Without ANALYZE nothing is created: the plan is the query's.
		if opts.analyze {
			in := stmt.Inner(query)
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "EXPLAIN ANALYZE of %s is not supported", in.Tag())
		}
		query = n.CreateTableAsStmt.Query
		if _, ok := query.GetNode().(*pg_query.Node_SelectStmt); !ok {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "EXPLAIN of CREATE TABLE AS EXECUTE is not supported")
		}
	case *pg_query.Node_DeclareCursorStmt:
		// The cursor's query is planned (and run for ANALYZE); no
		// cursor is opened.
		query = n.DeclareCursorStmt.Query
	case *pg_query.Node_RefreshMatViewStmt:
		// ExplainOneUtility: a utility statement has no plan, and is not
		// run.
		p.params = []uint32{}
		p.cols = explainColumns(opts)
		p.rows = func(s *sqlCtx, _ []types.Datum, emit func(row []types.Datum) error) (string, error) {
			line := "Utility statements have no plan structure"
			switch opts.format {
			case explainJSON:
				line = "[\n  \"Utility Statement\"\n]"
			case explainYAML:
				line = "- \"Utility Statement\""
			}
			if err := emit([]types.Datum{types.Text(line)}); err != nil {
				return "", err
			}
			return "EXPLAIN", nil
		}
		return p, nil
	case *pg_query.Node_ExecuteStmt:
		// The prepared statement is looked up when EXPLAIN runs
		// (ExplainExecuteQuery).
		es := n.ExecuteStmt
		p.params = []uint32{}
		p.cols = explainColumns(opts)
		p.rows = func(s *sqlCtx, _ []types.Datum, emit func(row []types.Datum) error) (string, error) {
			ps, ok := s.env.(PreparedStatements)
			if !ok {
				return "", pgerr.New(pgerr.FeatureNotSupported, "EXPLAIN EXECUTE is not supported in this session")
			}
			target, paramTypes, err := ps.PreparedPlan(es.Name)
			if err != nil {
				return "", err
			}
			if target == nil || target.state.Load() == nil {
				return "", pgerr.Newf(pgerr.FeatureNotSupported, "EXPLAIN of prepared statement \"%s\" is not supported", es.Name)
			}
			params, err := ExecuteParams(s.ctx, s.env, stmt, es.Name, paramTypes, es.Params)
			if err != nil {
				return "", err
			}
			start, startBuf := time.Now(), s.bufferSnapshot()
			st, custom, err := target.choosePlan(s, params)
			if err != nil {
				return "", err
			}
			return s.explainPlan(st, opts, params, custom, time.Since(start), s.bufferSince(startBuf), emit)
		}
		return p, nil
	default:
		in := stmt.Inner(query)
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "EXPLAIN of %s is not supported", in.Tag())
	}
	inner, err := prepareRoutine(env, stmt.Inner(query), paramTypes, simple, routine)
	if err != nil {
		return nil, err
	}
	if inner.state.Load() == nil {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "EXPLAIN of %s is not supported", inner.tag)
	}
	p.params = inner.params
	p.cols = explainColumns(opts)
	p.rows = func(s *sqlCtx, params []types.Datum, emit func(row []types.Datum) error) (string, error) {
		return s.explain(inner, opts, params, emit)
	}
	return p, nil
}

// PreparedStatements is implemented by an Env whose session keeps
// named prepared statements, for EXPLAIN EXECUTE.
type PreparedStatements interface {
	// PreparedPlan returns a prepared statement's plan (nil for a
	// statement the session runs itself) and parameter types, or
	// PostgreSQL's error for an unknown name.
	PreparedPlan(name string) (*Plan, []uint32, error)
}

// explainColumns is EXPLAIN's result column: text, json for FORMAT
// JSON.
func explainColumns(opts explainOptions) []Column {
	typ := uint32(types.OidText)
	if opts.format == explainJSON {
		typ = types.OidJSON
	}
	return []Column{{Name: "QUERY PLAN", TypeOID: typ, TypeLen: -1, TypeMod: -1}}
}

// explain plans inner, runs it for ANALYZE, and emits the plan's lines.
func (s *sqlCtx) explain(inner *Plan, opts explainOptions, params []types.Datum, emit func(row []types.Datum) error) (string, error) {
	planStart, startBuf := time.Now(), s.bufferSnapshot()
	if _, err := inner.revalidate(s); err != nil {
		return "", err
	}
	st, _, _, err := inner.analyze(s, inner.params)
	if err != nil {
		return "", err
	}
	return s.explainPlan(st, opts, params, true, time.Since(planStart), s.bufferSince(startBuf), emit)
}

// bufferUsage is the process's buffer usage counters (live; nil
// without storage, where no page is read).
func (s *sqlCtx) bufferUsage() *storage.BufferUsage {
	if !s.hasStorage() {
		return nil
	}
	return s.eng.Pool.Usage()
}

// bufferSnapshot is a copy of the process's buffer usage counters now.
func (s *sqlCtx) bufferSnapshot() storage.BufferUsage {
	if u := s.bufferUsage(); u != nil {
		return *u
	}
	return storage.BufferUsage{}
}

// bufferSince is what the process's buffers counted since start, a
// bufferSnapshot.
func (s *sqlCtx) bufferSince(start storage.BufferUsage) storage.BufferUsage {
	var d storage.BufferUsage
	d.AddDiff(s.bufferSnapshot(), start)
	return d
}

// explainPlan prints a planned statement, run first for ANALYZE;
// planBuf are the pages planning touched.
func (s *sqlCtx) explainPlan(st *planState, opts explainOptions, params []types.Datum, custom bool, planning time.Duration, planBuf storage.BufferUsage, emit func(row []types.Datum) error) (string, error) {

	// A custom plan shows its parameters as their values, a generic one
	// as $n (PostgreSQL's custom plan has them folded in).
	shown := params
	if !custom {
		shown = nil
	}
	x := newExplainer(st.root, s.formatOptions(), opts.verbose, s.newFolder(shown))
	root, _ := x.node(st.root, nil)
	if x.err != nil {
		return "", x.err
	}
	if opts.verbose {
		fillOutputs(root)
	}
	var ins *exec.Instrumentation
	var triggers []firedTrigger
	var triggerTarget uint32
	var execution time.Duration
	var processed int64
	var err error
	if opts.analyze {
		var usage *storage.BufferUsage
		if opts.buffers {
			usage = s.bufferUsage()
		}
		ins = exec.NewInstrumentation(opts.timing, usage)
		start := time.Now()
		s.triggerCounts = &triggerCounts{timing: opts.timing, counts: map[triggerKey]*triggerCount{}}
		processed, err = s.runPlan(st, params, func([]types.Datum) error { return nil }, ins)
		tc := s.triggerCounts
		s.triggerCounts = nil
		if err != nil {
			return "", err
		}
		execution = time.Since(start)
		var target uint32
		if mt, ok := root.base.(*plan.ModifyTable); ok && mt.Table != nil && mt.Table.Entry != nil {
			target = mt.Table.Entry.OID
		}
		if triggers, err = tc.fired(s, target); err != nil {
			return "", err
		}
		triggerTarget = target
	}
	var costs map[plan.Node]plan.Estimate
	if opts.costs {
		costs = plan.Estimates(st.root, s.tableInfo, s.workMemBytes())
	}
	var settings [][2]string
	if opts.settings {
		if settings, err = s.explainSettings(); err != nil {
			return "", err
		}
	}
	ioTiming := false
	if opts.buffers {
		// The structured formats show the I/O times whenever
		// track_io_timing is on.
		// track_io_timing on (an Env without the setting has it off).
		v, _, err := s.env.GetConfig("track_io_timing", false)
		ioTiming = err == nil && v == "on"
	}
	out := &explainOutput{ioTiming: ioTiming, opts: opts, ins: ins, costs: costs, settings: settings, processed: processed, root: root, planBuffers: planBuf, triggers: triggers}
	switch opts.format {
	case explainText:
		out.text(root, 0, true)
		if len(settings) > 0 {
			parts := make([]string, len(settings))
			for i, kv := range settings {
				parts[i] = kv[0] + " = '" + kv[1] + "'"
			}
			out.lines = append(out.lines, "Settings: "+strings.Join(parts, ", "))
		}
		if lines := bufferLines(planBuf); opts.buffers && len(lines) > 0 {
			out.lines = append(out.lines, "Planning:")
			for _, l := range lines {
				out.lines = append(out.lines, "  "+l)
			}
		}
		if opts.summary {
			out.lines = append(out.lines, fmt.Sprintf("Planning Time: %.3f ms", ms(planning)))
		}
		out.lines = append(out.lines, triggerLines(triggers, triggerTarget, opts.verbose, opts.timing)...)
		if opts.analyze && opts.summary {
			out.lines = append(out.lines, fmt.Sprintf("Execution Time: %.3f ms", ms(execution)))
		}
	default:
		doc := out.structured(root, planning, execution)
		if opts.format == explainJSON {
			out.lines = []string{doc.json()}
		} else {
			out.lines = []string{doc.yaml()}
		}
	}
	for _, l := range out.lines {
		if err := emit([]types.Datum{types.Text(l)}); err != nil {
			return "", err
		}
	}
	return "EXPLAIN", nil
}

// tableInfo is the size and column statistics of t for EXPLAIN's
// estimates: what planning keeps for tables with indexes, computed here
// for the others.
func (s *sqlCtx) tableInfo(t *plan.Table) plan.TableInfo {
	info := plan.TableInfo{Pages: t.Pages, Tuples: t.Tuples, AllVisibleFrac: t.AllVisibleFrac, Stats: t.Stats}
	if t.Entry == nil || !s.hasStorage() {
		return info
	}
	if len(t.Indexes) == 0 && t.Kind != 'v' {
		cp := *t
		s.estimateSize(t.Entry, &cp)
		info.Pages, info.Tuples, info.AllVisibleFrac = cp.Pages, cp.Tuples, cp.AllVisibleFrac
	}
	all, err := s.cache.Statistics(s, t.Entry)
	if err != nil || len(all) == 0 {
		return info
	}
	info.Stats = map[int]*catalog.ColumnStats{}
	for attnum, st := range all {
		info.Stats[int(attnum)-1] = st
	}
	return info
}

// explainSettings are the settings EXPLAIN (SETTINGS) shows
// (get_explain_guc_options): those marked GUC_EXPLAIN whose value
// differs from the built-in default, in PostgreSQL's order, each with
// its value as SHOW prints it.
func (s *sqlCtx) explainSettings() ([][2]string, error) {
	rel, ok := s.env.VirtualRelation("pg_catalog", "pg_settings")
	if !ok {
		return nil, nil
	}
	nameCol, settingCol := -1, -1
	for i, c := range rel.Columns {
		switch c.Name {
		case "name":
			nameCol = i
		case "setting":
			settingCol = i
		}
	}
	if nameCol < 0 || settingCol < 0 {
		return nil, nil
	}
	rows, err := rel.Rows()
	if err != nil {
		return nil, err
	}
	current := map[string]types.Datum{}
	for _, r := range rows {
		current[r[nameCol].Text()] = r[settingCol]
	}
	var out [][2]string
	for _, p := range config.Params() {
		if !p.Has(config.FlagExplain) {
			continue
		}
		v, ok := current[p.Name]
		if !ok || v.IsNull() && p.BootNull || !v.IsNull() && !p.BootNull && v.Text() == p.Boot {
			continue
		}
		shown, _, err := s.env.GetConfig(p.Name, true)
		if err != nil {
			return nil, err
		}
		out = append(out, [2]string{p.Name, shown})
	}
	return out, nil
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// explainOutput collects the printed lines.
type explainOutput struct {
	opts  explainOptions
	ins   *exec.Instrumentation
	costs map[plan.Node]plan.Estimate
	lines []string
	// settings are the planner settings changed from their defaults
	// (SETTINGS), name and value.
	settings [][2]string
	// processed is the number of rows the statement changed (ANALYZE).
	processed int64
	// root is the top node.
	root *xnode
	// planBuffers are the pages planning touched (BUFFERS).
	planBuffers storage.BufferUsage
	// triggers are the triggers the statement fired (ANALYZE).
	triggers []firedTrigger
	// ioTiming: track_io_timing is on (BUFFERS shows I/O times).
	ioTiming bool
}

// conflictCounts are an INSERT ... ON CONFLICT's Tuples Inserted and
// Conflicting Tuples (ANALYZE, the statement's own INSERT): every
// proposed row either went in or conflicted.
func (o *explainOutput) conflictCounts(xn *xnode, top bool) (inserted, conflicting int64, ok bool) {
	mt, isModify := xn.base.(*plan.ModifyTable)
	if o.ins == nil || !xn.conflict || !top || !isModify || mt.Auxiliary {
		return 0, 0, false
	}
	conflicting = o.ins.Counts(mt).Filtered
	return o.ins.Counts(mt.Input).Rows - conflicting, conflicting, true
}

// header is a node's first line after its name: estimates and actuals.
func (o *explainOutput) header(xn *xnode) string {
	var b strings.Builder
	if o.costs != nil {
		e := o.costs[xn.cost]
		fmt.Fprintf(&b, "  (cost=%.2f..%.2f rows=%.0f width=%d)", e.Startup, e.Total, e.Rows, e.Width)
	}
	if o.ins != nil {
		c := o.counts(xn)
		switch {
		case c.Loops == 0:
			b.WriteString(" (never executed)")
		case o.opts.timing:
			fmt.Fprintf(&b, " (actual time=%.3f..%.3f rows=%.0f loops=%d)", c.StartupMs(), c.TotalMs(), c.RowsPerLoop(), c.Loops)
		default:
			fmt.Fprintf(&b, " (actual rows=%.0f loops=%d)", c.RowsPerLoop(), c.Loops)
		}
	}
	return b.String()
}

// counts are the run-time counts xn shows.
func (o *explainOutput) counts(xn *xnode) exec.NodeCounts {
	if xn.sumOf != nil {
		var c exec.NodeCounts
		for i, n := range xn.sumOf {
			m := o.ins.Counts(n)
			if i == 0 {
				// The first row comes from the first member.
				c.Startup = m.Startup
			}
			c.Loops = max(c.Loops, m.Loops)
			c.Rows += m.Rows
			c.Total += m.Total
			c.Buffers.AddDiff(m.Buffers, storage.BufferUsage{})
		}
		return c
	}
	c := o.ins.Counts(xn.plan)
	if xn.memoInner != nil {
		// A lookup's time is the scan's on a miss, nothing to count on
		// a hit.
		in := o.ins.Counts(xn.memoInner)
		c.Startup, c.Total, c.Buffers = in.Startup, in.Total, in.Buffers
	}
	if xn.rescanned != nil {
		// The kept inner rows are read again for every outer row.
		outer := o.ins.Counts(xn.rescanned)
		if outer.Rows > 0 && c.Loops > 0 {
			c.Rows *= outer.Rows
			c.Loops *= outer.Rows
		}
	}
	return c
}

// removedRows is a Rows Removed count: the rows over all loops and the
// loops, shown per loop. The text format leaves it out when no row was
// removed at all (show_instrumentation_count).
type removedRows struct {
	total, loops int64
	known        bool
}

func (r removedRows) perLoop() string {
	if r.loops == 0 {
		return "0"
	}
	return strconv.FormatFloat(float64(r.total)/float64(r.loops), 'f', 0, 64)
}

// joinRemoved is the Rows Removed by Join Filter count of xn.
func (o *explainOutput) joinRemoved(xn *xnode) removedRows {
	if o.ins == nil || xn.joinFiltered == nil {
		return removedRows{}
	}
	c := o.ins.Counts(xn.joinFiltered)
	return removedRows{total: c.Filtered, loops: c.Loops, known: true}
}

// conflictRemoved is the Rows Removed by Conflict Filter count of an
// INSERT ... ON CONFLICT DO UPDATE ... WHERE.
func (o *explainOutput) conflictRemoved(xn *xnode) removedRows {
	mt, ok := xn.base.(*plan.ModifyTable)
	if o.ins == nil || !ok {
		return removedRows{}
	}
	c := o.ins.Counts(mt)
	return removedRows{total: c.ConflictFiltered, loops: c.Loops, known: true}
}

// recheckRemoved is a bitmap heap scan's Rows Removed by Index Recheck.
func (o *explainOutput) recheckRemoved(xn *xnode) removedRows {
	if o.ins == nil || !xn.bitmapHeap {
		return removedRows{}
	}
	c := o.ins.Counts(xn.base)
	return removedRows{total: c.Rechecked, loops: c.Loops, known: true}
}

// heapBlocks are the exact and lossy pages a bitmap heap scan read, over
// all its loops (show_tidbitmap_info).
func (o *explainOutput) heapBlocks(xn *xnode) (exact, lossy int64, ok bool) {
	if o.ins == nil || !xn.bitmapHeap {
		return 0, 0, false
	}
	c := o.ins.Counts(xn.base)
	return c.ExactPages, c.LossyPages, true
}

// heapFetches is an index-only scan's Heap Fetches under ANALYZE: the
// entries whose rows it checked in the heap, over all its loops (not
// per loop, as PostgreSQL prints it).
func (o *explainOutput) heapFetches(xn *xnode) (int64, bool) {
	if o.ins == nil || !strings.HasPrefix(xn.kind, "Index Only Scan") {
		return 0, false
	}
	return o.ins.Counts(xn.base).HeapFetches, true
}

// removed is the Rows Removed by Filter count of xn.
func (o *explainOutput) removed(xn *xnode) removedRows {
	if o.ins == nil || xn.filterKey != "" {
		return removedRows{}
	}
	switch {
	case xn.filtered != nil:
		// A Filter node above: the rows it read less the rows it passed.
		in := plan.Inputs(xn.filtered)
		if len(in) != 1 {
			return removedRows{}
		}
		c, f := o.ins.Counts(in[0]), o.ins.Counts(xn.filtered)
		return removedRows{total: c.Rows - f.Rows, loops: f.Loops, known: true}
	case xn.scanFilter:
		c := o.ins.Counts(xn.base)
		return removedRows{total: c.Filtered, loops: c.Loops, known: true}
	}
	return removedRows{}
}

// text prints xn and its children in the text format
// (ExplainNode's EXPLAIN_FORMAT_TEXT branches).
func (o *explainOutput) text(xn *xnode, indent int, top bool) {
	pad := strings.Repeat(" ", indent)
	first := xn.name + o.header(xn)
	if xn.label != "" {
		o.lines = append(o.lines, pad+xn.label)
		pad += "  "
		indent += 2
	}
	prop := pad + "  "
	if !top {
		o.lines = append(o.lines, pad+"->  "+first)
		prop = pad + "      "
	} else {
		o.lines = append(o.lines, pad+first)
	}
	if len(xn.output) > 0 {
		o.lines = append(o.lines, prop+"Output: "+strings.Join(xn.output, ", "))
	}
	if xn.innerUnique && o.opts.verbose {
		// Text mode tells only of a unique inner side.
		o.lines = append(o.lines, prop+"Inner Unique: true")
	}
	for _, p := range xn.props {
		o.lines = append(o.lines, prop+p.key+": "+p.val)
		if p.key == "Join Filter" {
			if r := o.joinRemoved(xn); r.known && r.total > 0 {
				o.lines = append(o.lines, prop+"Rows Removed by Join Filter: "+r.perLoop())
			}
		}
		if p.key == "Conflict Filter" {
			if r := o.conflictRemoved(xn); r.known && r.total > 0 {
				o.lines = append(o.lines, prop+"Rows Removed by Conflict Filter: "+r.perLoop())
			}
		}
		if p.key == "Recheck Cond" {
			if r := o.recheckRemoved(xn); r.known && r.total > 0 {
				o.lines = append(o.lines, prop+"Rows Removed by Index Recheck: "+r.perLoop())
			}
		}
	}
	for _, l := range []string{o.sortLine(xn), o.hashLine(xn), o.memoLine(xn)} {
		if l != "" {
			o.lines = append(o.lines, prop+l)
		}
	}
	if len(xn.filter) > 0 {
		key := xn.filterKey
		if key == "" {
			key = "Filter"
		}
		o.lines = append(o.lines, prop+key+": "+andText(xn.filter))
	}
	// show_hashagg_info comes between an Agg's Filter and its Rows
	// Removed.
	if l := o.aggLine(xn); l != "" {
		o.lines = append(o.lines, prop+l)
	}
	if len(xn.filter) > 0 {
		if r := o.removed(xn); r.known && r.total > 0 {
			o.lines = append(o.lines, prop+"Rows Removed by Filter: "+r.perLoop())
		}
	}
	if fetches, ok := o.heapFetches(xn); ok {
		o.lines = append(o.lines, prop+"Heap Fetches: "+strconv.FormatInt(fetches, 10))
	}
	if exact, lossy, ok := o.heapBlocks(xn); ok && exact+lossy > 0 {
		line := prop + "Heap Blocks:"
		if exact > 0 {
			line += " exact=" + strconv.FormatInt(exact, 10)
		}
		if lossy > 0 {
			line += " lossy=" + strconv.FormatInt(lossy, 10)
		}
		o.lines = append(o.lines, line)
	}
	if ins, conf, ok := o.conflictCounts(xn, top); ok {
		o.lines = append(o.lines, prop+"Tuples Inserted: "+strconv.FormatInt(ins, 10), prop+"Conflicting Tuples: "+strconv.FormatInt(conf, 10))
	}
	if o.ins != nil && o.opts.buffers {
		for _, l := range bufferLines(o.counts(xn).Buffers) {
			o.lines = append(o.lines, prop+l)
		}
	}
	childIndent := len(prop)
	for _, c := range xn.initPlans {
		o.text(c, childIndent, false)
	}
	for _, c := range xn.kids {
		o.text(c, childIndent, false)
	}
	for _, c := range xn.subPlans {
		o.text(c, childIndent, false)
	}
}

// runPlan executes a planned statement as Execute does, with ins (when
// not nil) counting each node's rows and time for EXPLAIN ANALYZE.
func (s *sqlCtx) runPlan(st *planState, params []types.Datum, emit func(row []types.Datum) error, ins *exec.Instrumentation) (int64, error) {
	s.inheritEventQueue()
	ec := &expr.EvalContext{Ctx: s.ctx, Session: s.env, Params: params, Format: s.formatOptions()}
	if s.hasStorage() {
		ec.Catalog = names{s}
		s.readCid, s.pinnedCid = s.cid(), true
	}
	n, err := exec.RunInstrumented(ec, catalogAdapter{s}, st.root, emit, ins)
	if err != nil {
		if s.ctx.Err() != nil {
			return 0, expr.Canceled(s.ctx)
		}
		return 0, err
	}
	s.commandEnd()
	// The statement's after-row events (foreign keys, deferrable keys)
	// fire once its changes are visible.
	if err := s.fireAfterEvents(); err != nil {
		return 0, err
	}
	return n, nil
}
