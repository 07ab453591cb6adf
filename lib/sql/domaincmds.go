// This file executes CREATE DOMAIN and ALTER DOMAIN (PostgreSQL's
// typecmds.c DefineDomain, AlterDomainDefault, AlterDomainNotNull,
// AlterDomainAddConstraint, AlterDomainDropConstraint,
// AlterDomainValidateConstraint): the pg_type rows of the domain and its
// array type, its CHECK constraints as pg_constraint rows with contypid
// set, and the check of the values stored in columns of the domain when
// a constraint is added.

package sql

import (
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// The domain I/O functions of pg_proc.
const (
	procDomainIn   uint32 = 2597
	procDomainRecv uint32 = 2598
)

// createDomain is DefineDomain.
func (s *sqlCtx) createDomain(st Statement, cd *pg_query.CreateDomainStmt) (string, error) {
	query := st.Query
	errAt := func(err *pgerr.Error, loc int32) error {
		if loc >= 0 {
			err.Position = parser.Position(query, loc)
		}
		return err
	}
	nsp, name, err := s.typeNamespaceAndName(nameListOf(cd.Domainname))
	if err != nil {
		return "", err
	}
	s.holdWarnings = true // DefineDomain resolves the type without the text
	base, baseMod, err := analyze.ResolveTypeName(catalogAdapter{s}, query, cd.TypeName, FormatOptions(s.env))
	s.holdWarnings = false
	s.warnTypesAgain()
	if err != nil {
		return "", err
	}
	bt, err := s.cache.TypeByOID(s, base)
	if err != nil {
		return "", err
	}
	if bt == nil || !strings.ContainsRune("bcder", rune(bt.TypType)) || base == types.OidUnknown {
		return "", errAt(pgerr.Newf(pgerr.DatatypeMismatch, "\"%s\" is not a valid base type for a domain", s.typeName(base, -1)), cd.TypeName.Location)
	}
	if s.columnType(base) == nil && bt.TypType != 'd' {
		return "", errAt(pgerr.Newf(pgerr.FeatureNotSupported, "domains over type %s are not supported yet", s.typeName(base, -1)), cd.TypeName.Location)
	}
	collation := bt.Collation
	if cc := cd.CollClause; cc != nil {
		cn := cc.Collname[len(cc.Collname)-1].GetString_().GetSval()
		if collation == 0 {
			return "", errAt(pgerr.Newf(pgerr.DatatypeMismatch, "collations are not supported by type %s", s.typeName(base, -1)), cc.Location)
		}
		switch strings.ToLower(cn) {
		case "c":
			collation = cCollation
		case "posix":
			collation = posixCollation
		case "default":
			collation = defaultCollation
		default:
			return "", errAt(pgerr.Newf(pgerr.UndefinedObject, "collation \"%s\" for encoding \"UTF8\" does not exist", cn), cc.Location)
		}
	}
	// The constraints: NOT NULL / NULL, DEFAULT and CHECK.
	var notNull, sawNull bool
	var dflt *pg_query.Node
	var checks []*pg_query.Constraint
	for _, n := range cd.Constraints {
		c := n.GetConstraint()
		if c.Deferrable || c.Initdeferred {
			return "", errAt(pgerr.New(pgerr.SyntaxError, "specifying constraint deferrability not supported for domains"), c.Location)
		}
		switch c.Contype {
		case pg_query.ConstrType_CONSTR_DEFAULT:
			if dflt != nil {
				return "", errAt(pgerr.New(pgerr.SyntaxError, "multiple default expressions"), c.Location)
			}
			dflt = c.RawExpr
		case pg_query.ConstrType_CONSTR_NOTNULL:
			if sawNull {
				return "", errAt(pgerr.New(pgerr.SyntaxError, "conflicting NULL/NOT NULL constraints"), c.Location)
			}
			notNull = true
		case pg_query.ConstrType_CONSTR_NULL:
			if notNull {
				return "", errAt(pgerr.New(pgerr.SyntaxError, "conflicting NULL/NOT NULL constraints"), c.Location)
			}
			sawNull = true
		case pg_query.ConstrType_CONSTR_CHECK:
			if c.IsNoInherit {
				return "", errAt(pgerr.New(pgerr.InvalidObjectDefinition, "check constraints for domains cannot be marked NO INHERIT"), c.Location)
			}
			checks = append(checks, c)
		default:
			return "", errAt(pgerr.Newf(pgerr.SyntaxError, "%s constraints not possible for domains", strings.ToLower(constraintName(c.Contype))), c.Location)
		}
	}
	var dfltText string
	if dflt != nil {
		e, err := analyze.AnalyzeDefault(catalogAdapter{s}, query, dflt, plan.Column{Name: name, TypeOID: base, TypeMod: baseMod}, FormatOptions(s.env))
		if err != nil {
			return "", err
		}
		if c, ok := e.(*expr.Const); !ok || !c.Value.IsNull() {
			if dfltText, err = analyze.DeparseFormat(e, false, nil, s.storedExprFormat()); err != nil {
				return "", err
			}
		}
	}
	var checkExprs []expr.Expr
	for _, c := range checks {
		e, err := analyze.AnalyzeDomainCheck(catalogAdapter{s}, query, c.RawExpr, base, baseMod, FormatOptions(s.env))
		if err != nil {
			return "", err
		}
		checkExprs = append(checkExprs, e)
	}

	if err := s.lockTypeName(nsp, name); err != nil {
		return "", err
	}
	if o, shell, err := s.existingType(nsp, name); err != nil {
		return "", err
	} else if o != 0 && !shell {
		return "", pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists", name)
	}
	owner, err := s.currentUserOID()
	if err != nil {
		return "", err
	}
	arrayOID, err := s.newOID()
	if err != nil {
		return "", err
	}
	typeOID, err := s.newTypeOID(nsp, name)
	if err != nil {
		return "", err
	}
	arrayName, err := s.makeArrayTypeName(nsp, name)
	if err != nil {
		return "", err
	}
	baseRow := catalog.Lookup("pg_type")
	baseVals, err := s.typeCatalogRow(base)
	if err != nil {
		return "", err
	}
	col := func(n string) types.Datum { return baseVals[baseRow.Column(n)] }
	ndims := 0
	if bt.Category == 'A' && bt.Elem != 0 && bt.Len == -1 {
		ndims = 1
	}
	row := typeRowFor(typeOID, name, nsp, owner).set("typlen", col("typlen")).set("typbyval", col("typbyval")).
		set("typtype", charD('d')).set("typcategory", col("typcategory")).set("typispreferred", types.Bool(false)).
		set("typdelim", col("typdelim")).set("typsubscript", col("typsubscript")).set("typelem", col("typelem")).
		set("typarray", oidD(arrayOID)).set("typinput", oidD(procDomainIn)).set("typoutput", col("typoutput")).
		set("typreceive", oidD(procDomainRecv)).set("typsend", col("typsend")).set("typanalyze", col("typanalyze")).
		set("typalign", col("typalign")).set("typstorage", col("typstorage")).set("typnotnull", types.Bool(notNull)).
		set("typbasetype", oidD(base)).set("typtypmod", types.Int(int64(baseMod))).set("typndims", types.Int(int64(ndims))).
		set("typcollation", oidD(collation))
	if dfltText != "" {
		row.set("typdefault", types.Text(dfltText)).set("typdefaultbin", types.Text(dfltText))
	}
	if err := s.insertCatalog(row); err != nil {
		return "", err
	}
	align := byte(col("typalign").Int())
	if align != 'd' {
		align = 'i'
	}
	if err := s.insertCatalog(arrayTypeRow(arrayOID, arrayName, nsp, owner, typeOID, align)); err != nil {
		return "", err
	}
	s.cache.InvalidateType(typeOID, nsp, name)
	s.cache.InvalidateType(arrayOID, nsp, arrayName)
	deps := []dependency{
		{typeAddress(typeOID), namespaceAddress(nsp), depNormal},
		{typeAddress(typeOID), typeAddress(base), depNormal},
		{typeAddress(arrayOID), typeAddress(typeOID), depInternal},
	}
	if err := s.recordDependencies(deps); err != nil {
		return "", err
	}
	s.nextCommand()
	for i, c := range checks {
		if _, err := s.addDomainCheck(typeOID, nsp, name, c.Conname, checkExprs[i], true); err != nil {
			return "", err
		}
	}
	return "CREATE DOMAIN", nil
}

// typeCatalogRow returns a copy of the pg_type row of typ.
func (s *sqlCtx) typeCatalogRow(typ uint32) ([]types.Datum, error) {
	c := catalog.Lookup("pg_type")
	iOID := c.Column("oid")
	var out []types.Datum
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iOID].Int()) == typ {
			out = append([]types.Datum(nil), r...)
			return false, nil
		}
		return true, nil
	})
	if err == nil && out == nil {
		err = pgerr.Newf(pgerr.InternalError, "cache lookup failed for type %d", typ)
	}
	return out, err
}

// addDomainCheck is domainAddConstraint for a CHECK constraint: a
// pg_constraint row with contypid set, named name or
// <domain>_check[N].
func (s *sqlCtx) addDomainCheck(typ, nsp uint32, domain, name string, e expr.Expr, valid bool) (string, error) {
	inNsp, _, err := s.constraintNames(nsp, 0)
	if err != nil {
		return "", err
	}
	if name == "" {
		name = chooseConstraintName(domain, "", inNsp)
	} else {
		used, err := s.domainConstraintNamed(typ, name)
		if err != nil {
			return "", err
		}
		if used != 0 {
			return "", pgerr.Newf(pgerr.DuplicateObject, "constraint \"%s\" for domain \"%s\" already exists", name, domain)
		}
	}
	text, err := analyze.DeparseDomainCheck(e, false, s.storedExprFormat())
	if err != nil {
		return "", err
	}
	oid, err := s.newOID()
	if err != nil {
		return "", err
	}
	row := newCatalogRow(catalog.Lookup("pg_constraint")).set("oid", oidD(oid)).set("conname", types.Text(name)).
		set("connamespace", oidD(nsp)).set("contype", charD('c')).set("condeferrable", types.Bool(false)).
		set("condeferred", types.Bool(false)).set("convalidated", types.Bool(valid)).set("conrelid", oidD(0)).
		set("contypid", oidD(typ)).set("conindid", oidD(0)).set("conparentid", oidD(0)).set("confrelid", oidD(0)).
		set("confupdtype", charD(' ')).set("confdeltype", charD(' ')).set("confmatchtype", charD(' ')).
		set("conislocal", types.Bool(true)).set("coninhcount", types.Int(0)).set("connoinherit", types.Bool(false)).
		set("conbin", types.Text(text))
	if err := s.insertCatalog(row); err != nil {
		return "", err
	}
	if err := s.recordDependency(constraintAddress(oid), typeAddress(typ), depAuto); err != nil {
		return "", err
	}
	t, err := s.cache.TypeByOID(s, typ)
	if err != nil {
		return "", err
	}
	if t != nil {
		s.cache.InvalidateType(typ, t.Namespace, t.Name)
	}
	return name, nil
}

// domainConstraintNamed returns the OID of domain typ's constraint
// called name, 0 when there is none.
func (s *sqlCtx) domainConstraintNamed(typ uint32, name string) (uint32, error) {
	c := catalog.Lookup("pg_constraint")
	iOID, iName, iTyp := c.Column("oid"), c.Column("conname"), c.Column("contypid")
	var found uint32
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iTyp].Int()) == typ && r[iName].Text() == name {
			found = uint32(r[iOID].Int())
			return false, nil
		}
		return true, nil
	})
	return found, err
}

// domainFor resolves the domain an ALTER DOMAIN names.
func (s *sqlCtx) domainFor(names []string) (*catalog.Type, error) {
	t, err := s.typeFor(names, nil)
	if err != nil {
		return nil, err
	}
	if t.TypType != 'd' {
		return nil, pgerr.Newf(pgerr.WrongObjectType, "%s is not a domain", s.typeName(t.OID, -1))
	}
	return t, nil
}

// alterDomain is ALTER DOMAIN's SET/DROP DEFAULT, SET/DROP NOT NULL,
// ADD/DROP/VALIDATE CONSTRAINT.
func (s *sqlCtx) alterDomain(st Statement, ad *pg_query.AlterDomainStmt) (string, error) {
	t, err := s.domainFor(nameListOf(ad.TypeName))
	if err != nil {
		return "", err
	}
	const tag = "ALTER DOMAIN"
	invalidate := func() { s.cache.InvalidateType(t.OID, t.Namespace, t.Name) }
	switch ad.Subtype {
	case "T": // SET DEFAULT / DROP DEFAULT
		var text string
		if ad.Def != nil {
			e, err := analyze.AnalyzeDefault(catalogAdapter{s}, st.Query, ad.Def, plan.Column{Name: t.Name, TypeOID: t.BaseType, TypeMod: t.TypMod}, FormatOptions(s.env))
			if err != nil {
				return "", err
			}
			if c, ok := e.(*expr.Const); !ok || !c.Value.IsNull() {
				if text, err = analyze.DeparseFormat(e, false, nil, s.storedExprFormat()); err != nil {
					return "", err
				}
			}
		}
		err := s.updateTypeRow(t, func(r []types.Datum, c *catalog.Catalog) {
			if text == "" {
				r[c.Column("typdefault")], r[c.Column("typdefaultbin")] = types.Null, types.Null
			} else {
				r[c.Column("typdefault")], r[c.Column("typdefaultbin")] = types.Text(text), types.Text(text)
			}
		})
		if err != nil {
			return "", err
		}
		invalidate()
		return tag, nil
	case "N", "O": // DROP NOT NULL, SET NOT NULL
		notNull := ad.Subtype == "O"
		if t.NotNull == notNull {
			return tag, nil
		}
		if notNull {
			if err := s.validateDomainColumns(t, nil, ""); err != nil {
				return "", err
			}
		}
		if err := s.updateTypeRow(t, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("typnotnull")] = types.Bool(notNull) }); err != nil {
			return "", err
		}
		invalidate()
		return tag, nil
	case "C": // ADD CONSTRAINT
		c := ad.Def.GetConstraint()
		if c == nil {
			return "", pgerr.New(pgerr.InternalError, "unrecognized node type in ALTER DOMAIN ADD CONSTRAINT")
		}
		switch c.Contype {
		case pg_query.ConstrType_CONSTR_CHECK:
		case pg_query.ConstrType_CONSTR_NOTNULL:
			// ALTER DOMAIN ... ADD NOT NULL is SET NOT NULL.
			if !t.NotNull {
				if err := s.validateDomainColumns(t, nil, ""); err != nil {
					return "", err
				}
				if err := s.updateTypeRow(t, func(r []types.Datum, cat *catalog.Catalog) { r[cat.Column("typnotnull")] = types.Bool(true) }); err != nil {
					return "", err
				}
				invalidate()
			}
			return tag, nil
		case pg_query.ConstrType_CONSTR_NULL:
			return "", pgerr.New(pgerr.SyntaxError, "NULL constraints not possible for domains")
		default:
			return "", pgerr.Newf(pgerr.SyntaxError, "%s constraints not possible for domains", strings.ToLower(constraintName(c.Contype)))
		}
		if c.IsNoInherit {
			return "", pgerr.New(pgerr.InvalidObjectDefinition, "check constraints for domains cannot be marked NO INHERIT")
		}
		e, err := analyze.AnalyzeDomainCheck(catalogAdapter{s}, st.Query, c.RawExpr, t.BaseType, t.TypMod, FormatOptions(s.env))
		if err != nil {
			return "", err
		}
		if c.Conname != "" {
			if used, err := s.domainConstraintNamed(t.OID, c.Conname); err != nil {
				return "", err
			} else if used != 0 {
				return "", pgerr.Newf(pgerr.DuplicateObject, "constraint \"%s\" for domain \"%s\" already exists", c.Conname, t.Name)
			}
		}
		if !c.SkipValidation {
			if err := s.validateDomainColumns(t, e, ""); err != nil {
				return "", err
			}
		}
		if _, err := s.addDomainCheck(t.OID, t.Namespace, t.Name, c.Conname, e, !c.SkipValidation); err != nil {
			return "", err
		}
		return tag, nil
	case "X": // DROP CONSTRAINT
		oid, err := s.domainConstraintNamed(t.OID, ad.Name)
		if err != nil {
			return "", err
		}
		if oid == 0 {
			if ad.MissingOk {
				s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "constraint \"%s\" of domain \"%s\" does not exist, skipping", ad.Name, t.Name))
				return tag, nil
			}
			return "", pgerr.Newf(pgerr.UndefinedObject, "constraint \"%s\" of domain \"%s\" does not exist", ad.Name, t.Name)
		}
		if err := s.performDeletion([]objectAddress{constraintAddress(oid)}, ad.Behavior == pg_query.DropBehavior_DROP_CASCADE); err != nil {
			return "", err
		}
		invalidate()
		return tag, nil
	case "V": // VALIDATE CONSTRAINT
		info, err := s.syscache().Domain(t.OID)
		if err != nil {
			return "", err
		}
		for _, c := range info.Checks {
			if c.Name != ad.Name {
				continue
			}
			if c.Validated {
				return tag, nil
			}
			e, err := analyze.AnalyzeStoredDomainCheck(catalogAdapter{s}, c.Expr, t.BaseType, t.TypMod, FormatOptions(s.env))
			if err != nil {
				return "", err
			}
			if err := s.validateDomainColumns(t, e, c.Name); err != nil {
				return "", err
			}
			pc := catalog.Lookup("pg_constraint")
			iOID := pc.Column("oid")
			if err := s.updateCatalogRow(pc, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == c.OID },
				func(r []types.Datum) { r[pc.Column("convalidated")] = types.Bool(true) }); err != nil {
				return "", err
			}
			invalidate()
			return tag, nil
		}
		return "", pgerr.Newf(pgerr.UndefinedObject, "constraint \"%s\" of domain \"%s\" does not exist", ad.Name, t.Name)
	}
	return "", pgerr.Newf(pgerr.FeatureNotSupported, "this form of ALTER DOMAIN is not supported yet")
}

// validateDomainColumns is validateDomainNotNullConstraint (check nil)
// and validateDomainCheckConstraint: every stored value of a column of
// domain t must be non-NULL, or pass check.
func (s *sqlCtx) validateDomainColumns(t *catalog.Type, check expr.Expr, name string) error {
	deps, err := s.scanDepend(func(r dependRow) bool {
		return sameObject(r.ref, typeAddress(t.OID)) && r.dep.classID == catalog.RelationRelationID && r.dep.subID != 0
	})
	if err != nil {
		return err
	}
	var ev expr.Evaluator
	if check != nil {
		if ev, err = expr.Compile(check); err != nil {
			return err
		}
	}
	ec := &expr.EvalContext{Ctx: s.ctx, Session: s.env, Format: s.formatOptions(), Catalog: names{s}}
	for _, d := range deps {
		rel, err := s.cache.RelationByOID(s, d.dep.objID)
		if err != nil {
			return err
		}
		if rel == nil || rel.Kind != 'r' {
			continue
		}
		if err := s.lock(rel.OID, 5 /* ShareLock */); err != nil {
			return err
		}
		pt, err := s.planTable(rel)
		if err != nil {
			return err
		}
		col := int(d.dep.subID) - 1
		ts := &tableStore{s: s}
		var sc exec.TableScan
		// The scan keeps the snapshot it starts with.
		if err := s.withCurrentRows(func() (err error) {
			sc, err = ts.Scan(pt, nil)
			return err
		}); err != nil {
			return err
		}
		row := make([]types.Datum, len(pt.Columns))
		for {
			if err := ec.CheckCancel(); err != nil {
				sc.Close()
				return err
			}
			ok, err := sc.Next(row, nil)
			if err != nil || !ok {
				sc.Close()
				if err != nil {
					return err
				}
				break
			}
			v := row[col]
			if check == nil {
				if v.IsNull() {
					sc.Close()
					return pgerr.Newf(pgerr.NotNullViolation, "column \"%s\" of table \"%s\" contains null values", rel.Attrs[col].Name, rel.Name)
				}
				continue
			}
			res, err := ev(ec, []types.Datum{v})
			if err != nil {
				sc.Close()
				return err
			}
			if !res.IsNull() && !res.Bool() {
				sc.Close()
				return pgerr.Newf(pgerr.CheckViolation, "column \"%s\" of table \"%s\" contains values that violate the new constraint", rel.Attrs[col].Name, rel.Name)
			}
		}
	}
	return nil
}
