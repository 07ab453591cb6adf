// PRIMARY KEY and UNIQUE constraints (parse_utilcmd.c's
// transformIndexConstraints and index_constraint_create): each is a
// pg_constraint row of contype 'p' or 'u' and the unique index that
// enforces it, of the same name, which depends on the constraint
// internally. A primary key's columns are NOT NULL.

package sql

import (
	"slices"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/types"
)

// pendingKey is a PRIMARY KEY or UNIQUE constraint to add: the
// constraint as written, and for a column constraint the column.
type pendingKey struct {
	c      *pg_query.Constraint
	column string
}

// keyColumns are the columns a key constraint names.
func (k pendingKey) keyColumns() []string {
	if k.column != "" {
		return []string{k.column}
	}
	return nameListOf(k.c.Keys)
}

// isKeyConstraint reports whether c is a PRIMARY KEY or UNIQUE
// constraint.
func isKeyConstraint(c *pg_query.Constraint) bool {
	return c.Contype == pg_query.ConstrType_CONSTR_PRIMARY || c.Contype == pg_query.ConstrType_CONSTR_UNIQUE
}

// keyPosition is the error position of a constraint in CREATE TABLE's
// text; ALTER TABLE's errors about them have none (query "").
func keyPosition(query string, loc int32) int32 {
	if query == "" {
		return 0
	}
	return parser.Position(query, loc)
}

// checkKeyConstraints refuses what key constraints cannot have yet and
// more than one primary key, before anything is made.
func checkKeyConstraints(query string, keys []pendingKey, hasPrimary bool, table string) error {
	for _, k := range keys {
		c := k.c
		switch {
		case c.Indexname != "" && query != "":
			return pgerr.New(pgerr.FeatureNotSupported, "cannot use an existing index in CREATE TABLE").
				WithPosition(keyPosition(query, c.Location))
		case c.Indexspace != "" && c.Indexspace != "pg_default":
			return pgerr.New(pgerr.FeatureNotSupported, "tablespaces are not supported yet")
		case c.AccessMethod != "" && c.AccessMethod != "btree":
			return checkIndexMethod(c.AccessMethod)
		}
		if c.Contype == pg_query.ConstrType_CONSTR_PRIMARY {
			if hasPrimary {
				return pgerr.Newf(pgerr.InvalidTableDefinition, "multiple primary keys for table \"%s\" are not allowed", table).
					WithPosition(keyPosition(query, c.Location))
			}
			hasPrimary = true
		}
	}
	return nil
}

// orderKeys puts the primary key first, as transformIndexConstraints
// makes its index before the others, and drops a constraint equal to one
// kept before it (same columns and options: UNIQUE PRIMARY KEY), passing
// its name on when the kept one has none.
func orderKeys(keys []pendingKey) []pendingKey {
	var ordered []pendingKey
	for _, k := range keys {
		if k.c.Contype == pg_query.ConstrType_CONSTR_PRIMARY {
			ordered = append(ordered, k)
		}
	}
	for _, k := range keys {
		if k.c.Contype != pg_query.ConstrType_CONSTR_PRIMARY {
			ordered = append(ordered, k)
		}
	}
	var out []pendingKey
	for _, k := range ordered {
		dup := false
		for i := range out {
			p := out[i].c
			if slices.Equal(k.keyColumns(), out[i].keyColumns()) && k.c.NullsNotDistinct == p.NullsNotDistinct &&
				k.c.Deferrable == p.Deferrable && k.c.Initdeferred == p.Initdeferred {
				if p.Conname == "" && k.c.Conname != "" {
					named := p.Clone()
					named.Conname = k.c.Conname
					out[i].c = named
				}
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, k)
		}
	}
	return out
}

// addKeyConstraints makes the indexes and constraint rows of keys on
// rel, in order. A primary key's columns become NOT NULL first (rows with
// NULLs there are refused).
func (s *sqlCtx) addKeyConstraints(query string, rel *catalog.Relation, keys []pendingKey) error {
	for _, k := range keys {
		c := k.c
		def := &indexDef{table: rel, unique: true, nullsNotDistinct: c.NullsNotDistinct, deferrable: c.Deferrable, deferred: c.Initdeferred}
		primary := c.Contype == pg_query.ConstrType_CONSTR_PRIMARY
		if primary {
			def.primary, def.constraint = true, 'p'
		} else {
			def.constraint = 'u'
		}
		seen := map[int16]bool{}
		for _, name := range k.keyColumns() {
			attnum, err := keyColumn(query, rel, c, name)
			if err != nil {
				return err
			}
			if seen[attnum] {
				what := "unique"
				if primary {
					what = "primary key"
				}
				return pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" appears twice in %s constraint", name, what).
					WithPosition(keyPosition(query, c.Location))
			}
			seen[attnum] = true
			a := rel.Attrs[attnum-1]
			if types.ByOID(types.DomainBase(a.Type)) == nil {
				return pgerr.Newf(pgerr.FeatureNotSupported, "indexes on columns of type %s are not supported yet", s.typeName(a.Type, a.TypMod))
			}
			oc, ok := catalog.DefaultBtreeOpclass(a.Type)
			if !ok {
				return pgerr.Newf(pgerr.UndefinedObject, "data type %s has no default operator class for access method \"btree\"", s.typeName(a.Type, -1)).
					WithHint("You must specify an operator class for the index or define a default operator class for the data type.")
			}
			def.attnums = append(def.attnums, attnum)
			def.classes = append(def.classes, oc.OID)
			def.options = append(def.options, 0)
			def.collations = append(def.collations, a.Collation)
		}
		// INCLUDE columns follow the key (the index's and the name's, not
		// conkey's).
		nkeys := len(def.attnums)
		for _, name := range nameListOf(c.Including) {
			attnum, err := keyColumn(query, rel, c, name)
			if err != nil {
				return err
			}
			if a := rel.Attrs[attnum-1]; types.ByOID(types.DomainBase(a.Type)) == nil {
				return pgerr.Newf(pgerr.FeatureNotSupported, "indexes on columns of type %s are not supported yet", s.typeName(a.Type, a.TypMod))
			}
			def.attnums = append(def.attnums, attnum)
		}
		if len(def.attnums) > nkeys {
			def.nKeyAtts = nkeys
		}
		var err error
		if def.fillFactor, err = indexOptions(c.Options); err != nil {
			return err
		}
		def.name = c.Conname
		if def.name == "" {
			label := "key"
			if primary {
				label = "pkey"
			}
			if def.name, err = s.chooseIndexName(rel, def.attnums, label); err != nil {
				return err
			}
		}
		if _, err := s.createIndex(def); err != nil {
			return err
		}
		s.nextCommand()
		if rel, err = s.cache.RelationByOID(s, rel.OID); err != nil {
			return err
		}
		if primary {
			// After the index, as PostgreSQL checks the rows for NULLs
			// once the index is built; INCLUDE columns may stay NULL.
			if rel, err = s.primaryKeyNotNull(rel, def.attnums[:nkeys]); err != nil {
				return err
			}
		}
	}
	return nil
}

// keyColumn finds the column a key constraint names (its key or its
// INCLUDE list).
func keyColumn(query string, rel *catalog.Relation, c *pg_query.Constraint, name string) (int16, error) {
	attnum := columnNumber(rel, name)
	if attnum == 0 {
		if systemColumnNames[name] {
			return 0, pgerr.New(pgerr.FeatureNotSupported, "index creation on system columns is not supported")
		}
		return 0, pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" named in key does not exist", name).
			WithPosition(keyPosition(query, c.Location))
	}
	return attnum, nil
}

// primaryKeyNotNull makes a primary key's columns NOT NULL, checking the
// rows (index_check_primary_key), and returns rel as it is then.
func (s *sqlCtx) primaryKeyNotNull(rel *catalog.Relation, attnums []int16) (*catalog.Relation, error) {
	for _, attnum := range attnums {
		if rel.Attrs[attnum-1].NotNull {
			continue
		}
		if err := s.setNotNull(rel, rel.Attrs[attnum-1].Name, true); err != nil {
			return nil, err
		}
		s.nextCommand()
		var err error
		if rel, err = s.cache.RelationByOID(s, rel.OID); err != nil {
			return nil, err
		}
	}
	return rel, nil
}

// checkConstraintNameFree refuses a constraint name rel already has.
func (s *sqlCtx) checkConstraintNameFree(rel *catalog.Relation, name string) error {
	c := catalog.Lookup("pg_constraint")
	iRel, iName := c.Column("conrelid"), c.Column("conname")
	taken := false
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iRel].Int()) == rel.OID && r[iName].Text() == name {
			taken = true
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	if taken {
		return pgerr.Newf(pgerr.DuplicateObject, "constraint \"%s\" for relation \"%s\" already exists", name, rel.Name)
	}
	return nil
}

// hasPrimaryKey reports whether rel has a primary key.
func (s *sqlCtx) hasPrimaryKey(rel *catalog.Relation) (bool, error) {
	for _, oid := range rel.Indexes {
		irel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return false, err
		}
		if irel != nil && irel.Index != nil && irel.Index.Primary {
			return true, nil
		}
	}
	return false, nil
}

// keyConstraintOID finds rel's PRIMARY KEY or UNIQUE constraint name, 0
// when it has none of that name.
func (s *sqlCtx) keyConstraintOID(rel *catalog.Relation, name string) (uint32, error) {
	c := catalog.Lookup("pg_constraint")
	iOID, iRel, iName, iType := c.Column("oid"), c.Column("conrelid"), c.Column("conname"), c.Column("contype")
	var oid uint32
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iRel].Int()) == rel.OID && r[iName].Text() == name {
			if t := byte(r[iType].Int()); t == 'p' || t == 'u' {
				oid = uint32(r[iOID].Int())
				return false, nil
			}
		}
		return true, nil
	})
	return oid, err
}

// keyConstraintDefinition is pg_get_constraintdef of the PRIMARY KEY or
// UNIQUE constraint in pg_constraint row r: "PRIMARY KEY (a, b)",
// "UNIQUE NULLS NOT DISTINCT (c)", then its index's storage options and
// DEFERRABLE as they apply.
func (n names) keyConstraintDefinition(r []types.Datum) (string, bool, error) {
	s := n.s
	c := catalog.Lookup("pg_constraint")
	rel, err := s.cache.RelationByOID(s, uint32(r[c.Column("conrelid")].Int()))
	if err != nil || rel == nil {
		return "", false, err
	}
	irel, err := s.cache.RelationByOID(s, uint32(r[c.Column("conindid")].Int()))
	if err != nil || irel == nil || irel.Index == nil {
		return "", false, err
	}
	def := "UNIQUE "
	if byte(r[c.Column("contype")].Int()) == 'p' {
		def = "PRIMARY KEY "
	}
	if irel.Index.NullsNotDistinct {
		def += "NULLS NOT DISTINCT "
	}
	var cols, included []string
	for i, a := range irel.Index.Keys {
		if i < irel.Index.NKeyAtts {
			cols = append(cols, builtins.QuoteIdent(rel.Attrs[a-1].Name))
		} else {
			included = append(included, builtins.QuoteIdent(rel.Attrs[a-1].Name))
		}
	}
	def += "(" + strings.Join(cols, ", ") + ")"
	if len(included) > 0 {
		def += " INCLUDE (" + strings.Join(included, ", ") + ")"
	}
	opts, err := s.reloptions(irel.OID)
	if err != nil {
		return "", false, err
	}
	if len(opts) > 0 {
		def += " WITH (" + indexOptionsText(opts) + ")"
	}
	if r[c.Column("condeferrable")].Bool() {
		def += " DEFERRABLE"
		if r[c.Column("condeferred")].Bool() {
			def += " INITIALLY DEFERRED"
		}
	}
	return def, true, nil
}

// indexOptionsText prints reloptions as flatten_reloptions does:
// name='value', ...
func indexOptionsText(opts []string) string {
	var parts []string
	for _, o := range opts {
		name, value, _ := strings.Cut(o, "=")
		parts = append(parts, name+"="+builtins.QuoteLiteral(value))
	}
	return strings.Join(parts, ", ")
}

// collationName is the name of a built-in collation.
func collationName(oid uint32) string {
	switch oid {
	case 950:
		return `"C"`
	case 951:
		return `"POSIX"`
	}
	return "\"default\""
}
