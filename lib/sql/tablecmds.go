// ALTER TABLE and the renames and schema moves of relations (PostgreSQL's
// commands/tablecmds.c): adding, dropping and renaming columns, their
// defaults, NOT NULL and types (rewriting the table when stored values
// change), the owner, the name and the schema of a table or sequence.

package sql

import (
	"slices"
	"sort"

	"strconv"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// systemColumnNames are the names a user column may not take.
var systemColumnNames = map[string]bool{"ctid": true, "xmin": true, "cmin": true, "xmax": true, "cmax": true, "tableoid": true}

// openForAlter opens the relation an ALTER names, locked, checking its
// kind. A missing relation is nil without error when missingOK (after a
// notice).
func (s *sqlCtx) openForAlter(rv *pg_query.RangeVar, missingOK bool, kind byte, mode lmgr.LockMode) (*catalog.Relation, error) {
	rel, err := s.openRelation(rv.Schemaname, rv.Relname, mode, true)
	if err != nil {
		return nil, err
	}
	full := rangeVarName(rv)
	if rel == nil {
		if missingOK {
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "relation \"%s\" does not exist, skipping", full))
			return nil, nil
		}
		return nil, pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", full)
	}
	if isSystemClass(rel) {
		return nil, pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied: \"%s\" is a system catalog", rel.Name)
	}
	if kind == 'r' && rel.Kind == 'c' {
		return nil, pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is a composite type", rel.Name).WithHint("Use ALTER TYPE instead.")
	}
	// ALTER TABLE works on other relation kinds too (RangeVarCallbackForAlterRelation);
	// here on materialized views, whose subcommands alterTable checks.
	if kind != 0 && rel.Kind != kind && !(kind == 'r' && rel.Kind == 'm') {
		return nil, pgerr.Newf(pgerr.WrongObjectType, relationKinds[kind].notA, rel.Name)
	}
	return rel, nil
}

// columnNumber finds a live column by name (0: none).
func columnNumber(rel *catalog.Relation, name string) int16 {
	for i, a := range rel.Attrs {
		if !a.Dropped && a.Name == name {
			return int16(i + 1)
		}
	}
	return 0
}

// nextCommand makes the statement's catalog changes so far visible to
// what follows.
func (s *sqlCtx) nextCommand() {
	s.tx.CommandCounterIncrement()
	s.cache.CommandEnd()
}

// relationKind is the relkind an ALTER, RENAME or COMMENT of object type
// t works on ('r', 'S', 'v', 'm'), 0 for other object types.
func relationKind(t pg_query.ObjectType) byte {
	switch t {
	case pg_query.ObjectType_OBJECT_TABLE:
		return 'r'
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		return 'S'
	case pg_query.ObjectType_OBJECT_VIEW:
		return 'v'
	case pg_query.ObjectType_OBJECT_MATVIEW:
		return 'm'
	case pg_query.ObjectType_OBJECT_INDEX:
		return 'i'
	}
	return 0
}

// indexStatisticsOnly reports whether an ALTER INDEX's subcommands are
// all ALTER COLUMN ... SET STATISTICS.
func indexStatisticsOnly(cmds []*pg_query.Node) bool {
	for _, c := range cmds {
		if c.GetAlterTableCmd().GetSubtype() != pg_query.AlterTableType_AT_SetStatistics {
			return false
		}
	}
	return len(cmds) > 0
}

// alterIndexStatistics is ALTER INDEX ... ALTER COLUMN n SET STATISTICS:
// the statistics target of an index's expression column, which ANALYZE
// samples (ATExecSetStatistics).
func (s *sqlCtx) alterIndexStatistics(at *pg_query.AlterTableStmt) error {
	rel, err := s.openForAlter(at.Relation, at.MissingOk, 'i', lmgr.ShareUpdateExclusiveLock)
	if err != nil || rel == nil {
		return err
	}
	if rel.Index == nil {
		return pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not an index", rel.Name)
	}
	for _, n := range at.Cmds {
		cmd := n.GetAlterTableCmd()
		target, err := s.statisticsTarget(cmd)
		if err != nil {
			return err
		}
		attnum := int(cmd.Num)
		if cmd.Name != "" {
			attnum = 0
			for i, a := range rel.Attrs {
				if a.Name == cmd.Name {
					attnum = i + 1
				}
			}
			if attnum == 0 {
				return pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", cmd.Name, rel.Name)
			}
		} else if attnum < 1 || attnum > len(rel.Attrs) {
			return pgerr.Newf(pgerr.UndefinedColumn, "column number %d of relation \"%s\" does not exist", attnum, rel.Name)
		}
		name := rel.Attrs[attnum-1].Name
		if attnum > rel.Index.NKeyAtts {
			return pgerr.Newf(pgerr.FeatureNotSupported, "cannot alter statistics on included column \"%s\" of index \"%s\"", name, rel.Name)
		}
		if rel.Index.Keys[attnum-1] != 0 {
			return pgerr.Newf(pgerr.FeatureNotSupported, "cannot alter statistics on non-expression column \"%s\" of index \"%s\"", name, rel.Name).
				WithHint("Alter statistics on table column instead.")
		}
		if err := s.updateAttribute(rel.OID, int16(attnum), func(r []types.Datum, c *catalog.Catalog) {
			r[c.Column("attstattarget")] = types.Int(int64(target))
		}); err != nil {
			return err
		}
	}
	return nil
}

// alterTable is AlterTable: the subcommands run in order, each seeing the
// ones before.
func (s *sqlCtx) alterTable(st Statement, at *pg_query.AlterTableStmt) (string, error) {
	tag := parser.CommandTag(st.Node())
	kind := relationKind(at.Objtype)
	if kind == 'i' && indexStatisticsOnly(at.Cmds) {
		return tag, s.alterIndexStatistics(at)
	}
	if kind == 'i' {
		// Of ALTER INDEX's subcommands only SET STATISTICS is done; the
		// table ones are refused as ATSimplePermissions refuses them.
		for _, n := range at.Cmds {
			if action := tableOnlyActions[n.GetAlterTableCmd().GetSubtype()]; action != "" {
				rel, err := s.openForAlter(at.Relation, at.MissingOk, 'i', lmgr.AccessExclusiveLock)
				if err != nil || rel == nil {
					return tag, err
				}
				return "", pgerr.Newf(pgerr.WrongObjectType, "ALTER action %s cannot be performed on relation \"%s\"", action, rel.Name).
					WithDetail("%s", relkindNotSupported('i'))
			}
		}
	}
	if kind == 0 || kind == 'i' {
		return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", tag)
	}
	openKind := kind
	if kind == 'r' {
		// ALTER TABLE also changes views, with the subcommands a view
		// takes (ATSimplePermissions).
		openKind = 0
	}
	rel, err := s.openForAlter(at.Relation, at.MissingOk, openKind, lmgr.AccessExclusiveLock)
	if err != nil || rel == nil {
		return tag, err
	}
	if err := s.checkNoPendingEvents(rel, "ALTER TABLE"); err != nil {
		return "", err
	}
	if rel.Kind == 'm' {
		if err := checkMatViewAlter(tag, rel, at.Cmds); err != nil {
			return "", err
		}
	}
	if kind == 'r' && rel.Kind == 'c' {
		return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is a composite type", rel.Name).WithHint("Use ALTER TYPE instead.")
	}
	if kind == 'r' && rel.Kind == 'S' {
		// ALTER TABLE of a sequence: OWNER TO (pg_dump's scripts change a
		// sequence's owner so) runs as ALTER SEQUENCE's; the other
		// subcommands are refused below.
		kind = 'S'
	}
	if kind == 'r' && rel.Kind != 'r' && rel.Kind != 'm' {
		if rel.Kind != 'v' {
			if len(at.Cmds) > 0 {
				// SET LOGGED / UNLOGGED of an index: ATSimplePermissions'
				// message, as PostgreSQL gives it.
				switch sub := at.Cmds[0].GetAlterTableCmd().Subtype; sub {
				case pg_query.AlterTableType_AT_SetLogged, pg_query.AlterTableType_AT_SetUnLogged:
					return "", pgerr.Newf(pgerr.WrongObjectType, "ALTER action %s cannot be performed on relation \"%s\"", tableOnlyActions[sub], rel.Name).
						WithDetail("%s", relkindNotSupported(rel.Kind))
				}
			}
			return "", pgerr.Newf(pgerr.WrongObjectType, relationKinds['r'].notA, rel.Name)
		}
		kind = 'v'
	}
	for _, n := range at.Cmds {
		cmd := n.GetAlterTableCmd()
		if kind == 'S' && (cmd.Subtype == pg_query.AlterTableType_AT_SetLogged || cmd.Subtype == pg_query.AlterTableType_AT_SetUnLogged) {
			if err := s.setSequencePersistence(rel, cmd.Subtype == pg_query.AlterTableType_AT_SetLogged); err != nil {
				return "", err
			}
			s.nextCommand()
			if rel, err = s.cache.RelationByOID(s, rel.OID); err != nil {
				return "", err
			}
			continue
		}
		if kind == 'S' && cmd.Subtype != pg_query.AlterTableType_AT_ChangeOwner {
			if action := tableOnlyActions[cmd.Subtype]; action != "" {
				return "", pgerr.Newf(pgerr.WrongObjectType, "ALTER action %s cannot be performed on relation \"%s\"", action, rel.Name).
					WithDetail("This operation is not supported for sequences.")
			}
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", tag)
		}
		if kind == 'v' {
			// Of ALTER VIEW, the options and the columns' defaults.
			switch cmd.Subtype {
			case pg_query.AlterTableType_AT_SetRelOptions, pg_query.AlterTableType_AT_ResetRelOptions:
				err = s.alterViewOptions(rel, cmd)
			case pg_query.AlterTableType_AT_ColumnDefault:
				err = s.setColumnDefault(st, rel, cmd.Name, cmd.Def)
			case pg_query.AlterTableType_AT_ChangeOwner:
				err = s.alterTableCmd(st, rel, cmd)
			default:
				action := tableOnlyActions[cmd.Subtype]
				if action == "" {
					action = columnStorageActions[cmd.Subtype]
				}
				if action != "" {
					err = pgerr.Newf(pgerr.WrongObjectType, "ALTER action %s cannot be performed on relation \"%s\"", action, rel.Name).
						WithDetail("This operation is not supported for views.")
				} else {
					err = pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", tag)
				}
			}
			if err != nil {
				return "", err
			}
			s.nextCommand()
			if rel, err = s.cache.RelationByOID(s, rel.OID); err != nil {
				return "", err
			}
			continue
		}
		fileNode := rel.FileNode
		if err := s.alterTableCmd(st, rel, cmd); err != nil {
			return "", err
		}
		s.nextCommand()
		if rel, err = s.cache.RelationByOID(s, rel.OID); err != nil {
			return "", err
		}
		if rel.FileNode != fileNode && len(rel.Indexes) > 0 {
			// The table was rewritten (rewriteTable): its rows moved, so
			// its indexes are built again over the new file.
			if err := s.reindexRelation(rel, true); err != nil {
				return "", err
			}
			s.nextCommand()
		}
	}
	return tag, nil
}

func (s *sqlCtx) alterTableCmd(st Statement, rel *catalog.Relation, cmd *pg_query.AlterTableCmd) error {
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_AddColumn, pg_query.AlterTableType_AT_AlterColumnType:
		// Stored values of the table's row type would need converting.
		if cmd.Subtype == pg_query.AlterTableType_AT_AlterColumnType {
			if err := s.checkCompositeUse(rel); err != nil {
				return err
			}
		}
		if cd := cmd.Def.GetColumnDef(); cd != nil && cd.TypeName != nil {
			if err := s.checkNotMemberOfItself(st, rel, cd); err != nil {
				return err
			}
		}
	}
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_AddColumn:
		return s.addColumn(st, rel, cmd.Def.GetColumnDef(), cmd.MissingOk)
	case pg_query.AlterTableType_AT_DropColumn:
		return s.dropColumn(rel, cmd.Name, cmd.MissingOk, cmd.Behavior == pg_query.DropBehavior_DROP_CASCADE)
	case pg_query.AlterTableType_AT_ColumnDefault:
		return s.setColumnDefault(st, rel, cmd.Name, cmd.Def)
	case pg_query.AlterTableType_AT_SetNotNull:
		return s.setNotNull(rel, cmd.Name, true)
	case pg_query.AlterTableType_AT_DropNotNull:
		return s.setNotNull(rel, cmd.Name, false)
	case pg_query.AlterTableType_AT_AlterColumnType:
		return s.alterColumnType(st, rel, cmd.Name, cmd.Def.GetColumnDef())
	case pg_query.AlterTableType_AT_AddIdentity:
		return s.addIdentity(st, rel, cmd.Name, cmd.Def.GetConstraint())
	case pg_query.AlterTableType_AT_SetIdentity:
		return s.setIdentity(st, rel, cmd.Name, cmd.Def)
	case pg_query.AlterTableType_AT_DropIdentity:
		return s.dropIdentity(rel, cmd.Name, cmd.MissingOk)
	case pg_query.AlterTableType_AT_AddConstraint:
		c := cmd.Def.GetConstraint()
		if isKeyConstraint(c) {
			if rel.Kind != 'r' {
				return pgerr.Newf(pgerr.WrongObjectType, "cannot create index on relation \"%s\"", rel.Name)
			}
			hasPK, err := s.hasPrimaryKey(rel)
			if err != nil {
				return err
			}
			if c.Indexname != "" {
				return s.addKeyConstraintUsingIndex(st.Query, rel, c)
			}
			keys := []pendingKey{{c: c}}
			if err := checkKeyConstraints("", keys, hasPK, rel.Name); err != nil {
				return err
			}
			return s.addKeyConstraints("", rel, keys)
		}
		if c.Contype == pg_query.ConstrType_CONSTR_FOREIGN {
			if rel.Kind != 'r' {
				return pgerr.Newf(pgerr.WrongObjectType, "ALTER action ADD CONSTRAINT cannot be performed on relation \"%s\"", rel.Name)
			}
			return s.addForeignKeys(rel.OID, []pendingForeignKey{{c: c}}, true)
		}
		if c.Contype != pg_query.ConstrType_CONSTR_CHECK {
			return pgerr.Newf(pgerr.FeatureNotSupported, "%s constraints are not supported yet", constraintName(c.Contype))
		}
		return s.addCheckConstraints(st, rel, []pendingCheck{{c: c}}, true)
	case pg_query.AlterTableType_AT_DropConstraint:
		return s.dropConstraint(rel, cmd.Name, cmd.MissingOk, cmd.Behavior == pg_query.DropBehavior_DROP_CASCADE)
	case pg_query.AlterTableType_AT_ValidateConstraint:
		return s.validateConstraint(rel, cmd.Name)
	case pg_query.AlterTableType_AT_SetStatistics:
		return s.setStatistics(rel, cmd)
	case pg_query.AlterTableType_AT_SetLogged, pg_query.AlterTableType_AT_SetUnLogged:
		return s.setTablePersistence(rel, cmd.Subtype == pg_query.AlterTableType_AT_SetLogged)
	case pg_query.AlterTableType_AT_SetRelOptions, pg_query.AlterTableType_AT_ResetRelOptions:
		return s.alterTableOptions(rel, cmd)
	case pg_query.AlterTableType_AT_ClusterOn:
		return s.clusterOn(rel, cmd.Name)
	case pg_query.AlterTableType_AT_DropCluster:
		return s.markClustered(rel, 0)
	case pg_query.AlterTableType_AT_ChangeOwner:
		owner, _, err := s.roleOID(cmd.Newowner)
		if err != nil {
			return err
		}
		return s.changeRelationOwner(rel, owner)
	}
	if handled, err := s.alterTableMoreCmd(rel, cmd); handled {
		return err
	}
	return pgerr.Newf(pgerr.FeatureNotSupported, "ALTER TABLE subcommand %s is not supported yet",
		cmd.Subtype.String())
}

// tableOnlyActions name the ALTER TABLE subcommands that only tables
// take, as alter_table_type_to_string does.
var tableOnlyActions = map[pg_query.AlterTableType]string{
	pg_query.AlterTableType_AT_AddColumn:          "ADD COLUMN",
	pg_query.AlterTableType_AT_DropColumn:         "DROP COLUMN",
	pg_query.AlterTableType_AT_ColumnDefault:      "ALTER COLUMN ... SET DEFAULT",
	pg_query.AlterTableType_AT_SetNotNull:         "ALTER COLUMN ... SET NOT NULL",
	pg_query.AlterTableType_AT_DropNotNull:        "ALTER COLUMN ... DROP NOT NULL",
	pg_query.AlterTableType_AT_AlterColumnType:    "ALTER COLUMN ... SET DATA TYPE",
	pg_query.AlterTableType_AT_AddIdentity:        "ALTER COLUMN ... ADD IDENTITY",
	pg_query.AlterTableType_AT_SetIdentity:        "ALTER COLUMN ... SET",
	pg_query.AlterTableType_AT_DropIdentity:       "ALTER COLUMN ... DROP IDENTITY",
	pg_query.AlterTableType_AT_AddConstraint:      "ADD CONSTRAINT",
	pg_query.AlterTableType_AT_DropConstraint:     "DROP CONSTRAINT",
	pg_query.AlterTableType_AT_ValidateConstraint: "VALIDATE CONSTRAINT",
	pg_query.AlterTableType_AT_SetStatistics:      "ALTER COLUMN ... SET STATISTICS",
	pg_query.AlterTableType_AT_SetLogged:          "SET LOGGED",
	pg_query.AlterTableType_AT_SetUnLogged:        "SET UNLOGGED",
	pg_query.AlterTableType_AT_ClusterOn:          "CLUSTER ON",
	pg_query.AlterTableType_AT_DropCluster:        "SET WITHOUT CLUSTER",
	// Those of altertablemore.go that only tables and materialized
	// views take (not SET STORAGE, SET COMPRESSION, column options and
	// SET TABLESPACE, which indexes or views take too, or gpostgres
	// refuses for materialized views).
	pg_query.AlterTableType_AT_EnableTrig:        "ENABLE TRIGGER",
	pg_query.AlterTableType_AT_EnableAlwaysTrig:  "ENABLE ALWAYS TRIGGER",
	pg_query.AlterTableType_AT_EnableReplicaTrig: "ENABLE REPLICA TRIGGER",
	pg_query.AlterTableType_AT_DisableTrig:       "DISABLE TRIGGER",
	pg_query.AlterTableType_AT_EnableTrigAll:     "ENABLE TRIGGER ALL",
	pg_query.AlterTableType_AT_DisableTrigAll:    "DISABLE TRIGGER ALL",
	pg_query.AlterTableType_AT_EnableTrigUser:    "ENABLE TRIGGER USER",
	pg_query.AlterTableType_AT_DisableTrigUser:   "DISABLE TRIGGER USER",
	pg_query.AlterTableType_AT_DropExpression:    "ALTER COLUMN ... DROP EXPRESSION",
	pg_query.AlterTableType_AT_DropOids:          "SET WITHOUT OIDS",
	pg_query.AlterTableType_AT_AlterConstraint:   "ALTER CONSTRAINT",
	pg_query.AlterTableType_AT_ReplicaIdentity:   "REPLICA IDENTITY",
	pg_query.AlterTableType_AT_SetAccessMethod:   "SET ACCESS METHOD",
}

// columnStorageActions are the subcommands tables, materialized views
// and indexes take but views do not, as ATWrongRelkindError names them.
var columnStorageActions = map[pg_query.AlterTableType]string{
	pg_query.AlterTableType_AT_SetStorage:     "ALTER COLUMN ... SET STORAGE",
	pg_query.AlterTableType_AT_SetCompression: "ALTER COLUMN ... SET COMPRESSION",
}

// checkMatViewAlter refuses, before any runs, the subcommands of an ALTER
// of a materialized view other than OWNER TO (ATSimplePermissions'
// ATWrongRelkindError for what PostgreSQL refuses too, 0A000 for what it
// takes and gpostgres does not do yet).
func checkMatViewAlter(tag string, rel *catalog.Relation, cmds []*pg_query.Node) error {
	for _, n := range cmds {
		cmd := n.GetAlterTableCmd()
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_ChangeOwner, pg_query.AlterTableType_AT_SetStatistics,
			pg_query.AlterTableType_AT_ClusterOn, pg_query.AlterTableType_AT_DropCluster,
			pg_query.AlterTableType_AT_SetRelOptions, pg_query.AlterTableType_AT_ResetRelOptions,
			pg_query.AlterTableType_AT_SetOptions, pg_query.AlterTableType_AT_ResetOptions,
			pg_query.AlterTableType_AT_ReplicaIdentity, pg_query.AlterTableType_AT_SetAccessMethod,
			pg_query.AlterTableType_AT_SetTableSpace,
			pg_query.AlterTableType_AT_SetStorage, pg_query.AlterTableType_AT_SetCompression:
			// Subcommands PostgreSQL takes for materialized views too
			// (ATSimplePermissions with ATT_MATVIEW). SET STORAGE and SET
			// COMPRESSION apply to the rows REFRESH stores from then on,
			// as to a table's new rows.
			continue
		}
		if action, ok := tableOnlyActions[cmd.Subtype]; ok {
			return pgerr.Newf(pgerr.WrongObjectType, "ALTER action %s cannot be performed on relation \"%s\"", action, rel.Name).
				WithDetail("%s", relkindNotSupported(rel.Kind))
		}
		return pgerr.Newf(pgerr.FeatureNotSupported, "%s subcommand %s is not supported yet", tag, cmd.Subtype.String())
	}
	return nil
}

// alterColumn finds the column an ALTER COLUMN names.
func (s *sqlCtx) alterColumn(rel *catalog.Relation, name string) (int16, error) {
	if systemColumnNames[name] {
		return 0, pgerr.Newf(pgerr.FeatureNotSupported, "cannot alter system column \"%s\"", name)
	}
	n := columnNumber(rel, name)
	if n == 0 {
		return 0, pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, rel.Name)
	}
	return n, nil
}

// updateAttribute changes column attnum's pg_attribute row.
func (s *sqlCtx) updateAttribute(relid uint32, attnum int16, change func(row []types.Datum, c *catalog.Catalog)) error {
	c := catalog.Lookup("pg_attribute")
	iRel, iNum := c.Column("attrelid"), c.Column("attnum")
	err := s.updateCatalogRow(c, func(r []types.Datum) bool {
		return uint32(r[iRel].Int()) == relid && int16(r[iNum].Int()) == attnum
	}, func(r []types.Datum) { change(r, c) })
	s.cache.InvalidateRelation(relid, false)
	return err
}

// setAttributeType gives a pg_attribute row the type typ(typmod): its
// type, length, passing, alignment and storage.
func setAttributeType(r []types.Datum, c *catalog.Catalog, typ uint32, typmod int32, t *types.Type) {
	r[c.Column("atttypid")] = oidD(typ)
	r[c.Column("atttypmod")] = types.Int(int64(typmod))
	r[c.Column("attlen")] = types.Int(int64(t.Len))
	r[c.Column("attbyval")] = types.Bool(t.ByVal)
	r[c.Column("attalign")] = charD(t.Align)
	r[c.Column("attstorage")] = charD(typeStorage(typ, t))
}

// updateClass changes relation relid's pg_class row.
func (s *sqlCtx) updateClass(relid uint32, change func(row []types.Datum, c *catalog.Catalog)) error {
	c := catalog.Lookup("pg_class")
	iOID := c.Column("oid")
	err := s.updateCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == relid },
		func(r []types.Datum) { change(r, c) })
	s.cache.InvalidateRelation(relid, false)
	return err
}

// updateType changes type oid's pg_type row.
func (s *sqlCtx) updateType(oid uint32, change func(row []types.Datum, c *catalog.Catalog)) error {
	t, err := s.cache.TypeByOID(s, oid)
	if err != nil || t == nil {
		return err
	}
	c := catalog.Lookup("pg_type")
	iOID := c.Column("oid")
	if err := s.updateCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid },
		func(r []types.Datum) { change(r, c) }); err != nil {
		return err
	}
	s.cache.InvalidateType(oid, t.Namespace, t.Name)
	return nil
}

// ---- ADD COLUMN ----

func (s *sqlCtx) addColumn(st Statement, rel *catalog.Relation, cd *pg_query.ColumnDef, ifNotExists bool) error {
	if systemColumnNames[cd.Colname] {
		return pgerr.Newf(pgerr.DuplicateColumn, "column name \"%s\" conflicts with a system column name", cd.Colname)
	}
	if columnNumber(rel, cd.Colname) != 0 {
		if ifNotExists {
			s.notice(pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists, skipping", cd.Colname, rel.Name))
			return nil
		}
		return pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists", cd.Colname, rel.Name)
	}
	if len(rel.Attrs) >= 1600 {
		return pgerr.New(pgerr.TooManyColumns, "tables can have at most 1600 columns")
	}
	col, raw, err := s.columnSpecOf(st.Query, cd, rel.Name)
	if err != nil {
		return err
	}
	// ATExecAddColumn resolves the type a second time, without the text.
	s.warnTypesAgain()
	attnum := int16(len(rel.Attrs) + 1)
	cols := []columnSpec{col}
	var seq uint32
	if col.serial || col.identity != 0 {
		seqs, err := s.createSerialSequences(st.Query, rel.Namespace, rel.Name, cols, rel.Persistence == 'u')
		if err != nil {
			return err
		}
		seq = seqs[0]
	} else if raw != nil {
		e, err := analyze.AnalyzeDefault(catalogAdapter{s}, st.Query, raw, plan.Column{Name: col.name, TypeOID: col.typ, TypeMod: col.typmod}, FormatOptions(s.env))
		if err != nil {
			return err
		}
		if c, ok := e.(*expr.Const); !ok || !c.Value.IsNull() {
			if err := cols[0].setDefault(e, s.storedExprFormat()); err != nil {
				return err
			}
		}
	}
	col = cols[0]
	t := col.physType()
	a := catalog.Attribute{Name: col.name, Type: col.typ, TypMod: col.typmod, Len: t.Len, ByVal: t.ByVal, Align: t.Align,
		Storage: typeStorage(col.typ, t), NotNull: col.notNull, HasDef: col.dflt != "" || col.generated != nil, Collation: col.collation, NDims: int32(col.ndims),
		Identity: col.identity, Compression: col.compression}
	if col.generated != nil {
		a.Generated = 's'
	}
	if err := s.insertCatalog(attributeRow(rel.OID, attnum, &a, -1)); err != nil {
		return err
	}
	if err := s.updateClass(rel.OID, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("relnatts")] = types.Int(int64(attnum))
	}); err != nil {
		return err
	}
	deps := []dependency{{columnAddress(rel.OID, attnum), typeAddress(col.typ), depNormal}}
	if col.dflt != "" {
		adOID, err := s.insertAttrDef(rel.OID, attnum, col.dflt)
		if err != nil {
			return err
		}
		deps = append(deps, dependency{attrDefAddress(adOID), columnAddress(rel.OID, attnum), depAuto})
		for _, ref := range col.dfltDeps {
			deps = append(deps, dependency{attrDefAddress(adOID), ref, depNormal})
		}
	}
	if seq != 0 {
		t := depAuto
		if col.identity != 0 {
			t = depInternal
		}
		deps = append(deps, dependency{relationAddress(seq), columnAddress(rel.OID, attnum), t})
	}
	if err := s.recordDependencies(deps); err != nil {
		return err
	}
	s.nextCommand()
	newRel, err := s.cache.RelationByOID(s, rel.OID)
	if err != nil {
		return err
	}
	switch {
	case col.generated != nil:
		// The expression, stored; existing rows get its value.
		t, err := s.planTable(newRel)
		if err != nil {
			return err
		}
		generated := make([]bool, len(newRel.Attrs))
		for i := range newRel.Attrs {
			generated[i] = newRel.Attrs[i].Generated != 0
		}
		e, err := analyze.AnalyzeGenerated(catalogAdapter{s}, st.Query, col.generated, t, generated, int(attnum-1), FormatOptions(s.env))
		if err != nil {
			return withoutPosition(err)
		}
		if err := s.insertGenerated(newRel, t, attnum, e); err != nil {
			return err
		}
		s.nextCommand()
		err = s.rewriteTable(st, newRel, newRel.Attrs, map[int16]*pg_query.Node{attnum: col.generated}, nil)
	case col.dflt != "" || col.identity != 0:
		// Existing rows get the default, evaluated for each of them.
		err = s.rewriteTable(st, newRel, newRel.Attrs, map[int16]*pg_query.Node{attnum: nil}, nil)
	case col.notNull:
		err = s.checkNoNulls(newRel, attnum)
	}
	if err != nil || len(col.checks) == 0 && len(col.keys) == 0 && len(col.fkeys) == 0 {
		return err
	}
	// The column's CHECK, PRIMARY KEY and UNIQUE constraints, over the
	// rows as they now are.
	s.nextCommand()
	if newRel, err = s.cache.RelationByOID(s, rel.OID); err != nil {
		return err
	}
	if len(col.checks) > 0 {
		var checks []pendingCheck
		for _, c := range col.checks {
			checks = append(checks, pendingCheck{c: c, column: col.name})
		}
		if err := s.addCheckConstraints(st, newRel, checks, true); err != nil {
			return err
		}
		s.nextCommand()
		if newRel, err = s.cache.RelationByOID(s, rel.OID); err != nil {
			return err
		}
	}
	if len(col.keys) > 0 {
		hasPK, err := s.hasPrimaryKey(newRel)
		if err != nil {
			return err
		}
		var keys []pendingKey
		for _, c := range col.keys {
			keys = append(keys, pendingKey{c: c, column: col.name})
		}
		if err := checkKeyConstraints("", keys, hasPK, rel.Name); err != nil {
			return err
		}
		if err := s.addKeyConstraints("", newRel, orderKeys(keys)); err != nil {
			return err
		}
	}
	// Its REFERENCES constraints, checked against the rows' values.
	var fks []pendingForeignKey
	for _, c := range col.fkeys {
		fks = append(fks, pendingForeignKey{c: c, column: col.name})
	}
	return s.addForeignKeys(rel.OID, fks, true)
}

// insertAttrDef stores a column default and returns its OID.
func (s *sqlCtx) insertAttrDef(relid uint32, attnum int16, text string) (uint32, error) {
	oid, err := s.newOID()
	if err != nil {
		return 0, err
	}
	row := newCatalogRow(catalog.Lookup("pg_attrdef")).set("oid", oidD(oid)).set("adrelid", oidD(relid)).
		set("adnum", types.Int(int64(attnum))).set("adbin", types.Text(text))
	return oid, s.insertCatalog(row)
}

// ---- DROP COLUMN ----

func (s *sqlCtx) dropColumn(rel *catalog.Relation, name string, missingOK, cascade bool) error {
	if systemColumnNames[name] {
		return pgerr.Newf(pgerr.FeatureNotSupported, "cannot drop system column \"%s\"", name)
	}
	attnum := columnNumber(rel, name)
	if attnum == 0 {
		if missingOK {
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "column \"%s\" of relation \"%s\" does not exist, skipping", name, rel.Name))
			return nil
		}
		return pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, rel.Name)
	}
	return s.performDeletion([]objectAddress{columnAddress(rel.OID, attnum)}, dropBehavior(cascade))
}

// deleteColumn is RemoveAttributeById: the column stays in pg_attribute,
// dropped, so that stored rows keep their layout.
func (s *sqlCtx) deleteColumn(relid uint32, attnum int16) error {
	pad := catalog.Lookup("pg_attrdef")
	iRel, iNum := pad.Column("adrelid"), pad.Column("adnum")
	if err := s.deleteCatalogRows(pad, func(r []types.Datum) bool {
		return uint32(r[iRel].Int()) == relid && int16(r[iNum].Int()) == attnum
	}); err != nil {
		return err
	}
	if err := s.deleteStatistics(relid, attnum); err != nil {
		return err
	}
	return s.updateAttribute(relid, attnum, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("attisdropped")] = types.Bool(true)
		r[c.Column("attname")] = types.Text("........pg.dropped." + strconv.Itoa(int(attnum)) + "........")
		r[c.Column("atttypid")] = oidD(0)
		r[c.Column("attnotnull")] = types.Bool(false)
		r[c.Column("atthasdef")] = types.Bool(false)
		r[c.Column("attstattarget")] = types.Int(0)
		r[c.Column("attcollation")] = oidD(0)
	})
}

// ---- ALTER COLUMN SET/DROP DEFAULT ----

func (s *sqlCtx) setColumnDefault(st Statement, rel *catalog.Relation, name string, raw *pg_query.Node) error {
	attnum, err := s.alterColumn(rel, name)
	if err != nil {
		return err
	}
	if err := s.removeAttrDefault(rel.OID, attnum); err != nil {
		return err
	}
	a := rel.Attrs[attnum-1]
	text := ""
	var deps []objectAddress
	if raw != nil {
		e, err := analyze.AnalyzeDefault(catalogAdapter{s}, st.Query, raw, plan.Column{Name: name, TypeOID: a.Type, TypeMod: a.TypMod}, FormatOptions(s.env))
		if err != nil {
			return err
		}
		if c, ok := e.(*expr.Const); !ok || !c.Value.IsNull() {
			var spec columnSpec
			if err := spec.setDefault(e, s.storedExprFormat()); err != nil {
				return err
			}
			text, deps = spec.dflt, spec.dfltDeps
		}
	}
	if text != "" {
		oid, err := s.insertAttrDef(rel.OID, attnum, text)
		if err != nil {
			return err
		}
		all := []dependency{{attrDefAddress(oid), columnAddress(rel.OID, attnum), depAuto}}
		for _, ref := range deps {
			all = append(all, dependency{attrDefAddress(oid), ref, depNormal})
		}
		if err := s.recordDependencies(all); err != nil {
			return err
		}
	}
	return s.updateAttribute(rel.OID, attnum, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("atthasdef")] = types.Bool(text != "")
	})
}

// removeAttrDefault deletes a column's default, if it has one
// (RemoveAttrDefault).
func (s *sqlCtx) removeAttrDefault(relid uint32, attnum int16) error {
	pad := catalog.Lookup("pg_attrdef")
	iOID, iRel, iNum := pad.Column("oid"), pad.Column("adrelid"), pad.Column("adnum")
	var oid uint32
	if err := s.ScanCatalog(pad, func(r []types.Datum) (bool, error) {
		if uint32(r[iRel].Int()) == relid && int16(r[iNum].Int()) == attnum {
			oid = uint32(r[iOID].Int())
			return false, nil
		}
		return true, nil
	}); err != nil || oid == 0 {
		return err
	}
	if err := s.deleteObject(attrDefAddress(oid)); err != nil {
		return err
	}
	s.nextCommand()
	return nil
}

// ---- SET/DROP NOT NULL ----

func (s *sqlCtx) setNotNull(rel *catalog.Relation, name string, notNull bool) error {
	attnum, err := s.alterColumn(rel, name)
	if err != nil {
		return err
	}
	if rel.Attrs[attnum-1].NotNull == notNull {
		return nil
	}
	if notNull {
		if err := s.checkNoNulls(rel, attnum); err != nil {
			return err
		}
	}
	return s.updateAttribute(rel.OID, attnum, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("attnotnull")] = types.Bool(notNull)
	})
}

// checkNoNulls fails when a row has NULL in column attnum.
func (s *sqlCtx) checkNoNulls(rel *catalog.Relation, attnum int16) error {
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	return s.eachRow(t, func(row []types.Datum) error {
		if row[attnum-1].IsNull() {
			return nullsFound(rel, rel.Attrs[attnum-1].Name)
		}
		return nil
	})
}

// nullsFound is the error of a NOT NULL column that has NULLs.
func nullsFound(rel *catalog.Relation, column string) error {
	e := pgerr.Newf(pgerr.NotNullViolation, "column \"%s\" of relation \"%s\" contains null values", column, rel.Name)
	e.SchemaName, e.TableName, e.ColumnName = rel.NamespaceName, rel.Name, column
	return e
}

// ---- ALTER COLUMN TYPE ----

func (s *sqlCtx) alterColumnType(st Statement, rel *catalog.Relation, name string, cd *pg_query.ColumnDef) error {
	attnum, err := s.alterColumn(rel, name)
	if err != nil {
		return err
	}
	// PostgreSQL resolves the new type without the statement's text
	// (its WARNINGs have no position), once to check the conversion and
	// once more to change the column (ATExecAlterColumnType): execWarn
	// sends the WARNINGs a second time.
	s.holdWarnings = true
	typ, typmod, err := analyze.ResolveTypeName(catalogAdapter{s}, st.Query, cd.TypeName, FormatOptions(s.env))
	s.holdWarnings = false
	warnings := s.typeWarnings
	s.warnTypesAgain()
	execWarn := func() { s.typeWarnings = warnings; s.warnTypesAgain() }
	if err != nil {
		return err
	}
	t := s.columnType(typ)
	if t == nil {
		return pgerr.Newf(pgerr.FeatureNotSupported, "type %s cannot be used for a column yet", s.typeName(typ, typmod))
	}
	fks, err := s.foreignKeysOfColumn(rel, attnum, typ, typmod)
	if err != nil {
		return err
	}
	// A view's or materialized view's rule reads the column as its
	// present type (RememberAllDependentForRebuilding).
	rules, err := s.scanDepend(func(r dependRow) bool {
		return r.dep.classID == rewriteRelationID && r.ref == columnAddress(rel.OID, attnum)
	})
	if err != nil {
		return err
	}
	if len(rules) > 0 {
		what, err := s.describeObject(rules[0].dep)
		if err != nil {
			return err
		}
		return pgerr.New(pgerr.FeatureNotSupported, "cannot alter type of a column used by a view or rule").
			WithDetail("%s depends on column \"%s\"", what, name)
	}
	irels, err := s.indexRelations(rel)
	if err != nil {
		return err
	}
	for _, irel := range irels {
		if irel.Index.Exprs == "" && irel.Index.Pred == "" {
			// Plain columns take the new type (retypeIndexColumns).
			continue
		}
		uses, err := s.indexUsesColumn(rel, irel, attnum)
		if err != nil {
			return err
		}
		if uses {
			return pgerr.Newf(pgerr.FeatureNotSupported, "altering the type of column \"%s\" is not supported yet: index \"%s\" uses it", name, irel.Name)
		}
	}
	old := rel.Attrs[attnum-1]
	collation := typeCollation(typ)
	if old.Collation != 0 && collation != 0 {
		collation = old.Collation
	}
	if cc := cd.CollClause; cc != nil {
		if collation, err = collationOf(typ, cc); err != nil {
			return err
		}
	}
	altered := catalog.Attribute{Name: old.Name, Type: typ, TypMod: typmod, Len: t.Len, ByVal: t.ByVal, Align: t.Align,
		Storage: typeStorage(typ, t), NotNull: old.NotNull, HasDef: old.HasDef, Collation: collation, NDims: int32(len(cd.TypeName.ArrayBounds))}
	// The compression method goes back to the default, as
	// ATExecAlterColumnType resets attcompression.
	newAttrs := append([]catalog.Attribute(nil), rel.Attrs...)
	newAttrs[attnum-1] = altered

	// The rows, converted: read with the old layout, written with the new.
	using := cd.RawDefault
	if using == nil {
		using = columnRef(name)
	}
	convert := func(_ int16, e expr.Expr) (expr.Expr, error) {
		conv, ok, err := analyze.CoerceAssignment(catalogAdapter{s}, st.Query, e, typ, typmod, FormatOptions(s.env))
		if err == nil && ok {
			execWarn()
		}
		if err != nil || ok {
			return conv, err
		}
		if cd.RawDefault != nil {
			return nil, pgerr.Newf(pgerr.DatatypeMismatch, "result of USING clause for column \"%s\" cannot be cast automatically to type %s",
				name, types.FormatType(typ, -1)).WithHint("You might need to add an explicit cast.")
		}
		return nil, pgerr.Newf(pgerr.DatatypeMismatch, "column \"%s\" cannot be cast automatically to type %s", name, types.FormatType(typ, -1)).
			WithHint("You might need to specify \"USING %s::%s\".", builtins.QuoteIdent(name), types.FormatType(typ, typmod))
	}
	// A composite type has no rows to convert.
	if rel.Kind != 'c' {
		if err := s.rewriteTable(st, rel, newAttrs, map[int16]*pg_query.Node{attnum: using}, convert); err != nil {
			return err
		}
	} else {
		execWarn()
	}

	// The default converts too.
	if rel.Defaults[attnum-1] != "" {
		e, err := analyze.AnalyzeExpr(catalogAdapter{s}, rel.Defaults[attnum-1], FormatOptions(s.env))
		if err != nil {
			return err
		}
		conv, ok, err := analyze.CoerceAssignment(catalogAdapter{s}, rel.Defaults[attnum-1], e, typ, typmod, FormatOptions(s.env))
		if err != nil {
			return err
		}
		if !ok {
			return pgerr.Newf(pgerr.DatatypeMismatch, "default for column \"%s\" cannot be cast automatically to type %s", name, types.FormatType(typ, -1))
		}
		if err := s.removeAttrDefault(rel.OID, attnum); err != nil {
			return err
		}
		var spec columnSpec
		if err := spec.setDefault(conv, s.storedExprFormat()); err != nil {
			return err
		}
		oid, err := s.insertAttrDef(rel.OID, attnum, spec.dflt)
		if err != nil {
			return err
		}
		deps := []dependency{{attrDefAddress(oid), columnAddress(rel.OID, attnum), depAuto}}
		for _, ref := range spec.dfltDeps {
			deps = append(deps, dependency{attrDefAddress(oid), ref, depNormal})
		}
		if err := s.recordDependencies(deps); err != nil {
			return err
		}
	}

	if err := s.retypeIndexColumns(rel, attnum, typ, typmod, t, collation); err != nil {
		return err
	}
	// The column's new type, and its dependency on the type.
	if err := s.updateAttribute(rel.OID, attnum, func(r []types.Datum, c *catalog.Catalog) {
		setAttributeType(r, c, typ, typmod, t)
		r[c.Column("attcompression")] = charD(altered.Compression)
		r[c.Column("attcollation")] = oidD(collation)
		r[c.Column("attndims")] = types.Int(int64(altered.NDims))
	}); err != nil {
		return err
	}
	// The column's statistics describe values of the old type.
	if err := s.deleteStatistics(rel.OID, attnum); err != nil {
		return err
	}
	c := catalog.Lookup("pg_depend")
	iClass, iObj, iSub, iRefClass := c.Column("classid"), c.Column("objid"), c.Column("objsubid"), c.Column("refclassid")
	if err := s.deleteCatalogRows(c, func(r []types.Datum) bool {
		return uint32(r[iClass].Int()) == catalog.RelationRelationID && uint32(r[iObj].Int()) == rel.OID &&
			int16(r[iSub].Int()) == attnum && uint32(r[iRefClass].Int()) == catalog.TypeRelationID
	}); err != nil {
		return err
	}
	if err := s.recordDependency(columnAddress(rel.OID, attnum), typeAddress(typ), depNormal); err != nil {
		return err
	}
	return s.rebuildForeignKeys(rel.OID, fks)
}

// ---- table rewrite ----

// rewriteTable is ATRewriteTable: every row is read from the table's
// current file through rel (the descriptor the stored rows have) and
// written, laid out as newAttrs, into a new file, which replaces the old
// one at commit. exprs gives, for the columns whose values change, the
// expression computing the new value from the old row (nil: the column's
// default in rel); coerce converts such an expression to the new column
// type, wording the error when it cannot.
func (s *sqlCtx) rewriteTable(st Statement, rel *catalog.Relation, newAttrs []catalog.Attribute, exprs map[int16]*pg_query.Node,
	coerce func(attnum int16, e expr.Expr) (expr.Expr, error)) error {
	nullConst := &pg_query.Node{Node: &pg_query.Node_AConst{AConst: &pg_query.A_Const{Isnull: true, Location: -1}}}
	var targets []*pg_query.Node
	for i, a := range newAttrs {
		attnum := int16(i + 1)
		val := nullConst
		if e, ok := exprs[attnum]; ok {
			if e != nil {
				val = e
			} else if text := columnDefaultText(rel, i); text != "" {
				d, err := parseExpression(text)
				if err != nil {
					return err
				}
				val = d
			}
		} else if !a.Dropped {
			val = columnRef(a.Name)
		}
		targets = append(targets, &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: val, Location: -1}}})
	}
	sel := &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
		TargetList: targets,
		FromClause: []*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: &pg_query.RangeVar{
			Schemaname: rel.NamespaceName, Relname: rel.Name, Inh: true, Relpersistence: "p", Location: -1}}}},
		LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT, Op: pg_query.SetOperation_SETOP_NONE,
	}}}
	cat := catalogAdapter{s}
	q, _, err := analyze.AnalyzeFixed(cat, st.Query, sel, nil, s.formatOptions())
	if err != nil {
		return err
	}
	var computed []int
	for attnum := range exprs {
		computed = append(computed, int(attnum)-1)
	}
	sort.Ints(computed)
	if err := analyze.CheckTransformExprs(st.Query, q, computed); err != nil {
		return err
	}
	for attnum := range exprs {
		target := &q.Targets[attnum-1]
		a := newAttrs[attnum-1]
		if coerce != nil {
			if target.Expr, err = coerce(attnum, target.Expr); err != nil {
				return err
			}
			continue
		}
		conv, ok, err := analyze.CoerceAssignment(cat, st.Query, target.Expr, a.Type, a.TypMod, s.formatOptions())
		if err != nil {
			return err
		}
		if !ok {
			return pgerr.Newf(pgerr.DatatypeMismatch, "column \"%s\" cannot be cast automatically to type %s", a.Name, types.FormatType(a.Type, a.TypMod))
		}
		target.Expr = conv
	}
	root := plan.Build(q)

	// The new file, filled before pg_class points at it.
	node, err := s.newOID()
	if err != nil {
		return err
	}
	oldLoc := rel.Locator(s.db)
	newLoc := oldLoc
	newLoc.Rel = node
	if err := s.createFile(newLoc, rel.Persistence == 'u'); err != nil {
		return err
	}
	desc := &tuple.Desc{}
	var convert []int
	for i := range newAttrs {
		a := &newAttrs[i]
		desc.Attrs = append(desc.Attrs, catalog.PhysicalAttr(a))
		if catalog.StoredAsBytes(a.Type, a.Len) && a.Type != types.OidPgNodeTree && !a.Dropped {
			convert = append(convert, i)
		}
	}
	read, err := s.planTable(rel)
	if err != nil {
		return err
	}
	// The TOAST table gets new files too, so that the old rows' values go
	// with the old file (make_new_heap gives the new heap a TOAST table
	// of its own). The rows' pointers keep naming the TOAST table's OID.
	toast, useToastFiles, err := s.newToastFiles(read.Heap.Toast)
	if err != nil {
		return err
	}
	dest := &heap.Relation{OID: rel.OID, Locator: newLoc, Desc: desc, Name: rel.Name, Toast: toast, Unlogged: rel.Persistence == 'u'}
	xid, err := s.tx.Xid()
	if err != nil {
		return err
	}
	ec := &expr.EvalContext{Ctx: s.ctx, Session: s.env, Format: s.formatOptions(), Catalog: names{s}}
	err = s.withCurrentRows(func() error {
		_, err := exec.Run(ec, cat, root, func(row []types.Datum) error {
			for i, a := range newAttrs {
				if a.NotNull && row[i].IsNull() {
					return nullsFound(rel, a.Name)
				}
			}
			for _, i := range convert {
				var err error
				if row[i], err = s.toStored(newAttrs[i].Type, row[i]); err != nil {
					return err
				}
			}
			_, err := heap.Insert(s.heap, dest, row, xid, s.cid())
			return err
		})
		return err
	})
	if err != nil {
		return err
	}
	if err := useToastFiles(); err != nil {
		return err
	}
	if err := s.updateClass(rel.OID, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("relfilenode")] = oidD(node)
	}); err != nil {
		return err
	}
	s.predicateRelationRewritten(rel.OID)
	eng := s.eng
	s.tx.AtCommit(func() { dropRelationStorage(eng, oldLoc) })
	s.cache.InvalidateSmgr(oldLoc)
	return nil
}

// newToastFiles gives the TOAST table of a table being rewritten (toast,
// as its rows are read; nil for none) new, empty files: its own and its
// index's, built empty. It returns the TOAST table as the rewrite
// writes it, and use, which, once the rows are copied, names the new
// files in pg_class (the old ones are removed at commit, the new ones
// at abort).
func (s *sqlCtx) newToastFiles(toast *heap.Relation) (*heap.Relation, func() error, error) {
	if toast == nil {
		return nil, func() error { return nil }, nil
	}
	trel, err := s.cache.RelationByOID(s, toast.OID)
	if err != nil {
		return nil, nil, err
	}
	if trel == nil {
		return nil, nil, pgerr.Newf(pgerr.InternalError, "cache lookup failed for relation %d", toast.OID)
	}
	loc, err := s.newRelFile(trel)
	if err != nil {
		return nil, nil, err
	}
	fresh := *toast
	fresh.Locator = loc
	var irel *catalog.Relation
	var iloc storage.RelFileLocator
	if toast.ChunkIndex != nil {
		if irel, err = s.cache.RelationByOID(s, toast.ChunkIndex.OID); err != nil {
			return nil, nil, err
		}
		if irel == nil {
			return nil, nil, pgerr.Newf(pgerr.InternalError, "cache lookup failed for index %d", toast.ChunkIndex.OID)
		}
		if iloc, err = s.newRelFile(irel); err != nil {
			return nil, nil, err
		}
		fresh.ChunkIndex = heap.ToastIndex(iloc, irel.OID, irel.Name, trel.Name)
		fresh.ChunkIndex.Unlogged = irel.Persistence == 'u'
		b, err := nbtree.NewBuild(s.btree(), fresh.ChunkIndex)
		if err != nil {
			return nil, nil, err
		}
		if err := b.Finish(); err != nil {
			return nil, nil, err
		}
		if err := s.createIndexInitFork(fresh.ChunkIndex); err != nil {
			return nil, nil, err
		}
	}
	use := func() error {
		if err := s.useRelFile(trel, loc); err != nil {
			return err
		}
		if irel != nil {
			// Sized as index_build leaves an index of an empty table.
			if err := s.useRelFileSized(irel, iloc, 1, 0); err != nil {
				return err
			}
		}
		return nil
	}
	return &fresh, use, nil
}

// columnDefaultText is the default of column i as stored SQL text: its
// pg_attrdef expression, or an identity column's nextval.
func columnDefaultText(rel *catalog.Relation, i int) string {
	a := rel.Attrs[i]
	if a.Identity != 0 && a.IdentitySequence != 0 {
		return "nextval('" + strconv.FormatUint(uint64(a.IdentitySequence), 10) + "'::regclass)"
	}
	if i < len(rel.Defaults) {
		return rel.Defaults[i]
	}
	return ""
}

// columnRef is a parse tree of a column reference by name.
func columnRef(name string) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_ColumnRef{ColumnRef: &pg_query.ColumnRef{
		Fields: []*pg_query.Node{{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: name}}}}, Location: -1}}}
}

// ---- OWNER TO ----

// changeRelationOwner is ATExecChangeOwner: the relation, its row type and
// the sequences it owns.
func (s *sqlCtx) changeRelationOwner(rel *catalog.Relation, owner uint32) error {
	if rel.Owner == owner {
		return nil
	}
	if err := s.updateClass(rel.OID, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relowner")] = oidD(owner) }); err != nil {
		return err
	}
	if rel.Type != 0 {
		setOwner := func(r []types.Datum, c *catalog.Catalog) { r[c.Column("typowner")] = oidD(owner) }
		t, err := s.cache.TypeByOID(s, rel.Type)
		if err != nil {
			return err
		}
		if err := s.updateType(rel.Type, setOwner); err != nil {
			return err
		}
		if t != nil && t.Array != 0 {
			if err := s.updateType(t.Array, setOwner); err != nil {
				return err
			}
		}
	}
	seqs, err := s.ownedSequences(rel.OID)
	if err != nil {
		return err
	}
	// The indexes are owned with the table (ATExecChangeOwner).
	for _, ix := range rel.Indexes {
		irel, err := s.cache.RelationByOID(s, ix)
		if err != nil {
			return err
		}
		if irel != nil {
			if err := s.changeRelationOwner(irel, owner); err != nil {
				return err
			}
		}
	}
	for _, seq := range seqs {
		srel, err := s.cache.RelationByOID(s, seq)
		if err != nil {
			return err
		}
		if srel != nil {
			if err := s.changeRelationOwner(srel, owner); err != nil {
				return err
			}
		}
	}
	return nil
}

// ownedSequences are the sequences that go with relid's columns (serial
// and identity columns, OWNED BY).
func (s *sqlCtx) ownedSequences(relid uint32) ([]uint32, error) {
	deps, err := s.scanDepend(func(r dependRow) bool {
		return r.ref.classID == catalog.RelationRelationID && r.ref.objID == relid && r.ref.subID != 0 &&
			r.dep.classID == catalog.RelationRelationID && (r.deptype == depAuto || r.deptype == depInternal)
	})
	if err != nil {
		return nil, err
	}
	// Indexes depend on columns the same way: only sequences count.
	var out []uint32
	for _, d := range deps {
		rel, err := s.cache.RelationByOID(s, d.dep.objID)
		if err != nil {
			return nil, err
		}
		if rel != nil && rel.Kind == 'S' && !slices.Contains(out, rel.OID) {
			out = append(out, rel.OID)
		}
	}
	return out, nil
}

// ---- RENAME ----

// renameStmt is ALTER TABLE/SEQUENCE ... RENAME [COLUMN] ... TO ... and
// ALTER SCHEMA ... RENAME TO.
func (s *sqlCtx) renameStmt(st Statement, rs *pg_query.RenameStmt) (string, error) {
	tag := parser.CommandTag(st.Node())
	switch rs.RenameType {
	case pg_query.ObjectType_OBJECT_SCHEMA:
		return s.renameSchema(rs)
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT, pg_query.ObjectType_OBJECT_DOMCONSTRAINT:
		return s.renameConstraint(tag, rs)
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
		pg_query.ObjectType_OBJECT_INDEX:
		rel, err := s.openForAlter(rs.Relation, rs.MissingOk, relationKind(rs.RenameType), lmgr.AccessExclusiveLock)
		if err != nil || rel == nil {
			return tag, err
		}
		return tag, s.renameRelation(rel, rs.Newname)
	case pg_query.ObjectType_OBJECT_ATTRIBUTE:
		rel, err := s.openForAlter(rs.Relation, false, 0, lmgr.AccessExclusiveLock)
		if err != nil {
			return "", err
		}
		if rel.Kind != 'r' && rel.Kind != 'v' && rel.Kind != 'c' {
			return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a table, view, materialized view, composite type, index, or foreign table", rel.Name)
		}
		if err := s.renameColumn(rel, rs.Subname, rs.Newname); err != nil {
			return "", err
		}
		s.cache.InvalidateType(rel.Type, rel.Namespace, rel.Name)
		return tag, nil
	case pg_query.ObjectType_OBJECT_COLUMN:
		kind := relationKind(rs.RelationType)
		if kind != 'r' && kind != 'v' && kind != 'm' {
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", tag)
		}
		rel, err := s.openForAlter(rs.Relation, rs.MissingOk, kind, lmgr.AccessExclusiveLock)
		if err != nil || rel == nil {
			return tag, err
		}
		return tag, s.renameColumn(rel, rs.Subname, rs.Newname)
	}
	return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", tag)
}

// renameRelation is RenameRelationInternal, with the row type and its
// array type following the name.
func (s *sqlCtx) renameRelation(rel *catalog.Relation, newName string) error {
	if err := s.lockName(rel.Namespace, newName); err != nil {
		return err
	}
	if oid, err := s.cache.RelationOID(s, rel.Namespace, newName); err != nil {
		return err
	} else if oid != 0 {
		return pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists", newName)
	}
	if err := s.followRenames([]nameChange{{relation: rel.OID, oldName: rel.Name, newName: newName}}); err != nil {
		return err
	}
	if err := s.updateClass(rel.OID, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relname")] = types.Text(newName) }); err != nil {
		return err
	}
	s.cache.InvalidateClassName(rel.Namespace, rel.Name)
	s.cache.InvalidateClassName(rel.Namespace, newName)
	if rel.Index != nil {
		// The constraint an index enforces has the index's name
		// (RenameRelationInternal), and the table's cached index list
		// names it.
		// A foreign key's conindid names the referenced table's index:
		// only the key constraint the index belongs to, if any, is
		// renamed.
		kc, err := s.indexConstraint(rel.OID)
		if err != nil {
			return err
		}
		if kc.oid != 0 {
			pc := catalog.Lookup("pg_constraint")
			iOID, iName := pc.Column("oid"), pc.Column("conname")
			if err := s.updateCatalogRow(pc, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == kc.oid },
				func(r []types.Datum) { r[iName] = types.Text(newName) }); err != nil {
				return err
			}
		}
		s.cache.InvalidateRelation(rel.Index.Table, false)
	}
	if rel.Type == 0 {
		return nil
	}
	t, err := s.cache.TypeByOID(s, rel.Type)
	if err != nil || t == nil {
		return err
	}
	if other, err := s.cache.TypeOID(s, rel.Namespace, newName); err != nil {
		return err
	} else if other != 0 {
		return pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists", newName)
	}
	if err := s.updateType(rel.Type, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("typname")] = types.Text(newName) }); err != nil {
		return err
	}
	s.cache.InvalidateType(rel.Type, rel.Namespace, newName)
	if t.Array != 0 {
		arrayName := "_" + newName
		for {
			o, err := s.cache.TypeOID(s, rel.Namespace, arrayName)
			if err != nil {
				return err
			}
			if o == 0 || o == t.Array || len(arrayName) >= 63 {
				break
			}
			arrayName = "_" + arrayName
		}
		if len(arrayName) > 63 {
			arrayName = arrayName[:63]
		}
		if err := s.updateType(t.Array, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("typname")] = types.Text(arrayName) }); err != nil {
			return err
		}
		s.cache.InvalidateType(t.Array, rel.Namespace, arrayName)
	}
	return nil
}

// renameColumn is renameatt.
func (s *sqlCtx) renameColumn(rel *catalog.Relation, oldName, newName string) error {
	if systemColumnNames[oldName] {
		return pgerr.Newf(pgerr.FeatureNotSupported, "cannot rename system column \"%s\"", oldName)
	}
	attnum := columnNumber(rel, oldName)
	if attnum == 0 {
		return pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" does not exist", oldName)
	}
	if systemColumnNames[newName] {
		return pgerr.Newf(pgerr.DuplicateColumn, "column name \"%s\" conflicts with a system column name", newName)
	}
	if columnNumber(rel, newName) != 0 {
		return pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists", newName, rel.Name)
	}
	if err := s.renameCheckColumns(rel, attnum, newName); err != nil {
		return err
	}
	if err := s.renameIndexColumns(rel, attnum, newName); err != nil {
		return err
	}
	if err := s.followRenames([]nameChange{{relation: rel.OID, attnum: attnum, oldName: oldName, newName: newName}}); err != nil {
		return err
	}
	return s.updateAttribute(rel.OID, attnum, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("attname")] = types.Text(newName)
	})
}

// ---- SET SCHEMA ----

// alterObjectSchema is ALTER TABLE/SEQUENCE ... SET SCHEMA: the relation,
// its row types and its owned sequences move.
func (s *sqlCtx) alterObjectSchema(st Statement, as *pg_query.AlterObjectSchemaStmt) (string, error) {
	tag := parser.CommandTag(st.Node())
	kind := relationKind(as.ObjectType)
	if kind == 0 || kind == 'v' || kind == 'i' {
		return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", tag)
	}
	rel, err := s.openForAlter(as.Relation, as.MissingOk, kind, lmgr.AccessExclusiveLock)
	if err != nil || rel == nil {
		return tag, err
	}
	nsp, err := s.cache.NamespaceOID(s, as.Newschema)
	if err != nil {
		return "", err
	}
	if nsp == 0 && as.Newschema != tempSearchName {
		return "", pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", as.Newschema)
	}
	if err := s.checkNotTempMove(rel.Namespace, nsp, as.Newschema); err != nil {
		return "", err
	}
	if nsp == catalog.PgCatalogNamespace || nsp == catalog.PgToastNamespace {
		return "", pgerr.New(pgerr.WrongObjectType, "cannot move objects into or out of system schemas")
	}
	if nsp == rel.Namespace {
		return tag, nil
	}
	if err := s.moveRelation(rel, nsp, as.Newschema); err != nil {
		return "", err
	}
	seqs, err := s.ownedSequences(rel.OID)
	if err != nil {
		return "", err
	}
	// The indexes go with the table (AlterTableNamespaceInternal's
	// AlterIndexNamespaces).
	for _, ix := range rel.Indexes {
		irel, err := s.cache.RelationByOID(s, ix)
		if err != nil {
			return "", err
		}
		if irel != nil && irel.Namespace != nsp {
			if err := s.moveRelation(irel, nsp, as.Newschema); err != nil {
				return "", err
			}
		}
	}
	for _, seq := range seqs {
		srel, err := s.cache.RelationByOID(s, seq)
		if err != nil {
			return "", err
		}
		if srel != nil && srel.Namespace != nsp {
			if err := s.moveRelation(srel, nsp, as.Newschema); err != nil {
				return "", err
			}
		}
	}
	return tag, nil
}

// moveRelation is AlterRelationNamespaceInternal with AlterTypeNamespace
// for its row type.
func (s *sqlCtx) moveRelation(rel *catalog.Relation, nsp uint32, nspName string) error {
	if err := s.lockName(nsp, rel.Name); err != nil {
		return err
	}
	if oid, err := s.cache.RelationOID(s, nsp, rel.Name); err != nil {
		return err
	} else if oid != 0 {
		return pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists in schema \"%s\"", rel.Name, nspName)
	}
	if err := s.followRenames([]nameChange{{relation: rel.OID, oldName: rel.Name, newName: rel.Name, newSchema: nspName}}); err != nil {
		return err
	}
	if err := s.updateClass(rel.OID, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relnamespace")] = oidD(nsp) }); err != nil {
		return err
	}
	s.cache.InvalidateClassName(rel.Namespace, rel.Name)
	s.cache.InvalidateClassName(nsp, rel.Name)
	if rel.Type != 0 {
		t, err := s.cache.TypeByOID(s, rel.Type)
		if err != nil {
			return err
		}
		move := func(r []types.Datum, c *catalog.Catalog) { r[c.Column("typnamespace")] = oidD(nsp) }
		if err := s.updateType(rel.Type, move); err != nil {
			return err
		}
		if t != nil && t.Array != 0 {
			if err := s.updateType(t.Array, move); err != nil {
				return err
			}
		}
	}
	// The dependency on the schema follows.
	c := catalog.Lookup("pg_depend")
	iClass, iObj, iRefClass, iRefObj := c.Column("classid"), c.Column("objid"), c.Column("refclassid"), c.Column("refobjid")
	return s.updateDependRows(c, func(r []types.Datum) bool {
		return uint32(r[iClass].Int()) == catalog.RelationRelationID && uint32(r[iObj].Int()) == rel.OID &&
			uint32(r[iRefClass].Int()) == catalog.NamespaceRelationID && uint32(r[iRefObj].Int()) == rel.Namespace
	}, nsp)
}

// updateDependRows points the matching pg_depend rows at namespace nsp
// (changeDependencyFor). A row for a pinned namespace is removed, one for
// an unpinned namespace added, as recordDependencyOn would.
func (s *sqlCtx) updateDependRows(c *catalog.Catalog, match func(r []types.Datum) bool, nsp uint32) error {
	if isPinned(namespaceAddress(nsp)) {
		return s.deleteCatalogRows(c, match)
	}
	return s.rewriteCatalogRows(c, match, func(r []types.Datum) { r[c.Column("refobjid")] = oidD(nsp) })
}

// alterTableOptions is ALTER TABLE (or MATERIALIZED VIEW) ... SET (...)
// and RESET (...) of storage parameters (ATExecSetRelOptions): the new
// ones checked as CREATE TABLE's WITH checks them and merged into
// reloptions, each stored as written; RESET drops the names it lists,
// known or not.
func (s *sqlCtx) alterTableOptions(rel *catalog.Relation, cmd *pg_query.AlterTableCmd) error {
	old, err := s.reloptions(rel.OID)
	if err != nil {
		return err
	}
	list := cmd.Def.GetList().GetItems()
	opts := append([]string(nil), old...)
	if cmd.Subtype == pg_query.AlterTableType_AT_ResetRelOptions {
		reset := map[string]bool{}
		for _, n := range list {
			d := n.GetDefElem()
			if d == nil {
				continue
			}
			if d.Arg != nil {
				return pgerr.New(pgerr.SyntaxError, "RESET must not include values for parameters")
			}
			if d.Defnamespace != "" {
				return pgerr.Newf(pgerr.FeatureNotSupported, "storage parameters of %s are not supported yet", d.Defnamespace)
			}
			reset[d.Defname] = true
		}
		opts = opts[:0]
		for _, o := range old {
			if name, _, _ := strings.Cut(o, "="); !reset[name] {
				opts = append(opts, o)
			}
		}
		return s.setReloptions(rel.OID, opts)
	}
	set, err := relOptions(list)
	if err != nil {
		return err
	}
	for _, o := range set {
		name, val, _ := strings.Cut(o, "=")
		opts = setOption(opts, name, val)
	}
	return s.setReloptions(rel.OID, opts)
}
