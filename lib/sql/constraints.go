// CHECK constraints (PostgreSQL's AddRelationNewConstraints,
// CreateConstraintEntry, ATExecAddConstraint, ATExecDropConstraint,
// validateCheckConstraint): pg_constraint rows of contype 'c', their
// names, their dependencies on the columns they read, and the check of
// existing rows.

package sql

import (
	"strconv"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// pendingCheck is a CHECK constraint of a CREATE TABLE or ALTER TABLE,
// before analysis; column is set for a column constraint.
type pendingCheck struct {
	c      *pg_query.Constraint
	column string
}

func constraintAddress(oid uint32) objectAddress {
	return objectAddress{classID: constraintRelationID, objID: oid}
}

// checkColumns are the attnums a CHECK expression reads, in order of
// first appearance (conkey).
func checkColumns(e expr.Expr, t *plan.Table) []int16 {
	var out []int16
	seen := map[int16]bool{}
	plan.Walk(e, func(x expr.Expr) bool {
		if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 && v.Index < len(t.Columns) {
			n := t.Columns[v.Index].AttNum
			if n > 0 && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
		return true
	})
	return out
}

// constraintNames returns the names of the constraints of namespace nsp,
// and of relation relid among them.
func (s *sqlCtx) constraintNames(nsp, relid uint32) (inNamespace, onRelation map[string]bool, err error) {
	c := catalog.Lookup("pg_constraint")
	iName, iNsp, iRel := c.Column("conname"), c.Column("connamespace"), c.Column("conrelid")
	inNamespace, onRelation = map[string]bool{}, map[string]bool{}
	err = s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iNsp].Int()) == nsp {
			inNamespace[r[iName].Text()] = true
			if uint32(r[iRel].Int()) == relid {
				onRelation[r[iName].Text()] = true
			}
		}
		return true, nil
	})
	return
}

// chooseConstraintName is ChooseConstraintName: table_column_check, or
// table_check, with a number appended until no constraint of the
// namespace has the name.
func chooseConstraintName(table, column string, taken map[string]bool) string {
	for pass := 0; ; pass++ {
		label := "check"
		if pass > 0 {
			label += strconv.Itoa(pass)
		}
		name := makeObjectName(table, column, label)
		if !taken[name] {
			return name
		}
	}
}

// addCheckConstraints analyzes and stores CHECK constraints of rel. With
// validate, existing rows are checked (unless NOT VALID).
func (s *sqlCtx) addCheckConstraints(st Statement, rel *catalog.Relation, checks []pendingCheck, validate bool) error {
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	taken, onRel, err := s.constraintNames(rel.Namespace, rel.OID)
	if err != nil {
		return err
	}
	added := 0
	for _, pc := range checks {
		c := pc.c
		e, err := analyze.AnalyzeCheck(catalogAdapter{s}, st.Query, c.RawExpr, t, FormatOptions(s.env))
		if err != nil {
			if validate {
				// ALTER TABLE analyzes constraints without the statement's
				// text: PostgreSQL reports no position.
				return withoutPosition(err)
			}
			return err
		}
		cols := checkColumns(e, t)
		name := c.Conname
		if name != "" {
			if onRel[name] {
				return pgerr.Newf(pgerr.DuplicateObject, "constraint \"%s\" for relation \"%s\" already exists", name, rel.Name)
			}
		} else {
			column := pc.column
			if column == "" && len(cols) == 1 {
				column = rel.Attrs[cols[0]-1].Name
			}
			name = chooseConstraintName(rel.Name, column, taken)
		}
		taken[name], onRel[name] = true, true
		valid := !(validate && c.SkipValidation)
		if validate && valid {
			if err := s.validateCheck(rel, t, name, e); err != nil {
				return err
			}
		}
		text, err := analyze.Deparse(e, false, func(v *expr.Var) string { return t.Columns[v.Index].Name })
		if err != nil {
			return err
		}
		if _, err := s.insertCheckConstraint(rel, name, text, cols, userFunctions(e), valid, c.IsNoInherit); err != nil {
			return err
		}
		added++
	}
	return s.updateClass(rel.OID, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("relchecks")] = types.Int(int64(len(rel.Checks) + added))
	})
}

// insertCheckConstraint writes the pg_constraint row and its
// dependencies: on the columns it reads (or its table) and on the users'
// functions it calls (funcs).
func (s *sqlCtx) insertCheckConstraint(rel *catalog.Relation, name, text string, cols []int16, funcs []uint32, valid, noInherit bool) (uint32, error) {
	oid, err := s.newOID()
	if err != nil {
		return 0, err
	}
	keys := make([]types.Datum, len(cols))
	for i, n := range cols {
		keys[i] = types.Int(int64(n))
	}
	var conkey types.Datum
	if len(cols) > 0 {
		conkey = types.ArrayDatum(types.NewArray1(types.OidInt2, keys))
	}
	row := newCatalogRow(catalog.Lookup("pg_constraint")).set("oid", oidD(oid)).set("conname", types.Text(name)).
		set("connamespace", oidD(rel.Namespace)).set("contype", charD('c')).set("condeferrable", types.Bool(false)).
		set("condeferred", types.Bool(false)).set("convalidated", types.Bool(valid)).set("conrelid", oidD(rel.OID)).
		set("contypid", oidD(0)).set("conindid", oidD(0)).set("conparentid", oidD(0)).set("confrelid", oidD(0)).
		set("confupdtype", charD(' ')).set("confdeltype", charD(' ')).set("confmatchtype", charD(' ')).
		set("conislocal", types.Bool(true)).set("coninhcount", types.Int(0)).set("connoinherit", types.Bool(noInherit)).
		set("conkey", conkey).set("conbin", types.Text(text))
	if err := s.insertCatalog(row); err != nil {
		return 0, err
	}
	con := constraintAddress(oid)
	var deps []dependency
	if len(cols) == 0 {
		deps = append(deps, dependency{con, relationAddress(rel.OID), depAuto})
	}
	for _, n := range cols {
		deps = append(deps, dependency{con, columnAddress(rel.OID, n), depAuto})
	}
	for _, n := range cols {
		deps = append(deps, dependency{con, columnAddress(rel.OID, n), depNormal})
	}
	for _, f := range funcs {
		deps = append(deps, dependency{con, procAddress(f), depNormal})
	}
	if err := s.recordDependencies(deps); err != nil {
		return 0, err
	}
	s.cache.InvalidateRelation(rel.OID, false)
	return oid, nil
}

// validateCheck is validateCheckConstraint: every row must pass.
func (s *sqlCtx) validateCheck(rel *catalog.Relation, t *plan.Table, name string, e expr.Expr) error {
	ev, err := expr.Compile(e)
	if err != nil {
		return err
	}
	ec := &expr.EvalContext{Ctx: s.ctx, Session: s.env, Format: s.formatOptions(), Catalog: names{s}}
	return s.eachRow(t, func(row []types.Datum) error {
		d, err := ev(ec, row)
		if err != nil {
			return err
		}
		if !d.IsNull() && !d.Bool() {
			e := pgerr.Newf(pgerr.CheckViolation, "check constraint \"%s\" of relation \"%s\" is violated by some row", name, rel.Name)
			e.SchemaName, e.TableName, e.ConstraintName = rel.NamespaceName, rel.Name, name
			return e
		}
		return nil
	})
}

// withoutPosition drops an error's cursor position.
func withoutPosition(err error) error {
	if pe := pgerr.As(err); pe != nil && pe.Position != 0 {
		cp := *pe
		cp.Position = 0
		return &cp
	}
	return err
}

// findCheck returns rel's constraint called name.
func findCheck(rel *catalog.Relation, name string) (catalog.Check, bool) {
	for _, c := range rel.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return catalog.Check{}, false
}

// dropConstraint is ATExecDropConstraint.
func (s *sqlCtx) dropConstraint(rel *catalog.Relation, name string, missingOK, cascade bool) error {
	c, ok := findCheck(rel, name)
	if fk := foreignKeyByName(rel, name); !ok && fk != nil {
		return s.performDeletion([]objectAddress{constraintAddress(fk.OID)}, dropBehavior(cascade))
	}
	if !ok {
		// A key constraint: the index that backs it goes with it.
		if oid, err := s.keyConstraintOID(rel, name); err != nil || oid != 0 {
			if err != nil {
				return err
			}
			return s.performDeletion([]objectAddress{constraintAddress(oid)}, dropBehavior(cascade))
		}
		if missingOK {
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "constraint \"%s\" of relation \"%s\" does not exist, skipping", name, rel.Name))
			return nil
		}
		return pgerr.Newf(pgerr.UndefinedObject, "constraint \"%s\" of relation \"%s\" does not exist", name, rel.Name)
	}
	return s.performDeletion([]objectAddress{constraintAddress(c.OID)}, dropBehavior(cascade))
}

// validateConstraint is ATExecValidateConstraint.
func (s *sqlCtx) validateConstraint(rel *catalog.Relation, name string) error {
	c, ok := findCheck(rel, name)
	if fk := foreignKeyByName(rel, name); !ok && fk != nil {
		return s.validateForeignKeyConstraint(rel, fk)
	}
	if !ok {
		return pgerr.Newf(pgerr.UndefinedObject, "constraint \"%s\" of relation \"%s\" does not exist", name, rel.Name)
	}
	if c.Validated {
		return nil
	}
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	e, err := analyze.AnalyzeStoredCheck(catalogAdapter{s}, c.Expr, t, FormatOptions(s.env))
	if err != nil {
		return err
	}
	if err := s.validateCheck(rel, t, name, e); err != nil {
		return err
	}
	pc := catalog.Lookup("pg_constraint")
	iOID := pc.Column("oid")
	if err := s.updateCatalogRow(pc, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == c.OID },
		func(r []types.Datum) { r[pc.Column("convalidated")] = types.Bool(true) }); err != nil {
		return err
	}
	s.cache.InvalidateRelation(rel.OID, false)
	return nil
}

// constraintTarget returns a constraint's name and relation.
func (s *sqlCtx) constraintTarget(oid uint32) (string, uint32, error) {
	return s.nameAndRelation(catalog.Lookup("pg_constraint"), "conname", "conrelid", oid)
}

// nameAndRelation reads the name and the table (columns nameCol and
// relCol) of the row of catalog c whose oid is oid.
func (s *sqlCtx) nameAndRelation(c *catalog.Catalog, nameCol, relCol string, oid uint32) (string, uint32, error) {
	iOID, iName, iRel := c.Column("oid"), c.Column(nameCol), c.Column(relCol)
	var name string
	var rel uint32
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iOID].Int()) == oid {
			name, rel = r[iName].Text(), uint32(r[iRel].Int())
			return false, nil
		}
		return true, nil
	})
	return name, rel, err
}

// deleteConstraint is RemoveConstraintById.
func (s *sqlCtx) deleteConstraint(oid uint32) error {
	_, relid, err := s.constraintTarget(oid)
	if err != nil {
		return err
	}
	c := catalog.Lookup("pg_constraint")
	iOID, iType := c.Column("oid"), c.Column("contype")
	var contype byte
	if err := s.deleteCatalogRowsOf(c, oid, func(r []types.Datum) bool {
		if uint32(r[iOID].Int()) == oid {
			contype = byte(r[iType].Int())
			s.dropForeignKeyRelations(r)
			return true
		}
		return false
	}); err != nil {
		return err
	}
	if relid == 0 {
		return nil
	}
	if contype != 'c' {
		// A key constraint's index goes with it (its internal
		// dependency); only CHECK constraints are counted in relchecks.
		s.cache.InvalidateRelation(relid, false)
		return nil
	}
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil || rel == nil {
		return err
	}
	n := len(rel.Checks) - 1
	if n < 0 {
		n = 0
	}
	return s.updateClass(relid, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relchecks")] = types.Int(int64(n)) })
}

// renameCheckColumns rewrites the stored CHECK expressions of rel after
// column attnum was renamed: they name columns in their SQL text.
func (s *sqlCtx) renameCheckColumns(rel *catalog.Relation, attnum int16, newName string) error {
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	rename := columnRenamer(t, attnum, newName)
	// Generation expressions name columns too.
	pad := catalog.Lookup("pg_attrdef")
	iRel, iNum := pad.Column("adrelid"), pad.Column("adnum")
	for i, a := range rel.Attrs {
		if a.Generated == 0 {
			continue
		}
		e, err := analyze.AnalyzeStoredGenerated(catalogAdapter{s}, rel.Defaults[i], t, i, FormatOptions(s.env))
		if err != nil {
			return err
		}
		text, err := analyze.Deparse(e, false, rename)
		if err != nil {
			return err
		}
		n := int16(i + 1)
		if err := s.updateCatalogRow(pad, func(r []types.Datum) bool {
			return uint32(r[iRel].Int()) == rel.OID && int16(r[iNum].Int()) == n
		}, func(r []types.Datum) { r[pad.Column("adbin")] = types.Text(text) }); err != nil {
			return err
		}
	}
	if len(rel.Checks) == 0 {
		return nil
	}
	pc := catalog.Lookup("pg_constraint")
	iOID := pc.Column("oid")
	for _, c := range rel.Checks {
		e, err := analyze.AnalyzeStoredCheck(catalogAdapter{s}, c.Expr, t, FormatOptions(s.env))
		if err != nil {
			return err
		}
		text, err := analyze.Deparse(e, false, rename)
		if err != nil {
			return err
		}
		if text == c.Expr {
			continue
		}
		oid := c.OID
		if err := s.updateCatalogRow(pc, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid },
			func(r []types.Datum) { r[pc.Column("conbin")] = types.Text(text) }); err != nil {
			return err
		}
	}
	return nil
}

// columnRenamer names t's columns in deparsed expressions as they are
// once column attnum is renamed newName.
func columnRenamer(t *plan.Table, attnum int16, newName string) func(v *expr.Var) string {
	return func(v *expr.Var) string {
		if t.Columns[v.Index].AttNum == attnum {
			return newName
		}
		return t.Columns[v.Index].Name
	}
}

// ConstraintDefinition implements pg_get_constraintdef for CHECK
// constraints: "CHECK (expr)", then NO INHERIT and NOT VALID as they apply.
func (n names) ConstraintDefinition(oid uint32, pretty bool) (string, bool, error) {
	s := n.s
	c := catalog.Lookup("pg_constraint")
	iOID, iRel, iType, iBin, iValid := c.Column("oid"), c.Column("conrelid"), c.Column("contype"), c.Column("conbin"), c.Column("convalidated")
	iTyp, iNoInherit := c.Column("contypid"), c.Column("connoinherit")
	var relid, typid uint32
	var text string
	var valid, noInherit, found bool
	var key, fkey []types.Datum
	if err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iOID].Int()) != oid {
			return true, nil
		}
		switch byte(r[iType].Int()) {
		case 'c':
			relid, text, valid, found = uint32(r[iRel].Int()), r[iBin].Text(), r[iValid].Bool(), true
			typid, noInherit = uint32(r[iTyp].Int()), r[iNoInherit].Bool()
		case 'p', 'u':
			key = r
		case 'f':
			fkey = r
		}
		return false, nil
	}); err != nil {
		return "", false, err
	}
	if key != nil {
		return n.keyConstraintDefinition(key)
	}
	if fkey != nil {
		return n.foreignKeyDefinition(fkey)
	}
	if !found {
		return "", false, nil
	}
	if relid == 0 && typid != 0 {
		return n.domainConstraintDefinition(typid, text, valid, pretty)
	}
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil || rel == nil {
		return "", false, err
	}
	t, err := s.planTable(rel)
	if err != nil {
		return "", false, err
	}
	e, err := analyze.AnalyzeStoredCheck(catalogAdapter{s}, text, t, FormatOptions(s.env))
	if err != nil {
		return "", false, err
	}
	out, err := analyze.DeparseFormat(e, pretty, func(v *expr.Var) string { return t.Columns[v.Index].Name }, FormatOptions(s.env))
	if err != nil {
		return "", false, err
	}
	def := "CHECK (" + out + ")"
	if noInherit {
		def += " NO INHERIT"
	}
	if !valid {
		def += " NOT VALID"
	}
	return def, true, nil
}

// domainConstraintDefinition is pg_get_constraintdef of a domain's CHECK
// constraint: its expression over VALUE.
func (n names) domainConstraintDefinition(typ uint32, text string, valid, pretty bool) (string, bool, error) {
	s := n.s
	t, err := s.cache.TypeByOID(s, typ)
	if err != nil || t == nil {
		return "", false, err
	}
	e, err := analyze.AnalyzeStoredDomainCheck(catalogAdapter{s}, text, t.BaseType, t.TypMod, FormatOptions(s.env))
	if err != nil {
		return "", false, err
	}
	out, err := analyze.DeparseDomainCheck(e, pretty, FormatOptions(s.env))
	if err != nil {
		return "", false, err
	}
	def := "CHECK (" + out + ")"
	if !valid {
		def += " NOT VALID"
	}
	return def, true, nil
}

// constraintDomain returns the domain a pg_constraint row belongs to,
// 0 for a table's constraint.
func (s *sqlCtx) constraintDomain(oid uint32) (uint32, error) {
	c := catalog.Lookup("pg_constraint")
	iOID, iTyp := c.Column("oid"), c.Column("contypid")
	var typ uint32
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iOID].Int()) == oid {
			typ = uint32(r[iTyp].Int())
			return false, nil
		}
		return true, nil
	})
	return typ, err
}
