// Sequences: CREATE SEQUENCE, ALTER SEQUENCE, their options (PostgreSQL's
// commands/sequence.c: DefineSequence, AlterSequence, init_params,
// process_owned_by), and nextval, currval, setval and lastval over
// lib/access/sequence.

package sql

import (
	"math"
	"strconv"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/sequence"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// seqOptions are the parsed options of CREATE/ALTER SEQUENCE (and of an
// identity column).
type seqOptions struct {
	as, increment, start, restart, maxValue, minValue, cache, cycle, ownedBy, seqName *pg_query.DefElem
}

// parseSeqOptions sorts the options, refusing repeats.
func parseSeqOptions(query string, opts []*pg_query.Node, forIdentity bool) (*seqOptions, error) {
	o := &seqOptions{}
	for _, n := range opts {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		var slot **pg_query.DefElem
		switch d.Defname {
		case "as":
			slot = &o.as
		case "increment":
			slot = &o.increment
		case "start":
			slot = &o.start
		case "restart":
			slot = &o.restart
		case "maxvalue":
			slot = &o.maxValue
		case "minvalue":
			slot = &o.minValue
		case "cache":
			slot = &o.cache
		case "cycle":
			slot = &o.cycle
		case "owned_by":
			slot = &o.ownedBy
		case "sequence_name":
			if !forIdentity {
				return nil, pgerr.New(pgerr.SyntaxError, "invalid sequence option SEQUENCE NAME").
					WithPosition(parser.Position(query, d.Location))
			}
			slot = &o.seqName
		default:
			return nil, pgerr.Newf(pgerr.SyntaxError, "option \"%s\" not recognized", d.Defname)
		}
		if *slot != nil {
			return nil, pgerr.New(pgerr.SyntaxError, "conflicting or redundant options").WithPosition(parser.Position(query, d.Location))
		}
		*slot = d
	}
	return o, nil
}

// defInt64 is defGetInt64.
func defInt64(d *pg_query.DefElem) (int64, error) {
	switch a := d.Arg.GetNode().(type) {
	case *pg_query.Node_Integer:
		return int64(a.Integer.Ival), nil
	case *pg_query.Node_Float:
		v, err := strconv.ParseInt(a.Float.Fval, 10, 64)
		if err != nil {
			return 0, pgerr.Newf(pgerr.NumericValueOutOfRange, "value \"%s\" is out of range for type bigint", a.Float.Fval)
		}
		return v, nil
	}
	return 0, pgerr.Newf(pgerr.SyntaxError, "%s requires a numeric value", d.Defname)
}

// typeBounds are the smallest and largest values of a sequence type.
func typeBounds(typ uint32) (int64, int64) {
	switch typ {
	case types.OidInt2:
		return math.MinInt16, math.MaxInt16
	case types.OidInt4:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// initSeqParams is init_params: apply the options to p and d (the
// sequence's definition and data; for ALTER, their current values).
// rewrite reports whether the data changed so the page must be rewritten.
func (s *sqlCtx) initSeqParams(query string, o *seqOptions, forIdentity, isInit bool, p *sequence.Params, d *sequence.Data) (rewrite bool, err error) {
	resetMax, resetMin := false, false
	if o.as != nil {
		tn := o.as.Arg.GetTypeName()
		typ, _, err := analyze.ResolveTypeName(catalogAdapter{s}, query, tn, FormatOptions(s.env))
		if err != nil {
			return false, err
		}
		if typ != types.OidInt2 && typ != types.OidInt4 && typ != types.OidInt8 {
			if forIdentity {
				return false, pgerr.New(pgerr.InvalidParameterValue, "identity column type must be smallint, integer, or bigint")
			}
			return false, pgerr.New(pgerr.InvalidParameterValue, "sequence type must be smallint, integer, or bigint")
		}
		if !isInit {
			// Bounds that were the old type's limits follow the type.
			oldMin, oldMax := typeBounds(p.TypeOID)
			if p.Increment > 0 && p.Max == oldMax || p.Increment < 0 && p.Max == -1 {
				resetMax = true
			}
			if p.Increment > 0 && p.Min == 1 || p.Increment < 0 && p.Min == oldMin {
				resetMin = true
			}
		}
		p.TypeOID = typ
	} else if isInit && p.TypeOID == 0 {
		// A sequence of a serial or identity column comes with the
		// column's type.
		p.TypeOID = types.OidInt8
	}
	if o.increment != nil {
		if p.Increment, err = defInt64(o.increment); err != nil {
			return false, err
		}
		if p.Increment == 0 {
			return false, pgerr.New(pgerr.InvalidParameterValue, "INCREMENT must not be zero")
		}
		d.LogCnt = 0
	} else if isInit {
		p.Increment = 1
	}
	if o.cycle != nil {
		p.Cycle = o.cycle.Arg.GetBoolean().GetBoolval()
		if n := o.cycle.Arg.GetInteger(); n != nil {
			p.Cycle = n.Ival != 0
		}
		d.LogCnt = 0
	} else if isInit {
		p.Cycle = false
	}
	lo, hi := typeBounds(p.TypeOID)
	if o.maxValue != nil && o.maxValue.Arg != nil {
		if p.Max, err = defInt64(o.maxValue); err != nil {
			return false, err
		}
		d.LogCnt = 0
	} else if isInit || o.maxValue != nil || resetMax {
		if p.Increment > 0 || resetMax {
			p.Max = hi
		} else {
			p.Max = -1
		}
		d.LogCnt = 0
	}
	if p.Max < lo || p.Max > hi {
		return false, pgerr.Newf(pgerr.InvalidParameterValue, "MAXVALUE (%d) is out of range for sequence data type %s", p.Max, types.FormatType(p.TypeOID, -1))
	}
	if o.minValue != nil && o.minValue.Arg != nil {
		if p.Min, err = defInt64(o.minValue); err != nil {
			return false, err
		}
		d.LogCnt = 0
	} else if isInit || o.minValue != nil || resetMin {
		if p.Increment < 0 || resetMin {
			p.Min = lo
		} else {
			p.Min = 1
		}
		d.LogCnt = 0
	}
	if p.Min < lo || p.Min > hi {
		return false, pgerr.Newf(pgerr.InvalidParameterValue, "MINVALUE (%d) is out of range for sequence data type %s", p.Min, types.FormatType(p.TypeOID, -1))
	}
	if p.Min >= p.Max {
		return false, pgerr.Newf(pgerr.InvalidParameterValue, "MINVALUE (%d) must be less than MAXVALUE (%d)", p.Min, p.Max)
	}
	if o.start != nil {
		if p.Start, err = defInt64(o.start); err != nil {
			return false, err
		}
	} else if isInit {
		if p.Increment > 0 {
			p.Start = p.Min
		} else {
			p.Start = p.Max
		}
	}
	if p.Start < p.Min {
		return false, pgerr.Newf(pgerr.InvalidParameterValue, "START value (%d) cannot be less than MINVALUE (%d)", p.Start, p.Min)
	}
	if p.Start > p.Max {
		return false, pgerr.Newf(pgerr.InvalidParameterValue, "START value (%d) cannot be greater than MAXVALUE (%d)", p.Start, p.Max)
	}
	if o.restart != nil {
		if o.restart.Arg != nil {
			if d.LastValue, err = defInt64(o.restart); err != nil {
				return false, err
			}
		} else {
			d.LastValue = p.Start
		}
		d.IsCalled, d.LogCnt = false, 0
		rewrite = true
	} else if isInit {
		d.LastValue, d.IsCalled = p.Start, false
	}
	if d.LastValue < p.Min {
		return false, pgerr.Newf(pgerr.InvalidParameterValue, "RESTART value (%d) cannot be less than MINVALUE (%d)", d.LastValue, p.Min)
	}
	if d.LastValue > p.Max {
		return false, pgerr.Newf(pgerr.InvalidParameterValue, "RESTART value (%d) cannot be greater than MAXVALUE (%d)", d.LastValue, p.Max)
	}
	if o.cache != nil {
		if p.Cache, err = defInt64(o.cache); err != nil {
			return false, err
		}
		if p.Cache <= 0 {
			return false, pgerr.Newf(pgerr.InvalidParameterValue, "CACHE (%d) must be greater than zero", p.Cache)
		}
		d.LogCnt = 0
	} else if isInit {
		p.Cache = 1
	}
	// Any change of the parameters resets log_cnt, which the page keeps.
	if !isInit && d.LogCnt == 0 {
		rewrite = true
	}
	return rewrite, nil
}

// createSequence is DefineSequence.
func (s *sqlCtx) createSequence(st Statement, cs *pg_query.CreateSeqStmt) (string, error) {
	rv := cs.Sequence
	o, err := parseSeqOptions(st.Query, cs.Options, cs.ForIdentity)
	if err != nil {
		return "", err
	}
	nsp, err := s.namespaceForCreate(st.Query, rv)
	if err != nil {
		return "", err
	}
	if err := s.lockName(nsp, rv.Relname); err != nil {
		return "", err
	}
	if oid, err := s.cache.RelationOID(s, nsp, rv.Relname); err != nil {
		return "", err
	} else if oid != 0 {
		if cs.IfNotExists {
			s.notice(pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists, skipping", rv.Relname))
			return "CREATE SEQUENCE", nil
		}
		return "", pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists", rv.Relname)
	}
	var p sequence.Params
	var d sequence.Data
	if _, err := s.initSeqParams(st.Query, o, cs.ForIdentity, true, &p, &d); err != nil {
		return "", err
	}
	relid, err := s.defineSequence(nsp, rv.Relname, p, d, rv.Relpersistence == "u" && !s.isTempNamespace(nsp))
	if err != nil {
		return "", err
	}
	if o.ownedBy != nil {
		s.nextCommand()
		if err := s.processOwnedBy(relid, o.ownedBy); err != nil {
			return "", err
		}
	}
	return "CREATE SEQUENCE", nil
}

// namespaceForCreate is RangeVarGetCreationNamespace with its checks.
func (s *sqlCtx) namespaceForCreate(query string, rv *pg_query.RangeVar) (uint32, error) {
	if rv.Catalogname != "" {
		return 0, pgerr.Newf(pgerr.FeatureNotSupported, "cross-database references are not implemented: \"%s.%s.%s\"",
			rv.Catalogname, rv.Schemaname, rv.Relname).WithPosition(parser.Position(query, rv.Location))
	}
	_, nsp, err := s.tempPersistence(query, rv.Schemaname, rv.Relpersistence, rv.Location, -1)
	if err != nil {
		return 0, err
	}
	if nsp == catalog.PgCatalogNamespace || nsp == catalog.PgToastNamespace {
		nspName, _, _ := s.cache.NamespaceName(s, nsp)
		return 0, pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied to create \"%s.%s\"", nspName, rv.Relname).
			WithDetail("System catalog modifications are currently disallowed.")
	}
	return nsp, nil
}

// defineSequence writes a new sequence's catalog rows (pg_class,
// pg_attribute, pg_sequence, pg_depend on its schema) and its first page;
// an unlogged one (not in a temporary schema) gets its init fork too.
func (s *sqlCtx) defineSequence(nsp uint32, name string, p sequence.Params, d sequence.Data, unlogged bool) (uint32, error) {
	owner, err := s.currentUserOID()
	if err != nil {
		return 0, err
	}
	relid, err := s.newOID()
	if err != nil {
		return 0, err
	}
	loc := storage.RelFileLocator{Spc: catalog.DefaultTablespace, DB: s.db, Rel: relid}
	persistence := byte('p')
	if s.isTempNamespace(nsp) {
		loc.Backend, persistence, unlogged = s.backendID(), 't', false
	} else if unlogged {
		persistence = 'u'
	}
	if err := s.createFile(loc, false); err != nil {
		return 0, err
	}
	if err := s.tx.LockRelation(relid, lmgr.AccessExclusiveLock); err != nil {
		return 0, err
	}
	crow := s.classRow(relid, name, nsp, 0, owner, 0, 'S', 3, 0).
		set("relam", oidD(0)).set("relpages", types.Int(1)).set("reltuples", types.Float4(1)).set("relminmxid", types.Int(0)).
		set("relpersistence", charD(persistence))
	if err := s.insertCatalog(crow); err != nil {
		return 0, err
	}
	for i, a := range sequence.Desc.Attrs {
		attr := catalog.Attribute{Name: a.Name, Type: a.TypeOID, TypMod: -1, Len: a.Len, ByVal: a.ByVal, Align: a.Align,
			Storage: 'p', NotNull: true}
		if err := s.insertCatalog(attributeRow(relid, int16(i+1), &attr, -1)); err != nil {
			return 0, err
		}
	}
	if err := s.insertSystemAttributes(relid); err != nil {
		return 0, err
	}
	row := newCatalogRow(catalog.Lookup("pg_sequence")).set("seqrelid", oidD(relid)).set("seqtypid", oidD(p.TypeOID)).
		set("seqstart", types.Int(p.Start)).set("seqincrement", types.Int(p.Increment)).set("seqmax", types.Int(p.Max)).
		set("seqmin", types.Int(p.Min)).set("seqcache", types.Int(p.Cache)).set("seqcycle", types.Bool(p.Cycle))
	if err := s.insertCatalog(row); err != nil {
		return 0, err
	}
	if err := s.recordDependency(relationAddress(relid), namespaceAddress(nsp), depNormal); err != nil {
		return 0, err
	}
	if unlogged {
		if err := s.createSequenceInitFork(loc, d); err != nil {
			return 0, err
		}
	}
	if err := s.eng.Sequences.Create(loc, d, unlogged); err != nil {
		return 0, err
	}
	s.cache.InvalidateClassName(nsp, name)
	s.cache.InvalidateRelation(relid, false)
	return relid, nil
}

// processOwnedBy is process_owned_by: OWNED BY table.column makes the
// sequence go with the column; OWNED BY NONE ends that.
func (s *sqlCtx) processOwnedBy(seqid uint32, d *pg_query.DefElem) error {
	var names []string
	for _, n := range d.Arg.GetList().GetItems() {
		names = append(names, n.GetString_().GetSval())
	}
	seq, err := s.cache.RelationByOID(s, seqid)
	if err != nil {
		return err
	}
	var target objectAddress
	if len(names) == 1 {
		if names[0] != "none" {
			return pgerr.New(pgerr.SyntaxError, "invalid OWNED BY option").
				WithHint("Specify OWNED BY table.column or OWNED BY NONE.")
		}
	} else {
		col := names[len(names)-1]
		relNames := names[:len(names)-1]
		schema, relName := "", relNames[len(relNames)-1]
		if len(relNames) >= 2 {
			schema = relNames[len(relNames)-2]
		}
		rel, err := s.openRelation(schema, relName, lmgr.AccessShareLock, true)
		if err != nil {
			return err
		}
		if rel == nil {
			full := relName
			if schema != "" {
				full = schema + "." + relName
			}
			return pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", full)
		}
		switch rel.Kind {
		case 'r', 'f', 'v', 'p':
		default:
			return pgerr.Newf(pgerr.WrongObjectType, "sequence cannot be owned by relation \"%s\"", rel.Name).
				WithDetail("%s", relkindNotSupported(rel.Kind))
		}
		if rel.Owner != seq.Owner {
			return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "sequence must have same owner as table it is linked to")
		}
		if rel.Namespace != seq.Namespace {
			return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "sequence must be in same schema as table it is linked to")
		}
		attnum := 0
		for i, a := range rel.Attrs {
			if a.Name == col && !a.Dropped {
				attnum = i + 1
			}
		}
		if attnum == 0 {
			return pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", col, rel.Name)
		}
		target = columnAddress(rel.OID, int16(attnum))
	}
	// Replace the sequence's AUTO dependency on a column.
	c := catalog.Lookup("pg_depend")
	iClass, iObj, iRefClass, iType := c.Column("classid"), c.Column("objid"), c.Column("refclassid"), c.Column("deptype")
	if err := s.deleteCatalogRows(c, func(row []types.Datum) bool {
		return uint32(row[iClass].Int()) == catalog.RelationRelationID && uint32(row[iObj].Int()) == seqid &&
			uint32(row[iRefClass].Int()) == catalog.RelationRelationID && byte(row[iType].Int()) == depAuto
	}); err != nil {
		return err
	}
	if target.objID != 0 {
		return s.recordDependency(relationAddress(seqid), target, depAuto)
	}
	return nil
}

// relkindNotSupported is errdetail_relkind_not_supported.
func relkindNotSupported(kind byte) string {
	what := map[byte]string{'r': "tables", 'i': "indexes", 'S': "sequences", 't': "TOAST tables", 'v': "views",
		'm': "materialized views", 'c': "composite types", 'f': "foreign tables", 'p': "partitioned tables",
		'I': "partitioned indexes"}[kind]
	return "This operation is not supported for " + what + "."
}

// sequenceParams reads a sequence's pg_sequence row.
func (s *sqlCtx) sequenceParams(relid uint32) (sequence.Params, bool, error) {
	if p, ok := s.seqParams[relid]; ok {
		return p, true, nil
	}
	c := catalog.Lookup("pg_sequence")
	iRel, iTyp, iStart, iInc := c.Column("seqrelid"), c.Column("seqtypid"), c.Column("seqstart"), c.Column("seqincrement")
	iMax, iMin, iCache, iCycle := c.Column("seqmax"), c.Column("seqmin"), c.Column("seqcache"), c.Column("seqcycle")
	var p sequence.Params
	found := false
	err := s.ScanCatalog(c, func(row []types.Datum) (bool, error) {
		if uint32(row[iRel].Int()) != relid {
			return true, nil
		}
		p = sequence.Params{TypeOID: uint32(row[iTyp].Int()), Start: row[iStart].Int(), Increment: row[iInc].Int(),
			Max: row[iMax].Int(), Min: row[iMin].Int(), Cache: row[iCache].Int(), Cycle: row[iCycle].Bool()}
		found = true
		return false, nil
	})
	if err == nil && found {
		if s.seqParams == nil {
			s.seqParams = map[uint32]sequence.Params{}
		}
		s.seqParams[relid] = p
	}
	return p, found, err
}

// openSequence locks a sequence for nextval and friends and returns it
// (lock_and_open_sequence, init_sequence).
func (s *sqlCtx) openSequence(relid uint32) (*catalog.Relation, sequence.Params, error) {
	if err := s.lock(relid, lmgr.RowExclusiveLock); err != nil {
		return nil, sequence.Params{}, err
	}
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil {
		return nil, sequence.Params{}, err
	}
	if rel == nil {
		return nil, sequence.Params{}, pgerr.Newf(pgerr.UndefinedTable, "could not open relation with OID %d", relid)
	}
	if rel.Kind != 'S' {
		return nil, sequence.Params{}, pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a sequence", rel.Name)
	}
	p, ok, err := s.sequenceParams(relid)
	if err != nil {
		return nil, p, err
	}
	if !ok {
		return nil, p, pgerr.Newf(pgerr.InternalError, "cache lookup failed for sequence %d", relid)
	}
	return rel, p, nil
}

// topXid makes the transaction assign its xid, so that its commit flushes
// the WAL a sequence change wrote (GetTopTransactionId).
func (s *sqlCtx) topXid() error {
	_, err := s.tx.TopXidAssign()
	return err
}

// Nextval implements nextval(regclass).
func (n names) Nextval(relid uint32) (int64, error) {
	s := n.s
	if err := s.requireWritable("nextval()"); err != nil {
		return 0, err
	}
	rel, p, err := s.openSequence(relid)
	if err != nil {
		return 0, err
	}
	// Its page reads count for it (pg_statio_*_sequences).
	s.relStatsOf(rel)
	p.Unlogged = rel.Persistence == 'u'
	return s.eng.Sequences.Nextval(relid, rel.Locator(s.db), rel.Name, p, s.topXid)
}

// Currval implements currval(regclass).
func (n names) Currval(relid uint32) (int64, error) {
	s := n.s
	rel, _, err := s.openSequence(relid)
	if err != nil {
		return 0, err
	}
	return s.eng.Sequences.Currval(relid, rel.Name)
}

// Setval implements setval(regclass, bigint [, boolean]).
func (n names) Setval(relid uint32, value int64, isCalled bool) (int64, error) {
	s := n.s
	if err := s.requireWritable("setval()"); err != nil {
		return 0, err
	}
	rel, p, err := s.openSequence(relid)
	if err != nil {
		return 0, err
	}
	s.relStatsOf(rel)
	p.Unlogged = rel.Persistence == 'u'
	return value, s.eng.Sequences.Setval(relid, rel.Locator(s.db), rel.Name, p, value, isCalled, s.topXid)
}

// Lastval implements lastval().
func (n names) Lastval() (int64, error) {
	s := n.s
	v, relid, err := s.eng.Sequences.Lastval()
	if err != nil {
		return 0, err
	}
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil {
		return 0, err
	}
	if rel == nil {
		return 0, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "lastval is not yet defined in this session")
	}
	return v, nil
}

// requireWritable refuses sequence changes in a read-only transaction.
func (s *sqlCtx) requireWritable(what string) error {
	if v, found, err := s.env.GetConfig("transaction_read_only", true); err == nil && found && v == "on" {
		return pgerr.Newf(pgerr.ReadOnlySqlTransaction, "cannot execute %s in a read-only transaction", what)
	}
	return nil
}

// alterSequence is AlterSequence.
func (s *sqlCtx) alterSequence(st Statement, as *pg_query.AlterSeqStmt) (string, error) {
	rv := as.Sequence
	rel, err := s.openRelation(rv.Schemaname, rv.Relname, lmgr.ShareRowExclusiveLock, true)
	if err != nil {
		return "", err
	}
	if rel == nil {
		full := rangeVarName(rv)
		if as.MissingOk {
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "relation \"%s\" does not exist, skipping", full))
			return "ALTER SEQUENCE", nil
		}
		return "", pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", full)
	}
	if rel.Kind != 'S' {
		return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a sequence", rel.Name)
	}
	o, err := parseSeqOptions(st.Query, as.Options, as.ForIdentity)
	if err != nil {
		return "", err
	}
	p, ok, err := s.sequenceParams(rel.OID)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", pgerr.Newf(pgerr.InternalError, "cache lookup failed for sequence %d", rel.OID)
	}
	loc := rel.Locator(s.db)
	d, err := s.eng.Sequences.Read(loc)
	if err != nil {
		return "", err
	}
	old := d
	rewrite, err := s.initSeqParams(st.Query, o, as.ForIdentity, false, &p, &d)
	if err != nil {
		return "", err
	}
	delete(s.seqParams, rel.OID)
	s.eng.Sequences.Forget(rel.OID)
	if rewrite || d != old {
		// A new file makes the change transactional, as in PostgreSQL.
		if err := s.newRelFileNode(rel); err != nil {
			return "", err
		}
		s.nextCommand()
		rel, err = s.cache.RelationByOID(s, rel.OID)
		if err != nil {
			return "", err
		}
		unlogged := rel.Persistence == 'u'
		if unlogged {
			if err := s.createSequenceInitFork(rel.Locator(s.db), d); err != nil {
				return "", err
			}
		}
		if err := s.eng.Sequences.Create(rel.Locator(s.db), d, unlogged); err != nil {
			return "", err
		}
	}
	c := catalog.Lookup("pg_sequence")
	iRel := c.Column("seqrelid")
	if err := s.updateCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iRel].Int()) == rel.OID }, func(r []types.Datum) {
		r[c.Column("seqtypid")] = oidD(p.TypeOID)
		r[c.Column("seqstart")] = types.Int(p.Start)
		r[c.Column("seqincrement")] = types.Int(p.Increment)
		r[c.Column("seqmax")] = types.Int(p.Max)
		r[c.Column("seqmin")] = types.Int(p.Min)
		r[c.Column("seqcache")] = types.Int(p.Cache)
		r[c.Column("seqcycle")] = types.Bool(p.Cycle)
	}); err != nil {
		return "", err
	}
	s.cache.InvalidateRelation(rel.OID, false)
	if o.ownedBy != nil {
		s.nextCommand()
		if err := s.processOwnedBy(rel.OID, o.ownedBy); err != nil {
			return "", err
		}
	}
	return "ALTER SEQUENCE", nil
}

// deleteSequenceTuple is DeleteSequenceTuple.
func (s *sqlCtx) deleteSequenceTuple(relid uint32) error {
	c := catalog.Lookup("pg_sequence")
	iRel := c.Column("seqrelid")
	return s.deleteCatalogRowsOf(c, relid, func(r []types.Datum) bool { return uint32(r[iRel].Int()) == relid })
}

// serialSequenceName is ChooseRelationName(table, column, "seq", nsp): the
// first free name of the form table_column_seq[N], each part truncated
// to fit NAMEDATALEN.
func (s *sqlCtx) serialSequenceName(table, column string, nsp uint32, taken map[string]bool) (string, error) {
	for pass := 0; ; pass++ {
		label := "seq"
		if pass > 0 {
			label = "seq" + strconv.Itoa(pass)
		}
		name := makeObjectName(table, column, label)
		if taken[name] {
			continue
		}
		oid, err := s.cache.RelationOID(s, nsp, name)
		if err != nil {
			return "", err
		}
		if oid == 0 {
			return name, nil
		}
	}
}

// makeObjectName is makeObjectName: name1_name2_label, shortening the
// longer of name1 and name2 until it fits in 63 bytes.
func makeObjectName(name1, name2, label string) string {
	overhead := len(label) + 1
	if name2 != "" {
		overhead++
	}
	avail := 63 - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	name1 = clipUTF8(name1, n1)
	name2 = clipUTF8(name2, n2)
	parts := []string{name1}
	if name2 != "" {
		parts = append(parts, name2)
	}
	parts = append(parts, label)
	return strings.Join(parts, "_")
}

// clipUTF8 is pg_mbcliplen: at most n bytes, not splitting a character.
func clipUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// SequenceLastValue implements pg_sequence_last_value.
func (n names) SequenceLastValue(relid uint32) (int64, bool, error) {
	s := n.s
	if err := s.lock(relid, lmgr.AccessShareLock); err != nil {
		return 0, false, err
	}
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil {
		return 0, false, err
	}
	if rel == nil || rel.Kind != 'S' {
		name := "?"
		if rel != nil {
			name = rel.Name
		}
		return 0, false, pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a sequence", name)
	}
	d, err := s.eng.Sequences.Read(rel.Locator(s.db))
	if err != nil || !d.IsCalled {
		return 0, false, err
	}
	return d.LastValue, true, nil
}

// SerialSequence implements pg_get_serial_sequence: the table name is read
// as regclass input reads it (qualified, case-folded unless quoted), the
// column name literally.
func (n names) SerialSequence(table, column string) (string, bool, error) {
	s := n.s
	d, err := types.ParseText(types.OidRegclass, -1, table, FormatOptions(s.env))
	if err != nil {
		return "", false, err
	}
	relid := uint32(d.Int())
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil {
		return "", false, err
	}
	if rel == nil {
		return "", false, pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", table)
	}
	attnum := 0
	for i, a := range rel.Attrs {
		if a.Name == column && !a.Dropped {
			attnum = i + 1
		}
	}
	if attnum == 0 {
		return "", false, pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", column, rel.Name)
	}
	col := columnAddress(relid, int16(attnum))
	deps, err := s.scanDepend(func(r dependRow) bool {
		return r.ref == col && r.dep.classID == catalog.RelationRelationID && (r.deptype == depAuto || r.deptype == depInternal)
	})
	if err != nil {
		return "", false, err
	}
	for _, r := range deps {
		seq, err := s.cache.RelationByOID(s, r.dep.objID)
		if err != nil {
			return "", false, err
		}
		if seq != nil && seq.Kind == 'S' {
			return builtins.QuoteIdent(seq.NamespaceName) + "." + builtins.QuoteIdent(seq.Name), true, nil
		}
	}
	return "", false, nil
}

// DescribeObject implements pg_describe_object.
func (n names) DescribeObject(classID, objID uint32, subID int32) (string, error) {
	return n.s.describeObject(objectAddress{classID: classID, objID: objID, subID: subID})
}
